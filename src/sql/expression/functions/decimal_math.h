#pragma once
// Exact arithmetic on unscaled decimals (__int128), rounding half away from zero as
// Trino's DECIMAL operators do.

#include <cstdint>

namespace sluice::sql {

/// value / divisor rounded half away from zero (divisor != 0).
__int128 DivideRoundHalfUp(__int128 value, __int128 divisor);

/// Changes the scale of an unscaled value: multiplies (false on overflow of 128 bits)
/// or divides with rounding.
bool RescaleDecimal(__int128 value, int from_scale, int to_scale, __int128* out);

/// value · 10^exponent / divisor rounded half up, through a 256-bit intermediate so that
/// the product may exceed 128 bits; false when the quotient does not fit 127 bits.
/// divisor != 0, 0 <= exponent <= 76.
bool ScaledDivideRoundHalfUp(__int128 value, int exponent, __int128 divisor, __int128* out);

/// A double as a decimal(precision, scale), from its shortest round-trip digits (as
/// Java's BigDecimal.valueOf), rounded half up; false if it does not fit or is not
/// finite.
bool DoubleToDecimal(double value, int precision, int scale, __int128* out);

}  // namespace sluice::sql
