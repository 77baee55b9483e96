// The PostgreSQL catalog store against a real server: the conformance suite in a fresh
// schema per test, plus what only this store has — migrations in a schema, a too-new
// schema, URLs and passwords, connection failures, values that look like SQL, the
// speed of 10,000 partitions, the advisory write lock (busy timeout, two processes),
// retries and reconnecting.
//
// Needs SLUICE_TEST_PG_URL (a database where the user may create schemas), e.g. from
// scripts/pg-test-server.sh; every test is skipped without it.
// tests/integration/catalog_postgres.sh starts a server and runs them.
#include "catalog/postgres_store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "catalog/postgres_connection.h"
#include "catalog/postgres_migrations.h"
#include "catalog/store.h"
#include "core/error.h"
#include "store_conformance.h"
#include "store_test_support.h"

namespace sluice::catalog::testing {
namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The test server's URL, or "" (tests skip). SLUICE_TEST_POSTGRES_URL is accepted too.
std::string TestUrl() {
  for (const char* name : {"SLUICE_TEST_PG_URL", "SLUICE_TEST_POSTGRES_URL"}) {
    const char* url = std::getenv(name);
    if (url != nullptr && *url != '\0') return url;
  }
  return "";
}

/// `url` with one more connection parameter (URI or key=value form).
std::string UrlWith(const std::string& url, const std::string& key, const std::string& value) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + key + "=" + value;
  }
  return url + " " + key + "=" + value;
}

/// A connection of the test itself (not through a store), for setup and inspection.
PgConnection& Admin() {
  static std::unique_ptr<PgConnection> admin = [] {
    std::unique_ptr<PgConnection> connection =
        PgConnection::Connect(UrlWith(TestUrl(), "application_name", "sluice_test_admin"), std::nullopt);
    connection->Exec("SET client_min_messages = warning");
    return connection;
  }();
  return *admin;
}

/// `name` lower-cased with every other character than [a-z0-9] as '_', at most 50 bytes.
std::string SchemaNameFor(const std::string& prefix, const std::string& name) {
  std::string schema = prefix;
  for (char c : name) {
    if (schema.size() >= 50) break;
    schema += std::isalnum(static_cast<unsigned char>(c)) != 0
                  ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                  : '_';
  }
  return schema;
}

/// Drops `schema` with everything in it (a fresh start for a test).
void DropSchema(const std::string& schema) {
  Admin().Exec("DROP SCHEMA IF EXISTS " + Admin().QuoteIdentifier(schema) + " CASCADE");
}

/// A schema named after the running test, dropped first.
std::string FreshSchemaForThisTest(const std::string& prefix) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string schema = SchemaNameFor(prefix, info != nullptr ? info->name() : "unknown");
  DropSchema(schema);
  return schema;
}

INSTANTIATE_TEST_SUITE_P(Postgres, CatalogStoreConformance,
                         ::testing::Values(CatalogStoreFactory([]() -> std::unique_ptr<CatalogStore> {
                           if (TestUrl().empty()) return nullptr;  // skipped
                           return OpenPostgresStore(TestUrl(), FreshSchemaForThisTest("conformance_"));
                         })));

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = TestUrl();
    if (url_.empty()) GTEST_SKIP() << "SLUICE_TEST_PG_URL is not set (see scripts/pg-test-server.sh)";
    schema_ = FreshSchemaForThisTest("pgstore_");
  }

  std::unique_ptr<CatalogStore> Open(int busy_timeout_ms = 30000) {
    return OpenPostgresStore(url_, schema_, busy_timeout_ms);
  }
  std::string Quoted() { return Admin().QuoteIdentifier(schema_); }
  /// "postgresql://user@host:port/db" of the test server, as the store names it.
  std::string ServerDescription() { return Admin().Describe(); }

  std::string url_;
  std::string schema_;
};

