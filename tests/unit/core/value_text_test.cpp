// Parsing and formatting of values as text, including round trips.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "core/calendar.h"
#include "core/time_zone.h"
#include "core/value_format.h"
#include "core/value_parse.h"

namespace sluice {
namespace {

TEST(ParseIntegerTest, BoundsAndErrors) {
  int64_t v = 0;
  EXPECT_TRUE(ParseInt64("-9223372036854775808", &v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(ParseInt64("9223372036854775807", &v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(ParseInt64("9223372036854775808", &v));
  EXPECT_FALSE(ParseInt64("99999999999999999999999", &v));
  EXPECT_TRUE(ParseInt64("+17", &v));
  EXPECT_EQ(v, 17);
  EXPECT_FALSE(ParseInt64("", &v));
  EXPECT_FALSE(ParseInt64("-", &v));
  EXPECT_FALSE(ParseInt64("1 ", &v));
  EXPECT_FALSE(ParseInt64("1.0", &v));
  int8_t t = 0;
  EXPECT_TRUE(ParseInt8("-128", &t));
  EXPECT_EQ(t, -128);
  EXPECT_FALSE(ParseInt8("128", &t));
  int32_t i = 0;
  EXPECT_TRUE(ParseInt32("-2147483648", &i));
  EXPECT_FALSE(ParseInt32("2147483648", &i));
}

TEST(ParseDoubleTest, FormsAndSpecials) {
  double d = 0;
  EXPECT_TRUE(ParseDouble("1.5e3", &d));
  EXPECT_EQ(d, 1500.0);
  EXPECT_TRUE(ParseDouble("+.5", &d));
  EXPECT_EQ(d, 0.5);
  EXPECT_TRUE(ParseDouble("-Infinity", &d));
  EXPECT_TRUE(std::isinf(d) && d < 0);
  EXPECT_TRUE(ParseDouble("NaN", &d));
  EXPECT_TRUE(std::isnan(d));
  EXPECT_TRUE(ParseDouble("1e400", &d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_FALSE(ParseDouble("1.5x", &d));
  EXPECT_FALSE(ParseDouble("", &d));
  EXPECT_FALSE(ParseDouble("e5", &d));
}

TEST(ParseDecimalTest, ScalesAndRounds) {
  __int128 v = 0;
  EXPECT_TRUE(ParseDecimal("12.5", 10, 2, &v));
  EXPECT_EQ(static_cast<int64_t>(v), 1250);
  EXPECT_TRUE(ParseDecimal("-0.005", 10, 2, &v));
  EXPECT_EQ(static_cast<int64_t>(v), -1);  // half away from zero
  EXPECT_TRUE(ParseDecimal("9.994", 3, 2, &v));
  EXPECT_EQ(static_cast<int64_t>(v), 999);
  EXPECT_FALSE(ParseDecimal("9.995", 3, 2, &v));  // rounds to 10.00: too many digits
  EXPECT_FALSE(ParseDecimal("100", 4, 2, &v));
  EXPECT_TRUE(ParseDecimal("00099.1", 4, 2, &v));
  EXPECT_TRUE(ParseDecimal(".25", 2, 2, &v));
  EXPECT_EQ(static_cast<int64_t>(v), 25);
  EXPECT_FALSE(ParseDecimal(".", 2, 2, &v));
  EXPECT_FALSE(ParseDecimal("1e3", 10, 0, &v));
  EXPECT_TRUE(ParseDecimal("12345678901234567890123456789012345678", 38, 0, &v));
  std::string text;
  AppendDecimal(&text, v, 0);
  EXPECT_EQ(text, "12345678901234567890123456789012345678");
  int digits = 0, frac = 0;
  EXPECT_TRUE(MeasureDecimal("-0012.340", &digits, &frac));
  EXPECT_EQ(digits, 2);
  EXPECT_EQ(frac, 3);
  EXPECT_TRUE(MeasureDecimal("0.5", &digits, &frac));
  EXPECT_EQ(digits, 0);
  EXPECT_FALSE(MeasureDecimal("1.2.3", &digits, &frac));
}

TEST(ParseDateTest, ValidatesCalendar) {
  int32_t days = 0;
  EXPECT_TRUE(ParseDate("1970-01-01", &days));
  EXPECT_EQ(days, 0);
  EXPECT_TRUE(ParseDate("2024-02-29", &days));
  EXPECT_FALSE(ParseDate("2023-02-29", &days));
  EXPECT_FALSE(ParseDate("2024-13-01", &days));
  EXPECT_TRUE(ParseDate("2024-3-5", &days));
  EXPECT_EQ(days, DaysFromCivil(2024, 3, 5));
  EXPECT_FALSE(ParseDate("2024-03-05 ", &days));
  EXPECT_TRUE(ParseDate("1969-12-31", &days));
  EXPECT_EQ(days, -1);
}

TEST(CalendarTest, DaysRoundTrip) {
  for (int32_t d = -800000; d < 3000000; d += 997) {
    CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
}

TEST(TimestampTest, ParsesAndFormats) {
  int64_t micros = 0;
  EXPECT_TRUE(ParseTimestamp("2024-03-01 08:15:30.25", &micros));
  std::string text;
  AppendTimestamp(&text, micros, FractionStyle::kTrimmed);
  EXPECT_EQ(text, "2024-03-01 08:15:30.25");
  text.clear();
  AppendTimestamp(&text, micros, FractionStyle::kFixed);
  EXPECT_EQ(text, "2024-03-01 08:15:30.250000");
  EXPECT_TRUE(ParseTimestamp("2024-03-01T08:15", &micros));
  text.clear();
  AppendTimestamp(&text, micros, FractionStyle::kTrimmed);
  EXPECT_EQ(text, "2024-03-01 08:15:00");
  EXPECT_TRUE(ParseTimestamp("1969-12-31 23:59:59.999999", &micros));
  EXPECT_EQ(micros, -1);
  text.clear();
  AppendTimestamp(&text, micros, FractionStyle::kTrimmed);
  EXPECT_EQ(text, "1969-12-31 23:59:59.999999");
  EXPECT_TRUE(ParseTimestamp("2024-03-01 23:59:59.9999996", &micros));  // rounds up
  text.clear();
  AppendTimestamp(&text, micros, FractionStyle::kTrimmed);
  EXPECT_EQ(text, "2024-03-02 00:00:00");
  EXPECT_FALSE(ParseTimestamp("2024-03-01 24:00:00", &micros));
  EXPECT_FALSE(ParseTimestamp("2024-03-01 08:15:30Z", &micros));
  EXPECT_TRUE(ParseTimestamp("2024-03-01", &micros));
}

TEST(TimestampTzTest, ZonesAndOffsets) {
  TimestampTz v{};
  ASSERT_TRUE(ParseTimestampTz("2024-03-01 08:15:30+02:00", kUtcZoneId, true, &v));
  std::string text;
  AppendTimestampTz(&text, v, FractionStyle::kTrimmed, ZoneStyle::kSpaceName);
  EXPECT_EQ(text, "2024-03-01 08:15:30 +02:00");
  int64_t expected = 0;
  ASSERT_TRUE(ParseTimestamp("2024-03-01 06:15:30", &expected));
  EXPECT_EQ(v.micros, expected);

  ASSERT_TRUE(ParseTimestampTz("2024-07-01 12:00:00 America/New_York", kUtcZoneId, true, &v));
  ASSERT_TRUE(ParseTimestamp("2024-07-01 16:00:00", &expected));
  EXPECT_EQ(v.micros, expected);
  text.clear();
  AppendTimestampTz(&text, v, FractionStyle::kTrimmed, ZoneStyle::kIsoOffset);
  EXPECT_EQ(text, "2024-07-01 12:00:00-04:00");
  EXPECT_EQ(TimeZoneName(v.zone_id), "America/New_York");

  ASSERT_TRUE(ParseTimestampTz("2024-01-01T00:00:00Z", kUtcZoneId, true, &v));
  EXPECT_EQ(v.zone_id, kUtcZoneId);
  EXPECT_FALSE(ParseTimestampTz("2024-01-01 00:00:00", kUtcZoneId, true, &v));
  EXPECT_TRUE(ParseTimestampTz("2024-01-01 00:00:00", kUtcZoneId, false, &v));
  EXPECT_FALSE(ParseTimestampTz("2024-01-01 00:00:00 Not/AZone", kUtcZoneId, true, &v));
  EXPECT_FALSE(ParseTimestampTz("2024-01-01 00:00:00 ../../etc/passwd", kUtcZoneId, true, &v));
}

TEST(TimeZoneTest, GapsAndOverlaps) {
  int32_t ny = 0;
  ASSERT_TRUE(LookupTimeZone("America/New_York", &ny));
  int64_t local = 0, utc = 0;
  // 2024-03-10 02:30 does not exist in New York: shifted forward to 03:30 EDT (07:30 UTC).
  ASSERT_TRUE(ParseTimestamp("2024-03-10 02:30:00", &local));
  ASSERT_TRUE(ParseTimestamp("2024-03-10 07:30:00", &utc));
  EXPECT_EQ(LocalToUtcMicros(ny, local), utc);
  // 2024-11-03 01:30 happens twice: the earlier (EDT, 05:30 UTC) is chosen.
  ASSERT_TRUE(ParseTimestamp("2024-11-03 01:30:00", &local));
  ASSERT_TRUE(ParseTimestamp("2024-11-03 05:30:00", &utc));
  EXPECT_EQ(LocalToUtcMicros(ny, local), utc);
}

TEST(FormatTest, NumbersRoundTrip) {
  std::string text;
  AppendDouble(&text, 0.1);
  EXPECT_EQ(text, "0.1");
  text.clear();
  AppendDouble(&text, 5.0, true);
  EXPECT_EQ(text, "5.0");
  text.clear();
  AppendDouble(&text, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(text, "NaN");
  for (double d : {1.0 / 3, 1e300, -2.5e-300, 123456789.125}) {
    text.clear();
    AppendDouble(&text, d);
    double back = 0;
    ASSERT_TRUE(ParseDouble(text, &back));
    EXPECT_EQ(back, d);
  }
  text.clear();
  AppendDecimal(&text, -50, 2);
  EXPECT_EQ(text, "-0.50");
  text.clear();
  AppendInt64(&text, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(text, "-9223372036854775808");
}

TEST(FormatTest, DatesBeyondFourDigits) {
  std::string text;
  AppendDate(&text, DaysFromCivil(12345, 1, 2));
  EXPECT_EQ(text, "12345-01-02");
  int32_t days = 0;
  ASSERT_TRUE(ParseDate(text, &days));
  EXPECT_EQ(days, DaysFromCivil(12345, 1, 2));
  text.clear();
  AppendDate(&text, DaysFromCivil(-44, 3, 15));
  EXPECT_EQ(text, "-0044-03-15");
  ASSERT_TRUE(ParseDate(text, &days));
  EXPECT_EQ(days, DaysFromCivil(-44, 3, 15));
}

TEST(ParseBooleanTest, Forms) {
  bool b = false;
  EXPECT_TRUE(ParseBoolean("TRUE", &b));
  EXPECT_TRUE(b);
  EXPECT_TRUE(ParseBoolean("f", &b));
  EXPECT_FALSE(b);
  EXPECT_FALSE(ParseBoolean("maybe", &b));
  EXPECT_FALSE(ParseBoolean("", &b));
}

}  // namespace
}  // namespace sluice
