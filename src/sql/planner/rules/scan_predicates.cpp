// Rule: comparisons of a Parquet scan's column with a constant become ColumnPredicates
// of the scan, which the reader uses to skip row groups and pages by their statistics.
// Only conjuncts of the form `column op constant` (either side), `column IS [NOT]
// NULL` on a column of the constant's type qualify; the Filter stays above the scan.

#include "exec/expression/evaluator.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

std::optional<parquet::ScalarValue> ToScalar(const Value& value) {
  const DataType& type = value.type();
  if (value.is_null()) return std::nullopt;
  switch (type.id()) {
    case TypeId::kBoolean: return parquet::ScalarValue::Boolean(value.boolean());
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDate:
    case TypeId::kTimestamp: return parquet::ScalarValue::Integer(type, value.int64());
    case TypeId::kDecimal: return parquet::ScalarValue::Integer(type, value.unscaled());
    case TypeId::kReal:
    case TypeId::kDouble: return parquet::ScalarValue::Floating(type, value.float64());
    case TypeId::kVarchar: return parquet::ScalarValue::Varchar(value.string());
    default: return std::nullopt;
  }
}

std::optional<parquet::CompareOp> ToCompareOp(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::kEqual: return parquet::CompareOp::kEqual;
    case ComparisonOperator::kLess: return parquet::CompareOp::kLess;
    case ComparisonOperator::kLessEqual: return parquet::CompareOp::kLessEqual;
    case ComparisonOperator::kGreater: return parquet::CompareOp::kGreater;
    case ComparisonOperator::kGreaterEqual: return parquet::CompareOp::kGreaterEqual;
    default: return std::nullopt;
  }
}

/// The predicate `conjunct` states about one column of `scan`, if it has that shape.
std::optional<parquet::ColumnPredicate> ToColumnPredicate(const BoundExpression& conjunct,
                                                          const LogicalScan& scan,
                                                          const SessionSettings& session) {
  auto column_name = [&](const BoundExpression& e) -> std::optional<std::string> {
    if (e.kind() != BoundExpressionKind::kColumnRef) return std::nullopt;
    if (scan.source->IsFileConstant(scan.columns[e.As<BoundColumnRef>().index])) return std::nullopt;  // not in the files
    return scan.source->schema.field(scan.columns[e.As<BoundColumnRef>().index]).name;
  };
  if (conjunct.kind() == BoundExpressionKind::kIsNull) {
    const auto& is_null = conjunct.As<BoundIsNull>();
    auto column = column_name(*is_null.operand);
    if (!column) return std::nullopt;
    return parquet::ColumnPredicate{*column, is_null.negated ? parquet::CompareOp::kIsNotNull : parquet::CompareOp::kIsNull,
                                    parquet::ScalarValue::Null(is_null.operand->type())};
  }
  if (conjunct.kind() != BoundExpressionKind::kComparison) return std::nullopt;
  const auto& comparison = conjunct.As<BoundComparison>();
  ComparisonOperator op = comparison.op;
  const BoundExpression* column_side = comparison.left.get();
  const BoundExpression* constant_side = comparison.right.get();
  if (!column_name(*column_side)) {
    std::swap(column_side, constant_side);
    op = FlipComparison(op);
  }
  auto column = column_name(*column_side);
  auto compare = ToCompareOp(op);
  if (!column || !compare || !constant_side->IsFoldable()) return std::nullopt;
  Value value;
  try {
    value = exec::EvaluateConstant(*constant_side, session);
  } catch (const Error&) {
    return std::nullopt;  // the filter reports the error when it runs
  }
  auto scalar = ToScalar(value);
  if (!scalar) return std::nullopt;
  return parquet::ColumnPredicate{*column, *compare, *scalar};
}

}  // namespace

LogicalPlanPtr PushFiltersIntoScans(const LogicalPlanPtr& plan, const SessionSettings& session) {
  if (plan->children().size() != 1) {
    return MapChildren(plan, [&](const LogicalPlanPtr& child) { return PushFiltersIntoScans(child, session); });
  }
  LogicalPlanPtr child = PushFiltersIntoScans(plan->child(), session);
  if (plan->kind() == LogicalKind::kFilter && child->kind() == LogicalKind::kScan) {
    const auto& scan = child->As<LogicalScan>();
    if (scan.source->format == TableFormat::kParquet) {
      const BoundExpressionPtr& predicate = plan->As<LogicalFilter>().predicate;
      std::vector<BoundExpressionPtr> conjuncts = {predicate};
      if (predicate->kind() == BoundExpressionKind::kConjunction &&
          predicate->As<BoundConjunction>().conjunction == ConjunctionKind::kAnd) {
        conjuncts = predicate->As<BoundConjunction>().operands;
      }
      std::vector<parquet::ColumnPredicate> pushed = scan.pushed_predicates;
      for (const BoundExpressionPtr& conjunct : conjuncts) {
        if (auto p = ToColumnPredicate(*conjunct, scan, session)) pushed.push_back(*p);
      }
      if (pushed.size() != scan.pushed_predicates.size()) {
        child = std::make_shared<LogicalScan>(scan.source, scan.columns, pushed);
      }
    }
  }
  return child == plan->child() ? plan : WithChild(*plan, child);
}

}  // namespace sluice::sql
