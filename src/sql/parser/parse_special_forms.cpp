// Primary expressions that start with a word: literals written with keywords, special
// forms (CASE, CAST, EXTRACT, TRIM, CURRENT_…, INTERVAL, ARRAY[…], ROW(…), EXISTS),
// lambdas, and function calls with their suffixes (FILTER, WITHIN GROUP, OVER).
#include "sql/parser/keywords.h"
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

namespace {

bool IsCurrentValueName(std::string_view word) {
  return word == "current_date" || word == "current_time" || word == "current_timestamp" ||
         word == "localtime" || word == "localtimestamp" || word == "current_user" ||
         word == "current_catalog" || word == "current_schema" || word == "current_path" ||
         word == "current_role";
}

bool TakesPrecision(std::string_view word) {
  return word == "current_time" || word == "current_timestamp" || word == "localtime" ||
         word == "localtimestamp";
}

}  // namespace

ExpressionPtr Parser::ParseWordExpression() {
  const Token& token = Peek();
  const std::string& word = token.text;
  if (word == "null" || word == "true" || word == "false") return ParseLiteral();
  if (word == "case") return ParseCase();
  if (word == "cast") return ParseCast(false);
  if (word == "try_cast" && IsOperator("(", 1)) return ParseCast(true);
  if (word == "exists") return ParseExists();
  if (word == "extract") return ParseExtract();
  if (word == "trim") return ParseTrim();
  if (IsCurrentValueName(word)) return ParseCurrentValue();
  bool signed_string = (IsOperator("+", 1) || IsOperator("-", 1)) &&
                       Peek(2).type == TokenType::kString;
  if (word == "interval" && (Peek(1).type == TokenType::kString || signed_string)) {
    return ParseInterval();
  }
  if (word == "array" && IsOperator("[", 1)) return ParseArray();
  if (word == "row" && IsOperator("(", 1)) return ParseRow();
  if ((word == "listagg" || word == "grouping") && IsOperator("(", 1)) {
    QualifiedName name;
    name.parts.push_back(Identifier{word, false, token.position});
    Advance();
    return ParseFunctionCall(std::move(name));
  }
  bool double_precision = word == "double" && IsWord("precision", 1) &&
                          Peek(2).type == TokenType::kString;
  if (double_precision || (!IsReservedKeyword(word) && Peek(1).type == TokenType::kString)) {
    return ParseTypedLiteral();
  }
  if (AtLambda()) return ParseLambda();
  if (IsReservedKeyword(word)) FailExpected("an expression");
  return ParseNameOrCall();
}

ExpressionPtr Parser::ParseTypedLiteral() {
  const Token& type = Advance();
  if (type.text == "double") AcceptWord("precision");
  auto literal = std::make_unique<TypedLiteralExpression>(type.position);
  literal->type = type.text;
  literal->value = Advance().text;
  return literal;
}

std::string Parser::ParseIntervalField() {
  for (std::string_view field : {"year", "month", "week", "day", "hour", "minute", "second"}) {
    if (AcceptWord(field)) return std::string(field);
  }
  FailExpected("YEAR, MONTH, WEEK, DAY, HOUR, MINUTE or SECOND");
}

ExpressionPtr Parser::ParseInterval() {
  auto interval = std::make_unique<IntervalLiteralExpression>(Advance().position);
  if (AcceptOperator("-")) {
    interval->negative = true;
  } else {
    AcceptOperator("+");
  }
  interval->value = Advance().text;
  interval->start_field = ParseIntervalField();
  if (AcceptWord("to")) interval->end_field = ParseIntervalField();
  return interval;
}

ExpressionPtr Parser::ParseCast(bool try_cast) {
  auto cast = std::make_unique<CastExpression>(Advance().position);
  cast->try_cast = try_cast;
  ExpectOperator("(");
  cast->operand = ParseExpressionNode();
  ExpectWord("as");
  cast->type = ParseType();
  ExpectOperator(")");
  return cast;
}

ExpressionPtr Parser::ParseCase() {
  auto expression = std::make_unique<CaseExpression>(Advance().position);
  if (!IsWord("when")) expression->operand = ParseExpressionNode();
  if (!IsWord("when")) FailExpected("WHEN");
  while (AcceptWord("when")) {
    WhenClause clause;
    clause.condition = ParseExpressionNode();
    ExpectWord("then");
    clause.result = ParseExpressionNode();
    expression->when_clauses.push_back(std::move(clause));
  }
  if (AcceptWord("else")) expression->else_result = ParseExpressionNode();
  ExpectWord("end");
  return expression;
}

