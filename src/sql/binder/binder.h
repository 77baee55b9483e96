#pragma once
// The binder: a parsed query (sql/parser/ast.h) → a logical plan (sql/planner/
// logical_plan.h) whose output columns are the query's result columns, named as Trino
// names them (the alias, the column's name, else _colN).
//
// Order of a SELECT block, as SQL evaluates it: FROM (table functions, subqueries,
// joins, CTE references) → WHERE → GROUP BY / aggregates → HAVING → SELECT list →
// DISTINCT → ORDER BY (output aliases, ordinals, or any expression over the FROM
// columns, added as hidden columns and dropped after the sort) → OFFSET / LIMIT.
// Set operations combine bodies; WITH names queries that references inline (each
// reference binds the CTE's query again, as Trino does).
//
// Subqueries in expressions become joins (subquery_planner.h): EXISTS / IN in a
// WHERE conjunct a semi or anti join, elsewhere a mark join; scalar subqueries a
// single-row join. A correlated subquery is decorrelated while it is bound: its WHERE
// conjuncts that name outer columns become the join's condition, and an aggregated
// subquery is grouped by the inner side of its equality correlations — no subquery is
// ever run once per outer row.
//
// Errors are BinderError (or NotImplementedError) messages from FormatSqlError:
// line:column and a caret.

#include <string>
#include <string_view>
#include <vector>

#include "sql/binder/bind_scope.h"
#include "sql/binder/view_resolver.h"
#include "sql/expression/kernel.h"
#include "sql/parser/ast.h"
#include "sql/planner/logical_plan.h"

namespace sluice::sql {

/// A subquery bound for a join: its plan, whose first `num_visible` columns are the
/// select list (more columns may follow: the inner side of correlations), and the
/// correlated conjuncts over outer columns (kOuterColumnBase + i) and the plan's
/// output columns (kSubqueryColumnBase + j).
struct BoundSubquery {
  LogicalPlanPtr plan;
  size_t num_visible = 0;
  std::vector<BoundExpressionPtr> correlations;
  /// The first column's value when no row matches the correlations (count(*) of no
  /// rows is 0, not NULL); null when it is NULL.
  BoundExpressionPtr empty_value;
};

class Binder {
 public:
  /// `sql` is the text the AST came from (for error carets); both must outlive the
  /// binder. `parent`: the binder of the enclosing query (its CTEs are visible).
  Binder(std::string_view sql, const SessionSettings& session, const Binder* parent = nullptr)
      : sql_(sql), session_(session), parent_(parent) {}

  LogicalPlanPtr BindQuery(const Query& query);

  /// Binds the query of a subquery expression. `outer` (may be null) is the scope of
  /// the enclosing SELECT: names the subquery's WHERE cannot resolve locally resolve
  /// there and become correlations. `outer_plan` produces the outer rows (its first
  /// columns are `outer`'s); an aggregated subquery correlated by more than
  /// equalities is joined with the distinct outer values it needs (its domain).
  BoundSubquery BindSubquery(const Query& query, const BindScope* outer, LogicalPlanPtr outer_plan = nullptr);

  std::string_view sql() const { return sql_; }
  const SessionSettings& session() const { return session_; }

  /// FROM names that are no WITH query resolve through `views` (null: none) in this
  /// binder and every binder under it (bind_view.cpp). `view_path`: the views whose
  /// queries are being bound, outermost first (CREATE VIEW v binds v's new query with
  /// {"v"}); naming one of them again is a recursion error.
  void set_views(const ViewResolver* views, std::vector<std::string> view_path = {}) {
    views_ = views;
    view_path_ = std::move(view_path);
  }

 private:
  /// A relation of FROM: its plan and the names it makes visible.
  struct Relation {
    LogicalPlanPtr plan;
    BindScope scope;
  };
  /// A CTE found by name: the binder whose WITH defines it and its position there
  /// (its query sees that binder's CTEs before it).
  struct CommonTableRef {
    const Binder* owner = nullptr;
    size_t index = 0;
  };

  /// A SELECT block's result before the set operation / ORDER BY above it.
  struct SelectResult {
    LogicalPlanPtr plan;
    size_t num_visible = 0;
    std::vector<BoundExpressionPtr> correlations;
    BoundExpressionPtr empty_value;
  };

  LogicalPlanPtr BindQueryBody(const QueryBody& body);
  LogicalPlanPtr BindSetOperation(const SetOperationBody& body);
  LogicalPlanPtr BindValues(const ValuesBody& body);
  Relation BindTableRef(const TableRef& table);
  Relation BindJoin(const JoinRef& join);
  /// `query` supplies ORDER BY / OFFSET / LIMIT when the SELECT is the query's body
  /// (null for a SELECT inside a set operation). `outer`: see BindSubquery.
  SelectResult BindSelect(const SelectBody& select, const Query* query, const BindScope* outer);
  /// ORDER BY / OFFSET / LIMIT of a query over a non-SELECT body (output columns only).
  LogicalPlanPtr BindOrderLimit(LogicalPlanPtr plan, const Query& query);
  uint64_t BindCount(const Expression& expression, std::string_view clause);
  /// The CTE named `name` among this binder's first `visible` CTEs or its parents'.
  CommonTableRef FindCommonTable(std::string_view name, size_t visible) const;
  /// The plan of the view (or CREATE TABLE AS table) `table` names, or null when
  /// there is none (bind_view.cpp).
  LogicalPlanPtr BindView(const BaseTableRef& table) const;
  /// Binds `view`'s stored query with `resolver` (the names inside it) for a
  /// reference at `reference`; `path`: the views being bound around it (bind_view.cpp).
  LogicalPlanPtr BindStoredView(const ViewDefinition& view, const ViewResolver* resolver,
                                std::vector<std::string> path, SourcePosition reference) const;
  /// The plan of the catalog table or view `table` names, or null when no catalog is
  /// attached (bind_catalog_table.cpp).
  LogicalPlanPtr BindCatalogTable(const BaseTableRef& table) const;

  std::string_view sql_;
  const SessionSettings& session_;
  const Binder* parent_;
  /// How many of the parent's CTEs this binder sees (a CTE's query sees those
  /// defined before it only; no recursion).
  size_t parent_visible_ = SIZE_MAX;
  std::vector<const CommonTableExpression*> ctes_;
  /// The outer rows of the subquery this binder binds (see BindSubquery).
  LogicalPlanPtr outer_plan_;
  /// Set on the root binder of a statement or of a view's query (children reach them
  /// through parent_): see set_views.
  const ViewResolver* views_ = nullptr;
  std::vector<std::string> view_path_;
};

}  // namespace sluice::sql
