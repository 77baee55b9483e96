// Queries: WITH, set operations, SELECT blocks, VALUES, GROUP BY, ORDER BY, LIMIT.
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

namespace {

/// Non-reserved words that end a relation or a select item instead of naming it:
/// `FROM t LIMIT 10` has no alias "limit".
bool IsClauseWord(std::string_view word) {
  return word == "limit" || word == "offset" || word == "fetch" || word == "window";
}

}  // namespace

bool Parser::AtQueryStart(size_t ahead) const {
  while (IsOperator("(", ahead)) ++ahead;
  return IsWord("select", ahead) || IsWord("with", ahead) || IsWord("values", ahead) ||
         (IsWord("table", ahead) && !IsOperator("(", ahead + 1));
}

bool Parser::AtImplicitAlias() const {
  const Token& token = Peek();
  if (token.type == TokenType::kQuotedIdentifier) return true;
  return IsIdentifier() && !IsClauseWord(token.text);
}

std::unique_ptr<Query> Parser::ParseQuery() {
  DepthGuard guard(*this, kNestingCost);
  auto query = std::make_unique<Query>(Peek().position);
  if (IsWord("with")) ParseWith(*query);
  query->body = ParseQueryBody();
  if (IsWord("order")) {
    Advance();
    ExpectWord("by");
    query->order_by = ParseOrderByList();
  }
  ParseLimitClauses(*query);
  return query;
}

std::unique_ptr<Query> Parser::ParseParenthesizedQuery() {
  ExpectOperator("(");
  std::unique_ptr<Query> query = ParseQuery();
  ExpectOperator(")");
  return query;
}

void Parser::ParseWith(Query& query) {
  Advance();  // WITH
  if (IsWord("recursive")) FailNotImplemented(Peek(), "WITH RECURSIVE is not supported yet");
  do {
    CommonTableExpression cte;
    cte.name = ParseIdentifier();
    if (IsOperator("(")) cte.columns = ParseIdentifierList();
    ExpectWord("as");
    cte.query = ParseParenthesizedQuery();
    query.with.push_back(std::move(cte));
  } while (AcceptOperator(","));
}

void Parser::ParseLimitClauses(Query& query) {
  auto parse_count = [this]() -> ExpressionPtr {
    TokenType type = Peek().type;
    if (type != TokenType::kInteger && type != TokenType::kParameter) {
      FailExpected("a row count (an integer or a parameter)");
    }
    return ParsePrimary();
  };
  bool seen_offset = false;
  bool seen_limit = false;
  while (true) {
    if (!seen_offset && IsWord("offset")) {
      Advance();
      seen_offset = true;
      query.offset = parse_count();
      if (!AcceptWord("rows")) AcceptWord("row");
    } else if (!seen_limit && IsWord("limit")) {
      Advance();
      seen_limit = true;
      if (AcceptWord("all")) {
        query.limit_all = true;
      } else {
        query.limit = parse_count();
      }
    } else if (!seen_limit && IsWord("fetch")) {
      const Token& fetch = Advance();
      seen_limit = true;
      query.fetch_first = true;
      if (!AcceptWord("first")) ExpectWord("next");
      if (IsWord("row") || IsWord("rows")) {
        auto one = std::make_unique<LiteralExpression>(fetch.position);
        one->literal_kind = LiteralKind::kInteger;
        one->value.push_back('1');
        query.limit = std::move(one);
      } else {
        query.limit = parse_count();
      }
      if (!AcceptWord("rows")) ExpectWord("row");
      if (AcceptWord("with")) {
        ExpectWord("ties");
        query.with_ties = true;
      } else {
        ExpectWord("only");
      }
    } else {
      return;
    }
  }
}

QueryBodyPtr Parser::ParseQueryBody() {
  QueryBodyPtr left = ParseIntersectTerm();
  DepthGuard chain(*this, 0);
  while (IsWord("union") || IsWord("except")) {
    chain.Extend(1);
    const Token& token = Advance();
    auto operation = std::make_unique<SetOperationBody>(token.position);
    operation->type = token.text == "union" ? SetOperationType::kUnion : SetOperationType::kExcept;
    if (AcceptWord("all")) {
      operation->all = true;
    } else {
      AcceptWord("distinct");
    }
    operation->left = std::move(left);
    operation->right = ParseIntersectTerm();
    left = std::move(operation);
  }
  return left;
}

QueryBodyPtr Parser::ParseIntersectTerm() {
  QueryBodyPtr left = ParseQueryPrimary();
  DepthGuard chain(*this, 0);
  while (IsWord("intersect")) {
    chain.Extend(1);
    auto operation = std::make_unique<SetOperationBody>(Advance().position);
    operation->type = SetOperationType::kIntersect;
    if (AcceptWord("all")) {
      operation->all = true;
    } else {
      AcceptWord("distinct");
    }
    operation->left = std::move(left);
    operation->right = ParseQueryPrimary();
    left = std::move(operation);
  }
  return left;
}

