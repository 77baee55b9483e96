// The evaluator's machinery: selections through every node kind, constants, state
// reuse across chunks, TRY's per-row retry, folding.

#include <gtest/gtest.h>

#include "expression_test_util.h"

namespace sluice::sql {
namespace {

using namespace testing;

const DataType kVarchar = DataType::Varchar();
const DataType kBigint = DataType::BigInt();

Chunk Strings() {
  return MakeChunk({kVarchar, kBigint},
                   {{Value::Varchar("alpha"), Value::Varchar("a much longer string value"), Value::Null(kVarchar),
                     Value::Varchar("beta"), Value::Varchar("x")},
                    {Value::BigInt(1), Value::BigInt(3), Value::BigInt(2), Value::Null(kBigint), Value::BigInt(0)}});
}

TEST(SqlExprEvaluator, StringFunctionOverSelection) {
  Chunk chunk = Strings();
  auto e = F("upper", {F("substr", {MakeColumnRef(0, kVarchar), MakeColumnRef(1, kBigint)})});
  exec::ExpressionEvaluator evaluator(e, Session(), 1);
  SelectionVector selection;
  selection.data()[0] = 1;
  selection.data()[1] = 3;
  selection.data()[2] = 4;
  const Vector& result = evaluator.EvaluateToVector(chunk, &selection, 3);
  EXPECT_EQ(result.GetString(1), "MUCH LONGER STRING VALUE");
  EXPECT_TRUE(result.IsNull(3));
  EXPECT_EQ(result.GetString(4), "");
  // The same evaluator on the next chunk: no stale NULLs or strings.
  auto values = EvalRows(e, chunk);
  const Vector& again = evaluator.EvaluateToVector(chunk, nullptr, chunk.size());
  EXPECT_EQ(again.GetString(0), "ALPHA");
  EXPECT_TRUE(again.IsNull(2));
  EXPECT_TRUE(again.IsNull(3));
  EXPECT_EQ(again.GetString(1), "MUCH LONGER STRING VALUE");
}

TEST(SqlExprEvaluator, ConstantsAreComputedOnceAndSpread) {
  Chunk chunk = Strings();
  auto e = MakeArithmetic('+', Int(1), Int(2));
  exec::ExpressionEvaluator evaluator(e, Session(), 1);
  const Operand operand = evaluator.Evaluate(chunk, nullptr, chunk.size());
  EXPECT_TRUE(operand.constant);
  const Vector& spread = evaluator.EvaluateToVector(chunk, nullptr, chunk.size());
  for (size_t r = 0; r < chunk.size(); ++r) EXPECT_EQ(spread.data<int32_t>()[r], 3);
  // A constant inside a column expression.
  auto values = EvalRows(MakeArithmetic('*', MakeColumnRef(1, kBigint), MakeArithmetic('+', Int(1), Int(1))), chunk);
  EXPECT_EQ(Text(values[1]), "6");
  EXPECT_TRUE(values[3].is_null());
}

TEST(SqlExprEvaluator, NestedCaseInsideAndOverSelection) {
  Chunk chunk = Strings();
  auto n = MakeColumnRef(1, kBigint);
  // CASE WHEN n > 1 THEN length(s) ELSE 0 END > 4 AND s IS NOT NULL
  auto predicate = MakeAnd(
      {MakeComparison(ComparisonOperator::kGreater,
                      MakeCase({{MakeComparison(ComparisonOperator::kGreater, n, Int(1)), F("length", {MakeColumnRef(0, kVarchar)})}},
                               Int(0)),
                      Int(4)),
       MakeIsNull(MakeColumnRef(0, kVarchar), true)});
  exec::ExpressionEvaluator evaluator(predicate, Session(), 1);
  SelectionVector out;
  ASSERT_EQ(evaluator.Select(chunk, nullptr, chunk.size(), &out), 1u);
  EXPECT_EQ(out[0], 1u);
  // In place: the output may be the input selection.
  SelectionVector rows;
  for (uint32_t i = 0; i < 5; ++i) rows.data()[i] = i;
  ASSERT_EQ(evaluator.Select(chunk, &rows, 5, &rows), 1u);
  EXPECT_EQ(rows[0], 1u);
}

TEST(SqlExprEvaluator, TryRetriesRowByRowWithStrings) {
  Chunk chunk = MakeChunk({kVarchar}, {{Value::Varchar("12"), Value::Varchar("twelve"), Value::Null(kVarchar),
                                        Value::Varchar("9223372036854775807")}});
  auto s = MakeColumnRef(0, kVarchar);
  // TRY(CAST(s AS bigint) + 1): a bad cast and an overflow become NULL.
  auto e = MakeTry(MakeArithmetic('+', MakeCast(s, kBigint), Int(1)));
  auto values = EvalRows(e, chunk);
  EXPECT_EQ(Text(values[0]), "13");
  EXPECT_TRUE(values[1].is_null());
  EXPECT_TRUE(values[2].is_null());
  EXPECT_TRUE(values[3].is_null());
  // TRY(concat(...)) keeps string results of the rows that succeed.
  values = EvalRows(MakeTry(MakeConcat(F("split_part", {s, Str("w"), MakeCast(s, kBigint, true)}), Str("!"))), chunk);
  EXPECT_TRUE(values[1].is_null());
  EXPECT_TRUE(values[0].is_null());  // split_part('12', 'w', 12) is NULL -> NULL || '!' is NULL
}

TEST(SqlExprEvaluator, LongDecimalColumns) {
  const DataType wide = DataType::Decimal(30, 4);
  Chunk chunk = MakeChunk({wide, DataType::Decimal(10, 2)},
                          {{Value::Decimal(PowerOfTen(25) + 12345, 30, 4), Value::Decimal(-5, 30, 4)},
                           {Value::Decimal(250, 10, 2), Value::Null(DataType::Decimal(10, 2))}});
  auto a = MakeColumnRef(0, wide);
  auto b = MakeColumnRef(1, DataType::Decimal(10, 2));
  auto sum = MakeArithmetic('+', a, b);
  EXPECT_EQ(sum->type().ToString(), "decimal(31,4)");
  auto values = EvalRows(sum, chunk);
  EXPECT_EQ(Text(values[0]), "1000000000000000000003.7345");
  EXPECT_TRUE(values[1].is_null());
  values = EvalRows(MakeArithmetic('/', a, b), chunk);
  EXPECT_EQ(Text(values[0]), "400000000000000000000.4938");
  values = EvalRows(MakeComparison(ComparisonOperator::kGreater, a, b), chunk);
  EXPECT_EQ(Text(values[0]), "true");
  values = EvalRows(MakeCast(a, DataType::Decimal(12, 1), true), chunk);
  EXPECT_TRUE(values[0].is_null());
  EXPECT_EQ(Text(values[1]), "0.0");  // -0.0005 rounds to zero
}

TEST(SqlExprEvaluator, InListWithColumnsAndDistinctFromColumns) {
  Chunk chunk = Strings();
  auto n = MakeColumnRef(1, kBigint);
  auto values = EvalRows(MakeInList(Int(2), {n, Big(5)}), chunk);
  EXPECT_EQ(Text(values[0]), "false");
  EXPECT_EQ(Text(values[2]), "true");
  EXPECT_TRUE(values[3].is_null());  // no match and a NULL element
  values = EvalRows(MakeComparison(ComparisonOperator::kDistinctFrom, n, C(Value::Null(kBigint))), chunk);
  EXPECT_EQ(Text(values[0]), "true");
  EXPECT_EQ(Text(values[3]), "false");
}

TEST(SqlExprEvaluator, FoldingAndParameters) {
  EXPECT_EQ(Text(Eval(F("concat", {Str("a"), F("lower", {Str("B")})}))), "ab");
  EXPECT_THROW(Eval(MakeArithmetic('/', Int(1), Int(0))), ConversionError);
  auto parameter = std::make_shared<BoundParameter>(1, "");
  EXPECT_FALSE(parameter->IsFoldable());
  EXPECT_THROW(Eval(parameter), BinderError);
}

}  // namespace
}  // namespace sluice::sql
