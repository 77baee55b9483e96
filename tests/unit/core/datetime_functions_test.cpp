// Trino's date and time functions on values. Expected results come from Trino's
// documentation and from Trino's (Joda-Time's) semantics; the suite runs under
// TZ=America/Los_Angeles, so any dependence on the machine's zone would show.
#include "core/datetime_functions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "datetime_test_support.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/value_format.h"
#include "core/value_parse.h"

namespace sluice {
namespace {

using namespace datetime_testing;

/// The same instant as "YYYY-MM-DD HH:MM:SS UTC".
std::string ShowUtc(TimestampTz value) { return Show(AtTimeZone(value, kUtcZoneId)); }

DateTimeUnit Unit(const char* name) { return ParseDateTimeUnit(name, TypeId::kTimestamp); }

TEST(DateTimeUnitTest, ParsesNamesCaseInsensitively) {
  EXPECT_EQ(Unit("Day"), DateTimeUnit::kDay);
  EXPECT_EQ(Unit("QUARTER"), DateTimeUnit::kQuarter);
  EXPECT_EQ(ParseDateTimeUnit("week", TypeId::kDate), DateTimeUnit::kWeek);
  EXPECT_THROW(Unit("fortnight"), InvalidArgumentError);
  try {
    ParseDateTimeUnit("hour", TypeId::kDate);
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "'hour' is not a valid date unit (expected day, week, month, "
                           "quarter or year)");
  }
}

TEST(DateTimeTruncTest, TrinoDocumentationExamples) {
  const int64_t x = Ts("2001-08-22 03:04:05.321");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("millisecond"), x)), "2001-08-22 03:04:05.321");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("second"), x)), "2001-08-22 03:04:05");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("minute"), x)), "2001-08-22 03:04:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("hour"), x)), "2001-08-22 03:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("day"), x)), "2001-08-22 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("week"), x)), "2001-08-20 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("month"), x)), "2001-08-01 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("quarter"), x)), "2001-07-01 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("year"), x)), "2001-01-01 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("month"), Ts("2022-10-20 05:10:00"))),
            "2022-10-01 00:00:00");
}

TEST(DateTimeTruncTest, DatesAndNegativeEpochValues) {
  const DateTimeUnit week = DateTimeUnit::kWeek;
  EXPECT_EQ(ShowDate(DateTruncDate(week, Day("2001-08-22"))), "2001-08-20");
  EXPECT_EQ(ShowDate(DateTruncDate(week, Day("2001-08-20"))), "2001-08-20");
  EXPECT_EQ(ShowDate(DateTruncDate(week, Day("2001-08-26"))), "2001-08-20");
  EXPECT_EQ(ShowDate(DateTruncDate(week, Day("1970-01-01"))), "1969-12-29");
  EXPECT_EQ(ShowDate(DateTruncDate(DateTimeUnit::kQuarter, Day("1969-12-31"))), "1969-10-01");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("second"), Ts("1969-12-31 23:59:59.999999"))),
            "1969-12-31 23:59:59");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("day"), Ts("1969-12-31 23:59:59.999999"))),
            "1969-12-31 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("year"), Ts("0001-03-04 05:06:07"))),
            "0001-01-01 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("quarter"), Ts("9999-12-31 23:59:59.999999"))),
            "9999-10-01 00:00:00");
  EXPECT_EQ(Show(DateTruncTimestamp(Unit("week"), Ts("0001-01-01 12:00:00"))),
            "0001-01-01 00:00:00");  // a Monday
}

TEST(DateTimeTruncTest, BatchMatchesScalar) {
  std::vector<int64_t> values;
  for (int64_t v = -3 * kMicrosPerDay - 7; v < 3 * kMicrosPerDay; v += 987654321) {
    values.push_back(v);
  }
  for (DateTimeUnit unit : {DateTimeUnit::kMillisecond, DateTimeUnit::kSecond,
                            DateTimeUnit::kHour, DateTimeUnit::kDay, DateTimeUnit::kMonth}) {
    std::vector<int64_t> out(values.size());
    DateTruncTimestamps(unit, values.data(), values.size(), out.data());
    for (size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(out[i], DateTruncTimestamp(unit, values[i])) << values[i];
    }
  }
}

