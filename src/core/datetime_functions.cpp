#include "core/datetime_functions.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "core/calendar.h"
#include "core/error.h"
#include "core/time_zone.h"

namespace sluice {

namespace {

constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kMillisPerDay = kMicrosPerDay / kMicrosPerMilli;
/// Years kept by month arithmetic: far beyond what int64 microseconds hold (±292,277),
/// small enough that DaysFromCivil cannot overflow int32.
constexpr int64_t kMaxYear = 5000000;

constexpr std::array<std::string_view, 9> kUnitNames = {
    "millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != b[i]) return false;
  }
  return true;
}

bool IsTimeUnit(DateTimeUnit unit) { return unit <= DateTimeUnit::kHour; }

[[noreturn]] void ThrowOutOfRange(const char* function, DateTimeUnit unit, int64_t value) {
  throw InvalidArgumentError(std::string(function) + ": adding " + std::to_string(value) + " " +
                             std::string(DateTimeUnitName(unit)) +
                             "(s) gives a value out of the supported range");
}


int64_t CheckedAdd(int64_t a, int64_t b, const char* what) {
  int64_t result = 0;
  if (__builtin_add_overflow(a, b, &result)) {
    throw InvalidArgumentError(std::string(what) + ": value out of the supported range");
  }
  return result;
}

int32_t CheckedDays(int64_t days, const char* what) {
  if (days < INT32_MIN || days > INT32_MAX) {
    throw InvalidArgumentError(std::string(what) + ": date out of the supported range");
  }
  return static_cast<int32_t>(days);
}

/// The start of the day/week/month/quarter/year that holds `days`.
int64_t TruncateDays(DateTimeUnit unit, int64_t days) {
  if (unit == DateTimeUnit::kDay) return days;
  if (unit == DateTimeUnit::kWeek) return days - (IsoDayOfWeek(days) - 1);
  CivilDate date = CivilFromDays(static_cast<int32_t>(days));
  switch (unit) {
    case DateTimeUnit::kMonth: return DaysFromCivil(date.year, date.month, 1);
    case DateTimeUnit::kQuarter: return DaysFromCivil(date.year, (date.month - 1) / 3 * 3 + 1, 1);
    default: return DaysFromCivil(date.year, 1, 1);
  }
}

int64_t UnitMicros(DateTimeUnit unit) {
  switch (unit) {
    case DateTimeUnit::kMillisecond: return kMicrosPerMilli;
    case DateTimeUnit::kSecond: return kMicrosPerSecond;
    case DateTimeUnit::kMinute: return kMicrosPerMinute;
    case DateTimeUnit::kHour: return kMicrosPerHour;
    case DateTimeUnit::kDay: return kMicrosPerDay;
    default: return 7 * kMicrosPerDay;
  }
}

int64_t MonthsPerUnit(DateTimeUnit unit) {
  return unit == DateTimeUnit::kMonth ? 1 : unit == DateTimeUnit::kQuarter ? 3 : 12;
}

/// Adds months to a day number, clamping the day to the end of the target month.
/// False when the result leaves the supported years.
bool AddMonthsToDays(int64_t days, int64_t months, int64_t* out) {
  CivilDate date = CivilFromDays(static_cast<int32_t>(days));
  int64_t total = 0;
  if (__builtin_add_overflow(int64_t{date.year} * 12 + (date.month - 1), months, &total)) {
    return false;
  }
  const int64_t year = FloorDiv(total, 12);
  if (year < -kMaxYear || year > kMaxYear) return false;
  const int32_t month = static_cast<int32_t>(total - year * 12 + 1);
  const int32_t day = std::min(date.day, DaysInMonth(static_cast<int32_t>(year), month));
  *out = DaysFromCivil(static_cast<int32_t>(year), month, day);
  return true;
}

/// date_add on a local (zone-less) time in microseconds.
int64_t AddToLocal(DateTimeUnit unit, int64_t value, int64_t micros, const char* function) {
  int64_t result = 0;
  if (unit <= DateTimeUnit::kWeek) {
    int64_t delta = 0;
    if (__builtin_mul_overflow(value, UnitMicros(unit), &delta) ||
        __builtin_add_overflow(micros, delta, &result)) {
      ThrowOutOfRange(function, unit, value);
    }
    return result;
  }
  int64_t months = 0;
  if (__builtin_mul_overflow(value, MonthsPerUnit(unit), &months)) {
    ThrowOutOfRange(function, unit, value);
  }
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const int64_t time_of_day = micros - days * kMicrosPerDay;
  int64_t new_days = 0;
  if (!AddMonthsToDays(days, months, &new_days) ||
      __builtin_mul_overflow(new_days, kMicrosPerDay, &result) ||
      __builtin_add_overflow(result, time_of_day, &result)) {
    ThrowOutOfRange(function, unit, value);
  }
  return result;
}

/// Joda's convertLocalToUTC(local, false, original): keeps the original offset when it
/// is valid at the result, else the zone's usual mapping (earlier instant in an overlap,
/// forward by the gap in a gap).
int64_t LocalToUtcKeepingOffset(int32_t zone_id, int64_t local, int32_t original_offset) {
  const int64_t candidate = local - int64_t{original_offset} * kMicrosPerSecond;
  if (UtcOffsetSeconds(zone_id, candidate) == original_offset) return candidate;
  return LocalToUtcMicros(zone_id, local);
}

/// Whole months from `subtrahend` to `minuend` (local milliseconds), as Joda's
/// monthOfYear().getDifferenceAsLong.
int64_t MonthDifference(int64_t minuend, int64_t subtrahend) {
  if (minuend < subtrahend) return -MonthDifference(subtrahend, minuend);
  const int64_t minuend_days = FloorDiv(minuend, kMillisPerDay);
  const int64_t subtrahend_days = FloorDiv(subtrahend, kMillisPerDay);
  const CivilDate a = CivilFromDays(static_cast<int32_t>(minuend_days));
  CivilDate b = CivilFromDays(static_cast<int32_t>(subtrahend_days));
  int64_t difference = (int64_t{a.year} - b.year) * 12 + a.month - b.month;
  // The last day of a month reaches any later day of the month it started from.
  if (a.day == DaysInMonth(a.year, a.month) && b.day > a.day) b.day = a.day;
  const int64_t minuend_rest = (a.day - 1) * kMillisPerDay + (minuend - minuend_days * kMillisPerDay);
  const int64_t subtrahend_rest =
      (b.day - 1) * kMillisPerDay + (subtrahend - subtrahend_days * kMillisPerDay);
  if (minuend_rest < subtrahend_rest) --difference;
  return difference;
}

/// Whole years from `subtrahend` to `minuend`, as Joda's getYearDifference.
int64_t YearDifference(int64_t minuend, int64_t subtrahend) {
  if (minuend < subtrahend) return -YearDifference(subtrahend, minuend);
  const int32_t minuend_year = CivilFromDays(static_cast<int32_t>(FloorDiv(minuend, kMillisPerDay))).year;
  const int32_t subtrahend_year =
      CivilFromDays(static_cast<int32_t>(FloorDiv(subtrahend, kMillisPerDay))).year;
  int64_t minuend_rest = minuend - int64_t{DaysFromCivil(minuend_year, 1, 1)} * kMillisPerDay;
  int64_t subtrahend_rest =
      subtrahend - int64_t{DaysFromCivil(subtrahend_year, 1, 1)} * kMillisPerDay;
  // Balance the leap day: February 29 (day 59 of the year) is reached by February 28
  // of a common year, and March 1 of a leap year is not one day later than of another.
  constexpr int64_t kFebruary29 = 59 * kMillisPerDay;
  if (subtrahend_rest >= kFebruary29) {
    if (IsLeapYear(subtrahend_year)) {
      if (!IsLeapYear(minuend_year)) subtrahend_rest -= kMillisPerDay;
    } else if (minuend_rest >= kFebruary29 && IsLeapYear(minuend_year)) {
      minuend_rest -= kMillisPerDay;
    }
  }
  int64_t difference = int64_t{minuend_year} - subtrahend_year;
  if (minuend_rest < subtrahend_rest) --difference;
  return difference;
}

/// y - x in whole units, on local milliseconds.
int64_t DiffMillis(DateTimeUnit unit, int64_t x, int64_t y) {
  switch (unit) {
    case DateTimeUnit::kMonth: return MonthDifference(y, x);
    case DateTimeUnit::kQuarter: return MonthDifference(y, x) / 3;
    case DateTimeUnit::kYear: return YearDifference(y, x);
    default: return (y - x) / (UnitMicros(unit) / kMicrosPerMilli);
  }
}

int64_t FloorToMillis(int64_t micros) { return FloorDiv(micros, kMicrosPerMilli); }

int64_t ExtractFromDays(DateTimeField field, int32_t days) {
  switch (field) {
    case DateTimeField::kYear: return CivilFromDays(days).year;
    case DateTimeField::kQuarter: return (CivilFromDays(days).month - 1) / 3 + 1;
    case DateTimeField::kMonth: return CivilFromDays(days).month;
    case DateTimeField::kDay: return CivilFromDays(days).day;
    case DateTimeField::kDayOfWeek: return IsoDayOfWeek(days);
    case DateTimeField::kDayOfYear:
      return days - DaysFromCivil(CivilFromDays(days).year, 1, 1) + 1;
    case DateTimeField::kWeek:
    case DateTimeField::kYearOfWeek: {
      int32_t week_year = 0, week = 0;
      IsoWeekDate(days, &week_year, &week);
      return field == DateTimeField::kWeek ? week : week_year;
    }
    default: return 0;
  }
}

struct FieldName {
  std::string_view name;
  DateTimeField field;
};

constexpr std::array<FieldName, 19> kFieldNames = {{
    {"year", DateTimeField::kYear},
    {"quarter", DateTimeField::kQuarter},
    {"month", DateTimeField::kMonth},
    {"week", DateTimeField::kWeek},
    {"week_of_year", DateTimeField::kWeek},
    {"day", DateTimeField::kDay},
    {"day_of_month", DateTimeField::kDay},
    {"day_of_week", DateTimeField::kDayOfWeek},
    {"dow", DateTimeField::kDayOfWeek},
    {"day_of_year", DateTimeField::kDayOfYear},
    {"doy", DateTimeField::kDayOfYear},
    {"year_of_week", DateTimeField::kYearOfWeek},
    {"yow", DateTimeField::kYearOfWeek},
    {"hour", DateTimeField::kHour},
    {"minute", DateTimeField::kMinute},
    {"second", DateTimeField::kSecond},
    {"millisecond", DateTimeField::kMillisecond},
    {"timezone_hour", DateTimeField::kTimezoneHour},
    {"timezone_minute", DateTimeField::kTimezoneMinute},
}};

int64_t TruncateToPrecision(int64_t micros, int precision) {
  if (precision >= 6) return micros;
  int64_t unit = 1;
  for (int i = precision; i < 6; ++i) unit *= 10;
  return FloorDiv(micros, unit) * unit;
}

}  // namespace

