#include <gtest/gtest.h>

#include <cmath>

#include "core/time_zone.h"
#include "expression_test_util.h"

namespace sluice::sql {
namespace {

using namespace testing;

std::string Cast(BoundExpressionPtr e, std::string_view type, bool try_cast = false) {
  return Try([&] { return MakeCast(e, DataType::Parse(type), try_cast); });
}

TEST(SqlExprCast, Numbers) {
  EXPECT_EQ(Cast(Big(3000000000), "integer"), "error: cannot cast 3000000000 to integer (out of range)");
  EXPECT_EQ(Cast(Big(300), "tinyint", true), "NULL");
  EXPECT_EQ(Cast(Int(-5), "bigint"), "-5");
  EXPECT_EQ(Cast(Dbl(2.5), "integer"), "3");    // half away from zero
  EXPECT_EQ(Cast(Dbl(-2.5), "integer"), "-3");
  EXPECT_EQ(Cast(Dbl(1e30), "bigint", true), "NULL");
  EXPECT_EQ(Cast(Dbl(std::nan("")), "integer", true), "NULL");
  EXPECT_EQ(Cast(Dec("2.5"), "integer"), "3");
  EXPECT_EQ(Cast(Dec("-2.45"), "decimal(3,1)"), "-2.5");
  EXPECT_EQ(Cast(Dec("123.45"), "decimal(4,2)"), "error: cannot cast 123.45 to decimal(4,2) (out of range)");
  EXPECT_EQ(Cast(Int(12), "decimal(5,2)"), "12.00");
  EXPECT_EQ(Cast(Dbl(0.1), "decimal(10,5)"), "0.10000");
  EXPECT_EQ(Cast(Dbl(1.005), "decimal(10,2)"), "1.01");  // from the shortest digits, as Trino
  EXPECT_EQ(Cast(Dec("1.25"), "double"), "1.25");
  EXPECT_EQ(Cast(Int(7), "real"), "7");
  EXPECT_EQ(Cast(C(Value::Boolean(true)), "integer"), "1");
  EXPECT_EQ(Cast(Dbl(0), "boolean"), "false");
  EXPECT_EQ(Cast(Dec("0.01"), "boolean"), "true");
}

TEST(SqlExprCast, FromVarchar) {
  EXPECT_EQ(Cast(Str("abc"), "integer"), "error: cannot cast 'abc' to integer");
  EXPECT_EQ(Cast(Str("abc"), "integer", true), "NULL");
  EXPECT_EQ(Cast(Str("+42"), "integer"), "42");
  EXPECT_EQ(Cast(Str(" 42 "), "integer", true), "NULL");  // Java's parseLong, as Trino
  EXPECT_EQ(Cast(Str(" 4.5 "), "double"), "4.5");
  EXPECT_EQ(Cast(Str("99999999999"), "integer", true), "NULL");
  EXPECT_EQ(Cast(Str("1.5e3"), "double"), "1500");
  EXPECT_EQ(Cast(Str("12.345"), "decimal(5,2)"), "12.35");
  EXPECT_EQ(Cast(Str("TRUE"), "boolean"), "true");
  EXPECT_EQ(Cast(Str("f"), "boolean"), "false");
  EXPECT_EQ(Cast(Str("yes"), "boolean", true), "NULL");
  EXPECT_EQ(Cast(Str("2024-02-29"), "date"), "2024-02-29");
  EXPECT_EQ(Cast(Str("2023-02-29"), "date", true), "NULL");
  EXPECT_EQ(Cast(Str("2024-01-31 08:15:30.5"), "timestamp"), "2024-01-31 08:15:30.500000");
  EXPECT_EQ(Cast(Str("2024-01-31 08:15:30 Europe/Berlin"), "timestamp with time zone"),
            "2024-01-31 08:15:30.000000 Europe/Berlin");
  EXPECT_EQ(Cast(Str("abc"), "varbinary"), "616263");
}

TEST(SqlExprCast, ToVarchar) {
  EXPECT_EQ(Cast(Int(-12), "varchar"), "-12");
  EXPECT_EQ(Cast(Dec("-0.50"), "varchar"), "-0.50");
  EXPECT_EQ(Cast(Dbl(1.5), "varchar"), "1.5");
  EXPECT_EQ(Cast(Dbl(100), "varchar"), "100.0");
  EXPECT_EQ(Cast(Dbl(1e10), "varchar"), "1.0E10");
  EXPECT_EQ(Cast(Dbl(1.234e-5), "varchar"), "1.234E-5");
  EXPECT_EQ(Cast(Dbl(0.001), "varchar"), "0.001");
  EXPECT_EQ(Cast(C(Value::Real(2.5f)), "varchar"), "2.5");
  EXPECT_EQ(Cast(C(Value::Boolean(false)), "varchar"), "false");
  EXPECT_EQ(Cast(C(Value::Date(19753)), "varchar"), "2024-01-31");
  EXPECT_EQ(Cast(C(Value::Timestamp(0)), "varchar"), "1970-01-01 00:00:00.000000");
  EXPECT_EQ(Cast(Null(), "varchar"), "NULL");
}

TEST(SqlExprCast, TemporalWithSessionZone) {
  int32_t berlin;
  ASSERT_TRUE(LookupTimeZone("Europe/Berlin", &berlin));
  SessionSettings session{berlin};
  auto eval = [&](BoundExpressionPtr e) { return exec::EvaluateConstant(*e, session).ToString(); };
  // 2024-01-31 (day 19753) at midnight Berlin is 23:00 UTC the day before.
  EXPECT_EQ(eval(MakeCast(C(Value::Date(19753)), DataType::TimestampTz())),
            "2024-01-31 00:00:00.000000 Europe/Berlin");
  auto tz = exec::EvaluateConstant(*MakeCast(C(Value::Date(19753)), DataType::TimestampTz()), session);
  EXPECT_EQ(tz.timestamp_tz().micros, int64_t{19753} * 86400000000 - 3600000000LL);
  EXPECT_EQ(eval(MakeCast(C(Value::TimestampTz(0, berlin)), DataType::Timestamp())), "1970-01-01 01:00:00.000000");
  EXPECT_EQ(eval(MakeCast(C(Value::Timestamp(86400000000LL + 5)), DataType::Date())), "1970-01-02");
  EXPECT_EQ(eval(MakeCast(C(Value::Timestamp(-1)), DataType::Date())), "1969-12-31");
  EXPECT_EQ(eval(MakeCast(C(Value::Date(1)), DataType::Timestamp())), "1970-01-02 00:00:00.000000");
  EXPECT_EQ(eval(MakeCast(Str("2024-01-31 10:00"), DataType::TimestampTz())),
            "2024-01-31 10:00:00.000000 Europe/Berlin");
  // Implicit coercion date -> timestamp in a comparison.
  EXPECT_EQ(eval(MakeComparison(ComparisonOperator::kLess, C(Value::Date(0)), C(Value::Timestamp(1)))), "true");
}

TEST(SqlExprCast, ColumnWithNullsAndTryCast) {
  Chunk chunk = MakeChunk({DataType::Varchar()},
                          {{Value::Varchar("1"), Value::Null(DataType::Varchar()), Value::Varchar("x"), Value::Varchar("4")}});
  auto s = MakeColumnRef(0, DataType::Varchar(), "s");
  auto values = EvalRows(MakeCast(s, DataType::BigInt(), true), chunk);
  EXPECT_EQ(Text(values[0]), "1");
  EXPECT_TRUE(values[1].is_null());
  EXPECT_TRUE(values[2].is_null());
  EXPECT_EQ(Text(values[3]), "4");
  EXPECT_THROW(EvalRows(MakeCast(s, DataType::BigInt()), chunk), ConversionError);
  values = EvalRows(MakeTry(MakeCast(s, DataType::BigInt())), chunk);
  EXPECT_TRUE(values[2].is_null());
  EXPECT_EQ(Text(values[3]), "4");
  EXPECT_FALSE(CanCast(DataType::Date(), DataType::Integer()));
  EXPECT_FALSE(CanCast(DataType::Varbinary(), DataType::Varchar()));
  EXPECT_TRUE(CanCast(DataType::Unknown(), DataType::Date()));
}

}  // namespace
}  // namespace sluice::sql