TEST_F(PostgresStoreTest, CreatesTheSchemaAndMigrates) {
  std::unique_ptr<CatalogStore> store = Open();
  EXPECT_EQ(store->SchemaVersion(), kPostgresSchemaVersion);
  EXPECT_EQ(Admin()
                .Exec("SELECT string_agg(version::text, ',') FROM " + Quoted() + ".schema_migrations")
                .Text(0, 0),
            "1");
  EXPECT_EQ(Admin()
                .Exec("SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename IN "
                      "('databases', 'tables', 'partitions', 'table_versions', 'runs', 'state')",
                      {schema_})
                .Int(0, 0),
            6);
  // Reopening finds the schema current and changes nothing.
  store.reset();
  store = Open();
  EXPECT_EQ(Admin().Exec("SELECT count(*) FROM " + Quoted() + ".schema_migrations").Int(0, 0), 1);
}

TEST_F(PostgresStoreTest, UsesAnExistingEmptySchema) {
  // A DBA may create the schema and let a user without CREATE on the database in.
  Admin().Exec("CREATE SCHEMA " + Quoted());
  std::unique_ptr<CatalogStore> store = Open();
  store->Write([](CatalogWriter& writer) { writer.CreateDatabase(Zone("raw"), false); });
  EXPECT_EQ(store->ListDatabases().size(), 1u);
}

TEST_F(PostgresStoreTest, RefusesASchemaNewerThanTheBinary) {
  Open().reset();
  Admin().Exec("INSERT INTO " + Quoted() + ".schema_migrations VALUES (7, 'from the future', 0)");
  const std::string message = CatalogErrorOf([&] { Open(); });
  EXPECT_EQ(message,
            "the catalog in " + ServerDescription() + " (schema " + schema_ +
                ") has schema version 7, newer than this Sluice binary understands (1); upgrade Sluice");
  EXPECT_EQ(Admin().Exec("SELECT max(version) FROM " + Quoted() + ".schema_migrations").Int(0, 0), 7);
}

TEST_F(PostgresStoreTest, SchemasAreSeparateCatalogs) {
  std::unique_ptr<CatalogStore> first = Open();
  const std::string other_schema = schema_ + "_other";
  DropSchema(other_schema);
  std::unique_ptr<CatalogStore> second = OpenPostgresStore(url_, other_schema);
  first->Write([](CatalogWriter& writer) { writer.CreateDatabase(Zone("raw"), false); });
  EXPECT_EQ(first->ListDatabases().size(), 1u);
  EXPECT_TRUE(second->ListDatabases().empty());
  EXPECT_NE(PostgresStore::WriteLockKey(schema_), PostgresStore::WriteLockKey(other_schema));
  EXPECT_EQ(PostgresStore::WriteLockKey("sluice"), PostgresStore::WriteLockKey("sluice"));
  DropSchema(other_schema);
}

TEST_F(PostgresStoreTest, OddSchemaNamesAreQuoted) {
  schema_ = "Odd \"schema\"; DROP TABLE x; --";
  DropSchema(schema_);
  std::unique_ptr<CatalogStore> store = Open();
  store->Write([](CatalogWriter& writer) { writer.CreateDatabase(Zone("raw"), false); });
  EXPECT_EQ(store->ListDatabases().size(), 1u);
  EXPECT_EQ(Admin().Exec("SELECT count(*) FROM pg_namespace WHERE nspname = $1", {schema_}).Int(0, 0), 1);
  DropSchema(schema_);
  EXPECT_EQ(CatalogErrorOf([&] { OpenPostgresStore(url_, ""); }),
            "the PostgreSQL catalog's schema name is empty");
  EXPECT_TRUE(Contains(CatalogErrorOf([&] { OpenPostgresStore(url_, std::string(64, 's')); }),
                       "longer than 63 bytes"));
}