DateTimeUnit ParseDateTimeUnit(std::string_view name, TypeId type) {
  const bool is_date = type == TypeId::kDate;
  for (size_t i = 0; i < kUnitNames.size(); ++i) {
    if (!EqualsIgnoreCase(name, kUnitNames[i])) continue;
    const auto unit = static_cast<DateTimeUnit>(i);
    if (!is_date || unit >= DateTimeUnit::kDay) return unit;
    break;
  }
  throw InvalidArgumentError(
      "'" + std::string(name) + "' is not a valid " + (is_date ? "date" : "timestamp") +
      " unit (expected " +
      (is_date ? "day, week, month, quarter or year"
               : "millisecond, second, minute, hour, day, week, month, quarter or year") +
      ")");
}

std::string_view DateTimeUnitName(DateTimeUnit unit) {
  return kUnitNames[static_cast<size_t>(unit)];
}

// ---- date_trunc ----------------------------------------------------------------------

int32_t DateTruncDate(DateTimeUnit unit, int32_t days) {
  SLUICE_ASSERT(unit >= DateTimeUnit::kDay, "date_trunc on a date takes day or larger units");
  return static_cast<int32_t>(TruncateDays(unit, days));
}

int64_t DateTruncTimestamp(DateTimeUnit unit, int64_t micros) {
  if (unit <= DateTimeUnit::kDay) {
    const int64_t size = UnitMicros(unit);
    return FloorDiv(micros, size) * size;
  }
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  return TruncateDays(unit, days) * kMicrosPerDay;
}

