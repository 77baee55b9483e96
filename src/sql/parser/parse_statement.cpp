// Statements: queries, EXPLAIN, CREATE VIEW / TABLE AS, COPY, SET, RESET, DROP.
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

StatementPtr Parser::ParseOneStatement() {
  const Token& first = Peek();
  if (AtQueryStart()) {
    auto statement = std::make_unique<QueryStatement>(first.position);
    statement->query = ParseQuery();
    return statement;
  }
  if (IsWord("explain")) return ParseExplain();
  if (IsWord("create")) return ParseCreate();
  if (IsWord("copy")) return ParseCopy();
  if (IsWord("set") || IsWord("reset")) return ParseSet();
  if (IsWord("drop")) return ParseDrop();
  FailExpected("a statement (SELECT, WITH, VALUES, EXPLAIN, CREATE, COPY, SET, DROP)");
}

StatementPtr Parser::ParseExplain() {
  auto statement = std::make_unique<ExplainStatement>(Advance().position);
  if (IsOperator("(")) FailNotImplemented(Peek(), "EXPLAIN options are not supported yet");
  statement->analyze = AcceptWord("analyze");
  statement->verbose = AcceptWord("verbose");
  DepthGuard guard(*this, kNestingCost);
  statement->statement = ParseOneStatement();
  return statement;
}

StatementPtr Parser::ParseCreate() {
  SourcePosition position = Advance().position;
  bool or_replace = false;
  if (AcceptWord("or")) {
    ExpectWord("replace");
    or_replace = true;
  }
  if (AcceptWord("view")) {
    auto statement = std::make_unique<CreateViewStatement>(position);
    statement->or_replace = or_replace;
    statement->name = ParseQualifiedName();
    ExpectWord("as");
    statement->query = ParseQuery();
    return statement;
  }
  if (!or_replace && IsWord("table")) return ParseCreateTable(position);
  // Catalog DDL (CREATE EXTERNAL TABLE, CREATE SCHEMA…) arrives with the catalog.
  for (std::string_view word : {"external", "schema", "database", "materialized", "function"}) {
    if (IsWord(word)) {
      FailNotImplemented(Peek(), "CREATE " + Peek().text + " is not supported yet");
    }
  }
  FailExpected(or_replace ? "VIEW" : "VIEW or TABLE");
}

StatementPtr Parser::ParseCreateTable(SourcePosition position) {
  Advance();  // TABLE
  auto statement = std::make_unique<CreateTableAsStatement>(position);
  if (AcceptWord("if")) {
    ExpectWord("not");
    ExpectWord("exists");
    statement->if_not_exists = true;
  }
  statement->name = ParseQualifiedName();
  if (IsOperator("(")) {
    // (a, b) AS query names the columns; (a bigint, …) defines a table (catalog issue).
    if (IsIdentifier(1) && (IsOperator(",", 2) || IsOperator(")", 2))) {
      statement->columns = ParseIdentifierList();
    } else {
      FailNotImplemented(Peek(), "CREATE TABLE with column definitions is not supported yet");
    }
  }
  if (AcceptWord("with")) {
    ExpectOperator("(");
    do {
      Property property;
      property.name = ParseIdentifier();
      ExpectOperator("=");
      property.value = ParseExpressionNode();
      statement->properties.push_back(std::move(property));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
  ExpectWord("as");
  statement->query = ParseQuery();
  if (IsWord("with") && (IsWord("data", 1) || IsWord("no", 1))) {
    Advance();
    statement->with_data = !AcceptWord("no");
    ExpectWord("data");
  }
  return statement;
}

StatementPtr Parser::ParseCopy() {
  auto statement = std::make_unique<CopyStatement>(Advance().position);
  if (IsOperator("(")) {
    statement->query = ParseParenthesizedQuery();
  } else {
    statement->table = ParseQualifiedName();
  }
  ExpectWord("to");
  if (Peek().type != TokenType::kString) FailExpected("a file path in quotes");
  statement->path = Advance().text;
  bool with = AcceptWord("with");
  if (with || IsOperator("(")) {
    ExpectOperator("(");
    if (!IsOperator(")")) {
      do {
        statement->options.push_back(ParseCopyOption());
      } while (AcceptOperator(","));
    }
    ExpectOperator(")");
  }
  return statement;
}

CopyOption Parser::ParseCopyOption() {
  const Token& token = Peek();
  if (token.type != TokenType::kWord) FailExpected("a COPY option name");
  CopyOption option;
  option.name = token.text;
  option.position = token.position;
  Advance();
  if (IsOperator("(")) {
    Advance();
    option.has_list = true;
    if (!IsOperator(")")) {
      do {
        option.list.push_back(ParseExpressionNode());
      } while (AcceptOperator(","));
    }
    ExpectOperator(")");
  } else if (!IsOperator(",") && !IsOperator(")")) {
    AcceptOperator("=");
    option.value = ParseExpressionNode();
  }
  return option;
}

StatementPtr Parser::ParseSet() {
  const Token& first = Advance();
  if (first.text == "reset") {
    ExpectWord("session");
    auto statement = std::make_unique<ResetSessionStatement>(first.position);
    statement->name = ParseQualifiedName();
    return statement;
  }
  if (AcceptWord("time")) {
    ExpectWord("zone");
    auto statement = std::make_unique<SetTimeZoneStatement>(first.position);
    if (IsWord("local") && (Peek(1).type == TokenType::kEnd || IsOperator(";", 1))) {
      Advance();
      statement->local = true;
    } else {
      statement->zone = ParseExpressionNode();
    }
    return statement;
  }
  if (AcceptWord("session")) {
    auto statement = std::make_unique<SetSessionStatement>(first.position);
    statement->name = ParseQualifiedName();
    ExpectOperator("=");
    statement->value = ParseExpressionNode();
    return statement;
  }
  FailExpected("TIME ZONE or SESSION");
}

StatementPtr Parser::ParseDrop() {
  auto statement = std::make_unique<DropStatement>(Advance().position);
  if (AcceptWord("table")) {
    statement->object_type = ObjectType::kTable;
  } else if (AcceptWord("view")) {
    statement->object_type = ObjectType::kView;
  } else if (IsWord("schema") || IsWord("database") || IsWord("function")) {
    FailNotImplemented(Peek(), "DROP " + Peek().text + " is not supported yet");
  } else {
    FailExpected("TABLE or VIEW");
  }
  if (AcceptWord("if")) {
    ExpectWord("exists");
    statement->if_exists = true;
  }
  statement->name = ParseQualifiedName();
  return statement;
}

}  // namespace sluice::sql
