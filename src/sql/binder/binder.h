#pragma once
// The binder: a parsed query (sql/parser/ast.h) → a logical plan (sql/planner/
// logical_plan.h) whose output columns are the query's result columns, named as Trino
// names them (the alias, the column's name, else _colN).
//
// Order of a SELECT block, as SQL evaluates it: FROM (table functions, subqueries) →
// WHERE → GROUP BY / aggregates → HAVING → SELECT list → ORDER BY (output aliases,
// ordinals, or any expression over the FROM columns, added as hidden columns and
// dropped after the sort) → OFFSET / LIMIT. Errors are BinderError (or
// NotImplementedError) messages from FormatSqlError: line:column and a caret.

#include <string_view>

#include "sql/binder/bind_scope.h"
#include "sql/expression/kernel.h"
#include "sql/parser/ast.h"
#include "sql/planner/logical_plan.h"

namespace sluice::sql {

class Binder {
 public:
  /// `sql` is the text the AST came from (for error carets); both must outlive the
  /// binder.
  Binder(std::string_view sql, const SessionSettings& session) : sql_(sql), session_(session) {}

  LogicalPlanPtr BindQuery(const Query& query);

 private:
  /// A relation of FROM: its plan and the names it makes visible.
  struct Relation {
    LogicalPlanPtr plan;
    BindScope scope;
  };

  Relation BindTableRef(const TableRef& table);
  LogicalPlanPtr BindSelect(const SelectBody& select, const Query& query);
  uint64_t BindCount(const Expression& expression, std::string_view clause);

  std::string_view sql_;
  const SessionSettings& session_;
};

}  // namespace sluice::sql