TimestampTz DateTruncTimestampTz(DateTimeUnit unit, TimestampTz value) {
  const int32_t offset = UtcOffsetSeconds(value.zone_id, value.micros);
  const int64_t offset_micros = int64_t{offset} * kMicrosPerSecond;
  const int64_t local = DateTruncTimestamp(unit, value.micros + offset_micros);
  const int64_t utc = IsTimeUnit(unit) ? local - offset_micros
                                       : LocalToUtcKeepingOffset(value.zone_id, local, offset);
  return TimestampTz{utc, value.zone_id, 0};
}

namespace {

/// Floors to a multiple of a constant, so that the division becomes a multiplication.
template <int64_t kSize>
void FloorToMultiple(const int64_t* in, size_t count, int64_t* out) {
  for (size_t i = 0; i < count; ++i) {
    // Floor division without a branch on the sign: shift negatives down by size - 1.
    const int64_t v = in[i];
    out[i] = (v - (v < 0 ? kSize - 1 : 0)) / kSize * kSize;
  }
}

}  // namespace

void DateTruncTimestamps(DateTimeUnit unit, const int64_t* in, size_t count, int64_t* out) {
  switch (unit) {
    case DateTimeUnit::kMillisecond: return FloorToMultiple<kMicrosPerMilli>(in, count, out);
    case DateTimeUnit::kSecond: return FloorToMultiple<kMicrosPerSecond>(in, count, out);
    case DateTimeUnit::kMinute: return FloorToMultiple<kMicrosPerMinute>(in, count, out);
    case DateTimeUnit::kHour: return FloorToMultiple<kMicrosPerHour>(in, count, out);
    case DateTimeUnit::kDay: return FloorToMultiple<kMicrosPerDay>(in, count, out);
    default:
      for (size_t i = 0; i < count; ++i) out[i] = DateTruncTimestamp(unit, in[i]);
  }
}

