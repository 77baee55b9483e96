#pragma once
// The PostgreSQL catalog store: the catalog a team shares, in one schema (default
// "sluice") of a PostgreSQL database. Open it with OpenPostgresStore (catalog/store.h).
//
// Connection: the URL (a libpq URI or key=value string, from sluice.yaml) never holds
// the password — a URL with one is refused. The password comes from
// SLUICE_CATALOG_PASSWORD (passed to libpq as the `password` keyword), else libpq's
// own PGPASSWORD or ~/.pgpass; it is never logged, and Describe() and every message
// name the store as postgresql://user@host:port/db.
//
// Concurrency: every read is one snapshot, never blocked by writers: one statement, or
// a REPEATABLE READ READ ONLY transaction when it takes several. Write(fn) runs `fn` in a READ COMMITTED
// transaction that first takes a transaction-scoped advisory lock whose key derives
// from the schema name, so writers of one catalog — in any process, on any machine —
// run one at a time and a read-modify-write inside `fn` cannot lose an update. The
// session's lock_timeout is the store's busy timeout: a writer that waits longer than
// that for the lock (or for any row lock) gets CatalogError("catalog busy: …").
// Serialization failures and deadlocks (SQLSTATE 40001, 40P01 — possible only with
// other clients writing the same tables) retry the whole transaction with jittered
// exponential backoff (5 ms doubling to 500 ms) until the busy timeout. An exception
// from `fn` rolls back and propagates.
//
// Within a process the store is one connection behind a recursive mutex: calls from
// several threads are serialized. As in the SQLite store, a read through the store on
// the thread running a Write joins that transaction, and a Write nested in a Write runs
// as a savepoint. A dropped connection is re-established once per call (a read, or a
// write transaction before its COMMIT; a connection lost during COMMIT is reported,
// since the write may or may not have happened).

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/postgres_catalog.h"
#include "catalog/postgres_connection.h"
#include "catalog/store.h"

namespace sluice::catalog {

/// CatalogStore over a PostgreSQL schema. Thread-safe (see the file comment).
class PostgresStore final : public CatalogStore {
 public:
  /// Connects, sets the session's lock_timeout and migrates `schema` (creating it when
  /// missing). CatalogError when the server cannot be reached (naming host, port and
  /// database with libpq's message), the URL holds a password, or the catalog's schema
  /// is newer than this binary.
  PostgresStore(const std::string& url, const std::string& schema, int busy_timeout_ms);

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
  /// "postgresql://user@host:port/db" (never a password).
  std::string Describe() const override;
  int SchemaVersion() override;

  /// The advisory-lock key of the catalog in `schema`: a fixed 64-bit hash of the
  /// schema name, the same in every process and build.
  static int64_t WriteLockKey(std::string_view schema);

 private:
  /// How many statements a read runs: one statement is a snapshot by itself and needs
  /// no transaction (one round trip, not three).
  enum class Statements { kOne, kMany };
  /// Runs `read` on one snapshot — for kMany in a REPEATABLE READ READ ONLY
  /// transaction — reconnecting once when the connection dropped; inside the
  /// transaction of a Write on this thread, runs it there.
  template <typename Read>
  auto ReadSnapshot(Statements statements, Read&& read) -> decltype(read(std::declval<PostgresCatalog&>()));
  /// One attempt of Write: BEGIN, the advisory lock, `fn`, COMMIT. Sets `committing`
  /// just before the COMMIT is sent.
  void WriteOnce(const std::function<void(CatalogWriter&)>& fn, bool& committing);
  /// `fn` within the current transaction, as a savepoint (a Write inside a Write).
  void WriteNested(const std::function<void(CatalogWriter&)>& fn);
  /// Re-establishes a connection known to be broken, with the session settings.
  void EnsureConnected();
  /// Per-session settings: lock_timeout = the busy timeout.
  void SetupSession();
  /// Rolls back the open transaction, if any, ignoring errors (the caller is already
  /// handling one).
  void RollbackQuietly();
  /// "catalog busy: …" for a write lock not granted within the busy timeout.
  std::string BusyMessage(std::string_view why) const;

  const std::string schema_;
  const int busy_timeout_ms_;
  std::recursive_mutex mutex_;
  std::unique_ptr<PgConnection> connection_;
  const std::string quoted_schema_;
  const int64_t lock_key_;
  const std::string describe_;
  PostgresCatalog catalog_;
  /// Depth of nested Writes (savepoint names).
  int nested_writes_ = 0;
};

}  // namespace sluice::catalog
