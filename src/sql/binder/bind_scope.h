#pragma once
// The names visible to an expression: the columns of the FROM clause, each with the
// table (alias) it came from. Column i of the scope is column i of the plan the
// expressions are bound over.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "sql/parser/expression.h"

namespace sluice::sql {

struct ScopeColumn {
  std::string table;  ///< The relation's alias or name; empty when it has none.
  std::string name;
  DataType type;
  /// Reachable only with its table's name (t.k): the right or left copy of a USING
  /// column, whose merged form is the unqualified column. Skipped by `*`.
  bool qualified_only = false;
};

/// Column indices with these bits set are not columns of the scope's plan but markers
/// the binder resolves later (sql/binder/subquery_planner.h): a column of the
/// enclosing query (correlation), a column of a subquery's output, a subquery's value
/// not yet joined.
inline constexpr size_t kOuterColumnBase = size_t{1} << 30;
inline constexpr size_t kSubqueryColumnBase = size_t{1} << 29;
inline constexpr size_t kDeferredColumnBase = size_t{1} << 28;
/// A window function's value, before the Window node exists (window_planner.h).
inline constexpr size_t kWindowColumnBase = size_t{1} << 27;

class BindScope {
 public:
  BindScope() = default;
  explicit BindScope(std::vector<ScopeColumn> columns) : columns_(std::move(columns)) {}

  const std::vector<ScopeColumn>& columns() const { return columns_; }
  size_t size() const { return columns_.size(); }
  const ScopeColumn& column(size_t i) const { return columns_[i]; }

  /// The column a (possibly qualified) name refers to. Names match case-insensitively,
  /// as Trino's do. Throws BinderError with a caret at the reference: "column 'x'
  /// cannot be resolved; candidates: a, b" or "column 'x' is ambiguous".
  size_t Resolve(std::string_view sql, const ColumnRefExpression& reference) const;
  /// Like Resolve, but nullopt when no column has the name (ambiguity still throws).
  std::optional<size_t> TryResolve(std::string_view sql, const ColumnRefExpression& reference) const;
  /// The columns of table `table` (for t.*), in order; empty when there is no such table.
  std::vector<size_t> ColumnsOf(std::string_view table) const;

 private:
  std::vector<ScopeColumn> columns_;
};

/// ASCII case-insensitive equality (identifiers).
bool NamesEqual(std::string_view a, std::string_view b);

/// Throws BinderError with FormatSqlError's "line L:C: message" and caret.
[[noreturn]] void ThrowBinderError(std::string_view sql, SourcePosition position,
                                   std::string_view message);

}  // namespace sluice::sql
