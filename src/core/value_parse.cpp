#include "core/value_parse.h"

#include <charconv>
#include <cstring>
#include <limits>

#include "core/calendar.h"
#include "core/time_zone.h"

namespace sluice {

namespace {

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != b[i]) return false;
  }
  return true;
}

/// Parses an optionally signed integer into [min, max].
template <typename T>
bool ParseSigned(std::string_view text, T* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p == end) return false;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
    if (p == end) return false;
  }
  // Accumulate as a negative number so that the minimum value parses.
  constexpr int64_t kMin = std::numeric_limits<T>::min();
  constexpr int64_t kMax = std::numeric_limits<T>::max();
  uint64_t value = 0;
  size_t digits = static_cast<size_t>(end - p);
  if (digits <= 18) {
    for (; p < end; ++p) {
      unsigned d = static_cast<unsigned char>(*p - '0');
      if (d > 9) return false;
      value = value * 10 + d;
    }
  } else {
    for (; p < end; ++p) {
      unsigned d = static_cast<unsigned char>(*p - '0');
      if (d > 9) return false;
      if (value > (UINT64_MAX - d) / 10) return false;
      value = value * 10 + d;
    }
  }
  if (negative) {
    if (value > static_cast<uint64_t>(-(kMin + 1)) + 1) return false;
    *out = static_cast<T>(value == static_cast<uint64_t>(-(kMin + 1)) + 1
                              ? kMin
                              : -static_cast<int64_t>(value));
  } else {
    if (value > static_cast<uint64_t>(kMax)) return false;
    *out = static_cast<T>(value);
  }
  return true;
}

/// Reads exactly `count` digits at p; false if any is not a digit.
inline bool ReadFixedDigits(const char* p, int count, int32_t* value) {
  int32_t v = 0;
  for (int i = 0; i < count; ++i) {
    if (!IsDigit(p[i])) return false;
    v = v * 10 + (p[i] - '0');
  }
  *value = v;
  return true;
}

/// Reads 1 or 2 digits; advances p.
inline bool ReadOneOrTwoDigits(const char*& p, const char* end, int32_t* value) {
  if (p == end || !IsDigit(*p)) return false;
  int32_t v = *p++ - '0';
  if (p != end && IsDigit(*p)) v = v * 10 + (*p++ - '0');
  *value = v;
  return true;
}

/// Largest |year| a date may have: DaysFromCivil's int32 arithmetic overflows a little
/// beyond 5.8 million years (Trino's DATE ends at 5877641).
constexpr int32_t kMaxDateYear = 5000000;
/// Largest |days| of a timestamp: int64 microseconds hold about ±292,000 years.
constexpr int64_t kMaxTimestampDays = 106750000;

inline bool TimestampDaysInRange(int32_t days) {
  return days <= kMaxTimestampDays && days >= -kMaxTimestampDays;
}

