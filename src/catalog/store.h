#pragma once
// Where the catalog lives. Two stores behave the same (one conformance suite tests
// both, tests/unit/catalog/store_conformance.h):
//   SqliteStore   — .sluice/catalog.db inside the lake; WAL mode: many readers and
//                   one writer across processes (catalog/sqlite_store.h)
//   PostgresStore — a PostgreSQL database shared by a team (catalog/postgres_store.h)
// Both keep their own schema under versioned migrations and refuse a schema newer
// than the binary.
//
// Reads run on a consistent snapshot per call. Writes run in Write(fn): `fn` gets a
// CatalogWriter inside one transaction that holds the store's write lock from its
// first statement (SQLite BEGIN IMMEDIATE; PostgreSQL an advisory transaction lock),
// so a read-modify-write inside `fn` cannot lose another process's update. When the
// store is busy the whole transaction is retried with exponential backoff (so `fn`
// must have no side effects outside the catalog, or only idempotent ones), then
// CatalogError("catalog busy: …") after the store's timeout. An exception from `fn`
// rolls the transaction back and propagates.
//
// Errors: CatalogError for a missing database/table/partition where one is required,
// an existing one where a new one is created, a busy or unreachable store, a
// damaged or too-new catalog schema. Messages name the object ("table raw.events
// does not exist") and, for store failures, the store (path or host/database).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"

namespace sluice::catalog {

/// Lookups. Every method is a consistent snapshot of its own.
class CatalogReader {
 public:
  virtual ~CatalogReader() = default;

  virtual std::vector<Database> ListDatabases() = 0;
  virtual std::optional<Database> GetDatabase(std::string_view name) = 0;

  /// The tables and views of `database` by name; CatalogError when it does not exist.
  virtual std::vector<Table> ListTables(std::string_view database) = 0;
  virtual std::optional<Table> GetTable(std::string_view database, std::string_view name) = 0;

  /// The partitions of a table ordered by their values (compared as strings, key by
  /// key); CatalogError when the table does not exist. Fast enough for planning over
  /// 10,000 partitions (one indexed query).
  virtual std::vector<Partition> ListPartitions(std::string_view database, std::string_view table) = 0;
  virtual std::optional<Partition> GetPartition(std::string_view database, std::string_view table,
                                                const std::vector<std::string>& values) = 0;

  /// The table's versions, oldest first; CatalogError when the table does not exist.
  virtual std::vector<TableVersion> ListVersions(std::string_view database, std::string_view table) = 0;

  /// Runs newest first; `kind` and `name` filter when not empty; at most `limit`.
  virtual std::vector<Run> ListRuns(std::string_view kind, std::string_view name, size_t limit) = 0;
  virtual std::optional<Run> GetRun(int64_t id) = 0;

  /// Opaque state that a component keeps between its runs (a crawler's inventory of
  /// folders and files): text values by key within a namespace, e.g. namespace
  /// "crawler/events", key a folder path. Every entry of `ns`, by key.
  virtual std::vector<std::pair<std::string, std::string>> ListState(std::string_view ns) = 0;
  virtual std::optional<std::string> GetState(std::string_view ns, std::string_view key) = 0;
};

/// Changes, inside one transaction (CatalogStore::Write). Reads through the writer see
/// the transaction's own changes.
class CatalogWriter : public CatalogReader {
 public:
  /// CatalogError when it exists, unless `if_not_exists` (then false is returned).
  virtual bool CreateDatabase(const Database& database, bool if_not_exists) = 0;
  /// CatalogError when it does not exist (unless `if_exists`: false), or when it holds
  /// tables and not `cascade` (cascade drops them with their partitions, versions).
  virtual bool DropDatabase(std::string_view name, bool if_exists, bool cascade) = 0;