// ---- date_add ------------------------------------------------------------------------

int32_t DateAddDate(DateTimeUnit unit, int64_t value, int32_t days) {
  SLUICE_ASSERT(unit >= DateTimeUnit::kDay, "date_add on a date takes day or larger units");
  int64_t result = 0;
  if (unit <= DateTimeUnit::kWeek) {
    int64_t delta = 0;
    if (__builtin_mul_overflow(value, unit == DateTimeUnit::kWeek ? 7 : 1, &delta) ||
        __builtin_add_overflow(int64_t{days}, delta, &result)) {
      ThrowOutOfRange("date_add", unit, value);
    }
  } else {
    int64_t months = 0;
    if (__builtin_mul_overflow(value, MonthsPerUnit(unit), &months) ||
        !AddMonthsToDays(days, months, &result)) {
      ThrowOutOfRange("date_add", unit, value);
    }
  }
  if (result < INT32_MIN || result > INT32_MAX) ThrowOutOfRange("date_add", unit, value);
  return static_cast<int32_t>(result);
}

int64_t DateAddTimestamp(DateTimeUnit unit, int64_t value, int64_t micros) {
  return AddToLocal(unit, value, micros, "date_add");
}

TimestampTz DateAddTimestampTz(DateTimeUnit unit, int64_t value, TimestampTz timestamp) {
  if (IsTimeUnit(unit)) {
    return TimestampTz{AddToLocal(unit, value, timestamp.micros, "date_add"), timestamp.zone_id, 0};
  }
  const int32_t offset = UtcOffsetSeconds(timestamp.zone_id, timestamp.micros);
  const int64_t local = timestamp.micros + int64_t{offset} * kMicrosPerSecond;
  const int64_t result = AddToLocal(unit, value, local, "date_add");
  return TimestampTz{LocalToUtcKeepingOffset(timestamp.zone_id, result, offset),
                     timestamp.zone_id, 0};
}

// ---- date_diff -----------------------------------------------------------------------

int64_t DateDiffDate(DateTimeUnit unit, int32_t x, int32_t y) {
  return DiffMillis(unit, int64_t{x} * kMillisPerDay, int64_t{y} * kMillisPerDay);
}

int64_t DateDiffTimestamp(DateTimeUnit unit, int64_t x, int64_t y) {
  return DiffMillis(unit, FloorToMillis(x), FloorToMillis(y));
}

int64_t DateDiffTimestampTz(DateTimeUnit unit, TimestampTz x, TimestampTz y) {
  if (IsTimeUnit(unit)) return DiffMillis(unit, FloorToMillis(x.micros), FloorToMillis(y.micros));
  const int64_t local_x = UtcToLocalMicros(x.zone_id, x.micros);
  const int64_t local_y = UtcToLocalMicros(x.zone_id, y.micros);
  return DiffMillis(unit, FloorToMillis(local_x), FloorToMillis(local_y));
}

