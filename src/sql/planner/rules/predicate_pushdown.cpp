// Rule: filters move down the plan to the lowest node that has their columns.
//
// Conjuncts of a Filter (and of inner join conditions) travel down through
// projections (rewritten over the projection's input), sorts, unions (a copy into each
// input), aggregates (those over group columns only) and joins: a conjunct over one
// side of an inner join goes to that side, one over both sides becomes part of the
// join's condition — which turns `FROM a, b WHERE a.k = b.k` from a cross product into
// an equi-join. Outer joins take only what is safe: a LEFT join passes conjuncts over
// its left side down and pushes its ON conjuncts over the right side into the right
// input; a conjunct above a LEFT join that rejects NULLs of the right side (a
// comparison) makes it an inner join first (outer-to-inner). Conjuncts that can go no
// further become a Filter where they stop.

#include "sql/binder/subquery_planner.h"
#include "sql/planner/column_remap.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

void AddConjuncts(const BoundExpressionPtr& e, std::vector<BoundExpressionPtr>* out);

/// Text that tells conjuncts apart: ToString() with columns printed by index, since two
/// columns of one name (n1.n_name, n2.n_name) print alike by name.
std::string IdentityText(const BoundExpressionPtr& e) {
  return RewriteColumns(e, [](const BoundExpressionPtr& ref) -> BoundExpressionPtr {
           return std::make_shared<BoundColumnRef>(ref->As<BoundColumnRef>().index, ref->type());
         })->ToString();
}

/// (A AND B) OR (A AND C) → A AND (B OR C): a conjunct common to every branch of an OR
/// is taken out, so that a join key repeated in each branch (TPC-H Q19) becomes a
/// join condition instead of leaving a cross product.
void FactorDisjunction(const BoundExpressionPtr& e, std::vector<BoundExpressionPtr>* out) {
  const auto& operands = e->As<BoundConjunction>().operands;
  std::vector<std::vector<BoundExpressionPtr>> branches;
  for (const BoundExpressionPtr& operand : operands) {
    branches.emplace_back();
    AddConjuncts(operand, &branches.back());
  }
  std::vector<BoundExpressionPtr> common;
  for (const BoundExpressionPtr& candidate : branches[0]) {
    std::string text = IdentityText(candidate);
    bool everywhere = true;
    for (size_t b = 1; b < branches.size() && everywhere; ++b) {
      bool found = false;
      for (const BoundExpressionPtr& c : branches[b]) found = found || IdentityText(c) == text;
      everywhere = found;
    }
    bool duplicate = false;
    for (const BoundExpressionPtr& c : common) duplicate = duplicate || IdentityText(c) == text;
    if (everywhere && !duplicate) common.push_back(candidate);
  }
  if (common.empty()) {
    out->push_back(e);
    return;
  }
  std::vector<BoundExpressionPtr> rest;
  for (const auto& branch : branches) {
    std::vector<BoundExpressionPtr> remaining;
    for (const BoundExpressionPtr& c : branch) {
      bool is_common = false;
      for (const BoundExpressionPtr& k : common) is_common = is_common || IdentityText(k) == IdentityText(c);
      if (!is_common) remaining.push_back(c);
    }
    if (remaining.empty()) {  // one branch is just the common part: the OR is TRUE
      rest.clear();
      break;
    }
    rest.push_back(MakeConjunction(remaining));
  }
  out->insert(out->end(), common.begin(), common.end());
  if (!rest.empty()) out->push_back(std::make_shared<BoundConjunction>(ConjunctionKind::kOr, rest));
}

void AddConjuncts(const BoundExpressionPtr& e, std::vector<BoundExpressionPtr>* out) {
  if (e->kind() == BoundExpressionKind::kConjunction && e->As<BoundConjunction>().conjunction == ConjunctionKind::kAnd) {
    for (const BoundExpressionPtr& operand : e->As<BoundConjunction>().operands) AddConjuncts(operand, out);
    return;
  }
  if (e->kind() == BoundExpressionKind::kConjunction && e->As<BoundConjunction>().conjunction == ConjunctionKind::kOr) {
    FactorDisjunction(e, out);
    return;
  }
  out->push_back(e);
}

/// Which of [0, split) and [split, …) the expression's columns fall in.
struct Sides {
  bool left = false;
  bool right = false;
};

Sides SidesOf(const BoundExpression& e, size_t split) {
  std::vector<bool> used;
  CollectColumns(e, &used);
  Sides sides;
  for (size_t i = 0; i < used.size(); ++i) {
    if (used[i]) (i < split ? sides.left : sides.right) = true;
  }
  return sides;
}

