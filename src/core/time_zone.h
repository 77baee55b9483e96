#pragma once
// Time zones as small integer ids, so that TIMESTAMP WITH TIME ZONE values stay
// fixed-width. Id 0 is UTC; fixed offsets and IANA zones (through cctz and the
// system's tzdata) get ids on first use. Thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

inline constexpr int32_t kUtcZoneId = 0;

/// Resolves "UTC", "Z", "GMT", "+05:30", "-0800", "+05", "UTC+2"? (no) or an IANA
/// name like "America/New_York". Returns false when the zone is unknown.
bool LookupTimeZone(std::string_view name, int32_t* zone_id);

/// The zone's name as Trino prints it: "UTC", "+05:30", "America/New_York".
std::string TimeZoneName(int32_t zone_id);

/// The zone's abbreviation at the instant, from tzdata ("PST", "CEST"); "UTC" for UTC
/// and the offset ("+05:30") for fixed-offset zones.
std::string TimeZoneAbbreviation(int32_t zone_id, int64_t utc_micros);

/// Offset from UTC, in seconds, that the zone has at the given instant.
int32_t UtcOffsetSeconds(int32_t zone_id, int64_t utc_micros);

/// Local wall-clock time in the zone of a UTC instant.
int64_t UtcToLocalMicros(int32_t zone_id, int64_t utc_micros);

/// The UTC instant of a local wall-clock time in the zone. In a gap (spring forward)
/// the time is shifted by the gap; in an overlap the earlier instant is chosen.
int64_t LocalToUtcMicros(int32_t zone_id, int64_t local_micros);

}  // namespace sluice
