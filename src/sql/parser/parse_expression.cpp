// Expressions by precedence, weakest first: OR, AND, NOT, predicates (comparison,
// IS, BETWEEN, IN, LIKE), ||, + -, * / %, unary + -, AT TIME ZONE, postfix ([], ., ::),
// primary. Matches Trino's booleanExpression / valueExpression / primaryExpression.
#include "sql/parser/keywords.h"
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

namespace {

bool ComparisonOperator(const Token& token, BinaryOperator* op) {
  if (token.type != TokenType::kOperator) return false;
  const std::string& text = token.text;
  if (text == "=") {
    *op = BinaryOperator::kEqual;
  } else if (text == "<>" || text == "!=") {
    *op = BinaryOperator::kNotEqual;
  } else if (text == "<") {
    *op = BinaryOperator::kLess;
  } else if (text == "<=") {
    *op = BinaryOperator::kLessEqual;
  } else if (text == ">") {
    *op = BinaryOperator::kGreater;
  } else if (text == ">=") {
    *op = BinaryOperator::kGreaterEqual;
  } else {
    return false;
  }
  return true;
}

}  // namespace

ExpressionPtr Parser::ParseExpressionNode() {
  DepthGuard guard(*this, kNestingCost);
  return ParseConjunction(ConjunctionType::kOr);
}

ExpressionPtr Parser::ParseConjunction(ConjunctionType type) {
  bool is_or = type == ConjunctionType::kOr;
  std::string_view word = is_or ? "or" : "and";
  auto parse_child = [&]() { return is_or ? ParseConjunction(ConjunctionType::kAnd) : ParseNot(); };
  ExpressionPtr first = parse_child();
  if (!IsWord(word)) return first;
  auto conjunction = std::make_unique<ConjunctionExpression>(Peek().position);
  conjunction->type = type;
  conjunction->children.push_back(std::move(first));
  while (AcceptWord(word)) conjunction->children.push_back(parse_child());
  return conjunction;
}

ExpressionPtr Parser::ParseNot() {
  if (!IsWord("not")) return ParsePredicate();
  DepthGuard guard(*this, 1);
  auto expression = std::make_unique<NotExpression>(Advance().position);
  expression->operand = ParseNot();
  return expression;
}

ExpressionPtr Parser::ParsePredicate() {
  ExpressionPtr left = ParseValueExpression();
  BinaryOperator op;
  if (ComparisonOperator(Peek(), &op)) return ParseComparison(std::move(left));
  if (IsWord("is")) {
    SourcePosition position = Advance().position;
    bool negated = AcceptWord("not");
    if (AcceptWord("null")) {
      auto expression = std::make_unique<IsNullExpression>(position);
      expression->operand = std::move(left);
      expression->negated = negated;
      return expression;
    }
    if (AcceptWord("distinct")) {
      ExpectWord("from");
      auto expression = std::make_unique<DistinctFromExpression>(position);
      expression->left = std::move(left);
      expression->right = ParseValueExpression();
      expression->negated = negated;
      return expression;
    }
    FailExpected("NULL or DISTINCT FROM");
  }
  if (IsWord("not") || IsWord("between") || IsWord("in") || IsWord("like")) {
    return ParseNegatablePredicate(std::move(left));
  }
  return left;
}

ExpressionPtr Parser::ParseComparison(ExpressionPtr left) {
  const Token& token = Advance();
  BinaryOperator op = BinaryOperator::kEqual;
  ComparisonOperator(token, &op);
  bool quantified = (IsWord("all") || IsWord("any") || IsWord("some")) && IsOperator("(", 1) &&
                    AtQueryStart(2);
  if (quantified) {
    auto expression = std::make_unique<QuantifiedComparisonExpression>(token.position);
    const std::string& word = Advance().text;
    expression->quantifier = word == "all"   ? Quantifier::kAll
                             : word == "any" ? Quantifier::kAny
                                             : Quantifier::kSome;
    expression->op = op;
    expression->operand = std::move(left);
    expression->query = ParseParenthesizedQuery();
    return expression;
  }
  auto expression = std::make_unique<BinaryExpression>(token.position);
  expression->op = op;
  expression->left = std::move(left);
  expression->right = ParseValueExpression();
  return expression;
}