// ---- Interval arithmetic -------------------------------------------------------------

int32_t DatePlusDayTime(int32_t days, int64_t interval_micros) {
  if (interval_micros % kMicrosPerDay != 0) {
    throw InvalidArgumentError("Cannot add hour, minutes or seconds to a date");
  }
  return CheckedDays(int64_t{days} + interval_micros / kMicrosPerDay, "date + interval");
}

int32_t DatePlusYearMonth(int32_t days, int64_t months) {
  int64_t result = 0;
  if (!AddMonthsToDays(days, months, &result)) {
    throw InvalidArgumentError("date + interval: date out of the supported range");
  }
  return CheckedDays(result, "date + interval");
}

int64_t TimestampPlusDayTime(int64_t micros, int64_t interval_micros) {
  return CheckedAdd(micros, interval_micros, "timestamp + interval");
}

int64_t TimestampPlusYearMonth(int64_t micros, int64_t months) {
  return AddToLocal(DateTimeUnit::kMonth, months, micros, "timestamp + interval");
}

TimestampTz TimestampTzPlusDayTime(TimestampTz value, int64_t interval_micros) {
  return TimestampTz{CheckedAdd(value.micros, interval_micros, "timestamp + interval"),
                     value.zone_id, 0};
}

TimestampTz TimestampTzPlusYearMonth(TimestampTz value, int64_t months) {
  const int32_t offset = UtcOffsetSeconds(value.zone_id, value.micros);
  const int64_t local = value.micros + int64_t{offset} * kMicrosPerSecond;
  const int64_t result = AddToLocal(DateTimeUnit::kMonth, months, local, "timestamp + interval");
  return TimestampTz{LocalToUtcKeepingOffset(value.zone_id, result, offset), value.zone_id, 0};
}

// ---- extract -------------------------------------------------------------------------

bool ParseDateTimeField(std::string_view name, DateTimeField* field) {
  for (const FieldName& entry : kFieldNames) {
    if (EqualsIgnoreCase(name, entry.name)) {
      *field = entry.field;
      return true;
    }
  }
  return false;
}

bool DateTimeFieldAppliesTo(DateTimeField field, TypeId type) {
  switch (type) {
    case TypeId::kDate: return field < DateTimeField::kHour;
    case TypeId::kTimestamp: return field < DateTimeField::kTimezoneHour;
    case TypeId::kTimestampTz: return true;
    default: return false;
  }
}

int64_t ExtractDate(DateTimeField field, int32_t days) {
  SLUICE_ASSERT(field < DateTimeField::kHour, "a date has no time of day or zone");
  return ExtractFromDays(field, days);
}

int64_t ExtractTimestamp(DateTimeField field, int64_t micros) {
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const int64_t time_of_day = micros - days * kMicrosPerDay;
  switch (field) {
    case DateTimeField::kHour: return time_of_day / kMicrosPerHour;
    case DateTimeField::kMinute: return time_of_day / kMicrosPerMinute % 60;
    case DateTimeField::kSecond: return time_of_day / kMicrosPerSecond % 60;
    case DateTimeField::kMillisecond: return time_of_day / kMicrosPerMilli % 1000;
    case DateTimeField::kTimezoneHour:
    case DateTimeField::kTimezoneMinute: return 0;
    default: return ExtractFromDays(field, static_cast<int32_t>(days));
  }
}

int64_t ExtractTimestampTz(DateTimeField field, TimestampTz value) {
  const int32_t offset = UtcOffsetSeconds(value.zone_id, value.micros);
  if (field == DateTimeField::kTimezoneHour) return offset / 3600;
  if (field == DateTimeField::kTimezoneMinute) return offset / 60 % 60;
  return ExtractTimestamp(field, value.micros + int64_t{offset} * kMicrosPerSecond);
}

void ExtractTimestamps(DateTimeField field, const int64_t* in, size_t count, int64_t* out) {
  switch (field) {
    case DateTimeField::kHour:
      for (size_t i = 0; i < count; ++i) {
        out[i] = (in[i] - FloorDiv(in[i], kMicrosPerDay) * kMicrosPerDay) / kMicrosPerHour;
      }
      return;
    case DateTimeField::kYear:
      for (size_t i = 0; i < count; ++i) {
        out[i] = CivilFromDays(static_cast<int32_t>(FloorDiv(in[i], kMicrosPerDay))).year;
      }
      return;
    default:
      for (size_t i = 0; i < count; ++i) out[i] = ExtractTimestamp(field, in[i]);
  }
}

