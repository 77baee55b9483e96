// Every scalar kernel three ways: folded from constants, over flat columns with a NULL
// row, and over a selection that skips rows. The three must agree (constant and flat
// loops are separate code paths in the kernels).

#include <gtest/gtest.h>

#include "expression_test_util.h"

namespace sluice::sql {
namespace {

using namespace testing;

struct Case {
  std::string function;
  std::vector<Value> arguments;
};

Value V(std::string_view s) { return Value::Varchar(s); }
Value B(int64_t v) { return Value::BigInt(v); }
Value D(double v) { return Value::Double(v); }
Value Dec(__int128 unscaled, int p, int s) { return Value::Decimal(unscaled, p, s); }

std::vector<Case> Cases() {
  return {
      {"+", {B(5), B(-7)}},
      {"-", {Value::Integer(5), Value::Integer(9)}},
      {"*", {Value::SmallInt(12), Value::SmallInt(-3)}},
      {"/", {Value::TinyInt(-9), Value::TinyInt(2)}},
      {"%", {B(17), B(5)}},
      {"+", {D(1.5), D(2.25)}},
      {"/", {Value::Real(1.0f), Value::Real(4.0f)}},
      {"+", {Dec(125, 5, 2), Dec(5, 3, 1)}},
      {"-", {Dec(125, 20, 2), Dec(5, 3, 1)}},
      {"*", {Dec(-125, 5, 2), Dec(5, 3, 1)}},
      {"/", {Dec(100, 5, 2), Dec(3, 3, 0)}},
      {"%", {Dec(755, 5, 2), Dec(2, 3, 0)}},
      {"negate", {B(4)}},
      {"negate", {Dec(-15, 3, 1)}},
      {"abs", {Value::Integer(-4)}},
      {"abs", {D(-0.5)}},
      {"abs", {Dec(-15, 30, 1)}},
      {"round", {D(2.5)}},
      {"round", {Dec(245, 5, 2), Value::Integer(1)}},
      {"round", {D(1.2345), Value::Integer(2)}},
      {"round", {B(1251), Value::Integer(-1)}},
      {"round", {Dec(-25, 3, 1)}},
      {"ceil", {D(1.2)}},
      {"floor", {Dec(-11, 3, 1)}},
      {"power", {D(2), D(8)}},
      {"sqrt", {D(2)}},
      {"cbrt", {D(27)}},
      {"exp", {D(1)}},
      {"ln", {D(10)}},
      {"log10", {D(100)}},
      {"mod", {B(-7), B(3)}},
      {"greatest", {B(3), B(9), B(-1)}},
      {"least", {V("pear"), V("apple"), V("quince and more")}},
      {"greatest", {Value::Date(3), Value::Date(1)}},
      {"least", {Dec(5, 3, 1), Dec(-5, 3, 1)}},
      {"lower", {V("MiXeD Ünïcode")}},
      {"upper", {V("mixed ünïcode")}},
      {"trim", {V("  padded value that is long  ")}},
      {"ltrim", {V("  x ")}},
      {"rtrim", {V("  x ")}},
      {"trim", {V("--x--"), V("-")}},
      {"substr", {V("hello world, a longer one"), B(7)}},
      {"substr", {V("héllo"), B(-4), B(2)}},
      {"split_part", {V("a|bb|ccc"), V("|"), B(3)}},
      {"replace", {V("aXbXc"), V("X"), V("--")}},
      {"replace", {V("aXbXc"), V("X")}},
      {"concat", {V("abc"), V("defghijklmnopq"), V("r")}},
      {"length", {V("日本語")}},
      {"lpad", {V("7"), B(4), V("0")}},
      {"rpad", {V("ab"), B(5), V("xy")}},
      {"strpos", {V("banana"), V("an")}},
      {"strpos", {V("banana"), V("an"), B(2)}},
      {"starts_with", {V("banana"), V("ban")}},
      {"reverse", {V("smörgåsbord")}},
      {"to_hex", {Value::Varbinary("\x01\xab")}},
      {"md5", {Value::Varbinary("abc")}},
      {"sha256", {Value::Varbinary("")}},
      {"hmac_sha256", {Value::Varbinary("data"), Value::Varbinary("key")}},
      {"json_extract_scalar", {V("{\"a\": [1, {\"b\": \"x\"}]}"), V("$.a[1].b")}},
      {"json_extract", {V("{\"a\": [1, {\"b\": \"x\"}]}"), V("$.a")}},
      {"to_utf8", {V("é")}},
      {"from_utf8", {Value::Varbinary("ok")}},
      {"like", {V("abcdef"), V("a%e_")}},
      {"like", {V("a%b"), V("a!%b"), V("!")}},
      {"regexp_like", {V("abc123"), V("[0-9]{3}$")}},
      {"regexp_extract", {V("key=value"), V("(\\w+)=(\\w+)"), B(2)}},
      {"regexp_replace", {V("2024-01-31"), V("(\\d+)-(\\d+)-(\\d+)"), V("$3/$2/$1")}},
      {"regexp_count", {V("a1b22c333"), V("\\d+")}},
      {"regexp_position", {V("héllo 42"), V("\\d"), B(2)}},
      {"sign", {B(-9)}},
      {"sign", {D(0.25)}},
      {"sign", {Dec(-15, 30, 1)}},
      {"truncate", {D(-2.75)}},
      {"truncate", {Dec(-12345, 6, 3)}},
      {"truncate", {Dec(12345, 6, 3), Value::Integer(1)}},
      {"sin", {D(1)}},
      {"atan2", {D(1), D(-2)}},
      {"log2", {D(10)}},
      {"log", {D(3), D(81)}},
      {"degrees", {D(1)}},
      {"is_nan", {D(1)}},
      {"is_finite", {D(1)}},
      {"chr", {B(0x1F600)}},
      {"codepoint", {V("é")}},
      {"concat_ws", {V(", "), V("a"), V("bc")}},
      {"translate", {V("héllo"), V("él"), V("E")}},
      {"levenshtein_distance", {V("kitten"), V("sitting")}},
      {"hamming_distance", {V("karolin"), V("kathrin")}},
      {"from_hex", {V("CAFE01")}},
      {"to_base64", {Value::Varbinary("hello")}},
      {"from_base64", {V("aGVsbG8=")}},
      {"sha1", {Value::Varbinary("abc")}},
      {"sha512", {Value::Varbinary("abc")}},
      {"length", {Value::Varbinary("\x01\x02\x03")}},
      {"from_utf8", {Value::Varbinary("a\xff\xe2\x82")}},
  };
}

std::string CaseName(const Case& c) {
  std::string out = c.function + "(";
  for (size_t i = 0; i < c.arguments.size(); ++i) out += (i ? ", " : "") + c.arguments[i].ToSqlLiteral();
  return out + ")";
}

TEST(SqlExprKernels, ConstantFlatAndSelectedAgree) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(CaseName(c));
    std::vector<BoundExpressionPtr> constants;
    for (const Value& v : c.arguments) constants.push_back(MakeConstant(v));
    const Value folded = Eval(F(c.function, constants));
    ASSERT_FALSE(folded.is_null());

