#pragma once
// Value-level date and time functions of Trino's SQL: date_trunc, date_add, date_diff,
// extract and its shorthands, AT TIME ZONE / with_timezone, from_unixtime /
// to_unixtime, interval arithmetic and current_date / current_timestamp.
//
// Values use the core layouts: DATE is int32 days since 1970-01-01, TIMESTAMP is int64
// microseconds since the epoch without a zone (a local wall-clock time), TIMESTAMP WITH
// TIME ZONE is TimestampTz {UTC microseconds, zone id} (core/vector.h, core/time_zone.h).
// Nothing here reads the machine's time zone or clock: "now" and the session zone are
// arguments. Functions are pure and thread-safe; errors that end the query are thrown
// (InvalidArgumentError for bad units, zones and out-of-range results), as Trino raises
// INVALID_FUNCTION_ARGUMENT.
//
// Trino computes these with Joda-Time in milliseconds; we keep microseconds wherever the
// result does not depend on it, and follow Trino where it does (date_diff compares
// millisecond-floored values, from_unixtime rounds to milliseconds).
//
// Zone semantics (Joda's, which Trino inherits) for TIMESTAMP WITH TIME ZONE:
// - units up to hour act on the instant (date_add('hour', 1, x) is 3,600 s later even
//   across a DST change; truncation to the hour keeps the value's UTC offset);
// - day and larger units act on the local wall-clock time in the value's zone, and the
//   local result is mapped back keeping the original offset when it is valid there,
//   else the earlier of two instants in an overlap, or moved forward by the gap's length
//   in a gap (2021-03-14 02:30 America/Los_Angeles becomes 03:30 PDT).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/types.h"
#include "core/vector.h"

