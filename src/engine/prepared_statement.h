#pragma once
// Prepared statements: SQL parsed once, with `?` and `:name` placeholders bound to typed
// values for each execution. Values are never spliced into SQL text: the binder turns
// each placeholder into a constant of its value's type (sql/binder/bind_parameter.h), so
// a varchar holding `'; DROP TABLE t; --` is compared, returned or written as data.
//
//   engine::PreparedStatement statement =
//       engine.Prepare("SELECT * FROM read_csv(:path) WHERE age > ? AND name = ?");
//   statement.Bind("path", Value::Varchar("people.csv"));
//   statement.Bind(1, Value::BigInt(30));
//   statement.Bind(2, Value::Varchar("Ada"));
//   engine::QueryResult result = statement.Execute();

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "engine/query_engine.h"
#include "sql/binder/bind_parameter.h"

namespace sluice::engine {

/// One parsed statement and its current parameter values. Movable, not copyable; not
/// thread-safe (one thread binds and executes it). Bindings persist across Execute
/// calls until rebound or cleared.
class PreparedStatement {
 public:
  PreparedStatement(PreparedStatement&&) noexcept = default;
  PreparedStatement& operator=(PreparedStatement&&) noexcept = default;

  const std::string& sql() const { return *sql_; }
  /// How many `?` placeholders the statement has (numbered 1.. in source order).
  size_t num_positional() const { return values_.positional.size(); }
  /// The distinct `:name` placeholders, lower case without the colon, in source order.
  const std::vector<std::string>& names() const { return names_; }

  /// Binds the `index`-th `?` (1-based, as JDBC and SQLite count). Throws
  /// InvalidArgumentError when there is no such placeholder.
  void Bind(size_t index, Value value);
  /// Binds `:name` (case-insensitive; a leading ':' is allowed). Throws
  /// InvalidArgumentError when the statement has no such placeholder.
  void Bind(std::string_view name, Value value);
  /// Forgets every bound value.
  void ClearBindings();

  /// Runs the statement with the bound values on the engine it was prepared by (its
  /// session, memory limit and cancel flag). Throws InvalidArgumentError naming the
  /// placeholders without a value, or any error of the statement.
  QueryResult Execute();

 private:
  friend class QueryEngine;
  PreparedStatement(QueryEngine* engine, std::unique_ptr<const std::string> sql, sql::StatementPtr statement);

  QueryEngine* engine_;
  /// Heap-allocated so the statement's views and positions stay valid across moves.
  std::unique_ptr<const std::string> sql_;
  sql::StatementPtr statement_;
  std::vector<std::string> names_;
  sql::ParameterValues values_;
};

}  // namespace sluice::engine
