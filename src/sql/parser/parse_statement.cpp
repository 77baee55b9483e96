// Statements: queries, EXPLAIN, CREATE VIEW / TABLE AS, INSERT, COPY, SET, RESET, DROP,
// and the dispatch to the catalog DDL (parse_ddl.cpp), DELETE / UPDATE / OPTIMIZE
// (parse_dml.cpp) and SHOW / DESCRIBE / USE (parse_show.cpp).
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
  if (IsWord("insert")) return ParseInsert();
  if (IsWord("delete")) return ParseDelete();
  if (IsWord("update")) return ParseUpdate();
  if (IsWord("truncate")) return ParseTruncate();
  if (IsWord("optimize")) return ParseOptimize();
  if (IsWord("copy")) return ParseCopy();
  if (IsWord("set") || IsWord("reset")) return ParseSet();
  if (IsWord("drop")) return ParseDrop();
  if (IsWord("alter")) return ParseAlterTable();
  if (IsWord("msck")) return ParseMsck();
  if (IsWord("show")) return ParseShow();
  if (IsWord("describe") || IsWord("desc")) return ParseDescribe();
  if (IsWord("use")) return ParseUse();
  FailExpected(
      "a statement (SELECT, WITH, VALUES, INSERT, DELETE, UPDATE, TRUNCATE, OPTIMIZE, CREATE, DROP, ALTER, "
      "MSCK, SHOW, DESCRIBE, USE, EXPLAIN, COPY, SET)");
}

bool Parser::AtStatementEnd() const { return Peek().type == TokenType::kEnd || IsOperator(";"); }

bool Parser::AcceptIfNotExists() {
  if (!AcceptWord("if")) return false;
  ExpectWord("not");
  ExpectWord("exists");
  return true;
}

bool Parser::AcceptIfExists() {
  if (!AcceptWord("if")) return false;
  ExpectWord("exists");
  return true;
}

std::vector<Property> Parser::ParseWithProperties() {
  std::vector<Property> properties;
  ExpectOperator("(");
  do {
    Property property;
    property.name = ParseIdentifier();
    ExpectOperator("=");
    property.value = ParseExpressionNode();
    properties.push_back(std::move(property));
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return properties;
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
  // PostgreSQL's TEMP | TEMPORARY tables and views (Hive's TEMPORARY FUNCTION and
  // TEMPORARY EXTERNAL TABLE are not supported).
  bool temporary = AcceptWord("temporary") || AcceptWord("temp");
  if (temporary) {
    for (std::string_view word : {"function", "macro", "external"}) {
      if (IsWord(word)) FailNotImplemented(Peek(), "CREATE TEMPORARY " + Peek().text + " is not supported");
    }
  }
  if (AcceptWord("view")) {
    auto statement = std::make_unique<CreateViewStatement>(position);
    statement->or_replace = or_replace;
    statement->temporary = temporary;
    statement->name = ParseQualifiedName();
    ExpectWord("as");
    statement->query = ParseQuery();
    return statement;
  }
  if (!or_replace && IsWord("table")) return ParseCreateTable(position, temporary);
  if (temporary) FailExpected(or_replace ? "VIEW" : "TABLE or VIEW");
  if (!or_replace && IsWord("external")) return ParseCreateExternalTable(position);
  if (!or_replace && (IsWord("database") || IsWord("schema"))) return ParseCreateDatabase(position);
  for (std::string_view word : {"materialized", "function", "role", "catalog"}) {
    if (IsWord(word)) {
      FailNotImplemented(Peek(), "CREATE " + Peek().text + " is not supported yet");
    }
  }
  FailExpected(or_replace ? "VIEW" : "VIEW, TABLE, EXTERNAL TABLE, DATABASE or SCHEMA");
}

StatementPtr Parser::ParseCreateTable(SourcePosition position, bool temporary) {
  Advance();  // TABLE
  bool if_not_exists = AcceptIfNotExists();
  QualifiedName name = ParseQualifiedName();
  // (a, b) AS query names the columns; (a bigint, …) defines a table.
  if (IsOperator("(") && !(IsIdentifier(1) && (IsOperator(",", 2) || IsOperator(")", 2)))) {
    return ParseCreateTableColumns(position, temporary, if_not_exists, std::move(name));
  }
  auto statement = std::make_unique<CreateTableAsStatement>(position);
  statement->temporary = temporary;
  statement->if_not_exists = if_not_exists;
  statement->name = std::move(name);
  if (IsOperator("(")) statement->columns = ParseIdentifierList();
  if (AcceptWord("with")) statement->properties = ParseWithProperties();
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

StatementPtr Parser::ParseInsert() {
  auto statement = std::make_unique<InsertStatement>(Advance().position);
  if (IsWord("overwrite")) {
    FailNotImplemented(Peek(), "INSERT OVERWRITE is not supported (INSERT INTO appends; DROP TABLE and CREATE "
                               "TABLE AS replace a table)");
  }
  ExpectWord("into");
  AcceptWord("table");  // Hive's INSERT INTO TABLE name
  statement->table = ParseQualifiedName();
  if (IsWord("partition")) {
    FailNotImplemented(Peek(), "INSERT INTO … PARTITION (…) is not supported; partition values come from the "
                               "query's columns");
  }
  if (IsOperator("(") && !AtQueryStart(1) && !IsOperator("(", 1)) statement->columns = ParseIdentifierList();
  if (!AtQueryStart()) FailExpected("a query (SELECT, VALUES, WITH or TABLE)");
  statement->query = ParseQuery();
  return statement;
}

StatementPtr Parser::ParseDrop() {
  SourcePosition position = Advance().position;
  if (IsWord("database") || IsWord("schema")) return ParseDropDatabase(position);
  auto statement = std::make_unique<DropStatement>(position);
  if (AcceptWord("table")) {
    statement->object_type = ObjectType::kTable;
  } else if (AcceptWord("view")) {
    statement->object_type = ObjectType::kView;
  } else if (IsWord("function") || IsWord("materialized") || IsWord("role") || IsWord("catalog")) {
    FailNotImplemented(Peek(), "DROP " + Peek().text + " is not supported yet");
  } else {
    FailExpected("TABLE, VIEW, DATABASE or SCHEMA");
  }
  statement->if_exists = AcceptIfExists();
  statement->name = ParseQualifiedName();
  return statement;
}

}  // namespace sluice::sql
