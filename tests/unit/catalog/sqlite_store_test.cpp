// The SQLite catalog store: the conformance suite on temporary files, plus what only a
// file-backed store has — migrations, a too-new schema, durability across reopen, the
// speed of listing 10,000 partitions, and two processes writing at once.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "catalog/sqlite_store.h"
#include "catalog/store.h"
#include "core/error.h"
#include "store_conformance.h"
#include "store_test_support.h"

namespace sluice::catalog::testing {
namespace {

using Clock = std::chrono::steady_clock;

/// A fresh folder (mkdtemp, canonical); every folder made is removed when the test
/// binary exits (forked children leave with _exit and remove nothing).
std::string NewTempFolder() {
  struct Folders {
    std::vector<std::string> paths;
    ~Folders() {
      std::error_code ignored;
      for (const std::string& path : paths) std::filesystem::remove_all(path, ignored);
    }
  };
  static Folders folders;
  std::string pattern = (std::filesystem::temp_directory_path() / "sluice_catalog_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  std::string path = std::filesystem::canonical(pattern).string();
  folders.paths.push_back(path);
  return path;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogStoreConformance,
                         ::testing::Values(CatalogStoreFactory([]() -> std::unique_ptr<CatalogStore> {
                           return OpenSqliteStore(NewTempFolder() + "/.sluice/catalog.db");
                         })));

/// Column `column` of the first row of `sql` on the file at `path`, through a raw
/// sqlite3 connection (what another tool would see).
std::string RawQuery(const std::string& path, const std::string& sql, int column = 0) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  sqlite3_busy_timeout(db, 5000);
  std::string result = "no rows";
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    result = std::string("error: ") + sqlite3_errmsg(db);
  } else if (sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, column);
    result = text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result;
}

/// A run to start: kind and name, the rest defaults.
catalog::Run NewRun(const std::string& kind, const std::string& name) {
  catalog::Run run;
  run.kind = kind;
  run.name = name;
  return run;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = NewTempFolder();
    path_ = dir_ + "/lake/.sluice/catalog.db";
  }

  std::string dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, CreatesTheFileAndItsFoldersAndMigrates) {
  ASSERT_FALSE(std::filesystem::exists(dir_ + "/lake"));
  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
  EXPECT_TRUE(std::filesystem::exists(path_));
  EXPECT_EQ(store->SchemaVersion(), 1);
  EXPECT_EQ(store->Describe(), "sqlite:" + path_);
  EXPECT_EQ(RawQuery(path_, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawQuery(path_, "PRAGMA user_version"), "1");
  EXPECT_EQ(RawQuery(path_, "SELECT group_concat(version) FROM schema_migrations"), "1");
  EXPECT_EQ(RawQuery(path_, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                            "('databases', 'tables', 'partitions', 'table_versions', 'runs', 'state')"),
            "6");
  EXPECT_EQ(RawQuery(path_, "PRAGMA integrity_check"), "ok");
}

TEST_F(SqliteStoreTest, RelativePathIsMadeAbsolute) {
  const std::filesystem::path saved = std::filesystem::current_path();
  std::filesystem::current_path(dir_);
  std::unique_ptr<CatalogStore> store;
  EXPECT_NO_THROW(store = OpenSqliteStore("rel/catalog.db"));
  std::filesystem::current_path(saved);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Describe(), "sqlite:" + dir_ + "/rel/catalog.db");
}

TEST_F(SqliteStoreTest, MigratesAnEmptyFile) {
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
  std::ofstream(path_).close();
  ASSERT_EQ(std::filesystem::file_size(path_), 0u);
  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
  EXPECT_EQ(store->SchemaVersion(), 1);
  store->Write([](CatalogWriter& writer) { writer.CreateDatabase(Zone("raw"), false); });
  EXPECT_EQ(store->ListDatabases().size(), 1u);
}

TEST_F(SqliteStoreTest, RefusesASchemaNewerThanTheBinary) {
  OpenSqliteStore(path_).reset();
  EXPECT_EQ(RawQuery(path_, "PRAGMA user_version = 7"), "no rows");
  ASSERT_EQ(RawQuery(path_, "PRAGMA user_version"), "7");
  EXPECT_EQ(CatalogErrorOf([&] { OpenSqliteStore(path_); }),
            "the catalog " + path_ + " has schema version 7, newer than this binary's 1: upgrade sluice to use it");
  // Refusing changed nothing.
  EXPECT_EQ(RawQuery(path_, "PRAGMA user_version"), "7");
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
  std::ofstream(path_) << "name: demo\nthis is a YAML file, not a catalog, and it is long enough to have a header\n";
  const std::string message = CatalogErrorOf([&] { OpenSqliteStore(path_); });
  EXPECT_NE(message.find("the catalog " + path_ + " is not a SQLite database"), std::string::npos) << message;
}

