// The FROM clause: tables, table functions, subqueries, joins and comma joins.
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

TableRefPtr Parser::ParseFromList() {
  TableRefPtr left = ParseJoinedRelation();
  DepthGuard chain(*this, 0);
  while (IsOperator(",")) {
    chain.Extend(1);
    auto join = std::make_unique<JoinRef>(Advance().position);
    join->type = JoinType::kImplicit;
    join->left = std::move(left);
    join->right = ParseJoinedRelation();
    left = std::move(join);
  }
  return left;
}

TableRefPtr Parser::ParseJoinedRelation() {
  TableRefPtr left = ParseAliasedRelation();
  DepthGuard chain(*this, 0);
  while (true) {
    const Token& at = Peek();
    JoinType type = JoinType::kInner;
    if (IsWord("cross")) {
      Advance();
      ExpectWord("join");
      type = JoinType::kCross;
    } else if (IsWord("join")) {
      Advance();
    } else if (IsWord("inner")) {
      Advance();
      ExpectWord("join");
    } else if (IsWord("left") || IsWord("right") || IsWord("full")) {
      const std::string& word = Advance().text;
      type = word == "left" ? JoinType::kLeft : word == "right" ? JoinType::kRight : JoinType::kFull;
      AcceptWord("outer");
      ExpectWord("join");
    } else if (IsWord("natural")) {
      FailNotImplemented(at, "NATURAL JOIN is not supported (name the columns with USING)");
    } else {
      return left;
    }
    chain.Extend(1);
    auto join = std::make_unique<JoinRef>(at.position);
    join->type = type;
    join->left = std::move(left);
    join->right = ParseAliasedRelation();
    if (type != JoinType::kCross) {
      if (AcceptWord("on")) {
        join->condition = ParseExpressionNode();
      } else if (AcceptWord("using")) {
        join->using_columns = ParseIdentifierList();
      } else {
        FailExpected("ON or USING");
      }
    }
    left = std::move(join);
  }
}

TableRefPtr Parser::ParseAliasedRelation() {
  TableRefPtr relation = ParseRelationPrimary();
  bool has_as = IsWord("as");
  if (!has_as && !AtImplicitAlias()) return relation;
  if (relation->alias) Fail(Peek(), "a relation with an alias cannot take a second alias");
  if (has_as) Advance();
  relation->alias = ParseIdentifier();
  if (IsOperator("(")) relation->column_aliases = ParseIdentifierList();
  return relation;
}

TableRefPtr Parser::ParseRelationPrimary() {
  DepthGuard guard(*this, kNestingCost);
  const Token& token = Peek();
  if (IsWord("lateral") && IsOperator("(", 1)) {
    Advance();
    auto subquery = std::make_unique<SubqueryRef>(token.position);
    subquery->lateral = true;
    subquery->query = ParseParenthesizedQuery();
    return subquery;
  }
  if (IsWord("unnest")) FailNotImplemented(token, "UNNEST is not supported yet");
  if (IsWord("table") && IsOperator("(", 1)) {
    Advance();
    Advance();
    TableRefPtr function = ParseTableFunction(token.position);
    ExpectOperator(")");
    return function;
  }
  if (IsOperator("(")) {
    if (AtQueryStart(1)) {
      auto subquery = std::make_unique<SubqueryRef>(token.position);
      subquery->query = ParseParenthesizedQuery();
      return subquery;
    }
    Advance();
    TableRefPtr inner = ParseJoinedRelation();
    ExpectOperator(")");
    return inner;
  }
  if (!IsIdentifier()) {
    if (token.type == TokenType::kWord) ParseIdentifier();  // reserved word: precise message
    FailExpected("a table name, a table function or '('");
  }
  QualifiedName name = ParseQualifiedName();
  if (IsOperator("(")) {
    auto function = std::make_unique<TableFunctionRef>(token.position);
    function->call = ParseFunctionCall(std::move(name));
    return function;
  }
  auto table = std::make_unique<BaseTableRef>(token.position);
  table->name = std::move(name);
  return table;
}

TableRefPtr Parser::ParseTableFunction(SourcePosition position) {
  auto function = std::make_unique<TableFunctionRef>(position);
  function->call = ParseFunctionCall(ParseQualifiedName());
  return function;
}

}  // namespace sluice::sql
