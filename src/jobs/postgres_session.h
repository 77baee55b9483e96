#pragma once
// One libpq connection of a job to a named PostgreSQL connection (sluice.yaml
// `connections:`): parameterized statements, COPY … FROM STDIN and COPY … TO STDOUT.
// The catalog's PgConnection (catalog/postgres_connection.h) serves the catalog store
// and words its errors for it; a job's errors instead name the connection, what was
// being done (the table) and the server's message, and are typed by SQLSTATE:
//   class 23 (integrity: NOT NULL, unique, foreign key, check)  ConstraintError
//   class 22 (data: overflow, invalid text for a type)          ConversionError
//   class 42 (syntax, undefined table or column, privilege)     InvalidArgumentError
//   anything else, and a lost connection                        IOError
//
// Every session runs with client_encoding UTF8, DateStyle ISO, TimeZone UTC,
// bytea_output hex and extra_float_digits 3, which postgres_copy_text.h relies on.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/postgres_connection.h"
#include "jobs/connections.h"

namespace sluice::jobs {

/// PostgreSQL type OIDs (pg_type.oid) that jobs map.
namespace pg_oid {
inline constexpr Oid kBool = 16;
inline constexpr Oid kBytea = 17;
inline constexpr Oid kChar = 18;
inline constexpr Oid kName = 19;
inline constexpr Oid kInt8 = 20;
inline constexpr Oid kInt2 = 21;
inline constexpr Oid kInt4 = 23;
inline constexpr Oid kText = 25;
inline constexpr Oid kOid = 26;
inline constexpr Oid kJson = 114;
inline constexpr Oid kFloat4 = 700;
inline constexpr Oid kFloat8 = 701;
inline constexpr Oid kBpchar = 1042;
inline constexpr Oid kVarchar = 1043;
inline constexpr Oid kDate = 1082;
inline constexpr Oid kTime = 1083;
inline constexpr Oid kTimestamp = 1114;
inline constexpr Oid kTimestampTz = 1184;
inline constexpr Oid kNumeric = 1700;
inline constexpr Oid kUuid = 2950;
inline constexpr Oid kJsonb = 3802;
}  // namespace pg_oid

/// One connection. Not thread-safe: one thread uses it at a time.
class PostgresSession {
 public:
  /// Connects (the password from ConnectionPassword) and sets the session up. IOError
  /// naming the connection and libpq's message when the server cannot be reached or
  /// refuses; InvalidArgumentError when the url holds a password.
  static std::unique_ptr<PostgresSession> Connect(const ConnectionConfig& connection);
  ~PostgresSession();
  PostgresSession(const PostgresSession&) = delete;
  PostgresSession& operator=(const PostgresSession&) = delete;

  /// What errors name after the connection ("table public.t"); "" for nothing.
  void set_context(std::string context) { context_ = std::move(context); }
  /// "connection 'warehouse' (postgresql://etl@db:5432/analytics)".
  const std::string& description() const { return description_; }

  /// Runs one statement with `params` bound to $1, $2, … (text form); `types` gives
  /// their type OIDs (empty or 0: the server infers it). Errors as the file comment says.
  catalog::PgResult Exec(const std::string& sql, const std::vector<catalog::PgValue>& params = {},
                         const std::vector<Oid>& types = {});

  /// Starts `sql` (COPY … FROM STDIN); then PutCopyData, then EndCopyIn or AbortCopyIn.
  void BeginCopyIn(const std::string& sql);
  void PutCopyData(std::string_view data);
  /// Ends the COPY and returns the rows the server stored; the server's error otherwise.
  uint64_t EndCopyIn();
  /// Ends a COPY IN in progress with an error (nothing it sent is kept); never throws.
  void AbortCopyIn() noexcept;

  /// Starts `sql` (COPY … TO STDOUT); then NextCopyRow until it returns false.
  void BeginCopyOut(const std::string& sql);
  /// The next row's text (with its '\n'), valid until the next call; false at the end
  /// (the COPY's result checked).
  bool NextCopyRow(std::string_view* row);

  bool in_copy() const { return copy_ != CopyState::kNone; }
  /// True inside a transaction block (including a failed one).
  bool in_transaction() const;

 private:
  enum class CopyState : uint8_t { kNone, kIn, kOut };
  PostgresSession(PGconn* conn, std::string description) : conn_(conn), description_(std::move(description)) {}
  /// Throws the error of `result` (may be null: the connection's message).
  [[noreturn]] void Fail(PGresult* result, const std::string& what) const;
  /// Collects the results of the statement that just ended; throws the first error.
  void FinishResults(const std::string& what, uint64_t* rows);

  PGconn* conn_;
  std::string description_;
  std::string context_;
  CopyState copy_ = CopyState::kNone;
  char* copy_row_ = nullptr;  ///< The last row NextCopyRow returned (libpq's buffer).
};

/// `name` as a quoted SQL identifier: "a""b".
std::string QuotePostgresIdentifier(std::string_view name);

}  // namespace sluice::jobs