ExpressionPtr Parser::ParseExtract() {
  auto expression = std::make_unique<ExtractExpression>(Advance().position);
  ExpectOperator("(");
  expression->field = ParseIdentifier().name;
  ExpectWord("from");
  expression->operand = ParseExpressionNode();
  ExpectOperator(")");
  return expression;
}

ExpressionPtr Parser::ParseTrim() {
  DepthGuard guard(*this, kNestingCost);  // its operands are value expressions, not guarded
  auto expression = std::make_unique<TrimExpression>(Advance().position);
  ExpectOperator("(");
  bool has_specification = true;
  if (AcceptWord("leading")) {
    expression->specification = TrimSpecification::kLeading;
  } else if (AcceptWord("trailing")) {
    expression->specification = TrimSpecification::kTrailing;
  } else if (!AcceptWord("both")) {
    has_specification = false;
  }
  if (AcceptWord("from")) {
    expression->source = ParseValueExpression();
  } else {
    ExpressionPtr first = ParseValueExpression();
    if (AcceptWord("from")) {
      expression->characters = std::move(first);
      expression->source = ParseValueExpression();
    } else if (has_specification) {
      FailExpected("FROM");
    } else {
      expression->source = std::move(first);
      if (AcceptOperator(",")) expression->characters = ParseValueExpression();
    }
  }
  ExpectOperator(")");
  return expression;
}

ExpressionPtr Parser::ParseCurrentValue() {
  const Token& token = Advance();
  auto expression = std::make_unique<CurrentValueExpression>(token.position);
  expression->name = token.text;
  if (TakesPrecision(token.text) && AcceptOperator("(")) {
    expression->precision = static_cast<int>(ParseSmallInteger("a precision"));
    ExpectOperator(")");
  }
  return expression;
}

bool Parser::AtLambda() const {
  if (IsIdentifier() && IsOperator("->", 1)) return true;
  if (!IsOperator("(")) return false;
  if (IsOperator(")", 1)) return IsOperator("->", 2);
  for (size_t ahead = 1; IsIdentifier(ahead); ahead += 2) {
    if (IsOperator(")", ahead + 1)) return IsOperator("->", ahead + 2);
    if (!IsOperator(",", ahead + 1)) return false;
  }
  return false;
}

ExpressionPtr Parser::ParseLambda() {
  auto lambda = std::make_unique<LambdaExpression>(Peek().position);
  if (AcceptOperator("(")) {
    if (!IsOperator(")")) {
      do {
        lambda->parameters.push_back(ParseIdentifier());
      } while (AcceptOperator(","));
    }
    ExpectOperator(")");
  } else {
    lambda->parameters.push_back(ParseIdentifier());
  }
  ExpectOperator("->");
  lambda->body = ParseExpressionNode();
  return lambda;
}

ExpressionPtr Parser::ParseArray() {
  auto array = std::make_unique<ArrayExpression>(Advance().position);
  ExpectOperator("[");
  if (!IsOperator("]")) {
    do {
      array->elements.push_back(ParseExpressionNode());
    } while (AcceptOperator(","));
  }
  ExpectOperator("]");
  return array;
}