ExpressionPtr Parser::ParseNegatablePredicate(ExpressionPtr left) {
  SourcePosition position = Peek().position;
  bool negated = AcceptWord("not");
  if (AcceptWord("between")) {
    auto expression = std::make_unique<BetweenExpression>(position);
    expression->operand = std::move(left);
    expression->negated = negated;
    expression->low = ParseValueExpression();
    ExpectWord("and");
    expression->high = ParseValueExpression();
    return expression;
  }
  if (AcceptWord("in")) {
    ExpectOperator("(");
    if (IsWord("select") || IsWord("with") || IsWord("values")) {
      auto expression = std::make_unique<InSubqueryExpression>(position);
      expression->operand = std::move(left);
      expression->negated = negated;
      expression->query = ParseQuery();
      ExpectOperator(")");
      return expression;
    }
    auto expression = std::make_unique<InListExpression>(position);
    expression->operand = std::move(left);
    expression->negated = negated;
    do {
      expression->list.push_back(ParseExpressionNode());
    } while (AcceptOperator(","));
    ExpectOperator(")");
    return expression;
  }
  if (AcceptWord("like")) {
    auto expression = std::make_unique<LikeExpression>(position);
    expression->operand = std::move(left);
    expression->negated = negated;
    expression->pattern = ParseValueExpression();
    if (AcceptWord("escape")) expression->escape = ParseValueExpression();
    return expression;
  }
  FailExpected("BETWEEN, IN or LIKE");
}

ExpressionPtr Parser::ParseValueExpression() {
  ExpressionPtr left = ParseAdditive();
  DepthGuard chain(*this, 0);
  while (IsOperator("||")) {
    chain.Extend(1);
    auto expression = std::make_unique<BinaryExpression>(Advance().position);
    expression->op = BinaryOperator::kConcat;
    expression->left = std::move(left);
    expression->right = ParseAdditive();
    left = std::move(expression);
  }
  return left;
}

ExpressionPtr Parser::ParseAdditive() {
  ExpressionPtr left = ParseMultiplicative();
  DepthGuard chain(*this, 0);
  while (IsOperator("+") || IsOperator("-")) {
    chain.Extend(1);
    const Token& token = Advance();
    auto expression = std::make_unique<BinaryExpression>(token.position);
    expression->op = token.text == "+" ? BinaryOperator::kAdd : BinaryOperator::kSubtract;
    expression->left = std::move(left);
    expression->right = ParseMultiplicative();
    left = std::move(expression);
  }
  return left;
}

ExpressionPtr Parser::ParseMultiplicative() {
  ExpressionPtr left = ParseUnary();
  DepthGuard chain(*this, 0);
  while (IsOperator("*") || IsOperator("/") || IsOperator("%")) {
    chain.Extend(1);
    const Token& token = Advance();
    auto expression = std::make_unique<BinaryExpression>(token.position);
    expression->op = token.text == "*"   ? BinaryOperator::kMultiply
                     : token.text == "/" ? BinaryOperator::kDivide
                                         : BinaryOperator::kModulo;
    expression->left = std::move(left);
    expression->right = ParseUnary();
    left = std::move(expression);
  }
  return left;
}

ExpressionPtr Parser::ParseUnary() {
  if (!IsOperator("-") && !IsOperator("+")) return ParseAtTimeZone();
  DepthGuard guard(*this, 1);
  const Token& token = Advance();
  auto expression = std::make_unique<UnaryExpression>(token.position);
  expression->op = token.text == "-" ? UnaryOperator::kMinus : UnaryOperator::kPlus;
  expression->operand = ParseUnary();
  return expression;
}

ExpressionPtr Parser::ParseAtTimeZone() {
  ExpressionPtr left = ParsePostfix();
  DepthGuard chain(*this, 0);
  while (IsWord("at") && IsWord("time", 1) && IsWord("zone", 2)) {
    chain.Extend(1);
    auto expression = std::make_unique<AtTimeZoneExpression>(Advance().position);
    Advance();
    Advance();
    expression->operand = std::move(left);
    expression->zone = ParsePostfix();
    left = std::move(expression);
  }
  return left;
}