TEST(DateTimeTruncTest, TimestampWithTimeZoneTruncatesInItsZone) {
  EXPECT_EQ(Show(DateTruncTimestampTz(Unit("day"), Tz("2022-10-20 05:10:00", "Asia/Kolkata"))),
            "2022-10-20 00:00:00 Asia/Kolkata");
  EXPECT_EQ(Show(DateTruncTimestampTz(Unit("hour"), Tz("2022-10-20 05:40:00", "Asia/Kolkata"))),
            "2022-10-20 05:00:00 Asia/Kolkata");
  EXPECT_EQ(Show(DateTruncTimestampTz(Unit("month"), Tz("2022-10-20 05:10:00", "+05:30"))),
            "2022-10-01 00:00:00 +05:30");
  // Day start on the day DST begins (LA springs forward at 02:00): midnight is PST.
  TimestampTz after = Tz("2021-03-14 12:00:00", "America/Los_Angeles");
  EXPECT_EQ(ShowUtc(DateTruncTimestampTz(Unit("day"), after)), "2021-03-14 08:00:00 UTC");
  // Day start on the day DST ends: midnight is PDT.
  after = Tz("2021-11-07 12:00:00", "America/Los_Angeles");
  EXPECT_EQ(ShowUtc(DateTruncTimestampTz(Unit("day"), after)), "2021-11-07 07:00:00 UTC");
  // In the repeated hour, truncation to the hour keeps the value's offset.
  const int32_t la = ResolveTimeZone("America/Los_Angeles");
  const TimestampTz first{Ts("2021-11-07 08:30:00"), la, 0};   // 01:30 PDT
  const TimestampTz second{Ts("2021-11-07 09:30:00"), la, 0};  // 01:30 PST
  EXPECT_EQ(ShowUtc(DateTruncTimestampTz(Unit("hour"), first)), "2021-11-07 08:00:00 UTC");
  EXPECT_EQ(ShowUtc(DateTruncTimestampTz(Unit("hour"), second)), "2021-11-07 09:00:00 UTC");
  // Berlin: the week of 2021-03-28 (DST starts at 02:00) starts on Monday 22nd, CET.
  EXPECT_EQ(ShowUtc(DateTruncTimestampTz(Unit("week"), Tz("2021-03-28 12:00:00", "Europe/Berlin"))),
            "2021-03-21 23:00:00 UTC");
  // Sao Paulo 2018-11-04 had no midnight (00:00 -> 01:00): the day starts at 01:00.
  EXPECT_EQ(Show(DateTruncTimestampTz(Unit("day"), Tz("2018-11-04 12:00:00", "America/Sao_Paulo"))),
            "2018-11-04 01:00:00 America/Sao_Paulo");
}

TEST(DateTimeAddTest, TrinoDocumentationExamples) {
  EXPECT_EQ(Show(DateAddTimestamp(Unit("second"), 86, Ts("2020-03-01 00:00:00"))),
            "2020-03-01 00:01:26");
  EXPECT_EQ(Show(DateAddTimestamp(Unit("hour"), 9, Ts("2020-03-01 00:00:00"))),
            "2020-03-01 09:00:00");
  EXPECT_EQ(Show(DateAddTimestampTz(Unit("day"), -1, Tz("2020-03-01 00:00:00", "UTC"))),
            "2020-02-29 00:00:00 UTC");
  EXPECT_EQ(Show(TimestampPlusDayTime(Ts("2012-08-08 01:00"), 29 * kMicrosPerHour)),
            "2012-08-09 06:00:00");
  EXPECT_EQ(Show(TimestampPlusYearMonth(Ts("2012-10-31 01:00"), 1)), "2012-11-30 01:00:00");
  EXPECT_EQ(Show(TimestampPlusYearMonth(Ts("2012-10-31 01:00"), -1)), "2012-09-30 01:00:00");
  EXPECT_EQ(Show(TimestampPlusDayTime(Ts("2012-08-08 01:00"), -29 * kMicrosPerHour)),
            "2012-08-06 20:00:00");
  EXPECT_EQ(ShowDate(DatePlusDayTime(Day("2012-08-08"), 2 * kMicrosPerDay)), "2012-08-10");
  EXPECT_EQ(ShowDate(DatePlusDayTime(Day("2012-08-08"), -2 * kMicrosPerDay)), "2012-08-06");
  EXPECT_THROW(DatePlusDayTime(Day("2012-08-08"), kMicrosPerHour), InvalidArgumentError);
}

