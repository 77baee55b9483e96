// Compiling MySQL and Joda patterns, printing, and the SQL functions on top. Parsing a
// text with a compiled pattern is in datetime_format_parse.cpp.
#include "core/datetime_format.h"

#include <chrono>
#include <unordered_map>

#include "core/calendar.h"
#include "core/datetime_names.h"
#include "core/error.h"
#include "core/time_zone.h"

namespace sluice {

namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int32_t CurrentUtcYear() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t days = std::chrono::duration_cast<std::chrono::hours>(now).count() / 24;
  return CivilFromDays(static_cast<int32_t>(days)).year;
}

/// Appends `value` with at least `digits` digits, '-' first when negative.
void AppendPadded(std::string* out, int64_t value, int digits) {
  if (value >= 0 && value < 100 && digits <= 2) {  // most fields: one or two digits
    const char pair[2] = {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
    if (value >= 10 || digits == 2) out->append(pair, 2);
    else out->push_back(pair[1]);
    return;
  }
  char buf[24];
  int length = 0;
  const bool negative = value < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    buf[length++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (length < digits && length < 20) buf[length++] = '0';
  if (negative) buf[length++] = '-';
  char text[24];
  for (int i = 0; i < length; ++i) text[i] = buf[length - 1 - i];
  out->append(text, static_cast<size_t>(length));
}

/// Long names of the zone abbreviations Java knows best; others print the offset, as
/// Joda does for a zone without a name.
std::string_view LongZoneName(std::string_view abbreviation) {
  struct Name {
    std::string_view abbreviation, name;
  };
  static constexpr Name kNames[] = {
      {"UTC", "Coordinated Universal Time"}, {"GMT", "Greenwich Mean Time"},
      {"PST", "Pacific Standard Time"},      {"PDT", "Pacific Daylight Time"},
      {"MST", "Mountain Standard Time"},     {"MDT", "Mountain Daylight Time"},
      {"CST", "Central Standard Time"},      {"CDT", "Central Daylight Time"},
      {"EST", "Eastern Standard Time"},      {"EDT", "Eastern Daylight Time"},
      {"CET", "Central European Time"},      {"CEST", "Central European Summer Time"},
      {"EET", "Eastern European Time"},      {"EEST", "Eastern European Summer Time"},
      {"WET", "Western European Time"},      {"WEST", "Western European Summer Time"},
      {"BST", "British Summer Time"},        {"JST", "Japan Standard Time"},
  };
  for (const Name& entry : kNames) {
    if (entry.abbreviation == abbreviation) return entry.name;
  }
  return {};
}

void AppendOffset(std::string* out, int32_t offset_seconds, bool colon) {
  const int32_t minutes = (offset_seconds < 0 ? -offset_seconds : offset_seconds) / 60;
  out->push_back(offset_seconds < 0 ? '-' : '+');
  AppendPadded(out, minutes / 60, 2);
  if (colon) out->push_back(':');
  AppendPadded(out, minutes % 60, 2);
}

[[noreturn]] void ThrowCannotParse(const char* function, std::string_view text,
                                   const DateTimeFormat& format, const std::string& reason) {
  throw ConversionError(std::string(function) + ": cannot parse '" + std::string(text) +
                        "' with format '" + format.text() + "': " + reason);
}

struct PatternHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
};

using PatternCache = std::unordered_map<std::string, std::shared_ptr<const DateTimeFormat>,
                                        PatternHash, std::equal_to<>>;

template <typename Compile>
std::shared_ptr<const DateTimeFormat> FromCache(PatternCache& cache, std::string_view text,
                                                Compile compile) {
  auto it = cache.find(text);
  if (it != cache.end()) return it->second;
  auto format = std::make_shared<const DateTimeFormat>(compile(text));
  if (cache.size() >= 256) cache.clear();  // patterns are few; bound the memory anyway
  cache.emplace(std::string(text), format);
  return format;
}

}  // namespace

