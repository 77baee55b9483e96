#pragma once
// A thin RAII layer over one libpq connection for the PostgreSQL catalog store
// (catalog/postgres_store.h): every statement goes through PQexecParams with its
// values bound as text parameters, never spliced into the SQL; failures become
// PostgresError carrying the SQLSTATE so the store can tell a busy or lost server
// from a bad request.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sluice::catalog {

/// A failed statement or connection: CatalogError whose message names the store and
/// repeats the server's message, plus the SQLSTATE ("" when libpq gave none, e.g. the
/// connection dropped) and whether the connection was lost.
class PostgresError : public CatalogError {
 public:
  PostgresError(const std::string& message, std::string sqlstate, bool connection_lost)
      : CatalogError(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
  const std::string& sqlstate() const { return sqlstate_; }
  bool connection_lost() const { return connection_lost_; }

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

/// A libpq message on one line: its trailing newline dropped, inner newlines made
/// spaces (libpq's messages may carry several lines).
std::string OneLinePostgresMessage(std::string_view message);

/// One bound parameter: its text form, or SQL NULL.
struct PgValue {
  PgValue(std::string_view value) : text(value) {}         // NOLINT(google-explicit-constructor)
  PgValue(const std::string& value) : text(value) {}       // NOLINT(google-explicit-constructor)
  PgValue(const char* value) : text(value) {}              // NOLINT(google-explicit-constructor)
  PgValue(int64_t value) : text(std::to_string(value)) {}  // NOLINT(google-explicit-constructor)
  PgValue(int value) : text(std::to_string(value)) {}      // NOLINT(google-explicit-constructor)
  PgValue(bool value) : text(value ? "true" : "false") {}  // NOLINT(google-explicit-constructor)
  PgValue(std::nullopt_t) : is_null(true) {}               // NOLINT(google-explicit-constructor)

  std::string text;
  bool is_null = false;
};

/// The rows of one successful statement (text format). Owns the PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result, &PQclear) {}

  int num_rows() const { return PQntuples(result_.get()); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view Text(int row, int column) const;
  /// The value as an integer; 0 for NULL.
  int64_t Int(int row, int column) const;
  /// "t" is true; NULL and anything else false.
  bool Bool(int row, int column) const;
  /// Rows an INSERT/UPDATE/DELETE touched.
  int64_t affected_rows() const;
  /// The command tag ("COMMIT", "ROLLBACK", "INSERT 0 1", ...).
  std::string_view command_status() const { return PQcmdStatus(result_.get()); }
  /// The libpq result (may be null when libpq ran out of memory).
  PGresult* raw() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

/// One open connection. Not thread-safe: the store serializes its use.
class PgConnection {
 public:
  /// Connects with PQconnectdbParams(expand_dbname): `url` (URI or key=value string)
  /// gives everything but the password, which comes from `password` when set, else
  /// libpq's own PGPASSWORD / ~/.pgpass. CatalogError naming host, port and database
  /// with libpq's message when the server cannot be reached or refuses.
  static std::unique_ptr<PgConnection> Connect(const std::string& url,
                                               const std::optional<std::string>& password);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Runs one statement with `params` bound to $1, $2, …; PostgresError on failure.
  PgResult Exec(const std::string& sql, const std::vector<PgValue>& params = {});

  /// True when the connection is up (not known to be broken).
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  /// Reconnects with the same parameters; CatalogError when that fails.
  void Reset();
  /// True inside a transaction block (including a failed one).
  bool in_transaction() const;

  /// `name` quoted as an SQL identifier (PQescapeIdentifier).
  std::string QuoteIdentifier(std::string_view name) const;

  /// "postgresql://user@host:port/db" of the live connection; never a password.
  std::string Describe() const;

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

/// `url` as "postgresql://user@host:port/db" for messages, built from its parsed
/// parts and libpq's defaults (never its password).
std::string DescribePostgresUrl(const std::string& url);

}  // namespace sluice::catalog