TEST(DateTimeAddTest, MonthArithmeticClampsToMonthEnd) {
  const DateTimeUnit month = DateTimeUnit::kMonth;
  EXPECT_EQ(ShowDate(DateAddDate(month, 1, Day("2020-01-31"))), "2020-02-29");
  EXPECT_EQ(ShowDate(DateAddDate(month, 1, Day("2021-01-31"))), "2021-02-28");
  EXPECT_EQ(ShowDate(DateAddDate(month, -1, Day("2021-03-31"))), "2021-02-28");
  EXPECT_EQ(ShowDate(DateAddDate(month, 13, Day("2021-01-15"))), "2022-02-15");
  EXPECT_EQ(ShowDate(DateAddDate(month, -13, Day("2021-01-15"))), "2019-12-15");
  EXPECT_EQ(ShowDate(DateAddDate(DateTimeUnit::kQuarter, 1, Day("2021-11-30"))), "2022-02-28");
  EXPECT_EQ(ShowDate(DateAddDate(DateTimeUnit::kYear, 1, Day("2020-02-29"))), "2021-02-28");
  EXPECT_EQ(ShowDate(DateAddDate(DateTimeUnit::kYear, 4, Day("2020-02-29"))), "2024-02-29");
  EXPECT_EQ(ShowDate(DateAddDate(DateTimeUnit::kWeek, -1, Day("1970-01-03"))), "1969-12-27");
  EXPECT_EQ(ShowDate(DateAddDate(DateTimeUnit::kDay, 1, Day("9999-12-31"))), "10000-01-01");
  EXPECT_EQ(ShowDate(DateAddDate(DateTimeUnit::kYear, -1, Day("0001-06-30"))), "0000-06-30");
  EXPECT_EQ(Show(DateAddTimestamp(Unit("month"), 1, Ts("2020-01-31 23:59:59.999999"))),
            "2020-02-29 23:59:59.999999");
  EXPECT_EQ(Show(DateAddTimestamp(Unit("millisecond"), -1, Ts("1970-01-01 00:00:00"))),
            "1969-12-31 23:59:59.999");
  EXPECT_THROW(DateAddDate(DateTimeUnit::kDay, int64_t{1} << 40, 0), InvalidArgumentError);
  EXPECT_THROW(DateAddTimestamp(Unit("year"), 1000000, 0), InvalidArgumentError);
  EXPECT_THROW(DateAddTimestamp(Unit("hour"), INT64_MAX / 2, 0), InvalidArgumentError);
}

TEST(DateTimeAddTest, TimestampWithTimeZoneAcrossDst) {
  // Hours are elapsed time: 01:30 PST + 1 hour on the spring-forward day is 03:30 PDT.
  const TimestampTz before = Tz("2021-03-14 01:30:00", "America/Los_Angeles");
  EXPECT_EQ(Show(DateAddTimestampTz(Unit("hour"), 1, before)),
            "2021-03-14 03:30:00 America/Los_Angeles");
  // Days are calendar days: same wall-clock time the next day (23 hours later).
  const TimestampTz noon = Tz("2021-03-13 12:00:00", "America/Los_Angeles");
  const TimestampTz next = DateAddTimestampTz(Unit("day"), 1, noon);
  EXPECT_EQ(Show(next), "2021-03-14 12:00:00 America/Los_Angeles");
  EXPECT_EQ(next.micros - noon.micros, 23 * kMicrosPerHour);
  // An INTERVAL '1' DAY is a fixed 24 hours, as in Trino.
  EXPECT_EQ(Show(TimestampTzPlusDayTime(noon, kMicrosPerDay)),
            "2021-03-14 13:00:00 America/Los_Angeles");
  // A day that lands in the gap moves forward by the gap.
  EXPECT_EQ(Show(DateAddTimestampTz(Unit("day"), 1, Tz("2021-03-13 02:30:00", "America/Los_Angeles"))),
            "2021-03-14 03:30:00 America/Los_Angeles");
  // Landing in the overlap keeps the original offset when it is valid (PDT here).
  const TimestampTz pdt = Tz("2021-11-06 01:30:00", "America/Los_Angeles");
  EXPECT_EQ(ShowUtc(DateAddTimestampTz(Unit("day"), 1, pdt)), "2021-11-07 08:30:00 UTC");
  // Berlin: a month later across the October change keeps 10:00 local time.
  EXPECT_EQ(Show(DateAddTimestampTz(Unit("month"), 1, Tz("2021-09-30 10:00:00", "Europe/Berlin"))),
            "2021-10-30 10:00:00 Europe/Berlin");
  EXPECT_EQ(Show(TimestampTzPlusYearMonth(Tz("2021-01-31 10:00:00", "Europe/Berlin"), 1)),
            "2021-02-28 10:00:00 Europe/Berlin");
}

