#pragma once
// Window function calls → a Window node.
//
// The binders of a SELECT block's SELECT list and ORDER BY hand every `f(…) OVER (…)`
// to one WindowPlanner, which binds the call (arguments, PARTITION BY, ORDER BY and
// frame offsets through the same binder, so over an aggregated query they may use
// aggregates) and returns a placeholder column (kWindowColumnBase + k). After
// HAVING, Apply adds one Window node with every call over the plan and Resolve turns
// the placeholders into its columns. Named windows (WINDOW w AS (…), OVER w,
// OVER (w ORDER BY …)) are resolved here.

#include <vector>

#include "exec/window/window_function.h"
#include "sql/binder/expression_binder.h"
#include "sql/parser/query.h"

namespace sluice::sql {

class WindowPlanner : public WindowHandler {
 public:
  WindowPlanner(std::string_view sql, const std::vector<NamedWindow>& named) : sql_(sql), named_(named) {}

  BoundExpressionPtr BindWindow(const FunctionCallExpression& call, ExpressionBinder& binder) override;

  bool empty() const { return calls_.empty(); }
  /// The Window node over `plan` (whose width is the placeholder base), with the
  /// calls' expressions first rewritten by `resolve` (subquery placeholders).
  LogicalPlanPtr Apply(LogicalPlanPtr plan, const std::function<BoundExpressionPtr(const BoundExpressionPtr&)>& resolve);
  /// `expression` with window placeholders replaced by the Window node's columns.
  BoundExpressionPtr Resolve(const BoundExpressionPtr& expression) const;

 private:
  std::string_view sql_;
  const std::vector<NamedWindow>& named_;
  std::vector<exec::WindowCall> calls_;
  std::vector<std::string> texts_;  ///< Each call's SQL, to reuse identical calls.
  size_t base_ = SIZE_MAX;          ///< The Window node's first call column, once applied.
};

}  // namespace sluice::sql
