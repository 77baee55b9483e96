#include "exec/pipeline/join_planner.h"

#include "exec/operators/hash_join.h"
#include "exec/operators/nested_loop_join.h"
#include "exec/operators/range_join.h"
#include "sql/binder/subquery_planner.h"
#include "sql/planner/column_remap.h"

namespace sluice::exec {
namespace {

using sql::BoundExpressionKind;
using sql::BoundExpressionPtr;
using sql::ComparisonOperator;

void Conjuncts(const BoundExpressionPtr& e, std::vector<BoundExpressionPtr>* out) {
  if (e->kind() == BoundExpressionKind::kConjunction &&
      e->As<sql::BoundConjunction>().conjunction == sql::ConjunctionKind::kAnd) {
    for (const BoundExpressionPtr& operand : e->As<sql::BoundConjunction>().operands) Conjuncts(operand, out);
    return;
  }
  out->push_back(e);
}

enum class Side { kNone, kLeft, kRight, kBoth };

Side SideOf(const sql::BoundExpression& e, size_t left_width) {
  std::vector<bool> used;
  sql::CollectColumns(e, &used);
  bool left = false;
  bool right = false;
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) continue;
    (i < left_width ? left : right) = true;
  }
  if (left && right) return Side::kBoth;
  if (left) return Side::kLeft;
  if (right) return Side::kRight;
  return Side::kNone;
}

/// A comparison `l op r` with l over the left side only and r over the right side
/// only (flipped when written the other way round).
struct SplitComparison {
  ComparisonOperator op;
  BoundExpressionPtr left;
  BoundExpressionPtr right;  ///< Over the right side's own columns.
};

std::optional<SplitComparison> Split(const BoundExpressionPtr& e, size_t left_width) {
  if (e->kind() != BoundExpressionKind::kComparison) return std::nullopt;
  const auto& comparison = e->As<sql::BoundComparison>();
  Side a = SideOf(*comparison.left, left_width);
  Side b = SideOf(*comparison.right, left_width);
  auto shift = [&](const BoundExpressionPtr& x) { return sql::ShiftColumns(x, -static_cast<int64_t>(left_width)); };
  if (a == Side::kLeft && b == Side::kRight) return SplitComparison{comparison.op, comparison.left, shift(comparison.right)};
  if (a == Side::kRight && b == Side::kLeft) {
    return SplitComparison{sql::FlipComparison(comparison.op), comparison.right, shift(comparison.left)};
  }
  return std::nullopt;
}

std::optional<RangeComparison> ToRange(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::kLess: return RangeComparison::kLess;
    case ComparisonOperator::kLessEqual: return RangeComparison::kLessEqual;
    case ComparisonOperator::kGreater: return RangeComparison::kGreater;
    case ComparisonOperator::kGreaterEqual: return RangeComparison::kGreaterEqual;
    default: return std::nullopt;
  }
}

}  // namespace

PhysicalPlanPtr CreatePhysicalJoin(const sql::LogicalJoin& join, PhysicalPlanPtr left, PhysicalPlanPtr right) {
  if (!join.condition) {
    return std::make_unique<PhysicalNestedLoopJoin>(std::move(left), std::move(right), join.type, nullptr);
  }
  size_t left_width = join.child()->output().num_fields();
  std::vector<BoundExpressionPtr> conjuncts;
  Conjuncts(join.condition, &conjuncts);

  std::vector<BoundExpressionPtr> probe_keys;
  std::vector<BoundExpressionPtr> build_keys;
  std::vector<bool> nulls_equal;
  std::vector<BoundExpressionPtr> rest;
  for (const BoundExpressionPtr& conjunct : conjuncts) {
    std::optional<SplitComparison> split = Split(conjunct, left_width);
    if (split && (split->op == ComparisonOperator::kEqual || split->op == ComparisonOperator::kNotDistinctFrom)) {
      probe_keys.push_back(split->left);
      build_keys.push_back(split->right);
      nulls_equal.push_back(split->op == ComparisonOperator::kNotDistinctFrom);
    } else {
      rest.push_back(conjunct);
    }
  }
  if (!probe_keys.empty()) {
    return std::make_unique<PhysicalHashJoin>(std::move(left), std::move(right), join.type, probe_keys, build_keys,
                                              nulls_equal, sql::MakeConjunction(rest), join.null_aware);
  }

  bool range_type = join.type == JoinType::kInner || join.type == JoinType::kLeft || join.type == JoinType::kRight ||
                    join.type == JoinType::kFull;
  if (range_type) {
    std::vector<RangeCondition> ranges;
    std::vector<BoundExpressionPtr> residual;
    for (const BoundExpressionPtr& conjunct : conjuncts) {
      std::optional<SplitComparison> split = Split(conjunct, left_width);
      std::optional<RangeComparison> range = split ? ToRange(split->op) : std::nullopt;
      if (range && ranges.size() < 2) {
        ranges.push_back({split->left, split->right, *range});
      } else {
        residual.push_back(conjunct);
      }
    }
    if (!ranges.empty()) {
      return std::make_unique<PhysicalRangeJoin>(std::move(left), std::move(right), join.type, ranges,
                                                 sql::MakeConjunction(residual));
    }
  }
  return std::make_unique<PhysicalNestedLoopJoin>(std::move(left), std::move(right), join.type, join.condition);
}

}  // namespace sluice::exec
