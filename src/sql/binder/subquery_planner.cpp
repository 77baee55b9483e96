#include "sql/binder/subquery_planner.h"

#include "sql/expression/expression_builder.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/column_remap.h"

namespace sluice::sql {

BoundExpressionPtr MakeConjunction(const std::vector<BoundExpressionPtr>& conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return conjuncts[0];
  return MakeAnd(conjuncts);
}

bool ReferencesRange(const BoundExpression& expression, size_t low, size_t high) {
  if (expression.kind() == BoundExpressionKind::kColumnRef) {
    size_t index = expression.As<BoundColumnRef>().index;
    return index >= low && index < high;
  }
  for (const BoundExpressionPtr& child : expression.children()) {
    if (ReferencesRange(*child, low, high)) return true;
  }
  return false;
}

bool ReferencesAtLeast(const BoundExpression& expression, size_t base) {
  return ReferencesRange(expression, base, SIZE_MAX);
}

BoundSubquery SubqueryPlanner::Bind(const Query& query, SourcePosition position, bool single_column) {
  BoundSubquery subquery = binder_.BindSubquery(query, correlation_scope_, correlation_plan_);
  if (single_column && subquery.num_visible != 1) {
    ThrowBinderError(binder_.sql(), position,
                     "multiple columns returned by subquery are not yet supported. Found " +
                         std::to_string(subquery.num_visible));
  }
  return subquery;
}

BoundExpressionPtr SubqueryPlanner::InCondition(const BoundExpressionPtr& operand, const BoundSubquery& subquery,
                                                SourcePosition position) {
  const Field& column = subquery.plan->output().field(0);
  BoundExpressionPtr value = MakeColumnRef(kSubqueryColumnBase, column.type, column.name);
  std::vector<BoundExpressionPtr> conjuncts;
  try {
    conjuncts.push_back(MakeComparison(ComparisonOperator::kEqual, operand, value));
  } catch (const BinderError& error) {
    ThrowBinderError(binder_.sql(), position, error.what());
  }
  conjuncts.insert(conjuncts.end(), subquery.correlations.begin(), subquery.correlations.end());
  return MakeConjunction(conjuncts);
}

BoundExpressionPtr SubqueryPlanner::Placeholder(PendingJoin join, DataType type) {
  join.placeholder = resolved_.size();
  resolved_.push_back(SIZE_MAX);
  pending_.push_back(std::move(join));
  return MakeColumnRef(kDeferredColumnBase + pending_.back().placeholder, std::move(type));
}

BoundExpressionPtr SubqueryPlanner::BindSubqueryExpression(const Expression& e, ExpressionBinder& binder) {
  switch (e.kind()) {
    case ExpressionKind::kExists: {
      BoundSubquery subquery = Bind(*e.As<ExistsExpression>().query, e.position, false);
      PendingJoin join{subquery.plan, exec::JoinType::kMark, MakeConjunction(subquery.correlations)};
      // A mark is NULL only for null-aware IN; EXISTS is TRUE or FALSE.
      return MakeCoalesce({Placeholder(join, DataType::Boolean()), MakeConstant(Value::Boolean(false))});
    }
    case ExpressionKind::kInSubquery: {
      const auto& in = e.As<InSubqueryExpression>();
      BoundExpressionPtr operand = binder.Bind(*in.operand);
      BoundSubquery subquery = Bind(*in.query, e.position, true);
      PendingJoin join{subquery.plan, exec::JoinType::kMark, InCondition(operand, subquery, e.position), true};
      BoundExpressionPtr mark = Placeholder(join, DataType::Boolean());
      return in.negated ? MakeNot(mark) : mark;
    }
    case ExpressionKind::kSubquery: {
      BoundSubquery subquery = Bind(*e.As<SubqueryExpression>().query, e.position, true);
      DataType type = subquery.plan->output().field(0).type;
      PendingJoin join{subquery.plan, exec::JoinType::kSingle, MakeConjunction(subquery.correlations)};
      join.value_column = 0;
      BoundExpressionPtr value = Placeholder(join, type);
      if (subquery.empty_value) value = MakeCoalesce({value, CoerceTo(subquery.empty_value, type)});
      return value;
    }
    case ExpressionKind::kQuantifiedComparison: {
      const auto& q = e.As<QuantifiedComparisonExpression>();
      bool in = q.op == BinaryOperator::kEqual && q.quantifier != Quantifier::kAll;
      bool not_in = q.op == BinaryOperator::kNotEqual && q.quantifier == Quantifier::kAll;
      if (!in && !not_in) {
        ThrowNotImplemented(binder_.sql(), e.position,
                            "quantified comparisons other than = ANY and <> ALL are not supported yet");
      }
      BoundExpressionPtr operand = binder.Bind(*q.operand);
      BoundSubquery subquery = Bind(*q.query, e.position, true);
      PendingJoin join{subquery.plan, exec::JoinType::kMark, InCondition(operand, subquery, e.position), true};
      BoundExpressionPtr mark = Placeholder(join, DataType::Boolean());
      return not_in ? MakeNot(mark) : mark;
    }
    default: break;
  }
  SLUICE_ASSERT(false, "a subquery expression");
  return nullptr;
}

bool SubqueryPlanner::PlanFilterConjunct(const Expression& conjunct, ExpressionBinder& binder) {
  const Expression* e = &conjunct;
  bool negated = false;
  while (e->kind() == ExpressionKind::kNot) {
    negated = !negated;
    e = e->As<NotExpression>().operand.get();
  }
  if (e->kind() == ExpressionKind::kExists) {
    BoundSubquery subquery = Bind(*e->As<ExistsExpression>().query, e->position, false);
    pending_.push_back({subquery.plan, negated ? exec::JoinType::kAnti : exec::JoinType::kSemi,
                        MakeConjunction(subquery.correlations)});
    return true;
  }
  if (e->kind() == ExpressionKind::kInSubquery) {
    const auto& in = e->As<InSubqueryExpression>();
    negated = negated != in.negated;
    BoundExpressionPtr operand = binder.Bind(*in.operand);
    BoundSubquery subquery = Bind(*in.query, e->position, true);
    // In a WHERE conjunct NULL and FALSE both drop the row, so IN needs no null
    // awareness; NOT IN does (x NOT IN (1, NULL) is never TRUE).
    pending_.push_back({subquery.plan, negated ? exec::JoinType::kAnti : exec::JoinType::kSemi,
                        InCondition(operand, subquery, e->position), negated});
    return true;
  }
  return false;
}

LogicalPlanPtr SubqueryPlanner::Apply(LogicalPlanPtr plan) {
  for (PendingJoin& join : pending_) {
    size_t width = plan->output().num_fields();
    BoundExpressionPtr condition;
    if (join.condition) {
      condition = RewriteColumns(join.condition, [&](const BoundExpressionPtr& ref) -> BoundExpressionPtr {
        const auto& column = ref->As<BoundColumnRef>();
        size_t index = column.index;
        if (index >= kOuterColumnBase) {
          index -= kOuterColumnBase;
        } else if (index >= kSubqueryColumnBase) {
          index = width + (index - kSubqueryColumnBase);
        } else if (index >= kDeferredColumnBase) {
          index = resolved_.at(index - kDeferredColumnBase);
          SLUICE_ASSERT(index != SIZE_MAX, "a subquery's value is joined before it is used");
        } else {
          return ref;
        }
        return MakeColumnRef(index, column.type(), column.name);
      });
    }
    plan = std::make_shared<LogicalJoin>(plan, join.right, join.type, condition, join.null_aware);
    if (join.placeholder != SIZE_MAX) {
      resolved_[join.placeholder] = join.type == exec::JoinType::kMark ? width : width + join.value_column;
    }
  }
  pending_.clear();
  return plan;
}

BoundExpressionPtr SubqueryPlanner::Resolve(const BoundExpressionPtr& expression) const {
  if (resolved_.empty()) return expression;
  return RewriteColumns(expression, [&](const BoundExpressionPtr& ref) -> BoundExpressionPtr {
    const auto& column = ref->As<BoundColumnRef>();
    if (column.index < kDeferredColumnBase || column.index >= kSubqueryColumnBase) return ref;
    size_t index = resolved_.at(column.index - kDeferredColumnBase);
    SLUICE_ASSERT(index != SIZE_MAX, "a subquery's value is joined before it is used");
    return MakeColumnRef(index, column.type(), column.name);
  });
}

}  // namespace sluice::sql
