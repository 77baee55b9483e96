// COPY and CREATE TABLE AS through the engine, for what logic tests cannot reach:
// cancellation in the middle of a write, many threads and many partitions, prepared
// statements, and the session's list of views and tables.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "core/error.h"
#include "engine/prepared_statement.h"
#include "engine_test_support.h"

namespace sluice::engine {
namespace {

using CopyStatementTest = EngineTest;

/// The names in `folder`, sorted (hidden temporaries included).
std::vector<std::string> Listing(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    names.push_back(std::filesystem::relative(entry.path(), folder).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Scalar(QueryEngine& engine, const std::string& sql) {
  std::vector<QueryResult> results = engine.ExecuteAll(sql);
  return Value::FromVector(results.back().chunks.at(0).column(0), 0).ToString();
}

TEST_F(CopyStatementTest, CancelledCopyLeavesNothingBehind) {
  std::string keys = WriteDistinctKeys("keys.csv", 200000);
  std::filesystem::path dir = std::filesystem::path(keys).parent_path();
  for (const std::string& target : {"out.csv' (FORMAT csv)", "out' (FORMAT parquet, PARTITION_BY (v))"}) {
    QueryEngine engine;
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      engine.Cancel();
    });
    std::string sql = "COPY (SELECT lpad(k, 10000, 'x') AS s, v FROM read_csv('" + keys + "')) TO '" +
                      (dir / target).string();
    EXPECT_THROW(engine.ExecuteAll(sql), InterruptedError) << sql;
    canceller.join();
    EXPECT_EQ(Listing(dir), std::vector<std::string>{"keys.csv"}) << sql;
  }
}

TEST_F(CopyStatementTest, EveryThreadWritesIntoOneFile) {
  std::string keys = WriteDistinctKeys("keys.csv", 200000);
  std::string out = (std::filesystem::path(keys).parent_path() / "keys.parquet").string();
  QueryEngine engine;
  EXPECT_EQ(Scalar(engine, "COPY (SELECT k, v FROM read_csv('" + keys + "') WHERE v <> 3) TO '" + out +
                               "' (ROW_GROUP_SIZE 5000)"),
            Scalar(engine, "SELECT count(*) FROM read_csv('" + keys + "') WHERE v <> 3"));
  EXPECT_EQ(Scalar(engine, "SELECT CAST(count(DISTINCT k) AS varchar) || ' ' || CAST(sum(v) AS varchar) FROM read_parquet('" + out + "')"),
            Scalar(engine, "SELECT CAST(count(DISTINCT k) AS varchar) || ' ' || CAST(sum(v) AS varchar) FROM read_csv('" + keys +
                               "') WHERE v <> 3"));
}

TEST_F(CopyStatementTest, MorePartitionsThanOpenFiles) {
  // 300 partitions, more than the 64 files the partitioned writer keeps open: files are
  // closed and new part files started; a table over them still has every row once.
  std::string keys = WriteDistinctKeys("keys.csv", 30000);
  std::string location = (std::filesystem::path(keys).parent_path() / "by_bucket").string();
  QueryEngine engine;
  EXPECT_EQ(Scalar(engine, "CREATE TABLE t WITH (location = '" + location +
                               "', partitioned_by = ARRAY['bucket']) AS SELECT k, CAST(substr(k, 5) AS bigint) % 300 "
                               "AS bucket FROM read_csv('" + keys + "')"),
            "30000");
  EXPECT_EQ(Scalar(engine, "SELECT CAST(count(DISTINCT k) AS varchar) || ' ' || CAST(count(DISTINCT bucket) AS varchar) FROM t"),
            "30000 300");
  EXPECT_EQ(Scalar(engine, "SELECT count(*) FROM t WHERE CAST(substr(k, 5) AS bigint) % 300 <> bucket"), "0");
}

TEST_F(CopyStatementTest, PreparedCopyBindsItsParameters) {
  std::string keys = WriteDistinctKeys("keys.csv", 100);
  std::string out = (std::filesystem::path(keys).parent_path() / "some.csv").string();
  QueryEngine engine;
  PreparedStatement copy = engine.Prepare("COPY (SELECT k FROM read_csv(:path) WHERE v = ?) TO '" + out + "'");
  copy.Bind("path", Value::Varchar(keys));
  copy.Bind(1, Value::BigInt(2));
  EXPECT_EQ(Rows(copy.Execute()), (std::vector<std::vector<std::string>>{{"14"}}));
  // v = 2: key_2, key_9, key_16, …; the least in text order is key_16.
  EXPECT_EQ(Scalar(engine, "SELECT min(k) FROM read_csv('" + out + "')"), "key_16");
}

TEST_F(CopyStatementTest, TheSessionListsItsViewsAndTables) {
  std::string keys = WriteDistinctKeys("keys.csv", 10);
  std::string location = (std::filesystem::path(keys).parent_path() / "t").string();
  QueryEngine engine;
  engine.ExecuteAll("CREATE VIEW b_view AS SELECT k FROM read_csv('" + keys + "'); CREATE TABLE a_table WITH (location = '" +
                    location + "') AS SELECT * FROM b_view");
  std::vector<std::string> names;
  for (const sql::ViewDefinition* view : engine.views().List()) names.push_back(view->name);
  EXPECT_EQ(names, (std::vector<std::string>{"a_table", "b_view"}));
  const SessionTable* table = engine.views().FindTable("A_TABLE");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->files, std::vector<std::string>{location + "/data.parquet"});
  EXPECT_FALSE(table->managed);
  EXPECT_EQ(engine.views().FindTable("b_view"), nullptr);
}

}  // namespace
}  // namespace sluice::engine
