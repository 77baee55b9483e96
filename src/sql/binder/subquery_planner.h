#pragma once
// Subqueries in expressions → joins.
//
// The expression binders of a SELECT block hand every subquery they meet to one
// SubqueryPlanner, which binds it (decorrelating it, see binder.h) and records a
// pending join; the expression gets a placeholder column (kDeferredColumnBase + k)
// for the subquery's value. When the block has built the plan the expressions are
// evaluated over (the FROM plan for WHERE and SELECT, the aggregate for HAVING),
// Apply joins the pending subqueries onto it, left to right, and Resolve turns
// placeholders into the columns the joins appended:
//   EXISTS (q)           mark join on the correlations (value: the mark);
//   x IN (q)             null-aware mark join on x = q.c AND the correlations;
//   (q)                  single join (value: q's column; more than one row fails);
// and for a conjunct of WHERE (PlanFilterConjunct), without a value:
//   [NOT] EXISTS (q)     semi (anti) join;   x IN (q) semi join;
//   x NOT IN (q)         null-aware anti join.

#include <vector>

#include "sql/binder/binder.h"
#include "sql/binder/expression_binder.h"

namespace sluice::sql {

class SubqueryPlanner : public SubqueryHandler {
 public:
  /// `correlation_scope`: the scope whose columns a subquery may reference (the FROM
  /// scope of the block, whose columns are the first columns of the plans Apply gets);
  /// null where correlation is not supported (over an aggregate).
  SubqueryPlanner(Binder& binder, const BindScope* correlation_scope, LogicalPlanPtr correlation_plan = nullptr)
      : binder_(binder), correlation_scope_(correlation_scope), correlation_plan_(std::move(correlation_plan)) {}

  BoundExpressionPtr BindSubqueryExpression(const Expression& expression, ExpressionBinder& binder) override;

  /// A WHERE conjunct that is [NOT] EXISTS or [NOT] IN (subquery) becomes a semi or
  /// anti join; true when `conjunct` had that form (it then needs no filter).
  bool PlanFilterConjunct(const Expression& conjunct, ExpressionBinder& binder);

  bool has_pending() const { return !pending_.empty(); }
  /// Joins the pending subqueries onto `plan` (in the order they were met).
  LogicalPlanPtr Apply(LogicalPlanPtr plan);
  /// `expression` with placeholders of applied subqueries replaced by their columns.
  BoundExpressionPtr Resolve(const BoundExpressionPtr& expression) const;

 private:
  struct PendingJoin {
    LogicalPlanPtr right;
    exec::JoinType type;
    BoundExpressionPtr condition;  ///< Over outer / subquery / placeholder markers.
    bool null_aware = false;
    size_t placeholder = SIZE_MAX;  ///< Its value's placeholder number, if any.
    size_t value_column = 0;        ///< Right column of the value (single join).
  };

  BoundSubquery Bind(const Query& query, SourcePosition position, bool single_column);
  /// x = q.c of `x IN (q)` AND the correlations.
  BoundExpressionPtr InCondition(const BoundExpressionPtr& operand, const BoundSubquery& subquery,
                                 SourcePosition position);
  BoundExpressionPtr Placeholder(PendingJoin join, DataType type);

  Binder& binder_;
  const BindScope* correlation_scope_;
  LogicalPlanPtr correlation_plan_;
  std::vector<PendingJoin> pending_;
  std::vector<size_t> resolved_;  ///< Placeholder k → column (SIZE_MAX: not applied yet).
};

/// AND of `conjuncts` (null when empty).
BoundExpressionPtr MakeConjunction(const std::vector<BoundExpressionPtr>& conjuncts);

/// True when `expression` references a column with index >= `base`.
bool ReferencesAtLeast(const BoundExpression& expression, size_t base);
/// True when `expression` references a column with index in [low, high).
bool ReferencesRange(const BoundExpression& expression, size_t low, size_t high);

}  // namespace sluice::sql
