#include "sql/binder/expression_binder.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <limits>

#include "exec/aggregate/aggregate_registry.h"
#include "sql/binder/bind_datetime.h"
#include "sql/binder/bind_parameter.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

ComparisonOperator ToComparison(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kEqual: return ComparisonOperator::kEqual;
    case BinaryOperator::kNotEqual: return ComparisonOperator::kNotEqual;
    case BinaryOperator::kLess: return ComparisonOperator::kLess;
    case BinaryOperator::kLessEqual: return ComparisonOperator::kLessEqual;
    case BinaryOperator::kGreater: return ComparisonOperator::kGreater;
    case BinaryOperator::kGreaterEqual: return ComparisonOperator::kGreaterEqual;
    default: break;
  }
  SLUICE_ASSERT(false, "a comparison operator");
  return ComparisonOperator::kEqual;
}

char ArithmeticSymbol(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kAdd: return '+';
    case BinaryOperator::kSubtract: return '-';
    case BinaryOperator::kMultiply: return '*';
    case BinaryOperator::kDivide: return '/';
    case BinaryOperator::kModulo: return '%';
    default: break;
  }
  SLUICE_ASSERT(false, "an arithmetic operator");
  return '+';
}

/// Digits of an integer or decimal literal as an unscaled 128-bit value; false when
/// more than 38 significant digits.
bool ParseUnscaled(std::string_view digits, __int128* unscaled, int* precision, int* scale) {
  __int128 value = 0;
  int significant = 0;
  int fraction = -1;
  for (char c : digits) {
    if (c == '.') {
      fraction = 0;
      continue;
    }
    if (c < '0' || c > '9') continue;
    if (fraction >= 0) ++fraction;
    if (value == 0 && c == '0' && fraction < 0) continue;  // leading zeros
    if (++significant > 38) return false;
    value = value * 10 + (c - '0');
  }
  *unscaled = value;
  *scale = fraction < 0 ? 0 : fraction;
  *precision = std::max({significant, *scale, 1});
  return true;
}

void VisitChildren(const Expression& e, const std::function<void(const Expression&)>& visit) {
  auto v = [&](const ExpressionPtr& child) {
    if (child) visit(*child);
  };
  switch (e.kind()) {
    case ExpressionKind::kUnary: v(e.As<UnaryExpression>().operand); break;
    case ExpressionKind::kBinary: v(e.As<BinaryExpression>().left); v(e.As<BinaryExpression>().right); break;
    case ExpressionKind::kNot: v(e.As<NotExpression>().operand); break;
    case ExpressionKind::kConjunction:
      for (const ExpressionPtr& c : e.As<ConjunctionExpression>().children) v(c);
      break;
    case ExpressionKind::kIsNull: v(e.As<IsNullExpression>().operand); break;
    case ExpressionKind::kDistinctFrom:
      v(e.As<DistinctFromExpression>().left);
      v(e.As<DistinctFromExpression>().right);
      break;
    case ExpressionKind::kBetween: {
      const auto& b = e.As<BetweenExpression>();
      v(b.operand), v(b.low), v(b.high);
      break;
    }
    case ExpressionKind::kInList:
      v(e.As<InListExpression>().operand);
      for (const ExpressionPtr& c : e.As<InListExpression>().list) v(c);
      break;
    case ExpressionKind::kLike:
      v(e.As<LikeExpression>().operand), v(e.As<LikeExpression>().pattern), v(e.As<LikeExpression>().escape);
      break;
    case ExpressionKind::kCast: v(e.As<CastExpression>().operand); break;
    case ExpressionKind::kTrim: v(e.As<TrimExpression>().source), v(e.As<TrimExpression>().characters); break;
    case ExpressionKind::kExtract: v(e.As<ExtractExpression>().operand); break;
    case ExpressionKind::kAtTimeZone: v(e.As<AtTimeZoneExpression>().operand), v(e.As<AtTimeZoneExpression>().zone); break;
    case ExpressionKind::kInSubquery: v(e.As<InSubqueryExpression>().operand); break;
    case ExpressionKind::kQuantifiedComparison: v(e.As<QuantifiedComparisonExpression>().operand); break;
    case ExpressionKind::kCase: {
      const auto& c = e.As<CaseExpression>();
      v(c.operand);
      for (const WhenClause& w : c.when_clauses) v(w.condition), v(w.result);
      v(c.else_result);
      break;
    }
    case ExpressionKind::kFunctionCall: {
      const auto& call = e.As<FunctionCallExpression>();
      for (const FunctionArgument& a : call.arguments) v(a.value);
      if (call.window) {
        for (const ExpressionPtr& p : call.window->partition_by) v(p);
        for (const OrderByItem& o : call.window->order_by) v(o.expression);
      }
      break;
    }
    default: break;
  }
}

