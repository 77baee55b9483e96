#pragma once
// Trino's ISO 8601 functions: from_iso8601_timestamp, from_iso8601_date and to_iso8601.
//
// Accepted input (Joda-Time's ISODateTimeFormat.dateTimeParser, which Trino uses):
//   date   = yyyy['-'MM['-'dd]] | yyyy'-W'ww['-'e] | yyyy'-'DDD
//            (year with an optional sign and up to 9 digits; month, day and week with
//            1-2 digits; the form that reads the most characters wins)
//   time   = HH[':'mm[':'ss]] where the last element may carry a fraction ('.' or ',')
//   offset = 'Z' | ('+'|'-')HH[[':']mm]
//   timestamp = date ['T' [time] [offset]] | 'T' time [offset]
// Results have millisecond precision (Trino's timestamp(3) with time zone).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/vector.h"

namespace sluice {

/// from_iso8601_timestamp(text): the offset in the text gives the zone ("Z" is UTC);
/// without one the local time is read in the session zone, and a local time skipped by
/// a DST change is an error, as in Trino. Throws ConversionError naming the text.
TimestampTz FromIso8601Timestamp(std::string_view text, int32_t session_zone);

/// from_iso8601_date(text): a calendar, week or ordinal date ("2020-05-11", "2020-W10"
/// is the Monday 2020-03-02, "2020-123" is 2020-05-02). Throws ConversionError.
int32_t FromIso8601Date(std::string_view text);

/// to_iso8601(date): "2020-05-11".
void AppendIso8601Date(std::string* out, int32_t days);
/// to_iso8601(timestamp(p)): "2020-05-11T11:15:05.055000" with `precision` (0..6)
/// fractional digits, as Trino prints a timestamp of that precision.
void AppendIso8601Timestamp(std::string* out, int64_t micros, int precision = 6);
/// to_iso8601(timestamp(p) with time zone): the local time and its offset, "Z" for a
/// zero offset: "2020-05-11T11:15:05.055000+01:00", "2024-04-01T00:00:00Z".
void AppendIso8601TimestampTz(std::string* out, TimestampTz value, int precision = 6);

std::string ToIso8601Date(int32_t days);
std::string ToIso8601Timestamp(int64_t micros, int precision = 6);
std::string ToIso8601(TimestampTz value, int precision = 6);

}  // namespace sluice