QueryBodyPtr Parser::ParseQueryPrimary() {
  const Token& token = Peek();
  if (IsWord("select")) return ParseSelect();
  if (IsWord("values")) {
    Advance();
    auto values = std::make_unique<ValuesBody>(token.position);
    do {
      values->rows.push_back(ParseExpressionNode());
    } while (AcceptOperator(","));
    return values;
  }
  if (IsWord("table")) {
    Advance();
    auto table = std::make_unique<TableBody>(token.position);
    table->name = ParseQualifiedName();
    return table;
  }
  if (IsOperator("(")) {
    auto subquery = std::make_unique<SubqueryBody>(token.position);
    subquery->query = ParseParenthesizedQuery();
    return subquery;
  }
  FailExpected("SELECT, VALUES, TABLE or '('");
}

QueryBodyPtr Parser::ParseSelect() {
  auto select = std::make_unique<SelectBody>(Advance().position);
  if (AcceptWord("distinct")) {
    select->distinct = true;
  } else {
    AcceptWord("all");
  }
  do {
    select->select_list.push_back(ParseSelectItem());
  } while (AcceptOperator(","));
  if (AcceptWord("from")) select->from = ParseFromList();
  if (AcceptWord("where")) select->where = ParseExpressionNode();
  if (IsWord("group")) {
    Advance();
    ExpectWord("by");
    select->group_by = ParseGroupBy();
  }
  if (AcceptWord("having")) select->having = ParseExpressionNode();
  if (IsWord("window") && IsIdentifier(1) && IsWord("as", 2)) {
    Advance();
    do {
      NamedWindow window;
      window.name = ParseIdentifier();
      ExpectWord("as");
      window.spec = ParseWindowSpec();
      select->windows.push_back(std::move(window));
    } while (AcceptOperator(","));
  }
  return select;
}

SelectItem Parser::ParseSelectItem() {
  SelectItem item;
  item.position = Peek().position;
  if (AcceptOperator("*")) {
    item.star = true;
    return item;
  }
  size_t ahead = 0;
  while (IsIdentifier(ahead) && IsOperator(".", ahead + 1)) ahead += 2;
  if (ahead > 0 && IsOperator("*", ahead)) {
    while (!IsOperator("*")) {
      item.star_qualifier.push_back(ParseIdentifier());
      ExpectOperator(".");
    }
    Advance();
    item.star = true;
    return item;
  }
  item.expression = ParseExpressionNode();
  if (AcceptWord("as") || AtImplicitAlias()) item.alias = ParseIdentifier();
  return item;
}

GroupBy Parser::ParseGroupBy() {
  GroupBy group_by;
  if (AcceptWord("distinct")) {
    group_by.distinct = true;
  } else if (IsWord("all") && !IsOperator(",", 1) && Peek(1).type != TokenType::kEnd) {
    Advance();
  }
  do {
    group_by.elements.push_back(ParseGroupingElement());
  } while (AcceptOperator(","));
  return group_by;
}

GroupingElement Parser::ParseGroupingElement() {
  GroupingElement element;
  element.position = Peek().position;
  if ((IsWord("rollup") || IsWord("cube")) && IsOperator("(", 1)) {
    element.kind = Advance().text == "rollup" ? GroupingKind::kRollup : GroupingKind::kCube;
    ExpectOperator("(");
    ExpressionList list;
    if (!IsOperator(")")) {
      do {
        list.push_back(ParseExpressionNode());
      } while (AcceptOperator(","));
    }
    ExpectOperator(")");
    element.sets.push_back(std::move(list));
    return element;
  }
  if (IsWord("grouping") && IsWord("sets", 1)) {
    Advance();
    Advance();
    element.kind = GroupingKind::kGroupingSets;
    ExpectOperator("(");
    do {
      element.sets.push_back(ParseGroupingSet());
    } while (AcceptOperator(","));
    ExpectOperator(")");
    return element;
  }
  element.sets.push_back(ParseGroupingSet());
  return element;
}

ExpressionList Parser::ParseGroupingSet() {
  ExpressionList set;
  if (IsOperator("(") && IsOperator(")", 1)) {
    Advance();
    Advance();
    return set;
  }
  ExpressionPtr expression = ParseExpressionNode();
  if (expression->kind() == ExpressionKind::kRow &&
      !expression->As<RowExpression>().row_keyword) {
    // (a, b) lists the columns of one grouping set.
    return std::move(static_cast<RowExpression&>(*expression).elements);
  }
  set.push_back(std::move(expression));
  return set;
}

std::vector<OrderByItem> Parser::ParseOrderByList() {
  std::vector<OrderByItem> items;
  do {
    OrderByItem item;
    item.expression = ParseExpressionNode();
    if (AcceptWord("asc")) {
      item.order = SortOrder::kAscending;
    } else if (AcceptWord("desc")) {
      item.order = SortOrder::kDescending;
    }
    if (AcceptWord("nulls")) {
      if (AcceptWord("first")) {
        item.null_order = NullOrder::kNullsFirst;
      } else if (AcceptWord("last")) {
        item.null_order = NullOrder::kNullsLast;
      } else {
        FailExpected("FIRST or LAST");
      }
    }
    items.push_back(std::move(item));
  } while (AcceptOperator(","));
  return items;
}

}  // namespace sluice::sql
