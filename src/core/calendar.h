#pragma once
// Proleptic Gregorian calendar arithmetic on days and microseconds since 1970-01-01.
// Pure functions, independent of the machine's time zone.

#include <cstdint>

namespace sluice {

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

struct CivilDate {
  int32_t year;
  int32_t month;  ///< 1..12
  int32_t day;    ///< 1..31
};

struct CivilTime {
  int32_t hour;     ///< 0..23
  int32_t minute;   ///< 0..59
  int32_t second;   ///< 0..59
  int32_t micros;   ///< 0..999999
};

/// Days since 1970-01-01 of a (valid) civil date.
constexpr int32_t DaysFromCivil(int32_t year, int32_t month, int32_t day) {
  // Shift the year to start in March so that the leap day is the last day of a year.
  year -= month <= 2 ? 1 : 0;
  const int32_t era = (year >= 0 ? year : year - 399) / 400;
  const int32_t year_of_era = year - era * 400;
  const int32_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int32_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

/// The civil date of a day number.
constexpr CivilDate CivilFromDays(int32_t days) {
  days += 719468;
  const int32_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int32_t day_of_era = days - era * 146097;
  const int32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int32_t mp = (5 * day_of_year + 2) / 153;
  const int32_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int32_t month = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

constexpr bool IsLeapYear(int32_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr int32_t DaysInMonth(int32_t year, int32_t month) {
  constexpr int32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

/// Floor division of microseconds into days (correct for negative values).
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// Splits a timestamp into its date and time of day.
constexpr void SplitTimestamp(int64_t micros, CivilDate* date, CivilTime* time) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  *date = CivilFromDays(static_cast<int32_t>(days));
  time->hour = static_cast<int32_t>(rest / kMicrosPerHour);
  rest %= kMicrosPerHour;
  time->minute = static_cast<int32_t>(rest / kMicrosPerMinute);
  rest %= kMicrosPerMinute;
  time->second = static_cast<int32_t>(rest / kMicrosPerSecond);
  time->micros = static_cast<int32_t>(rest % kMicrosPerSecond);
}

/// ISO day of the week of a day number: 1 = Monday .. 7 = Sunday (1970-01-01 was a
/// Thursday).
constexpr int32_t IsoDayOfWeek(int64_t days) {
  int64_t r = (days + 3) % 7;
  return static_cast<int32_t>(r < 0 ? r + 8 : r + 1);
}

/// Day number of the Monday of ISO week 1 of `week_year` (the week holding January 4).
constexpr int64_t IsoWeekYearStart(int32_t week_year) {
  const int64_t january4 = DaysFromCivil(week_year, 1, 4);
  return january4 - (IsoDayOfWeek(january4) - 1);
}

/// ISO 8601 week date of a day number: week-based year and week 1..53.
constexpr void IsoWeekDate(int32_t days, int32_t* week_year, int32_t* week) {
  const int32_t year = CivilFromDays(days).year;
  int32_t candidate = year + 1;
  int64_t start = IsoWeekYearStart(candidate);
  if (days < start) {
    candidate = year;
    start = IsoWeekYearStart(candidate);
    if (days < start) {
      candidate = year - 1;
      start = IsoWeekYearStart(candidate);
    }
  }
  *week_year = candidate;
  *week = static_cast<int32_t>((days - start) / 7 + 1);
}

}  // namespace sluice
