// SHOW …, DESCRIBE and USE.
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

StatementPtr Parser::ParseShow() {
  SourcePosition position = Advance().position;  // SHOW
  if (AcceptWord("databases") || AcceptWord("schemas")) {
    if (IsWord("from") || IsWord("in")) FailNotImplemented(Peek(), "catalogs are not supported: Sluice has one");
    auto statement = std::make_unique<ShowDatabasesStatement>(position);
    if (AcceptWord("like")) statement->pattern = ParseHiveString("a pattern in quotes");
    if (IsWord("escape")) FailNotImplemented(Peek(), "LIKE … ESCAPE is not supported here");
    return statement;
  }
  if (AcceptWord("tables")) return ParseShowTables(position, /*views=*/false);
  if (AcceptWord("views")) return ParseShowTables(position, /*views=*/true);
  if (AcceptWord("partitions")) {
    auto statement = std::make_unique<ShowPartitionsStatement>(position);
    statement->table = ParseQualifiedName();
    if (IsWord("partition") || IsWord("where")) {
      FailNotImplemented(Peek(), "SHOW PARTITIONS takes no filter yet");
    }
    return statement;
  }
  if (AcceptWord("create")) {
    auto statement = std::make_unique<ShowCreateTableStatement>(position);
    if (AcceptWord("view")) {
      statement->object_type = ObjectType::kView;
    } else if (!AcceptWord("table")) {
      FailExpected("TABLE or VIEW");
    }
    statement->name = ParseQualifiedName();
    return statement;
  }
  if (AcceptWord("columns")) {
    auto statement = std::make_unique<ShowColumnsStatement>(position);
    if (!AcceptWord("from") && !AcceptWord("in")) FailExpected("FROM or IN");
    statement->table = ParseQualifiedName();
    if (IsWord("from") || IsWord("in")) {
      // SHOW COLUMNS FROM table FROM database.
      Advance();
      if (statement->table.parts.size() > 1) Fail(Peek(), "the database is named twice");
      statement->table.parts.insert(statement->table.parts.begin(), ParseDatabaseName("SHOW COLUMNS"));
    }
    return statement;
  }
  if (AcceptWord("tblproperties")) {
    auto statement = std::make_unique<ShowTablePropertiesStatement>(position);
    statement->table = ParseQualifiedName();
    if (AcceptOperator("(")) {
      statement->property = ParseHiveString("a property name in quotes");
      ExpectOperator(")");
    }
    return statement;
  }
  for (std::string_view word : {"functions", "session", "catalogs", "stats", "grants", "roles", "role", "current",
                                "materialized", "branches", "table", "transactions", "locks", "conf"}) {
    if (IsWord(word)) FailNotImplemented(Peek(), "SHOW " + Peek().text + " is not supported yet");
  }
  FailExpected("DATABASES, SCHEMAS, TABLES, VIEWS, PARTITIONS, CREATE TABLE, COLUMNS or TBLPROPERTIES");
}

StatementPtr Parser::ParseShowTables(SourcePosition position, bool views) {
  auto statement = std::make_unique<ShowTablesStatement>(position);
  statement->views = views;
  if (AcceptWord("in") || AcceptWord("from")) statement->database = ParseDatabaseName("SHOW TABLES");
  // Trino writes LIKE 'pattern', Athena (Hive) the pattern alone.
  if (AcceptWord("like") || AtHiveString()) statement->pattern = ParseHiveString("a pattern in quotes");
  if (IsWord("escape")) FailNotImplemented(Peek(), "LIKE … ESCAPE is not supported here");
  return statement;
}

StatementPtr Parser::ParseDescribe() {
  auto statement = std::make_unique<DescribeStatement>(Advance().position);
  if ((IsWord("input") || IsWord("output")) && IsIdentifier(1) && (Peek(2).type == TokenType::kEnd || IsOperator(";", 2))) {
    FailNotImplemented(Peek(), "DESCRIBE INPUT and DESCRIBE OUTPUT (prepared statements) are not supported");
  }
  // EXTENDED and FORMATTED are options only when a name follows (a table may be named so).
  if (IsWord("extended") && IsIdentifier(1)) {
    Advance();
    statement->detail = DescribeDetail::kExtended;
  } else if (IsWord("formatted") && IsIdentifier(1)) {
    Advance();
    statement->detail = DescribeDetail::kFormatted;
  }
  statement->table = ParseQualifiedName();
  if (IsWord("partition") && IsOperator("(", 1)) statement->partition = ParsePartitionSpec();
  if (IsIdentifier()) FailNotImplemented(Peek(), "DESCRIBE of one column is not supported yet");
  return statement;
}

StatementPtr Parser::ParseUse() {
  auto statement = std::make_unique<UseStatement>(Advance().position);
  statement->database = ParseDatabaseName("USE");
  return statement;
}

}  // namespace sluice::sql
