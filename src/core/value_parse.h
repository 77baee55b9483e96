#pragma once
// Text → typed values, as CSV/JSON readers and SQL CAST need them.
//
// Every function parses the whole of `text` (no surrounding spaces) and returns
// false, without throwing, when the text is not a valid value of the type; callers
// decide what a bad value means (error, reject, NULL). They are hot paths of the
// readers: no allocation, no locale.

#include <cstdint>
#include <string_view>

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

}  // namespace sluice
