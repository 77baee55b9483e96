// Catalog DDL: CREATE / DROP DATABASE, Athena's CREATE EXTERNAL TABLE, Trino's CREATE
// TABLE with columns, ALTER TABLE (but EXECUTE, in parse_dml.cpp), MSCK REPAIR TABLE. Clauses come in the order Athena
// documents (https://docs.aws.amazon.com/athena/latest/ug/create-table.html); one out
// of place is reported with that order.
#include "sql/parser/hive_string.h"
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

namespace {

/// The words STORED AS accepts: every format Athena or Hive names (the engine says
/// which it reads).
constexpr std::string_view kStorageFormats[] = {"parquet", "textfile", "json",   "jsonfile", "orc",
                                                "avro",    "sequencefile", "rcfile", "ion"};

/// "A, B or C".
std::string ListOf(const std::vector<std::string_view>& names) {
  std::string result;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) result += i + 1 == names.size() ? " or " : ", ";
    result += names[i];
  }
  return result;
}

/// Comparison operators that Hive allows in DROP PARTITION and Sluice does not.
bool IsComparisonOperator(const Token& token) {
  if (token.type != TokenType::kOperator) return false;
  for (std::string_view op : {"<", ">", "<=", ">=", "<>", "!="}) {
    if (token.text == op) return true;
  }
  return false;
}

}  // namespace

void Parser::ParseOrderedClauses(const std::vector<OrderedClause>& clauses, std::string_view owner,
                                 bool then_end) {
  size_t next = 0;  // the first clause that may still come
  while (true) {
    size_t found = clauses.size();
    for (size_t i = 0; i < clauses.size(); ++i) {
      if (clauses[i].starts_here()) {
        found = i;
        break;
      }
    }
    if (found == clauses.size()) break;
    if (found < next) {
      std::vector<std::string_view> names;
      for (const OrderedClause& clause : clauses) {
        if (clause.listed) names.push_back(clause.name);
      }
      std::string order;
      for (size_t i = 0; i < names.size(); ++i) order += (i > 0 ? ", " : "") + std::string(names[i]);
      Fail(Peek(), std::string(clauses[found].name) + " is out of place: " + std::string(owner) + " takes " + order +
                       " in this order, each once");
    }
    clauses[found].parse();
    next = found + 1;
  }
  if (!then_end || AtStatementEnd()) return;
  std::vector<std::string_view> names;
  for (size_t i = next; i < clauses.size(); ++i) {
    if (clauses[i].listed) names.push_back(clauses[i].name);
  }
  names.push_back("end of statement");
  FailExpected(ListOf(names));
}

bool Parser::AtHiveString() const {
  const Token& token = Peek();
  if (token.type == TokenType::kString) return true;
  return token.type == TokenType::kQuotedIdentifier && !token.raw.empty() && token.raw.front() == '"';
}

StringValue Parser::ParseHiveString(std::string_view what) {
  const Token& token = Peek();
  if (!AtHiveString()) FailExpected(what);
  // Hive reads \' (or \") as a quote inside the string; the lexer has ended the string
  // there. An odd run of backslashes before the closing quote is always that case.
  size_t backslashes = 0;
  for (size_t i = token.raw.size() - 1; i > 0 && token.raw[i - 1] == '\\'; --i) ++backslashes;
  if (backslashes % 2 == 1) {
    Fail(token, "a backslash before a closing quote: Sluice ends the string there (write a quote inside a "
                "string as '' or \\047, a backslash as \\\\)");
  }
  StringValue value{DecodeHiveEscapes(token.text), token.position};
  Advance();
  return value;
}

StringValue Parser::ParseTrinoString(std::string_view what) {
  const Token& token = Peek();
  if (token.type != TokenType::kString) FailExpected(what);
  StringValue value{token.text, token.position};
  Advance();
  return value;
}

