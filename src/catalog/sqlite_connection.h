#pragma once
// A thin RAII layer over the sqlite3 C API for the SQLite catalog store: one
// connection, prepared statements cached by their SQL text, values always bound as
// parameters (never spliced into SQL). Failures become CatalogError naming the file;
// SQLITE_BUSY / SQLITE_LOCKED become SqliteBusyError so that the store can retry the
// whole transaction (catalog/sqlite_store.cpp).

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sluice::catalog {

/// Another connection holds a lock this statement needs (SQLITE_BUSY, SQLITE_LOCKED).
/// Internal to the SQLite store: it retries the transaction, then reports CatalogError.
class SqliteBusyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SqliteConnection;

/// A prepared statement leased from the connection's cache. Bind parameters (1-based,
/// as SQLite numbers them), then Step() through the rows. The lease resets the
/// statement and clears its bindings when it ends, returning it to the cache.
/// Not copyable; lives no longer than its connection.
class SqliteStatement {
 public:
  /// `in_use` is the cache entry's flag (cleared when the lease ends), or null for an
  /// uncached statement (finalized when the lease ends).
  SqliteStatement(SqliteConnection& connection, sqlite3_stmt* statement, bool* in_use);
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  ~SqliteStatement();

  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, std::string_view text);
  /// Binds bytes as a BLOB (compared with memcmp, unlike TEXT under a collation).
  SqliteStatement& BindBlob(int index, std::string_view bytes);

  /// Advances to the next row: true when there is one, false when done.
  bool Step();
  /// Steps a statement that returns no rows (INSERT, UPDATE, DELETE) to its end and
  /// resets it so that it can run again with new bindings.
  void Run();
  /// Resets the statement after Step() to run it again (bindings are kept).
  void Reset();

  int64_t ColumnInt64(int column) const;
  /// The column's text (or blob bytes); empty for NULL.
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  SqliteConnection* connection_;
  sqlite3_stmt* statement_;
  bool* in_use_;
};

/// One open SQLite database file. Not thread-safe: the store serializes access.
class SqliteConnection {
 public:
  /// Opens (creating when missing) the database at `path`. Sets no pragmas.
  explicit SqliteConnection(const std::string& path);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  /// Runs one or more statements without parameters (schema, pragmas, BEGIN/COMMIT).
  void Exec(const std::string& sql);
  /// A statement for `sql`, from the cache when one is free.
  SqliteStatement Prepare(const std::string& sql);

  /// The single integer a query such as "PRAGMA user_version" returns.
  int64_t QueryInt64(const std::string& sql);

  /// Rows changed by the last INSERT / UPDATE / DELETE.
  int64_t changes() const;
  int64_t last_insert_rowid() const;
  /// True inside a transaction begun with BEGIN (not in autocommit mode).
  bool in_transaction() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  /// Throws SqliteBusyError or CatalogError for the result `code` of an API call.
  [[noreturn]] void Fail(int code, std::string_view during) const;
 private:
  struct CachedStatement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, CachedStatement> cache_;
};

}  // namespace sluice::catalog