ExpressionPtr Parser::ParsePostfix() {
  ExpressionPtr base = ParsePrimary();
  DepthGuard chain(*this, 0);
  while (true) {
    if (IsOperator("[")) {
      chain.Extend(1);
      auto subscript = std::make_unique<SubscriptExpression>(Advance().position);
      subscript->base = std::move(base);
      subscript->index = ParseExpressionNode();
      ExpectOperator("]");
      base = std::move(subscript);
    } else if (IsOperator(".") && IsIdentifier(1)) {
      chain.Extend(1);
      auto dereference = std::make_unique<DereferenceExpression>(Advance().position);
      dereference->base = std::move(base);
      dereference->field = ParseIdentifier();
      base = std::move(dereference);
    } else if (IsOperator("::")) {
      chain.Extend(1);
      auto cast = std::make_unique<CastExpression>(Advance().position);
      cast->operand = std::move(base);
      cast->type = ParseType();
      base = std::move(cast);
    } else {
      return base;
    }
  }
}

ExpressionPtr Parser::ParsePrimary() {
  const Token& token = Peek();
  switch (token.type) {
    case TokenType::kInteger:
    case TokenType::kDecimal:
    case TokenType::kDouble:
    case TokenType::kString:
    case TokenType::kBinaryString: return ParseLiteral();
    case TokenType::kParameter: {
      auto parameter = std::make_unique<ParameterExpression>(token.position);
      if (token.text.empty()) {
        parameter->index = next_parameter_index_++;
      } else {
        parameter->name = token.text;
      }
      Advance();
      return parameter;
    }
    case TokenType::kWord: return ParseWordExpression();
    case TokenType::kQuotedIdentifier: return AtLambda() ? ParseLambda() : ParseNameOrCall();
    case TokenType::kOperator:
      if (IsOperator("(")) return ParseParenthesized();
      break;
    case TokenType::kEnd: break;
  }
  FailExpected("an expression");
}

ExpressionPtr Parser::ParseParenthesized() {
  if (AtLambda()) return ParseLambda();
  if (IsWord("select", 1) || IsWord("with", 1) || IsWord("values", 1)) {
    auto subquery = std::make_unique<SubqueryExpression>(Peek().position);
    subquery->query = ParseParenthesizedQuery();
    return subquery;
  }
  SourcePosition position = Advance().position;
  ExpressionPtr first = ParseExpressionNode();
  if (!IsOperator(",")) {
    ExpectOperator(")");
    return first;
  }
  auto row = std::make_unique<RowExpression>(position);
  row->elements.push_back(std::move(first));
  while (AcceptOperator(",")) row->elements.push_back(ParseExpressionNode());
  ExpectOperator(")");
  return row;
}

ExpressionPtr Parser::ParseLiteral() {
  const Token& token = Advance();
  auto literal = std::make_unique<LiteralExpression>(token.position);
  literal->value = token.text;
  switch (token.type) {
    case TokenType::kInteger: literal->literal_kind = LiteralKind::kInteger; break;
    case TokenType::kDecimal: literal->literal_kind = LiteralKind::kDecimal; break;
    case TokenType::kDouble: literal->literal_kind = LiteralKind::kDouble; break;
    case TokenType::kString: literal->literal_kind = LiteralKind::kString; break;
    case TokenType::kBinaryString: literal->literal_kind = LiteralKind::kBinary; break;
    default:
      literal->literal_kind = token.text == "null" ? LiteralKind::kNull : LiteralKind::kBoolean;
      if (token.text == "null") literal->value.clear();
      break;
  }
  return literal;
}

ExpressionPtr Parser::ParseNameOrCall() {
  SourcePosition position = Peek().position;
  QualifiedName name;
  name.parts.push_back(ParseIdentifier());
  while (IsOperator(".") && IsIdentifier(1)) {
    Advance();
    name.parts.push_back(ParseIdentifier());
  }
  if (IsOperator("(")) return ParseFunctionCall(std::move(name));
  auto column = std::make_unique<ColumnRefExpression>(position);
  column->parts = std::move(name.parts);
  return column;
}

}  // namespace sluice::sql