  /// Adds a table or view; sets created/updated (when 0) and records version 1.
  /// CatalogError when the database does not exist or the name is taken (unless
  /// `if_not_exists`: false is returned, nothing changes).
  virtual bool CreateTable(const Table& table, const ChangeCause& cause, bool if_not_exists) = 0;
  /// Replaces the table's definition (matched by database and name); sets updated.
  /// When columns or partition keys differ from the stored ones a new version is
  /// recorded with `cause`. Returns the table's version after the change.
  /// CatalogError when the table does not exist.
  virtual int64_t UpdateTable(const Table& table, const ChangeCause& cause) = 0;
  /// Removes the table with its partitions and versions; false when it did not exist
  /// and `if_exists`, CatalogError when it did not exist otherwise.
  virtual bool DropTable(std::string_view database, std::string_view name, bool if_exists) = 0;
  /// Renames table `database`.`name` (ALTER TABLE … RENAME TO): the stored row becomes
  /// `renamed` (its database and name are the new ones, its location the new root; the
  /// other fields are stored as given, created kept, updated set) and always gets a new
  /// version recorded with `cause`. Partitions and older versions move with it. A
  /// partition whose location lies under the old location (starts with it and "/") is
  /// moved under renamed.location; other partition locations are kept.
  /// CatalogError when the table does not exist, the target database does not exist, or
  /// the target name is taken by another table ("table curated.t already exists").
  virtual void RenameTable(std::string_view database, std::string_view name, const Table& renamed,
                           const ChangeCause& cause) = 0;

  /// Adds or replaces partitions (matched by values; a replaced partition keeps its
  /// created time). CatalogError when the table does not exist, is not partitioned,
  /// or a partition has the wrong number of values.
  virtual void PutPartitions(std::string_view database, std::string_view table,
                             const std::vector<Partition>& partitions) = 0;
  /// Removes partitions by values; returns how many existed.
  virtual size_t DropPartitions(std::string_view database, std::string_view table,
                                const std::vector<std::vector<std::string>>& values) = 0;

  /// Starts a run: assigns and returns its id (`run.id` is ignored).
  virtual int64_t StartRun(const Run& run) = 0;
  /// Stores the run's final fields (status, finished, summary, details) by id.
  virtual void FinishRun(const Run& run) = 0;

  virtual void PutState(std::string_view ns, std::string_view key, std::string_view value) = 0;
  virtual void DeleteState(std::string_view ns, std::string_view key) = 0;
  /// Removes every entry of `ns`.
  virtual void ClearState(std::string_view ns) = 0;
};

/// An open catalog store. Thread-safe: calls from several threads are serialized or
/// use connections of their own.
class CatalogStore : public CatalogReader {
 public:
  /// Runs `fn` in one write transaction, retrying it while the store is busy (see the
  /// file comment); commits when `fn` returns.
  virtual void Write(const std::function<void(CatalogWriter&)>& fn) = 0;
  /// "sqlite:/abs/lake/.sluice/catalog.db" or "postgresql://user@host:port/db" (never
  /// a password): for messages and `sluice catalog` output.
  virtual std::string Describe() const = 0;
  /// The version of the store's schema (its newest migration).
  virtual int SchemaVersion() = 0;
};

/// Opens the SQLite catalog at `path` (created with its folders when missing; the
/// schema migrated to this binary's version). `busy_timeout_ms` bounds how long a
/// write waits for another writer before CatalogError.
std::unique_ptr<CatalogStore> OpenSqliteStore(const std::string& path, int busy_timeout_ms = 30000);

/// Connects to a PostgreSQL catalog. `url` is a libpq connection URI or key=value
/// string without a password; the password comes from the environment
/// (SLUICE_CATALOG_PASSWORD, PGPASSWORD) or ~/.pgpass, never from the lake's files.
/// Tables live in schema `schema` (created when missing) and are migrated.
std::unique_ptr<CatalogStore> OpenPostgresStore(const std::string& url, const std::string& schema = "sluice",
                                                int busy_timeout_ms = 30000);

}  // namespace sluice::catalog