void DateTimeFormat::Add(Kind kind, int min_digits, int max_digits, bool lenient) {
  items_.push_back(Item{kind, static_cast<uint8_t>(min_digits),
                        static_cast<uint8_t>(max_digits < min_digits ? min_digits : max_digits),
                        lenient, 0, 0});
}

void DateTimeFormat::AddLiteral(std::string_view literal) {
  if (literal.empty()) return;
  items_.push_back(Item{Kind::kLiteral, 0, 0, false,
                        static_cast<uint32_t>(literals_.size()),
                        static_cast<uint32_t>(literal.size())});
  literals_.append(literal);
}

DateTimeFormat DateTimeFormat::CompileMySql(std::string_view format) {
  DateTimeFormat out;
  out.text_ = std::string(format);
  out.two_digit_year_pivot_ = 2020;  // 1970..2069
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out.AddLiteral(format.substr(i, 1));
      continue;
    }
    if (++i == format.size()) break;  // a trailing '%' is dropped, as in Trino
    const char c = format[i];
    switch (c) {
      case 'a': out.Add(Kind::kDayOfWeekShortText); break;
      case 'b': out.Add(Kind::kMonthShortText); break;
      case 'c': out.Add(Kind::kMonth, 1, 2); break;
      case 'd': out.Add(Kind::kDayOfMonth, 2, 2); break;
      case 'e': out.Add(Kind::kDayOfMonth, 1, 2); break;
      case 'f': out.Add(Kind::kFraction, 6, 9); break;
      case 'H': out.Add(Kind::kHourOfDay, 2, 2); break;
      case 'h': case 'I': out.Add(Kind::kClockhourOfHalfday, 2, 2); break;
      case 'i': out.Add(Kind::kMinute, 2, 2); break;
      case 'j': out.Add(Kind::kDayOfYear, 3, 3); break;
      case 'k': out.Add(Kind::kHourOfDay, 1, 2); break;
      case 'l': out.Add(Kind::kClockhourOfHalfday, 1, 2); break;
      case 'M': out.Add(Kind::kMonthText); break;
      case 'm': out.Add(Kind::kMonth, 2, 2); break;
      case 'p': out.Add(Kind::kHalfdayText); break;
      case 'r':
        out.Add(Kind::kClockhourOfHalfday, 2, 2);
        out.AddLiteral(":");
        out.Add(Kind::kMinute, 2, 2);
        out.AddLiteral(":");
        out.Add(Kind::kSecond, 2, 2);
        out.AddLiteral(" ");
        out.Add(Kind::kHalfdayText);
        break;
      case 'S': case 's': out.Add(Kind::kSecond, 2, 2); break;
      case 'T':
        out.Add(Kind::kHourOfDay, 2, 2);
        out.AddLiteral(":");
        out.Add(Kind::kMinute, 2, 2);
        out.AddLiteral(":");
        out.Add(Kind::kSecond, 2, 2);
        break;
      case 'v': out.Add(Kind::kWeekOfWeekyear, 2, 2); break;
      case 'W': out.Add(Kind::kDayOfWeekText); break;
      case 'x': out.Add(Kind::kWeekyear, 4, 4); break;
      case 'Y': out.Add(Kind::kYear, 4, 4); break;
      case 'y': out.Add(Kind::kTwoDigitYear, 2, 2); break;
      case 'D': case 'U': case 'u': case 'V': case 'w': case 'X':
        throw InvalidArgumentError("%" + std::string(1, c) +
                                   " is not supported in date format string '" + out.text_ +
                                   "' (Trino does not support %D %U %u %V %w %X)");
      default: out.AddLiteral(format.substr(i, 1)); break;  // %% and %<other>
    }
  }
  return out;
}