TEST(DateTimeDiffTest, TrinoDocumentationExamples) {
  EXPECT_EQ(DateDiffTimestamp(Unit("second"), Ts("2020-03-01 00:00:00"), Ts("2020-03-02 00:00:00")),
            86400);
  EXPECT_EQ(DateDiffTimestampTz(Unit("hour"), Tz("2020-03-01 00:00:00", "UTC"),
                                Tz("2020-03-02 00:00:00", "UTC")),
            24);
  EXPECT_EQ(DateDiffDate(DateTimeUnit::kDay, Day("2020-03-01"), Day("2020-03-02")), 1);
  EXPECT_EQ(DateDiffTimestamp(Unit("second"), Ts("2020-06-01 12:30:45"),
                              Ts("2020-06-02 12:30:45.123456")),
            86400);
  EXPECT_EQ(DateDiffTimestamp(Unit("millisecond"), Ts("2020-06-01 12:30:45"),
                              Ts("2020-06-02 12:30:45.123456")),
            86400123);
}

TEST(DateTimeDiffTest, WholeUnitsTruncatedTowardZero) {
  const auto day = DateTimeUnit::kDay;
  const auto month = DateTimeUnit::kMonth;
  const auto year = DateTimeUnit::kYear;
  EXPECT_EQ(DateDiffDate(day, Day("2020-03-02"), Day("2020-03-01")), -1);
  EXPECT_EQ(DateDiffDate(DateTimeUnit::kWeek, Day("2020-03-01"), Day("2020-03-14")), 1);
  EXPECT_EQ(DateDiffDate(DateTimeUnit::kWeek, Day("2020-03-14"), Day("2020-03-01")), -1);
  EXPECT_EQ(DateDiffDate(month, Day("2021-01-31"), Day("2021-02-28")), 1);
  EXPECT_EQ(DateDiffDate(month, Day("2021-01-31"), Day("2021-02-27")), 0);
  EXPECT_EQ(DateDiffDate(month, Day("2021-02-28"), Day("2021-01-31")), -1);
  EXPECT_EQ(DateDiffDate(month, Day("2020-01-15"), Day("2021-03-14")), 13);
  EXPECT_EQ(DateDiffDate(month, Day("2020-01-15"), Day("2021-03-15")), 14);
  EXPECT_EQ(DateDiffDate(DateTimeUnit::kQuarter, Day("2020-01-15"), Day("2021-03-15")), 4);
  EXPECT_EQ(DateDiffDate(DateTimeUnit::kQuarter, Day("2021-03-15"), Day("2020-01-15")), -4);
  EXPECT_EQ(DateDiffDate(year, Day("2020-02-29"), Day("2021-02-28")), 1);
  EXPECT_EQ(DateDiffDate(year, Day("2019-03-01"), Day("2020-02-29")), 0);
  EXPECT_EQ(DateDiffDate(year, Day("2019-03-01"), Day("2020-03-01")), 1);
  EXPECT_EQ(DateDiffDate(year, Day("2021-02-28"), Day("2020-02-29")), -1);
  EXPECT_EQ(DateDiffDate(year, Day("0001-01-01"), Day("9999-12-31")), 9998);
  EXPECT_EQ(DateDiffTimestamp(Unit("month"), Ts("2021-01-31 10:00"), Ts("2021-02-28 09:00")), 0);
  EXPECT_EQ(DateDiffTimestamp(Unit("month"), Ts("2021-01-31 10:00"), Ts("2021-02-28 10:00")), 1);
  EXPECT_EQ(DateDiffTimestamp(Unit("hour"), Ts("1969-12-31 23:30"), Ts("1970-01-01 00:29")), 0);
  EXPECT_EQ(DateDiffTimestamp(Unit("hour"), Ts("1970-01-01 00:29"), Ts("1969-12-31 23:00")), -1);
  // Compared at millisecond precision, like Trino.
  EXPECT_EQ(DateDiffTimestamp(Unit("millisecond"), Ts("2020-01-01 00:00:00.000999"),
                              Ts("2020-01-01 00:00:00.001")),
            1);
}