TEST_F(PostgresStoreTest, DamagedValuesNameTheStore) {
  std::unique_ptr<CatalogStore> store = Open();
  store->Write([](CatalogWriter& writer) {
    writer.CreateDatabase(Zone("raw"), false);
    writer.CreateTable(PartitionedTable("raw", "events", 1), ChangeCause{"ddl", "", 0}, false);
  });
  Admin().Exec("UPDATE " + Quoted() + ".tables SET columns = '[{\"name\": \"id\", \"type\": \"nonsense\"}]'");
  const std::string message = CatalogErrorOf([&] { store->GetTable("raw", "events"); });
  EXPECT_TRUE(message.starts_with("the catalog is damaged: columns of table raw.events in " + ServerDescription() +
                                  " (schema \"" + schema_ + "\")"))
      << message;
  EXPECT_TRUE(Contains(message, "nonsense")) << message;
}

TEST_F(PostgresStoreTest, ValuesThatLookLikeSqlAreStoredAsText) {
  std::unique_ptr<CatalogStore> store = Open();
  const std::string evil = "x'); DROP SCHEMA " + schema_ + " CASCADE; --";
  store->Write([&](CatalogWriter& writer) {
    Database database = Zone(evil);
    database.description = "$1 $2 {s} \\ '' \"";
    database.parameters = {{"k'", "v\""}};
    writer.CreateDatabase(database, false);
    Table table = PartitionedTable(evil, evil, 1);
    table.comment = "{s}.tables";
    writer.CreateTable(table, ChangeCause{"ddl", evil, 0}, false);
    Partition partition;
    partition.values = {"{a,b}\\\"NULL\""};
    partition.location = evil;
    writer.PutPartitions(evil, evil, {partition});
    writer.PutState(evil, evil, evil);
  });
  ASSERT_EQ(store->ListDatabases().size(), 1u);
  EXPECT_EQ(store->ListDatabases()[0].name, evil);
  EXPECT_EQ(store->ListDatabases()[0].description, "$1 $2 {s} \\ '' \"");
  EXPECT_EQ(store->ListDatabases()[0].parameters.at("k'"), "v\"");
  EXPECT_EQ(store->GetTable(evil, evil)->comment, "{s}.tables");
  ASSERT_EQ(store->ListPartitions(evil, evil).size(), 1u);
  EXPECT_EQ(store->ListPartitions(evil, evil)[0].values, std::vector<std::string>{"{a,b}\\\"NULL\""});
  EXPECT_TRUE(store->GetPartition(evil, evil, {"{a,b}\\\"NULL\""}).has_value());
  EXPECT_EQ(store->GetState(evil, evil), evil);
  // Values PostgreSQL text cannot hold are refused, not cut short.
  EXPECT_TRUE(Contains(CatalogErrorOf([&] {
                         store->Write([](CatalogWriter& writer) {
                           writer.PutState("ns", std::string("a\0b", 3), "v");
                         });
                       }),
                       "NUL character"));
  // Partition values are a binary key: any bytes round-trip (folder names need not be
  // UTF-8); other text must be valid UTF-8 for PostgreSQL.
  store->Write([&](CatalogWriter& writer) {
    Partition partition;
    partition.values = {std::string("\xff\xfe\0x", 4)};
    writer.PutPartitions(evil, evil, {partition});
  });
  EXPECT_TRUE(store->GetPartition(evil, evil, {std::string("\xff\xfe\0x", 4)}).has_value());
  EXPECT_TRUE(Contains(CatalogErrorOf([&] {
                         store->Write([&](CatalogWriter& writer) {
                           Partition partition;
                           partition.values = {"x"};
                           partition.location = "caf\xe9";
                           writer.PutPartitions(evil, evil, {partition});
                         });
                       }),
                       "partition locations of table " + evil + "." + evil + " are not valid UTF-8"));
  EXPECT_TRUE(Contains(CatalogErrorOf([&] {
                         store->Write([](CatalogWriter& writer) { writer.PutState("ns", "caf\xe9", "v"); });
                       }),
                       "not valid UTF-8 ('caf…')"));
  EXPECT_EQ(store->ListPartitions(evil, evil).size(), 2u);
}

