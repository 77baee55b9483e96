#pragma once
// The SQLite catalog store: one file (the lake's .sluice/catalog.db) shared by every
// process that opens the lake. Open it with OpenSqliteStore (catalog/store.h).
//
// Concurrency across processes comes from SQLite's WAL mode: readers never block and
// never see a half-written transaction; one writer at a time holds the write lock from
// BEGIN IMMEDIATE to COMMIT, so a read-modify-write in Write() cannot lose another
// process's update. A writer that finds the lock taken retries its whole transaction
// with jittered exponential backoff (5 ms doubling to 500 ms) until the store's busy
// timeout, then throws CatalogError("catalog busy: …").
//
// Within a process the store is one connection behind a recursive mutex: calls from
// several threads are serialized (a Write blocks other threads' reads until it
// commits). A read through the store made on the thread running a Write — e.g. a
// helper that takes the CatalogStore — joins that transaction and sees its changes, and
// a Write nested in a Write runs as a savepoint of the outer transaction.

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/sqlite_catalog.h"
#include "catalog/sqlite_connection.h"
#include "catalog/store.h"

namespace sluice::catalog {

/// CatalogStore over an SQLite file. Thread-safe (see the file comment).
class SqliteStore final : public CatalogStore {
 public:
  /// Opens `path` (creating it and its folders), switches it to WAL and migrates its
  /// schema. CatalogError when the file cannot be opened, is not a catalog, or has a
  /// schema newer than this binary.
  SqliteStore(const std::string& path, int busy_timeout_ms);

  std::vector<Database> ListDatabases() override;
  std::optional<Database> GetDatabase(std::string_view name) override;
  std::vector<Table> ListTables(std::string_view database) override;
  std::optional<Table> GetTable(std::string_view database, std::string_view name) override;
  std::vector<Partition> ListPartitions(std::string_view database, std::string_view table) override;
  std::optional<Partition> GetPartition(std::string_view database, std::string_view table,
                                        const std::vector<std::string>& values) override;
  std::vector<TableVersion> ListVersions(std::string_view database, std::string_view table) override;
  std::vector<Run> ListRuns(std::string_view kind, std::string_view name, size_t limit) override;
  std::optional<Run> GetRun(int64_t id) override;
  std::vector<std::pair<std::string, std::string>> ListState(std::string_view ns) override;
  std::optional<std::string> GetState(std::string_view ns, std::string_view key) override;

  void Write(const std::function<void(CatalogWriter&)>& fn) override;
  /// "sqlite:" and the file's absolute path.
  std::string Describe() const override;
  int SchemaVersion() override;

 private:
  /// Runs `read` in a read transaction (one snapshot), retried while busy; inside the
  /// transaction of a Write on this thread, runs it there.
  template <typename Read>
  auto ReadSnapshot(Read&& read) -> decltype(read(std::declval<SqliteCatalog&>()));
  /// Calls `attempt` until it does not throw SqliteBusyError, sleeping with jittered
  /// exponential backoff between attempts; CatalogError "catalog busy" past the timeout.
  template <typename Attempt>
  auto RetryWhileBusy(Attempt&& attempt) -> decltype(attempt());
  /// Switches the file to WAL and migrates it (the constructor's work).
  void Initialize();
  /// Rolls back the open transaction, if any, ignoring errors (the caller is already
  /// handling one).
  void RollbackQuietly();

  const std::string path_;
  const int busy_timeout_ms_;
  std::recursive_mutex mutex_;
  SqliteConnection connection_;
  SqliteCatalog catalog_;
};

}  // namespace sluice::catalog
