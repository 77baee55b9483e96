// What the date/time SQL layer does below SQL: interval values and text, the interval
// literal parser's edges, kernels over selections and constants, the statement clock,
// and type resolution of the operators. SQL-level behaviour is in tests/sql/datetime.test,
// interval.test and timezone.test.

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/calendar.h"
#include "core/datetime_functions.h"
#include "core/time_zone.h"
#include "expression_test_util.h"
#include "sql/expression/cast.h"
#include "sql/expression/functions/datetime_interval.h"
#include "sql/expression/functions/datetime_kernel.h"

namespace sluice::sql {
namespace {

using namespace testing;

BoundExpressionPtr DayTime(int64_t millis) { return C(Value::IntervalDayTime(millis)); }
BoundExpressionPtr YearMonth(int32_t months) { return C(Value::IntervalYearMonth(months)); }
BoundExpressionPtr Ts(const char* text) { return MakeCast(Str(text), DataType::Timestamp()); }
BoundExpressionPtr Day(const char* text) { return MakeCast(Str(text), DataType::Date()); }

std::string Literal(std::string_view text, IntervalField start, IntervalField end, bool negative = false) {
  try {
    return ParseIntervalLiteral(text, start, end, negative).ToString();
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

TEST(SqlDateTimeInterval, TypesAndLayouts) {
  EXPECT_EQ(DataType::IntervalDayTime().ToString(), "interval day to second");
  EXPECT_EQ(DataType::IntervalYearMonth().ToString(), "interval year to month");
  EXPECT_EQ(DataType::Parse("INTERVAL  Day To Second"), DataType::IntervalDayTime());
  EXPECT_EQ(DataType::Parse("interval year to month"), DataType::IntervalYearMonth());
  EXPECT_EQ(DataType::IntervalDayTime().physical_type(), PhysicalType::kInt64);
  EXPECT_EQ(DataType::IntervalYearMonth().fixed_width(), 4u);
  EXPECT_TRUE(DataType::IntervalYearMonth().is_interval());
  EXPECT_FALSE(DataType::IntervalYearMonth().is_numeric());
}

TEST(SqlDateTimeInterval, ValueTextAndLiterals) {
  EXPECT_EQ(Value::IntervalDayTime(2 * 86400000LL + 3 * 3600000 + 4 * 60000 + 5006).ToString(), "2 03:04:05.006");
  EXPECT_EQ(Value::IntervalDayTime(-500).ToString(), "-0 00:00:00.500");
  EXPECT_EQ(Value::IntervalDayTime(INT64_MIN).ToString(), "-106751991167 07:12:55.808");
  EXPECT_EQ(Value::IntervalDayTime(INT64_MAX).ToString(), "106751991167 07:12:55.807");
  EXPECT_EQ(Value::IntervalYearMonth(14).ToString(), "1-2");
  EXPECT_EQ(Value::IntervalYearMonth(-3).ToString(), "-0-3");
  EXPECT_EQ(Value::IntervalYearMonth(INT32_MIN).ToString(), "-178956970-8");
  EXPECT_EQ(Value::IntervalDayTime(-90000).ToSqlLiteral(), "INTERVAL '-0 00:01:30.000' DAY TO SECOND");
  EXPECT_EQ(Value::IntervalYearMonth(-14).ToSqlLiteral(), "INTERVAL '-1-2' YEAR TO MONTH");
  EXPECT_EQ(Value::Null(DataType::IntervalDayTime()).ToSqlLiteral(), "CAST(NULL AS interval day to second)");
  // The literal text reads back as the same value.
  EXPECT_EQ(ParseIntervalLiteral("-0 00:01:30.000", IntervalField::kDay, IntervalField::kSecond, false),
            Value::IntervalDayTime(-90000));
  EXPECT_EQ(ParseIntervalLiteral("-1-2", IntervalField::kYear, IntervalField::kMonth, false),
            Value::IntervalYearMonth(-14));
}

TEST(SqlDateTimeInterval, CompareHashAndVectors) {
  EXPECT_LT(Value::IntervalDayTime(-1), Value::IntervalDayTime(0));
  EXPECT_EQ(Value::IntervalYearMonth(12), Value::IntervalYearMonth(12));
  EXPECT_EQ(Value::IntervalDayTime(5).Hash(), Value::IntervalDayTime(5).Hash());
  Vector vector(DataType::IntervalYearMonth(), 4);
  Value::IntervalYearMonth(-7).WriteTo(&vector, 1);
  Value::Null(DataType::IntervalYearMonth()).WriteTo(&vector, 2);
  EXPECT_EQ(Value::FromVector(vector, 1), Value::IntervalYearMonth(-7));
  EXPECT_TRUE(Value::FromVector(vector, 2).is_null());
}

TEST(SqlDateTimeInterval, LiteralParserEdges) {
  using F = IntervalField;
  EXPECT_EQ(Literal("1 2:3:4.5", F::kDay, F::kSecond), "1 02:03:04.500");
  EXPECT_EQ(Literal("1 2", F::kDay, F::kSecond), "1 02:00:00.000");
  EXPECT_EQ(Literal("1.999999", F::kSecond, F::kSecond), "0 00:00:01.999");  // truncated
  EXPECT_EQ(Literal("-3", F::kDay, F::kDay, true), "3 00:00:00.000");        // two signs
  EXPECT_EQ(Literal("9999999999", F::kHour, F::kHour), "416666666 15:00:00.000");
  EXPECT_EQ(Literal("1 ", F::kDay, F::kHour), "error: Invalid INTERVAL DAY TO HOUR value: 1 ");
  EXPECT_EQ(Literal("+1", F::kDay, F::kDay), "error: Invalid INTERVAL DAY value: +1");
  EXPECT_EQ(Literal("1.1234567890", F::kSecond, F::kSecond), "error: Invalid INTERVAL SECOND value: 1.1234567890");
  EXPECT_EQ(Literal("2147483647", F::kMonth, F::kMonth), "178956970-7");
  EXPECT_EQ(Literal("2147483648", F::kMonth, F::kMonth),
            "error: Invalid INTERVAL MONTH value: 2147483648 (out of range)");
  EXPECT_EQ(Literal("1", F::kDay, F::kMonth), "error: Invalid interval qualifier: DAY TO MONTH");
  IntervalField field;
  EXPECT_TRUE(ParseIntervalField("Minute", &field));
  EXPECT_EQ(field, F::kMinute);
  EXPECT_FALSE(ParseIntervalField("week", &field));
}

TEST(SqlDateTimeInterval, OperatorResolution) {
  EXPECT_EQ(MakeArithmetic('+', Day("2020-01-31"), YearMonth(1))->type(), DataType::Date());
  EXPECT_EQ(MakeArithmetic('+', DayTime(1), Ts("2020-01-01 00:00:00"))->type(), DataType::Timestamp());
  EXPECT_EQ(MakeArithmetic('-', Ts("2020-01-02 00:00:00"), Ts("2020-01-01 00:00:00"))->type(),
            DataType::IntervalDayTime());
  // integer → bigint, decimal → double
  EXPECT_EQ(Try([] { return MakeArithmetic('*', DayTime(1000), Int(3)); }), "0 00:00:03.000");
  EXPECT_EQ(Try([] { return MakeArithmetic('*', Dec("0.5"), YearMonth(3)); }), "0-1");
  EXPECT_EQ(Try([] { return MakeArithmetic('-', Day("2020-01-02"), Day("2020-01-01")); }),
            "error: cannot apply operator: date - date");
  EXPECT_EQ(Try([] { return MakeArithmetic('+', DayTime(1), YearMonth(1)); }),
            "error: cannot apply operator: interval day to second + interval year to month");
  EXPECT_EQ(Try([] { return MakeNegate(YearMonth(INT32_MIN)); }),
            "error: interval year to month negation overflow: -(-178956970-8)");
}

TEST(SqlDateTimeInterval, CastsToText) {
  EXPECT_TRUE(CanCast(DataType::IntervalDayTime(), DataType::Varchar()));
  EXPECT_FALSE(CanCast(DataType::Varchar(), DataType::IntervalDayTime()));
  EXPECT_FALSE(CanCast(DataType::IntervalYearMonth(), DataType::IntervalDayTime()));
  EXPECT_TRUE(CanCast(DataType::Unknown(), DataType::IntervalYearMonth()));
  EXPECT_EQ(Try([] { return MakeCast(YearMonth(-14), DataType::Varchar()); }), "-1-2");
}

TEST(SqlDateTimeKernels, SelectionsAndNulls) {
  // date + interval '1' month over rows 0 and 2 only, with a NULL in row 1.
  Chunk chunk = MakeChunk({DataType::Date(), DataType::IntervalYearMonth()},
                          {{Value::Date(DaysFromCivil(2020, 1, 31)), Value::Null(DataType::Date()),
                            Value::Date(DaysFromCivil(2019, 1, 31))},
                           {Value::IntervalYearMonth(1), Value::IntervalYearMonth(1), Value::IntervalYearMonth(13)}});
  BoundExpressionPtr sum = MakeArithmetic('+', MakeColumnRef(0, DataType::Date()), MakeColumnRef(1, DataType::IntervalYearMonth()));
  std::vector<Value> all = EvalRows(sum, chunk);
  EXPECT_EQ(all[0].ToString(), "2020-02-29");
  EXPECT_TRUE(all[1].is_null());
  EXPECT_EQ(all[2].ToString(), "2020-02-29");
  exec::ExpressionEvaluator evaluator(sum, Session(), 1);
  SelectionVector selection;
  selection.data()[0] = 2;
  const Vector& result = evaluator.EvaluateToVector(chunk, &selection, 1);
  EXPECT_EQ(Value::FromVector(result, 2).ToString(), "2020-02-29");
}

TEST(SqlDateTimeKernels, DenseFieldPathsMatchRowPaths) {
  // Dense columns take the array loops (ExtractTimestamps, DateTruncTimestamps); a
  // selection takes the per-row loop: both must agree, before and after the epoch.
  std::vector<Value> values;
  for (int64_t micros : {int64_t{-1}, int64_t{0}, int64_t{86399999999}, int64_t{-86400000001}, int64_t{1589195705055000}}) {
    values.push_back(Value::Timestamp(micros));
  }
  Chunk chunk = MakeChunk({DataType::Timestamp()}, {values});
  for (const char* name : {"hour", "year", "minute", "millisecond", "day_of_week"}) {
    BoundExpressionPtr call = F(name, {MakeColumnRef(0, DataType::Timestamp())});
    std::vector<Value> dense = EvalRows(call, chunk);
    for (size_t row = 0; row < values.size(); ++row) {
      exec::ExpressionEvaluator evaluator(call, Session(), 1);
      SelectionVector selection;
      selection.data()[0] = static_cast<uint32_t>(row);
      const Vector& one = evaluator.EvaluateToVector(chunk, &selection, 1);
      EXPECT_EQ(Value::FromVector(one, row), dense[row]) << name << " row " << row;
    }
  }
  BoundExpressionPtr trunc = F("date_trunc", {Str("hour"), MakeColumnRef(0, DataType::Timestamp())});
  EXPECT_EQ(EvalRows(trunc, chunk)[0].ToString(), "1969-12-31 23:00:00.000000");
}

/// One call of a date/time function with its argument values.
struct Call {
  const char* function;
  std::vector<Value> arguments;
};

std::vector<Call> Calls() {
  const Value date = Value::Date(DaysFromCivil(2020, 1, 31));
  const Value ts = Value::Timestamp(1580465730123456);  // 2020-01-31 10:15:30.123456
  int32_t berlin = 0;
  EXPECT_TRUE(LookupTimeZone("Europe/Berlin", &berlin));
  const Value tz = Value::TimestampTz(1585443600000000, berlin);  // 2020-03-29 03:00 CEST
  const Value day_time = Value::IntervalDayTime(90061001), year_month = Value::IntervalYearMonth(13);
  auto v = [](const char* text) { return Value::Varchar(text); };
  return {
      {"+", {date, year_month}}, {"+", {year_month, date}}, {"+", {ts, day_time}}, {"+", {tz, year_month}},
      {"+", {day_time, tz}}, {"+", {day_time, day_time}}, {"+", {year_month, year_month}},
      {"-", {ts, ts}}, {"-", {tz, Value::TimestampTz(0, 0)}}, {"-", {date, Value::IntervalDayTime(86400000)}},
      {"-", {tz, year_month}}, {"*", {day_time, Value::BigInt(-3)}}, {"*", {Value::Double(0.5), year_month}},
      {"/", {day_time, Value::Double(4)}}, {"negate", {year_month}},
      {"year", {date}}, {"hour", {ts}}, {"millisecond", {ts}}, {"timezone_minute", {tz}}, {"day_of_week", {tz}},
      {"day", {day_time}}, {"second", {day_time}}, {"month", {year_month}},
      {"date_trunc", {v("month"), ts}}, {"date_trunc", {v("week"), date}}, {"date_trunc", {v("day"), tz}},
      {"date_add", {v("month"), Value::BigInt(1), date}}, {"date_add", {v("hour"), Value::BigInt(-2), tz}},
      {"date_diff", {v("day"), ts, Value::Timestamp(0)}}, {"date_diff", {v("month"), tz, tz}},
      {"last_day_of_month", {tz}}, {"at_timezone", {tz, v("Asia/Kolkata")}}, {"with_timezone", {ts, v("America/New_York")}},
      {"from_unixtime", {Value::Double(1.5)}}, {"from_unixtime", {Value::Double(1.5), v("Asia/Tokyo")}},
      {"from_unixtime", {Value::Double(1.5), Value::BigInt(-3), Value::BigInt(-30)}}, {"to_unixtime", {tz}},
      {"date_format", {ts, v("%Y-%m-%d %H:%i:%s.%f")}}, {"date_parse", {v("31/01/2020 10"), v("%d/%m/%Y %H")}},
      {"format_datetime", {tz, v("yyyy-MM-dd HH:mm ZZZ")}}, {"parse_datetime", {v("2020-01-31 10"), v("yyyy-MM-dd HH")}},
      {"from_iso8601_timestamp", {v("2020-01-31T10:15:30.5+05:30")}}, {"from_iso8601_date", {v("2020-W05-5")}},
      {"to_iso8601", {tz}}, {"to_milliseconds", {day_time}}, {"date", {v("2020-01-31")}}, {"date", {tz}},
  };
}

// Every call three ways: folded from constants, over columns with a NULL row, and with
// the last argument constant over a selection: the answers must agree.
TEST(SqlDateTimeKernels, ConstantsColumnsAndSelectionsAgree) {
  for (const Call& c : Calls()) {
    SCOPED_TRACE(c.function);
    std::vector<BoundExpressionPtr> constants;
    for (const Value& v : c.arguments) constants.push_back(MakeConstant(v));
    const Value folded = Eval(F(c.function, constants));
    ASSERT_FALSE(folded.is_null());
    std::vector<DataType> types;
    std::vector<std::vector<Value>> columns;
    std::vector<BoundExpressionPtr> references;
    for (size_t i = 0; i < c.arguments.size(); ++i) {
      const Value& v = c.arguments[i];
      types.push_back(v.type());
      columns.push_back({v, i == 0 ? Value::Null(v.type()) : v, v, v});
      references.push_back(MakeColumnRef(i, v.type()));
    }
    Chunk chunk = MakeChunk(types, columns);
    std::vector<Value> values = EvalRows(F(c.function, references), chunk);
    EXPECT_EQ(values[0].ToString(), folded.ToString());
    EXPECT_TRUE(values[1].is_null());
    EXPECT_EQ(values[3].ToString(), folded.ToString());
    std::vector<BoundExpressionPtr> mixed = references;
    mixed.back() = constants.back();
    exec::ExpressionEvaluator evaluator(F(c.function, mixed), Session(), 1);
    SelectionVector selection;
    selection.data()[0] = 0;
    selection.data()[1] = 3;
    const Vector& result = evaluator.EvaluateToVector(chunk, &selection, 2);
    EXPECT_EQ(Value::FromVector(result, 0).ToString(), folded.ToString());
    EXPECT_EQ(Value::FromVector(result, 3).ToString(), folded.ToString());
  }
}

TEST(SqlDateTimeClock, StatementTimeIsFixedAndZoneAware) {
  SessionSettings session;
  session.statement_time_micros = 1589195705055123;  // 2020-05-11 11:15:05.055123 UTC
  ASSERT_TRUE(LookupTimeZone("Asia/Kolkata", &session.time_zone));
  auto eval = [&](BoundExpressionPtr e) { return exec::EvaluateConstant(*e, session).ToString(); };
  EXPECT_EQ(eval(F("current_timestamp", {})), "2020-05-11 16:45:05.055000 Asia/Kolkata");
  EXPECT_EQ(eval(F("now", {})), "2020-05-11 16:45:05.055000 Asia/Kolkata");
  EXPECT_EQ(eval(F("current_timestamp", {Big(0)})), "2020-05-11 16:45:05.000000 Asia/Kolkata");
  EXPECT_EQ(eval(F("current_timestamp", {Big(6)})), "2020-05-11 16:45:05.055123 Asia/Kolkata");
  EXPECT_EQ(eval(F("localtimestamp", {})), "2020-05-11 16:45:05.055000");
  EXPECT_EQ(eval(F("current_date", {})), "2020-05-11");
  EXPECT_EQ(eval(F("current_timezone", {})), "Asia/Kolkata");
  EXPECT_THROW(eval(F("current_timestamp", {Big(13)})), InvalidArgumentError);
}

TEST(SqlDateTimeZones, LookupIgnoresTheMachineZoneAndLetterCase) {
  // The tests run with TZ=America/Los_Angeles; nothing here may see it.
  int32_t zone = -1;
  ASSERT_TRUE(datetime::LookupZoneName("america/new_york", &zone));
  EXPECT_EQ(TimeZoneName(zone), "America/New_York");
  ASSERT_TRUE(datetime::LookupZoneName("gmt", &zone));
  EXPECT_EQ(zone, kUtcZoneId);
  EXPECT_FALSE(datetime::LookupZoneName("Mars/Olympus", &zone));
  EXPECT_FALSE(datetime::LookupZoneName("../../etc/passwd", &zone));
  EXPECT_EQ(Try([] { return F("with_timezone", {Ts("2020-01-01 00:00:00"), Str("Mars/Olympus")}); }),
            "error: unknown time zone 'Mars/Olympus'");
  EXPECT_EQ(Try([] { return F("at_timezone", {F("from_unixtime", {Dbl(0)}), DayTime(-(3 * 3600000 + 30 * 60000))}); }),
            "1969-12-31 20:30:00.000000 -03:30");
  EXPECT_EQ(Try([] { return F("at_timezone", {F("from_unixtime", {Dbl(0)}), DayTime(1)}); }),
            "error: invalid time zone offset 0 00:00:00.001 (expected whole minutes between -14:00 and +14:00)");
  // The session default is UTC whatever TZ says.
  EXPECT_EQ(Try([] { return MakeCast(Ts("2020-01-01 00:00:00"), DataType::TimestampTz()); }),
            "2020-01-01 00:00:00.000000 UTC");
}

}  // namespace
}  // namespace sluice::sql