namespace sluice {

/// Units of date_trunc, date_add and date_diff.
enum class DateTimeUnit : uint8_t {
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,     ///< Weeks start on Monday (ISO).
  kMonth,
  kQuarter,
  kYear,
};

/// Parses a unit name as Trino does (case-insensitive: "millisecond", ..., "year") for
/// a value of type `type` (kDate, kTimestamp or kTimestampTz). DATE takes only day and
/// larger units. Throws InvalidArgumentError naming the unit and the allowed ones.
DateTimeUnit ParseDateTimeUnit(std::string_view name, TypeId type);

/// Lower-case name of a unit ("quarter").
std::string_view DateTimeUnitName(DateTimeUnit unit);

// ---- date_trunc(unit, x) -------------------------------------------------------------
// The start of the unit that holds x: the Monday of its week, the first day of its month,
// quarter or year; for timestamps also the start of its millisecond..hour. Same type as x.

/// DATE: `unit` must be day or larger (ParseDateTimeUnit checks).
int32_t DateTruncDate(DateTimeUnit unit, int32_t days);
int64_t DateTruncTimestamp(DateTimeUnit unit, int64_t micros);
/// Truncates the local time in the value's zone; the zone is kept.
TimestampTz DateTruncTimestampTz(DateTimeUnit unit, TimestampTz value);
/// DateTruncTimestamp over an array (in and out may be the same array).
void DateTruncTimestamps(DateTimeUnit unit, const int64_t* in, size_t count, int64_t* out);

// ---- date_add(unit, value, x) --------------------------------------------------------
// Adds `value` units (negative subtracts). Months, quarters and years keep the day of
// the month unless the target month is shorter, in which case the day becomes its last
// day (2020-01-31 + 1 month = 2020-02-29; 2020-02-29 + 1 year = 2021-02-28). Results
// outside the type's range throw InvalidArgumentError.

int32_t DateAddDate(DateTimeUnit unit, int64_t value, int32_t days);
int64_t DateAddTimestamp(DateTimeUnit unit, int64_t value, int64_t micros);
TimestampTz DateAddTimestampTz(DateTimeUnit unit, int64_t value, TimestampTz timestamp);

// ---- date_diff(unit, x, y) -----------------------------------------------------------
// y - x in whole units, truncated toward zero: the largest n (by magnitude) such that
// date_add(unit, n, x) does not pass y. Month-based units treat the last day of a month
// as reaching any later day-of-month (2021-01-31 → 2021-02-28 is one month). Years
// count February 29 as reached by February 28 of a common year. Timestamps are compared
// at millisecond precision, as Trino does.

int64_t DateDiffDate(DateTimeUnit unit, int32_t x, int32_t y);
int64_t DateDiffTimestamp(DateTimeUnit unit, int64_t x, int64_t y);
/// Units up to hour compare instants; day and larger compare local times in x's zone.
int64_t DateDiffTimestampTz(DateTimeUnit unit, TimestampTz x, TimestampTz y);

// ---- Interval arithmetic (timestamp ± INTERVAL) ---------------------------------------
// Day-to-second intervals are microseconds, year-to-month intervals months. Subtraction
// is addition of the negated interval. Overflow throws InvalidArgumentError.

/// DATE + INTERVAL 'n' DAY; an interval with hours, minutes or seconds throws ("Cannot
/// add hour, minutes or seconds to a date", as Trino).
int32_t DatePlusDayTime(int32_t days, int64_t interval_micros);
int32_t DatePlusYearMonth(int32_t days, int64_t months);
int64_t TimestampPlusDayTime(int64_t micros, int64_t interval_micros);
int64_t TimestampPlusYearMonth(int64_t micros, int64_t months);
/// A fixed duration added to the instant (INTERVAL '1' DAY across a DST change is 24 h).
TimestampTz TimestampTzPlusDayTime(TimestampTz value, int64_t interval_micros);
/// Months added to the local date in the value's zone.
TimestampTz TimestampTzPlusYearMonth(TimestampTz value, int64_t months);

// ---- extract(field FROM x) and year(x), month(x), ... ---------------------------------

enum class DateTimeField : uint8_t {
  kYear,
  kQuarter,         ///< 1..4
  kMonth,           ///< 1..12
  kWeek,            ///< ISO week of the year, 1..53 (week, week_of_year)
  kDay,             ///< Day of the month (day, day_of_month)
  kDayOfWeek,       ///< ISO: 1 = Monday .. 7 = Sunday (day_of_week, dow)
  kDayOfYear,       ///< 1..366 (day_of_year, doy)
  kYearOfWeek,      ///< Year of the ISO week (year_of_week, yow)
  kHour,            ///< 0..23
  kMinute,          ///< 0..59
  kSecond,          ///< 0..59
  kMillisecond,     ///< 0..999
  kTimezoneHour,    ///< Hours of the UTC offset, with its sign (-3 for -03:30)
  kTimezoneMinute,  ///< Minutes of the UTC offset, with its sign (-30 for -03:30)
};

/// Parses an extract field or function name, case-insensitive: year, quarter, month,
/// week, week_of_year, day, day_of_month, day_of_week, dow, day_of_year, doy,
/// year_of_week, yow, hour, minute, second, millisecond, timezone_hour, timezone_minute.
/// False when unknown.
bool ParseDateTimeField(std::string_view name, DateTimeField* field);

/// Whether `field` can be extracted from a value of `type`: DATE has no time of day and
/// only TIMESTAMP WITH TIME ZONE has a zone offset (Trino refuses the others).
bool DateTimeFieldAppliesTo(DateTimeField field, TypeId type);

int64_t ExtractDate(DateTimeField field, int32_t days);
int64_t ExtractTimestamp(DateTimeField field, int64_t micros);
/// Fields of the local time in the value's zone.
int64_t ExtractTimestampTz(DateTimeField field, TimestampTz value);
/// ExtractTimestamp over an array.
void ExtractTimestamps(DateTimeField field, const int64_t* in, size_t count, int64_t* out);
/// ExtractDate over an array.
void ExtractDates(DateTimeField field, const int32_t* in, size_t count, int64_t* out);

// ---- Time zones ------------------------------------------------------------------------

/// The zone id of a zone name as AT TIME ZONE and with_timezone accept it ("UTC",
/// "+05:30", "America/New_York"); throws InvalidArgumentError "time zone not supported:
/// 'Mars/Olympus'" for unknown names.
int32_t ResolveTimeZone(std::string_view name);

/// timestamptz AT TIME ZONE zone: the same instant, shown in `zone`.
inline TimestampTz AtTimeZone(TimestampTz value, int32_t zone_id) {
  return TimestampTz{value.micros, zone_id, 0};
}
/// timestamp AT TIME ZONE zone: the local time is first read in the session zone (as
/// CAST to timestamp with time zone does), then shown in `zone`.
TimestampTz AtTimeZone(int64_t timestamp, int32_t session_zone, int32_t zone_id);
/// with_timezone(timestamp, zone): the local time read in `zone` (a time in a DST gap
/// moves forward by the gap, an overlap takes the earlier instant).
TimestampTz WithTimeZone(int64_t timestamp, int32_t zone_id);
/// CAST(timestamp AS timestamp with time zone) in the session zone.
inline TimestampTz TimestampToTimestampTz(int64_t timestamp, int32_t session_zone) {
  return WithTimeZone(timestamp, session_zone);
}
/// CAST(timestamptz AS timestamp): the local time in the value's zone.
int64_t TimestampTzToTimestamp(TimestampTz value);
/// CAST(timestamptz AS date): the local date in the value's zone.
int32_t TimestampTzToDate(TimestampTz value);

// ---- Unix time -------------------------------------------------------------------------

/// from_unixtime(seconds [, zone]): rounded to milliseconds as Trino's timestamp(3)
/// result. NaN, infinities and values beyond the timestamp range throw.
TimestampTz FromUnixtime(double seconds, int32_t zone_id);
/// from_unixtime(seconds, hours, minutes): a fixed-offset zone; throws when the offset
/// is beyond ±14:00.
TimestampTz FromUnixtime(double seconds, int64_t hours, int64_t minutes);
/// to_unixtime(timestamptz): seconds since the epoch, with the fraction.
double ToUnixtime(TimestampTz value);

// ---- current_date, current_timestamp, localtimestamp, last_day_of_month -----------------

/// current_date: today in the session zone.
int32_t CurrentDate(int64_t now_utc_micros, int32_t session_zone);
/// current_timestamp / now(): truncated to `precision` fractional digits (Trino's
/// default current_timestamp has 3).
TimestampTz CurrentTimestamp(int64_t now_utc_micros, int32_t session_zone, int precision = 3);
/// localtimestamp: the session zone's wall-clock time, truncated to `precision` digits.
int64_t LocalTimestamp(int64_t now_utc_micros, int32_t session_zone, int precision = 3);
/// last_day_of_month(x) of a date.
int32_t LastDayOfMonth(int32_t days);

}  // namespace sluice
