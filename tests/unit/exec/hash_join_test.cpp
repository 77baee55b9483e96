// PhysicalHashJoin: hand-built plans (in-memory sources → join → result collector) run
// through ExecutePipelines, compared with a nested-loop join computed here from Values.

#include "exec/operators/hash_join.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/scheduler.h"
#include "core/time_zone.h"
#include "core/value.h"
#include "core/vector_copy.h"
#include "exec/operators/result_collector.h"
#include "exec/pipeline/pipeline.h"
#include "sql/expression/expression_builder.h"
#include "non_equi_join_test_util.h"

namespace sluice::exec {
namespace {

using Row = std::vector<Value>;

using testing::PhysicalChunkSource;

std::unique_ptr<PhysicalOperator> Source(const std::vector<DataType>& types, const std::vector<Row>& rows,
                                         size_t chunk_rows) {
  std::vector<Chunk> chunks;
  for (size_t begin = 0; begin < rows.size(); begin += chunk_rows) {
    const size_t end = std::min(rows.size(), begin + chunk_rows);
    Chunk chunk(types);
    for (size_t r = begin; r < end; ++r) {
      for (size_t c = 0; c < types.size(); ++c) rows[r][c].WriteTo(&chunk.column(c), r - begin);
    }
    chunk.set_size(end - begin);
    chunks.push_back(std::move(chunk));
  }
  return std::make_unique<PhysicalChunkSource>(types, std::move(chunks));
}

/// One side of a join: column types and rows.
struct Table {
  std::vector<DataType> types;
  std::vector<Row> rows;
};

/// A residual over (probe row, build row) for the reference: TRUE, FALSE or NULL.
using ReferenceResidual = std::function<std::optional<bool>(const Row&, const Row&)>;

struct JoinSetup {
  std::vector<size_t> probe_keys;  ///< Key columns (column refs) of each side.
  std::vector<size_t> build_keys;
  std::vector<bool> nulls_equal;
  sql::BoundExpressionPtr residual;
  ReferenceResidual reference_residual;
  bool null_aware = false;
};

struct RunOptions {
  size_t chunk_rows = 700;
  uint64_t memory_limit = 0;
  size_t* max_chunk_rows = nullptr;  ///< Receives the largest output chunk.
};

std::unique_ptr<PhysicalHashJoin> MakeJoin(const Table& probe, const Table& build, JoinType type,
                                           const JoinSetup& setup, size_t chunk_rows) {
  std::vector<sql::BoundExpressionPtr> probe_keys;
  std::vector<sql::BoundExpressionPtr> build_keys;
  for (size_t k = 0; k < setup.probe_keys.size(); ++k) {
    probe_keys.push_back(sql::MakeColumnRef(setup.probe_keys[k], probe.types[setup.probe_keys[k]]));
    build_keys.push_back(sql::MakeColumnRef(setup.build_keys[k], build.types[setup.build_keys[k]]));
  }
  std::vector<bool> nulls_equal = setup.nulls_equal;
  nulls_equal.resize(probe_keys.size(), false);
  return std::make_unique<PhysicalHashJoin>(Source(probe.types, probe.rows, chunk_rows),
                                            Source(build.types, build.rows, chunk_rows), type, std::move(probe_keys),
                                            std::move(build_keys), std::move(nulls_equal), setup.residual,
                                            setup.null_aware);
}

std::vector<Row> RunPlan(std::unique_ptr<PhysicalOperator> join, const RunOptions& options = {}) {
  PhysicalResultCollector collector(std::move(join));
  sql::SessionSettings session;
  ExecutionContext context(session, options.memory_limit);
  ExecutePipelines(collector, &context);
  std::vector<Row> rows;
  for (const Chunk& chunk : collector.TakeResult(context)) {
    if (options.max_chunk_rows != nullptr) *options.max_chunk_rows = std::max(*options.max_chunk_rows, chunk.size());
    for (size_t r = 0; r < chunk.size(); ++r) {
      Row row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) row.push_back(Value::FromVector(chunk.column(c), r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<Row> RunJoin(const Table& probe, const Table& build, JoinType type, const JoinSetup& setup,
                         const RunOptions& options = {}) {
  return RunPlan(MakeJoin(probe, build, type, setup, options.chunk_rows), options);
}

// --- The reference: a nested-loop join over Values ---------------------------------

bool KeysMatch(const Row& p, const Row& b, const JoinSetup& setup) {
  for (size_t k = 0; k < setup.probe_keys.size(); ++k) {
    const Value& x = p[setup.probe_keys[k]];
    const Value& y = b[setup.build_keys[k]];
    const bool nulls_equal = k < setup.nulls_equal.size() && setup.nulls_equal[k];
    if (x.is_null() || y.is_null()) {
      if (!(nulls_equal && x.is_null() && y.is_null())) return false;
      continue;
    }
    if (Value::Compare(x, y) != 0) return false;
  }
  return true;
}

bool PairMatches(const Row& p, const Row& b, const JoinSetup& setup) {
  if (!KeysMatch(p, b, setup)) return false;
  if (!setup.reference_residual) return true;
  const std::optional<bool> result = setup.reference_residual(p, b);
  return result.has_value() && *result;
}

Row Concat(const Row& a, const Row& b) {
  Row out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

Row Nulls(const std::vector<DataType>& types) {
  Row out;
  for (const DataType& type : types) out.push_back(Value::Null(type));
  return out;
}

/// x [NOT] IN (the build rows whose other keys equal p's and that pass the residual):
/// TRUE, FALSE or NULL (nullopt).
std::optional<bool> CorrelatedIn(const Row& p, const Table& build, const JoinSetup& setup) {
  JoinSetup correlation = setup;
  correlation.probe_keys.erase(correlation.probe_keys.begin());
  correlation.build_keys.erase(correlation.build_keys.begin());
  correlation.nulls_equal.clear();
  bool saw_null = false;
  for (const Row& b : build.rows) {
    if (!PairMatches(p, b, correlation)) continue;
    const Value& x = p[setup.probe_keys[0]];
    const Value& y = b[setup.build_keys[0]];
    if (x.is_null() || y.is_null()) {
      saw_null = true;
    } else if (Value::Compare(x, y) == 0) {
      return true;
    }
  }
  if (saw_null) return std::nullopt;
  return false;
}

std::vector<Row> ReferenceJoin(const Table& probe, const Table& build, JoinType type, const JoinSetup& setup) {
  if (setup.null_aware && (setup.probe_keys.size() > 1 || setup.reference_residual)) {
    std::vector<Row> out;
    for (const Row& p : probe.rows) {
      const std::optional<bool> in = CorrelatedIn(p, build, setup);
      if (type == JoinType::kAnti) {
        if (in.has_value() && !*in) out.push_back(p);
      } else {
        Row row = p;
        row.push_back(in.has_value() ? Value::Boolean(*in) : Value::Null(DataType::Boolean()));
        out.push_back(std::move(row));
      }
    }
    return out;
  }
  std::vector<Row> out;
  std::vector<bool> build_matched(build.rows.size(), false);
  bool build_has_null_key = false;
  for (const Row& b : build.rows) build_has_null_key |= b[setup.build_keys[0]].is_null();
  for (const Row& p : probe.rows) {
    size_t matches = 0;
    for (size_t j = 0; j < build.rows.size(); ++j) {
      if (!PairMatches(p, build.rows[j], setup)) continue;
      ++matches;
      build_matched[j] = true;
      if (type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
          type == JoinType::kFull || type == JoinType::kSingle) {
        out.push_back(Concat(p, build.rows[j]));
      }
    }
    if (type == JoinType::kSingle && matches > 1) throw ConversionError("scalar subquery returned more than one row");
    const bool probe_key_null = p[setup.probe_keys[0]].is_null();
    switch (type) {
      case JoinType::kLeft:
      case JoinType::kFull:
      case JoinType::kSingle:
        if (matches == 0) out.push_back(Concat(p, Nulls(build.types)));
        break;
      case JoinType::kSemi:
        if (matches > 0) out.push_back(p);
        break;
      case JoinType::kAnti:
        if (matches > 0) break;
        if (!setup.null_aware || build.rows.empty() || (!build_has_null_key && !probe_key_null)) out.push_back(p);
        break;
      case JoinType::kMark: {
        Value mark = Value::Boolean(matches > 0);
        if (matches == 0 && setup.null_aware &&
            ((probe_key_null && !build.rows.empty()) || build_has_null_key)) {
          mark = Value::Null(DataType::Boolean());
        }
        Row row = p;
        row.push_back(mark);
        out.push_back(std::move(row));
        break;
      }
      default: break;
    }
  }
  if (type == JoinType::kRight || type == JoinType::kFull) {
    for (size_t j = 0; j < build.rows.size(); ++j) {
      if (!build_matched[j]) out.push_back(Concat(Nulls(probe.types), build.rows[j]));
    }
  }
  return out;
}

/// Rows as sorted text lines (the join's output order is not defined).
std::vector<std::string> Lines(const std::vector<Row>& rows) {
  std::vector<std::string> lines;
  for (const Row& row : rows) {
    std::string line;
    for (const Value& value : row) line += value.ToString() + "|";
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

constexpr JoinType kAllTypes[] = {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull,
                                  JoinType::kSemi,  JoinType::kAnti, JoinType::kMark,  JoinType::kSingle};

void ExpectMatchesReference(const Table& probe, const Table& build, JoinType type, const JoinSetup& setup,
                            const RunOptions& options = {}) {
  SCOPED_TRACE("join type " + JoinTypeName(type));
  std::vector<Row> expected;
  try {
    expected = ReferenceJoin(probe, build, type, setup);
  } catch (const ConversionError&) {
    EXPECT_THROW(RunJoin(probe, build, type, setup, options), ConversionError);
    return;
  }
  const std::vector<Row> actual = RunJoin(probe, build, type, setup, options);
  ASSERT_EQ(actual.size(), expected.size());
  EXPECT_EQ(Lines(actual), Lines(expected));
}

// --- Data ----------------------------------------------------------------------------

Value MaybeNull(std::mt19937& random, int null_percent, Value value) {
  if (static_cast<int>(random() % 100) < null_percent) return Value::Null(value.type());
  return value;
}

std::string KeyText(int key) {
  // Short keys inline in StringRef; long ones share a long prefix (bytes past the 4-byte
  // prefix decide).
  return key % 2 == 0 ? "k" + std::to_string(key) : "a rather long shared prefix " + std::to_string(key);
}

/// probe (k INTEGER, v BIGINT, s VARCHAR), build (k INTEGER, w BIGINT, t VARCHAR): keys
/// in [0, key_range) with duplicates and NULLs on both sides.
std::pair<Table, Table> IntegerTables(size_t probe_rows, size_t build_rows, int key_range, uint32_t seed) {
  std::mt19937 random(seed);
  Table probe{{DataType::Integer(), DataType::BigInt(), DataType::Varchar()}, {}};
  Table build{{DataType::Integer(), DataType::BigInt(), DataType::Varchar()}, {}};
  for (size_t i = 0; i < probe_rows; ++i) {
    const int key = static_cast<int>(random() % key_range);
    probe.rows.push_back({MaybeNull(random, 8, Value::Integer(key)), Value::BigInt(static_cast<int64_t>(random() % 7)),
                          MaybeNull(random, 10, Value::Varchar(KeyText(key)))});
  }
  for (size_t i = 0; i < build_rows; ++i) {
    const int key = static_cast<int>(random() % key_range);
    build.rows.push_back({MaybeNull(random, 8, Value::Integer(key)), Value::BigInt(static_cast<int64_t>(random() % 7)),
                          MaybeNull(random, 10, Value::Varchar(KeyText(static_cast<int>(random() % 50))))});
  }
  return {probe, build};
}

/// probe.v <> build.w (NULL when either is NULL).
JoinSetup WithResidual(JoinSetup setup, const Table& probe, size_t probe_column, size_t build_column,
                       DataType type) {
  setup.residual = sql::MakeComparison(sql::ComparisonOperator::kNotEqual, sql::MakeColumnRef(probe_column, type),
                                       sql::MakeColumnRef(probe.types.size() + build_column, type));
  setup.reference_residual = [=](const Row& p, const Row& b) -> std::optional<bool> {
    if (p[probe_column].is_null() || b[build_column].is_null()) return std::nullopt;
    return Value::Compare(p[probe_column], b[build_column]) != 0;
  };
  return setup;
}

// --- Tests -------------------------------------------------------------------------------

TEST(HashJoinTest, NamePrintsTypeKeysAndResidual) {
  Table probe{{DataType::Integer(), DataType::Integer()}, {}};
  Table build{{DataType::Integer(), DataType::Integer()}, {}};
  JoinSetup setup{{0}, {1}, {}, nullptr, nullptr};
  EXPECT_EQ(MakeJoin(probe, build, JoinType::kInner, setup, 10)->name(), "HashJoin INNER keys: #0 = #1");
  setup = JoinSetup{{0, 1}, {1, 0}, {false, true}, nullptr, nullptr};
  setup = WithResidual(setup, probe, 1, 1, DataType::Integer());
  setup.null_aware = false;
  auto join = MakeJoin(probe, build, JoinType::kLeft, setup, 10);
  EXPECT_EQ(join->name(), "HashJoin LEFT keys: #0 = #1, #1 IS NOT DISTINCT FROM #0 residual: (#1 <> #3)");
  EXPECT_EQ(join->types().size(), 4u);
  EXPECT_EQ(MakeJoin(probe, build, JoinType::kSemi, setup, 10)->types().size(), 2u);
  EXPECT_EQ(MakeJoin(probe, build, JoinType::kMark, setup, 10)->types().back(), DataType::Boolean());
}

TEST(HashJoinTest, EveryTypeMatchesNestedLoopOnIntegerKeysWithDuplicatesAndNulls) {
  auto [probe, build] = IntegerTables(2500, 400, 60, 1);
  const JoinSetup plain{{0}, {0}, {}, nullptr, nullptr};
  for (JoinType type : kAllTypes) ExpectMatchesReference(probe, build, type, plain);
  const JoinSetup residual = WithResidual(plain, probe, 1, 1, DataType::BigInt());
  for (JoinType type : kAllTypes) ExpectMatchesReference(probe, build, type, residual);
}

TEST(HashJoinTest, SingleMatchesLeftJoinWhenBuildKeysAreUnique) {
  auto [probe, build] = IntegerTables(2000, 0, 80, 2);
  for (int key = 0; key < 60; ++key) {
    build.rows.push_back({Value::Integer(key), Value::BigInt(key % 5), Value::Varchar(KeyText(key))});
  }
  build.rows.push_back({Value::Null(DataType::Integer()), Value::BigInt(1), Value::Varchar("x")});
  const JoinSetup plain{{0}, {0}, {}, nullptr, nullptr};
  ExpectMatchesReference(probe, build, JoinType::kSingle, plain);
  ExpectMatchesReference(probe, build, JoinType::kSingle, WithResidual(plain, probe, 1, 1, DataType::BigInt()));
}

TEST(HashJoinTest, SingleFailsWhenAProbeRowMatchesTwoBuildRows) {
  Table probe{{DataType::Integer()}, {{Value::Integer(1)}, {Value::Integer(2)}}};
  Table build{{DataType::Integer()}, {{Value::Integer(2)}, {Value::Integer(3)}, {Value::Integer(2)}}};
  const JoinSetup setup{{0}, {0}, {}, nullptr, nullptr};
  try {
    RunJoin(probe, build, JoinType::kSingle, setup);
    FAIL() << "expected an error";
  } catch (const ConversionError& error) {
    EXPECT_STREQ(error.what(), "scalar subquery returned more than one row");
  }
  // Without the duplicate every probe row has at most one match.
  build.rows[2] = {Value::Integer(4)};
  EXPECT_EQ(RunJoin(probe, build, JoinType::kSingle, setup).size(), 2u);
}

TEST(HashJoinTest, StringAndMultiColumnKeys) {
  auto [probe, build] = IntegerTables(2100, 500, 30, 3);
  // Keys (s, k): a long or short string plus an integer; the string alone (column 2).
  const JoinSetup two_keys{{2, 0}, {2, 0}, {}, nullptr, nullptr};
  for (JoinType type : kAllTypes) ExpectMatchesReference(probe, build, type, two_keys);
  const JoinSetup string_key{{2}, {2}, {}, nullptr, nullptr};
  for (JoinType type : {JoinType::kInner, JoinType::kFull, JoinType::kAnti}) {
    ExpectMatchesReference(probe, build, type, string_key);
    ExpectMatchesReference(probe, build, type, WithResidual(string_key, probe, 1, 1, DataType::BigInt()));
  }
}

TEST(HashJoinTest, NullsEqualKeysMatchNullToNull) {
  auto [probe, build] = IntegerTables(1500, 300, 10, 4);
  const JoinSetup setup{{0, 2}, {0, 2}, {true, true}, nullptr, nullptr};
  for (JoinType type : kAllTypes) ExpectMatchesReference(probe, build, type, setup);
  const JoinSetup mixed{{0, 2}, {0, 2}, {false, true}, nullptr, nullptr};
  for (JoinType type : {JoinType::kInner, JoinType::kSemi, JoinType::kAnti, JoinType::kRight}) {
    ExpectMatchesReference(probe, build, type, mixed);
  }
}

TEST(HashJoinTest, ExpressionBuildKey) {
  // probe.k = build.k + 1: the build key is evaluated and stored as a field of its own.
  auto [probe, build] = IntegerTables(1200, 300, 20, 5);
  auto join = std::make_unique<PhysicalHashJoin>(
      Source(probe.types, probe.rows, 500), Source(build.types, build.rows, 500), JoinType::kInner,
      std::vector<sql::BoundExpressionPtr>{sql::MakeColumnRef(0, DataType::Integer())},
      std::vector<sql::BoundExpressionPtr>{sql::MakeArithmetic('+', sql::MakeColumnRef(0, DataType::Integer()),
                                                               sql::MakeConstant(Value::Integer(1)))},
      std::vector<bool>{false}, nullptr, false);
  EXPECT_EQ(join->name(), "HashJoin INNER keys: #0 = (#0 + 1)");
  std::vector<Row> expected;
  for (const Row& p : probe.rows) {
    for (const Row& b : build.rows) {
      if (!p[0].is_null() && !b[0].is_null() && p[0].int64() == b[0].int64() + 1) expected.push_back(Concat(p, b));
    }
  }
  EXPECT_EQ(Lines(RunPlan(std::move(join))), Lines(expected));
}

TEST(HashJoinTest, KeyTypesCompareAsSqlValues) {
  int32_t berlin = 0;
  ASSERT_TRUE(LookupTimeZone("Europe/Berlin", &berlin));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    DataType type;
    std::vector<Value> probe;
    std::vector<Value> build;
  };
  const std::vector<Case> cases = {
      {DataType::Double(),
       {Value::Double(0.0), Value::Double(-0.0), Value::Double(nan), Value::Double(1.5), Value::Double(2)},
       {Value::Double(-0.0), Value::Double(-nan), Value::Double(1.5), Value::Double(3)}},
      {DataType::Real(), {Value::Real(-0.0f), Value::Real(2.5f)}, {Value::Real(0.0f), Value::Real(2.5f)}},
      {DataType::Decimal(30, 2),
       {Value::Decimal(PowerOfTen(27) + 5, 30, 2), Value::Decimal(-150, 30, 2), Value::Decimal(7, 30, 2)},
       {Value::Decimal(PowerOfTen(27) + 5, 30, 2), Value::Decimal(-150, 30, 2), Value::Decimal(PowerOfTen(27), 30, 2)}},
      {DataType::Decimal(10, 2), {Value::Decimal(1234, 10, 2), Value::Decimal(-1, 10, 2)},
       {Value::Decimal(1234, 10, 2), Value::Decimal(1, 10, 2)}},
      {DataType::TimestampTz(),
       {Value::TimestampTz(1'700'000'000'000'000, 0), Value::TimestampTz(5, berlin)},
       {Value::TimestampTz(1'700'000'000'000'000, berlin), Value::TimestampTz(6, 0)}},
      {DataType::Timestamp(), {Value::Timestamp(1), Value::Timestamp(-86'400'000'000)},
       {Value::Timestamp(-86'400'000'000), Value::Timestamp(2)}},
      {DataType::Date(), {Value::Date(19000), Value::Date(-3)}, {Value::Date(-3), Value::Date(19001)}},
      {DataType::Boolean(), {Value::Boolean(true), Value::Boolean(false)}, {Value::Boolean(true)}},
      {DataType::TinyInt(), {Value::Integral(DataType::TinyInt(), -5)}, {Value::Integral(DataType::TinyInt(), -5)}},
      {DataType::SmallInt(), {Value::Integral(DataType::SmallInt(), 300)},
       {Value::Integral(DataType::SmallInt(), 300), Value::Integral(DataType::SmallInt(), 301)}},
      {DataType::Varbinary(),
       {Value::Varbinary(std::string("\0\1\2", 3)), Value::Varbinary("0123456789abcdefXYZ")},
       {Value::Varbinary(std::string("\0\1\2", 3)), Value::Varbinary("0123456789abcdefXYz")}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type.ToString());
    Table probe{{c.type, DataType::Integer()}, {}};
    Table build{{DataType::Integer(), c.type}, {}};
    for (size_t i = 0; i < c.probe.size(); ++i) probe.rows.push_back({c.probe[i], Value::Integer(static_cast<int>(i))});
    probe.rows.push_back({Value::Null(c.type), Value::Integer(-1)});
    for (size_t i = 0; i < c.build.size(); ++i) build.rows.push_back({Value::Integer(static_cast<int>(i)), c.build[i]});
    const JoinSetup setup{{0}, {1}, {}, nullptr, nullptr};
    for (JoinType type : {JoinType::kInner, JoinType::kFull, JoinType::kMark}) {
      ExpectMatchesReference(probe, build, type, setup);
    }
  }
}

TEST(HashJoinTest, OneProbeChunkProducesManyOutputChunks) {
  Table probe{{DataType::Integer(), DataType::Integer()}, {}};
  Table build{{DataType::Integer(), DataType::Varchar()}, {}};
  for (int i = 0; i < 2048; ++i) probe.rows.push_back({Value::Integer(i % 3 == 0 ? 1 : 2), Value::Integer(i)});
  for (int i = 0; i < 300; ++i) {
    build.rows.push_back({Value::Integer(1), Value::Varchar("build row number " + std::to_string(i))});
  }
  size_t max_chunk = 0;
  RunOptions options{2048, 0, &max_chunk};
  const JoinSetup setup{{0}, {0}, {}, nullptr, nullptr};
  std::vector<Row> rows = RunJoin(probe, build, JoinType::kInner, setup, options);
  EXPECT_EQ(rows.size(), 683u * 300u);
  EXPECT_EQ(max_chunk, kChunkCapacity);
  EXPECT_EQ(Lines(rows), Lines(ReferenceJoin(probe, build, JoinType::kInner, setup)));
  // LEFT with a residual that rejects most pairs: unmatched probe rows come after the pairs.
  JoinSetup residual = setup;
  residual.residual = sql::MakeComparison(sql::ComparisonOperator::kLess, sql::MakeColumnRef(1, DataType::Integer()),
                                          sql::MakeConstant(Value::Integer(100)));
  residual.reference_residual = [](const Row& p, const Row&) -> std::optional<bool> { return p[1].int64() < 100; };
  max_chunk = 0;
  for (JoinType type : {JoinType::kLeft, JoinType::kFull, JoinType::kSemi, JoinType::kMark}) {
    ExpectMatchesReference(probe, build, type, residual, options);
  }
  EXPECT_LE(max_chunk, kChunkCapacity);
}

TEST(HashJoinTest, EmptyBuildSide) {
  auto [probe, build] = IntegerTables(100, 0, 10, 6);
  const JoinSetup setup{{0}, {0}, {}, nullptr, nullptr};
  for (JoinType type : kAllTypes) ExpectMatchesReference(probe, build, type, setup);
  EXPECT_TRUE(RunJoin(probe, build, JoinType::kInner, setup).empty());
  EXPECT_EQ(RunJoin(probe, build, JoinType::kAnti, setup).size(), 100u);
  // Build rows whose keys are all NULL: stored for RIGHT/FULL, never matched.
  for (int i = 0; i < 5; ++i) {
    build.rows.push_back({Value::Null(DataType::Integer()), Value::BigInt(i), Value::Varchar("n")});
  }
  for (JoinType type : kAllTypes) ExpectMatchesReference(probe, build, type, setup);
}

TEST(HashJoinTest, NullAwareAntiAndMarkFollowSqlIn) {
  const DataType type = DataType::Integer();
  auto table = [&](std::vector<std::optional<int>> keys) {
    Table t{{type}, {}};
    for (auto key : keys) t.rows.push_back({key ? Value::Integer(*key) : Value::Null(type)});
    return t;
  };
  const Table probe = table({1, 3, std::nullopt});
  JoinSetup setup{{0}, {0}, {}, nullptr, nullptr};
  setup.null_aware = true;
  auto marks = [&](const Table& build) {
    std::vector<std::string> out;
    std::vector<Row> rows = RunJoin(probe, build, JoinType::kMark, setup);
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return Value::Compare(a[0], b[0]) < 0; });
    for (const Row& row : rows) out.push_back(row[1].ToString());
    return out;
  };
  // x IN (1, 2, NULL) / x NOT IN (1, 2, NULL).
  EXPECT_EQ(marks(table({1, 2, std::nullopt})), (std::vector<std::string>{"true", "NULL", "NULL"}));
  EXPECT_TRUE(RunJoin(probe, table({1, 2, std::nullopt}), JoinType::kAnti, setup).empty());
  // x IN (1, 2).
  EXPECT_EQ(marks(table({1, 2})), (std::vector<std::string>{"true", "false", "NULL"}));
  EXPECT_EQ(Lines(RunJoin(probe, table({1, 2}), JoinType::kAnti, setup)), Lines({{Value::Integer(3)}}));
  // x IN (empty set): FALSE even for NULL; NOT IN keeps every row.
  EXPECT_EQ(marks(table({})), (std::vector<std::string>{"false", "false", "false"}));
  EXPECT_EQ(RunJoin(probe, table({}), JoinType::kAnti, setup).size(), 3u);
  // x IN (NULL).
  EXPECT_EQ(marks(table({std::nullopt})), (std::vector<std::string>{"NULL", "NULL", "NULL"}));
  // Random data against the reference.
  auto [big_probe, big_build] = IntegerTables(1500, 200, 40, 7);
  for (JoinType type : {JoinType::kAnti, JoinType::kMark}) {
    ExpectMatchesReference(big_probe, big_build, type, setup);
    Table no_nulls = big_build;
    std::erase_if(no_nulls.rows, [](const Row& row) { return row[0].is_null(); });
    ExpectMatchesReference(big_probe, no_nulls, type, setup);
  }
}

TEST(HashJoinTest, CorrelatedNullAwareInComparesWithEachRowsOwnSet) {
  // probe.k [NOT] IN (SELECT build.k FROM build WHERE build.w = probe.v [AND build.t <> probe.s]).
  auto [probe, build] = IntegerTables(1500, 300, 12, 9);
  for (Row& row : build.rows) {
    if (row[1].int64() == 3) row[0] = Value::Null(DataType::Integer());  // NULLs in some sets only
  }
  JoinSetup setup{{0, 1}, {0, 1}, {}, nullptr, nullptr};
  setup.null_aware = true;
  auto join = MakeJoin(probe, build, JoinType::kAnti, setup, 500);
  EXPECT_EQ(join->name(), "HashJoin ANTI keys: #0 = #0, #1 = #1 null_aware");
  for (JoinType type : {JoinType::kAnti, JoinType::kMark}) ExpectMatchesReference(probe, build, type, setup);
  JoinSetup residual = WithResidual(setup, probe, 2, 2, DataType::Varchar());
  for (JoinType type : {JoinType::kAnti, JoinType::kMark}) ExpectMatchesReference(probe, build, type, residual);
  // Uncorrelated except for a residual: every build row is a candidate.
  JoinSetup only_residual = WithResidual(JoinSetup{{0}, {0}, {}, nullptr, nullptr}, probe, 1, 1, DataType::BigInt());
  only_residual.null_aware = true;
  for (JoinType type : {JoinType::kAnti, JoinType::kMark}) ExpectMatchesReference(probe, build, type, only_residual);
}

TEST(HashJoinTest, LargeBuildOnSeveralThreads) {
  const size_t previous_threads = TaskScheduler::Global().num_threads();
  TaskScheduler::SetGlobalThreads(4);
  Table probe{{DataType::BigInt(), DataType::Varchar()}, {}};
  Table build{{DataType::BigInt(), DataType::BigInt()}, {}};
  constexpr int64_t kBuildRows = 200'000;
  std::unordered_map<int64_t, std::vector<int64_t>> by_key;
  for (int64_t i = 0; i < kBuildRows; ++i) {
    const int64_t key = (i * 7919) % 160'000;  // keys below 40'000 appear twice
    build.rows.push_back({Value::BigInt(key), Value::BigInt(i)});
    by_key[key].push_back(i);
  }
  std::mt19937_64 random(8);
  for (int i = 0; i < 150'000; ++i) {
    const int64_t key = static_cast<int64_t>(random() % 200'000);
    probe.rows.push_back({Value::BigInt(key), Value::Varchar("probe value " + std::to_string(key))});
  }
  const JoinSetup setup{{0}, {0}, {}, nullptr, nullptr};
  RunOptions options{kChunkCapacity};
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kFull, JoinType::kSemi, JoinType::kAnti}) {
    SCOPED_TRACE(JoinTypeName(type));
    size_t expected_rows = 0;
    int64_t expected_sum = 0;  // of build.i over joined pairs
    std::unordered_map<int64_t, bool> matched;
    for (const Row& p : probe.rows) {
      auto it = by_key.find(p[0].int64());
      const bool found = it != by_key.end();
      if (type == JoinType::kSemi) expected_rows += found;
      if (type == JoinType::kAnti) expected_rows += !found;
      if (type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kFull) {
        if (!found) {
          expected_rows += type != JoinType::kInner;
          continue;
        }
        expected_rows += it->second.size();
        for (int64_t i : it->second) expected_sum += i;
        matched[it->first] = true;
      }
    }
    if (type == JoinType::kFull) {
      for (const auto& [key, rows] : by_key) {
        if (matched.count(key) == 0) expected_rows += rows.size();
      }
    }
    const std::vector<Row> rows = RunJoin(probe, build, type, setup, options);
    ASSERT_EQ(rows.size(), expected_rows);
    if (type == JoinType::kInner || type == JoinType::kLeft) {
      int64_t sum = 0;
      for (const Row& row : rows) {
        if (row[3].is_null()) continue;
        sum += row[3].int64();
        ASSERT_EQ(row[0].int64(), row[2].int64());
        ASSERT_EQ(row[1].string(), "probe value " + std::to_string(row[0].int64()));
      }
      EXPECT_EQ(sum, expected_sum);
    }
  }
  TaskScheduler::SetGlobalThreads(previous_threads);
}

TEST(HashJoinTest, ConcurrentBuildChainsEveryDuplicate) {
  // 200k build rows over 1000 keys, inserted by several threads at once: every chain
  // must hold all 200 rows of its key.
  const size_t previous_threads = TaskScheduler::Global().num_threads();
  TaskScheduler::SetGlobalThreads(4);
  Table build{{DataType::Integer(), DataType::Integer()}, {}};
  for (int i = 0; i < 200'000; ++i) build.rows.push_back({Value::Integer(i % 1000), Value::Integer(i)});
  Table probe{{DataType::Integer()}, {}};
  for (int key = 990; key < 1010; ++key) probe.rows.push_back({Value::Integer(key)});
  const JoinSetup setup{{0}, {0}, {}, nullptr, nullptr};
  const std::vector<Row> rows = RunJoin(probe, build, JoinType::kInner, setup, RunOptions{kChunkCapacity});
  EXPECT_EQ(rows.size(), 10u * 200u);
  std::vector<int64_t> build_rows;
  for (const Row& row : rows) build_rows.push_back(row[2].int64());
  std::sort(build_rows.begin(), build_rows.end());
  EXPECT_EQ(std::adjacent_find(build_rows.begin(), build_rows.end()), build_rows.end());
  for (const Row& row : rows) EXPECT_EQ(row[2].int64() % 1000, row[0].int64());
  EXPECT_EQ(RunJoin(probe, build, JoinType::kAnti, setup, RunOptions{kChunkCapacity}).size(), 10u);
  TaskScheduler::SetGlobalThreads(previous_threads);
}

TEST(HashJoinTest, MemoryLimitErrorNamesTheJoin) {
  Table probe{{DataType::BigInt()}, {{Value::BigInt(1)}}};
  Table build{{DataType::BigInt(), DataType::Varchar()}, {}};
  for (int64_t i = 0; i < 200'000; ++i) {
    build.rows.push_back({Value::BigInt(i), Value::Varchar("a string too long to be inlined " + std::to_string(i))});
  }
  const JoinSetup setup{{0}, {0}, {}, nullptr, nullptr};
  try {
    RunJoin(probe, build, JoinType::kInner, setup, RunOptions{kChunkCapacity, 4 << 20});
    FAIL() << "expected an out-of-memory error";
  } catch (const OutOfMemoryError& error) {
    EXPECT_NE(std::string(error.what()).find("HashJoin INNER keys: #0 = #0"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sluice::exec