bool IsDeterministic(const BoundExpression& e) {
  if (e.kind() == BoundExpressionKind::kFunctionCall && !e.As<BoundFunctionCall>().function->deterministic) {
    return false;
  }
  for (const BoundExpressionPtr& child : e.children()) {
    if (!IsDeterministic(*child)) return false;
  }
  return true;
}

/// A conjunct that is never TRUE when its right-side columns are all NULL.
bool RejectsNulls(const BoundExpression& e) {
  switch (e.kind()) {
    case BoundExpressionKind::kComparison: {
      ComparisonOperator op = e.As<BoundComparison>().op;
      return op != ComparisonOperator::kDistinctFrom && op != ComparisonOperator::kNotDistinctFrom;
    }
    case BoundExpressionKind::kIsNull: return e.As<BoundIsNull>().negated;
    case BoundExpressionKind::kInList: return !e.As<BoundInList>().negated;
    default: return false;
  }
}

LogicalPlanPtr WithFilter(LogicalPlanPtr plan, const std::vector<BoundExpressionPtr>& conjuncts) {
  if (BoundExpressionPtr predicate = MakeConjunction(conjuncts)) return std::make_shared<LogicalFilter>(plan, predicate);
  return plan;
}

LogicalPlanPtr Push(const LogicalPlanPtr& plan, std::vector<BoundExpressionPtr> conjuncts);

/// Through a one-child node whose output column i is `below(i)` over its child (null:
/// not expressible below, e.g. an aggregate's value): a deterministic conjunct whose
/// columns all have a `below` form is rewritten over the child and pushed on; the rest
/// stay above.
LogicalPlanPtr PushThrough(const LogicalPlanPtr& plan, const std::vector<BoundExpressionPtr>& conjuncts,
                           const std::function<BoundExpressionPtr(size_t)>& below) {
  std::vector<BoundExpressionPtr> pushed;
  std::vector<BoundExpressionPtr> stay;
  for (const BoundExpressionPtr& c : conjuncts) {
    bool movable = IsDeterministic(*c);
    std::vector<bool> used;
    CollectColumns(*c, &used);
    for (size_t i = 0; i < used.size() && movable; ++i) movable = !used[i] || below(i) != nullptr;
    if (!movable) {
      stay.push_back(c);
      continue;
    }
    pushed.push_back(RewriteColumns(c, [&](const BoundExpressionPtr& ref) { return below(ref->As<BoundColumnRef>().index); }));
  }
  LogicalPlanPtr child = Push(plan->child(), pushed);
  LogicalPlanPtr rebuilt = child == plan->child() ? plan : WithChild(*plan, child);
  return WithFilter(rebuilt, stay);
}

