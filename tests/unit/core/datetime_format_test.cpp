// date_format / date_parse (MySQL specifiers), format_datetime / parse_datetime (Joda
// patterns) and the ISO 8601 functions. Runs under TZ=America/Los_Angeles.
#include "core/datetime_format.h"

#include <gtest/gtest.h>

#include <string>

#include "core/datetime_functions.h"
#include "core/datetime_iso8601.h"
#include "datetime_test_support.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/value_format.h"
#include "core/value_parse.h"

namespace sluice {
namespace {

using namespace datetime_testing;

/// The message of the error `call` throws, or "no error".
template <typename Error, typename Call>
std::string ErrorOf(Call call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::string Parse(const char* text, const char* format) {
  return Show(DateParse(text, format));
}

TEST(DateTimeMySqlFormatTest, EverySpecifier) {
  const int64_t x = Ts("2001-01-09 13:04:05.321");
  const std::pair<const char*, const char*> cases[] = {
      {"%a", "Tue"},      {"%b", "Jan"},           {"%c", "1"},        {"%d", "09"},
      {"%e", "9"},        {"%f", "321000"},        {"%H", "13"},       {"%h", "01"},
      {"%I", "01"},       {"%i", "04"},            {"%j", "009"},      {"%k", "13"},
      {"%l", "1"},        {"%M", "January"},       {"%m", "01"},       {"%p", "PM"},
      {"%r", "01:04:05 PM"}, {"%S", "05"},         {"%s", "05"},       {"%T", "13:04:05"},
      {"%v", "02"},       {"%W", "Tuesday"},       {"%x", "2001"},     {"%Y", "2001"},
      {"%y", "01"},       {"%%", "%"},             {"foo", "foo"},     {"%g", "g"},
      {"%4", "4"},        {"%x %v", "2001 02"},    {"%Y年%m月%d日", "2001年01月09日"},
      {"100%", "100"},
  };
  for (const auto& [format, expected] : cases) {
    EXPECT_EQ(DateFormat(x, format), expected) << format;
  }
  EXPECT_EQ(DateFormat(Ts("2022-10-20 05:10:00"), "%m-%d-%Y %H"), "10-20-2022 05");
  EXPECT_EQ(DateFormat(Ts("2022-10-20 00:10:00"), "%h %l %p"), "12 12 AM");
  // Microseconds are truncated to milliseconds, as Trino's %f prints them.
  EXPECT_EQ(DateFormat(Ts("2022-10-20 00:10:00.123999"), "%f"), "123000");
  EXPECT_EQ(DateFormat(Ts("0001-01-01 00:00:00"), "%Y-%m-%d %W"), "0001-01-01 Monday");
  EXPECT_EQ(DateFormat(Ts("1969-12-31 23:59:59.999"), "%Y-%m-%d %T.%f"),
            "1969-12-31 23:59:59.999000");
  // A timestamp with time zone prints its local time.
  EXPECT_EQ(DateFormat(Tz("2021-03-14 03:30:00", "America/Los_Angeles"), "%Y-%m-%d %H:%i"),
            "2021-03-14 03:30");
}

TEST(DateTimeMySqlFormatTest, UnsupportedSpecifiersAreErrors) {
  for (const char* format : {"%D", "%U", "%u", "%V", "%w", "%X"}) {
    EXPECT_THROW(DateFormat(int64_t{0}, format), InvalidArgumentError) << format;
  }
  EXPECT_EQ(ErrorOf<InvalidArgumentError>([] { DateFormat(int64_t{0}, "%Y %U"); }),
            "%U is not supported in date format string '%Y %U' (Trino does not support %D "
            "%U %u %V %w %X)");
}

TEST(DateTimeMySqlParseTest, Timestamps) {
  EXPECT_EQ(Parse("2022/10/20/05", "%Y/%m/%d/%H"), "2022-10-20 05:00:00");
  EXPECT_EQ(Parse("2013-05-17 12:35:10", "%Y-%m-%d %H:%i:%s"), "2013-05-17 12:35:10");
  EXPECT_EQ(Parse("2013-05-17 12:35:10 AM", "%Y-%m-%d %h:%i:%s %p"), "2013-05-17 00:35:10");
  EXPECT_EQ(Parse("2013-05-17 12:35:10 PM", "%Y-%m-%d %h:%i:%s %p"), "2013-05-17 12:35:10");
  EXPECT_EQ(Parse("2013-05-17 11:35:10 pm", "%Y-%m-%d %r"), "2013-05-17 23:35:10");
  EXPECT_EQ(Parse("2013-05-17 00:35:10.456789", "%Y-%m-%d %H:%i:%s.%f"),
            "2013-05-17 00:35:10.456");
  EXPECT_EQ(Parse("2013-5-7 9:5:1", "%Y-%c-%e %k:%i:%s"), "2013-05-07 09:05:01");
  EXPECT_EQ(Parse("70-01-01", "%y-%m-%d"), "1970-01-01 00:00:00");
  EXPECT_EQ(Parse("69-01-01", "%y-%m-%d"), "2069-01-01 00:00:00");
  EXPECT_EQ(Parse("17 May 2013", "%d %M %Y"), "2013-05-17 00:00:00");
  EXPECT_EQ(Parse("17 may 2013", "%d %b %Y"), "2013-05-17 00:00:00");
  EXPECT_EQ(Parse("2013 137", "%Y %j"), "2013-05-17 00:00:00");
  EXPECT_EQ(Parse("2020 366", "%Y %j"), "2020-12-31 00:00:00");
  // A month and day without a year take year 2000 (Joda), so February 29 parses.
  EXPECT_EQ(Parse("02-29", "%m-%d"), "2000-02-29 00:00:00");
  EXPECT_EQ(Parse("10:15", "%H:%i"), "1970-01-01 10:15:00");
  // A weekday name moves the date within its ISO week, as Joda does.
  EXPECT_EQ(Parse("Mon 2022-10-20", "%a %Y-%m-%d"), "2022-10-17 00:00:00");
  EXPECT_EQ(Parse("Thursday 2022-10-20", "%W %Y-%m-%d"), "2022-10-20 00:00:00");
  EXPECT_EQ(Parse("0001-01-01", "%Y-%m-%d"), "0001-01-01 00:00:00");
  EXPECT_EQ(Parse("9999-12-31 23:59:59", "%Y-%m-%d %T"), "9999-12-31 23:59:59");
  EXPECT_EQ(Parse("1969-12-31 23:59:59.999", "%Y-%m-%d %T.%f"), "1969-12-31 23:59:59.999");
}

TEST(DateTimeMySqlParseTest, ErrorsNameTheTextThePatternAndTheReason) {
  EXPECT_EQ(ErrorOf<ConversionError>([] { DateParse("2022-13-01", "%Y-%m-%d"); }),
            "date_parse: cannot parse '2022-13-01' with format '%Y-%m-%d': value 13 for "
            "monthOfYear must be in the range [1,12]");
  EXPECT_EQ(ErrorOf<ConversionError>([] { DateParse("2022-02-29", "%Y-%m-%d"); }),
            "date_parse: cannot parse '2022-02-29' with format '%Y-%m-%d': value 29 for "
            "dayOfMonth must be in the range [1,28]");
  EXPECT_EQ(ErrorOf<ConversionError>([] { DateParse("2022-10-20x", "%Y-%m-%d"); }),
            "date_parse: cannot parse '2022-10-20x' with format '%Y-%m-%d': malformed at 'x'");
  EXPECT_EQ(ErrorOf<ConversionError>([] { DateParse("2022-10", "%Y-%m-%d"); }),
            "date_parse: cannot parse '2022-10' with format '%Y-%m-%d': the text is too short");
  EXPECT_EQ(ErrorOf<ConversionError>([] { DateParse("2022/10/20", "%Y-%m-%d"); }),
            "date_parse: cannot parse '2022/10/20' with format '%Y-%m-%d': malformed at "
            "'/10/20'");
  EXPECT_THROW(DateParse("00:30 AM", "%h:%i %p"), ConversionError);  // hour 0 on a 12-hour clock
  EXPECT_THROW(DateParse("24:00", "%H:%i"), ConversionError);
  EXPECT_THROW(DateParse("2013", "%D %Y"), InvalidArgumentError);
}

TEST(DateTimeJodaFormatTest, Letters) {
  const int64_t x = Ts("2001-01-09 13:04:05.321");
  const std::pair<const char*, const char*> cases[] = {
      {"yyyy-MM-dd HH:mm:ss.SSS", "2001-01-09 13:04:05.321"},
      {"EEE, dd MMM yyyy", "Tue, 09 Jan 2001"},
      {"EEEE MMMM", "Tuesday January"},
      {"a h K k H", "PM 1 1 13 13"},
      {"D DDD e", "9 009 2"},
      {"xxxx-ww", "2001-02"},
      {"G C Y", "AD 20 2001"},
      {"yy y M d", "01 2001 1 9"},
      {"S SS SSSSSS", "3 32 321000"},
      {"''yyyy'' 'o''clock'", "'2001' o'clock"},
      {"'week' w", "week 2"},
      {"Z ZZ ZZZ z", "+0000 +00:00 UTC UTC"},
      {"HH:mm:ss 'T'", "13:04:05 T"},
  };
  for (const auto& [pattern, expected] : cases) {
    EXPECT_EQ(FormatDatetime(x, pattern), expected) << pattern;
  }
  EXPECT_EQ(FormatDatetime(Ts("2001-01-09 00:04:05"), "k K h a"), "24 0 12 AM");
  EXPECT_EQ(FormatDatetime(Ts("0001-01-01 00:00:00"), "yyyy-MM-dd G"), "0001-01-01 AD");
  EXPECT_EQ(FormatDatetime(Ts("9999-12-31 23:59:59.999"), "yyyy-MM-dd HH:mm:ss.SSS"),
            "9999-12-31 23:59:59.999");
}

TEST(DateTimeJodaFormatTest, ZonesOfTimestampWithTimeZone) {
  const char* pattern = "yyyy-MM-dd HH:mm z Z ZZ ZZZ";
  EXPECT_EQ(FormatDatetime(Tz("2021-03-14 03:30:00", "America/Los_Angeles"), pattern),
            "2021-03-14 03:30 PDT -0700 -07:00 America/Los_Angeles");
  EXPECT_EQ(FormatDatetime(Tz("2021-03-14 01:30:00", "America/Los_Angeles"), pattern),
            "2021-03-14 01:30 PST -0800 -08:00 America/Los_Angeles");
  EXPECT_EQ(FormatDatetime(Tz("2021-07-01 12:00:00", "Europe/Berlin"), pattern),
            "2021-07-01 12:00 CEST +0200 +02:00 Europe/Berlin");
  EXPECT_EQ(FormatDatetime(Tz("2021-07-01 12:00:00", "+05:30"), pattern),
            "2021-07-01 12:00 +05:30 +0530 +05:30 +05:30");
  EXPECT_EQ(FormatDatetime(Tz("2021-07-01 12:00:00", "America/Los_Angeles"), "zzzz"),
            "Pacific Daylight Time");
  EXPECT_EQ(FormatDatetime(Tz("2021-07-01 12:00:00", "UTC"), "zzzz"), "Coordinated Universal Time");
}

TEST(DateTimeJodaFormatTest, IllegalLettersAreErrors) {
  EXPECT_EQ(ErrorOf<InvalidArgumentError>([] { FormatDatetime(int64_t{0}, "yyyy-qq"); }),
            "illegal pattern component 'qq' in date/time pattern 'yyyy-qq'");
  EXPECT_THROW(FormatDatetime(int64_t{0}, "T"), InvalidArgumentError);
}

TEST(DateTimeJodaParseTest, ParseDatetime) {
  const int32_t la = ResolveTimeZone("America/Los_Angeles");
  EXPECT_EQ(Show(ParseDatetime("2020-05-11 11:15:05", "yyyy-MM-dd HH:mm:ss", la)),
            "2020-05-11 11:15:05 America/Los_Angeles");
  EXPECT_EQ(Show(ParseDatetime("2020-05-11 11:15:05 +01:00", "yyyy-MM-dd HH:mm:ss ZZ", la)),
            "2020-05-11 11:15:05 +01:00");
  EXPECT_EQ(Show(ParseDatetime("2020-05-11 11:15:05 Z", "yyyy-MM-dd HH:mm:ss Z", la)),
            "2020-05-11 11:15:05 UTC");
  EXPECT_EQ(Show(ParseDatetime("10/Oct/2000:13:55:36 -0700", "dd/MMM/yyyy:HH:mm:ss Z", la)),
            "2000-10-10 13:55:36 -07:00");
  EXPECT_EQ(Show(ParseDatetime("2020-05-11 11:15 Europe/Berlin", "yyyy-MM-dd HH:mm ZZZ", la)),
            "2020-05-11 11:15:00 Europe/Berlin");
  EXPECT_EQ(Show(ParseDatetime("2020-05-11 11:15 PST", "yyyy-MM-dd HH:mm z", kUtcZoneId)),
            "2020-05-11 11:15:00 America/Los_Angeles");
  EXPECT_EQ(Show(ParseDatetime("20240315", "yyyyMMdd", kUtcZoneId)), "2024-03-15 00:00:00 UTC");
  EXPECT_EQ(Show(ParseDatetime("2024-03-15 10:20:30.5", "yyyy-MM-dd HH:mm:ss.SSS", kUtcZoneId)),
            "2024-03-15 10:20:30.5 UTC");
  EXPECT_EQ(Show(ParseDatetime("feb 29", "MMM dd", kUtcZoneId)), "2000-02-29 00:00:00 UTC");
  EXPECT_EQ(Show(ParseDatetime("12:30 AM", "hh:mm a", kUtcZoneId)), "1970-01-01 00:30:00 UTC");
  EXPECT_EQ(Show(ParseDatetime("Tuesday, 9 January 2001", "EEEE, d MMMM yyyy", kUtcZoneId)),
            "2001-01-09 00:00:00 UTC");
  EXPECT_EQ(Show(ParseDatetime("2001-W02-2", "xxxx-'W'ww-e", kUtcZoneId)),
            "2001-01-09 00:00:00 UTC");
  // Two-digit years: the century around (pivot - 30); a full year is read leniently.
  const DateTimeFormat two_digit = DateTimeFormat::CompileJoda("yy-MM-dd", 1996);
  EXPECT_EQ(Show(ParseDatetime("24-03-15", two_digit, kUtcZoneId)), "2024-03-15 00:00:00 UTC");
  EXPECT_EQ(Show(ParseDatetime("46-03-15", two_digit, kUtcZoneId)), "1946-03-15 00:00:00 UTC");
  EXPECT_EQ(Show(ParseDatetime("45-03-15", two_digit, kUtcZoneId)), "2045-03-15 00:00:00 UTC");
  EXPECT_EQ(Show(ParseDatetime("1824-03-15", two_digit, kUtcZoneId)), "1824-03-15 00:00:00 UTC");
}

TEST(DateTimeJodaParseTest, DstAndErrors) {
  const int32_t la = ResolveTimeZone("America/Los_Angeles");
  // The overlap takes the earlier instant (PDT); the gap is an error, as in Trino.
  EXPECT_EQ(ParseDatetime("2024-11-03 01:30", "yyyy-MM-dd HH:mm", la).micros,
            Ts("2024-11-03 08:30:00"));
  EXPECT_EQ(ErrorOf<ConversionError>([&] { ParseDatetime("2024-03-10 02:30", "yyyy-MM-dd HH:mm", la); }),
            "parse_datetime: cannot parse '2024-03-10 02:30' with format 'yyyy-MM-dd HH:mm': the "
            "local time does not exist in America/Los_Angeles (skipped by a time zone offset "
            "transition)");
  const int32_t berlin = ResolveTimeZone("Europe/Berlin");
  EXPECT_THROW(ParseDatetime("2021-03-28 02:30", "yyyy-MM-dd HH:mm", berlin), ConversionError);
  EXPECT_EQ(ParseDatetime("2021-10-31 02:30", "yyyy-MM-dd HH:mm", berlin).micros,
            Ts("2021-10-31 00:30:00"));
  EXPECT_EQ(ErrorOf<ConversionError>([&] { ParseDatetime("2021-04-31", "yyyy-MM-dd", la); }),
            "parse_datetime: cannot parse '2021-04-31' with format 'yyyy-MM-dd': value 31 for "
            "dayOfMonth must be in the range [1,30]");
  EXPECT_EQ(ErrorOf<ConversionError>([&] { ParseDatetime("2021-04-30 Mars/Olympus", "yyyy-MM-dd ZZZ", la); }),
            "parse_datetime: cannot parse '2021-04-30 Mars/Olympus' with format 'yyyy-MM-dd ZZZ': "
            "unknown time zone at 'Mars/Olympus'");
  EXPECT_THROW(ParseDatetime("2021-04-30", "yyyy-MM-dd HH", la), ConversionError);
}

TEST(DateTimeIso8601Test, FromIso8601Timestamp) {
  const int32_t vancouver = ResolveTimeZone("America/Vancouver");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11", vancouver)),
            "2020-05-11 00:00:00 America/Vancouver");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11T11:15:05", vancouver)),
            "2020-05-11 11:15:05 America/Vancouver");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11T11:15:05.055+01:00", vancouver)),
            "2020-05-11 11:15:05.055 +01:00");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11T11:15:05.055999Z", vancouver)),
            "2020-05-11 11:15:05.055 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11T11:15:05,5-0230", vancouver)),
            "2020-05-11 11:15:05.5 -02:30");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11T10.5", kUtcZoneId)), "2020-05-11 10:30:00 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11T10:15.5", kUtcZoneId)),
            "2020-05-11 10:15:30 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-05-11T", kUtcZoneId)), "2020-05-11 00:00:00 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("T10:15Z", vancouver)), "1970-01-01 10:15:00 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020-W10T08", kUtcZoneId)), "2020-03-02 08:00:00 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("2020", kUtcZoneId)), "2020-01-01 00:00:00 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("0001-01-01T00:00:00Z", kUtcZoneId)),
            "0001-01-01 00:00:00 UTC");
  EXPECT_EQ(Show(FromIso8601Timestamp("1969-12-31T23:59:59.999Z", kUtcZoneId)),
            "1969-12-31 23:59:59.999 UTC");
  const int32_t la = ResolveTimeZone("America/Los_Angeles");
  EXPECT_EQ(ErrorOf<ConversionError>([&] { FromIso8601Timestamp("2021-03-14T02:30", la); }),
            "from_iso8601_timestamp: '2021-03-14T02:30' is a local time that does not exist in "
            "America/Los_Angeles (skipped by a time zone offset transition)");
  EXPECT_EQ(ErrorOf<ConversionError>([&] { FromIso8601Timestamp("2020-05-11 11:15", la); }),
            "from_iso8601_timestamp: '2020-05-11 11:15' is not a valid ISO 8601 timestamp "
            "(malformed at ' 11:15')");
  EXPECT_THROW(FromIso8601Timestamp("2020-13-01", la), ConversionError);
  EXPECT_THROW(FromIso8601Timestamp("2020-05-11T24:00", la), ConversionError);
  EXPECT_THROW(FromIso8601Timestamp("", la), ConversionError);
  EXPECT_THROW(FromIso8601Timestamp("2020-05-11T11:15+25:00", la), ConversionError);
}

