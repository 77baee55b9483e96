#pragma once
// The SQL entry point: text → parse → bind → optimize → physical plan → pipelines →
// result. Used by `sluice query`, `sluice sql`, the logic-test runner and (later) the
// HTTP API and job runner.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "sql/expression/kernel.h"
#include "sql/parser/statement.h"

namespace sluice::sql {
struct ParameterValues;
}

namespace sluice::engine {

class PreparedStatement;

/// What a statement returned: named, typed columns and their rows. EXPLAIN returns
/// one varchar column "plan" with one row per line; SET … returns no columns.
struct QueryResult {
  Schema schema;
  std::vector<Chunk> chunks;
  size_t num_rows() const;
};

/// Runs statements with session state (the time zone) that lives across statements.
/// One statement runs at a time per engine; Cancel() may be called from any thread or
/// a signal handler.
class QueryEngine {
 public:
  QueryEngine();
  const sql::SessionSettings& session() const { return session_; }
  sql::SessionSettings& session() { return session_; }

  /// The most memory one query's operators may reserve, in bytes (0: no limit); a
  /// query past it fails with OutOfMemoryError naming the operator. Default:
  /// QueryMemory::DefaultLimit() (80% of the machine's memory).
  uint64_t memory_limit() const { return memory_limit_; }
  void set_memory_limit(uint64_t bytes) { memory_limit_ = bytes; }

  /// Asks the running statement to stop: it throws InterruptedError("query
  /// cancelled") at its next chunk boundary. Thread-safe and async-signal-safe (one
  /// atomic store). A request made while no statement runs stops the next statement of
  /// the ExecuteAll call in progress, or is forgotten when the next Execute or
  /// ExecuteAll starts (a late Ctrl-C must not kill the following query).
  void Cancel() { cancel_.store(true, std::memory_order_relaxed); }
  bool cancel_requested() const { return cancel_.load(std::memory_order_relaxed); }

  /// Runs one parsed statement; `sql` is the text it was parsed from (for error carets).
  /// Throws the error of any stage.
  QueryResult Execute(std::string_view sql, const sql::Statement& statement);
  /// Parses `sql` (one or more statements) and runs each; returns every result.
  std::vector<QueryResult> ExecuteAll(std::string_view sql);

  /// Parses one statement with `?` and/or `:name` parameters for running (many times)
  /// with values bound (prepared_statement.h). Throws ParseError, or
  /// InvalidArgumentError unless `sql` holds exactly one statement. The statement keeps
  /// a pointer to this engine, which must outlive it.
  PreparedStatement Prepare(std::string sql);

 private:
  friend class PreparedStatement;
  /// Execute without clearing the cancel flag; `parameters` (may be null) are the
  /// values of the statement's parameters.
  QueryResult Run(std::string_view sql, const sql::Statement& statement, const sql::ParameterValues* parameters);
  QueryResult RunQuery(std::string_view sql, const sql::QueryStatement& statement);
  QueryResult Explain(std::string_view sql, const sql::ExplainStatement& explain);
  QueryResult ExplainAnalyze(std::string_view sql, const sql::ExplainStatement& explain);
  void SetTimeZone(std::string_view sql, const sql::SetTimeZoneStatement& set);

  sql::SessionSettings session_;
  uint64_t memory_limit_;
  std::atomic<bool> cancel_{false};
};

}  // namespace sluice::engine
