#include "catalog/postgres_store.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "catalog/postgres_migrations.h"
#include "catalog/store_common.h"
#include "core/error.h"

namespace sluice::catalog {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// SQLSTATEs after which the whole transaction is worth another attempt.
constexpr std::string_view kSerializationFailure = "40001";
constexpr std::string_view kDeadlockDetected = "40P01";
/// lock_timeout expired.
constexpr std::string_view kLockNotAvailable = "55P03";

/// SLUICE_CATALOG_PASSWORD when set; otherwise libpq finds PGPASSWORD or ~/.pgpass.
std::optional<std::string> PasswordFromEnvironment() {
  const char* password = std::getenv("SLUICE_CATALOG_PASSWORD");
  if (password == nullptr) return std::nullopt;
  return std::string(password);
}

/// PostgreSQL's longest identifier (NAMEDATALEN - 1): a longer name would be cut short
/// when created but not when looked up.
constexpr size_t kMaxIdentifierBytes = 63;

const std::string& CheckSchemaName(const std::string& schema) {
  if (schema.empty()) throw CatalogError("the PostgreSQL catalog's schema name is empty");
  if (schema.size() > kMaxIdentifierBytes) {
    throw CatalogError("the PostgreSQL catalog's schema name " + schema + " is longer than " +
                       std::to_string(kMaxIdentifierBytes) + " bytes");
  }
  return schema;
}

}  // namespace

std::unique_ptr<CatalogStore> OpenPostgresStore(const std::string& url, const std::string& schema,
                                                int busy_timeout_ms) {
  return std::make_unique<PostgresStore>(url, schema, busy_timeout_ms);
}