/// Whether `e` holds a name that `names` takes (an output column in ORDER BY).
bool NamesResolved(NameResolver& names, const Expression& e) {
  if (e.kind() == ExpressionKind::kColumnRef) return names.Resolve(e.As<ColumnRefExpression>()) != nullptr;
  bool found = false;
  VisitChildren(e, [&](const Expression& child) { found = found || NamesResolved(names, child); });
  return found;
}

bool IsAggregateName(const QualifiedName& name) {
  return name.parts.size() == 1 && exec::AggregateRegistry::Builtins().Contains(name.parts[0].name);
}

}  // namespace

bool ContainsAggregate(const Expression& expression) {
  if (expression.kind() == ExpressionKind::kFunctionCall) {
    const auto& call = expression.As<FunctionCallExpression>();
    if (IsAggregateName(call.name) && call.window == nullptr && !call.window_name) return true;
  }
  bool found = false;
  VisitChildren(expression, [&](const Expression& child) { found = found || ContainsAggregate(child); });
  return found;
}

ExpressionBinder::ExpressionBinder(std::string_view sql, const BindScope& scope, std::string clause)
    : sql_(sql), scope_(scope), clause_(std::move(clause)) {}

BoundExpressionPtr ExpressionBinder::Bind(const Expression& expression) {
  if (names_ != nullptr && expression.kind() == ExpressionKind::kColumnRef) {
    if (BoundExpressionPtr named = names_->Resolve(expression.As<ColumnRefExpression>())) return named;
  }
  // A subclass matches whole subtrees by their text (GROUP BY expressions), which must
  // not take one whose names mean other columns here.
  const bool renamed = names_ != nullptr && NamesResolved(*names_, expression);
  if (BoundExpressionPtr special = renamed ? nullptr : BindSpecial(expression)) return special;
  try {
    return BindNode(expression);
  } catch (const BinderError& error) {
    // Builders report types without positions; point at the node that failed.
    std::string_view message = error.what();
    if (message.starts_with("line ")) throw;
    ThrowBinderError(sql_, expression.position, message);
  }
}

BoundExpressionPtr ExpressionBinder::BindCondition(const Expression& expression) {
  BoundExpressionPtr bound = Bind(expression);
  TypeId id = bound->type().id();
  if (id != TypeId::kBoolean && id != TypeId::kUnknown) {
    ThrowBinderError(sql_, expression.position,
                     clause_ + " clause must evaluate to a boolean: actual type " + bound->type().ToString());
  }
  return CoerceTo(bound, DataType::Boolean());
}

BoundExpressionPtr ExpressionBinder::BindSpecial(const Expression&) { return nullptr; }

BoundExpressionPtr ExpressionBinder::BindColumn(const ColumnRefExpression& reference) {
  std::optional<size_t> index = scope_.TryResolve(sql_, reference);
  if (!index && outer_ != nullptr) {
    if (std::optional<size_t> outer = outer_->TryResolve(sql_, reference)) {
      return MakeColumnRef(kOuterColumnBase + *outer, outer_->column(*outer).type, outer_->column(*outer).name);
    }
  }
  if (!index) index = scope_.Resolve(sql_, reference);  // throws "cannot be resolved"
  return MakeColumnRef(*index, scope_.column(*index).type, scope_.column(*index).name);
}

BoundExpressionPtr ExpressionBinder::BindAggregate(const FunctionCallExpression& call) {
  ThrowBinderError(sql_, call.position,
                   clause_ + " clause cannot contain aggregations: " + call.ToString());
}

std::vector<BoundExpressionPtr> ExpressionBinder::BindList(const ExpressionList& list) {
  std::vector<BoundExpressionPtr> bound;
  for (const ExpressionPtr& e : list) bound.push_back(Bind(*e));
  return bound;
}

