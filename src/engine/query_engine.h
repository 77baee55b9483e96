#pragma once
// The SQL entry point: text → parse → bind → optimize → physical plan → pipelines →
// result. Used by `sluice query`, the logic-test runner and (later) the HTTP API and
// job runner.

#include <string>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "sql/expression/kernel.h"
#include "sql/parser/statement.h"

namespace sluice::engine {

/// What a statement returned: named, typed columns and their rows. EXPLAIN returns
/// one varchar column "plan" with one row per line.
struct QueryResult {
  Schema schema;
  std::vector<Chunk> chunks;
  size_t num_rows() const;
};

/// Runs statements with session state (the time zone) that lives across statements.
class QueryEngine {
 public:
  QueryEngine() = default;
  const sql::SessionSettings& session() const { return session_; }
  sql::SessionSettings& session() { return session_; }

  /// Runs one parsed statement; `sql` is the text it was parsed from (for error carets).
  /// Throws the error of any stage.
  QueryResult Execute(std::string_view sql, const sql::Statement& statement);
  /// Parses `sql` (one or more statements) and runs each; returns every result.
  std::vector<QueryResult> ExecuteAll(std::string_view sql);

 private:
  QueryResult Explain(std::string_view sql, const sql::ExplainStatement& explain);
  sql::SessionSettings session_;
};

}  // namespace sluice::engine
