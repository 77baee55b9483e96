#include <gtest/gtest.h>

#include "sql/expression/coercion.h"
#include "sql/expression/function_registry.h"
#include "expression_test_util.h"

namespace sluice::sql {
namespace {

DataType T(std::string_view text) { return DataType::Parse(text); }

TEST(SqlExprCoercion, NumericLadder) {
  EXPECT_TRUE(CanCoerce(T("tinyint"), T("smallint")));
  EXPECT_TRUE(CanCoerce(T("integer"), T("bigint")));
  EXPECT_TRUE(CanCoerce(T("bigint"), T("decimal(19,0)")));
  EXPECT_FALSE(CanCoerce(T("bigint"), T("decimal(18,0)")));
  EXPECT_TRUE(CanCoerce(T("integer"), T("decimal(12,2)")));
  EXPECT_TRUE(CanCoerce(T("bigint"), T("double")));
  EXPECT_TRUE(CanCoerce(T("bigint"), T("real")));
  EXPECT_TRUE(CanCoerce(T("decimal(10,2)"), T("decimal(12,3)")));
  EXPECT_FALSE(CanCoerce(T("decimal(10,2)"), T("decimal(10,3)")));
  EXPECT_TRUE(CanCoerce(T("decimal(10,2)"), T("double")));
  EXPECT_TRUE(CanCoerce(T("real"), T("double")));
  EXPECT_FALSE(CanCoerce(T("double"), T("real")));
  EXPECT_FALSE(CanCoerce(T("bigint"), T("integer")));
  EXPECT_FALSE(CanCoerce(T("varchar"), T("integer")));
  EXPECT_FALSE(CanCoerce(T("integer"), T("varchar")));
}

TEST(SqlExprCoercion, TemporalAndUnknown) {
  EXPECT_TRUE(CanCoerce(T("date"), T("timestamp")));
  EXPECT_TRUE(CanCoerce(T("timestamp"), T("timestamp with time zone")));
  EXPECT_FALSE(CanCoerce(T("timestamp"), T("date")));
  EXPECT_FALSE(CanCoerce(T("varchar"), T("date")));
  EXPECT_TRUE(CanCoerce(DataType::Unknown(), T("date")));
  EXPECT_TRUE(CanCoerce(DataType::Unknown(), T("varchar")));
}

TEST(SqlExprCoercion, CommonSuperType) {
  EXPECT_EQ(CommonSuperType(T("integer"), T("bigint"))->ToString(), "bigint");
  EXPECT_EQ(CommonSuperType(T("integer"), T("decimal(5,2)"))->ToString(), "decimal(12,2)");
  EXPECT_EQ(CommonSuperType(T("decimal(10,2)"), T("decimal(5,4)"))->ToString(), "decimal(12,4)");
  EXPECT_EQ(CommonSuperType(T("decimal(10,2)"), T("double"))->ToString(), "double");
  EXPECT_EQ(CommonSuperType(T("bigint"), T("real"))->ToString(), "real");
  EXPECT_EQ(CommonSuperType(T("date"), T("timestamp"))->ToString(), "timestamp(6)");
  EXPECT_EQ(CommonSuperType(DataType::Unknown(), T("varchar"))->ToString(), "varchar");
  EXPECT_FALSE(CommonSuperType(T("varchar"), T("integer")).has_value());
  EXPECT_FALSE(CommonSuperType(T("boolean"), T("integer")).has_value());
  std::vector<DataType> list{DataType::Unknown(), T("tinyint"), T("integer"), T("decimal(3,1)")};
  EXPECT_EQ(CommonSuperType(list)->ToString(), "decimal(11,1)");
}

TEST(SqlExprCoercion, StringLiteralsCompareWithTemporal) {
  EXPECT_EQ(ComparisonType(T("date"), false, T("varchar"), true)->ToString(), "date");
  EXPECT_EQ(ComparisonType(T("varchar"), true, T("timestamp"), false)->ToString(), "timestamp(6)");
  EXPECT_FALSE(ComparisonType(T("date"), false, T("varchar"), false).has_value());
}

TEST(SqlExprCoercion, DecimalResultTypes) {
  // Trino: add p = min(38, 1 + max(s) + max(p - s)), s = max(s).
  EXPECT_EQ(DecimalAddType(T("decimal(10,2)"), T("decimal(5,3)")).ToString(), "decimal(12,3)");
  EXPECT_EQ(DecimalMultiplyType(T("decimal(10,2)"), T("decimal(5,3)")).ToString(), "decimal(15,5)");
  EXPECT_EQ(DecimalDivideType(T("decimal(10,2)"), T("decimal(5,3)")).ToString(), "decimal(14,3)");
  EXPECT_EQ(DecimalModulusType(T("decimal(10,2)"), T("decimal(5,3)")).ToString(), "decimal(5,3)");
  EXPECT_EQ(DecimalAddType(T("decimal(38,0)"), T("decimal(38,0)")).ToString(), "decimal(38,0)");
  EXPECT_THROW(DecimalMultiplyType(T("decimal(38,20)"), T("decimal(38,20)")), BinderError);
}

TEST(SqlExprResolution, PicksFewestCoercions) {
  const FunctionRegistry& r = FunctionRegistry::Builtins();
  std::vector<DataType> ints{T("integer"), T("integer")};
  EXPECT_EQ(r.Resolve("+", ints).return_type.ToString(), "integer");
  std::vector<DataType> mixed{T("integer"), T("bigint")};
  auto resolved = r.Resolve("+", mixed);
  EXPECT_EQ(resolved.return_type.ToString(), "bigint");
  EXPECT_EQ(resolved.argument_types[0].ToString(), "bigint");
  std::vector<DataType> with_decimal{T("bigint"), T("decimal(10,2)")};
  EXPECT_EQ(r.Resolve("+", with_decimal).return_type.ToString(), "decimal(22,2)");
  std::vector<DataType> with_double{T("decimal(10,2)"), T("double")};
  EXPECT_EQ(r.Resolve("*", with_double).return_type.ToString(), "double");
  std::vector<DataType> abs_arg{T("smallint")};
  EXPECT_EQ(r.Resolve("ABS", abs_arg).return_type.ToString(), "smallint");
  std::vector<DataType> substr_args{T("varchar"), T("integer")};
  EXPECT_EQ(r.Resolve("substr", substr_args).argument_types[1].ToString(), "bigint");
  std::vector<DataType> greatest{T("integer"), T("decimal(4,1)"), DataType::Unknown()};
  EXPECT_EQ(r.Resolve("greatest", greatest).return_type.ToString(), "decimal(11,1)");
}

TEST(SqlExprResolution, ErrorsNameFunctionAndTypes) {
  const FunctionRegistry& r = FunctionRegistry::Builtins();
  std::vector<DataType> args{T("bigint")};
  try {
    r.Resolve("substr", args);
    FAIL();
  } catch (const BinderError& e) {
    EXPECT_EQ(std::string(e.what()),
              "function substr(bigint) does not exist; candidates: substr(varchar, bigint), "
              "substr(varchar, bigint, bigint)");
  }
  try {
    r.Resolve("no_such_function", args);
    FAIL();
  } catch (const BinderError& e) {
    EXPECT_EQ(std::string(e.what()), "function no_such_function does not exist");
  }
  std::vector<DataType> bad_greatest{T("varchar"), T("integer")};
  EXPECT_THROW(r.Resolve("greatest", bad_greatest), BinderError);
}

TEST(SqlExprBuilder, TypeErrors) {
  using namespace testing;
  EXPECT_THROW(MakeComparison(ComparisonOperator::kEqual, Str("a"), Int(1)), BinderError);
  try {
    MakeArithmetic('+', Str("a"), Int(1));
    FAIL();
  } catch (const BinderError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot apply operator: varchar + integer");
  }
  EXPECT_THROW(MakeAnd({Int(1), C(Value::Boolean(true))}), BinderError);
  EXPECT_THROW(MakeCast(C(Value::Date(1)), DataType::Integer()), BinderError);
  EXPECT_THROW(MakeCase({{C(Value::Boolean(true)), Int(1)}}, Str("x")), BinderError);
}

TEST(SqlExprBuilder, Printing) {
  using namespace testing;
  auto x = MakeColumnRef(0, DataType::BigInt(), "x");
  auto e = MakeComparison(ComparisonOperator::kGreater, MakeArithmetic('+', x, Int(2)), Big(3));
  EXPECT_EQ(e->ToString(), "((x + CAST(2 AS bigint)) > BIGINT '3')");
  EXPECT_EQ(MakeLike(MakeColumnRef(1, DataType::Varchar()), Str("a%"), Str("\\"))->ToString(),
            "(#1 LIKE 'a%' ESCAPE '\\')");
  EXPECT_EQ(MakeCoalesce({x, Null()})->ToString(), "COALESCE(x, CAST(NULL AS bigint))");
  EXPECT_TRUE(MakeArithmetic('+', Int(1), Int(2))->IsFoldable());
  EXPECT_FALSE(MakeArithmetic('+', x, Big(2))->IsFoldable());
  EXPECT_FALSE(F("random", {})->IsFoldable());
}

}  // namespace
}  // namespace sluice::sql