TEST(DateTimeDiffTest, TimestampWithTimeZoneCountsDaysInTheZone) {
  const TimestampTz a = Tz("2021-03-13 12:00:00", "America/Los_Angeles");
  const TimestampTz b = Tz("2021-03-14 12:00:00", "America/Los_Angeles");
  EXPECT_EQ(DateDiffTimestampTz(Unit("hour"), a, b), 23);
  EXPECT_EQ(DateDiffTimestampTz(Unit("day"), a, b), 1);
  // y is read in x's zone: 2021-03-14 20:00 UTC is 13:00 in Los Angeles.
  EXPECT_EQ(DateDiffTimestampTz(Unit("day"), a, Tz("2021-03-14 20:00:00", "UTC")), 1);
  EXPECT_EQ(DateDiffTimestampTz(Unit("day"), Tz("2021-03-14 20:00:00", "UTC"), a), -1);
}

TEST(DateTimeExtractTest, Fields) {
  DateTimeField field;
  ASSERT_TRUE(ParseDateTimeField("DOW", &field));
  EXPECT_EQ(field, DateTimeField::kDayOfWeek);
  EXPECT_FALSE(ParseDateTimeField("fortnight", &field));
  EXPECT_FALSE(DateTimeFieldAppliesTo(DateTimeField::kHour, TypeId::kDate));
  EXPECT_FALSE(DateTimeFieldAppliesTo(DateTimeField::kTimezoneHour, TypeId::kTimestamp));
  EXPECT_TRUE(DateTimeFieldAppliesTo(DateTimeField::kTimezoneHour, TypeId::kTimestampTz));

  const int64_t x = Ts("2022-10-20 05:10:07.321");
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kYear, x), 2022);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kQuarter, x), 4);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kMonth, x), 10);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kDay, x), 20);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kDayOfWeek, x), 4);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kDayOfYear, x), 293);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kWeek, x), 42);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kYearOfWeek, x), 2022);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kHour, x), 5);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kMinute, x), 10);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kSecond, x), 7);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kMillisecond, x), 321);
  // ISO weeks at year boundaries.
  EXPECT_EQ(ExtractDate(DateTimeField::kWeek, Day("2021-01-03")), 53);
  EXPECT_EQ(ExtractDate(DateTimeField::kYearOfWeek, Day("2021-01-03")), 2020);
  EXPECT_EQ(ExtractDate(DateTimeField::kWeek, Day("2019-12-30")), 1);
  EXPECT_EQ(ExtractDate(DateTimeField::kYearOfWeek, Day("2019-12-30")), 2020);
  EXPECT_EQ(ExtractDate(DateTimeField::kDayOfWeek, Day("2021-01-03")), 7);
  EXPECT_EQ(ExtractDate(DateTimeField::kDayOfYear, Day("2020-12-31")), 366);
  EXPECT_EQ(ExtractDate(DateTimeField::kWeek, Day("0001-01-01")), 1);
  EXPECT_EQ(ExtractDate(DateTimeField::kYearOfWeek, Day("9999-12-31")), 9999);
  EXPECT_EQ(ExtractDate(DateTimeField::kWeek, Day("9999-12-31")), 52);
  // Negative epoch values.
  const int64_t before = Ts("1969-12-31 23:59:58.999");
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kYear, before), 1969);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kHour, before), 23);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kSecond, before), 58);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kMillisecond, before), 999);
  EXPECT_EQ(ExtractTimestamp(DateTimeField::kDayOfWeek, before), 3);
  std::vector<int64_t> values = {x, before, 0}, out(3);
  for (DateTimeField f : {DateTimeField::kYear, DateTimeField::kHour, DateTimeField::kWeek}) {
    ExtractTimestamps(f, values.data(), values.size(), out.data());
    for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(out[i], ExtractTimestamp(f, values[i]));
  }
}

