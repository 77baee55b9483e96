#include <gtest/gtest.h>

#include "expression_test_util.h"

namespace sluice::sql {
namespace {

using namespace testing;

std::string Arith(char op, BoundExpressionPtr a, BoundExpressionPtr b) {
  return Try([&] { return MakeArithmetic(op, a, b); });
}

TEST(SqlExprArithmetic, Integers) {
  EXPECT_EQ(Arith('+', Int(2), Int(3)), "5");
  EXPECT_EQ(Arith('-', Int(2), Big(3)), "-1");
  EXPECT_EQ(Arith('*', Big(-4), Int(3)), "-12");
  EXPECT_EQ(Arith('/', Int(7), Int(2)), "3");    // truncation, as Trino
  EXPECT_EQ(Arith('/', Int(-7), Int(2)), "-3");
  EXPECT_EQ(Arith('%', Int(-7), Int(3)), "-1");
  EXPECT_EQ(Arith('%', Big(INT64_MIN), Big(-1)), "0");
  EXPECT_EQ(Try([] { return MakeNegate(Int(5)); }), "-5");
}

TEST(SqlExprArithmetic, OverflowAndDivisionErrors) {
  EXPECT_EQ(Arith('+', Big(INT64_MAX), Big(1)), "error: bigint addition overflow: 9223372036854775807 + 1");
  EXPECT_EQ(Arith('*', Big(INT64_MAX), Big(2)),
            "error: bigint multiplication overflow: 9223372036854775807 * 2");
  EXPECT_EQ(Arith('-', Int(INT32_MIN), Int(1)), "error: integer subtraction overflow: -2147483648 - 1");
  EXPECT_EQ(Arith('/', Big(INT64_MIN), Big(-1)),
            "error: bigint division overflow: -9223372036854775808 / -1");
  EXPECT_EQ(Arith('/', Int(1), Int(0)), "error: division by zero");
  EXPECT_EQ(Arith('%', Int(1), Int(0)), "error: division by zero");
  EXPECT_EQ(Try([] { return MakeNegate(Big(INT64_MIN)); }),
            "error: bigint negation overflow: -(-9223372036854775808)");
  auto tiny = [](int8_t v) { return C(Value::TinyInt(v)); };
  EXPECT_EQ(Arith('+', tiny(100), tiny(100)), "error: tinyint addition overflow: 100 + 100");
}

TEST(SqlExprArithmetic, Floating) {
  EXPECT_EQ(Arith('/', Dbl(1), Dbl(0)), "Infinity");
  EXPECT_EQ(Arith('/', Dbl(1), Int(4)), "0.25");
  EXPECT_EQ(Arith('%', Dbl(7.5), Dbl(2)), "1.5");
  EXPECT_EQ(Arith('+', C(Value::Real(1.5f)), Int(1)), "2.5");
}

TEST(SqlExprArithmetic, Decimals) {
  EXPECT_EQ(Arith('+', Dec("1.25"), Dec("2.5")), "3.75");
  EXPECT_EQ(MakeArithmetic('+', Dec("1.25"), Dec("2.5"))->type().ToString(), "decimal(4,2)");
  EXPECT_EQ(Arith('-', Dec("1.25"), Int(3)), "-1.75");
  EXPECT_EQ(Arith('*', Dec("1.25"), Dec("-2.5")), "-3.125");
  // Division rounds half up at scale max(s1, s2).
  EXPECT_EQ(Arith('/', Dec("1.00"), Dec("3")), "0.33");
  EXPECT_EQ(Arith('/', Dec("2.00"), Dec("3")), "0.67");
  EXPECT_EQ(Arith('/', Dec("-2.00"), Dec("3")), "-0.67");
  EXPECT_EQ(Arith('/', Dec("1.0"), Dec("0.0")), "error: division by zero");
  EXPECT_EQ(Arith('%', Dec("7.5"), Dec("2")), "1.5");
  EXPECT_EQ(Arith('+', Big(1), Dec("0.5")), "1.5");
  // Long decimals and overflow at 38 digits.
  BoundExpressionPtr big = Dec("99999999999999999999999999999999999999");
  EXPECT_EQ(Arith('-', big, Int(1)), "99999999999999999999999999999999999998");
  EXPECT_NE(Arith('+', big, Int(1)).find("error: decimal(38,0) addition overflow"), std::string::npos);
  EXPECT_EQ(Arith('*', Dec("12345678901234.5"), Dec("1000")), "12345678901234500.0");
  // Division whose scaled dividend needs more than 128 bits (256-bit intermediate).
  BoundExpressionPtr wide = MakeCast(Dec("12345678901234567890123456.78"), DataType::Decimal(38, 2));
  BoundExpressionPtr divisor = MakeCast(Dec("0.0000000000000000000000000003"), DataType::Decimal(38, 28));
  EXPECT_EQ(MakeArithmetic('/', wide, Dec("3.0000000000000000000000000000"))->type().ToString(), "decimal(38,28)");
  EXPECT_NE(Arith('/', wide, divisor).find("error: decimal(38,28) division overflow"), std::string::npos);
  EXPECT_EQ(Arith('/', MakeCast(Dec("1.00"), DataType::Decimal(38, 2)), divisor),
            "error: decimal(38,28) division overflow: 1.00 / 0.0000000000000000000000000003");
  EXPECT_EQ(Arith('/', MakeCast(Dec("2"), DataType::Decimal(38, 0)), MakeCast(Dec("3"), DataType::Decimal(38, 30))),
            "0.666666666666666666666666666667");
}

TEST(SqlExprArithmetic, ShortDecimalColumns) {
  // l_extendedprice * (1 - l_discount) over columns: the short-decimal fast path.
  const DataType price = DataType::Decimal(12, 2), discount = DataType::Decimal(12, 2);
  Chunk chunk = MakeChunk({price, discount}, {{Value::Decimal(123456, 12, 2), Value::Decimal(-999, 12, 2),
                                               Value::Null(price)},
                                              {Value::Decimal(5, 12, 2), Value::Decimal(10, 12, 2),
                                               Value::Decimal(1, 12, 2)}});
  auto e = MakeArithmetic('*', MakeColumnRef(0, price), MakeArithmetic('-', Int(1), MakeColumnRef(1, discount)));
  EXPECT_EQ(e->type().ToString(), "decimal(25,4)");
  auto values = EvalRows(e, chunk);
  EXPECT_EQ(Text(values[0]), "1172.8320");
  EXPECT_EQ(Text(values[1]), "-8.9910");
  EXPECT_TRUE(values[2].is_null());
  values = EvalRows(MakeArithmetic('+', MakeColumnRef(0, price), MakeColumnRef(1, discount)), chunk);
  EXPECT_EQ(Text(values[0]), "1234.61");
  EXPECT_EQ(Text(values[1]), "-9.89");
}

TEST(SqlExprArithmetic, ColumnsNullsConstantsAndSelections) {
  Chunk chunk = MakeChunk({DataType::BigInt(), DataType::BigInt()},
                          {{Value::BigInt(1), Value::Null(DataType::BigInt()), Value::BigInt(3), Value::BigInt(4)},
                           {Value::BigInt(10), Value::BigInt(20), Value::Null(DataType::BigInt()), Value::BigInt(40)}});
  auto a = MakeColumnRef(0, DataType::BigInt(), "a");
  auto b = MakeColumnRef(1, DataType::BigInt(), "b");
  auto e = MakeArithmetic('+', a, MakeArithmetic('*', b, Int(2)));
  auto values = EvalRows(e, chunk);
  EXPECT_EQ(Text(values[0]), "21");
  EXPECT_TRUE(values[1].is_null());
  EXPECT_TRUE(values[2].is_null());
  EXPECT_EQ(Text(values[3]), "84");
  // Over a selection only the selected rows are computed (and may fail).
  exec::ExpressionEvaluator evaluator(MakeArithmetic('/', Big(100), a), Session(), 1);
  Chunk zeros = MakeChunk({DataType::BigInt()}, {{Value::BigInt(0), Value::BigInt(5), Value::BigInt(0), Value::BigInt(50)}});
  SelectionVector selection;
  selection.data()[0] = 1;
  selection.data()[1] = 3;
  const Vector& result = evaluator.EvaluateToVector(zeros, &selection, 2);
  EXPECT_EQ(result.data<int64_t>()[1], 20);
  EXPECT_EQ(result.data<int64_t>()[3], 2);
  EXPECT_THROW(evaluator.EvaluateToVector(zeros, nullptr, 4), ConversionError);
}

TEST(SqlExprArithmetic, TryTurnsErrorsIntoNullPerRow) {
  Chunk chunk = MakeChunk({DataType::Integer()}, {{Value::Integer(2), Value::Integer(0), Value::Integer(5)}});
  auto x = MakeColumnRef(0, DataType::Integer(), "x");
  auto values = EvalRows(MakeTry(MakeArithmetic('/', Int(10), x)), chunk);
  EXPECT_EQ(Text(values[0]), "5");
  EXPECT_TRUE(values[1].is_null());
  EXPECT_EQ(Text(values[2]), "2");
  EXPECT_EQ(Try([] { return MakeTry(MakeArithmetic('+', Big(INT64_MAX), Big(1))); }), "NULL");
  // TRY inside COALESCE gives the fallback.
  values = EvalRows(MakeCoalesce({MakeTry(MakeArithmetic('/', Int(10), x)), Int(-1)}), chunk);
  EXPECT_EQ(Text(values[1]), "-1");
}

}  // namespace
}  // namespace sluice::sql
