// The per-query memory limit: operators that hold data reserve it, and a query past the
// limit stops with OutOfMemoryError naming the operator.

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/query_memory.h"
#include "engine_test_support.h"

namespace sluice::engine {
namespace {

using MemoryLimitTest = EngineTest;

/// The message of the OutOfMemoryError `sql` throws under `limit` bytes ("" if none).
std::string LimitError(const std::string& sql, uint64_t limit) {
  QueryEngine engine;
  engine.set_memory_limit(limit);
  try {
    engine.ExecuteAll(sql);
  } catch (const OutOfMemoryError& e) {
    return e.what();
  }
  return "";
}

TEST_F(MemoryLimitTest, DefaultIsEightyPercentOfMemory) {
  EXPECT_EQ(QueryEngine().memory_limit(), QueryMemory::DefaultLimit());
  EXPECT_GT(QueryMemory::DefaultLimit(), 0u);
}

TEST_F(MemoryLimitTest, GroupByOverManyKeysFailsUnderATinyLimit) {
  std::string path = WriteDistinctKeys("keys.csv", 200000);
  std::string sql = "SELECT k, count(*) FROM read_csv('" + path + "') GROUP BY k";
  std::string message = LimitError(sql, 1 << 20);
  EXPECT_NE(message.find("memory limit"), std::string::npos) << message;
  EXPECT_NE(message.find("HashAggregate"), std::string::npos) << message;
  // The same query fits the default limit.
  QueryEngine engine;
  EXPECT_EQ(engine.ExecuteAll(sql).back().num_rows(), 200000u);
}

TEST_F(MemoryLimitTest, SortFailsNamingTheSort) {
  std::string path = WriteDistinctKeys("keys.csv", 100000);
  std::string message = LimitError("SELECT k FROM read_csv('" + path + "') ORDER BY k", 1 << 20);
  EXPECT_NE(message.find("memory limit"), std::string::npos) << message;
  EXPECT_NE(message.find("Sort"), std::string::npos) << message;
}

TEST_F(MemoryLimitTest, ResultCollectorCountsTheResult) {
  std::string path = WriteDistinctKeys("keys.csv", 100000);
  std::string message = LimitError("SELECT k, v FROM read_csv('" + path + "')", 1 << 20);
  EXPECT_NE(message.find("ResultCollector"), std::string::npos) << message;
}

TEST_F(MemoryLimitTest, SmallQueriesFitASmallLimit) {
  std::string path = Write("t.csv", "k,v\na,1\nb,2\na,3\n");
  QueryEngine engine;
  engine.set_memory_limit(8 << 20);
  auto results = engine.ExecuteAll("SELECT k, sum(v) FROM read_csv('" + path + "') GROUP BY k ORDER BY k");
  EXPECT_EQ(Rows(results.back()), (std::vector<std::vector<std::string>>{{"a", "4"}, {"b", "2"}}));
}

}  // namespace
}  // namespace sluice::engine