TEST(DateTimeExtractTest, TimestampWithTimeZone) {
  const TimestampTz x = Tz("2022-10-20 05:10:07", "America/St_Johns");  // -02:30 in October
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kHour, x), 5);
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kTimezoneHour, x), -2);
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kTimezoneMinute, x), -30);
  const TimestampTz kolkata = Tz("2022-01-01 00:00:00", "Asia/Kolkata");
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kTimezoneHour, kolkata), 5);
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kTimezoneMinute, kolkata), 30);
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kDay, kolkata), 1);
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kDay, AtTimeZone(kolkata, kUtcZoneId)), 31);
  EXPECT_EQ(ExtractTimestampTz(DateTimeField::kTimezoneHour,
                               Tz("2021-07-01 00:00:00", "Europe/Berlin")),
            2);
}

TEST(DateTimeZoneTest, AtTimeZoneAndWithTimezone) {
  // Trino's documentation: TIMESTAMP '2012-10-31 01:00 UTC' AT TIME ZONE 'America/Los_Angeles'.
  const int32_t la = ResolveTimeZone("America/Los_Angeles");
  EXPECT_EQ(Show(AtTimeZone(Tz("2012-10-31 01:00", "UTC"), la)),
            "2012-10-30 18:00:00 America/Los_Angeles");
  // at_timezone with session zone America/New_York.
  const int32_t new_york = ResolveTimeZone("America/New_York");
  EXPECT_EQ(Show(AtTimeZone(Ts("2022-11-01 09:08:07.321"), new_york, la)),
            "2022-11-01 06:08:07.321 America/Los_Angeles");
  EXPECT_EQ(Show(WithTimeZone(Ts("2022-11-01 09:08:07.321"), la)),
            "2022-11-01 09:08:07.321 America/Los_Angeles");
  // A time in the spring-forward gap moves forward; one in the overlap is the earlier.
  EXPECT_EQ(Show(WithTimeZone(Ts("2021-03-14 02:30:00"), la)),
            "2021-03-14 03:30:00 America/Los_Angeles");
  EXPECT_EQ(ShowUtc(WithTimeZone(Ts("2021-11-07 01:30:00"), la)), "2021-11-07 08:30:00 UTC");
  const int32_t berlin = ResolveTimeZone("Europe/Berlin");
  EXPECT_EQ(Show(WithTimeZone(Ts("2021-03-28 02:30:00"), berlin)),
            "2021-03-28 03:30:00 Europe/Berlin");
  EXPECT_EQ(ShowUtc(WithTimeZone(Ts("2021-10-31 02:30:00"), berlin)), "2021-10-31 00:30:00 UTC");
  EXPECT_EQ(Show(TimestampTzToTimestamp(Tz("2021-10-31 02:30:00", "Europe/Berlin"))),
            "2021-10-31 02:30:00");
  EXPECT_EQ(ShowDate(TimestampTzToDate(Tz("2021-10-31 00:30:00", "Europe/Berlin"))), "2021-10-31");
  try {
    ResolveTimeZone("Mars/Olympus");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "time zone not supported: 'Mars/Olympus'");
  }
}

