// EXPLAIN ANALYZE: the physical plan with each operator's rows, time and peak memory.

#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace sluice::engine {
namespace {

using ExplainAnalyzeTest = EngineTest;

/// The line of `plan` that starts (after indentation) with `op`.
std::string Line(const std::string& plan, const std::string& op) {
  size_t start = 0;
  while (start < plan.size()) {
    size_t end = plan.find('\n', start);
    std::string line = plan.substr(start, end - start);
    if (line.find_first_not_of(' ') != std::string::npos && line.substr(line.find_first_not_of(' ')).starts_with(op)) {
      return line;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "";
}

TEST_F(ExplainAnalyzeTest, CountsRowsTimeAndMemoryPerOperator) {
  std::string path = WriteDistinctKeys("keys.csv", 5000);
  QueryEngine engine;
  auto results = engine.ExecuteAll("EXPLAIN ANALYZE SELECT v, count(*) AS n FROM read_csv('" + path +
                                   "') GROUP BY v ORDER BY v");
  ASSERT_EQ(results.back().schema.field(0).name, "plan");
  std::string plan = Text(results.back());
  std::string collector = Line(plan, "ResultCollector");
  EXPECT_NE(collector.find("rows: 7,"), std::string::npos) << plan;
  std::string aggregate = Line(plan, "HashAggregate");
  EXPECT_NE(aggregate.find("rows: 7,"), std::string::npos) << plan;
  EXPECT_NE(aggregate.find("time: "), std::string::npos) << plan;
  EXPECT_NE(aggregate.find("peak memory: "), std::string::npos) << plan;
  EXPECT_NE(Line(plan, "Sort").find("peak memory: "), std::string::npos) << plan;
  // The scan's line reports every input row.
  EXPECT_NE(plan.find("rows: 5,000,"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Total: "), std::string::npos) << plan;
  // Children are indented under their parent.
  EXPECT_LT(plan.find("ResultCollector"), plan.find("  Sort"));
}

TEST_F(ExplainAnalyzeTest, VerboseAddsTheLogicalPlan) {
  std::string path = Write("t.csv", "k,v\na,1\n");
  QueryEngine engine;
  std::string plan = Text(engine.ExecuteAll("EXPLAIN ANALYZE VERBOSE SELECT k FROM read_csv('" + path + "')").back());
  EXPECT_NE(plan.find("Physical plan:"), std::string::npos) << plan;
  EXPECT_NE(plan.find("ResultCollector  (rows: 1,"), std::string::npos) << plan;
}

}  // namespace
}  // namespace sluice::engine
