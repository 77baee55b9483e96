// Binder, logical plans / optimizer rules and pipelines through the query engine, over
// small CSV files written by the tests. SQL behaviour proper lives in tests/sql/*.test.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/error.h"
#include "core/scheduler.h"
#include "core/value.h"
#include "engine/query_engine.h"
#include "exec/pipeline/physical_planner.h"
#include "exec/pipeline/pipeline.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"
#include "sql/planner/optimizer.h"

namespace sluice {
namespace {

class SqlEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sluice_sql_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  /// The optimized plan of `sql` as EXPLAIN prints it.
  std::string Plan(const std::string& sql) {
    auto statement = sql::ParseStatement(sql);
    sql::SessionSettings session;
    sql::Binder binder(sql, session);
    auto plan = binder.BindQuery(*statement->As<sql::QueryStatement>().query);
    return sql::Optimize(plan, session)->ToString();
  }
  std::vector<std::vector<std::string>> Run(const std::string& sql) {
    engine::QueryEngine engine;
    auto results = engine.ExecuteAll(sql);
    std::vector<std::vector<std::string>> rows;
    for (const Chunk& chunk : results.back().chunks) {
      for (size_t r = 0; r < chunk.size(); ++r) {
        std::vector<std::string> row;
        for (size_t c = 0; c < chunk.num_columns(); ++c) row.push_back(Value::FromVector(chunk.column(c), r).ToString());
        rows.push_back(row);
      }
    }
    return rows;
  }

  std::filesystem::path dir_;
};

TEST_F(SqlEngineTest, BinderOutputNames) {
  std::string path = Write("t.csv", "a,b\n1,x\n2,y\n");
  engine::QueryEngine engine;
  auto results = engine.ExecuteAll("SELECT a, b AS bee, a + 1 FROM read_csv('" + path + "')");
  const engine::QueryResult& result = results.back();
  ASSERT_EQ(result.schema.num_fields(), 3u);
  EXPECT_EQ(result.schema.field(0).name, "a");
  EXPECT_EQ(result.schema.field(1).name, "bee");
  EXPECT_EQ(result.schema.field(2).name, "_col2");
}

TEST_F(SqlEngineTest, BinderErrorPointsAtTheColumn) {
  std::string path = Write("t.csv", "a,b\n1,x\n");
  std::string sql = "SELECT a,\n       zz FROM read_csv('" + path + "')";
  try {
    Run(sql);
    FAIL() << "expected a binder error";
  } catch (const BinderError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("line 2:8: column 'zz' cannot be resolved; candidates: a, b"), std::string::npos) << message;
    EXPECT_NE(message.find("\n       ^"), std::string::npos) << message;
  }
}

TEST_F(SqlEngineTest, PlanProjectionPushdownAndTopN) {
  std::string path = Write("t.csv", "a,b,c\n1,x,2\n");
  std::string plan = Plan("SELECT b FROM read_csv('" + path + "') WHERE a > 0 ORDER BY c DESC LIMIT 5");
  EXPECT_NE(plan.find("TopN: _order0 DESC NULLS LAST limit=5"), std::string::npos) << plan;
  EXPECT_NE(plan.find("columns=[a, b, c]"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Sort:"), std::string::npos) << plan;
  std::string narrow = Plan("SELECT count(*) FROM read_csv('" + path + "') WHERE c = 2");
  EXPECT_NE(narrow.find("columns=[c]"), std::string::npos) << narrow;
}

TEST_F(SqlEngineTest, PipelineParallelGroupByMatchesExpected) {
  std::string text = "k,v\n";
  std::map<int, int64_t> sums;
  for (int i = 0; i < 60000; ++i) {
    int key = (i * 7919) % 101;
    text += std::to_string(key) + "," + std::to_string(i) + "\n";
    sums[key] += i;
  }
  std::string path = Write("big.csv", text);
  auto rows = Run("SELECT k, sum(v), count(*) FROM read_csv('" + path + "') GROUP BY k ORDER BY k");
  ASSERT_EQ(rows.size(), sums.size());
  size_t i = 0;
  for (const auto& [key, sum] : sums) {
    EXPECT_EQ(rows[i][0], std::to_string(key));
    EXPECT_EQ(rows[i][1], std::to_string(sum));
    ++i;
  }
  auto total = Run("SELECT count(*), sum(v) FROM read_csv('" + path + "') WHERE v % 2 = 0");
  EXPECT_EQ(total[0][0], "30000");
  EXPECT_EQ(total[0][1], std::to_string(int64_t{59998} / 2 * 30000));
}

TEST_F(SqlEngineTest, PipelineErrorOfAWorkerIsRethrown) {
  std::string text = "a\n";
  for (int i = 0; i < 20000; ++i) text += std::to_string(i == 15000 ? 0 : 1) + "\n";
  std::string path = Write("div.csv", text);
  EXPECT_THROW(Run("SELECT sum(10 / a) FROM read_csv('" + path + "')"), Error);
}

TEST_F(SqlEngineTest, PipelineBuilderCutsAtBreakers) {
  std::string path = Write("t.csv", "a,b\n1,2\n");
  std::string sql = "SELECT a, count(*) FROM read_csv('" + path + "') WHERE b > 0 GROUP BY a ORDER BY 2";
  auto statement = sql::ParseStatement(sql);
  sql::SessionSettings session;
  sql::Binder binder(sql, session);
  auto plan = sql::Optimize(binder.BindQuery(*statement->As<sql::QueryStatement>().query), session);
  auto physical = exec::CreatePhysicalPlan(*plan);
  auto pipelines = exec::BuildPipelines(*physical);
  // scan → filter → aggregate; aggregate → projection → sort; sort → collector.
  ASSERT_EQ(pipelines.size(), 3u);
  EXPECT_EQ(pipelines[0].operators.size(), 1u);
  EXPECT_NE(pipelines[0].sink->name().find("HashAggregate"), std::string::npos);
  EXPECT_EQ(pipelines[1].sink->name(), "Sort");
  EXPECT_EQ(pipelines[2].sink->name(), "ResultCollector");
  EXPECT_TRUE(pipelines[2].source->IsOrderedSource());
}

}  // namespace
}  // namespace sluice
