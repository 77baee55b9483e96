#pragma once
// Number parsers for text that is followed by at least 16 readable bytes (the padding
// of CSV block buffers): they read 8 bytes at a time and convert 8 digits with a few
// multiplications (SWAR), without a branch per digit. Same results as core/value_parse.h.

#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/value_parse.h"

namespace sluice::csv {

namespace padded_detail {

/// `size` (1..8) ASCII digits at p (8 bytes are read): false if one is not a digit.
inline bool ParseDigits(const char* p, size_t size, uint64_t* out) {
  uint64_t chunk;
  std::memcpy(&chunk, p, 8);
  // Little-endian: move the digits to the high bytes and fill the low ones with '0', so
  // the 8 bytes read as the number with leading zeros.
  const unsigned shift = static_cast<unsigned>(8 - size) * 8;
  if (shift != 0) chunk = (chunk << shift) | (0x3030303030303030ULL >> (64 - shift));
  if ((((chunk + 0x4646464646464646ULL) | (chunk - 0x3030303030303030ULL)) &
       0x8080808080808080ULL) != 0) {
    return false;
  }
  chunk -= 0x3030303030303030ULL;
  chunk = (chunk * 10 + (chunk >> 8)) & 0x00FF00FF00FF00FFULL;
  chunk = (chunk * 100 + (chunk >> 16)) & 0x0000FFFF0000FFFFULL;
  *out = (chunk * 10000 + (chunk >> 32)) & 0xFFFFFFFFULL;
  return true;
}

/// 1..16 digits.
inline bool ParseUpTo16Digits(const char* p, size_t size, uint64_t* out) {
  if (size <= 8) return ParseDigits(p, size, out);
  uint64_t high, low;
  if (!ParseDigits(p, size - 8, &high) || !ParseDigits(p + size - 8, 8, &low)) return false;
  *out = high * 100000000 + low;
  return true;
}

inline constexpr uint64_t kPowersOfTen[] = {1,
                                            10,
                                            100,
                                            1000,
                                            10000,
                                            100000,
                                            1000000,
                                            10000000,
                                            100000000,
                                            1000000000,
                                            10000000000,
                                            100000000000,
                                            1000000000000,
                                            10000000000000,
                                            100000000000000,
                                            1000000000000000,
                                            10000000000000000,
                                            100000000000000000,
                                            1000000000000000000};

}  // namespace padded_detail

/// Same as ParseInt64 (`text` must be followed by 16 readable bytes).
inline bool ParsePaddedInt64(std::string_view text, int64_t* out) {
  const char* p = text.data();
  size_t size = text.size();
  bool negative = false;
  if (size > 0 && (p[0] == '-' || p[0] == '+')) {
    negative = p[0] == '-';
    ++p;
    --size;
  }
  if (size == 0 || size > 16) return ParseInt64Fast(text, out);
  uint64_t value;
  if (!padded_detail::ParseUpTo16Digits(p, size, &value)) return false;
  const int64_t signed_value = static_cast<int64_t>(value);
  *out = negative ? -signed_value : signed_value;
  return true;
}

/// A plain decimal ("-12.5") as an unscaled value of DECIMAL(precision, scale), exactly,
/// for precision <= 18: 1 done, 0 not a valid value, -1 cannot tell (more fractional
/// digits than `scale`, or too many digits for this path): ask the general parser.
inline int ParsePaddedShortDecimal(std::string_view text, int precision, int scale,
                                   int64_t* out) {
  const char* p = text.data();
  size_t size = text.size();
  bool negative = false;
  if (size > 0 && (p[0] == '-' || p[0] == '+')) {
    negative = p[0] == '-';
    ++p;
    --size;
  }
  size_t integer_size = 0;
  while (integer_size < size && p[integer_size] != '.') ++integer_size;
  const size_t fraction_size = integer_size < size ? size - integer_size - 1 : 0;
  if (integer_size > 16 || fraction_size > 8 || precision > 18) return -1;
  if (fraction_size > static_cast<size_t>(scale)) return -1;  // rounding: general path
  if (integer_size + fraction_size == 0) return 0;
  uint64_t integer = 0, fraction = 0;
  if (integer_size > 0 && !padded_detail::ParseUpTo16Digits(p, integer_size, &integer)) return 0;
  if (fraction_size > 0 &&
      !padded_detail::ParseDigits(p + integer_size + 1, fraction_size, &fraction)) {
    return 0;
  }
  if (integer >= padded_detail::kPowersOfTen[precision - scale]) return 0;
  const uint64_t unscaled = integer * padded_detail::kPowersOfTen[scale] +
                            fraction * padded_detail::kPowersOfTen[scale - fraction_size];
  *out = negative ? -static_cast<int64_t>(unscaled) : static_cast<int64_t>(unscaled);
  return 1;
}

}  // namespace sluice::csv
