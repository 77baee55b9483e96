#include "core/value.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace sluice {
namespace {

TEST(Value, ToStringAndLiterals) {
  EXPECT_EQ(Value().ToString(), "NULL");
  EXPECT_EQ(Value().ToSqlLiteral(), "NULL");
  EXPECT_EQ(Value::Null(DataType::Integer()).ToSqlLiteral(), "CAST(NULL AS integer)");
  EXPECT_EQ(Value::Decimal(-150, 5, 2).ToString(), "-1.50");
  EXPECT_EQ(Value::Decimal(-150, 5, 2).ToSqlLiteral(), "DECIMAL '-1.50'");
  EXPECT_EQ(Value::Varchar("it's").ToSqlLiteral(), "'it''s'");
  EXPECT_EQ(Value::Varbinary("\xca\xfe").ToSqlLiteral(), "X'cafe'");
  EXPECT_EQ(Value::Date(19753).ToSqlLiteral(), "DATE '2024-01-31'");
  EXPECT_EQ(Value::Timestamp(1500000).ToString(), "1970-01-01 00:00:01.500000");
  EXPECT_EQ(Value::TimestampTz(0, 0).ToString(), "1970-01-01 00:00:00.000000 UTC");
  EXPECT_EQ(Value::Boolean(true).ToString(), "true");
  EXPECT_EQ(Value::BigInt(5).ToSqlLiteral(), "BIGINT '5'");
  EXPECT_EQ(Value::Double(0.5).ToString(), "0.5");
  EXPECT_THROW(Value::Decimal(1000, 3, 0), InternalError);
}

TEST(Value, CompareAcrossNumericTypes) {
  EXPECT_EQ(Value::Compare(Value::Integer(1), Value::BigInt(1)), 0);
  EXPECT_EQ(Value::Compare(Value::Decimal(150, 3, 2), Value::Decimal(15, 2, 1)), 0);
  EXPECT_LT(Value::Compare(Value::Decimal(149, 3, 2), Value::Integer(2)), 0);
  EXPECT_GT(Value::Compare(Value::Double(1.5), Value::Decimal(149, 3, 2)), 0);
  EXPECT_LT(Value::Compare(Value::Double(1.0), Value::Double(std::nan(""))), 0);  // NaN last
  EXPECT_LT(Value::Compare(Value::Varchar("Z"), Value::Varchar("a")), 0);
  EXPECT_LT(Value::Compare(Value::Date(0), Value::Timestamp(1)), 0);
  EXPECT_EQ(Value::Compare(Value::TimestampTz(5, 0), Value::TimestampTz(5, 3)), 0);
  EXPECT_GT(Value::Compare(Value::Null(DataType::Integer()), Value::Integer(1)), 0);  // NULL last
  EXPECT_EQ(Value::Compare(Value(), Value::Null(DataType::Integer())), 0);
}

TEST(Value, HashMatchesEquality) {
  EXPECT_EQ(Value::Decimal(150, 3, 2).Hash(), Value::Decimal(15, 2, 1).Hash());
  EXPECT_EQ(Value::Double(0.0).Hash(), Value::Double(-0.0).Hash());
  EXPECT_EQ(Value::Varchar("abc").Hash(), Value::Varchar("abc").Hash());
  EXPECT_NE(Value::BigInt(1).Hash(), Value::BigInt(2).Hash());
}

TEST(Value, VectorRoundTrip) {
  const std::vector<Value> values = {
      Value::Boolean(true),      Value::TinyInt(-3),          Value::SmallInt(300),
      Value::Integer(-70000),    Value::BigInt(INT64_MIN),    Value::Real(1.5f),
      Value::Double(-2.25),      Value::Decimal(12345, 9, 2), Value::Decimal(-(__int128{1} << 100), 38, 5),
      Value::Varchar("short"),   Value::Varchar("a string longer than twelve bytes"),
      Value::Varbinary("\x01"),  Value::Date(-1),             Value::Timestamp(123456789),
      Value::TimestampTz(7, 0),  Value::Null(DataType::Date())};
  for (const Value& v : values) {
    Vector vector(v.type(), 4);
    v.WriteTo(&vector, 2);
    Value back = Value::FromVector(vector, 2);
    EXPECT_EQ(back.type(), v.type()) << v.ToString();
    EXPECT_EQ(back.is_null(), v.is_null());
    EXPECT_EQ(Value::Compare(back, v), 0) << v.ToString();
    EXPECT_EQ(back.ToString(), v.ToString());
  }
}

}  // namespace
}  // namespace sluice
