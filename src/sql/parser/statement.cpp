#include "sql/parser/statement.h"

namespace sluice::sql {

namespace {

std::string Upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

}  // namespace

std::string ExplainStatement::ToString() const {
  std::string result = "EXPLAIN ";
  if (analyze) result += "ANALYZE ";
  if (verbose) result += "VERBOSE ";
  return result + statement->ToString();
}

std::string CreateViewStatement::ToString() const {
  std::string result = or_replace ? "CREATE OR REPLACE " : "CREATE ";
  if (temporary) result += "TEMPORARY ";
  return result + "VIEW " + name.ToString() + " AS " + query->ToString();
}

std::string CreateTableAsStatement::ToString() const {
  std::string result = temporary ? "CREATE TEMPORARY TABLE " : "CREATE TABLE ";
  if (if_not_exists) result += "IF NOT EXISTS ";
  result += name.ToString();
  if (!columns.empty()) {
    result += "(";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) result += ", ";
      result += columns[i].ToString();
    }
    result += ")";
  }
  if (!properties.empty()) {
    result += " WITH (";
    for (size_t i = 0; i < properties.size(); ++i) {
      if (i > 0) result += ", ";
      result += properties[i].name.ToString() + " = " + properties[i].value->ToString();
    }
    result += ")";
  }
  result += " AS " + query->ToString();
  if (!with_data) result += " WITH NO DATA";
  return result;
}

std::string CopyStatement::ToString() const {
  std::string result = "COPY ";
  result += query ? Parenthesize(query->ToString()) : table.ToString();
  result += " TO " + QuoteString(path);
  if (!options.empty()) {
    result += " (";
    for (size_t i = 0; i < options.size(); ++i) {
      if (i > 0) result += ", ";
      result += Upper(options[i].name);
      if (options[i].has_list) result += " (" + ToSql(options[i].list) + ")";
      if (options[i].value) {
        // `NAME = (…)`: without "=", a value in parentheses would read back as a list.
        std::string value = options[i].value->ToString();
        result += value[0] == '(' ? " = " : " ";
        result += value;
      }
    }
    result += ")";
  }
  return result;
}

std::string SetTimeZoneStatement::ToString() const {
  return local ? "SET TIME ZONE LOCAL" : "SET TIME ZONE " + zone->ToString();
}

std::string SetSessionStatement::ToString() const {
  return "SET SESSION " + name.ToString() + " = " + value->ToString();
}

std::string ResetSessionStatement::ToString() const {
  return "RESET SESSION " + name.ToString();
}

std::string_view StatementKindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kQuery: return "query";
    case StatementKind::kExplain: return "EXPLAIN";
    case StatementKind::kCreateView: return "CREATE VIEW";
    case StatementKind::kCreateTableAs: return "CREATE TABLE AS";
    case StatementKind::kCopy: return "COPY";
    case StatementKind::kSetTimeZone: return "SET TIME ZONE";
    case StatementKind::kSetSession: return "SET SESSION";
    case StatementKind::kResetSession: return "RESET SESSION";
    case StatementKind::kDrop: return "DROP";
    case StatementKind::kInsert: return "INSERT INTO";
    case StatementKind::kDelete: return "DELETE";
    case StatementKind::kUpdate: return "UPDATE";
    case StatementKind::kOptimize: return "OPTIMIZE";
    case StatementKind::kCreateDatabase: return "CREATE DATABASE";
    case StatementKind::kDropDatabase: return "DROP DATABASE";
    case StatementKind::kCreateExternalTable: return "CREATE EXTERNAL TABLE";
    case StatementKind::kCreateTable: return "CREATE TABLE";
    case StatementKind::kAlterTableAddPartitions: return "ALTER TABLE ADD PARTITION";
    case StatementKind::kAlterTableDropPartitions: return "ALTER TABLE DROP PARTITION";
    case StatementKind::kAlterTableAddColumns: return "ALTER TABLE ADD COLUMNS";
    case StatementKind::kAlterTableSetProperties: return "ALTER TABLE SET TBLPROPERTIES";
    case StatementKind::kAlterTableSetLocation: return "ALTER TABLE SET LOCATION";
    case StatementKind::kAlterTableRename: return "ALTER TABLE RENAME TO";
    case StatementKind::kAlterTableDropColumn: return "ALTER TABLE DROP COLUMN";
    case StatementKind::kMsckRepairTable: return "MSCK REPAIR TABLE";
    case StatementKind::kShowDatabases: return "SHOW DATABASES";
    case StatementKind::kShowTables: return "SHOW TABLES";
    case StatementKind::kShowPartitions: return "SHOW PARTITIONS";
    case StatementKind::kShowCreateTable: return "SHOW CREATE TABLE";
    case StatementKind::kShowColumns: return "SHOW COLUMNS";
    case StatementKind::kShowTableProperties: return "SHOW TBLPROPERTIES";
    case StatementKind::kDescribe: return "DESCRIBE";
    case StatementKind::kUse: return "USE";
  }
  return "statement";
}

std::string InsertStatement::ToString() const {
  std::string result = "INSERT INTO " + table.ToString();
  if (!columns.empty()) {
    result += " (";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) result += ", ";
      result += columns[i].ToString();
    }
    result += ")";
  }
  return result + " " + query->ToString();
}

std::string DropStatement::ToString() const {
  std::string result = object_type == ObjectType::kTable ? "DROP TABLE " : "DROP VIEW ";
  if (if_exists) result += "IF EXISTS ";
  return result + name.ToString();
}

}  // namespace sluice::sql
