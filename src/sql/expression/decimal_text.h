#pragma once
// VARCHAR → DECIMAL as Trino casts it: the text is read as Java's BigDecimal(String)
// reads it and rounded to the target scale half up (BigDecimal.setScale(scale,
// HALF_UP)), so exponent notation ('1e3', '1.5E-2') is a number too. The readers' own
// decimal parsing (core/value_parse.h ParseDecimal) stays plain: a CSV field '1e3' in a
// DECIMAL column is not this cast.

#include <cstdint>
#include <string_view>

namespace sluice::sql {

/// Why a text is or is not a DECIMAL(precision, scale).
enum class DecimalTextResult : uint8_t {
  kOk,
  kInvalid,     ///< Not a number in BigDecimal's grammar.
  kOutOfRange,  ///< A number, but rounded to `scale` it needs more than `precision` digits.
};

/// Reads `[+|-] digits [. digits] [(e|E) [+|-] digits]` (at least one significand digit,
/// an exponent within 32-bit range, no spaces) into an unscaled value of the given scale,
/// rounding extra fractional digits half away from zero. 1 <= precision <= 38,
/// 0 <= scale <= precision.
DecimalTextResult ParseDecimalText(std::string_view text, int precision, int scale, __int128* unscaled);

}  // namespace sluice::sql
