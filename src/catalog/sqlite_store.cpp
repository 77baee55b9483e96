#include "catalog/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>

#include "catalog/sqlite_migrations.h"
#include "catalog/store_common.h"
#include "core/error.h"

namespace sluice::catalog {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// The absolute form of `path`, with its parent folders created.
std::string PrepareCatalogPath(const std::string& path) {
  if (path.empty()) throw CatalogError("the SQLite catalog's path is empty");
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error).lexically_normal();
  if (error) throw CatalogError("cannot resolve the catalog path " + path + ": " + error.message());
  const std::filesystem::path parent = absolute.parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, error);
    if (error) {
      throw CatalogError("cannot create the folder " + parent.string() + " for the catalog: " +
                         error.message());
    }
  }
  return absolute.string();
}

}  // namespace

std::unique_ptr<CatalogStore> OpenSqliteStore(const std::string& path, int busy_timeout_ms) {
  return std::make_unique<SqliteStore>(path, busy_timeout_ms);
}

SqliteStore::SqliteStore(const std::string& path, int busy_timeout_ms)
    : path_(PrepareCatalogPath(path)),
      busy_timeout_ms_(std::max(busy_timeout_ms, 0)),
      connection_(path_),
      catalog_(connection_) {
  Initialize();
}

void SqliteStore::Initialize() {
  // WAL: readers work on a snapshot while one writer appends, across processes.
  // synchronous=NORMAL: in WAL mode a commit is not fsynced, the WAL is at checkpoint.
  // A power loss can lose the last commits before a checkpoint but never leaves the
  // file inconsistent; a crash of the process loses nothing. The catalog can be
  // rebuilt by a crawl, so consistency matters more than the last commit's durability.
  RetryWhileBusy([&] {
    SqliteStatement mode = connection_.Prepare("PRAGMA journal_mode = WAL");
    if (!mode.Step() || mode.ColumnText(0) != "wal") {
      throw CatalogError("the catalog " + path_ +
                         " cannot use SQLite's WAL mode (is it on a network file system?)");
    }
  });
  connection_.Exec("PRAGMA foreign_keys = ON");
  connection_.Exec("PRAGMA synchronous = NORMAL");
  const int version = ReadSnapshot([&](SqliteCatalog&) { return ReadSqliteSchemaVersion(connection_); });
  if (version == SqliteSchemaVersion()) return;
  // MigrateSqliteCatalog re-reads the version under the write lock (another process may
  // have migrated meanwhile) and refuses a newer file.
  RetryWhileBusy([&] {
    connection_.Exec("BEGIN IMMEDIATE");
    try {
      MigrateSqliteCatalog(connection_);
      connection_.Exec("COMMIT");
    } catch (...) {
      RollbackQuietly();
      throw;
    }
  });
}

template <typename Attempt>
auto SqliteStore::RetryWhileBusy(Attempt&& attempt) -> decltype(attempt()) {
  const Clock::time_point deadline = Clock::now() + milliseconds(busy_timeout_ms_);
  milliseconds delay = kFirstBackoff;
  for (;;) {
    try {
      return attempt();
    } catch (const SqliteBusyError&) {
      const Clock::time_point now = Clock::now();
      if (now >= deadline) {
        throw CatalogError("catalog busy: " + path_ + " is locked by another writer for " +
                           FormatSeconds(busy_timeout_ms_));
      }
      // The last attempt is made at the deadline.
      std::this_thread::sleep_for(std::min<Clock::duration>(Jittered(delay), deadline - now));
      delay = std::min(delay * 2, kMaxBackoff);
    }
  }
}

template <typename Read>
auto SqliteStore::ReadSnapshot(Read&& read) -> decltype(read(std::declval<SqliteCatalog&>())) {
  std::lock_guard lock(mutex_);
  if (connection_.in_transaction()) return read(catalog_);
  return RetryWhileBusy([&] {
    connection_.Exec("BEGIN");
    try {
      auto result = read(catalog_);
      connection_.Exec("COMMIT");
      return result;
    } catch (...) {
      RollbackQuietly();
      throw;
    }
  });
}

void SqliteStore::RollbackQuietly() {
  if (connection_.in_transaction()) sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteStore::Write(const std::function<void(CatalogWriter&)>& fn) {
  std::lock_guard lock(mutex_);
  if (connection_.in_transaction()) {
    // A Write inside `fn` of a Write: all or nothing within the outer transaction.
    connection_.Exec("SAVEPOINT nested_write");
    try {
      fn(catalog_);
    } catch (...) {
      sqlite3_exec(connection_.handle(), "ROLLBACK TO nested_write; RELEASE nested_write", nullptr,
                   nullptr, nullptr);
      throw;
    }
    connection_.Exec("RELEASE nested_write");
    return;
  }
  RetryWhileBusy([&] {
    // IMMEDIATE takes the write lock now, so reads in `fn` see the newest data and
    // nobody can commit between them and our writes.
    connection_.Exec("BEGIN IMMEDIATE");
    try {
      fn(catalog_);
      connection_.Exec("COMMIT");
    } catch (...) {
      RollbackQuietly();
      throw;
    }
  });
}

std::string SqliteStore::Describe() const { return "sqlite:" + path_; }

int SqliteStore::SchemaVersion() {
  return ReadSnapshot([&](SqliteCatalog&) { return ReadSqliteSchemaVersion(connection_); });
}

std::vector<Database> SqliteStore::ListDatabases() {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.ListDatabases(); });
}

std::optional<Database> SqliteStore::GetDatabase(std::string_view name) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.GetDatabase(name); });
}

std::vector<Table> SqliteStore::ListTables(std::string_view database) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.ListTables(database); });
}

std::optional<Table> SqliteStore::GetTable(std::string_view database, std::string_view name) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.GetTable(database, name); });
}

std::vector<Partition> SqliteStore::ListPartitions(std::string_view database, std::string_view table) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.ListPartitions(database, table); });
}

std::optional<Partition> SqliteStore::GetPartition(std::string_view database, std::string_view table,
                                                   const std::vector<std::string>& values) {
  return ReadSnapshot(
      [&](SqliteCatalog& catalog) { return catalog.GetPartition(database, table, values); });
}

std::vector<TableVersion> SqliteStore::ListVersions(std::string_view database, std::string_view table) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.ListVersions(database, table); });
}

std::vector<Run> SqliteStore::ListRuns(std::string_view kind, std::string_view name, size_t limit) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.ListRuns(kind, name, limit); });
}

std::optional<Run> SqliteStore::GetRun(int64_t id) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.GetRun(id); });
}

std::vector<std::pair<std::string, std::string>> SqliteStore::ListState(std::string_view ns) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.ListState(ns); });
}

std::optional<std::string> SqliteStore::GetState(std::string_view ns, std::string_view key) {
  return ReadSnapshot([&](SqliteCatalog& catalog) { return catalog.GetState(ns, key); });
}

}  // namespace sluice::catalog