TEST(DateTimeZoneTest, OffsetsAgreeInAnyVisitingOrder) {
  // UtcOffsetSeconds remembers the span between two transitions; visiting instants in
  // order (warm) and alternating between far-apart instants (cold) must agree, and the
  // offsets must flip exactly at the transitions.
  for (const char* name : {"America/Los_Angeles", "Europe/Berlin", "Australia/Lord_Howe"}) {
    const int32_t zone = ResolveTimeZone(name);
    std::vector<int64_t> instants;
    for (int64_t t = Ts("2020-01-01 00:00:00"); t < Ts("2022-01-01 00:00:00");
         t += 37 * kMicrosPerMinute + 13 * kMicrosPerSecond) {
      instants.push_back(t);
    }
    std::vector<int32_t> warm;
    for (int64_t t : instants) warm.push_back(UtcOffsetSeconds(zone, t));
    for (size_t i = 0; i < instants.size(); ++i) {
      UtcOffsetSeconds(zone, Ts("1900-01-01 00:00:00"));  // evict the span
      ASSERT_EQ(UtcOffsetSeconds(zone, instants[i]), warm[i]) << name << " " << Show(instants[i]);
    }
  }
  const int32_t la = ResolveTimeZone("America/Los_Angeles");
  const int64_t spring = Ts("2021-03-14 10:00:00");  // 02:00 PST
  EXPECT_EQ(UtcOffsetSeconds(la, spring - 1), -8 * 3600);
  EXPECT_EQ(UtcOffsetSeconds(la, spring), -7 * 3600);
  EXPECT_EQ(UtcOffsetSeconds(la, spring - kMicrosPerSecond), -8 * 3600);
  const int64_t fall = Ts("2021-11-07 09:00:00");  // 02:00 PDT
  EXPECT_EQ(UtcOffsetSeconds(la, fall), -8 * 3600);
  EXPECT_EQ(UtcOffsetSeconds(la, fall - 1), -7 * 3600);
  EXPECT_EQ(UtcOffsetSeconds(la, fall), -8 * 3600);
  EXPECT_EQ(UtcOffsetSeconds(la, Ts("1800-01-01 00:00:00")), -(7 * 3600 + 52 * 60 + 58));
}

TEST(DateTimeUnixtimeTest, FromAndToUnixtime) {
  EXPECT_EQ(Show(FromUnixtime(1500000000.0, kUtcZoneId)), "2017-07-14 02:40:00 UTC");
  EXPECT_EQ(Show(FromUnixtime(1500000000.1234, ResolveTimeZone("Asia/Tokyo"))),
            "2017-07-14 11:40:00.123 Asia/Tokyo");
  EXPECT_EQ(Show(FromUnixtime(-1.5, kUtcZoneId)), "1969-12-31 23:59:58.5 UTC");
  EXPECT_EQ(Show(FromUnixtime(0.0005, kUtcZoneId)), "1970-01-01 00:00:00.001 UTC");
  EXPECT_EQ(Show(FromUnixtime(1500000000.0, -7, -30)), "2017-07-13 19:10:00 -07:30");
  EXPECT_EQ(Show(FromUnixtime(-62135596800.0, kUtcZoneId)), "0001-01-01 00:00:00 UTC");
  EXPECT_THROW(FromUnixtime(std::nan(""), kUtcZoneId), InvalidArgumentError);
  EXPECT_THROW(FromUnixtime(1e300, kUtcZoneId), InvalidArgumentError);
  EXPECT_THROW(FromUnixtime(0.0, 15, 0), InvalidArgumentError);
  EXPECT_DOUBLE_EQ(ToUnixtime(Tz("2017-07-14 02:40:00.25", "UTC")), 1500000000.25);
  EXPECT_DOUBLE_EQ(ToUnixtime(Tz("1969-12-31 23:59:58.5", "UTC")), -1.5);
  EXPECT_DOUBLE_EQ(ToUnixtime(Tz("2017-07-14 04:40:00", "Europe/Berlin")), 1500000000.0);
}

TEST(DateTimeCurrentTest, CurrentDateAndTimestamp) {
  const int64_t now = Ts("2024-03-01 07:30:00.123456");  // as a UTC instant
  const int32_t la = ResolveTimeZone("America/Los_Angeles");
  EXPECT_EQ(ShowDate(CurrentDate(now, la)), "2024-02-29");
  EXPECT_EQ(ShowDate(CurrentDate(now, kUtcZoneId)), "2024-03-01");
  EXPECT_EQ(Show(CurrentTimestamp(now, la)), "2024-02-29 23:30:00.123 America/Los_Angeles");
  EXPECT_EQ(Show(CurrentTimestamp(now, la, 6)), "2024-02-29 23:30:00.123456 America/Los_Angeles");
  EXPECT_EQ(Show(LocalTimestamp(now, la, 0)), "2024-02-29 23:30:00");
  EXPECT_EQ(ShowDate(LastDayOfMonth(Day("2024-02-10"))), "2024-02-29");
  EXPECT_EQ(ShowDate(LastDayOfMonth(Day("2023-02-10"))), "2023-02-28");
}

}  // namespace
}  // namespace sluice
