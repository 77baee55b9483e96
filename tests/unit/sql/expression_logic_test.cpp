#include <gtest/gtest.h>

#include <cmath>

#include "expression_test_util.h"

namespace sluice::sql {
namespace {

using namespace testing;

BoundExpressionPtr B(bool v) { return C(Value::Boolean(v)); }
BoundExpressionPtr NullB() { return C(Value::Null(DataType::Boolean())); }

TEST(SqlExprLogic, ThreeValuedAndOr) {
  EXPECT_EQ(Try([] { return MakeAnd({B(true), NullB()}); }), "NULL");
  EXPECT_EQ(Try([] { return MakeAnd({B(false), NullB()}); }), "false");
  EXPECT_EQ(Try([] { return MakeAnd({NullB(), B(false)}); }), "false");
  EXPECT_EQ(Try([] { return MakeOr({NullB(), B(true)}); }), "true");
  EXPECT_EQ(Try([] { return MakeOr({NullB(), B(false)}); }), "NULL");
  EXPECT_EQ(Try([] { return MakeNot(NullB()); }), "NULL");
  EXPECT_EQ(Try([] { return MakeIsNull(Null()); }), "true");
  EXPECT_EQ(Try([] { return MakeIsNull(Int(1), true); }), "true");
}

TEST(SqlExprLogic, AndShortCircuitsPerRow) {
  // x <> 0 AND 10 / x > 1: the division never sees the zero row.
  Chunk chunk = MakeChunk({DataType::Integer()}, {{Value::Integer(0), Value::Integer(2), Value::Integer(20)}});
  auto x = MakeColumnRef(0, DataType::Integer(), "x");
  auto predicate = MakeAnd({MakeComparison(ComparisonOperator::kNotEqual, x, Int(0)),
                            MakeComparison(ComparisonOperator::kGreater, MakeArithmetic('/', Int(10), x), Int(1))});
  auto values = EvalRows(predicate, chunk);
  EXPECT_EQ(Text(values[0]), "false");
  EXPECT_EQ(Text(values[1]), "true");
  EXPECT_EQ(Text(values[2]), "false");
  exec::ExpressionEvaluator evaluator(predicate, Session(), 1);
  SelectionVector out;
  ASSERT_EQ(evaluator.Select(chunk, nullptr, 3, &out), 1u);
  EXPECT_EQ(out[0], 1u);
}

TEST(SqlExprLogic, SelectWithNullsOrAndSelections) {
  const DataType bigint = DataType::BigInt();
  Chunk chunk = MakeChunk({bigint, DataType::Varchar()},
                          {{Value::BigInt(1), Value::Null(bigint), Value::BigInt(3), Value::BigInt(4), Value::BigInt(5)},
                           {Value::Varchar("a"), Value::Varchar("b"), Value::Null(DataType::Varchar()),
                            Value::Varchar("apple"), Value::Varchar("z")}});
  auto n = MakeColumnRef(0, bigint, "n");
  auto s = MakeColumnRef(1, DataType::Varchar(), "s");
  // n > 2 OR s = 'a'  →  rows 0 (s), 2, 3, 4 (n); row 1 is NULL OR FALSE.
  auto predicate = MakeOr({MakeComparison(ComparisonOperator::kGreater, n, Int(2)),
                           MakeComparison(ComparisonOperator::kEqual, s, Str("a"))});
  exec::ExpressionEvaluator evaluator(predicate, Session(), 1);
  SelectionVector out;
  ASSERT_EQ(evaluator.Select(chunk, nullptr, 5, &out), 4u);
  EXPECT_EQ(out[0], 0u);
  EXPECT_EQ(out[1], 2u);
  EXPECT_EQ(out[3], 4u);
  // On an input selection {1, 3}: only row 3.
  SelectionVector in;
  in.data()[0] = 1;
  in.data()[1] = 3;
  ASSERT_EQ(evaluator.Select(chunk, &in, 2, &out), 1u);
  EXPECT_EQ(out[0], 3u);
  // NOT (n > 2) keeps neither NULL rows nor TRUE rows.
  exec::ExpressionEvaluator negated(MakeNot(MakeComparison(ComparisonOperator::kGreater, n, Int(2))), Session(), 1);
  ASSERT_EQ(negated.Select(chunk, nullptr, 5, &out), 1u);
  EXPECT_EQ(out[0], 0u);
  // Constant predicates.
  exec::ExpressionEvaluator always(B(true), Session(), 1);
  EXPECT_EQ(always.Select(chunk, nullptr, 5, &out), 5u);
  exec::ExpressionEvaluator never(NullB(), Session(), 1);
  EXPECT_EQ(never.Select(chunk, nullptr, 5, &out), 0u);
}

TEST(SqlExprLogic, ComparisonsOnEveryType) {
  auto cmp = [](ComparisonOperator op, BoundExpressionPtr a, BoundExpressionPtr b) {
    return Try([&] { return MakeComparison(op, a, b); });
  };
  using Op = ComparisonOperator;
  EXPECT_EQ(cmp(Op::kLess, Int(1), Big(2)), "true");
  EXPECT_EQ(cmp(Op::kEqual, Dec("1.50"), Dec("1.5")), "true");
  EXPECT_EQ(cmp(Op::kGreater, Dec("1.51"), Dbl(1.5)), "true");
  EXPECT_EQ(cmp(Op::kLessEqual, Str("abc"), Str("abd")), "true");
  EXPECT_EQ(cmp(Op::kLess, Str("abcdefghijklmnop"), Str("abcdefghijklmnoq")), "true");
  EXPECT_EQ(cmp(Op::kEqual, Str("abcdefghijklmnop"), Str("abcdefghijklmnop")), "true");
  EXPECT_EQ(cmp(Op::kLess, Str("Z"), Str("a")), "true");  // bytewise
  EXPECT_EQ(cmp(Op::kGreaterEqual, C(Value::Date(10)), Str("1970-01-11")), "true");
  EXPECT_EQ(cmp(Op::kLess, C(Value::Date(0)), C(Value::Timestamp(1))), "true");
  EXPECT_EQ(cmp(Op::kEqual, C(Value::Boolean(true)), C(Value::Boolean(true))), "true");
  EXPECT_EQ(cmp(Op::kEqual, C(Value::TimestampTz(5, 0)), C(Value::TimestampTz(5, 3))), "true");
  EXPECT_EQ(cmp(Op::kNotEqual, Dbl(std::nan("")), Dbl(std::nan(""))), "true");
  EXPECT_EQ(cmp(Op::kEqual, Int(1), Null()), "NULL");
  EXPECT_EQ(cmp(Op::kDistinctFrom, Int(1), Null()), "true");
  EXPECT_EQ(cmp(Op::kDistinctFrom, Null(), Null()), "false");
  EXPECT_EQ(cmp(Op::kNotDistinctFrom, Null(), Null()), "true");
  EXPECT_EQ(cmp(Op::kNotDistinctFrom, Int(2), Int(2)), "true");
}

TEST(SqlExprLogic, BetweenInList) {
  EXPECT_EQ(Try([] { return MakeBetween(Int(5), Int(1), Big(5)); }), "true");
  EXPECT_EQ(Try([] { return MakeBetween(Int(6), Int(1), Int(5), true); }), "true");
  EXPECT_EQ(Try([] { return MakeInList(Int(2), {Int(1), Big(2)}); }), "true");
  EXPECT_EQ(Try([] { return MakeInList(Int(3), {Int(1), Null()}); }), "NULL");
  EXPECT_EQ(Try([] { return MakeInList(Int(1), {Int(1), Null()}); }), "true");
  EXPECT_EQ(Try([] { return MakeInList(Int(3), {Int(1), Int(2)}, true); }), "true");
  EXPECT_EQ(Try([] { return MakeInList(Int(3), {Int(1), Null()}, true); }), "NULL");
  EXPECT_EQ(Try([] { return MakeInList(Null(), {Int(1)}); }), "NULL");
  EXPECT_EQ(Try([] { return MakeInList(Null(), {Null()}); }), "NULL");
  EXPECT_EQ(Try([] { return MakeComparison(ComparisonOperator::kEqual, Null(), Null()); }), "NULL");
  EXPECT_EQ(Try([] { return F("greatest", {Null(), Null()}); }), "NULL");
  EXPECT_EQ(Try([] { return MakeCoalesce({Null(), Null()}); }), "NULL");
  Chunk chunk = MakeChunk({DataType::Varchar()}, {{Value::Varchar("b"), Value::Null(DataType::Varchar()),
                                                  Value::Varchar("zzzzzzzzzzzzzzzzzz")}});
  auto s = MakeColumnRef(0, DataType::Varchar(), "s");
  auto values = EvalRows(MakeInList(s, {Str("a"), Str("b"), Str("zzzzzzzzzzzzzzzzzz")}), chunk);
  EXPECT_EQ(Text(values[0]), "true");
  EXPECT_TRUE(values[1].is_null());
  EXPECT_EQ(Text(values[2]), "true");
}

TEST(SqlExprLogic, CaseCoalesceIfNullIf) {
  const DataType integer = DataType::Integer();
  Chunk chunk = MakeChunk({integer}, {{Value::Integer(1), Value::Integer(2), Value::Null(integer), Value::Integer(3)}});
  auto x = MakeColumnRef(0, integer, "x");
  auto e = MakeCase({{MakeComparison(ComparisonOperator::kEqual, x, Int(1)), Str("one")},
                     {MakeComparison(ComparisonOperator::kEqual, x, Int(2)), Str("two")}},
                    Str("many"));
  auto values = EvalRows(e, chunk);
  EXPECT_EQ(Text(values[0]), "one");
  EXPECT_EQ(Text(values[1]), "two");
  EXPECT_EQ(Text(values[2]), "many");  // NULL = 1 is not TRUE
  EXPECT_EQ(Text(values[3]), "many");
  values = EvalRows(MakeSimpleCase(x, {{Int(3), Dec("0.5")}}, nullptr), chunk);
  EXPECT_TRUE(values[0].is_null());
  EXPECT_EQ(Text(values[3]), "0.5");
  // CASE results get their common type.
  EXPECT_EQ(MakeCase({{C(Value::Boolean(true)), Int(1)}}, Dec("2.5"))->type().ToString(), "decimal(11,1)");
  values = EvalRows(MakeCoalesce({x, Big(-1)}), chunk);
  EXPECT_EQ(Text(values[2]), "-1");
  EXPECT_EQ(values[2].type().ToString(), "bigint");
  values = EvalRows(MakeIf(MakeComparison(ComparisonOperator::kGreater, x, Int(1)), Str("big")), chunk);
  EXPECT_TRUE(values[0].is_null());
  EXPECT_EQ(Text(values[1]), "big");
  values = EvalRows(MakeNullIf(x, Int(2)), chunk);
  EXPECT_EQ(Text(values[0]), "1");
  EXPECT_TRUE(values[1].is_null());
  EXPECT_TRUE(values[2].is_null());
  // CASE evaluates a THEN only for its rows: 10 / x only where x <> 0.
  Chunk zeros = MakeChunk({integer}, {{Value::Integer(0), Value::Integer(5)}});
  values = EvalRows(MakeCase({{MakeComparison(ComparisonOperator::kEqual, x, Int(0)), Int(0)}},
                             MakeArithmetic('/', Int(10), x)),
                    zeros);
  EXPECT_EQ(Text(values[0]), "0");
  EXPECT_EQ(Text(values[1]), "2");
}

}  // namespace
}  // namespace sluice::sql