/// Parses the date prefix; advances p past it.
bool ParseDatePart(const char*& p, const char* end, int32_t* days) {
  // Fast path: YYYY-MM-DD
  int32_t year = 0, month = 0, day = 0;
  if (end - p >= 10 && p[4] == '-' && p[7] == '-' && ReadFixedDigits(p, 4, &year) &&
      ReadFixedDigits(p + 5, 2, &month) && ReadFixedDigits(p + 8, 2, &day)) {
    p += 10;
  } else {
    bool negative = false;
    if (p != end && (*p == '-' || *p == '+')) {
      negative = *p == '-';
      ++p;
    }
    const char* start = p;
    while (p != end && IsDigit(*p) && p - start < 7) year = year * 10 + (*p++ - '0');
    if (p - start < 4 || p == end || *p != '-') return false;
    if (year > kMaxDateYear) return false;
    if (negative) year = -year;
    ++p;
    if (!ReadOneOrTwoDigits(p, end, &month) || p == end || *p != '-') return false;
    ++p;
    if (!ReadOneOrTwoDigits(p, end, &day)) return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  *days = DaysFromCivil(year, month, day);
  return true;
}

/// Parses "HH:MM[:SS[.fraction]]"; advances p. Rounds beyond microseconds.
bool ParseTimePart(const char*& p, const char* end, int64_t* micros) {
  int32_t hour = 0, minute = 0, second = 0;
  if (!ReadOneOrTwoDigits(p, end, &hour) || p == end || *p != ':') return false;
  ++p;
  if (end - p < 2 || !ReadFixedDigits(p, 2, &minute)) return false;
  p += 2;
  int64_t fraction = 0;
  if (p != end && *p == ':') {
    ++p;
    if (end - p < 2 || !ReadFixedDigits(p, 2, &second)) return false;
    p += 2;
    if (p != end && (*p == '.' || *p == ',')) {
      ++p;
      int digits = 0;
      bool round_up = false;
      while (p != end && IsDigit(*p)) {
        if (digits < 6) {
          fraction = fraction * 10 + (*p - '0');
        } else if (digits == 6) {
          round_up = *p >= '5';
        }
        ++digits;
        ++p;
      }
      if (digits == 0 || digits > 12) return false;
      for (int i = digits; i < 6; ++i) fraction *= 10;
      if (round_up) ++fraction;  // may carry into the seconds: fine, added below
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  *micros = hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond +
            fraction;
  return true;
}

}  // namespace

bool ParseBoolean(std::string_view text, bool* out) {
  if (text.empty() || text.size() > 5) return false;
  char buf[5];
  for (size_t i = 0; i < text.size(); ++i) buf[i] = LowerAscii(text[i]);
  std::string_view t(buf, text.size());
  if (t == "true" || t == "t" || t == "yes" || t == "y" || t == "1" || t == "on") {
    *out = true;
    return true;
  }
  if (t == "false" || t == "f" || t == "no" || t == "n" || t == "0" || t == "off") {
    *out = false;
    return true;
  }
  return false;
}

bool ParseInt8(std::string_view text, int8_t* out) { return ParseSigned(text, out); }
bool ParseInt16(std::string_view text, int16_t* out) { return ParseSigned(text, out); }
bool ParseInt32(std::string_view text, int32_t* out) { return ParseSigned(text, out); }
bool ParseInt64(std::string_view text, int64_t* out) { return ParseSigned(text, out); }

bool ParseDouble(std::string_view text, double* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p == end) return false;
  bool negative = false;
  if (*p == '+' || *p == '-') {
    negative = *p == '-';
    ++p;
  }
  std::string_view rest(p, static_cast<size_t>(end - p));
  if (rest.empty()) return false;
  if (!IsDigit(rest[0]) && rest[0] != '.') {
    if (EqualsIgnoreCase(rest, "infinity") || EqualsIgnoreCase(rest, "inf")) {
      *out = negative ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
      return true;
    }
    if (EqualsIgnoreCase(rest, "nan")) {
      *out = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    return false;
  }
  double value = 0;
  auto result = std::from_chars(p, end, value, std::chars_format::general);
  if (result.ec == std::errc::result_out_of_range) {
    // Overflow gives infinity, underflow zero, like strtod and Trino.
    bool tiny = false;
    for (const char* q = p; q < end; ++q) {
      if (*q == 'e' || *q == 'E') {
        tiny = q + 1 < end && q[1] == '-';
        break;
      }
    }
    value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (result.ec != std::errc() || result.ptr != end) {
    return false;
  }
  *out = negative ? -value : value;
  return true;
}

bool ParseFloat(std::string_view text, float* out) {
  double value;
  if (!ParseDouble(text, &value)) return false;
  *out = static_cast<float>(value);
  return true;
}

bool MeasureDecimal(std::string_view text, int* integer_digits, int* fraction_digits) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p != end && (*p == '+' || *p == '-')) ++p;
  bool any_digit = false;
  int int_digits = 0, frac_digits = 0;
  for (; p != end && IsDigit(*p); ++p) {
    any_digit = true;
    if (int_digits > 0 || *p != '0') ++int_digits;  // leading zeros are not significant
  }
  if (p != end && *p == '.') {
    for (++p; p != end && IsDigit(*p); ++p) {
      any_digit = true;
      ++frac_digits;
    }
  }
  if (p != end || !any_digit) return false;
  *integer_digits = int_digits;
  *fraction_digits = frac_digits;
  return true;
}

bool ParseDecimal(std::string_view text, int precision, int scale, __int128* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p == end) return false;
  bool negative = false;
  if (*p == '+' || *p == '-') {
    negative = *p == '-';
    ++p;
  }
  while (p != end && *p == '0' && p + 1 != end && IsDigit(p[1])) ++p;
  __int128 value = 0;
  int int_digits = 0;
  bool any_digit = false;
  while (p != end && IsDigit(*p)) {
    value = value * 10 + (*p - '0');
    if (value != 0) ++int_digits;
    // Too many digits fails below anyway; stop before the value overflows 128 bits.
    if (int_digits > precision - scale) return false;
    any_digit = true;
    ++p;
  }
  int frac_digits = 0;
  bool round_up = false;
  if (p != end && *p == '.') {
    ++p;
    while (p != end && IsDigit(*p)) {
      if (frac_digits < scale) {
        value = value * 10 + (*p - '0');
      } else if (frac_digits == scale) {
        round_up = *p >= '5';
      }
      ++frac_digits;
      any_digit = true;
      ++p;
    }
  }
  if (p != end || !any_digit) return false;
  if (int_digits > precision - scale) return false;
  for (int i = frac_digits; i < scale; ++i) value *= 10;
  if (round_up) {
    ++value;
    // Rounding may add a digit (9.995 → 10.00 at scale 2).
    __int128 limit = 1;
    for (int i = 0; i < precision; ++i) limit *= 10;
    if (value >= limit) return false;
  }
  *out = negative ? -value : value;
  return true;
}