std::vector<StringProperty> Parser::ParseStringProperties() {
  std::vector<StringProperty> properties;
  ExpectOperator("(");
  do {
    StringValue key = ParseHiveString("a property name in quotes");
    ExpectOperator("=");
    StringValue value = ParseHiveString("a property value in quotes");
    properties.push_back(StringProperty{std::move(key.value), std::move(value.value), key.position});
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return properties;
}

std::vector<ColumnDefinition> Parser::ParseColumnDefinitions(bool trino) {
  std::vector<ColumnDefinition> columns;
  ExpectOperator("(");
  do {
    if (trino && IsWord("like")) FailNotImplemented(Peek(), "CREATE TABLE … (LIKE table) is not supported yet");
    ColumnDefinition column;
    column.name = ParseIdentifier();
    column.type = ParseType();
    if (trino && IsWord("not") && IsWord("null", 1)) {
      Advance();
      Advance();
      column.not_null = true;
    }
    if (AcceptWord("comment")) {
      column.comment = trino ? ParseTrinoString("a comment in quotes") : ParseHiveString("a comment in quotes");
    }
    if (trino && IsWord("with")) FailNotImplemented(Peek(), "column properties are not supported yet");
    columns.push_back(std::move(column));
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return columns;
}

PartitionValue Parser::ParsePartitionValue() {
  PartitionValue value;
  value.key = ParseIdentifier();
  if (IsComparisonOperator(Peek())) {
    FailNotImplemented(Peek(), "partition filters with '" + Peek().text +
                                   "' are not supported; name each partition with key = value");
  }
  ExpectOperator("=");
  value.value_position = Peek().position;
  if (AtHiveString()) {
    value.value = ParseHiveString("a partition value").value;
    return value;
  }
  bool negative = IsOperator("-");
  const Token& number = Peek(negative ? 1 : 0);
  if (number.type != TokenType::kInteger && number.type != TokenType::kDecimal &&
      number.type != TokenType::kDouble) {
    FailExpected("a partition value (a string in quotes or a number)");
  }
  if (negative) Advance();
  value.value = (negative ? "-" : "") + number.text;
  value.is_string = false;
  Advance();
  return value;
}

PartitionSpec Parser::ParsePartitionSpec() {
  PartitionSpec spec;
  spec.position = Peek().position;
  ExpectWord("partition");
  ExpectOperator("(");
  do {
    spec.values.push_back(ParsePartitionValue());
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return spec;
}

Identifier Parser::ParseDatabaseName(std::string_view statement) {
  Identifier name = ParseIdentifier();
  if (IsOperator(".")) {
    FailNotImplemented(Peek(), std::string(statement) + " takes a database name of one part (catalog.database "
                                                        "is not supported: Sluice has one catalog)");
  }
  return name;
}

StatementPtr Parser::ParseCreateDatabase(SourcePosition position) {
  Advance();  // DATABASE | SCHEMA
  auto statement = std::make_unique<CreateDatabaseStatement>(position);
  statement->if_not_exists = AcceptIfNotExists();
  statement->name = ParseDatabaseName("CREATE DATABASE");
  auto& s = *statement;
  ParseOrderedClauses(
      {
          {"COMMENT", [this] { return IsWord("comment"); },
           [this, &s] {
             Advance();
             s.comment = ParseHiveString("a comment in quotes");
           }},
          {"LOCATION", [this] { return IsWord("location"); },
           [this, &s] {
             Advance();
             s.location = ParseHiveString("a location in quotes");
           }},
          {"WITH DBPROPERTIES", [this] { return IsWord("with") && IsWord("dbproperties", 1); },
           [this, &s] {
             Advance();
             Advance();
             s.properties = ParseStringProperties();
           }},
          // Trino's forms, reported rather than misread.
          {"WITH (…)", [this] { return IsWord("with") && IsOperator("(", 1); },
           [this] { FailNotImplemented(Peek(), "CREATE SCHEMA … WITH (…) is not supported; use LOCATION '…'"); },
           false},
          {"AUTHORIZATION", [this] { return IsWord("authorization"); },
           [this] { FailNotImplemented(Peek(), "AUTHORIZATION is not supported"); }, false},
      },
      "CREATE DATABASE", /*then_end=*/true);
  return statement;
}

StatementPtr Parser::ParseDropDatabase(SourcePosition position) {
  Advance();  // DATABASE | SCHEMA
  auto statement = std::make_unique<DropDatabaseStatement>(position);
  statement->if_exists = AcceptIfExists();
  statement->name = ParseDatabaseName("DROP DATABASE");
  if (AcceptWord("cascade")) {
    statement->cascade = true;
  } else {
    AcceptWord("restrict");
  }
  return statement;
}

StatementPtr Parser::ParseCreateExternalTable(SourcePosition position) {
  Advance();  // EXTERNAL
  ExpectWord("table");
  auto statement = std::make_unique<CreateExternalTableStatement>(position);
  statement->if_not_exists = AcceptIfNotExists();
  statement->name = ParseQualifiedName();
  if (IsOperator("(")) statement->columns = ParseColumnDefinitions(/*trino=*/false);
  ParseHiveTableClauses(*statement);
  return statement;
}

void Parser::ParseHiveTableClauses(CreateExternalTableStatement& s) {
  auto serde_properties = [this, &s] {
    if (!s.serde_properties.empty()) Fail(Peek(), "WITH SERDEPROPERTIES is given twice");
    Advance();  // WITH
    Advance();  // SERDEPROPERTIES
    s.serde_properties = ParseStringProperties();
  };
  auto at_serde_properties = [this] { return IsWord("with") && IsWord("serdeproperties", 1); };
  ParseOrderedClauses(
      {
          {"COMMENT", [this] { return IsWord("comment"); },
           [this, &s] {
             Advance();
             s.comment = ParseHiveString("a comment in quotes");
           }},
          {"PARTITIONED BY", [this] { return IsWord("partitioned"); },
           [this, &s] {
             Advance();
             ExpectWord("by");
             s.partition_columns = ParseColumnDefinitions(/*trino=*/false);
           }},
          {"CLUSTERED BY", [this] { return IsWord("clustered"); },
           [this] { FailNotImplemented(Peek(), "bucketed tables (CLUSTERED BY) are not supported"); }, false},
          {"ROW FORMAT", [this] { return IsWord("row") && IsWord("format", 1); },
           [this, &s, at_serde_properties, serde_properties] {
             s.row_format = ParseRowFormat();
             if (s.row_format->kind == RowFormatKind::kSerde && at_serde_properties()) serde_properties();
           }},
          {"STORED AS", [this] { return IsWord("stored"); }, [this, &s] { s.stored_as = ParseStoredAs(); }},
          {"WITH SERDEPROPERTIES", at_serde_properties, serde_properties},
          {"LOCATION", [this] { return IsWord("location"); },
           [this, &s] {
             Advance();
             s.location = ParseHiveString("a location in quotes");
           }},
          {"TBLPROPERTIES", [this] { return IsWord("tblproperties"); },
           [this, &s] {
             Advance();
             s.table_properties = ParseStringProperties();
           }},
      },
      "CREATE EXTERNAL TABLE", /*then_end=*/true);
}

RowFormat Parser::ParseRowFormat() {
  RowFormat format;
  format.position = Advance().position;  // ROW
  ExpectWord("format");
  if (AcceptWord("serde")) {
    format.kind = RowFormatKind::kSerde;
    format.serde = ParseHiveString("a SerDe class name in quotes");
    return format;
  }
  if (!AcceptWord("delimited")) FailExpected("DELIMITED or SERDE");
  format.kind = RowFormatKind::kDelimited;
  // KEYWORDS … BY 'c' into `field`.
  auto terminated_by = [this](std::optional<StringValue>& field, std::vector<std::string_view> words) {
    return [this, &field, words] {
      for (std::string_view word : words) ExpectWord(word);
      field = ParseHiveString("a character in quotes");
    };
  };
  ParseOrderedClauses(
      {
          {"FIELDS TERMINATED BY", [this] { return IsWord("fields"); },
           [this, &format] {
             for (std::string_view word : {"fields", "terminated", "by"}) ExpectWord(word);
             format.fields_terminated_by = ParseHiveString("a character in quotes");
             if (AcceptWord("escaped")) {
               ExpectWord("by");
               format.escaped_by = ParseHiveString("a character in quotes");
             }
           }},
          {"COLLECTION ITEMS TERMINATED BY", [this] { return IsWord("collection"); },
           terminated_by(format.collection_items_terminated_by, {"collection", "items", "terminated", "by"})},
          {"MAP KEYS TERMINATED BY", [this] { return IsWord("map") && IsWord("keys", 1); },
           terminated_by(format.map_keys_terminated_by, {"map", "keys", "terminated", "by"})},
          {"LINES TERMINATED BY", [this] { return IsWord("lines"); },
           terminated_by(format.lines_terminated_by, {"lines", "terminated", "by"})},
          {"NULL DEFINED AS", [this] { return IsWord("null") && IsWord("defined", 1); },
           terminated_by(format.null_defined_as, {"null", "defined", "as"})},
      },
      "ROW FORMAT DELIMITED", /*then_end=*/false);
  return format;
}

StoredAs Parser::ParseStoredAs() {
  StoredAs stored;
  stored.position = Advance().position;  // STORED
  if (IsWord("by")) FailNotImplemented(Peek(), "STORED BY (storage handlers) is not supported");
  ExpectWord("as");
  if (AcceptWord("inputformat")) {
    stored.input_format = ParseHiveString("an input format class in quotes");
    ExpectWord("outputformat");
    stored.output_format = ParseHiveString("an output format class in quotes");
    return stored;
  }
  const Token& token = Peek();
  if (token.type == TokenType::kWord) {
    for (std::string_view format : kStorageFormats) {
      if (token.text == format) {
        stored.format = token.text;
        Advance();
        return stored;
      }
    }
  }
  FailExpected("PARQUET, TEXTFILE, JSON, ORC, AVRO, SEQUENCEFILE, RCFILE, ION or INPUTFORMAT");
}

StatementPtr Parser::ParseCreateTableColumns(SourcePosition position, bool temporary, bool if_not_exists,
                                             QualifiedName name) {
  auto statement = std::make_unique<CreateTableStatement>(position);
  statement->temporary = temporary;
  statement->if_not_exists = if_not_exists;
  statement->name = std::move(name);
  statement->columns = ParseColumnDefinitions(/*trino=*/true);
  auto& s = *statement;
  // Hive's clauses, and a query, are reported with what to write instead.
  auto hive_clause = [this] {
    for (std::string_view word : {"partitioned", "row", "stored", "location", "tblproperties", "clustered"}) {
      if (IsWord(word)) return true;
    }
    return false;
  };
  ParseOrderedClauses(
      {
          {"COMMENT", [this] { return IsWord("comment"); },
           [this, &s] {
             Advance();
             s.comment = ParseTrinoString("a comment in quotes");
           }},
          {"WITH", [this] { return IsWord("with"); },
           [this, &s] {
             Advance();
             s.properties = ParseWithProperties();
           }},
          {"Hive clauses", hive_clause,
           [this] {
             Fail(Peek(), "CREATE TABLE takes WITH (…) properties; " + Describe(Peek()) +
                              " belongs to Athena's CREATE EXTERNAL TABLE");
           },
           false},
          {"AS", [this] { return IsWord("as"); },
           [this] {
             Fail(Peek(), "CREATE TABLE with column definitions takes no query (CREATE TABLE name WITH (…) AS "
                          "SELECT … takes its columns from the query)");
           },
           false},
      },
      "CREATE TABLE", /*then_end=*/true);
  return statement;
}

StatementPtr Parser::ParseAlterTable() {
  SourcePosition position = Advance().position;  // ALTER
  if (!AcceptWord("table")) {
    for (std::string_view word : {"view", "database", "schema", "materialized"}) {
      if (IsWord(word)) FailNotImplemented(Peek(), "ALTER " + Peek().text + " is not supported yet");
    }
    FailExpected("TABLE");
  }
  const Token* if_exists = IsWord("if") ? &Peek() : nullptr;
  AcceptIfExists();
  QualifiedName table = ParseQualifiedName();
  if (IsWord("partition")) {
    RejectAlterTableIfExists(if_exists, "PARTITION (…) SET LOCATION");
    auto statement = std::make_unique<AlterTableSetLocationStatement>(position);
    statement->table = std::move(table);
    statement->partition = ParsePartitionSpec();
    if (!IsWord("set") || !IsWord("location", 1)) {
      if (IsWord("set") || IsWord("rename") || IsWord("change")) {
        FailNotImplemented(Peek(), "ALTER TABLE … PARTITION (…) takes only SET LOCATION");
      }
      FailExpected("SET LOCATION");
    }
    Advance();
    Advance();
    statement->location = ParseHiveString("a location in quotes");
    return statement;
  }
  if (AcceptWord("add")) return ParseAlterTableAdd(position, std::move(table), if_exists);
  if (AcceptWord("drop")) return ParseAlterTableDrop(position, std::move(table), if_exists);
  if (AcceptWord("rename")) return ParseAlterTableRename(position, std::move(table), if_exists);
  if (IsWord("execute")) {
    RejectAlterTableIfExists(if_exists, "EXECUTE");
    return ParseAlterTableExecute(position, std::move(table));
  }
  if (IsWord("set")) {
    RejectAlterTableIfExists(if_exists, "SET");
    Advance();
    if (AcceptWord("tblproperties")) {
      auto statement = std::make_unique<AlterTableSetPropertiesStatement>(position);
      statement->table = std::move(table);
      statement->properties = ParseStringProperties();
      return statement;
    }
    if (AcceptWord("location")) {
      auto statement = std::make_unique<AlterTableSetLocationStatement>(position);
      statement->table = std::move(table);
      statement->location = ParseHiveString("a location in quotes");
      return statement;
    }
    for (std::string_view word : {"serdeproperties", "serde", "fileformat", "properties", "authorization"}) {
      if (IsWord(word)) FailNotImplemented(Peek(), "ALTER TABLE … SET " + Peek().text + " is not supported yet");
    }
    FailExpected("TBLPROPERTIES or LOCATION");
  }
  for (std::string_view word : {"replace", "change", "recover", "touch", "archive", "unarchive", "alter", "unset"}) {
    if (IsWord(word)) FailNotImplemented(Peek(), "ALTER TABLE … " + Peek().text + " is not supported yet");
  }
  FailExpected("ADD, DROP, RENAME TO, SET, EXECUTE or PARTITION");
}

void Parser::RejectAlterTableIfExists(const Token* if_exists, std::string_view action) const {
  if (if_exists == nullptr) return;
  FailNotImplemented(*if_exists, "ALTER TABLE IF EXISTS … " + std::string(action) +
                                     " is not supported (IF EXISTS goes with ADD COLUMN, DROP COLUMN and RENAME TO)");
}

ColumnDefinition Parser::ParseAddedColumn() {
  ColumnDefinition column;
  column.name = ParseIdentifier();
  column.type = ParseType();
  if (IsWord("not") && IsWord("null", 1)) {
    FailNotImplemented(Peek(), "ADD COLUMN … NOT NULL is not supported (the rows already there would hold NULL)");
  }
  if (AcceptWord("comment")) column.comment = ParseHiveString("a comment in quotes");
  return column;
}

StatementPtr Parser::ParseAlterTableAdd(SourcePosition position, QualifiedName table, const Token* if_exists) {
  if (AcceptWord("columns")) {
    // Hive's ADD COLUMNS (…).
    auto statement = std::make_unique<AlterTableAddColumnsStatement>(position);
    statement->table = std::move(table);
    statement->if_exists = if_exists != nullptr;
    statement->columns = ParseColumnDefinitions(/*trino=*/false);
    return statement;
  }
  // Trino's ADD COLUMN [IF NOT EXISTS] col type, PostgreSQL's ADD [COLUMN] …, or Hive's
  // ADD [IF NOT EXISTS] PARTITION (…).
  bool column_word = AcceptWord("column");
  bool if_not_exists = AcceptIfNotExists();
  bool at_partition = IsWord("partition") && IsOperator("(", 1);
  if (column_word || (!at_partition && IsIdentifier())) {
    auto statement = std::make_unique<AlterTableAddColumnsStatement>(position);
    statement->table = std::move(table);
    statement->if_exists = if_exists != nullptr;
    statement->column_if_not_exists = if_not_exists;
    statement->columns.push_back(ParseAddedColumn());
    return statement;
  }
  if (!at_partition) {
    FailExpected(if_not_exists ? "PARTITION or a column name" : "PARTITION, COLUMNS, COLUMN or a column name");
  }
  RejectAlterTableIfExists(if_exists, "ADD PARTITION");
  auto statement = std::make_unique<AlterTableAddPartitionsStatement>(position);
  statement->table = std::move(table);
  statement->if_not_exists = if_not_exists;
  do {
    AddedPartition partition;
    partition.spec = ParsePartitionSpec();
    if (AcceptWord("location")) partition.location = ParseHiveString("a location in quotes");
    statement->partitions.push_back(std::move(partition));
    // Athena separates the partitions with spaces, Hive and others with commas.
    if (AcceptOperator(",") && !IsWord("partition")) FailExpected("PARTITION");
  } while (IsWord("partition"));
  return statement;
}

StatementPtr Parser::ParseAlterTableDrop(SourcePosition position, QualifiedName table, const Token* if_exists) {
  // Trino's DROP COLUMN [IF EXISTS] col, PostgreSQL's DROP [COLUMN] …, or Hive's DROP
  // [IF EXISTS] PARTITION (…) [, PARTITION (…)] ….
  bool column_word = AcceptWord("column");
  bool inner_if_exists = AcceptIfExists();
  bool at_partition = IsWord("partition") && IsOperator("(", 1);
  if (column_word || (!at_partition && IsIdentifier())) {
    auto statement = std::make_unique<AlterTableDropColumnStatement>(position);
    statement->table = std::move(table);
    statement->if_exists = if_exists != nullptr;
    statement->column_if_exists = inner_if_exists;
    statement->column = ParseIdentifier();
    if (IsOperator(".")) FailNotImplemented(Peek(), "dropping a field of a row column is not supported");
    if (IsWord("cascade")) FailNotImplemented(Peek(), "DROP COLUMN … CASCADE is not supported");
    AcceptWord("restrict");  // the default: nothing depends on a column
    return statement;
  }
  if (!at_partition) {
    FailExpected(inner_if_exists ? "PARTITION or a column name" : "PARTITION, COLUMN or a column name");
  }
  RejectAlterTableIfExists(if_exists, "DROP PARTITION");
  auto statement = std::make_unique<AlterTableDropPartitionsStatement>(position);
  statement->table = std::move(table);
  statement->if_exists = inner_if_exists;
  do {
    statement->partitions.push_back(ParsePartitionSpec());
  } while (AcceptOperator(","));
  return statement;
}

StatementPtr Parser::ParseAlterTableRename(SourcePosition position, QualifiedName table, const Token* if_exists) {
  // RENAME TO new_name, or RENAME [COLUMN] a TO b, where a column may be named "to":
  // `RENAME to TO b` renames a column, `RENAME TO to` the table.
  bool column = IsWord("column") || (IsIdentifier() && IsWord("to", 1) && !(IsWord("to") && !IsIdentifier(2)));
  if (column) FailNotImplemented(Peek(), "ALTER TABLE … RENAME COLUMN is not supported yet");
  ExpectWord("to");
  auto statement = std::make_unique<AlterTableRenameStatement>(position);
  statement->table = std::move(table);
  statement->if_exists = if_exists != nullptr;
  statement->new_name = ParseQualifiedName();
  return statement;
}

StatementPtr Parser::ParseMsck() {
  auto statement = std::make_unique<MsckRepairTableStatement>(Advance().position);
  ExpectWord("repair");
  ExpectWord("table");
  statement->table = ParseQualifiedName();
  if (AcceptWord("add")) {
    ExpectWord("partitions");
  } else if (AcceptWord("drop")) {
    ExpectWord("partitions");
    statement->mode = MsckMode::kDrop;
  } else if (AcceptWord("sync")) {
    ExpectWord("partitions");
    statement->mode = MsckMode::kSync;
  }
  return statement;
}

}  // namespace sluice::sql
