#include "sql/expression/functions/decimal_math.h"

#include <charconv>
#include <algorithm>
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

namespace {

using U128 = unsigned __int128;

/// A 256-bit unsigned number as two 128-bit limbs.
struct U256 {
  U128 high = 0;
  U128 low = 0;
};

/// a · b for 128-bit unsigned factors.
U256 Multiply(U128 a, U128 b) {
  const U128 mask = ~uint64_t{0};
  const U128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
  const U128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const U128 middle = (p00 >> 64) + (p01 & mask) + (p10 & mask);
  U256 r;
  r.low = (middle << 64) | (p00 & mask);
  r.high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
  return r;
}

/// n · m where n is a 256-bit number and m < 2^127 must fit 256 bits (it does here).
U256 Multiply(const U256& n, U128 m) {
  U256 low = Multiply(n.low, m);
  low.high += n.high * m;
  return low;
}

/// Long division of a 256-bit number by a 128-bit one, bit by bit (only on the rare
/// path where 128 bits do not suffice). Returns the quotient; *remainder the rest.
U256 Divide(const U256& n, U128 d, U128* remainder) {
  U256 q;
  U128 r = 0;
  for (int bit = 255; bit >= 0; --bit) {
    const bool carry = (r >> 127) != 0;
    r = (r << 1) | ((bit >= 128 ? n.high >> (bit - 128) : n.low >> bit) & 1);
    if (carry || r >= d) {
      r -= d;
      if (bit >= 128) {
        q.high |= U128{1} << (bit - 128);
      } else {
        q.low |= U128{1} << bit;
      }
    }
  }
  *remainder = r;
  return q;
}

}  // namespace

bool ScaledDivideRoundHalfUp(__int128 value, int exponent, __int128 divisor, __int128* out) {
  const bool negative = (value < 0) != (divisor < 0);
  const U128 magnitude = value < 0 ? -static_cast<U128>(value) : static_cast<U128>(value);
  const U128 abs_divisor = divisor < 0 ? -static_cast<U128>(divisor) : static_cast<U128>(divisor);
  U256 n;
  n.low = magnitude;
  while (exponent > 0) {  // 10^38 < 2^127: at most two steps
    const int step = std::min(exponent, 38);
    n = Multiply(n, static_cast<U128>(PowerOfTen(step)));
    exponent -= step;
  }
  U128 remainder;
  U256 q = Divide(n, abs_divisor, &remainder);
  if (remainder >= abs_divisor - remainder) {  // 2·remainder >= divisor, without overflow
    if (++q.low == 0) ++q.high;
  }
  if (q.high != 0 || (q.low >> 127) != 0) return false;
  *out = negative ? -static_cast<__int128>(q.low) : static_cast<__int128>(q.low);
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