bool ParseDate(std::string_view text, int32_t* days) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (!ParseDatePart(p, end, days)) return false;
  return p == end;
}

bool ParseTimestamp(std::string_view text, int64_t* micros) {
  const char* p = text.data();
  const char* end = p + text.size();
  int32_t days = 0;
  if (!ParseDatePart(p, end, &days) || !TimestampDaysInRange(days)) return false;
  int64_t time_of_day = 0;
  if (p != end) {
    if (*p != ' ' && *p != 'T') return false;
    ++p;
    if (!ParseTimePart(p, end, &time_of_day)) return false;
    if (p != end) return false;
  }
  *micros = int64_t{days} * kMicrosPerDay + time_of_day;
  return true;
}

bool ParseTimestampTz(std::string_view text, int32_t default_zone, bool require_zone,
                      TimestampTz* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  int32_t days = 0;
  if (!ParseDatePart(p, end, &days) || !TimestampDaysInRange(days)) return false;
  int64_t time_of_day = 0;
  if (p != end && (*p == ' ' || *p == 'T') && end - p > 1 && IsDigit(p[1])) {
    ++p;
    if (!ParseTimePart(p, end, &time_of_day)) return false;
  }
  int64_t local = int64_t{days} * kMicrosPerDay + time_of_day;
  int32_t zone = default_zone;
  if (p != end) {
    if (*p == ' ') ++p;
    if (!LookupTimeZone(std::string_view(p, static_cast<size_t>(end - p)), &zone)) return false;
  } else if (require_zone) {
    return false;
  }
  out->micros = LocalToUtcMicros(zone, local);
  out->zone_id = zone;
  out->reserved = 0;
  return true;
}

bool ParseHex(std::string_view text, char* out, size_t* size) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
  }
  if (text.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = LowerAscii(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = nibble(text[i]);
    int lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i / 2] = static_cast<char>(hi * 16 + lo);
  }
  *size = text.size() / 2;
  return true;
}

}  // namespace sluice