DateTimeFormat DateTimeFormat::CompileJoda(std::string_view pattern, int32_t two_digit_year_pivot) {
  DateTimeFormat out;
  out.text_ = std::string(pattern);
  out.two_digit_year_pivot_ =
      two_digit_year_pivot != 0 ? two_digit_year_pivot : CurrentUtcYear() - 30;
  // Tokens as Joda cuts them: a run of one letter, quoted text, or other characters.
  struct Token {
    char letter;  ///< 0 for literal text.
    int count;
    std::string literal;
  };
  std::vector<Token> tokens;
  for (size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (IsAsciiLetter(c)) {
      size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      tokens.push_back(Token{c, static_cast<int>(j - i), {}});
      i = j;
      continue;
    }
    std::string literal;
    while (i < pattern.size() && !IsAsciiLetter(pattern[i])) {
      if (pattern[i] != '\'') {
        literal.push_back(pattern[i++]);
        continue;
      }
      ++i;
      if (i < pattern.size() && pattern[i] == '\'') {  // '' is a quote
        literal.push_back('\'');
        ++i;
        continue;
      }
      while (i < pattern.size()) {  // quoted text runs to the next lone quote (or the end)
        if (pattern[i] == '\'') {
          if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
            literal.push_back('\'');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        literal.push_back(pattern[i++]);
      }
    }
    tokens.push_back(Token{0, 0, std::move(literal)});
  }
  auto next_is_numeric = [&](size_t index) {
    if (index + 1 >= tokens.size()) return false;
    const Token& next = tokens[index + 1];
    switch (next.letter) {
      case 'C': case 'Y': case 'x': case 'w': case 'e': case 'y': case 'D': case 'd':
      case 'K': case 'h': case 'H': case 'k': case 'm': case 's': case 'S':
        return true;
      case 'M': return next.count <= 2;
      default: return false;
    }
  };
  for (size_t t = 0; t < tokens.size(); ++t) {
    const Token& token = tokens[t];
    const int n = token.count;
    switch (token.letter) {
      case 0: out.AddLiteral(token.literal); break;
      case 'G': out.Add(Kind::kEraText); break;
      case 'C': out.Add(Kind::kCenturyOfEra, n, n); break;
      case 'x': case 'y': case 'Y': {
        const Kind full = token.letter == 'x' ? Kind::kWeekyear
                          : token.letter == 'y' ? Kind::kYear : Kind::kYearOfEra;
        if (n == 2) {
          out.Add(token.letter == 'x' ? Kind::kTwoDigitWeekyear : Kind::kTwoDigitYear, 2, 2,
                  !next_is_numeric(t));
        } else {
          out.Add(full, n, next_is_numeric(t) ? n : 9);
        }
        break;
      }
      case 'M':
        if (n >= 4) out.Add(Kind::kMonthText);
        else if (n == 3) out.Add(Kind::kMonthShortText);
        else out.Add(Kind::kMonth, n, 2);
        break;
      case 'd': out.Add(Kind::kDayOfMonth, n, 2); break;
      case 'D': out.Add(Kind::kDayOfYear, n, 3); break;
      case 'w': out.Add(Kind::kWeekOfWeekyear, n, 2); break;
      case 'e': out.Add(Kind::kDayOfWeek, n, 1); break;
      case 'E': out.Add(n >= 4 ? Kind::kDayOfWeekText : Kind::kDayOfWeekShortText); break;
      case 'a': out.Add(Kind::kHalfdayText); break;
      case 'K': out.Add(Kind::kHourOfHalfday, n, 2); break;
      case 'h': out.Add(Kind::kClockhourOfHalfday, n, 2); break;
      case 'H': out.Add(Kind::kHourOfDay, n, 2); break;
      case 'k': out.Add(Kind::kClockhourOfDay, n, 2); break;
      case 'm': out.Add(Kind::kMinute, n, 2); break;
      case 's': out.Add(Kind::kSecond, n, 2); break;
      case 'S': out.Add(Kind::kFraction, n, n); break;
      case 'z': out.Add(n >= 4 ? Kind::kZoneLongName : Kind::kZoneShortName); break;
      case 'Z':
        out.Add(n == 1 ? Kind::kZoneOffset : n == 2 ? Kind::kZoneOffsetColon : Kind::kZoneId);
        break;
      default:
        throw InvalidArgumentError("illegal pattern component '" +
                                   std::string(static_cast<size_t>(n), token.letter) +
                                   "' in date/time pattern '" + out.text_ + "'");
    }
  }
  return out;
}

void DateTimeFormat::Append(std::string* out, int64_t utc_micros, int32_t zone_id) const {
  const int32_t offset = UtcOffsetSeconds(zone_id, utc_micros);
  // Trino formats millisecond values: floor the microseconds.
  const int64_t local_millis = FloorDiv(utc_micros + int64_t{offset} * kMicrosPerSecond, 1000);
  const int64_t days = FloorDiv(local_millis, 86400000);
  const int64_t millis_of_day = local_millis - days * 86400000;
  const CivilDate date = CivilFromDays(static_cast<int32_t>(days));
  const int32_t hour = static_cast<int32_t>(millis_of_day / 3600000);
  const int32_t millis = static_cast<int32_t>(millis_of_day % 1000);
  for (const Item& item : items_) {
    const Kind kind = item.kind;
    switch (kind) {
      case Kind::kLiteral: out->append(literals_, item.literal_begin, item.literal_size); break;
      case Kind::kEraText: out->append(date.year <= 0 ? "BC" : "AD"); break;
      case Kind::kCenturyOfEra:
        AppendPadded(out, (date.year <= 0 ? 1 - date.year : date.year) / 100, item.min_digits);
        break;
      case Kind::kYearOfEra:
        AppendPadded(out, date.year <= 0 ? 1 - date.year : date.year, item.min_digits);
        break;
      case Kind::kYear: AppendPadded(out, date.year, item.min_digits); break;
      case Kind::kTwoDigitYear:
        AppendPadded(out, (date.year < 0 ? -date.year : date.year) % 100, 2);
        break;
      case Kind::kWeekyear:
      case Kind::kTwoDigitWeekyear:
      case Kind::kWeekOfWeekyear: {
        int32_t week_year = 0, week = 0;
        IsoWeekDate(static_cast<int32_t>(days), &week_year, &week);
        if (kind == Kind::kWeekOfWeekyear) AppendPadded(out, week, item.min_digits);
        else if (kind == Kind::kWeekyear) AppendPadded(out, week_year, item.min_digits);
        else AppendPadded(out, (week_year < 0 ? -week_year : week_year) % 100, 2);
        break;
      }
      case Kind::kMonth: AppendPadded(out, date.month, item.min_digits); break;
      case Kind::kMonthShortText: out->append(kMonthNames[date.month - 1].substr(0, 3)); break;
      case Kind::kMonthText: out->append(kMonthNames[date.month - 1]); break;
      case Kind::kDayOfYear:
        AppendPadded(out, days - DaysFromCivil(date.year, 1, 1) + 1, item.min_digits);
        break;
      case Kind::kDayOfMonth: AppendPadded(out, date.day, item.min_digits); break;
      case Kind::kDayOfWeek: AppendPadded(out, IsoDayOfWeek(days), item.min_digits); break;
      case Kind::kDayOfWeekShortText:
        out->append(kDayNames[IsoDayOfWeek(days) - 1].substr(0, 3));
        break;
      case Kind::kDayOfWeekText: out->append(kDayNames[IsoDayOfWeek(days) - 1]); break;
      case Kind::kHalfdayText: out->append(hour < 12 ? "AM" : "PM"); break;
      case Kind::kHourOfDay: AppendPadded(out, hour, item.min_digits); break;
      case Kind::kClockhourOfDay: AppendPadded(out, hour == 0 ? 24 : hour, item.min_digits); break;
      case Kind::kHourOfHalfday: AppendPadded(out, hour % 12, item.min_digits); break;
      case Kind::kClockhourOfHalfday:
        AppendPadded(out, hour % 12 == 0 ? 12 : hour % 12, item.min_digits);
        break;
      case Kind::kMinute: AppendPadded(out, millis_of_day / 60000 % 60, item.min_digits); break;
      case Kind::kSecond: AppendPadded(out, millis_of_day / 1000 % 60, item.min_digits); break;
      case Kind::kFraction: {
        // The first min_digits digits of the fraction (zeros past the milliseconds).
        int64_t value = millis;
        for (int d = item.min_digits; d < 3; ++d) value /= 10;
        for (int d = 3; d < item.min_digits; ++d) value *= 10;
        AppendPadded(out, value, item.min_digits);
        break;
      }
      case Kind::kZoneShortName: out->append(TimeZoneAbbreviation(zone_id, utc_micros)); break;
      case Kind::kZoneLongName: {
        const std::string abbreviation = TimeZoneAbbreviation(zone_id, utc_micros);
        const std::string_view name = LongZoneName(abbreviation);
        if (!name.empty()) out->append(name);
        else AppendOffset(out, offset, true);
        break;
      }
      case Kind::kZoneOffset: AppendOffset(out, offset, false); break;
      case Kind::kZoneOffsetColon: AppendOffset(out, offset, true); break;
      case Kind::kZoneId: out->append(TimeZoneName(zone_id)); break;
    }
  }
}

std::shared_ptr<const DateTimeFormat> CachedMySqlFormat(std::string_view format) {
  thread_local PatternCache cache;
  return FromCache(cache, format, [](std::string_view f) { return DateTimeFormat::CompileMySql(f); });
}

std::shared_ptr<const DateTimeFormat> CachedJodaFormat(std::string_view pattern) {
  thread_local PatternCache cache;
  return FromCache(cache, pattern, [](std::string_view p) { return DateTimeFormat::CompileJoda(p); });
}

// ---- The SQL functions ---------------------------------------------------------------

void AppendDateFormat(std::string* out, int64_t timestamp, const DateTimeFormat& format) {
  format.Append(out, timestamp, kUtcZoneId);
}

std::string DateFormat(int64_t timestamp, std::string_view format) {
  std::string out;
  CachedMySqlFormat(format)->Append(&out, timestamp, kUtcZoneId);
  return out;
}

std::string DateFormat(TimestampTz value, std::string_view format) {
  std::string out;
  CachedMySqlFormat(format)->Append(&out, value.micros, value.zone_id);
  return out;
}

int64_t DateParse(std::string_view text, const DateTimeFormat& format) {
  ParsedDateTime parsed;
  std::string error;
  if (!format.Parse(text, &parsed, &error)) ThrowCannotParse("date_parse", text, format, error);
  return parsed.local_micros;
}

int64_t DateParse(std::string_view text, std::string_view format) {
  return DateParse(text, *CachedMySqlFormat(format));
}

std::string FormatDatetime(int64_t timestamp, std::string_view pattern) {
  std::string out;
  CachedJodaFormat(pattern)->Append(&out, timestamp, kUtcZoneId);
  return out;
}

void AppendFormatDatetime(std::string* out, TimestampTz value, const DateTimeFormat& pattern) {
  pattern.Append(out, value.micros, value.zone_id);
}

std::string FormatDatetime(TimestampTz value, std::string_view pattern) {
  std::string out;
  CachedJodaFormat(pattern)->Append(&out, value.micros, value.zone_id);
  return out;
}

TimestampTz ParseDatetime(std::string_view text, const DateTimeFormat& pattern,
                          int32_t session_zone) {
  ParsedDateTime parsed;
  std::string error;
  if (!pattern.Parse(text, &parsed, &error)) {
    ThrowCannotParse("parse_datetime", text, pattern, error);
  }
  const int32_t zone = parsed.has_zone ? parsed.zone_id : session_zone;
  const int64_t utc = LocalToUtcMicros(zone, parsed.local_micros);
  if (UtcToLocalMicros(zone, utc) != parsed.local_micros) {
    ThrowCannotParse("parse_datetime", text, pattern,
                     "the local time does not exist in " + TimeZoneName(zone) +
                         " (skipped by a time zone offset transition)");
  }
  return TimestampTz{utc, zone, 0};
}

TimestampTz ParseDatetime(std::string_view text, std::string_view pattern, int32_t session_zone) {
  return ParseDatetime(text, *CachedJodaFormat(pattern), session_zone);
}

}  // namespace sluice
