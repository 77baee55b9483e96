#include "sql/expression/expression_builder.h"

#include "sql/expression/coercion.h"

namespace sluice::sql {

namespace {

bool IsStringLiteral(const BoundExpression& e) {
  return e.kind() == BoundExpressionKind::kConstant && e.type().id() == TypeId::kVarchar &&
         !e.As<BoundConstant>().value.is_null();
}

BoundExpressionPtr RequireBoolean(BoundExpressionPtr e, const char* context) {
  if (e->type().id() == TypeId::kBoolean) return e;
  if (e->type().id() == TypeId::kUnknown) return CoerceTo(std::move(e), DataType::Boolean());
  throw BinderError(std::string(context) + " must be boolean, got " + e->type().ToString() + ": " + e->ToString());
}

DataType CommonTypeOf(const std::vector<BoundExpressionPtr>& list, const char* context) {
  DataType result = DataType::Unknown();
  for (const BoundExpressionPtr& e : list) {
    std::optional<DataType> common = CommonSuperType(result, e->type());
    if (!common) {
      throw BinderError(std::string(context) + ": cannot find a common type of " + result.ToString() + " and " +
                        e->type().ToString());
    }
    result = *common;
  }
  return result;
}

BoundExpressionPtr Conjunction(ConjunctionKind kind, std::vector<BoundExpressionPtr> operands) {
  SLUICE_ASSERT(!operands.empty(), "a conjunction needs operands");
  std::vector<BoundExpressionPtr> flat;
  for (BoundExpressionPtr& e : operands) {
    e = RequireBoolean(std::move(e), kind == ConjunctionKind::kAnd ? "AND operand" : "OR operand");
    if (e->kind() == BoundExpressionKind::kConjunction && e->As<BoundConjunction>().conjunction == kind) {
      const auto& inner = e->As<BoundConjunction>().operands;
      flat.insert(flat.end(), inner.begin(), inner.end());
    } else {
      flat.push_back(std::move(e));
    }
  }
  if (flat.size() == 1) return flat[0];
  return std::make_shared<BoundConjunction>(kind, std::move(flat));
}

}  // namespace

BoundExpressionPtr MakeConstant(Value value) { return std::make_shared<BoundConstant>(std::move(value)); }

BoundExpressionPtr MakeColumnRef(size_t index, DataType type, std::string name) {
  return std::make_shared<BoundColumnRef>(index, std::move(type), std::move(name));
}

BoundExpressionPtr CoerceTo(BoundExpressionPtr expression, const DataType& type) {
  if (expression->type() == type) return expression;
  if (expression->kind() == BoundExpressionKind::kConstant && expression->As<BoundConstant>().value.is_null()) {
    return MakeConstant(Value::Null(type));
  }
  if (!CanCoerce(expression->type(), type) && !CanCast(expression->type(), type)) {
    throw BinderError("cannot coerce " + expression->type().ToString() + " to " + type.ToString());
  }
  return std::make_shared<BoundCast>(expression, type, false, GetCastKernel(expression->type(), type));
}

BoundExpressionPtr MakeCast(BoundExpressionPtr operand, const DataType& type, bool try_cast) {
  if (operand->type() == type && !try_cast) return operand;
  if (operand->kind() == BoundExpressionKind::kConstant && operand->As<BoundConstant>().value.is_null()) {
    return MakeConstant(Value::Null(type));
  }
  CastKernel kernel = GetCastKernel(operand->type(), type);
  return std::make_shared<BoundCast>(std::move(operand), type, try_cast, kernel);
}

BoundExpressionPtr MakeVarcharCast(BoundExpressionPtr operand, int64_t length, bool try_cast) {
  if (length < 0 || length > kMaxVarcharLength) {
    throw BinderError("VARCHAR length must be between 0 and " + std::to_string(kMaxVarcharLength) + ", not " +
                      std::to_string(length));
  }
  const DataType varchar = DataType::Varchar();
  if (operand->kind() == BoundExpressionKind::kConstant && operand->As<BoundConstant>().value.is_null()) {
    return MakeConstant(Value::Null(varchar));
  }
  CastKernel kernel = GetCastKernel(operand->type(), varchar);
  return std::make_shared<BoundCast>(std::move(operand), varchar, try_cast, kernel, length);
}

BoundExpressionPtr MakeFunction(const FunctionRegistry& registry, std::string_view name,
                                std::vector<BoundExpressionPtr> arguments) {
  std::vector<DataType> types;
  for (const BoundExpressionPtr& a : arguments) types.push_back(a->type());
  ResolvedFunction resolved = registry.Resolve(name, types);
  for (size_t i = 0; i < arguments.size(); ++i) arguments[i] = CoerceTo(std::move(arguments[i]), resolved.argument_types[i]);
  std::shared_ptr<const FunctionData> bind_data;
  if (resolved.function->bind_data != nullptr) {
    std::vector<const Value*> constants;
    for (const BoundExpressionPtr& a : arguments) {
      constants.push_back(a->kind() == BoundExpressionKind::kConstant ? &a->As<BoundConstant>().value : nullptr);
    }
    bind_data = resolved.function->bind_data(constants);
  }
  return std::make_shared<BoundFunctionCall>(resolved.function, std::move(arguments), resolved.return_type,
                                             std::move(bind_data));
}

BoundExpressionPtr MakeFunction(std::string_view name, std::vector<BoundExpressionPtr> arguments) {
  return MakeFunction(FunctionRegistry::Builtins(), name, std::move(arguments));
}

BoundExpressionPtr MakeArithmetic(char op, BoundExpressionPtr left, BoundExpressionPtr right) {
  const char name[2] = {op, '\0'};
  const std::string types = left->type().ToString() + " " + name + " " + right->type().ToString();
  try {
    return MakeFunction(name, {std::move(left), std::move(right)});
  } catch (const BinderError&) {
    throw BinderError("cannot apply operator: " + types);
  }
}

BoundExpressionPtr MakeNegate(BoundExpressionPtr operand) { return MakeFunction("negate", {std::move(operand)}); }

BoundExpressionPtr MakeConcat(BoundExpressionPtr left, BoundExpressionPtr right) {
  return MakeFunction("concat", {std::move(left), std::move(right)});
}

BoundExpressionPtr MakeComparison(ComparisonOperator op, BoundExpressionPtr left, BoundExpressionPtr right) {
  std::optional<DataType> type =
      ComparisonType(left->type(), IsStringLiteral(*left), right->type(), IsStringLiteral(*right));
  if (!type) {
    throw BinderError(std::string("cannot apply operator: ") + left->type().ToString() + " " +
                      ComparisonOperatorText(op) + " " + right->type().ToString());
  }
  return std::make_shared<BoundComparison>(op, CoerceTo(std::move(left), *type), CoerceTo(std::move(right), *type));
}

BoundExpressionPtr MakeBetween(BoundExpressionPtr operand, BoundExpressionPtr low, BoundExpressionPtr high,
                               bool negated) {
  BoundExpressionPtr range = MakeAnd({MakeComparison(ComparisonOperator::kGreaterEqual, operand, std::move(low)),
                                      MakeComparison(ComparisonOperator::kLessEqual, operand, std::move(high))});
  return negated ? MakeNot(std::move(range)) : range;
}

BoundExpressionPtr MakeInList(BoundExpressionPtr operand, std::vector<BoundExpressionPtr> list, bool negated) {
  DataType type = operand->type();
  for (const BoundExpressionPtr& e : list) {
    std::optional<DataType> common = ComparisonType(type, false, e->type(), IsStringLiteral(*e));
    if (!common) {
      throw BinderError("IN value and list items must be the same type: " + operand->type().ToString() + " vs " +
                        e->type().ToString());
    }
    type = *common;
  }
  for (BoundExpressionPtr& e : list) e = CoerceTo(std::move(e), type);
  return std::make_shared<BoundInList>(CoerceTo(std::move(operand), type), std::move(list), negated);
}

BoundExpressionPtr MakeAnd(std::vector<BoundExpressionPtr> operands) {
  return Conjunction(ConjunctionKind::kAnd, std::move(operands));
}
BoundExpressionPtr MakeOr(std::vector<BoundExpressionPtr> operands) {
  return Conjunction(ConjunctionKind::kOr, std::move(operands));
}

BoundExpressionPtr MakeNot(BoundExpressionPtr operand) {
  return std::make_shared<BoundNot>(RequireBoolean(std::move(operand), "NOT operand"));
}

BoundExpressionPtr MakeIsNull(BoundExpressionPtr operand, bool negated) {
  return std::make_shared<BoundIsNull>(std::move(operand), negated);
}

BoundExpressionPtr MakeCase(std::vector<BoundCase::Branch> branches, BoundExpressionPtr else_result) {
  std::vector<BoundExpressionPtr> results;
  for (const auto& branch : branches) results.push_back(branch.result);
  if (else_result) results.push_back(else_result);
  const DataType type = CommonTypeOf(results, "CASE results");
  for (auto& branch : branches) {
    branch.condition = RequireBoolean(std::move(branch.condition), "CASE WHEN condition");
    branch.result = CoerceTo(std::move(branch.result), type);
  }
  else_result = else_result ? CoerceTo(std::move(else_result), type) : MakeConstant(Value::Null(type));
  return std::make_shared<BoundCase>(std::move(branches), std::move(else_result), type);
}

BoundExpressionPtr MakeSimpleCase(BoundExpressionPtr operand, std::vector<BoundCase::Branch> when_then,
                                  BoundExpressionPtr else_result) {
  for (auto& branch : when_then) {
    branch.condition = MakeComparison(ComparisonOperator::kEqual, operand, std::move(branch.condition));
  }
  return MakeCase(std::move(when_then), std::move(else_result));
}

BoundExpressionPtr MakeIf(BoundExpressionPtr condition, BoundExpressionPtr then_result,
                          BoundExpressionPtr else_result) {
  return MakeCase({{std::move(condition), std::move(then_result)}}, std::move(else_result));
}

BoundExpressionPtr MakeCoalesce(std::vector<BoundExpressionPtr> operands) {
  const DataType type = CommonTypeOf(operands, "COALESCE");
  for (BoundExpressionPtr& e : operands) e = CoerceTo(std::move(e), type);
  if (operands.size() == 1) return operands[0];
  return std::make_shared<BoundCoalesce>(std::move(operands), type);
}

BoundExpressionPtr MakeNullIf(BoundExpressionPtr value, BoundExpressionPtr compared) {
  BoundExpressionPtr test = MakeComparison(ComparisonOperator::kEqual, value, std::move(compared));
  return std::make_shared<BoundNullIf>(std::move(value), std::move(test));
}

BoundExpressionPtr MakeTry(BoundExpressionPtr operand) { return std::make_shared<BoundTry>(std::move(operand)); }

BoundExpressionPtr MakeLike(BoundExpressionPtr operand, BoundExpressionPtr pattern, BoundExpressionPtr escape,
                            bool negated) {
  std::vector<BoundExpressionPtr> arguments{std::move(operand), std::move(pattern)};
  if (escape) arguments.push_back(std::move(escape));
  BoundExpressionPtr like = MakeFunction("like", std::move(arguments));
  return negated ? MakeNot(std::move(like)) : like;
}

}  // namespace sluice::sql
