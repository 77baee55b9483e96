#pragma once
// Helpers of the date/time function tests: values from text and back, so expectations
// read like SQL literals.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/datetime_functions.h"
#include "core/time_zone.h"
#include "core/value_format.h"
#include "core/value_parse.h"

namespace sluice::datetime_testing {

/// TIMESTAMP 'text' as microseconds.
inline int64_t Ts(const char* text) {
  int64_t micros = 0;
  EXPECT_TRUE(ParseTimestamp(text, &micros)) << text;
  return micros;
}

/// DATE 'text' as days.
inline int32_t Day(const char* text) {
  int32_t days = 0;
  EXPECT_TRUE(ParseDate(text, &days)) << text;
  return days;
}

/// A local time in a zone, as TIMESTAMP '... zone' reads it.
inline TimestampTz Tz(const char* local, const char* zone) {
  return WithTimeZone(Ts(local), ResolveTimeZone(zone));
}

inline std::string Show(int64_t micros) {
  std::string out;
  AppendTimestamp(&out, micros, FractionStyle::kTrimmed);
  return out;
}

inline std::string ShowDate(int32_t days) {
  std::string out;
  AppendDate(&out, days);
  return out;
}

inline std::string Show(TimestampTz value) {
  std::string out;
  AppendTimestampTz(&out, value, FractionStyle::kTrimmed, ZoneStyle::kSpaceName);
  return out;
}

}  // namespace sluice::datetime_testing