BoundExpressionPtr ExpressionBinder::BindNode(const Expression& e) {
  switch (e.kind()) {
    case ExpressionKind::kLiteral: return BindLiteral(e.As<LiteralExpression>());
    case ExpressionKind::kTypedLiteral: {
      const auto& literal = e.As<TypedLiteralExpression>();
      if (BoundExpressionPtr temporal = BindDateTimeLiteral(sql_, literal)) return temporal;
      if (literal.type == "decimal") return BindDecimalLiteral(literal);
      return MakeCast(MakeConstant(Value::Varchar(literal.value)), DataType::Parse(literal.type));
    }
    case ExpressionKind::kColumnRef: return BindColumn(e.As<ColumnRefExpression>());
    case ExpressionKind::kUnary: {
      const auto& unary = e.As<UnaryExpression>();
      BoundExpressionPtr operand = Bind(*unary.operand);
      return unary.op == UnaryOperator::kMinus ? MakeNegate(operand) : operand;
    }
    case ExpressionKind::kBinary: return BindBinary(e.As<BinaryExpression>());
    case ExpressionKind::kNot: return MakeNot(Bind(*e.As<NotExpression>().operand));
    case ExpressionKind::kConjunction: {
      const auto& conjunction = e.As<ConjunctionExpression>();
      std::vector<BoundExpressionPtr> operands = BindList(conjunction.children);
      return conjunction.type == ConjunctionType::kAnd ? MakeAnd(operands) : MakeOr(operands);
    }
    case ExpressionKind::kIsNull: {
      const auto& is_null = e.As<IsNullExpression>();
      return MakeIsNull(Bind(*is_null.operand), is_null.negated);
    }
    case ExpressionKind::kDistinctFrom: {
      const auto& d = e.As<DistinctFromExpression>();
      return MakeComparison(d.negated ? ComparisonOperator::kNotDistinctFrom : ComparisonOperator::kDistinctFrom,
                            Bind(*d.left), Bind(*d.right));
    }
    case ExpressionKind::kBetween: {
      const auto& b = e.As<BetweenExpression>();
      return MakeBetween(Bind(*b.operand), Bind(*b.low), Bind(*b.high), b.negated);
    }
    case ExpressionKind::kInList: {
      const auto& in = e.As<InListExpression>();
      return MakeInList(Bind(*in.operand), BindList(in.list), in.negated);
    }
    case ExpressionKind::kLike: {
      const auto& like = e.As<LikeExpression>();
      return MakeLike(Bind(*like.operand), Bind(*like.pattern), like.escape ? Bind(*like.escape) : nullptr,
                      like.negated);
    }
    case ExpressionKind::kCast: {
      // VARCHAR(n) keeps its length in the cast (the type system's VARCHAR has none);
      // CHAR(n) pads and compares without trailing spaces, which VARCHAR cannot stand for.
      const auto& cast = e.As<CastExpression>();
      const TypeName& type = cast.type;
      if (type.name == "char" || type.name == "character") {
        ThrowNotImplemented(sql_, type.position, "CAST to " + type.ToString() + " is not supported yet (use VARCHAR)");
      }
      if (type.name == "varchar" && type.numeric_parameters.size() == 1) {
        return MakeVarcharCast(Bind(*cast.operand), type.numeric_parameters[0], cast.try_cast);
      }
      return MakeCast(Bind(*cast.operand), DataType::Parse(type.ToString()), cast.try_cast);
    }
    case ExpressionKind::kCase: return BindCase(e.As<CaseExpression>());
    case ExpressionKind::kTrim: {
      // TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) and trim(s[, chars]): the trim functions.
      const auto& trim = e.As<TrimExpression>();
      const char* name = trim.specification == TrimSpecification::kLeading    ? "ltrim"
                         : trim.specification == TrimSpecification::kTrailing ? "rtrim"
                                                                              : "trim";
      std::vector<BoundExpressionPtr> args{Bind(*trim.source)};
      if (trim.characters) args.push_back(Bind(*trim.characters));
      return MakeFunction(name, args);
    }
    case ExpressionKind::kFunctionCall: return BindFunction(e.As<FunctionCallExpression>());
    case ExpressionKind::kIntervalLiteral: return BindIntervalLiteral(sql_, e.As<IntervalLiteralExpression>());
    case ExpressionKind::kExtract: {
      const auto& extract = e.As<ExtractExpression>();
      return BindExtract(sql_, extract, Bind(*extract.operand));
    }
    case ExpressionKind::kAtTimeZone: {
      const auto& at = e.As<AtTimeZoneExpression>();
      return BindAtTimeZone(sql_, at, Bind(*at.operand), Bind(*at.zone));
    }
    case ExpressionKind::kCurrentValue: return BindCurrentValue(sql_, e.As<CurrentValueExpression>());
    case ExpressionKind::kParameter: return BindParameter(sql_, e.As<ParameterExpression>());
    case ExpressionKind::kExists:
    case ExpressionKind::kInSubquery:
    case ExpressionKind::kSubquery:
    case ExpressionKind::kQuantifiedComparison:
      if (subqueries_ == nullptr) ThrowNotImplemented(sql_, e.position, "subqueries are not supported in " + clause_);
      return subqueries_->BindSubqueryExpression(e, *this);
    default: break;
  }
  ThrowNotImplemented(sql_, e.position, "expression not supported yet: " + e.ToString());
}