TEST(DateTimeIso8601Test, FromIso8601Date) {
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-05-11")), "2020-05-11");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-W10")), "2020-03-02");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-123")), "2020-05-02");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-W10-7")), "2020-03-08");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-W53")), "2020-12-28");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020")), "2020-01-01");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-05")), "2020-05-01");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-5-1")), "2020-05-01");
  EXPECT_EQ(ShowDate(FromIso8601Date("2020-366")), "2020-12-31");
  EXPECT_EQ(ShowDate(FromIso8601Date("9999-12-31")), "9999-12-31");
  EXPECT_EQ(ShowDate(FromIso8601Date("-0001-01-01")), "-0001-01-01");
  EXPECT_THROW(FromIso8601Date("2021-W53"), ConversionError);
  EXPECT_THROW(FromIso8601Date("2021-366"), ConversionError);
  EXPECT_THROW(FromIso8601Date("2021-02-29"), ConversionError);
  EXPECT_EQ(ErrorOf<ConversionError>([] { FromIso8601Date("2020-05-11T10:00"); }),
            "from_iso8601_date: '2020-05-11T10:00' is not a valid ISO 8601 date (malformed at "
            "'T10:00')");
}

TEST(DateTimeIso8601Test, ToIso8601) {
  int32_t days = 0;
  ASSERT_TRUE(ParseDate("2022-05-31", &days));
  EXPECT_EQ(ToIso8601Date(days), "2022-05-31");
  EXPECT_EQ(ToIso8601Timestamp(Ts("2024-04-01 00:00:00"), 0), "2024-04-01T00:00:00");
  EXPECT_EQ(ToIso8601Timestamp(Ts("2026-05-26 02:08:02.930"), 3), "2026-05-26T02:08:02.930");
  EXPECT_EQ(ToIso8601Timestamp(Ts("2026-05-26 02:08:02.930")), "2026-05-26T02:08:02.930000");
  EXPECT_EQ(ToIso8601Timestamp(Ts("1969-12-31 23:59:59.999999")), "1969-12-31T23:59:59.999999");
  EXPECT_EQ(ToIso8601(Tz("2024-04-01 00:00:00", "UTC"), 0), "2024-04-01T00:00:00Z");
  EXPECT_EQ(ToIso8601(Tz("2022-05-31 12:30:45", "+03:00"), 0), "2022-05-31T12:30:45+03:00");
  EXPECT_EQ(ToIso8601(Tz("2022-05-31 12:30:45.123", "America/Los_Angeles"), 3),
            "2022-05-31T12:30:45.123-07:00");
  EXPECT_EQ(ToIso8601(Tz("2022-01-31 12:30:45", "Europe/London"), 0), "2022-01-31T12:30:45Z");
}

TEST(DateTimeFormatCacheTest, SharesCompiledPatterns) {
  auto a = CachedMySqlFormat("%Y-%m-%d");
  auto b = CachedMySqlFormat(std::string("%Y-%m-%d"));
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(CachedJodaFormat("yyyy").get(), CachedJodaFormat("yyy").get());
  EXPECT_THROW(CachedMySqlFormat("%U"), InvalidArgumentError);
}

}  // namespace
}  // namespace sluice