int64_t PostgresStore::WriteLockKey(std::string_view schema) {
  // FNV-1a, 64 bits, over a prefix that keeps the key apart from other applications'
  // advisory locks on a shared server.
  uint64_t hash = 14695981039346656037ULL;
  auto mix = [&](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  mix("sluice catalog write lock:");
  mix(schema);
  return static_cast<int64_t>(hash);
}

PostgresStore::PostgresStore(const std::string& url, const std::string& schema, int busy_timeout_ms)
    : schema_(CheckSchemaName(schema)),
      busy_timeout_ms_(std::max(busy_timeout_ms, 0)),
      connection_(PgConnection::Connect(url, PasswordFromEnvironment())),
      quoted_schema_(connection_->QuoteIdentifier(schema_)),
      lock_key_(WriteLockKey(schema_)),
      describe_(connection_->Describe()),
      catalog_(*connection_, quoted_schema_) {
  SetupSession();
  MigratePostgresSchema(*connection_, schema_, quoted_schema_, lock_key_, describe_);
}

void PostgresStore::SetupSession() {
  // 0 would mean "wait forever" to PostgreSQL; a busy timeout of 0 means "do not wait".
  connection_->Exec("SELECT set_config('lock_timeout', $1, false)",
                    {std::to_string(std::max(busy_timeout_ms_, 1)) + "ms"});
}

void PostgresStore::EnsureConnected() {
  if (connection_->ok()) return;
  connection_->Reset();
  SetupSession();
}

void PostgresStore::RollbackQuietly() {
  try {
    if (connection_->ok() && connection_->in_transaction()) connection_->Exec("ROLLBACK");
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the first error matters
  }
}

std::string PostgresStore::BusyMessage(std::string_view why) const {
  return "catalog busy: " + describe_ + " (schema " + schema_ + ") " + std::string(why) + " for " +
         FormatSeconds(busy_timeout_ms_);
}

template <typename Read>
auto PostgresStore::ReadSnapshot(Statements statements, Read&& read)
    -> decltype(read(std::declval<PostgresCatalog&>())) {
  std::lock_guard lock(mutex_);
  if (connection_->in_transaction()) return read(catalog_);
  for (bool retried = false;; retried = true) {
    try {
      EnsureConnected();
      if (statements == Statements::kOne) return read(catalog_);
      connection_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      auto result = read(catalog_);
      connection_->Exec("COMMIT");
      return result;
    } catch (const PostgresError& error) {
      RollbackQuietly();
      if (!error.connection_lost() || retried) throw;
    } catch (...) {
      RollbackQuietly();
      throw;
    }
  }
}

void PostgresStore::WriteOnce(const std::function<void(CatalogWriter&)>& fn, bool& committing) {
  EnsureConnected();
  connection_->Exec("BEGIN");
  // Held until COMMIT or ROLLBACK; waits at most lock_timeout (55P03 after that).
  connection_->Exec("SELECT pg_advisory_xact_lock($1::bigint)", {lock_key_});
  fn(catalog_);
  committing = true;
  PgResult done = connection_->Exec("COMMIT");
  if (done.command_status() != "COMMIT") {
    // A statement failed inside `fn` and `fn` swallowed the error: PostgreSQL turned
    // the COMMIT into a ROLLBACK.
    throw CatalogError("the write to the catalog " + describe_ +
                       " was rolled back: a statement in it failed and the error was ignored");
  }
}

void PostgresStore::WriteNested(const std::function<void(CatalogWriter&)>& fn) {
  const std::string savepoint = "nested_write_" + std::to_string(++nested_writes_);
  connection_->Exec("SAVEPOINT " + savepoint);
  try {
    fn(catalog_);
  } catch (...) {
    try {
      if (connection_->ok()) {
        connection_->Exec("ROLLBACK TO SAVEPOINT " + savepoint);
        connection_->Exec("RELEASE SAVEPOINT " + savepoint);
      }
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the first error matters
    }
    --nested_writes_;
    throw;
  }
  --nested_writes_;
  connection_->Exec("RELEASE SAVEPOINT " + savepoint);
}

void PostgresStore::Write(const std::function<void(CatalogWriter&)>& fn) {
  std::lock_guard lock(mutex_);
  if (connection_->in_transaction()) {
    WriteNested(fn);
    return;
  }
  const Clock::time_point deadline = Clock::now() + milliseconds(busy_timeout_ms_);
  milliseconds delay = kFirstBackoff;
  bool reconnected = false;
  for (;;) {
    bool committing = false;
    try {
      WriteOnce(fn, committing);
      return;
    } catch (const PostgresError& error) {
      RollbackQuietly();
      if (error.connection_lost()) {
        if (committing) {
          throw CatalogError(
              "lost the connection to the catalog " + describe_ +
              " while committing a write, which may or may not have been applied: " + error.what());
        }
        if (reconnected) throw;
        reconnected = true;
        continue;
      }
      if (error.sqlstate() == kLockNotAvailable) {
        throw CatalogError(BusyMessage("is locked by another writer"));
      }
      if (error.sqlstate() != kSerializationFailure && error.sqlstate() != kDeadlockDetected) throw;
      const Clock::time_point now = Clock::now();
      if (now >= deadline) {
        throw CatalogError(BusyMessage("kept failing with conflicts (" + std::string(error.what()) + ")"));
      }
      // The last attempt is made at the deadline.
      std::this_thread::sleep_for(std::min<Clock::duration>(Jittered(delay), deadline - now));
      delay = std::min(delay * 2, kMaxBackoff);
    } catch (...) {
      RollbackQuietly();
      throw;
    }
  }
}

std::string PostgresStore::Describe() const { return describe_; }

int PostgresStore::SchemaVersion() {
  return ReadSnapshot(Statements::kMany, [&](PostgresCatalog&) {
    return ReadPostgresSchemaVersion(*connection_, quoted_schema_);
  });
}

std::vector<Database> PostgresStore::ListDatabases() {
  return ReadSnapshot(Statements::kOne, [&](PostgresCatalog& catalog) { return catalog.ListDatabases(); });
}

std::optional<Database> PostgresStore::GetDatabase(std::string_view name) {
  return ReadSnapshot(Statements::kOne, [&](PostgresCatalog& catalog) { return catalog.GetDatabase(name); });
}

std::vector<Table> PostgresStore::ListTables(std::string_view database) {
  return ReadSnapshot(Statements::kOne,
                      [&](PostgresCatalog& catalog) { return catalog.ListTables(database); });
}

std::optional<Table> PostgresStore::GetTable(std::string_view database, std::string_view name) {
  return ReadSnapshot(Statements::kOne,
                      [&](PostgresCatalog& catalog) { return catalog.GetTable(database, name); });
}

std::vector<Partition> PostgresStore::ListPartitions(std::string_view database, std::string_view table) {
  return ReadSnapshot(Statements::kMany,
                      [&](PostgresCatalog& catalog) { return catalog.ListPartitions(database, table); });
}

std::optional<Partition> PostgresStore::GetPartition(std::string_view database, std::string_view table,
                                                     const std::vector<std::string>& values) {
  return ReadSnapshot(Statements::kOne, [&](PostgresCatalog& catalog) {
    return catalog.GetPartition(database, table, values);
  });
}

std::vector<TableVersion> PostgresStore::ListVersions(std::string_view database, std::string_view table) {
  return ReadSnapshot(Statements::kMany,
                      [&](PostgresCatalog& catalog) { return catalog.ListVersions(database, table); });
}

std::vector<Run> PostgresStore::ListRuns(std::string_view kind, std::string_view name, size_t limit) {
  return ReadSnapshot(Statements::kOne,
                      [&](PostgresCatalog& catalog) { return catalog.ListRuns(kind, name, limit); });
}

std::optional<Run> PostgresStore::GetRun(int64_t id) {
  return ReadSnapshot(Statements::kOne, [&](PostgresCatalog& catalog) { return catalog.GetRun(id); });
}

std::vector<std::pair<std::string, std::string>> PostgresStore::ListState(std::string_view ns) {
  return ReadSnapshot(Statements::kOne, [&](PostgresCatalog& catalog) { return catalog.ListState(ns); });
}

std::optional<std::string> PostgresStore::GetState(std::string_view ns, std::string_view key) {
  return ReadSnapshot(Statements::kOne, [&](PostgresCatalog& catalog) { return catalog.GetState(ns, key); });
}

}  // namespace sluice::catalog