TEST_F(PostgresStoreTest, DescribeNamesTheServerWithoutPassword) {
  setenv("SLUICE_CATALOG_PASSWORD", "s3cret-pw", 1);
  std::unique_ptr<CatalogStore> store;
  // The test server trusts local connections: the password is sent and ignored.
  EXPECT_NO_THROW(store = Open());
  unsetenv("SLUICE_CATALOG_PASSWORD");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Describe(), ServerDescription());
  EXPECT_TRUE(store->Describe().starts_with("postgresql://"));
  EXPECT_FALSE(Contains(store->Describe(), "s3cret"));
}

TEST_F(PostgresStoreTest, RefusesAUrlWithAPassword) {
  std::string with_password = url_;
  const size_t at = with_password.find('@');
  ASSERT_NE(at, std::string::npos) << "the test URL has no user@";
  with_password.insert(at, ":hunter2");
  const std::string message = CatalogErrorOf([&] { OpenPostgresStore(with_password, schema_); });
  EXPECT_TRUE(Contains(message, "must not contain a password")) << message;
  EXPECT_TRUE(Contains(message, "SLUICE_CATALOG_PASSWORD")) << message;
  EXPECT_FALSE(Contains(message, "hunter2")) << message;
  const std::string keyword_form = "host=127.0.0.1 port=1 dbname=x password=hunter2";
  EXPECT_FALSE(Contains(CatalogErrorOf([&] { OpenPostgresStore(keyword_form, schema_); }), "hunter2"));
}

TEST_F(PostgresStoreTest, ConnectionFailureNamesTheServer) {
  // Port 1 on the loopback address: nothing listens there.
  const std::string message = CatalogErrorOf([&] {
    setenv("SLUICE_CATALOG_PASSWORD", "s3cret-pw", 1);
    try {
      OpenPostgresStore("postgresql://someone@127.0.0.1:1/lakecat", schema_);
    } catch (...) {
      unsetenv("SLUICE_CATALOG_PASSWORD");
      throw;
    }
  });
  EXPECT_TRUE(message.starts_with(
      "cannot connect to the PostgreSQL catalog at postgresql://someone@127.0.0.1:1/lakecat: "))
      << message;
  EXPECT_TRUE(Contains(message, "refused")) << message;
  EXPECT_FALSE(Contains(message, "s3cret")) << message;
  EXPECT_TRUE(Contains(CatalogErrorOf([&] { OpenPostgresStore("postgresql://[bad", schema_); }),
                       "invalid PostgreSQL catalog URL"));
}

TEST_F(PostgresStoreTest, StoreReadsInsideAWriteJoinItAndNestedWritesAreSavepoints) {
  ExpectReadsInsideAWriteJoinItAndNestedWritesAreSavepoints(*Open());
}

TEST_F(PostgresStoreTest, ConcurrentThreadsShareOneStore) {
  ExpectConcurrentThreadsShareOneStore(*Open(), /*threads=*/4, /*increments=*/25);
}

