// strptime-style date/time patterns.
#include "core/datetime_pattern.h"

#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/value_format.h"

namespace sluice {
namespace {

std::string Date(const char* pattern, const char* text) {
  int32_t days = 0;
  if (!DateTimePattern::Compile(pattern).ParseDate(text, &days)) return "fail";
  std::string out;
  AppendDate(&out, days);
  return out;
}

std::string Timestamp(const char* pattern, const char* text) {
  int64_t micros = 0;
  if (!DateTimePattern::Compile(pattern).ParseTimestamp(text, &micros)) return "fail";
  std::string out;
  AppendTimestamp(&out, micros, FractionStyle::kTrimmed);
  return out;
}

TEST(DateTimePatternTest, Dates) {
  EXPECT_EQ(Date("%m/%d/%Y", "03/15/2024"), "2024-03-15");
  EXPECT_EQ(Date("%m/%d/%Y", "3/5/2024"), "2024-03-05");
  EXPECT_EQ(Date("%d/%m/%Y", "15/03/2024"), "2024-03-15");
  EXPECT_EQ(Date("%m/%d/%Y", "15/03/2024"), "fail");
  EXPECT_EQ(Date("%d.%m.%Y", "29.02.2024"), "2024-02-29");
  EXPECT_EQ(Date("%d.%m.%Y", "29.02.2023"), "fail");
  EXPECT_EQ(Date("%Y%m%d", "20240315"), "2024-03-15");
  EXPECT_EQ(Date("%d-%b-%Y", "05-mar-2024"), "2024-03-05");
  EXPECT_EQ(Date("%B %d, %Y", "March 5, 2024"), "2024-03-05");
  EXPECT_EQ(Date("%a %d %b %Y", "Tue 05 Mar 2024"), "2024-03-05");
  EXPECT_EQ(Date("%y-%m-%d", "69-01-01"), "1969-01-01");
  EXPECT_EQ(Date("%y-%m-%d", "24-01-01"), "2024-01-01");
  EXPECT_EQ(Date("%Y-%j", "2024-060"), "2024-02-29");
  EXPECT_EQ(Date("%F", "2024-03-15"), "2024-03-15");
  EXPECT_EQ(Date("%m/%d/%Y", "03/15/2024 "), "fail");  // the whole text must match
  EXPECT_EQ(Date("%m/%d/%Y %H:%M", "03/15/2024 10:00"), "fail");  // would lose the time
}

TEST(DateTimePatternTest, Timestamps) {
  EXPECT_EQ(Timestamp("%m/%d/%Y %H:%M:%S", "03/15/2024 14:30:05"), "2024-03-15 14:30:05");
  EXPECT_EQ(Timestamp("%m/%d/%Y %H:%M:%S", "03/15/2024 14:30:05.25"), "2024-03-15 14:30:05.25");
  EXPECT_EQ(Timestamp("%m/%d/%Y %I:%M %p", "03/15/2024 2:30 PM"), "2024-03-15 14:30:00");
  EXPECT_EQ(Timestamp("%m/%d/%Y %I:%M %p", "03/15/2024 12:05 am"), "2024-03-15 00:05:00");
  EXPECT_EQ(Timestamp("%Y-%m-%dT%H:%M:%S.%f", "2024-03-15T01:02:03.1234567"),
            "2024-03-15 01:02:03.123457");
  EXPECT_EQ(Timestamp("%d.%m.%Y %T", "15.03.2024 23:59:59"), "2024-03-15 23:59:59");
  EXPECT_EQ(Timestamp("%d.%m.%Y %T", "15.03.2024 24:00:00"), "fail");
  EXPECT_EQ(Timestamp("%Y-%m-%d  %H:%M", "2024-03-15     10:00"), "2024-03-15 10:00:00");
  EXPECT_EQ(Timestamp("%Y-%m-%d %H:%M%z", "2024-03-15 10:00+01:00"), "fail");  // has a zone
}

TEST(DateTimePatternTest, Zones) {
  auto pattern = DateTimePattern::Compile("%Y-%m-%d %H:%M:%S %z");
  EXPECT_TRUE(pattern.has_zone());
  TimestampTz value{};
  ASSERT_TRUE(pattern.ParseTimestampTz("2024-03-15 10:00:00 +0100", kUtcZoneId, &value));
  std::string text;
  AppendTimestampTz(&text, value, FractionStyle::kTrimmed, ZoneStyle::kIsoOffset);
  EXPECT_EQ(text, "2024-03-15 10:00:00+01:00");
  auto named = DateTimePattern::Compile("%Y-%m-%d %H:%M %Z");
  ASSERT_TRUE(named.ParseTimestampTz("2024-07-01 12:00 Europe/Berlin", kUtcZoneId, &value));
  EXPECT_EQ(value.micros, (int64_t{DaysFromCivil(2024, 7, 1)} * 24 + 10) * kMicrosPerHour);
  ASSERT_TRUE(DateTimePattern::Compile("%Y-%m-%d %H:%M").ParseTimestampTz("2024-07-01 12:00",
                                                                          kUtcZoneId, &value));
  EXPECT_EQ(value.zone_id, kUtcZoneId);
}

TEST(DateTimePatternTest, BadPatterns) {
  EXPECT_THROW(DateTimePattern::Compile("%Q"), InvalidArgumentError);
  EXPECT_THROW(DateTimePattern::Compile("%m/%d"), InvalidArgumentError);  // no year
  EXPECT_THROW(DateTimePattern::Compile("%Y-%m-%d %I:%M"), InvalidArgumentError);  // no %p
  EXPECT_THROW(DateTimePattern::Compile("%Y-%m-%d %"), InvalidArgumentError);
}

}  // namespace
}  // namespace sluice
