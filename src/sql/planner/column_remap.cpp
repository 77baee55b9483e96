#include "sql/planner/column_remap.h"

namespace sluice::sql {
namespace {

std::vector<BoundExpressionPtr> RemapAll(const std::vector<BoundExpressionPtr>& list,
                                         const ExpressionRewriter& mapping, bool* changed) {
  std::vector<BoundExpressionPtr> result;
  for (const BoundExpressionPtr& e : list) {
    result.push_back(RewriteExpression(e, mapping));
    *changed = *changed || result.back() != e;
  }
  return result;
}

}  // namespace

void CollectColumns(const BoundExpression& expression, std::vector<bool>* used) {
  if (expression.kind() == BoundExpressionKind::kColumnRef) {
    size_t index = expression.As<BoundColumnRef>().index;
    if (used->size() <= index) used->resize(index + 1);
    (*used)[index] = true;
  }
  for (const BoundExpressionPtr& child : expression.children()) CollectColumns(*child, used);
}

BoundExpressionPtr RemapColumns(const BoundExpressionPtr& expression, const std::vector<size_t>& mapping) {
  return RewriteColumns(expression, [&](const BoundExpressionPtr& e) -> BoundExpressionPtr {
    const auto& ref = e->As<BoundColumnRef>();
    SLUICE_ASSERT(ref.index < mapping.size() && mapping[ref.index] != SIZE_MAX, "a remapped column is kept");
    if (mapping[ref.index] == ref.index) return e;
    return std::make_shared<BoundColumnRef>(mapping[ref.index], ref.type(), ref.name);
  });
}

BoundExpressionPtr ShiftColumns(const BoundExpressionPtr& expression, int64_t delta) {
  if (delta == 0) return expression;
  return RewriteColumns(expression, [&](const BoundExpressionPtr& e) -> BoundExpressionPtr {
    const auto& ref = e->As<BoundColumnRef>();
    return std::make_shared<BoundColumnRef>(static_cast<size_t>(static_cast<int64_t>(ref.index) + delta), ref.type(),
                                            ref.name);
  });
}

BoundExpressionPtr RewriteColumns(const BoundExpressionPtr& expression, const ColumnRewriter& rewrite) {
  return RewriteExpression(expression, [&](const BoundExpressionPtr& e) -> BoundExpressionPtr {
    return e->kind() == BoundExpressionKind::kColumnRef ? rewrite(e) : nullptr;
  });
}

BoundExpressionPtr RewriteExpression(const BoundExpressionPtr& e, const ExpressionRewriter& mapping) {
  if (BoundExpressionPtr replaced = mapping(e)) return replaced;
  bool changed = false;
  switch (e->kind()) {
    case BoundExpressionKind::kConstant:
    case BoundExpressionKind::kParameter:
    case BoundExpressionKind::kColumnRef: return e;
    case BoundExpressionKind::kFunctionCall: {
      const auto& call = e->As<BoundFunctionCall>();
      auto args = RemapAll(call.arguments, mapping, &changed);
      if (!changed) return e;
      return std::make_shared<BoundFunctionCall>(call.function, args, call.type(), call.bind_data);
    }
    case BoundExpressionKind::kCast: {
      const auto& cast = e->As<BoundCast>();
      auto operand = RewriteExpression(cast.operand, mapping);
      if (operand == cast.operand) return e;
      return std::make_shared<BoundCast>(operand, cast.type(), cast.try_cast, cast.kernel, cast.varchar_length);
    }
    case BoundExpressionKind::kCase: {
      const auto& c = e->As<BoundCase>();
      std::vector<BoundCase::Branch> branches;
      for (const BoundCase::Branch& b : c.branches) {
        branches.push_back({RewriteExpression(b.condition, mapping), RewriteExpression(b.result, mapping)});
        changed = changed || branches.back().condition != b.condition || branches.back().result != b.result;
      }
      auto else_result = RewriteExpression(c.else_result, mapping);
      if (!changed && else_result == c.else_result) return e;
      return std::make_shared<BoundCase>(branches, else_result, c.type());
    }
    case BoundExpressionKind::kConjunction: {
      const auto& c = e->As<BoundConjunction>();
      auto operands = RemapAll(c.operands, mapping, &changed);
      return changed ? std::make_shared<BoundConjunction>(c.conjunction, operands) : e;
    }
    case BoundExpressionKind::kNot: {
      auto operand = RewriteExpression(e->As<BoundNot>().operand, mapping);
      return operand == e->As<BoundNot>().operand ? e : std::make_shared<BoundNot>(operand);
    }
    case BoundExpressionKind::kIsNull: {
      const auto& n = e->As<BoundIsNull>();
      auto operand = RewriteExpression(n.operand, mapping);
      return operand == n.operand ? e : std::make_shared<BoundIsNull>(operand, n.negated);
    }
    case BoundExpressionKind::kComparison: {
      const auto& c = e->As<BoundComparison>();
      auto left = RewriteExpression(c.left, mapping);
      auto right = RewriteExpression(c.right, mapping);
      if (left == c.left && right == c.right) return e;
      return std::make_shared<BoundComparison>(c.op, left, right);
    }
    case BoundExpressionKind::kInList: {
      const auto& in = e->As<BoundInList>();
      auto operand = RewriteExpression(in.operand, mapping);
      auto list = RemapAll(in.list, mapping, &changed);
      if (!changed && operand == in.operand) return e;
      return std::make_shared<BoundInList>(operand, list, in.negated);
    }
    case BoundExpressionKind::kCoalesce: {
      const auto& c = e->As<BoundCoalesce>();
      auto operands = RemapAll(c.operands, mapping, &changed);
      return changed ? std::make_shared<BoundCoalesce>(operands, c.type()) : e;
    }
    case BoundExpressionKind::kNullIf: {
      const auto& n = e->As<BoundNullIf>();
      auto value = RewriteExpression(n.value, mapping);
      auto test = RewriteExpression(n.equal_test, mapping);
      if (value == n.value && test == n.equal_test) return e;
      return std::make_shared<BoundNullIf>(value, test);
    }
    case BoundExpressionKind::kTry: {
      auto operand = RewriteExpression(e->As<BoundTry>().operand, mapping);
      return operand == e->As<BoundTry>().operand ? e : std::make_shared<BoundTry>(operand);
    }
  }
  SLUICE_ASSERT(false, "every bound expression kind is remapped");
  return e;
}

}  // namespace sluice::sql