TEST_F(PostgresStoreTest, TenThousandPartitionsListFast) {
  std::unique_ptr<CatalogStore> store = Open();
  const std::vector<Partition> partitions = TenThousandPartitions();
  ASSERT_EQ(partitions.size(), 10'000u);
  const double put_ms = PutPartitionsTimed(*store, partitions);
  Admin().Exec("ANALYZE " + Quoted() + ".partitions");

  std::vector<Partition> listed;
  const double best_list_ms = BestListMillis(*store, listed);
  const Clock::time_point get_start = Clock::now();
  for (int i = 0; i < 200; ++i) store->GetPartition("raw", "events", partitions[i * 50].values);
  const double get_us = std::chrono::duration<double, std::micro>(Clock::now() - get_start).count() / 200;

  std::printf(
      "[ timing ] PostgreSQL catalog, 10,000 partitions: put %.1f ms (one transaction), "
      "list %.1f ms (best of 3), get %.1f us each\n",
      put_ms, best_list_ms, get_us);
  ASSERT_EQ(listed.size(), partitions.size());
  for (size_t i = 0; i < listed.size(); ++i) ASSERT_EQ(listed[i].values, partitions[i].values) << i;
  // Generous: the machine may be busy; the printed time is the number to watch.
  EXPECT_LT(best_list_ms, 250);
  // The list is one scan of the partitions' primary key, already in order (the planner
  // may prefer a sequential scan and a sort of the bytea keys when one table holds
  // nearly every row, as here; without that option it must use the key).
  Admin().Exec("BEGIN");
  Admin().Exec("SET LOCAL enable_seqscan = off");
  PgResult plan = Admin().Exec("EXPLAIN SELECT encode(value_key, 'hex') FROM " + Quoted() +
                               ".partitions p WHERE p.table_id = 1 ORDER BY p.value_key");
  Admin().Exec("COMMIT");
  std::string plan_text;
  for (int row = 0; row < plan.num_rows(); ++row) plan_text += std::string(plan.Text(row, 0)) + "\n";
  EXPECT_TRUE(Contains(plan_text, "using partitions_pkey") && !Contains(plan_text, "Sort")) << plan_text;
}

TEST_F(PostgresStoreTest, TwoProcessesWritingAtOnceLoseNoUpdate) {
  // Both children find an empty schema: the first to open migrates it, under the lock.
  constexpr int kIncrements = 100;
  RunTwoProcessesAtOnce(kIncrements, [&](const std::string& who) {
    IncrementManyTimes(*OpenPostgresStore(url_, schema_), who, kIncrements);
  });

  std::unique_ptr<CatalogStore> store = Open();
  ExpectNoLostIncrement(*store, kIncrements);
  EXPECT_EQ(Admin().Exec("SELECT count(*) FROM " + Quoted() + ".schema_migrations").Int(0, 0), 1);
}

TEST_F(PostgresStoreTest, ABusyStoreFailsClearlyAfterItsTimeout) {
  Open()->Write([](CatalogWriter& writer) { writer.PutState("test", "k", "before"); });
  // Another session holds the catalog's write lock inside an open transaction.
  std::unique_ptr<PgConnection> holder = PgConnection::Connect(url_, std::nullopt);
  holder->Exec("BEGIN");
  holder->Exec("SELECT pg_advisory_xact_lock($1::bigint)", {PostgresStore::WriteLockKey(schema_)});
  holder->Exec("UPDATE " + Quoted() + ".state SET value = 'holder' WHERE key = 'k'");

  std::unique_ptr<CatalogStore> store = Open(/*busy_timeout_ms=*/300);
  // Readers are not blocked by the writer and see the last commit.
  const Clock::time_point read_start = Clock::now();
  EXPECT_EQ(store->GetState("test", "k"), "before");
  EXPECT_LT(MillisSince(read_start), 250);

  const Clock::time_point write_start = Clock::now();
  bool ran = false;
  const std::string message = CatalogErrorOf([&] {
    store->Write([&](CatalogWriter& writer) {
      ran = true;
      writer.PutState("test", "k", "waiter");
    });
  });
  const double waited_ms = MillisSince(write_start);
  EXPECT_EQ(message, "catalog busy: " + ServerDescription() + " (schema " + schema_ +
                         ") is locked by another writer for 0.3 s");
  EXPECT_FALSE(ran);
  EXPECT_GE(waited_ms, 290);
  EXPECT_LT(waited_ms, 2000);

  holder->Exec("COMMIT");
  EXPECT_EQ(store->GetState("test", "k"), "holder");
  store->Write([](CatalogWriter& writer) { writer.PutState("test", "k", "after"); });
  EXPECT_EQ(store->GetState("test", "k"), "after");
}

TEST_F(PostgresStoreTest, AWriterWaitsForAShortLockAndThenSucceeds) {
  Open().reset();
  std::unique_ptr<PgConnection> holder = PgConnection::Connect(url_, std::nullopt);
  holder->Exec("BEGIN");
  holder->Exec("SELECT pg_advisory_xact_lock($1::bigint)", {PostgresStore::WriteLockKey(schema_)});
  holder->Exec("INSERT INTO " + Quoted() + ".state VALUES ('test', 'k', 'holder')");
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    holder->Exec("COMMIT");
  });
  std::unique_ptr<CatalogStore> store = Open(/*busy_timeout_ms=*/10'000);
  const Clock::time_point start = Clock::now();
  store->Write([](CatalogWriter& writer) {
    // Under the write lock the holder's commit is visible: no lost update.
    EXPECT_EQ(writer.GetState("test", "k"), "holder");
    writer.PutState("test", "k", "waiter");
  });
  const double waited_ms = MillisSince(start);
  release.join();
  EXPECT_GE(waited_ms, 150);
  EXPECT_EQ(store->GetState("test", "k"), "waiter");
}