ExpressionPtr Parser::ParseRow() {
  auto row = std::make_unique<RowExpression>(Advance().position);
  row->row_keyword = true;
  ExpectOperator("(");
  do {
    row->elements.push_back(ParseExpressionNode());
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return row;
}

ExpressionPtr Parser::ParseExists() {
  auto exists = std::make_unique<ExistsExpression>(Advance().position);
  if (!IsOperator("(") || !AtQueryStart(1)) FailExpected("'(' and a query");
  exists->query = ParseParenthesizedQuery();
  return exists;
}

std::unique_ptr<FunctionCallExpression> Parser::ParseFunctionCall(QualifiedName name) {
  auto call = std::make_unique<FunctionCallExpression>(name.position());
  call->name = std::move(name);
  ExpectOperator("(");
  ParseFunctionArguments(*call);
  ExpectOperator(")");
  ParseCallSuffixes(*call);
  return call;
}

void Parser::ParseFunctionArguments(FunctionCallExpression& call) {
  if (IsOperator("*") && IsOperator(")", 1)) {
    Advance();
    call.star = true;
    return;
  }
  if (IsOperator(")")) return;
  if (AcceptWord("distinct")) {
    call.distinct = true;
  } else if (IsWord("all") && !IsOperator(")", 1) && !IsOperator(",", 1) &&
             !IsOperator(".", 1) && !IsOperator("[", 1)) {
    Advance();
  }
  do {
    FunctionArgument argument;
    if (IsOperator("=>", 1) && (IsIdentifier() || Peek().type == TokenType::kWord)) {
      // A keyword names an argument too (read_csv's null, escape, skip): `=>` follows.
      const Token& token = Peek();
      argument.name = Identifier{token.text, token.type == TokenType::kQuotedIdentifier, token.position};
      Advance();
      Advance();
    }
    argument.value = ParseExpressionNode();
    call.arguments.push_back(std::move(argument));
  } while (AcceptOperator(","));
  if (IsWord("order")) {
    Advance();
    ExpectWord("by");
    call.order_by = ParseOrderByList();
  }
  if (IsWord("on") && IsWord("overflow", 1)) {
    FailNotImplemented(Peek(), "LISTAGG ... ON OVERFLOW is not supported yet");
  }
}

void Parser::ParseCallSuffixes(FunctionCallExpression& call) {
  if (IsWord("within") && IsWord("group", 1)) {
    Advance();
    Advance();
    ExpectOperator("(");
    ExpectWord("order");
    ExpectWord("by");
    call.within_group = ParseOrderByList();
    ExpectOperator(")");
  }
  if (IsWord("filter") && IsOperator("(", 1)) {
    Advance();
    Advance();
    ExpectWord("where");
    call.filter = ParseExpressionNode();
    ExpectOperator(")");
  }
  if ((IsWord("ignore") || IsWord("respect")) && IsWord("nulls", 1) && IsWord("over", 2)) {
    call.null_treatment =
        Advance().text == "ignore" ? NullTreatment::kIgnoreNulls : NullTreatment::kRespectNulls;
    Advance();
  }
  if (IsWord("over") && (IsOperator("(", 1) || IsIdentifier(1))) {
    Advance();
    if (IsOperator("(")) {
      call.window = std::make_unique<WindowSpec>(ParseWindowSpec());
    } else {
      call.window_name = ParseIdentifier();
    }
  }
}

WindowSpec Parser::ParseWindowSpec() {
  DepthGuard guard(*this, kNestingCost);
  WindowSpec spec;
  spec.position = Peek().position;
  ExpectOperator("(");
  bool at_clause = (IsWord("partition") && IsWord("by", 1)) || IsWord("rows") ||
                   IsWord("range") || IsWord("groups");
  if (IsIdentifier() && !at_clause) spec.existing_window = ParseIdentifier();
  if (IsWord("partition")) {
    Advance();
    ExpectWord("by");
    do {
      spec.partition_by.push_back(ParseExpressionNode());
    } while (AcceptOperator(","));
  }
  if (IsWord("order")) {
    Advance();
    ExpectWord("by");
    spec.order_by = ParseOrderByList();
  }
  if (IsWord("rows") || IsWord("range") || IsWord("groups")) spec.frame = ParseWindowFrame();
  ExpectOperator(")");
  return spec;
}

WindowFrame Parser::ParseWindowFrame() {
  WindowFrame frame;
  const std::string& word = Advance().text;
  frame.type = word == "rows" ? FrameType::kRows : word == "range" ? FrameType::kRange
                                                                    : FrameType::kGroups;
  if (AcceptWord("between")) {
    frame.start = ParseFrameBound();
    ExpectWord("and");
    frame.end = ParseFrameBound();
  } else {
    frame.start = ParseFrameBound();
  }
  return frame;
}

FrameBound Parser::ParseFrameBound() {
  FrameBound bound;
  if (AcceptWord("unbounded")) {
    if (AcceptWord("preceding")) {
      bound.type = FrameBoundType::kUnboundedPreceding;
    } else {
      ExpectWord("following");
      bound.type = FrameBoundType::kUnboundedFollowing;
    }
    return bound;
  }
  if (IsWord("current") && IsWord("row", 1)) {
    Advance();
    Advance();
    bound.type = FrameBoundType::kCurrentRow;
    return bound;
  }
  bound.offset = ParseValueExpression();
  if (AcceptWord("preceding")) {
    bound.type = FrameBoundType::kPreceding;
  } else {
    ExpectWord("following");
    bound.type = FrameBoundType::kFollowing;
  }
  return bound;
}

}  // namespace sluice::sql