/// DECIMAL '-12.50': a DECIMAL with the literal's own precision and scale (Trino), not a
/// cast to DECIMAL(38,0).
BoundExpressionPtr ExpressionBinder::BindDecimalLiteral(const TypedLiteralExpression& literal) {
  std::string_view text = literal.value;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  const bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const size_t dot = text.find('.');
  const bool digits_only = text.find_first_not_of("0123456789.") == std::string_view::npos &&
                           (dot == std::string_view::npos || text.find('.', dot + 1) == std::string_view::npos) &&
                           text.find_first_of("0123456789") != std::string_view::npos;
  __int128 unscaled = 0;
  int precision = 0;
  int scale = 0;
  if (!digits_only || !ParseUnscaled(text, &unscaled, &precision, &scale)) {
    ThrowBinderError(sql_, literal.position, "'" + literal.value + "' is not a valid decimal literal");
  }
  return MakeConstant(Value::Decimal(negative ? -unscaled : unscaled, precision, scale));
}

BoundExpressionPtr ExpressionBinder::BindLiteral(const LiteralExpression& literal) {
  switch (literal.literal_kind) {
    case LiteralKind::kNull: return MakeConstant(Value());
    case LiteralKind::kBoolean: return MakeConstant(Value::Boolean(literal.value == "true"));
    case LiteralKind::kString: return MakeConstant(Value::Varchar(literal.value));
    case LiteralKind::kBinary: return MakeConstant(Value::Varbinary(literal.value));
    case LiteralKind::kDouble: return MakeConstant(Value::Double(std::strtod(literal.value.c_str(), nullptr)));
    case LiteralKind::kInteger:
    case LiteralKind::kDecimal: {
      __int128 unscaled = 0;
      int precision = 0;
      int scale = 0;
      if (!ParseUnscaled(literal.value, &unscaled, &precision, &scale)) {
        ThrowBinderError(sql_, literal.position, "number literal out of range: " + literal.value);
      }
      if (literal.literal_kind == LiteralKind::kDecimal) {
        return MakeConstant(Value::Decimal(unscaled, precision, scale));
      }
      if (unscaled <= std::numeric_limits<int32_t>::max()) {
        return MakeConstant(Value::Integer(static_cast<int32_t>(unscaled)));
      }
      if (unscaled <= std::numeric_limits<int64_t>::max()) {
        return MakeConstant(Value::BigInt(static_cast<int64_t>(unscaled)));
      }
      return MakeConstant(Value::Decimal(unscaled, precision, 0));
    }
  }
  SLUICE_ASSERT(false, "every literal kind is handled");
  return nullptr;
}

BoundExpressionPtr ExpressionBinder::BindBinary(const BinaryExpression& binary) {
  BoundExpressionPtr left = Bind(*binary.left);
  BoundExpressionPtr right = Bind(*binary.right);
  if (IsComparison(binary.op)) return MakeComparison(ToComparison(binary.op), left, right);
  if (binary.op == BinaryOperator::kConcat) return MakeConcat(left, right);
  return MakeArithmetic(ArithmeticSymbol(binary.op), left, right);
}

BoundExpressionPtr ExpressionBinder::BindCase(const CaseExpression& expression) {
  std::vector<BoundCase::Branch> branches;
  for (const WhenClause& when : expression.when_clauses) {
    branches.push_back({Bind(*when.condition), Bind(*when.result)});
  }
  BoundExpressionPtr else_result = expression.else_result ? Bind(*expression.else_result) : nullptr;
  if (expression.operand) return MakeSimpleCase(Bind(*expression.operand), branches, else_result);
  return MakeCase(branches, else_result);
}

BoundExpressionPtr ExpressionBinder::BindFunction(const FunctionCallExpression& call) {
  if (call.window || call.window_name) {
    if (windows_ == nullptr) {
      ThrowBinderError(sql_, call.position, clause_ + " clause cannot contain window functions: " + call.ToString());
    }
    return windows_->BindWindow(call, *this);
  }
  if (IsAggregateName(call.name)) return BindAggregate(call);
  if (call.distinct || call.star || call.filter || !call.order_by.empty()) {
    ThrowBinderError(sql_, call.position, "'" + call.name.ToString() + "' is not an aggregate function");
  }
  if (call.name.parts.size() != 1) {
    ThrowBinderError(sql_, call.position, "function '" + call.name.ToString() + "' does not exist");
  }
  const std::string& name = call.name.parts[0].name;
  std::vector<BoundExpressionPtr> args;
  for (const FunctionArgument& argument : call.arguments) {
    if (argument.name) ThrowBinderError(sql_, argument.name->position, "named arguments are only for table functions");
    args.push_back(Bind(*argument.value));
  }
  if (name == "coalesce") return MakeCoalesce(args);
  if (name == "nullif" && args.size() == 2) return MakeNullIf(args[0], args[1]);
  if (name == "if" && (args.size() == 2 || args.size() == 3)) {
    return MakeIf(args[0], args[1], args.size() == 3 ? args[2] : nullptr);
  }
  if (name == "try" && args.size() == 1) return MakeTry(args[0]);
  return MakeFunction(name, args);
}

