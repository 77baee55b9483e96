#include "catalog/sqlite_connection.h"

#include <string>
#include <utility>

#include "core/error.h"

namespace sluice::catalog {

namespace {

bool IsBusyCode(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

}  // namespace

SqliteStatement::SqliteStatement(SqliteConnection& connection, sqlite3_stmt* statement,
                                 bool* in_use)
    : connection_(&connection), statement_(statement), in_use_(in_use) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : connection_(other.connection_), statement_(other.statement_), in_use_(other.in_use_) {
  other.statement_ = nullptr;
  other.in_use_ = nullptr;
}

SqliteStatement::~SqliteStatement() {
  if (statement_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(statement_);
    return;
  }
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  *in_use_ = false;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(statement_, index, value);
  if (rc != SQLITE_OK) connection_->Fail(rc, "binding a parameter");
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
  if (rc != SQLITE_OK) connection_->Fail(rc, "binding a parameter");
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must not be bound as NULL: sqlite3_bind_blob64 with a null
  // pointer binds NULL, so point at a valid empty buffer.
  static const char kEmpty = 0;
  const char* data = bytes.empty() ? &kEmpty : bytes.data();
  const int rc = sqlite3_bind_blob64(statement_, index, data, bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) connection_->Fail(rc, "binding a parameter");
  return *this;
}

bool SqliteStatement::Step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The lease's destructor resets the statement; the error message stays readable
  // until then.
  connection_->Fail(rc, sqlite3_sql(statement_));
}

void SqliteStatement::Run() {
  while (Step()) {
  }
  sqlite3_reset(statement_);
}

void SqliteStatement::Reset() { sqlite3_reset(statement_); }

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  // sqlite3_column_blob returns TEXT bytes unconverted as well; call it before
  // sqlite3_column_bytes, as SQLite's documentation asks.
  const void* data = sqlite3_column_blob(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  if (data == nullptr || size <= 0) return std::string();
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

SqliteConnection::SqliteConnection(const std::string& path) : path_(path) {
  // NOMUTEX: SQLite's own per-connection mutex is redundant, the store serializes
  // every use of its connection.
  const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw CatalogError("cannot open the catalog " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.statement);
  sqlite3_close(db_);
}

void SqliteConnection::Exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) Fail(rc, sql);
}

SqliteStatement SqliteConnection::Prepare(const std::string& sql) {
  auto [it, inserted] = cache_.try_emplace(sql);
  CachedStatement& entry = it->second;
  if (!entry.in_use) {
    if (entry.statement == nullptr) {
      const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &entry.statement, nullptr);
      if (rc != SQLITE_OK) {
        cache_.erase(it);
        Fail(rc, sql);
      }
    }
    entry.in_use = true;
    return SqliteStatement(*this, entry.statement, &entry.in_use);
  }
  // The cached statement is active further up the stack: use a one-off statement.
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement,
                                    nullptr);
  if (rc != SQLITE_OK) Fail(rc, sql);
  return SqliteStatement(*this, statement, nullptr);
}

int64_t SqliteConnection::QueryInt64(const std::string& sql) {
  SqliteStatement statement = Prepare(sql);
  if (!statement.Step()) Fail(SQLITE_MISMATCH, sql);
  return statement.ColumnInt64(0);
}

int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

int64_t SqliteConnection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void SqliteConnection::Fail(int code, std::string_view during) const {
  const std::string message = sqlite3_errmsg(db_);
  if (IsBusyCode(code)) throw SqliteBusyError("catalog " + path_ + " is locked: " + message);
  const int primary = code & 0xff;
  if (primary == SQLITE_NOTADB) {
    throw CatalogError("the catalog " + path_ + " is not a SQLite database (" + message + ")");
  }
  if (primary == SQLITE_CORRUPT) {
    throw CatalogError("the catalog " + path_ + " is damaged (" + message + ")");
  }
  throw CatalogError("catalog " + path_ + ": " + message + " (while running: " +
                     std::string(during.substr(0, 200)) + ")");
}

}  // namespace sluice::catalog