TEST_F(SqliteStoreTest, DamagedValuesAreReportedWithTheFile) {
  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
  store->Write([](CatalogWriter& writer) {
    writer.CreateDatabase(Zone("raw"), false);
    writer.CreateTable(PartitionedTable("raw", "events", 1), ChangeCause{"ddl", "", 0}, false);
    writer.CreateTable(PartitionedTable("raw", "typed", 1), ChangeCause{"ddl", "", 0}, false);
  });
  RawQuery(path_, "UPDATE tables SET columns = '[{\"name\": \"id\"' WHERE name = 'events'");
  RawQuery(path_, "UPDATE tables SET columns = '[{\"name\": \"id\", \"type\": \"int4range\"}]' WHERE name = 'typed'");
  EXPECT_EQ(CatalogErrorOf([&] { store->GetTable("raw", "events"); }),
            "the catalog is damaged: columns of table raw.events in " + path_ + " are not valid JSON");
  const std::string typed = CatalogErrorOf([&] { store->ListTables("raw"); });
  EXPECT_EQ(typed.find("the catalog is damaged: columns of table raw.events"), 0u) << typed;
  EXPECT_EQ(CatalogErrorOf([&] { store->GetTable("raw", "typed"); })
                .find("the catalog is damaged: columns of table raw.typed in " + path_ +
                      " have column id of unknown type 'int4range'"),
            0u);
}

TEST_F(SqliteStoreTest, DurableAcrossReopen) {
  {
    std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
    store->Write([](CatalogWriter& writer) {
      writer.CreateDatabase(Zone("raw"), false);
      writer.CreateTable(PartitionedTable("raw", "events", 2), ChangeCause{"ddl", "CREATE", 0}, false);
      Partition partition;
      partition.values = {"2024", "01"};
      partition.location = "raw/events/year=2024/month=01";
      writer.PutPartitions("raw", "events", {partition});
      writer.PutState("crawler/events", "raw/events", "{}");
      writer.StartRun(NewRun("crawl", "events"));
    });
  }
  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
  EXPECT_EQ(store->SchemaVersion(), 1);
  ASSERT_TRUE(store->GetTable("raw", "events").has_value());
  EXPECT_EQ(store->GetTable("raw", "events")->partition_keys.size(), 2u);
  ASSERT_EQ(store->ListPartitions("raw", "events").size(), 1u);
  EXPECT_EQ(store->ListPartitions("raw", "events")[0].location, "raw/events/year=2024/month=01");
  EXPECT_EQ(store->GetState("crawler/events", "raw/events"), "{}");
  EXPECT_EQ(store->ListRuns("crawl", "", 10).size(), 1u);
  EXPECT_EQ(RawQuery(path_, "SELECT count(*) FROM schema_migrations"), "1");
}

TEST_F(SqliteStoreTest, StoreReadsInsideAWriteJoinItAndNestedWritesAreSavepoints) {
  ExpectReadsInsideAWriteJoinItAndNestedWritesAreSavepoints(*OpenSqliteStore(path_));
}

TEST_F(SqliteStoreTest, ConcurrentThreadsShareOneStore) {
  ExpectConcurrentThreadsShareOneStore(*OpenSqliteStore(path_), /*threads=*/4, /*increments=*/50);
}