// ---------------------------------------------------------------------------------------

AggregateBinder::AggregateBinder(ExpressionBinder& input, std::vector<std::string> group_texts,
                                 std::vector<BoundExpressionPtr> groups, std::string clause)
    : ExpressionBinder(input.sql(), EmptyScope(), std::move(clause)), input_(input),
      group_texts_(std::move(group_texts)), groups_(std::move(groups)) {}

const BindScope& AggregateBinder::EmptyScope() {
  static const BindScope scope;
  return scope;
}

BoundExpressionPtr AggregateBinder::BindSpecial(const Expression& expression) {
  std::string text = expression.ToString();
  for (size_t i = 0; i < group_texts_.size(); ++i) {
    if (group_texts_[i] == text) return MakeColumnRef(i, groups_[i]->type(), text);
  }
  return nullptr;
}

BoundExpressionPtr AggregateBinder::BindColumn(const ColumnRefExpression& reference) {
  size_t index = input_.scope().Resolve(sql(), reference);
  for (size_t i = 0; i < groups_.size(); ++i) {
    if (groups_[i]->kind() == BoundExpressionKind::kColumnRef &&
        groups_[i]->As<BoundColumnRef>().index == index) {
      return MakeColumnRef(i, groups_[i]->type(), input_.scope().column(index).name);
    }
  }
  std::string message = "'";
  message.append(reference.ToString()).append("' must be an aggregate expression or appear in GROUP BY clause");
  ThrowBinderError(sql(), reference.position, message);
}

BoundExpressionPtr AggregateBinder::BindAggregate(const FunctionCallExpression& call) {
  std::string text = call.ToString();
  size_t first_aggregate = groups_.size();
  for (size_t i = 0; i < aggregate_texts_.size(); ++i) {
    if (aggregate_texts_[i] == text) {
      return MakeColumnRef(first_aggregate + i, aggregates_[i].function->result_type(), text);
    }
  }
  if (!call.order_by.empty() || !call.within_group.empty()) {
    ThrowNotImplemented(sql(), call.position, "ORDER BY in aggregates is not supported yet");
  }
  std::vector<BoundExpressionPtr> arguments;
  std::vector<DataType> types;
  for (const FunctionArgument& argument : call.arguments) {
    if (ContainsAggregate(*argument.value)) {
      ThrowBinderError(sql(), argument.value->position, "cannot nest aggregations inside aggregation '" +
                                                            call.name.ToString() + "'");
    }
    arguments.push_back(input_.Bind(*argument.value));
  }
  if (call.filter) {
    // agg(x) FILTER (WHERE c) is agg(CASE WHEN c THEN x END): every aggregate skips
    // rows with a NULL argument, and count(*) becomes a count of a non-NULL marker.
    std::string clause = input_.clause();
    input_.set_clause("FILTER");
    BoundExpressionPtr condition = input_.BindCondition(*call.filter);
    input_.set_clause(clause);
    if (arguments.empty()) arguments.push_back(MakeConstant(Value::Boolean(true)));
    for (BoundExpressionPtr& argument : arguments) argument = MakeCase({{condition, argument}}, nullptr);
  }
  for (const BoundExpressionPtr& argument : arguments) types.push_back(argument->type());
  exec::ResolvedAggregate resolved;
  try {
    resolved = exec::AggregateRegistry::Builtins().Resolve(call.name.parts[0].name, types, call.distinct);
  } catch (const BinderError& error) {
    ThrowBinderError(sql(), call.position, error.what());
  }
  for (size_t i = 0; i < arguments.size(); ++i) {
    arguments[i] = CoerceTo(arguments[i], resolved.argument_types[i]);
  }
  aggregate_texts_.push_back(text);
  aggregates_.push_back({resolved.function, std::move(arguments), text});
  return MakeColumnRef(first_aggregate + aggregates_.size() - 1, resolved.function->result_type(), text);
}

}  // namespace sluice::sql