    // Rows: 0 = values, 1 = the first argument NULL, 2 = values, 3 = values.
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
    auto call = F(c.function, references);
    auto values = EvalRows(call, chunk);
    EXPECT_EQ(Value::Compare(values[0], folded), 0) << values[0].ToString() << " vs " << folded.ToString();
    EXPECT_TRUE(values[1].is_null());
    EXPECT_EQ(Value::Compare(values[3], folded), 0);

    // Mixed: the last argument constant, the others columns, over a selection {0, 3}.
    std::vector<BoundExpressionPtr> mixed = references;
    mixed.back() = constants.back();
    exec::ExpressionEvaluator evaluator(F(c.function, mixed), Session(), 1);
    SelectionVector selection;
    selection.data()[0] = 0;
    selection.data()[1] = 3;
    const Vector& result = evaluator.EvaluateToVector(chunk, &selection, 2);
    EXPECT_EQ(Value::Compare(Value::FromVector(result, 0), folded), 0);
    EXPECT_EQ(Value::Compare(Value::FromVector(result, 3), folded), 0);
  }
}

TEST(SqlExprKernels, ComparisonsAgreeOnEveryType) {
  const std::vector<std::pair<Value, Value>> pairs = {
      {Value::Boolean(false), Value::Boolean(true)},
      {Value::TinyInt(-1), Value::TinyInt(1)},
      {Value::SmallInt(-1), Value::SmallInt(1)},
      {Value::Integer(-1), Value::Integer(1)},
      {B(-1), B(1)},
      {Value::Real(-1.5f), Value::Real(1.5f)},
      {D(-1.5), D(1.5)},
      {Dec(-15, 5, 1), Dec(15, 5, 1)},
      {Dec(-15, 30, 1), Dec(15, 30, 1)},
      {V("apple"), V("apples are longer")},
      {Value::Varbinary("\x01"), Value::Varbinary("\x02")},
      {Value::Date(-5), Value::Date(5)},
      {Value::Timestamp(-5), Value::Timestamp(5)},
      {Value::TimestampTz(-5, 0), Value::TimestampTz(5, 0)},
  };
  const ComparisonOperator ops[] = {ComparisonOperator::kEqual, ComparisonOperator::kNotEqual,
                                    ComparisonOperator::kLess,  ComparisonOperator::kLessEqual,
                                    ComparisonOperator::kGreater, ComparisonOperator::kGreaterEqual};
  for (const auto& [low, high] : pairs) {
    SCOPED_TRACE(low.type().ToString());
    // Rows: (low, high), (high, low), (low, low), (NULL, low).
    Chunk chunk = MakeChunk({low.type(), low.type()},
                            {{low, high, low, Value::Null(low.type())}, {high, low, low, low}});
    for (ComparisonOperator op : ops) {
      auto e = MakeComparison(op, MakeColumnRef(0, low.type()), MakeColumnRef(1, low.type()));
      auto values = EvalRows(e, chunk);
      for (size_t r = 0; r < 3; ++r) {
        const Value& a = r == 1 ? high : low;
        const Value& b = r == 0 ? high : low;
        const int c = Value::Compare(a, b);
        const bool expected = op == ComparisonOperator::kEqual ? c == 0
                              : op == ComparisonOperator::kNotEqual ? c != 0
                              : op == ComparisonOperator::kLess ? c < 0
                              : op == ComparisonOperator::kLessEqual ? c <= 0
                              : op == ComparisonOperator::kGreater ? c > 0
                                                                   : c >= 0;
        EXPECT_EQ(values[r].boolean(), expected) << ComparisonOperatorText(op) << " row " << r;
      }
      EXPECT_TRUE(values[3].is_null());
      // The same predicate as a filter, with a constant right side.
      exec::ExpressionEvaluator filter(MakeComparison(op, MakeColumnRef(0, low.type()), MakeConstant(low)),
                                       Session(), 1);
      SelectionVector out;
      const size_t selected = filter.Select(chunk, nullptr, 4, &out);
      size_t expected_count = 0;
      for (size_t r = 0; r < 3; ++r) {
        const int c = Value::Compare(r == 1 ? high : low, low);
        expected_count += op == ComparisonOperator::kEqual ? c == 0
                          : op == ComparisonOperator::kNotEqual ? c != 0
                          : op == ComparisonOperator::kLess ? c < 0
                          : op == ComparisonOperator::kLessEqual ? c <= 0
                          : op == ComparisonOperator::kGreater ? c > 0
                                                               : c >= 0;
      }
      EXPECT_EQ(selected, expected_count) << ComparisonOperatorText(op);
    }
  }
}

}  // namespace
}  // namespace sluice::sql
