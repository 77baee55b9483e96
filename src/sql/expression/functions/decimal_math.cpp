#include "sql/expression/functions/decimal_math.h"

#include <charconv>
#include <cmath>

#include "core/value.h"

namespace sluice::sql {

__int128 DivideRoundHalfUp(__int128 value, __int128 divisor) {
  __int128 quotient = value / divisor;
  __int128 remainder = value % divisor;
  if (remainder != 0) {
    const unsigned __int128 twice = static_cast<unsigned __int128>(remainder < 0 ? -remainder : remainder) * 2;
    const unsigned __int128 abs_divisor = static_cast<unsigned __int128>(divisor < 0 ? -divisor : divisor);
    if (twice >= abs_divisor) quotient += ((value < 0) != (divisor < 0)) ? -1 : 1;
  }
  return quotient;
}

bool RescaleDecimal(__int128 value, int from_scale, int to_scale, __int128* out) {
  if (to_scale == from_scale) {
    *out = value;
    return true;
  }
  if (to_scale > from_scale) {
    if (to_scale - from_scale > 38) return value == 0 ? (*out = 0, true) : false;
    return !__builtin_mul_overflow(value, PowerOfTen(to_scale - from_scale), out);
  }
  if (from_scale - to_scale > 38) {
    *out = 0;
    return true;
  }
  *out = DivideRoundHalfUp(value, PowerOfTen(from_scale - to_scale));
  return true;
}

bool DoubleToDecimal(double value, int precision, int scale, __int128* out) {
  if (!std::isfinite(value)) return false;
  char buffer[64];
  // Shortest digits in scientific form: "-1.2345e-05".
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  const char* p = buffer;
  const char* end = result.ptr;
  bool negative = false;
  if (*p == '-') {
    negative = true;
    ++p;
  }
  __int128 digits = 0;
  int num_fraction_digits = 0;
  bool after_point = false;
  for (; p < end && *p != 'e'; ++p) {
    if (*p == '.') {
      after_point = true;
      continue;
    }
    digits = digits * 10 + (*p - '0');
    if (after_point) ++num_fraction_digits;
  }
  int exponent = 0;
  if (p < end) {
    const char* e = p + 1;
    if (e < end && *e == '+') ++e;  // from_chars takes '-' but not '+'
    std::from_chars(e, end, exponent);
  }
  // value = digits * 10^(exponent - num_fraction_digits)
  const int digits_scale = num_fraction_digits - exponent;
  __int128 unscaled;
  if (!RescaleDecimal(digits, digits_scale, scale, &unscaled)) return false;
  if (unscaled >= PowerOfTen(precision)) return false;
  *out = negative ? -unscaled : unscaled;
  return true;
}

}  // namespace sluice::sql