void ExtractDates(DateTimeField field, const int32_t* in, size_t count, int64_t* out) {
  SLUICE_ASSERT(field < DateTimeField::kHour, "a date has no time of day or zone");
  for (size_t i = 0; i < count; ++i) out[i] = ExtractFromDays(field, in[i]);
}

// ---- Time zones ------------------------------------------------------------------------

int32_t ResolveTimeZone(std::string_view name) {
  int32_t zone_id = 0;
  if (!LookupTimeZone(name, &zone_id)) {
    throw InvalidArgumentError("time zone not supported: '" + std::string(name) + "'");
  }
  return zone_id;
}

TimestampTz AtTimeZone(int64_t timestamp, int32_t session_zone, int32_t zone_id) {
  return TimestampTz{LocalToUtcMicros(session_zone, timestamp), zone_id, 0};
}

TimestampTz WithTimeZone(int64_t timestamp, int32_t zone_id) {
  return TimestampTz{LocalToUtcMicros(zone_id, timestamp), zone_id, 0};
}

int64_t TimestampTzToTimestamp(TimestampTz value) {
  return UtcToLocalMicros(value.zone_id, value.micros);
}

int32_t TimestampTzToDate(TimestampTz value) {
  return static_cast<int32_t>(FloorDiv(TimestampTzToTimestamp(value), kMicrosPerDay));
}

// ---- Unix time -------------------------------------------------------------------------

TimestampTz FromUnixtime(double seconds, int32_t zone_id) {
  // Java's Math.round: the closest millisecond, halves rounded up.
  const double millis = std::floor(seconds * 1000.0 + 0.5);
  constexpr double kLimit = 9.2e15;  // |millis| * 1000 stays inside int64
  if (!(millis > -kLimit && millis < kLimit)) {
    throw InvalidArgumentError("from_unixtime: " + std::to_string(seconds) +
                               " is out of the range of timestamp with time zone");
  }
  return TimestampTz{static_cast<int64_t>(millis) * kMicrosPerMilli, zone_id, 0};
}

TimestampTz FromUnixtime(double seconds, int64_t hours, int64_t minutes) {
  const int64_t offset = hours * 60 + minutes;
  if (hours < -14 || hours > 14 || offset < -14 * 60 || offset > 14 * 60) {
    throw InvalidArgumentError("from_unixtime: invalid time zone offset of " +
                               std::to_string(hours) + " hours and " + std::to_string(minutes) +
                               " minutes");
  }
  const int64_t magnitude = offset < 0 ? -offset : offset;
  char name[7] = {offset < 0 ? '-' : '+',
                  static_cast<char>('0' + magnitude / 600),
                  static_cast<char>('0' + magnitude / 60 % 10),
                  ':',
                  static_cast<char>('0' + magnitude % 60 / 10),
                  static_cast<char>('0' + magnitude % 10),
                  0};
  return FromUnixtime(seconds, ResolveTimeZone(std::string_view(name, 6)));
}

double ToUnixtime(TimestampTz value) {
  return static_cast<double>(value.micros) / static_cast<double>(kMicrosPerSecond);
}

// ---- current_date and friends ------------------------------------------------------------

int32_t CurrentDate(int64_t now_utc_micros, int32_t session_zone) {
  return TimestampTzToDate(TimestampTz{now_utc_micros, session_zone, 0});
}

TimestampTz CurrentTimestamp(int64_t now_utc_micros, int32_t session_zone, int precision) {
  return TimestampTz{TruncateToPrecision(now_utc_micros, precision), session_zone, 0};
}

int64_t LocalTimestamp(int64_t now_utc_micros, int32_t session_zone, int precision) {
  return TruncateToPrecision(UtcToLocalMicros(session_zone, now_utc_micros), precision);
}

int32_t LastDayOfMonth(int32_t days) {
  const CivilDate date = CivilFromDays(days);
  return DaysFromCivil(date.year, date.month, DaysInMonth(date.year, date.month));
}

}  // namespace sluice
