#pragma once
// Jobs and PostgreSQL: loading a step's rows into a table (a job target) and reading a
// table or query into Parquet files the run's SQL reads (a job source).
//
// Loads (PostgresLoad): one transaction per target. The table is created when missing
// with mapped types (PostgresTypeName); rows go through COPY … FROM STDIN (text
// format). Modes:
//   append           COPY into the table
//   truncate_insert  TRUNCATE, then COPY
//   upsert           COPY into a temporary staging table, then
//                    INSERT … SELECT … ON CONFLICT (keys) DO UPDATE SET every other column
//                    (a new table gets PRIMARY KEY (keys), so key values must not be NULL;
//                    an existing table needs a unique index or primary key on exactly the
//                    keys, else an error naming them). Rows of one load with the same key:
//                    the last one in input order wins (as if applied one after another).
//   replace_where    DELETE FROM the table WHERE <predicate>, then COPY; `:name`
//                    parameters in the predicate are bound ($1…) from the job's arguments
// Nothing is visible to other sessions until Commit(); any failure, or Rollback(), or
// destruction without Commit(), leaves the table exactly as it was. truncate_insert
// holds an ACCESS EXCLUSIVE lock from Begin() to Commit() (readers wait; they never see
// the table empty); the other modes lock only the rows they change.
//
// Types (PostgresTypeName): boolean, tinyint → smallint, smallint, integer, bigint,
// real, double precision, numeric(p,s), varchar → text, varbinary → bytea, date,
// timestamp → timestamp (without time zone), timestamp with time zone → timestamptz
// (the instant; the zone is not kept); intervals, nested types and untyped NULL columns
// are refused before anything is written. (JSON text is varchar here: it loads into a
// json/jsonb column of an existing table.) An existing table's columns are matched by
// name (case-insensitively); a column of the rows the table lacks is an error naming
// it, and the table's other columns get their defaults. Table names follow PostgreSQL:
// `schema.table` or `table` (schema public), unquoted parts folded to lower case,
// "Quoted" parts kept as written (postgres_statements.h).
//
// Sources (ReadPostgresSource): a table or a query, read over `partitions` connections
// in parallel ranges of an integer/date/timestamp key column (min/max split evenly) —
// one range when no key is given — into Parquet files; PostgreSQL types map back
// exactly (numeric(p,s) → decimal(p,s) when p ≤ 38, unconstrained numeric →
// decimal(38,s) with s from the data or an error; timestamptz → timestamp with time zone;
// text/varchar/char → varchar; bytea → varbinary; json/jsonb → varchar JSON text; uuid →
// varchar), and a type without a mapping is an error naming the column. The ranges
// share one snapshot (REPEATABLE READ, pg_export_snapshot), so together they read the
// source as of one moment; the first range also holds NULL keys and the first and last
// are open-ended, so every row is read exactly once. Rows stream through COPY (SELECT …)
// TO STDOUT in chunks: nothing holds the whole source in memory.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "core/value.h"
#include "lake/lake.h"

namespace sluice::jobs {

/// PostgreSQL's type for a column of `type`; InvalidArgumentError for a type that has
/// none (intervals, nested types), naming `column`.
std::string PostgresTypeName(const DataType& type, const std::string& column);

struct PostgresTargetOptions {
  /// schema.table or table (public).
  std::string table;
  enum class Mode : uint8_t { kAppend, kTruncateInsert, kUpsert, kReplaceWhere };
  Mode mode = Mode::kAppend;
  std::vector<std::string> keys;  ///< upsert: the conflict columns.
  std::string replace_where;      ///< replace_where: the predicate (PostgreSQL SQL).
  /// Values of the job's arguments, for `:name` in replace_where.
  std::map<std::string, Value> parameters;
  /// Create the table when missing (default); otherwise a missing table is an error.
  bool create = true;
};

/// One target's load. Not thread-safe: the caller serializes Write calls.
class PostgresLoad {
 public:
  /// Connects (the password from the connection's env/file) and checks the options.
  PostgresLoad(const lake::ConnectionConfig& connection, PostgresTargetOptions options, Schema schema);
  ~PostgresLoad();  ///< Rolls back unless committed.
  PostgresLoad(const PostgresLoad&) = delete;
  PostgresLoad& operator=(const PostgresLoad&) = delete;

  /// BEGIN; creates the table when missing (or checks that its columns match the
  /// schema's names — by name, any order — and types can take the values); prepares
  /// the mode (TRUNCATE, DELETE … WHERE, the staging table); starts COPY.
  void Begin();
  /// Sends the chunk's rows (COPY text format; every type encoded exactly).
  void Write(const Chunk& chunk);
  /// Ends COPY and applies the mode (the upsert's INSERT … ON CONFLICT) — everything
  /// but COMMIT. Errors name the connection, the table and the server's message.
  void Finish();
  void Commit();
  void Rollback();

  uint64_t rows() const { return rows_; }
  uint64_t bytes() const { return bytes_; }  ///< COPY text bytes sent.
  /// Rows the mode removed or replaced (truncate_insert, replace_where; upsert: updated).
  uint64_t rows_replaced() const { return rows_replaced_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  uint64_t rows_ = 0;
  uint64_t bytes_ = 0;
  uint64_t rows_replaced_ = 0;
};

struct PostgresSourceOptions {
  std::string table;  ///< schema.table, or empty when `query` is given.
  std::string query;  ///< A SELECT (no trailing semicolon).
  /// The integer, date or timestamp column to split on; empty: one range.
  std::string partition_column;
  int partitions = 1;
};

struct PostgresReadResult {
  Schema schema;
  std::vector<std::string> files;  ///< Parquet files written (may be empty when no rows).
  uint64_t rows = 0;
  uint64_t bytes = 0;  ///< Bytes received from the server (text form).
};

/// Reads the source into Parquet files in `folder` (created; absolute). An empty
/// result still has its schema (one empty file is written so readers see the columns).
PostgresReadResult ReadPostgresSource(const lake::ConnectionConfig& connection,
                                      const PostgresSourceOptions& options, const std::string& folder);

}  // namespace sluice::jobs
