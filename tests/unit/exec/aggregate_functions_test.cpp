#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "aggregate_test_util.h"
#include "core/error.h"

namespace sluice::exec {
namespace {

using testing::MakeVector;
using testing::Resolve;
using testing::RunGrouped;
using testing::RunUngrouped;

Value Null(DataType t) { return Value::Null(t); }

TEST(AggregateRegistry, ReturnTypesFollowTrino) {
  auto type_of = [](const std::string& name, std::vector<DataType> args) {
    return Resolve(name, std::move(args))->result_type().ToString();
  };
  EXPECT_EQ(type_of("sum", {DataType::Integer()}), "bigint");
  EXPECT_EQ(type_of("sum", {DataType::TinyInt()}), "bigint");
  EXPECT_EQ(type_of("sum", {DataType::BigInt()}), "bigint");
  EXPECT_EQ(type_of("sum", {DataType::Double()}), "double");
  EXPECT_EQ(type_of("sum", {DataType::Real()}), "real");
  EXPECT_EQ(type_of("sum", {DataType::Decimal(12, 2)}), "decimal(38,2)");
  EXPECT_EQ(type_of("avg", {DataType::Integer()}), "double");
  EXPECT_EQ(type_of("avg", {DataType::Decimal(12, 2)}), "decimal(12,2)");
  EXPECT_EQ(type_of("avg", {DataType::Real()}), "real");
  EXPECT_EQ(type_of("count", {}), "bigint");
  EXPECT_EQ(type_of("count", {DataType::Varchar()}), "bigint");
  EXPECT_EQ(type_of("max", {DataType::Varchar()}), "varchar");
  EXPECT_EQ(type_of("min", {DataType::Date()}), "date");
  EXPECT_EQ(type_of("min_by", {DataType::Varchar(), DataType::Date()}), "varchar");
  EXPECT_EQ(type_of("stddev", {DataType::Integer()}), "double");
  EXPECT_EQ(type_of("approx_distinct", {DataType::Varchar()}), "bigint");
  EXPECT_EQ(type_of("approx_percentile", {DataType::Integer(), DataType::Double()}), "bigint");
  EXPECT_EQ(type_of("approx_percentile", {DataType::Double(), DataType::Double()}), "double");
  EXPECT_EQ(type_of("listagg", {DataType::Varchar(), DataType::Varchar()}), "varchar");
  // sum(integer) is called as sum(bigint); the argument is cast first.
  auto resolved = AggregateRegistry::Builtins().Resolve("SUM", std::vector{DataType::Integer()});
  EXPECT_EQ(resolved.argument_types[0], DataType::BigInt());
}

TEST(AggregateRegistry, UnknownFunctionsAndTypesAreBinderErrors) {
  EXPECT_THROW(Resolve("nope", {DataType::Integer()}), BinderError);
  try {
    Resolve("sum", {DataType::Varchar()});
    FAIL();
  } catch (const BinderError& e) {
    EXPECT_NE(std::string(e.what()).find("function sum(varchar) does not exist; candidates:"),
              std::string::npos);
  }
}

TEST(AggregateFunctions, CountStarCountsNullsCountSkipsThem) {
  auto values = MakeVector(DataType::BigInt(), {Value::BigInt(1), Null(DataType::BigInt()),
                                                Value::BigInt(3)});
  std::vector<Vector> columns;
  columns.push_back(std::move(values));
  EXPECT_EQ(RunUngrouped(*Resolve("count", {DataType::BigInt()}), columns, 3), Value::BigInt(2));
  EXPECT_EQ(RunUngrouped(*Resolve("count", {}), {}, 3), Value::BigInt(3));
  // Empty input: count is 0, not NULL.
  EXPECT_EQ(RunUngrouped(*Resolve("count", {DataType::BigInt()}), columns, 0), Value::BigInt(0));
}

/// A helper running `name(type)` over `values` ungrouped.
Value Aggregate(const std::string& name, const DataType& type, const std::vector<Value>& values) {
  auto f = Resolve(name, {type});
  std::vector<Vector> columns;
  columns.push_back(testing::MakeCoerced(f->argument_types()[0], values));
  return RunUngrouped(*f, columns, values.size());
}

TEST(AggregateFunctions, SumAvgMinMaxIgnoreNullsAndAreNullOnEmpty) {
  const DataType i = DataType::Integer();
  std::vector<Value> v{Value::Integer(4), Null(i), Value::Integer(-1), Value::Integer(6)};
  EXPECT_EQ(Aggregate("sum", i, v), Value::BigInt(9));
  EXPECT_EQ(Aggregate("avg", i, v), Value::Double(3.0));
  EXPECT_EQ(Aggregate("min", i, v), Value::Integer(-1));
  EXPECT_EQ(Aggregate("max", i, v), Value::Integer(6));
  EXPECT_EQ(Aggregate("arbitrary", i, v), Value::Integer(4));
  for (const char* name : {"sum", "avg", "min", "max", "arbitrary", "stddev", "var_pop"}) {
    EXPECT_TRUE(Aggregate(name, i, {}).is_null()) << name;
    EXPECT_TRUE(Aggregate(name, i, {Null(i), Null(i)}).is_null()) << name;
  }
}

TEST(AggregateFunctions, SumBigintOverflowsAsTrino) {
  const DataType b = DataType::BigInt();
  try {
    Aggregate("sum", b, {Value::BigInt(std::numeric_limits<int64_t>::max()), Value::BigInt(1)});
    FAIL();
  } catch (const ConversionError& e) {
    EXPECT_STREQ(e.what(), "bigint addition overflow: 9223372036854775807 + 1");
  }
  // Also when partial sums overflow only as they are combined.
  std::vector<Vector> columns;
  columns.push_back(MakeVector(b, {Value::BigInt(std::numeric_limits<int64_t>::max()),
                                   Value::BigInt(5)}));
  EXPECT_THROW(RunGrouped(*Resolve("sum", {b}), columns, {0, 0}, 1, /*split=*/1),
               ConversionError);
}

TEST(AggregateFunctions, DecimalSumAndAvg) {
  const DataType d = DataType::Decimal(10, 2);
  std::vector<Value> v{Value::Decimal(150, 10, 2), Value::Decimal(-25, 10, 2),
                       Value::Decimal(1, 10, 2)};
  EXPECT_EQ(Aggregate("sum", d, v).ToString(), "1.26");
  EXPECT_EQ(Aggregate("sum", d, v).type(), DataType::Decimal(38, 2));
  // 1.26 / 3 = 0.42; (0.01 + 0.02) / 2 = 0.015 rounds half up to 0.02.
  EXPECT_EQ(Aggregate("avg", d, v).ToString(), "0.42");
  EXPECT_EQ(Aggregate("avg", d, {Value::Decimal(1, 10, 2), Value::Decimal(2, 10, 2)}).ToString(),
            "0.02");
  EXPECT_EQ(Aggregate("avg", d, {Value::Decimal(-1, 10, 2), Value::Decimal(-2, 10, 2)}).ToString(),
            "-0.02");
}

TEST(AggregateFunctions, DecimalSumOverflowBeyond38Digits) {
  const DataType d = DataType::Decimal(38, 0);
  __int128 big = PowerOfTen(38) - 1;
  EXPECT_THROW(Aggregate("sum", d, {Value::Decimal(big, 38, 0), Value::Decimal(1, 38, 0)}),
               ConversionError);
  // Passing 10^38 on the way and coming back is fine.
  EXPECT_EQ(Aggregate("sum", d,
                      {Value::Decimal(big, 38, 0), Value::Decimal(10, 38, 0),
                       Value::Decimal(-20, 38, 0)}),
            Value::Decimal(big - 10, 38, 0));
}

TEST(AggregateFunctions, MinMaxOfStringsOwnTheirBytes) {
  const DataType v = DataType::Varchar();
  std::vector<Value> values{Value::Varchar("pear but a much longer string"),
                            Value::Varchar("apple is longer than twelve"), Null(v),
                            Value::Varchar("zebra")};
  Value min;
  {
    std::vector<Vector> columns;
    columns.push_back(MakeVector(v, values));
    min = RunUngrouped(*Resolve("min", {v}), columns, values.size());
  }  // the input vector is gone: the state kept a copy
  EXPECT_EQ(min, Value::Varchar("apple is longer than twelve"));
  EXPECT_EQ(Aggregate("max", v, values), Value::Varchar("zebra"));
}

TEST(AggregateFunctions, MinMaxOfOtherTypes) {
  EXPECT_EQ(Aggregate("max", DataType::Double(), {Value::Double(1.5), Value::Double(-3)}),
            Value::Double(1.5));
  EXPECT_EQ(Aggregate("min", DataType::Date(), {Value::Date(100), Value::Date(-5)}),
            Value::Date(-5));
  EXPECT_EQ(Aggregate("max", DataType::Boolean(), {Value::Boolean(false), Value::Boolean(true)}),
            Value::Boolean(true));
  EXPECT_EQ(Aggregate("min", DataType::Decimal(30, 1),
                      {Value::Decimal(PowerOfTen(25), 30, 1), Value::Decimal(-7, 30, 1)}),
            Value::Decimal(-7, 30, 1));
}

TEST(AggregateFunctions, BoolAndBoolOr) {
  const DataType b = DataType::Boolean();
  std::vector<Value> v{Value::Boolean(true), Null(b), Value::Boolean(false)};
  EXPECT_EQ(Aggregate("bool_and", b, v), Value::Boolean(false));
  EXPECT_EQ(Aggregate("bool_or", b, v), Value::Boolean(true));
  EXPECT_EQ(Aggregate("bool_and", b, {Value::Boolean(true)}), Value::Boolean(true));
  EXPECT_TRUE(Aggregate("bool_or", b, {Null(b)}).is_null());
}

TEST(AggregateFunctions, VarianceFamily) {
  const DataType d = DataType::Double();
  std::vector<Value> v{Value::Double(2), Value::Double(4), Value::Double(4), Value::Double(4),
                       Value::Double(5), Value::Double(5), Value::Double(7), Value::Double(9)};
  EXPECT_DOUBLE_EQ(Aggregate("var_pop", d, v).float64(), 4.0);
  EXPECT_DOUBLE_EQ(Aggregate("stddev_pop", d, v).float64(), 2.0);
  EXPECT_DOUBLE_EQ(Aggregate("var_samp", d, v).float64(), 32.0 / 7);
  EXPECT_DOUBLE_EQ(Aggregate("variance", d, v).float64(), 32.0 / 7);
  EXPECT_DOUBLE_EQ(Aggregate("stddev", d, v).float64(), std::sqrt(32.0 / 7));
  EXPECT_TRUE(Aggregate("stddev_samp", d, {Value::Double(1)}).is_null());
  EXPECT_DOUBLE_EQ(Aggregate("var_pop", d, {Value::Double(1)}).float64(), 0.0);
}

TEST(AggregateFunctions, MinByMaxBy) {
  std::vector<Vector> columns;
  columns.push_back(MakeVector(DataType::Varchar(),
                               {Value::Varchar("a"), Value::Varchar("b"),
                                Null(DataType::Varchar()), Value::Varchar("d")}));
  columns.push_back(MakeVector(DataType::BigInt(), {Value::BigInt(5), Value::BigInt(1),
                                                    Value::BigInt(9), Null(DataType::BigInt())}));
  auto min_by = Resolve("min_by", {DataType::Varchar(), DataType::BigInt()});
  auto max_by = Resolve("max_by", {DataType::Varchar(), DataType::BigInt()});
  EXPECT_EQ(RunUngrouped(*min_by, columns, 4), Value::Varchar("b"));
  EXPECT_TRUE(RunUngrouped(*max_by, columns, 4).is_null());  // x is NULL at the largest y
  EXPECT_TRUE(RunUngrouped(*max_by, columns, 0).is_null());
}

TEST(AggregateFunctions, ListAggConcatenatesInInputOrder) {
  const DataType v = DataType::Varchar();
  std::vector<Vector> columns;
  columns.push_back(MakeVector(v, {Value::Varchar("x"), Null(v), Value::Varchar("yy"),
                                   Value::Varchar("z")}));
  columns.push_back(MakeVector(v, std::vector<Value>(4, Value::Varchar(", "))));
  auto listagg = Resolve("listagg", {v, v});
  EXPECT_EQ(RunUngrouped(*listagg, columns, 4), Value::Varchar("x, yy, z"));
  // Grouped and combined: group 0 = rows 0, 2; group 1 = rows 1, 3.
  auto grouped = RunGrouped(*listagg, columns, {0, 1, 0, 0}, 2, /*split=*/2);
  EXPECT_EQ(grouped[0], Value::Varchar("x, yy, z"));
  EXPECT_TRUE(grouped[1].is_null());
  EXPECT_EQ(RunUngrouped(*Resolve("string_agg", {v, v}), columns, 0).is_null(), true);
}

TEST(AggregateFunctions, DistinctCountAndSum) {
  const DataType b = DataType::BigInt();
  std::vector<Vector> columns;
  columns.push_back(MakeVector(b, {Value::BigInt(1), Value::BigInt(2), Value::BigInt(1),
                                   Null(b), Value::BigInt(2), Value::BigInt(7)}));
  auto count = Resolve("count", {b}, /*distinct=*/true);
  auto sum = Resolve("sum", {b}, /*distinct=*/true);
  EXPECT_EQ(RunUngrouped(*count, columns, 6), Value::BigInt(3));
  EXPECT_EQ(RunUngrouped(*sum, columns, 6), Value::BigInt(10));
  EXPECT_EQ(RunUngrouped(*count, columns, 0), Value::BigInt(0));
  EXPECT_TRUE(RunUngrouped(*sum, columns, 0).is_null());
  // Groups {0: 1, 1, 2} {1: 2, NULL, 7}, rows split across two partial passes.
  std::vector<uint32_t> groups{0, 1, 0, 1, 0, 1};
  auto counts = RunGrouped(*count, columns, groups, 2, /*split=*/3);
  EXPECT_EQ(counts[0], Value::BigInt(2));
  EXPECT_EQ(counts[1], Value::BigInt(2));
  auto sums = RunGrouped(*sum, columns, groups, 2, /*split=*/3);
  EXPECT_EQ(sums[0], Value::BigInt(3));
  EXPECT_EQ(sums[1], Value::BigInt(9));
}

/// Every function, grouped, with and without a split into combined partial passes,
/// against the ungrouped result of each group's rows.
TEST(AggregateFunctions, CombineOfPartialStatesEqualsSinglePass) {
  const DataType b = DataType::BigInt();
  const size_t n = 5000;
  const uint32_t num_groups = 7;
  std::vector<Value> values;
  std::vector<uint32_t> groups;
  for (size_t r = 0; r < n; ++r) {
    values.push_back(r % 11 == 3 ? Null(b) : Value::BigInt(static_cast<int64_t>((r * 7919) % 1000) - 300));
    groups.push_back(static_cast<uint32_t>((r * 31) % num_groups));
  }
  for (const char* name : {"count", "sum", "avg", "min", "max", "var_samp", "stddev_pop",
                           "approx_distinct"}) {
    auto f = Resolve(name, {b});
    std::vector<Vector> columns;
    columns.push_back(testing::MakeCoerced(f->argument_types()[0], values));
    auto single = RunGrouped(*f, columns, groups, num_groups);
    for (size_t split : {size_t{1}, size_t{2500}, n - 1}) {
      auto combined = RunGrouped(*f, columns, groups, num_groups, split);
      for (uint32_t g = 0; g < num_groups; ++g) {
        if (single[g].type().id() == TypeId::kDouble) {
          EXPECT_NEAR(single[g].float64(), combined[g].float64(), 1e-9) << name << " " << g;
        } else {
          EXPECT_EQ(single[g], combined[g]) << name << " group " << g << " split " << split;
        }
      }
    }
    // Group 0 alone equals the ungrouped result of its rows.
    std::vector<Value> group0;
    for (size_t r = 0; r < n; ++r) {
      if (groups[r] == 0) group0.push_back(values[r]);
    }
    Value expected = Aggregate(name, b, group0);
    if (expected.type().id() == TypeId::kDouble) {
      EXPECT_NEAR(expected.float64(), single[0].float64(), 1e-9) << name;
    } else {
      EXPECT_EQ(expected, single[0]) << name;
    }
  }
}

/// Functions with owned (string, set, sketch) states: grouped with combined partials
/// equals one pass, and the input may be gone before Finalize.
TEST(AggregateFunctions, CombineOfOwnedStringStatesEqualsSinglePass) {
  const DataType v = DataType::Varchar();
  const size_t n = 3000;
  const uint32_t num_groups = 5;
  std::vector<Value> values, separators, ranks;
  std::vector<uint32_t> groups;
  for (size_t r = 0; r < n; ++r) {
    values.push_back(r % 7 == 0 ? Value::Null(v)
                                : Value::Varchar("a value longer than twelve #" +
                                                 std::to_string((r * 7919) % 97)));
    separators.push_back(Value::Varchar("|"));
    ranks.push_back(Value::BigInt(static_cast<int64_t>((r * 104729) % 1009)));
    groups.push_back(static_cast<uint32_t>(r % num_groups));
  }
  struct Call {
    const char* name;
    std::vector<DataType> types;
    bool distinct;
  };
  for (const Call& call : {Call{"min", {v}, false}, Call{"max", {v}, false},
                           Call{"arbitrary", {v}, false}, Call{"count", {v}, true},
                           Call{"approx_distinct", {v}, false},
                           Call{"listagg", {v, v}, false},
                           Call{"min_by", {v, DataType::BigInt()}, false},
                           Call{"max_by", {v, DataType::BigInt()}, false}}) {
    auto f = Resolve(call.name, call.types, call.distinct);
    auto run = [&](size_t split) {
      std::vector<Vector> columns;
      columns.push_back(MakeVector(v, values));
      if (call.types.size() > 1) {
        columns.push_back(MakeVector(call.types[1], call.types[1] == v ? separators : ranks));
      }
      return RunGrouped(*f, columns, groups, num_groups, split);
    };
    auto single = run(0);
    for (size_t split : {size_t{1}, size_t{1234}}) {
      EXPECT_EQ(run(split), single) << call.name << " split " << split;
    }
    size_t non_null = 0;
    for (const Value& value : single) non_null += !value.is_null();
    EXPECT_GE(non_null, 3u) << call.name;  // (min_by's x may be NULL in a group)
  }
}

}  // namespace
}  // namespace sluice::exec