LogicalPlanPtr PushJoin(const LogicalJoin& join, std::vector<BoundExpressionPtr> above) {
  const size_t left_width = join.children()[0]->output().num_fields();
  exec::JoinType type = join.type;
  std::vector<BoundExpressionPtr> on;
  if (join.condition) AddConjuncts(join.condition, &on);

  // Outer to inner: a NULL-rejecting conjunct above over the right side.
  if (type == exec::JoinType::kLeft || type == exec::JoinType::kFull) {
    for (const BoundExpressionPtr& c : above) {
      if (SidesOf(*c, left_width).right && RejectsNulls(*c)) {
        type = type == exec::JoinType::kLeft ? exec::JoinType::kInner : exec::JoinType::kRight;
        break;
      }
    }
  }
  if (type == exec::JoinType::kRight || type == exec::JoinType::kFull) {
    bool left_rejected = false;
    for (const BoundExpressionPtr& c : above) {
      Sides sides = SidesOf(*c, left_width);
      if (sides.left && !sides.right && RejectsNulls(*c)) left_rejected = true;
    }
    if (left_rejected) type = type == exec::JoinType::kRight ? exec::JoinType::kInner : exec::JoinType::kLeft;
  }

  std::vector<BoundExpressionPtr> to_left;
  std::vector<BoundExpressionPtr> to_right;
  std::vector<BoundExpressionPtr> condition;
  std::vector<BoundExpressionPtr> stay;
  auto shift = [&](const BoundExpressionPtr& e) { return ShiftColumns(e, -static_cast<int64_t>(left_width)); };
  bool preserves_left_columns = type != exec::JoinType::kRight && type != exec::JoinType::kFull;
  bool output_has_right = type == exec::JoinType::kInner || type == exec::JoinType::kLeft ||
                          type == exec::JoinType::kRight || type == exec::JoinType::kFull ||
                          type == exec::JoinType::kSingle;

  for (const BoundExpressionPtr& c : above) {
    Sides sides = SidesOf(*c, left_width);
    bool deterministic = IsDeterministic(*c);
    if (!output_has_right && (sides.right)) {  // a mark column: stays
      stay.push_back(c);
    } else if (deterministic && !sides.right && preserves_left_columns) {
      to_left.push_back(c);
    } else if (type == exec::JoinType::kInner && deterministic) {
      if (sides.left && sides.right) {
        condition.push_back(c);
      } else if (sides.right) {
        to_right.push_back(shift(c));
      } else {
        to_left.push_back(c);
      }
    } else if (type == exec::JoinType::kLeft && deterministic && !sides.left && sides.right) {
      stay.push_back(c);  // rows with NULL right columns must still be tested
    } else {
      stay.push_back(c);
    }
  }
  for (const BoundExpressionPtr& c : on) {
    Sides sides = SidesOf(*c, left_width);
    bool deterministic = IsDeterministic(*c);
    // (Not for a null-aware join: its NULL build keys decide NULL against FALSE.)
    if (deterministic && sides.right && !sides.left && type != exec::JoinType::kRight &&
        type != exec::JoinType::kFull && !join.null_aware) {
      to_right.push_back(shift(c));  // filters build rows only
    } else if (deterministic && sides.left && !sides.right &&
               (type == exec::JoinType::kInner || type == exec::JoinType::kRight || type == exec::JoinType::kSemi)) {
      to_left.push_back(c);
    } else if (!sides.left && !sides.right && type == exec::JoinType::kInner && deterministic) {
      to_left.push_back(c);
    } else {
      condition.push_back(c);
    }
  }
  LogicalPlanPtr left = Push(join.children()[0], to_left);
  LogicalPlanPtr right = Push(join.children()[1], to_right);
  LogicalPlanPtr rebuilt =
      std::make_shared<LogicalJoin>(left, right, type, MakeConjunction(condition), join.null_aware);
  return WithFilter(rebuilt, stay);
}

LogicalPlanPtr Push(const LogicalPlanPtr& plan, std::vector<BoundExpressionPtr> conjuncts) {
  switch (plan->kind()) {
    case LogicalKind::kFilter: {
      AddConjuncts(plan->As<LogicalFilter>().predicate, &conjuncts);
      return Push(plan->child(), conjuncts);
    }
    case LogicalKind::kProject: {
      const auto& project = plan->As<LogicalProject>();
      return PushThrough(plan, conjuncts, [&](size_t column) -> BoundExpressionPtr {
        const BoundExpressionPtr& e = project.expressions[column];
        return IsDeterministic(*e) ? e : nullptr;
      });
    }
    case LogicalKind::kAggregate: {
      const auto& aggregate = plan->As<LogicalAggregate>();
      if (aggregate.groups.empty()) {  // one row even for no input: nothing may pass below
        LogicalPlanPtr child = Push(plan->child(), {});
        return WithFilter(child == plan->child() ? plan : WithChild(*plan, child), conjuncts);
      }
      return PushThrough(plan, conjuncts, [&](size_t column) -> BoundExpressionPtr {
        return column < aggregate.groups.size() ? aggregate.groups[column] : nullptr;
      });
    }
    case LogicalKind::kSort: {
      LogicalPlanPtr child = Push(plan->child(), conjuncts);
      return child == plan->child() ? plan : WithChild(*plan, child);
    }
    case LogicalKind::kUnion: {
      std::vector<LogicalPlanPtr> children;
      for (const LogicalPlanPtr& child : plan->children()) children.push_back(Push(child, conjuncts));
      return std::make_shared<LogicalUnion>(children);
    }
    case LogicalKind::kJoin: return PushJoin(plan->As<LogicalJoin>(), conjuncts);
    case LogicalKind::kWindow:
    case LogicalKind::kTopN:
    case LogicalKind::kLimit: {
      LogicalPlanPtr child = Push(plan->child(), {});
      LogicalPlanPtr rebuilt = child == plan->child() ? plan : WithChild(*plan, child);
      return WithFilter(rebuilt, conjuncts);
    }
    case LogicalKind::kScan:
    case LogicalKind::kValues: return WithFilter(plan, conjuncts);
  }
  SLUICE_ASSERT(false, "every logical node passes predicates");
  return plan;
}

}  // namespace

LogicalPlanPtr PushPredicatesDown(const LogicalPlanPtr& plan) { return Push(plan, {}); }

}  // namespace sluice::sql
