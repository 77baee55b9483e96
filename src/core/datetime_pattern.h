#pragma once
// strptime-style patterns for dates and timestamps that are not ISO 8601, as Redshift's
// DATEFORMAT / TIMEFORMAT and DuckDB's dateformat let users name them ("%m/%d/%Y",
// "%d.%m.%Y %H:%M:%S", "%Y%m%d"). Compiled once, then matched per value without
// allocation, independent of locale and of the machine's time zone.
//
// Specifiers:
//   %Y four-digit year            %y two-digit year (69..99 → 19xx, 00..68 → 20xx)
//   %m month 1..12 (1-2 digits)   %d, %e day 1..31 (1-2 digits)   %j day of year
//   %b, %h, %B month name (English, full or abbreviated, any case)
//   %a, %A weekday name (checked for form, otherwise ignored)
//   %H hour 0..23   %I hour 1..12 (with %p AM/PM)   %M minute   %S second
//   %f fraction of a second (1..9 digits, rounded to microseconds)
//   %z offset "Z", "+hh", "+hhmm", "+hh:mm"   %Z zone name ("UTC", "Europe/Berlin")
//   %T = %H:%M:%S   %F = %Y-%m-%d   %D = %m/%d/%y   %R = %H:%M   %% a literal '%'
// A space matches one or more spaces; other characters match themselves. %S also takes
// an optional ".fraction" unless the pattern itself continues with '.' or %f.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/vector.h"

namespace sluice {

class DateTimePattern {
 public:
  DateTimePattern() = default;

  /// Compiles `pattern`; throws InvalidArgumentError naming an unknown specifier or a
  /// pattern without year, month and day (or year and day of year).
  static DateTimePattern Compile(std::string_view pattern);

  const std::string& text() const { return text_; }
  /// The pattern has hour/minute/second fields (so it describes timestamps).
  bool has_time() const { return has_time_; }
  /// The pattern has %z or %Z (so it describes timestamps with a zone).
  bool has_zone() const { return has_zone_; }

  /// Days since 1970-01-01; false if `text` does not match or the pattern has a time.
  bool ParseDate(std::string_view text, int32_t* days) const;
  /// Microseconds since the epoch (local time; a zone in the text makes it fail).
  bool ParseTimestamp(std::string_view text, int64_t* micros) const;
  /// A UTC instant plus zone; text without a zone is taken in `default_zone`.
  bool ParseTimestampTz(std::string_view text, int32_t default_zone, TimestampTz* out) const;

 private:
  enum class ItemKind : uint8_t {
    kLiteral,
    kSpaces,
    kYear4,
    kYear2,
    kMonth,
    kMonthName,
    kDay,
    kDayOfYear,
    kWeekdayName,
    kHour24,
    kHour12,
    kMinute,
    kSecond,
    kFraction,
    kAmPm,
    kOffset,
    kZoneName,
  };
  struct Item {
    ItemKind kind;
    char literal;
  };
  struct Fields;

  bool Match(std::string_view text, Fields* fields) const;
  bool ToLocalMicros(const Fields& fields, int64_t* micros) const;

  std::string text_;
  std::vector<Item> items_;
  bool has_time_ = false;
  bool has_zone_ = false;
};

}  // namespace sluice
