#pragma once
// The two pattern languages of Trino's date/time formatting functions, compiled once
// into one representation that both prints and parses:
//
// - MySQL specifiers, for date_format(x, format) and date_parse(text, format):
//   %a %b %c %d %e %f %H %h %I %i %j %k %l %M %m %p %r %S %s %T %v %W %x %Y %y %%, and
//   %<c> for any other c is c itself. %D %U %u %V %w %X are refused, as in Trino. %f
//   prints 6 digits of a millisecond-truncated fraction and parses 1 to 9 digits; %y
//   parses 70..99 as 19xx and 00..69 as 20xx.
// - Joda-Time patterns, for format_datetime(x, pattern) and parse_datetime(text,
//   pattern): G C Y x w e E y D M d a K h H k m s S z Z with counts as Joda reads them
//   (MMM short month name, MMMM full name, yy two-digit year, Z -0800, ZZ -08:00, ZZZ
//   zone id), text in '…' and '' for a quote. Other letters are refused.
//
// Parsing follows Joda: fields are set from the most to the least significant, each
// one checked against its range ("value 31 for dayOfMonth must be in the range
// [1,30]"); a text with a month or day but no year takes year 2000; a weekday name moves
// the date to that day of the same ISO week; text literals match case-insensitively.
// Names are English. Fractions are kept to milliseconds, as Trino's timestamp(3)
// results of these functions. Thread-safe once compiled.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/vector.h"

namespace sluice {

/// What a pattern read from a text: a local date-time and, when the text had one, its
/// zone (a zone name or id) or its UTC offset (then a fixed-offset zone).
struct ParsedDateTime {
  int64_t local_micros = 0;  ///< Wall-clock time, microseconds since 1970-01-01.
  bool has_zone = false;     ///< The text named a zone or an offset.
  bool zone_is_offset = false;
  int32_t zone_id = 0;       ///< Valid when has_zone.
};

class DateTimeFormat {
 public:
  /// Compiles a MySQL date_format pattern; throws InvalidArgumentError naming an
  /// unsupported specifier and the pattern.
  static DateTimeFormat CompileMySql(std::string_view format);
  /// Compiles a Joda pattern; throws InvalidArgumentError naming an illegal letter and
  /// the pattern. Two-digit years ("yy") parse into the century around (this year - 30)
  /// as Joda does, unless `two_digit_year_pivot` is given.
  static DateTimeFormat CompileJoda(std::string_view pattern, int32_t two_digit_year_pivot = 0);

  /// The pattern as written.
  const std::string& text() const { return text_; }

  /// Appends the local time of the instant in `zone_id` (zone letters print that zone).
  void Append(std::string* out, int64_t utc_micros, int32_t zone_id) const;
  /// Parses all of `text`. On failure returns false and puts the reason (without the
  /// text or pattern) into *error; allocates only then.
  bool Parse(std::string_view text, ParsedDateTime* out, std::string* error) const;

 private:
  enum class Kind : uint8_t {
    kLiteral,
    kEraText,
    kCenturyOfEra,
    kYearOfEra,
    kYear,
    kTwoDigitYear,
    kWeekyear,
    kTwoDigitWeekyear,
    kWeekOfWeekyear,
    kMonth,
    kMonthShortText,
    kMonthText,
    kDayOfYear,
    kDayOfMonth,
    kDayOfWeek,
    kDayOfWeekShortText,
    kDayOfWeekText,
    kHalfdayText,
    kHourOfDay,
    kClockhourOfDay,
    kHourOfHalfday,
    kClockhourOfHalfday,
    kMinute,
    kSecond,
    kFraction,
    kZoneShortName,
    kZoneLongName,
    kZoneOffset,       ///< -0800
    kZoneOffsetColon,  ///< -08:00
    kZoneId,           ///< America/Los_Angeles
  };
  struct Item {
    Kind kind;
    uint8_t min_digits;   ///< Digits printed at least (zero-padded).
    uint8_t max_digits;   ///< Digits parsed at most.
    bool lenient;         ///< Two-digit years: also accept a full year when not 2 digits.
    uint32_t literal_begin;  ///< Literal text: offset into literals_.
    uint32_t literal_size;
  };
  struct Fields;

  DateTimeFormat() = default;
  void Add(Kind kind, int min_digits = 0, int max_digits = 0, bool lenient = false);
  void AddLiteral(std::string_view literal);
  bool ParseItem(const Item& item, const char*& p, const char* end, Fields* fields,
                 ParsedDateTime* out, std::string* error) const;

  std::string text_;
  std::string literals_;
  std::vector<Item> items_;
  int32_t two_digit_year_pivot_ = 2020;
};

/// A compiled pattern from a small per-thread cache (patterns are usually constants, so
/// a kernel compiles each once). Throws what Compile* throws.
std::shared_ptr<const DateTimeFormat> CachedMySqlFormat(std::string_view format);
std::shared_ptr<const DateTimeFormat> CachedJodaFormat(std::string_view pattern);

// ---- The SQL functions ---------------------------------------------------------------
// Errors name the function, the value and the pattern: InvalidArgumentError for bad
// patterns, ConversionError for text that does not parse.

/// date_format(timestamp, format).
void AppendDateFormat(std::string* out, int64_t timestamp, const DateTimeFormat& format);
std::string DateFormat(int64_t timestamp, std::string_view format);
/// date_format(timestamp with time zone, format): the local time in the value's zone.
std::string DateFormat(TimestampTz value, std::string_view format);

/// date_parse(text, format) → timestamp (millisecond precision, no zone).
int64_t DateParse(std::string_view text, const DateTimeFormat& format);
int64_t DateParse(std::string_view text, std::string_view format);

/// format_datetime(timestamp, pattern): zone letters print UTC.
std::string FormatDatetime(int64_t timestamp, std::string_view pattern);
/// format_datetime(timestamp with time zone, pattern), in the value's zone.
void AppendFormatDatetime(std::string* out, TimestampTz value, const DateTimeFormat& pattern);
std::string FormatDatetime(TimestampTz value, std::string_view pattern);

/// parse_datetime(text, pattern) → timestamp with time zone: the zone or offset in the
/// text, else the session zone. A local time that the zone skips (a DST gap) is an
/// error, as in Trino; in an overlap the earlier instant is taken.
TimestampTz ParseDatetime(std::string_view text, const DateTimeFormat& pattern,
                          int32_t session_zone);
TimestampTz ParseDatetime(std::string_view text, std::string_view pattern, int32_t session_zone);

}  // namespace sluice
