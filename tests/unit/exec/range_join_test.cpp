// PhysicalRangeJoin against a naive reference join: one inequality of each direction
// over every key type (duplicates, NULLs, NaN, -0.0, long strings, long decimals),
// BETWEEN intervals, two unrelated inequalities, residuals, output of many chunks from
// one probe chunk, several threads, a large selective BETWEEN that a cross product
// could not finish, names and the memory limit.

#include "exec/operators/range_join.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "non_equi_join_test_util.h"
#include "sql/expression/expression_builder.h"

namespace sluice::exec {
namespace {

using testing::Lines;
using testing::Row;
using testing::Truth;

sql::BoundExpressionPtr Column(size_t index, const DataType& type) { return sql::MakeColumnRef(index, type); }

const std::vector<RangeComparison> kComparisons = {RangeComparison::kLess, RangeComparison::kLessEqual,
                                                   RangeComparison::kGreater, RangeComparison::kGreaterEqual};
const std::vector<JoinType> kRangeJoinTypes = {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull,
                                               JoinType::kSemi,  JoinType::kAnti, JoinType::kSingle};

Truth Compare(RangeComparison comparison, const Value& a, const Value& b) {
  switch (comparison) {
    case RangeComparison::kLess: return testing::Lt(a, b);
    case RangeComparison::kLessEqual: return testing::Le(a, b);
    case RangeComparison::kGreater: return testing::Gt(a, b);
    case RangeComparison::kGreaterEqual: return testing::Ge(a, b);
  }
  return std::nullopt;
}

/// A key type and random values of it with many duplicates and some NULLs.
struct KeyType {
  std::string label;
  DataType type;
  std::function<Value(std::mt19937_64&)> random;
};

std::vector<KeyType> KeyTypes() {
  const auto small = [](std::mt19937_64& random) { return static_cast<int64_t>(random() % 60) - 20; };
  return {
      {"integer", DataType::Integer(), [=](auto& r) { return Value::Integer(static_cast<int32_t>(small(r))); }},
      {"bigint", DataType::BigInt(),
       [=](auto& r) {
         return r() % 20 == 0 ? Value::BigInt(r() % 2 ? std::numeric_limits<int64_t>::max()
                                                      : std::numeric_limits<int64_t>::min())
                              : Value::BigInt(small(r) * 1'000'000'007LL);
       }},
      {"double", DataType::Double(),
       [=](auto& r) {
         const std::vector<double> specials = {-0.0, 0.0, std::nan(""), INFINITY, -INFINITY, 1e300, -1e-300};
         return r() % 5 == 0 ? Value::Double(specials[r() % specials.size()]) : Value::Double(small(r) / 4.0);
       }},
      {"real", DataType::Real(), [=](auto& r) { return Value::Real(static_cast<float>(small(r)) / 3.0f); }},
      {"varchar", DataType::Varchar(),
       [=](auto& r) {
         const int64_t n = small(r) + 20;
         // Short strings, and long ones that differ only after the 12 inline bytes.
         return r() % 2 ? Value::Varchar(std::to_string(n)) : Value::Varchar("a long shared prefix " + std::to_string(n));
       }},
      {"date", DataType::Date(), [=](auto& r) { return Value::Date(static_cast<int32_t>(19000 + small(r))); }},
      {"timestamp", DataType::Timestamp(),
       [=](auto& r) { return Value::Timestamp(1'700'000'000'000'000LL + small(r) * 1'000'000LL); }},
      {"timestamptz", DataType::TimestampTz(),
       [=](auto& r) { return Value::TimestampTz(1'700'000'000'000'000LL + small(r) * 1'000LL, 0); }},
      {"decimal(10,2)", DataType::Decimal(10, 2), [=](auto& r) { return Value::Decimal(small(r) * 37, 10, 2); }},
      {"decimal(30,5)", DataType::Decimal(30, 5),
       [=](auto& r) {
         const __int128 big = static_cast<__int128>(small(r)) * static_cast<__int128>(1'000'000'000'000'000'000LL);
         return Value::Decimal(big + small(r), 30, 5);
       }},
  };
}

/// Rows (key, tag): the key NULL one time in ten.
std::vector<Row> KeyRows(const KeyType& key, size_t count, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<Row> rows;
  for (size_t i = 0; i < count; ++i) {
    Value value = random() % 10 == 0 ? Value() : key.random(random);
    rows.push_back({std::move(value), Value::Integer(static_cast<int32_t>(i))});
  }
  return rows;
}

struct JoinInput {
  std::vector<DataType> probe_types;
  std::vector<DataType> build_types;
  std::vector<Row> probe;
  std::vector<Row> build;
};

std::unique_ptr<PhysicalOperator> RangeJoin(const JoinInput& input, JoinType type,
                                            std::vector<RangeCondition> conditions,
                                            sql::BoundExpressionPtr residual = nullptr, size_t probe_chunk_rows = 100,
                                            size_t build_chunk_rows = 70) {
  return std::make_unique<PhysicalRangeJoin>(testing::Source(input.probe_types, input.probe, probe_chunk_rows),
                                             testing::Source(input.build_types, input.build, build_chunk_rows), type,
                                             std::move(conditions), std::move(residual));
}

/// Runs every join type in `types` and compares it with the reference.
void ExpectJoins(const std::vector<JoinType>& types, const JoinInput& input,
                 const std::vector<RangeCondition>& conditions, const sql::BoundExpressionPtr& residual,
                 const testing::Predicate& predicate, size_t probe_chunk_rows = 100) {
  const testing::ReferenceJoin reference(input.probe, input.build, input.probe_types.size(), input.build_types.size(),
                                         predicate);
  for (JoinType type : types) {
    SCOPED_TRACE("join type " + JoinTypeName(type));
    std::vector<Row> expected;
    try {
      expected = reference.Rows(type);
    } catch (const ConstraintError&) {
      EXPECT_THROW(testing::Run(RangeJoin(input, type, conditions, residual, probe_chunk_rows)), ConstraintError);
      continue;
    }
    const std::vector<Row> actual = testing::Run(RangeJoin(input, type, conditions, residual, probe_chunk_rows));
    ASSERT_EQ(actual.size(), expected.size());
    EXPECT_EQ(Lines(actual), Lines(expected));
  }
}

TEST(RangeJoinTest, OneInequalityEveryKeyTypeAndDirection) {
  for (const KeyType& key : KeyTypes()) {
    SCOPED_TRACE("key " + key.label);
    JoinInput input{{key.type, DataType::Integer()}, {key.type, DataType::Integer()}, KeyRows(key, 150, 1),
                    KeyRows(key, 100, 2)};
    for (RangeComparison comparison : kComparisons) {
      SCOPED_TRACE(std::string("comparison ") + RangeComparisonText(comparison));
      std::vector<RangeCondition> conditions = {{Column(0, key.type), Column(0, key.type), comparison}};
      const auto reference = [&](const Row& p, const Row& b) { return Compare(comparison, p[0], b[0]); };
      ExpectJoins(kRangeJoinTypes, input, conditions, nullptr, reference);
    }
  }
}

/// Events at points in time, and intervals [start, end] of the build side.
JoinInput Intervals(size_t num_points, size_t num_intervals, int64_t span, int64_t max_length, uint64_t seed) {
  std::mt19937_64 random(seed);
  const auto micros = [](int64_t seconds) { return Value::Timestamp(1'600'000'000'000'000LL + seconds * 1'000'000); };
  JoinInput input{{DataType::Timestamp(), DataType::Integer()},
                  {DataType::Timestamp(), DataType::Timestamp(), DataType::Integer()},
                  {},
                  {}};
  for (size_t i = 0; i < num_points; ++i) {
    Value ts = random() % 20 == 0 ? Value() : micros(static_cast<int64_t>(random() % span));
    input.probe.push_back({ts, Value::Integer(static_cast<int32_t>(i % 7))});
  }
  for (size_t i = 0; i < num_intervals; ++i) {
    const int64_t start = static_cast<int64_t>(random() % span);
    const int64_t length = static_cast<int64_t>(random() % max_length);
    Value start_value = random() % 25 == 0 ? Value() : micros(start);
    Value end_value = random() % 25 == 0 ? Value() : micros(start + length);
    input.build.push_back({start_value, end_value, Value::Integer(static_cast<int32_t>(i % 5))});
  }
  return input;
}

/// ts BETWEEN start AND end: ts >= start AND ts <= end.
std::vector<RangeCondition> Between() {
  return {{Column(0, DataType::Timestamp()), Column(0, DataType::Timestamp()), RangeComparison::kGreaterEqual},
          {Column(0, DataType::Timestamp()), Column(1, DataType::Timestamp()), RangeComparison::kLessEqual}};
}
Truth BetweenReference(const Row& p, const Row& b) { return testing::And(testing::Ge(p[0], b[0]), testing::Le(p[0], b[1])); }

TEST(RangeJoinTest, BetweenIntervalsEveryJoinType) {
  const JoinInput input = Intervals(3000, 2500, 100'000, 400, 3);
  ExpectJoins(kRangeJoinTypes, input, Between(), nullptr, BetweenReference);
}

TEST(RangeJoinTest, BetweenIntervalsOnSeveralThreads) {
  testing::ScopedThreads threads(4);
  // Long intervals too: many blocks hold a late end, so the block tree reports more.
  const JoinInput input = Intervals(1500, 2000, 50'000, 2'000, 4);
  ExpectJoins(kRangeJoinTypes, input, Between(), nullptr, BetweenReference, 61);
}

TEST(RangeJoinTest, BetweenWithResidual) {
  const JoinInput input = Intervals(2000, 1500, 20'000, 600, 5);
  // … AND probe.tag <> build.tag (columns #1 and #4 of probe ++ build).
  auto residual = sql::MakeComparison(sql::ComparisonOperator::kNotEqual, Column(1, DataType::Integer()),
                                      Column(4, DataType::Integer()));
  const auto reference = [](const Row& p, const Row& b) {
    return testing::And(BetweenReference(p, b), testing::Ne(p[1], b[2]));
  };
  ExpectJoins(kRangeJoinTypes, input, Between(), residual, reference);
}

TEST(RangeJoinTest, TwoUnrelatedInequalities) {
  // probe.a < build.c AND probe.b >= build.d over random doubles and integers: the
  // first key's order says nothing about the second.
  std::mt19937_64 random(6);
  JoinInput input{{DataType::Integer(), DataType::Double()}, {DataType::Integer(), DataType::Double()}, {}, {}};
  const auto row = [&] {
    Value a = random() % 12 == 0 ? Value() : Value::Integer(static_cast<int32_t>(random() % 500));
    Value b = random() % 12 == 0 ? Value() : Value::Double(static_cast<double>(random() % 300) / 2.0);
    return Row{a, b};
  };
  for (int i = 0; i < 300; ++i) input.probe.push_back(row());
  for (int i = 0; i < 500; ++i) input.build.push_back(row());
  for (RangeComparison first : {RangeComparison::kLess, RangeComparison::kGreaterEqual}) {
    for (RangeComparison second : {RangeComparison::kGreater, RangeComparison::kLessEqual}) {
      SCOPED_TRACE(std::string(RangeComparisonText(first)) + " and " + RangeComparisonText(second));
      std::vector<RangeCondition> conditions = {
          {Column(0, DataType::Integer()), Column(0, DataType::Integer()), first},
          {Column(1, DataType::Double()), Column(1, DataType::Double()), second}};
      const auto reference = [&](const Row& p, const Row& b) {
        return testing::And(Compare(first, p[0], b[0]), Compare(second, p[1], b[1]));
      };
      ExpectJoins({JoinType::kInner, JoinType::kFull, JoinType::kSemi, JoinType::kAnti}, input, conditions, nullptr, reference, 150);
    }
  }
}

TEST(RangeJoinTest, ComputedKeysAndVarcharBetween) {
  // (probe.a + 1) > build.c * 2, and a varchar BETWEEN.
  std::mt19937_64 random(7);
  JoinInput input{{DataType::BigInt(), DataType::Varchar()}, {DataType::BigInt(), DataType::Varchar(), DataType::Varchar()},
                  {}, {}};
  const auto text = [&] { return Value::Varchar("key number " + std::to_string(random() % 300)); };
  for (int i = 0; i < 400; ++i) input.probe.push_back({Value::BigInt(static_cast<int64_t>(random() % 100)), text()});
  for (int i = 0; i < 300; ++i) {
    Value low = text(), high = text();
    if (Value::Compare(high, low) < 0) std::swap(low, high);
    input.build.push_back({Value::BigInt(static_cast<int64_t>(random() % 60)), low, random() % 10 ? high : Value()});
  }
  auto probe_key = sql::MakeArithmetic('+', Column(0, DataType::BigInt()), sql::MakeConstant(Value::BigInt(1)));
  auto build_key = sql::MakeArithmetic('*', Column(0, DataType::BigInt()), sql::MakeConstant(Value::BigInt(2)));
  const auto one = [&](const Row& p, const Row& b) {
    return testing::Gt(Value::BigInt(p[0].int64() + 1), Value::BigInt(b[0].int64() * 2));
  };
  ExpectJoins({JoinType::kInner, JoinType::kLeft, JoinType::kRight}, input, {{probe_key, build_key, RangeComparison::kGreater}}, nullptr, one);
  std::vector<RangeCondition> between = {
      {Column(1, DataType::Varchar()), Column(1, DataType::Varchar()), RangeComparison::kGreaterEqual},
      {Column(1, DataType::Varchar()), Column(2, DataType::Varchar()), RangeComparison::kLessEqual}};
  const auto reference = [](const Row& p, const Row& b) {
    return testing::And(testing::Ge(p[1], b[1]), testing::Le(p[1], b[2]));
  };
  ExpectJoins({JoinType::kInner, JoinType::kFull, JoinType::kAnti}, input, between, nullptr, reference);
}

TEST(RangeJoinTest, OneProbeChunkProducesManyOutputChunks) {
  // 2048 probe rows in one chunk; each matches about half of 100 build rows.
  const KeyType key = KeyTypes()[0];
  JoinInput input{{key.type, DataType::Integer()}, {key.type, DataType::Integer()}, KeyRows(key, kChunkCapacity, 8),
                  KeyRows(key, 100, 9)};
  std::vector<RangeCondition> conditions = {{Column(0, key.type), Column(0, key.type), RangeComparison::kLess}};
  const auto reference = [](const Row& p, const Row& b) { return testing::Lt(p[0], b[0]); };
  ExpectJoins({JoinType::kInner, JoinType::kLeft, JoinType::kFull}, input, conditions, nullptr, reference, kChunkCapacity);
  // The same with a residual that drops some pairs of every batch.
  auto residual = sql::MakeComparison(sql::ComparisonOperator::kNotEqual, Column(1, DataType::Integer()),
                                      Column(3, DataType::Integer()));
  const auto with_residual = [&](const Row& p, const Row& b) {
    return testing::And(reference(p, b), testing::Ne(p[1], b[1]));
  };
  ExpectJoins({JoinType::kInner}, input, conditions, residual, with_residual, kChunkCapacity);
}

TEST(RangeJoinTest, LargeSelectiveBetween) {
  // 200,000 events against 100,000 disjoint intervals; each event lies in at most one.
  // A filtered cross product would test 2·10^10 pairs.
  testing::ScopedThreads threads(2);
  JoinInput input{{DataType::BigInt()}, {DataType::BigInt(), DataType::BigInt()}, {}, {}};
  constexpr int64_t kIntervals = 100'000;
  for (int64_t i = 0; i < kIntervals; ++i) input.build.push_back({Value::BigInt(10 * i), Value::BigInt(10 * i + 4)});
  std::mt19937_64 random(10);
  size_t expected = 0;
  for (int i = 0; i < 200'000; ++i) {
    const int64_t ts = static_cast<int64_t>(random() % (10 * kIntervals));
    expected += ts % 10 <= 4 ? 1 : 0;
    input.probe.push_back({Value::BigInt(ts)});
  }
  std::vector<RangeCondition> conditions = {
      {Column(0, DataType::BigInt()), Column(0, DataType::BigInt()), RangeComparison::kGreaterEqual},
      {Column(0, DataType::BigInt()), Column(1, DataType::BigInt()), RangeComparison::kLessEqual}};
  const std::vector<Row> rows = testing::Run(RangeJoin(input, JoinType::kInner, conditions, nullptr, kChunkCapacity,
                                                       kChunkCapacity));
  ASSERT_EQ(rows.size(), expected);
  for (const Row& row : rows) {
    ASSERT_LE(row[1].int64(), row[0].int64());
    ASSERT_LE(row[0].int64(), row[2].int64());
  }
}

TEST(RangeJoinTest, EmptySides) {
  const KeyType key = KeyTypes()[0];
  std::vector<RangeCondition> conditions = {{Column(0, key.type), Column(0, key.type), RangeComparison::kLessEqual}};
  const auto reference = [](const Row& p, const Row& b) { return testing::Le(p[0], b[0]); };
  JoinInput no_build{{key.type, DataType::Integer()}, {key.type, DataType::Integer()}, KeyRows(key, 50, 11), {}};
  JoinInput no_probe{{key.type, DataType::Integer()}, {key.type, DataType::Integer()}, {}, KeyRows(key, 50, 12)};
  ExpectJoins(kRangeJoinTypes, no_build, conditions, nullptr, reference);
  ExpectJoins(kRangeJoinTypes, no_probe, conditions, nullptr, reference);
}

TEST(RangeJoinTest, BuildSideOverTheMemoryLimit) {
  JoinInput input = Intervals(10, 30'000, 1'000'000, 100, 13);
  try {
    testing::Run(RangeJoin(input, JoinType::kInner, Between()), 512 * 1024);
    FAIL() << "expected an out-of-memory error";
  } catch (const OutOfMemoryError& error) {
    EXPECT_NE(std::string(error.what()).find("RangeJoin INNER"), std::string::npos) << error.what();
  }
}

TEST(RangeJoinTest, NamesAndTypes) {
  const JoinInput input = Intervals(0, 0, 10, 1, 14);
  EXPECT_EQ(RangeJoin(input, JoinType::kInner, Between())->name(),
            "RangeJoin INNER BlockRangeIndex: #0 >= #2 AND #0 <= #3");
  std::vector<RangeCondition> one = {
      {Column(0, DataType::Timestamp()), sql::MakeColumnRef(1, DataType::Timestamp(), "b.end_ts"),
       RangeComparison::kLess}};
  auto residual = sql::MakeComparison(sql::ComparisonOperator::kNotEqual, Column(1, DataType::Integer()),
                                      Column(4, DataType::Integer()));
  EXPECT_EQ(RangeJoin(input, JoinType::kLeft, one, residual)->name(),
            "RangeJoin LEFT PiecewiseMerge: #0 < b.end_ts residual: (#1 <> #4)");
  EXPECT_EQ(RangeJoin(input, JoinType::kSemi, one)->types().size(), 2u);
  EXPECT_EQ(RangeJoin(input, JoinType::kFull, one)->types().size(), 5u);
  EXPECT_THROW(RangeJoin(input, JoinType::kMark, one), NotImplementedError);
  EXPECT_THROW(RangeJoin(input, JoinType::kInner, {}), InternalError);
}

}  // namespace
}  // namespace sluice::exec
