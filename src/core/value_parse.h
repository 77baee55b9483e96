#pragma once
// Text → typed values, as CSV/JSON readers and SQL CAST need them.
//
// Every function parses the whole of `text` (no surrounding spaces) and returns
// false, without throwing, when the text is not a valid value of the type; callers
// decide what a bad value means (error, reject, NULL). They are hot paths of the
// readers: no allocation, no locale.

#include <cstdint>
#include <string_view>

#include "core/calendar.h"
#include "core/vector.h"

namespace sluice {

/// true/false, t/f, yes/no, y/n, 1/0, on/off (case-insensitive).
bool ParseBoolean(std::string_view text, bool* out);

/// Decimal integers with an optional sign; false on overflow of the target type.
bool ParseInt8(std::string_view text, int8_t* out);
bool ParseInt16(std::string_view text, int16_t* out);
bool ParseInt32(std::string_view text, int32_t* out);
bool ParseInt64(std::string_view text, int64_t* out);

/// Decimal or scientific notation, "NaN", "Infinity", "-Infinity", "inf".
bool ParseDouble(std::string_view text, double* out);
bool ParseFloat(std::string_view text, float* out);

/// A decimal number ("-12.5", "+3", ".25", "7.") as an unscaled integer of the given
/// scale; extra fractional digits are rounded half away from zero, as Trino's CAST does.
/// False when the value needs more than `precision` digits.
bool ParseDecimal(std::string_view text, int precision, int scale, __int128* out);

/// What a decimal literal needs: digits before the point (leading zeros dropped) and
/// after it. False when `text` is not a plain decimal number (no exponent).
bool MeasureDecimal(std::string_view text, int* integer_digits, int* fraction_digits);

/// ISO date "YYYY-MM-DD" (also one-digit month/day) as days since 1970-01-01.
bool ParseDate(std::string_view text, int32_t* days);

/// "YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]]" as microseconds since the epoch; more than
/// six fractional digits are rounded. A zone suffix makes it fail (see ParseTimestampTz).
bool ParseTimestamp(std::string_view text, int64_t* micros);

/// A timestamp followed by a zone: "Z", "+02", "+02:00", "+0200", " UTC",
/// " America/New_York". Without a zone the local time is taken in `default_zone`
/// unless `require_zone` is set, in which case it fails.
bool ParseTimestampTz(std::string_view text, int32_t default_zone, bool require_zone,
                      TimestampTz* out);

/// Hex digits ("0x" optional) as bytes, for VARBINARY literals; `out` must hold
/// text.size() / 2 bytes. Returns the byte count through `size`.
bool ParseHex(std::string_view text, char* out, size_t* size);

// ---- Inline fast paths ---------------------------------------------------------------
// Readers call these once per value. Each accepts exactly what the function it is named
// after accepts and gives the same result: the common form is parsed inline, anything
// else is handed to the general function.

namespace value_parse_detail {
inline bool Digit(char c, int32_t* value) {
  unsigned d = static_cast<unsigned char>(c) - static_cast<unsigned>('0');
  *value = static_cast<int32_t>(d);
  return d <= 9;
}
/// Two digits at p; false if either is not a digit.
inline bool TwoDigits(const char* p, int32_t* value) {
  int32_t a, b;
  if (!Digit(p[0], &a) || !Digit(p[1], &b)) return false;
  *value = a * 10 + b;
  return true;
}
/// "YYYY-MM-DD" at p (10 bytes, checked by the caller): 1 valid, 0 invalid date,
/// -1 not this form.
inline int FixedDate(const char* p, int32_t* days) {
  if (p[4] != '-' || p[7] != '-') return -1;
  int32_t y1, y2, month, day;
  if (!TwoDigits(p, &y1) || !TwoDigits(p + 2, &y2) || !TwoDigits(p + 5, &month) ||
      !TwoDigits(p + 8, &day)) {
    return -1;
  }
  const int32_t year = y1 * 100 + y2;
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return 0;
  // DaysFromCivil for years 0..9999 in unsigned arithmetic, so that the divisions by
  // constants become multiplications (signed ones compile to idiv here).
  const uint32_t y = static_cast<uint32_t>(year) + 400 - (month <= 2 ? 1 : 0);
  const uint32_t era = y / 400;
  const uint32_t year_of_era = y - era * 400;
  const uint32_t m = static_cast<uint32_t>(month);
  const uint32_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<uint32_t>(day) - 1;
  const uint32_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  *days = static_cast<int32_t>(era * 146097 + day_of_era) - 719468 - 146097;
  return 1;
}
}  // namespace value_parse_detail

/// Same as ParseInt64; inline for up to 17 digits.
inline bool ParseInt64Fast(std::string_view text, int64_t* out) {
  const char* p = text.data();
  const size_t size = text.size();
  if (size == 0 || size > 18) return ParseInt64(text, out);
  size_t i = 0;
  bool negative = false;
  if (p[0] == '-' || p[0] == '+') {
    negative = p[0] == '-';
    if (size == 1) return false;
    i = 1;
  }
  int64_t value = 0;
  for (; i < size; ++i) {
    unsigned d = static_cast<unsigned char>(p[i]) - static_cast<unsigned>('0');
    if (d > 9) return false;
    value = value * 10 + d;
  }
  *out = negative ? -value : value;
  return true;
}

/// Same as ParseDate; inline for "YYYY-MM-DD".
inline bool ParseDateFast(std::string_view text, int32_t* days) {
  if (text.size() == 10) {
    int result = value_parse_detail::FixedDate(text.data(), days);
    if (result >= 0) return result == 1;
  }
  return ParseDate(text, days);
}

/// Same as ParseTimestamp; inline for "YYYY-MM-DD HH:MM:SS" with an optional fraction
/// of 1 to 6 digits after '.', and 'T' or ' ' between date and time.
inline bool ParseTimestampFast(std::string_view text, int64_t* micros) {
  using value_parse_detail::TwoDigits;
  const char* p = text.data();
  const size_t size = text.size();
  if (size >= 19 && size <= 26 && (p[10] == ' ' || p[10] == 'T') && p[13] == ':' &&
      p[16] == ':' && (size == 19 || (p[19] == '.' && size >= 21))) {
    int32_t days = 0, hour = 0, minute = 0, second = 0;
    int date = value_parse_detail::FixedDate(p, &days);
    if (date >= 0 && TwoDigits(p + 11, &hour) && TwoDigits(p + 14, &minute) &&
        TwoDigits(p + 17, &second)) {
      int64_t fraction = 0;
      bool digits = true;
      for (size_t i = 20; i < size && digits; ++i) {
        int32_t d;
        digits = value_parse_detail::Digit(p[i], &d);
        fraction = fraction * 10 + d;
      }
      if (digits) {
        if (date == 0 || hour > 23 || minute > 59 || second > 59) return false;
        for (size_t i = size; i < 26 && size > 19; ++i) fraction *= 10;
        *micros = int64_t{days} * kMicrosPerDay + hour * kMicrosPerHour +
                  minute * kMicrosPerMinute + second * kMicrosPerSecond + fraction;
        return true;
      }
    }
  }
  return ParseTimestamp(text, micros);
}

}  // namespace sluice
