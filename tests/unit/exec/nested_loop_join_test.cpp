// PhysicalNestedLoopJoin against a naive reference join: every join type, cross joins,
// conditions that compare NULL, long output from one probe chunk, several threads,
// the SINGLE join's error and the memory limit.

#include "exec/operators/nested_loop_join.h"

#include <gtest/gtest.h>

#include <random>

#include "non_equi_join_test_util.h"
#include "sql/expression/expression_builder.h"

namespace sluice::exec {
namespace {

using testing::Lines;
using testing::Row;

const std::vector<DataType> kProbeTypes = {DataType::Integer(), DataType::Varchar()};
const std::vector<DataType> kBuildTypes = {DataType::Integer(), DataType::Varchar()};

std::vector<Row> RandomRows(size_t count, int range, uint64_t seed) {
  std::mt19937_64 random(seed);
  const std::vector<std::string> texts = {"x", "y", "a string longer than twelve bytes", ""};
  std::vector<Row> rows;
  for (size_t i = 0; i < count; ++i) {
    Value number = random() % 10 == 0 ? Value() : Value::Integer(static_cast<int32_t>(random() % range));
    Value text = random() % 10 == 0 ? Value() : Value::Varchar(texts[random() % texts.size()]);
    rows.push_back({number, text});
  }
  return rows;
}

sql::BoundExpressionPtr Column(size_t index, const DataType& type) { return sql::MakeColumnRef(index, type); }

/// (probe.a < build.b) OR (probe.s = build.t): NULL for many pairs.
sql::BoundExpressionPtr LessOrSameText() {
  return sql::MakeOr({sql::MakeComparison(sql::ComparisonOperator::kLess, Column(0, DataType::Integer()),
                                          Column(2, DataType::Integer())),
                      sql::MakeComparison(sql::ComparisonOperator::kEqual, Column(1, DataType::Varchar()),
                                          Column(3, DataType::Varchar()))});
}
testing::Truth LessOrSameTextReference(const Row& p, const Row& b) {
  return testing::Or(testing::Lt(p[0], b[0]), testing::Eq(p[1], b[1]));
}

std::unique_ptr<PhysicalOperator> Join(JoinType type, const std::vector<Row>& probe, const std::vector<Row>& build,
                                       sql::BoundExpressionPtr condition, size_t probe_chunk_rows = 100,
                                       size_t build_chunk_rows = 64) {
  return std::make_unique<PhysicalNestedLoopJoin>(testing::Source(kProbeTypes, probe, probe_chunk_rows),
                                                  testing::Source(kBuildTypes, build, build_chunk_rows), type,
                                                  std::move(condition));
}

/// Runs every join type in `types` and compares it with the reference.
void ExpectJoins(const std::vector<JoinType>& types, const std::vector<Row>& probe, const std::vector<Row>& build,
                 const sql::BoundExpressionPtr& condition, const testing::Predicate& predicate,
                 size_t probe_chunk_rows = 100) {
  const testing::ReferenceJoin reference(probe, build, 2, 2, predicate);
  for (JoinType type : types) {
    SCOPED_TRACE("join type " + JoinTypeName(type));
    std::vector<Row> expected;
    try {
      expected = reference.Rows(type);
    } catch (const ConstraintError&) {
      EXPECT_THROW(testing::Run(Join(type, probe, build, condition, probe_chunk_rows)), ConstraintError);
      continue;
    }
    EXPECT_EQ(Lines(testing::Run(Join(type, probe, build, condition, probe_chunk_rows))), Lines(expected));
  }
}

TEST(NestedLoopJoinTest, EveryJoinTypeMatchesTheReference) {
  const std::vector<Row> probe = RandomRows(500, 40, 1);
  const std::vector<Row> build = RandomRows(200, 40, 2);
  ExpectJoins(testing::AllJoinTypes(), probe, build, LessOrSameText(), LessOrSameTextReference);
}

TEST(NestedLoopJoinTest, EveryJoinTypeOnSeveralThreads) {
  testing::ScopedThreads threads(4);
  const std::vector<Row> probe = RandomRows(800, 200, 3);
  const std::vector<Row> build = RandomRows(150, 200, 4);
  ExpectJoins(testing::AllJoinTypes(), probe, build, LessOrSameText(), LessOrSameTextReference, 37);
}

TEST(NestedLoopJoinTest, SmallProbeChunksAgainstManyBuildRows) {
  // One probe row per chunk: the pairs of a batch span many build rows.
  const std::vector<Row> probe = RandomRows(20, 3000, 5);
  const std::vector<Row> build = RandomRows(5000, 3000, 6);
  ExpectJoins(testing::AllJoinTypes(), probe, build, LessOrSameText(), LessOrSameTextReference, 1);
}

TEST(NestedLoopJoinTest, CrossJoinEveryJoinTypeAndBuildSize) {
  const std::vector<Row> probe = RandomRows(50, 10, 7);
  const auto always = [](const Row&, const Row&) -> testing::Truth { return true; };
  for (size_t build_rows : {0, 1, 3}) {
    SCOPED_TRACE("build rows " + std::to_string(build_rows));
    const std::vector<Row> build = RandomRows(build_rows, 10, 8);
    ExpectJoins(testing::AllJoinTypes(), probe, build, nullptr, always);
  }
}

TEST(NestedLoopJoinTest, OneProbeChunkProducesManyOutputChunks) {
  // 2000 probe rows in one chunk × 40 build rows = 80,000 rows from one input chunk.
  const std::vector<Row> probe = RandomRows(2000, 10, 9);
  const std::vector<Row> build = RandomRows(40, 10, 10);
  const auto always = [](const Row&, const Row&) -> testing::Truth { return true; };
  ExpectJoins({JoinType::kInner, JoinType::kFull}, probe, build, nullptr, always, kChunkCapacity);
  ExpectJoins({JoinType::kInner, JoinType::kFull}, probe, build, LessOrSameText(), LessOrSameTextReference,
              kChunkCapacity);
}

TEST(NestedLoopJoinTest, EmptyProbeSide) {
  const std::vector<Row> build = RandomRows(30, 10, 11);
  ExpectJoins(testing::AllJoinTypes(), {}, build, LessOrSameText(), LessOrSameTextReference);
}

TEST(NestedLoopJoinTest, MarkIsNullWhenOnlyNullComparisons) {
  const std::vector<Row> probe = {{Value::Integer(5), Value()}, {Value(), Value()}, {Value::Integer(1), Value()}};
  const std::vector<Row> build = {{Value::Integer(3), Value()}, {Value(), Value()}};
  auto rows = testing::Run(Join(JoinType::kMark, probe, build,
                                sql::MakeComparison(sql::ComparisonOperator::kLess, Column(0, DataType::Integer()),
                                                    Column(2, DataType::Integer()))));
  // 5 < 3 is FALSE, 5 < NULL is NULL → NULL; NULL < … → NULL; 1 < 3 → TRUE.
  EXPECT_EQ(Lines(rows), (std::vector<std::string>{"1|NULL|true|", "5|NULL|NULL|", "NULL|NULL|NULL|"}));
}

TEST(NestedLoopJoinTest, SingleJoinFailsOnASecondMatch) {
  const std::vector<Row> probe = {{Value::Integer(1), Value()}, {Value::Integer(2), Value()}};
  const std::vector<Row> one = {{Value::Integer(7), Value::Varchar("only")}};
  auto rows = testing::Run(Join(JoinType::kSingle, probe, one, nullptr));
  EXPECT_EQ(Lines(rows), (std::vector<std::string>{"1|NULL|7|only|", "2|NULL|7|only|"}));
  EXPECT_EQ(Lines(testing::Run(Join(JoinType::kSingle, probe, {}, nullptr))),
            (std::vector<std::string>{"1|NULL|NULL|NULL|", "2|NULL|NULL|NULL|"}));
  const std::vector<Row> two = {{Value::Integer(7), Value()}, {Value::Integer(8), Value()}};
  try {
    testing::Run(Join(JoinType::kSingle, probe, two, nullptr));
    FAIL() << "expected an error";
  } catch (const ConstraintError& error) {
    EXPECT_STREQ(error.what(), "scalar subquery returned more than one row");
  }
}

TEST(NestedLoopJoinTest, BuildSideOverTheMemoryLimit) {
  std::vector<Row> build;
  for (int i = 0; i < 20000; ++i) {
    build.push_back({Value::Integer(i), Value::Varchar("row number " + std::to_string(i) + " with some padding")});
  }
  const std::vector<Row> probe = RandomRows(10, 10, 12);
  try {
    testing::Run(Join(JoinType::kInner, probe, build, LessOrSameText()), 256 * 1024);
    FAIL() << "expected an out-of-memory error";
  } catch (const OutOfMemoryError& error) {
    EXPECT_NE(std::string(error.what()).find("NestedLoopJoin INNER"), std::string::npos) << error.what();
  }
}

TEST(NestedLoopJoinTest, Name) {
  auto join = Join(JoinType::kLeft, {}, {},
                   sql::MakeComparison(sql::ComparisonOperator::kLess, Column(0, DataType::Integer()),
                                       Column(3, DataType::Integer())));
  EXPECT_EQ(join->name(), "NestedLoopJoin LEFT on: (#0 < #3)");
  EXPECT_EQ(Join(JoinType::kInner, {}, {}, nullptr)->name(), "NestedLoopJoin INNER");
  EXPECT_EQ(Join(JoinType::kMark, {}, {}, nullptr)->types().back(), DataType::Boolean());
  EXPECT_EQ(Join(JoinType::kSemi, {}, {}, nullptr)->types().size(), 2u);
  EXPECT_EQ(Join(JoinType::kRight, {}, {}, nullptr)->types().size(), 4u);
}

}  // namespace
}  // namespace sluice::exec