TEST_F(PostgresStoreTest, SerializationFailuresAndDeadlocksAreRetried) {
  std::unique_ptr<CatalogStore> store = Open();
  int attempts = 0;
  store->Write([&](CatalogWriter& writer) {
    ++attempts;
    writer.PutState("test", "attempt", std::to_string(attempts));
    if (attempts == 1) throw PostgresError("simulated", "40001", false);
    if (attempts == 2) throw PostgresError("simulated", "40P01", false);
  });
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(store->GetState("test", "attempt"), "3");

  // Conflicts that never stop: "catalog busy" once the busy timeout has passed.
  std::unique_ptr<CatalogStore> impatient = Open(/*busy_timeout_ms=*/200);
  attempts = 0;
  const Clock::time_point start = Clock::now();
  const std::string message = CatalogErrorOf([&] {
    impatient->Write([&](CatalogWriter&) {
      ++attempts;
      throw PostgresError("could not serialize access", "40001", false);
    });
  });
  const double waited_ms = MillisSince(start);
  EXPECT_TRUE(message.starts_with("catalog busy: ")) << message;
  EXPECT_TRUE(Contains(message, "could not serialize access")) << message;
  EXPECT_GT(attempts, 2);
  EXPECT_GE(waited_ms, 190);
  EXPECT_LT(waited_ms, 2000);
  // Other failures are not retried.
  attempts = 0;
  EXPECT_THROW(store->Write([&](CatalogWriter&) {
    ++attempts;
    throw PostgresError("syntax", "42601", false);
  }),
               PostgresError);
  EXPECT_EQ(attempts, 1);
}