TEST_F(SqliteStoreTest, TenThousandPartitionsListFast) {
  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
  const std::vector<Partition> partitions = TenThousandPartitions();
  ASSERT_EQ(partitions.size(), 10'000u);
  const double put_ms = PutPartitionsTimed(*store, partitions);

  std::vector<Partition> listed;
  const double best_list_ms = BestListMillis(*store, listed);
  const Clock::time_point get_start = Clock::now();
  for (int i = 0; i < 1000; ++i) store->GetPartition("raw", "events", partitions[i * 10].values);
  const double get_us = std::chrono::duration<double, std::micro>(Clock::now() - get_start).count() / 1000;

  std::printf("[ timing ] SQLite catalog, 10,000 partitions: put %.1f ms (one transaction), "
              "list %.1f ms (best of 3), get %.1f us each\n",
              put_ms, best_list_ms, get_us);
  ASSERT_EQ(listed.size(), partitions.size());
  for (size_t i = 0; i < listed.size(); ++i) ASSERT_EQ(listed[i].values, partitions[i].values) << i;
  // The list is one range scan of the partitions' primary key.
  EXPECT_NE(RawQuery(path_, "EXPLAIN QUERY PLAN SELECT value_key FROM partitions WHERE table_id = 1 "
                            "ORDER BY value_key",
                         /*column=*/3)
                .find("USING PRIMARY KEY"),
            std::string::npos);
}

// ---- Two processes --------------------------------------------------------------------

TEST_F(SqliteStoreTest, TwoProcessesWritingAtOnceLoseNoUpdate) {
  constexpr int kIncrements = 400;
  RunTwoProcessesAtOnce(kIncrements, [&](const std::string& who) {
    IncrementManyTimes(*OpenSqliteStore(path_), who, kIncrements);
  });

  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
  ExpectNoLostIncrement(*store, kIncrements);
  EXPECT_EQ(RawQuery(path_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RawQuery(path_, "PRAGMA foreign_key_check"), "no rows");
}

TEST_F(SqliteStoreTest, ABusyStoreFailsClearlyAfterItsTimeout) {
  OpenSqliteStore(path_)->Write([](CatalogWriter& writer) { writer.PutState("test", "k", "before"); });
  int locked[2];
  int release[2];
  ASSERT_EQ(pipe(locked), 0);
  ASSERT_EQ(pipe(release), 0);
  // The child holds the write lock until the parent says so.
  const pid_t holder = Fork([&] {
    std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
    store->Write([&](CatalogWriter& writer) {
      writer.PutState("test", "k", "holder");
      if (write(locked[1], "l", 1) != 1) throw std::runtime_error("cannot signal");
      char byte = 0;
      if (read(release[0], &byte, 1) != 1) throw std::runtime_error("no release signal");
    });
  });
  char byte = 0;
  ASSERT_EQ(read(locked[0], &byte, 1), 1);

  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_, /*busy_timeout_ms=*/300);
  // Readers are not blocked by the writer (WAL) and see the last commit.
  const Clock::time_point read_start = Clock::now();
  EXPECT_EQ(store->GetState("test", "k"), "before");
  const double read_ms = std::chrono::duration<double, std::milli>(Clock::now() - read_start).count();
  EXPECT_LT(read_ms, 250);

  const Clock::time_point write_start = Clock::now();
  bool ran = false;
  const std::string message = CatalogErrorOf([&] {
    store->Write([&](CatalogWriter& writer) {
      ran = true;
      writer.PutState("test", "k", "waiter");
    });
  });
  const double waited_ms = std::chrono::duration<double, std::milli>(Clock::now() - write_start).count();
  EXPECT_EQ(message, "catalog busy: " + path_ + " is locked by another writer for 0.3 s");
  EXPECT_FALSE(ran);
  EXPECT_GE(waited_ms, 290);
  EXPECT_LT(waited_ms, 2000);

  ASSERT_EQ(write(release[1], "r", 1), 1);
  EXPECT_EQ(WaitFor(holder), 0);
  for (int fd : {locked[0], locked[1], release[0], release[1]}) close(fd);
  EXPECT_EQ(store->GetState("test", "k"), "holder");
  store->Write([](CatalogWriter& writer) { writer.PutState("test", "k", "after"); });
  EXPECT_EQ(store->GetState("test", "k"), "after");
}

TEST_F(SqliteStoreTest, AWriterWaitsForAShortLockAndThenSucceeds) {
  OpenSqliteStore(path_).reset();
  int locked[2];
  ASSERT_EQ(pipe(locked), 0);
  const pid_t holder = Fork([&] {
    std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_);
    store->Write([&](CatalogWriter& writer) {
      writer.PutState("test", "k", "holder");
      if (write(locked[1], "l", 1) != 1) throw std::runtime_error("cannot signal");
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
  });
  char byte = 0;
  ASSERT_EQ(read(locked[0], &byte, 1), 1);
  std::unique_ptr<CatalogStore> store = OpenSqliteStore(path_, /*busy_timeout_ms=*/10'000);
  store->Write([](CatalogWriter& writer) {
    // Under the write lock the holder's commit is visible: no lost update.
    EXPECT_EQ(writer.GetState("test", "k"), "holder");
    writer.PutState("test", "k", "waiter");
  });
  EXPECT_EQ(WaitFor(holder), 0);
  close(locked[0]);
  close(locked[1]);
  EXPECT_EQ(store->GetState("test", "k"), "waiter");
}

}  // namespace
}  // namespace sluice::catalog::testing
