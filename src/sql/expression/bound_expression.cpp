#include "sql/expression/bound_expression.h"

namespace sluice::sql {

namespace {

std::string Join(const std::vector<BoundExpressionPtr>& list, const char* separator) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += separator;
    out += list[i]->ToString();
  }
  return out;
}

bool IsOperatorName(const std::string& name) {
  return name == "+" || name == "-" || name == "*" || name == "/" || name == "%";
}

}  // namespace

bool BoundExpression::IsFoldable() const {
  switch (kind_) {
    case BoundExpressionKind::kColumnRef:
    case BoundExpressionKind::kParameter:
      return false;
    case BoundExpressionKind::kFunctionCall:
      if (!As<BoundFunctionCall>().function->deterministic) return false;
      break;
    default:
      break;
  }
  for (const BoundExpressionPtr& child : children()) {
    if (!child->IsFoldable()) return false;
  }
  return true;
}

std::string BoundColumnRef::ToString() const {
  return name.empty() ? "#" + std::to_string(index) : name;
}

std::string BoundFunctionCall::ToString() const {
  const std::string& name = function->name;
  if (IsOperatorName(name) && arguments.size() == 2) {
    return "(" + arguments[0]->ToString() + " " + name + " " + arguments[1]->ToString() + ")";
  }
  if (name == "negate") return "(-" + arguments[0]->ToString() + ")";
  if (name == "like") {
    std::string out = "(" + arguments[0]->ToString() + " LIKE " + arguments[1]->ToString();
    if (arguments.size() > 2) out += " ESCAPE " + arguments[2]->ToString();
    return out + ")";
  }
  return name + "(" + Join(arguments, ", ") + ")";
}

std::string BoundCast::ToString() const {
  std::string target = type().ToString();
  if (varchar_length != kUnboundedVarchar) target += "(" + std::to_string(varchar_length) + ")";
  return std::string(try_cast ? "TRY_CAST(" : "CAST(") + operand->ToString() + " AS " + target + ")";
}

std::vector<BoundExpressionPtr> BoundCase::children() const {
  std::vector<BoundExpressionPtr> out;
  for (const Branch& branch : branches) {
    out.push_back(branch.condition);
    out.push_back(branch.result);
  }
  out.push_back(else_result);
  return out;
}

std::string BoundCase::ToString() const {
  std::string out = "CASE";
  for (const Branch& branch : branches) {
    out += " WHEN " + branch.condition->ToString() + " THEN " + branch.result->ToString();
  }
  return out + " ELSE " + else_result->ToString() + " END";
}

std::string BoundConjunction::ToString() const {
  return "(" + Join(operands, conjunction == ConjunctionKind::kAnd ? " AND " : " OR ") + ")";
}

const char* ComparisonOperatorText(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::kEqual: return "=";
    case ComparisonOperator::kNotEqual: return "<>";
    case ComparisonOperator::kLess: return "<";
    case ComparisonOperator::kLessEqual: return "<=";
    case ComparisonOperator::kGreater: return ">";
    case ComparisonOperator::kGreaterEqual: return ">=";
    case ComparisonOperator::kDistinctFrom: return "IS DISTINCT FROM";
    default: return "IS NOT DISTINCT FROM";
  }
}

ComparisonOperator FlipComparison(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::kLess: return ComparisonOperator::kGreater;
    case ComparisonOperator::kLessEqual: return ComparisonOperator::kGreaterEqual;
    case ComparisonOperator::kGreater: return ComparisonOperator::kLess;
    case ComparisonOperator::kGreaterEqual: return ComparisonOperator::kLessEqual;
    default: return op;
  }
}

std::string BoundComparison::ToString() const {
  return "(" + left->ToString() + " " + ComparisonOperatorText(op) + " " + right->ToString() + ")";
}

std::vector<BoundExpressionPtr> BoundInList::children() const {
  std::vector<BoundExpressionPtr> out{operand};
  out.insert(out.end(), list.begin(), list.end());
  return out;
}

std::string BoundInList::ToString() const {
  return "(" + operand->ToString() + (negated ? " NOT IN (" : " IN (") + Join(list, ", ") + "))";
}

std::string BoundCoalesce::ToString() const { return "COALESCE(" + Join(operands, ", ") + ")"; }

std::string BoundNullIf::ToString() const {
  const BoundComparison& test = equal_test->As<BoundComparison>();
  return "NULLIF(" + value->ToString() + ", " + test.right->ToString() + ")";
}

}  // namespace sluice::sql