TEST_F(PostgresStoreTest, ARealDeadlockIsRetried) {
  std::unique_ptr<CatalogStore> store = Open();
  store->Write([](CatalogWriter& writer) {
    writer.PutState("test", "a", "0");
    writer.PutState("test", "b", "0");
  });
  // Another client (not Sluice: it does not take the advisory lock) locks row b, waits
  // until the store's transaction has locked row a and is waiting for b, then asks for
  // a: PostgreSQL breaks the deadlock by failing one of the two with 40P01.
  std::unique_ptr<PgConnection> other = PgConnection::Connect(url_, std::nullopt);
  other->Exec("SET deadlock_timeout = '100ms'");
  other->Exec("BEGIN");
  other->Exec("UPDATE " + Quoted() + ".state SET value = 'other' WHERE key = 'b'");
  std::atomic<bool> other_failed = false;
  std::thread other_thread([&] {
    // Wait until the store's backend waits for a lock.
    for (int i = 0; i < 200; ++i) {
      PgResult waiting = Admin().Exec(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = "
          "current_database()");
      if (waiting.Int(0, 0) > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    try {
      other->Exec("UPDATE " + Quoted() + ".state SET value = 'other' WHERE key = 'a'");
      other->Exec("COMMIT");
    } catch (const PostgresError&) {
      other_failed = true;
      other->Exec("ROLLBACK");
    }
  });
  int attempts = 0;
  store->Write([&](CatalogWriter& writer) {
    ++attempts;
    writer.PutState("test", "a", "store");
    writer.PutState("test", "b", "store");
  });
  other_thread.join();
  // Whichever side PostgreSQL chose, the store's write went through in the end.
  EXPECT_EQ(store->GetState("test", "b"), "store");
  EXPECT_EQ(store->GetState("test", "a"), "store");
  EXPECT_EQ(attempts, other_failed ? 1 : 2);
}

TEST_F(PostgresStoreTest, ReconnectsWhenTheConnectionDrops) {
  const std::string tagged = UrlWith(url_, "application_name", "sluice_reconnect_test");
  std::unique_ptr<CatalogStore> store = OpenPostgresStore(tagged, schema_, /*busy_timeout_ms=*/300);
  store->Write([](CatalogWriter& writer) { writer.CreateDatabase(Zone("raw"), false); });
  auto kill_store_connection = [&] {
    PgResult killed = Admin().Exec(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
        "'sluice_reconnect_test'");
    ASSERT_EQ(killed.Int(0, 0), 1);
    // Termination is asynchronous: wait until the backend is gone.
    for (int i = 0; i < 200; ++i) {
      if (Admin()
              .Exec("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sluice_reconnect_test'")
              .Int(0, 0) == 0) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  kill_store_connection();
  EXPECT_EQ(store->ListDatabases().size(), 1u);
  kill_store_connection();
  store->Write([](CatalogWriter& writer) { writer.CreateDatabase(Zone("curated"), false); });
  EXPECT_EQ(store->ListDatabases().size(), 2u);
  // The session settings come back with the connection: the busy timeout still holds.
  kill_store_connection();
  std::unique_ptr<PgConnection> holder = PgConnection::Connect(url_, std::nullopt);
  holder->Exec("BEGIN");
  holder->Exec("SELECT pg_advisory_xact_lock($1::bigint)", {PostgresStore::WriteLockKey(schema_)});
  EXPECT_TRUE(CatalogErrorOf([&] {
                store->Write([](CatalogWriter& writer) { writer.CreateDatabase(Zone("drop"), false); });
              }).starts_with("catalog busy: "));
  holder->Exec("ROLLBACK");
}

TEST_F(PostgresStoreTest, AnErrorSwallowedInsideTheTransactionIsNotCommitted) {
  std::unique_ptr<CatalogStore> store = Open(/*busy_timeout_ms=*/200);
  store->Write([](CatalogWriter& writer) { writer.PutState("ns", "k", "before"); });
  // Another client (not Sluice) holds a row lock: the store's UPDATE of that row runs
  // into lock_timeout on the server, which aborts the transaction. `fn` swallows the
  // error and goes on; PostgreSQL turns the COMMIT into a ROLLBACK, and the store
  // reports that instead of pretending the write happened.
  std::unique_ptr<PgConnection> other = PgConnection::Connect(url_, std::nullopt);
  other->Exec("BEGIN");
  other->Exec("SELECT * FROM " + Quoted() + ".state WHERE key = 'k' FOR UPDATE");
  int swallowed = 0;
  const std::string message = CatalogErrorOf([&] {
    store->Write([&](CatalogWriter& writer) {
      for (const char* key : {"k", "k2"}) {
        try {
          writer.PutState("ns", key, "during");
        } catch (const PostgresError&) {
          ++swallowed;
        }
      }
    });
  });
  other->Exec("ROLLBACK");
  EXPECT_EQ(swallowed, 2);
  EXPECT_TRUE(Contains(message, "was rolled back")) << message;
  EXPECT_EQ(store->GetState("ns", "k"), "before");
  EXPECT_FALSE(store->GetState("ns", "k2").has_value());
  // Not swallowed, the row lock is "catalog busy".
  other->Exec("BEGIN");
  other->Exec("SELECT * FROM " + Quoted() + ".state WHERE key = 'k' FOR UPDATE");
  EXPECT_TRUE(CatalogErrorOf([&] {
                store->Write([](CatalogWriter& writer) { writer.PutState("ns", "k", "during"); });
              }).starts_with("catalog busy: "));
  other->Exec("ROLLBACK");
}

}  // namespace
}  // namespace sluice::catalog::testing
