// Rule: constant folding. Every largest subexpression without column references and
// with deterministic functions only (BoundExpression::IsFoldable) is computed once, at
// plan time, and replaced by its value: `l_quantity <= CAST(1 + 10 AS decimal(15,2))`
// then compares against a constant per row, and folded constants feed the Parquet
// predicates. A subexpression whose evaluation fails (1 / 0) stays as it is, so the
// error is raised only if a row evaluates it (as Trino does).

#include "exec/expression/evaluator.h"
#include "sql/expression/expression_builder.h"
#include "sql/planner/column_remap.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

BoundExpressionPtr FoldExpression(const BoundExpressionPtr& expression, const SessionSettings& session) {
  if (!expression) return expression;
  return RewriteExpression(expression, [&](const BoundExpressionPtr& e) -> BoundExpressionPtr {
    if (e->kind() == BoundExpressionKind::kConstant || !e->IsFoldable()) return nullptr;
    try {
      Value value = exec::EvaluateConstant(*e, session);
      if (value.is_null()) return MakeConstant(Value::Null(e->type()));
      if (value.type() == e->type()) return MakeConstant(value);
    } catch (const Error&) {
    }
    return e;  // keep it whole: its error belongs to the rows that evaluate it
  });
}

std::vector<BoundExpressionPtr> FoldAll(const std::vector<BoundExpressionPtr>& list, const SessionSettings& session,
                                        bool* changed) {
  std::vector<BoundExpressionPtr> result;
  for (const BoundExpressionPtr& e : list) {
    result.push_back(FoldExpression(e, session));
    *changed = *changed || result.back() != e;
  }
  return result;
}

}  // namespace

LogicalPlanPtr FoldConstants(const LogicalPlanPtr& node, const SessionSettings& session) {
  LogicalPlanPtr plan = MapChildren(node, [&](const LogicalPlanPtr& child) { return FoldConstants(child, session); });
  bool changed = false;
  switch (plan->kind()) {
    case LogicalKind::kFilter: {
      BoundExpressionPtr predicate = FoldExpression(plan->As<LogicalFilter>().predicate, session);
      if (predicate == plan->As<LogicalFilter>().predicate) return plan;
      return std::make_shared<LogicalFilter>(plan->child(), predicate);
    }
    case LogicalKind::kProject: {
      const auto& project = plan->As<LogicalProject>();
      std::vector<BoundExpressionPtr> expressions = FoldAll(project.expressions, session, &changed);
      if (!changed) return plan;
      std::vector<std::string> names;
      for (const Field& field : plan->output().fields()) names.push_back(field.name);
      return std::make_shared<LogicalProject>(plan->child(), expressions, names);
    }
    case LogicalKind::kJoin: {
      const auto& join = plan->As<LogicalJoin>();
      BoundExpressionPtr condition = FoldExpression(join.condition, session);
      if (condition == join.condition) return plan;
      return std::make_shared<LogicalJoin>(join.children()[0], join.children()[1], join.type, condition,
                                           join.null_aware);
    }
    case LogicalKind::kAggregate: {
      const auto& aggregate = plan->As<LogicalAggregate>();
      std::vector<BoundExpressionPtr> groups = FoldAll(aggregate.groups, session, &changed);
      std::vector<AggregateCall> calls = aggregate.aggregates;
      for (AggregateCall& call : calls) call.arguments = FoldAll(call.arguments, session, &changed);
      if (!changed) return plan;
      return std::make_shared<LogicalAggregate>(plan->child(), groups, calls, aggregate.output());
    }
    default: return plan;
  }
}

}  // namespace sluice::sql
