#pragma once
// Typed values → text, for writers and SQL CAST to VARCHAR. Appends to a std::string
// so that writers can reuse one buffer. No locale, no allocation beyond the buffer.

#include <cstdint>
#include <string>

#include "core/vector.h"

namespace sluice {

/// How fractional seconds of timestamps are written.
enum class FractionStyle {
  /// Trailing zeros dropped, no fraction when zero: "2024-03-01 08:15:30.25".
  /// What files get: it reproduces what Redshift and most tools write.
  kTrimmed,
  /// Always six digits, as Trino prints TIMESTAMP(6): "2024-03-01 08:15:30.250000".
  kFixed,
};

/// How a TIMESTAMP WITH TIME ZONE's zone is written after the local time.
enum class ZoneStyle {
  kSpaceName,  ///< "2024-03-01 09:15:30 Europe/Berlin", "... UTC", "... +05:30" (Trino).
  kIsoOffset,  ///< "2024-03-01 09:15:30+01:00", "...+00:00"; named zones lose their name.
};

void AppendBoolean(std::string* out, bool value);
void AppendInt64(std::string* out, int64_t value);
void AppendInt128(std::string* out, __int128 value);
/// Shortest text that reads back as the same double; "NaN", "Infinity", "-Infinity".
/// With `force_point`, integral values get ".0" so they read back as floating point.
void AppendDouble(std::string* out, double value, bool force_point = false);
void AppendFloat(std::string* out, float value, bool force_point = false);
/// An unscaled decimal with exactly `scale` fractional digits ("-0.50").
void AppendDecimal(std::string* out, __int128 unscaled, int scale);
/// "YYYY-MM-DD"; years beyond 9999 get more digits, years before 0 a sign.
void AppendDate(std::string* out, int32_t days);
void AppendTimestamp(std::string* out, int64_t micros, FractionStyle style);
void AppendTimestampTz(std::string* out, const TimestampTz& value, FractionStyle style,
                       ZoneStyle zone_style);
/// INTERVAL DAY TO SECOND as Trino prints it: "2 03:04:05.006", "-0 00:00:01.500",
/// "0 00:00:00.000" (days, then the time of day with milliseconds; one sign in front).
void AppendIntervalDayTime(std::string* out, int64_t millis);
/// INTERVAL YEAR TO MONTH as Trino prints it: "1-2" (years-months), "-0-3".
void AppendIntervalYearMonth(std::string* out, int32_t months);
/// Lower-case hex digits of the bytes.
void AppendHex(std::string* out, std::string_view bytes);

/// Options of AppendValue for the types whose text has choices.
struct TextStyle {
  FractionStyle fraction = FractionStyle::kTrimmed;
  ZoneStyle zone = ZoneStyle::kSpaceName;
  bool double_force_point = false;  ///< See AppendDouble.
};

/// Appends the text of row `row` of `vector` (which must not be NULL there).
/// VARBINARY is appended as its raw bytes.
void AppendValue(std::string* out, const Vector& vector, size_t row, const TextStyle& style);

}  // namespace sluice
