// SHOW DATABASES / TABLES / VIEWS / PARTITIONS / CREATE TABLE / COLUMNS /
// TBLPROPERTIES and DESCRIBE over the attached catalog, with Athena's column names
// (database_name, tab_name, partition, createtab_stmt, field, prpt_name/prpt_value,
// col_name/data_type/comment). Patterns: Hive's (`*` any characters, `|` between
// alternatives) unless the pattern has a `%`, then Trino's LIKE (`%`, `_`); both
// case-insensitive.

#include <algorithm>
#include <cctype>
#include <ctime>

#include "core/ascii.h"
#include "core/error.h"
#include "engine/catalog_serde.h"
#include "engine/catalog_statements.h"
#include "engine/catalog_resolver.h"
#include "engine/catalog_table_source.h"
#include "engine/copy_options.h"
#include "sql/parser/hive_string.h"
#include "sql/parser/identifier.h"

namespace sluice::engine {
namespace {

/// Whether `text` matches `pattern` from `p` on, `any` matching any run and `one` any
/// one character (0: none).
bool Match(std::string_view text, std::string_view pattern, char any, char one) {
  size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == text[t] || (one != 0 && pattern[p] == one))) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == any) {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == any) ++p;
  return p == pattern.size();
}

bool MatchesPattern(const std::string& name, const std::optional<sql::StringValue>& pattern) {
  if (!pattern) return true;
  std::string text = AsciiLower(name);
  std::string wanted = AsciiLower(pattern->value);
  if (wanted.find('%') != std::string::npos) return Match(text, wanted, '%', '_');
  size_t start = 0;
  while (true) {
    size_t bar = wanted.find('|', start);
    std::string alternative = wanted.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    while (!alternative.empty() && alternative.front() == ' ') alternative.erase(0, 1);
    while (!alternative.empty() && alternative.back() == ' ') alternative.pop_back();
    if (Match(text, alternative, '*', 0)) return true;
    if (bar == std::string::npos) return false;
    start = bar + 1;
  }
}

std::string Backquoted(const std::string& name) { return "`" + name + "`"; }

std::string FormatTime(catalog::Micros micros) {
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S UTC", &utc);
  return text;
}

QueryResult ShowDatabases(const sql::ShowDatabasesStatement& show, const CatalogContext& catalog) {
  std::vector<std::vector<std::string>> rows;
  for (const catalog::Database& database : catalog.store->ListDatabases()) {
    if (MatchesPattern(database.name, show.pattern)) rows.push_back({database.name});
  }
  std::sort(rows.begin(), rows.end());
  return TextTable({"database_name"}, rows);
}

QueryResult ShowTables(std::string_view sql, const sql::ShowTablesStatement& show, const CatalogContext& catalog) {
  std::string database = show.database ? AsciiLower(show.database->name) : catalog.current_database;
  if (database.empty()) {
    throw CatalogError("SHOW TABLES needs a database: SHOW TABLES IN db, or USE db first (or --database)");
  }
  if (!catalog.store->GetDatabase(database)) {
    ThrowCatalogError(sql, show.database ? show.database->position : show.position,
                      "database '" + database + "' does not exist");
  }
  std::vector<std::vector<std::string>> rows;
  for (const catalog::Table& table : catalog.store->ListTables(database)) {
    if (show.views && table.kind != catalog::TableKind::kView) continue;
    if (MatchesPattern(table.name, show.pattern)) rows.push_back({table.name});
  }
  std::sort(rows.begin(), rows.end());
  return TextTable({"tab_name"}, rows);
}

QueryResult ShowPartitions(std::string_view sql, const sql::ShowPartitionsStatement& show,
                           const CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, show.table, catalog);
  if (!table.is_partitioned()) {
    ThrowCatalogError(sql, show.table.position(), "table " + table.QualifiedName() + " is not partitioned");
  }
  std::vector<std::vector<std::string>> rows;
  for (const catalog::Partition& partition : catalog.store->ListPartitions(table.database, table.name)) {
    std::string text;
    for (size_t i = 0; i < partition.values.size() && i < table.partition_keys.size(); ++i) {
      if (i > 0) text += "/";
      text += PartitionFolderName(table.partition_keys[i].name, partition.values[i]);
    }
    if (partition.deprecated) text += " (deprecated)";
    rows.push_back({text});
  }
  return TextTable({"partition"}, rows);
}

std::string ColumnsDdl(const std::vector<catalog::Column>& columns) {
  std::string text;
  for (size_t i = 0; i < columns.size(); ++i) {
    text += "  " + Backquoted(columns[i].name) + " " + columns[i].type.ToString();
    if (!columns[i].comment.empty()) text += " COMMENT " + sql::QuoteHiveString(columns[i].comment);
    text += i + 1 < columns.size() ? ",\n" : "";
  }
  return text;
}

std::string AsciiUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

/// A managed table as Trino's CREATE TABLE (columns with NOT NULL and comments, the
/// partition keys last, WITH (format, partitioned_by, write_compression,
/// target_file_size, max_rows_per_file)), which
/// Sluice runs again to recreate it. The temporary database's tables come back as
/// CREATE TEMPORARY TABLE.
std::string ManagedTableDdl(const catalog::Table& table) {
  const bool temporary = table.database == kTemporaryDatabase;
  std::string text = temporary ? "CREATE TEMPORARY TABLE " + sql::QuoteIdentifierIfNeeded(table.name)
                               : "CREATE TABLE " + sql::QuoteIdentifierIfNeeded(table.database) + "." +
                                     sql::QuoteIdentifierIfNeeded(table.name);
  text += " (\n";
  std::vector<catalog::Column> columns = table.columns;
  columns.insert(columns.end(), table.partition_keys.begin(), table.partition_keys.end());
  for (size_t i = 0; i < columns.size(); ++i) {
    text += "   " + sql::QuoteIdentifierIfNeeded(columns[i].name) + " " + columns[i].type.ToString();
    if (columns[i].not_null) text += " NOT NULL";
    if (!columns[i].comment.empty()) text += " COMMENT " + sql::QuoteString(columns[i].comment);
    text += i + 1 < columns.size() ? ",\n" : "\n";
  }
  text += ")";
  if (!table.comment.empty()) text += "\nCOMMENT " + sql::QuoteString(table.comment);
  std::vector<std::string> properties;
  properties.push_back("format = " + sql::QuoteString(AsciiUpper(std::string(catalog::StorageFormatName(table.format)))));
  if (table.is_partitioned()) {
    std::string keys;
    for (size_t i = 0; i < table.partition_keys.size(); ++i) {
      keys += (i > 0 ? ", " : "") + sql::QuoteString(table.partition_keys[i].name);
    }
    properties.push_back("partitioned_by = ARRAY[" + keys + "]");
  }
  auto codec = table.parameters.find("write_compression");
  if (codec != table.parameters.end()) {
    properties.push_back("write_compression = " + sql::QuoteString(AsciiUpper(codec->second)));
  }
  // The file limits as CREATE TABLE takes them: a size as written ('128MB'), a row
  // count as a number.
  for (const char* key : {kTargetFileSizeParameter, kMaxRowsPerFileParameter}) {
    auto limit = table.parameters.find(key);
    if (limit == table.parameters.end()) continue;
    const bool digits = !limit->second.empty() && std::all_of(limit->second.begin(), limit->second.end(),
                                                              [](char c) { return c >= '0' && c <= '9'; });
    const bool as_number = digits && key == std::string_view(kMaxRowsPerFileParameter);
    properties.push_back(std::string(key) + " = " + (as_number ? limit->second : sql::QuoteString(limit->second)));
  }
  text += "\nWITH (\n";
  for (size_t i = 0; i < properties.size(); ++i) {
    text += "   " + properties[i] + (i + 1 < properties.size() ? ",\n" : "\n");
  }
  text += ")";
  return text;
}

std::string CreateTableDdl(const catalog::Table& table) {
  if (table.kind == catalog::TableKind::kManaged) return ManagedTableDdl(table);
  if (table.kind == catalog::TableKind::kView) {
    return "CREATE VIEW " + Backquoted(table.database) + "." + Backquoted(table.name) + " AS\n" + table.view_sql;
  }
  std::string text = "CREATE EXTERNAL TABLE " + Backquoted(table.database) + "." + Backquoted(table.name) + "(\n" +
                     ColumnsDdl(table.columns) + ")";
  if (!table.comment.empty()) text += "\nCOMMENT " + sql::QuoteHiveString(table.comment);
  if (table.is_partitioned()) text += "\nPARTITIONED BY (\n" + ColumnsDdl(table.partition_keys) + ")";
  std::map<std::string, std::string> properties = table.parameters;
  text += "\n" + StorageToDdl(table, &properties);
  text += "\nLOCATION\n  " + sql::QuoteHiveString(table.location);
  if (!properties.empty()) {
    text += "\nTBLPROPERTIES (";
    size_t i = 0;
    for (const auto& [key, value] : properties) {
      text += std::string(i++ == 0 ? "\n  " : ",\n  ") + sql::QuoteHiveString(key) + "=" + sql::QuoteHiveString(value);
    }
    text += ")";
  }
  return text;
}

QueryResult ShowCreateTable(std::string_view sql, const sql::ShowCreateTableStatement& show,
                            const CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, show.name, catalog);
  const bool is_view = table.kind == catalog::TableKind::kView;
  if (is_view != (show.object_type == sql::ObjectType::kView)) {
    ThrowCatalogError(
        sql, show.name.position(),
        "'" + table.QualifiedName() + "' is a " + (is_view ? "view (SHOW CREATE VIEW)" : "table (SHOW CREATE TABLE)"));
  }
  std::vector<std::vector<std::string>> rows;
  std::string ddl = CreateTableDdl(table);
  size_t start = 0;
  while (start <= ddl.size()) {
    size_t end = ddl.find('\n', start);
    if (end == std::string::npos) end = ddl.size();
    rows.push_back({ddl.substr(start, end - start)});
    start = end + 1;
  }
  return TextTable({"createtab_stmt"}, rows);
}

QueryResult ShowColumns(std::string_view sql, const sql::ShowColumnsStatement& show, const CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, show.table, catalog);
  std::vector<std::vector<std::string>> rows;
  for (const catalog::Column& column : table.columns) rows.push_back({column.name});
  for (const catalog::Column& column : table.partition_keys) rows.push_back({column.name});
  return TextTable({"field"}, rows);
}

QueryResult ShowTableProperties(std::string_view sql, const sql::ShowTablePropertiesStatement& show,
                                const CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, show.table, catalog);
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : table.parameters) {
    if (!show.property || show.property->value == key) rows.push_back({key, value});
  }
  if (show.property && rows.empty()) {
    ThrowCatalogError(sql, show.property->position,
                      "table " + table.QualifiedName() + " has no property '" + show.property->value + "'");
  }
  return TextTable({"prpt_name", "prpt_value"}, rows);
}

void AddColumnRows(const std::vector<catalog::Column>& columns, std::vector<std::vector<std::string>>* rows) {
  for (const catalog::Column& column : columns) rows->push_back({column.name, column.type.ToString(), column.comment});
}

QueryResult Describe(std::string_view sql, const sql::DescribeStatement& describe, const CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, describe.table, catalog);
  std::vector<std::vector<std::string>> rows;
  AddColumnRows(table.columns, &rows);
  AddColumnRows(table.partition_keys, &rows);
  if (table.is_partitioned()) {
    rows.push_back({"", "", ""});
    rows.push_back({"# Partition Information", "", ""});
    rows.push_back({"# col_name", "data_type", "comment"});
    rows.push_back({"", "", ""});
    AddColumnRows(table.partition_keys, &rows);
  }
  if (describe.partition) {
    if (!table.is_partitioned()) {
      ThrowCatalogError(sql, describe.partition->position, "table " + table.QualifiedName() + " is not partitioned");
    }
    std::vector<std::string> values(table.partition_keys.size());
    for (const sql::PartitionValue& value : describe.partition->values) {
      for (size_t k = 0; k < table.partition_keys.size(); ++k) {
        if (table.partition_keys[k].name == AsciiLower(value.key.name)) values[k] = value.value;
      }
    }
    std::optional<catalog::Partition> partition = catalog.store->GetPartition(table.database, table.name, values);
    if (!partition) ThrowCatalogError(sql, describe.partition->position, "partition does not exist");
    rows.push_back({"", "", ""});
    rows.push_back({"# Detailed Partition Information", "", ""});
    rows.push_back({"Location:", partition->location, ""});
    rows.push_back({"Files:", std::to_string(partition->stats.files), ""});
    rows.push_back({"Bytes:", std::to_string(partition->stats.bytes), ""});
    rows.push_back({"Rows:", std::to_string(partition->stats.rows), ""});
    if (partition->deprecated) rows.push_back({"Deprecated:", "true", ""});
  }
  if (describe.detail != sql::DescribeDetail::kColumns) {
    rows.push_back({"", "", ""});
    rows.push_back({"# Detailed Table Information", "", ""});
    rows.push_back({"Database:", table.database, ""});
    rows.push_back({"Owner:", table.owner, ""});
    rows.push_back({"CreateTime:", FormatTime(table.created), ""});
    rows.push_back({"LastUpdateTime:", FormatTime(table.updated), ""});
    rows.push_back({"Version:", std::to_string(table.version), ""});
    rows.push_back({"Location:", table.location, ""});
    rows.push_back({"Table Type:", std::string(catalog::TableKindName(table.kind)), ""});
    rows.push_back({"Format:", std::string(catalog::StorageFormatName(table.format)), ""});
    for (const auto& [key, value] : table.format_options) rows.push_back({"Format Option:", key, value});
    for (const auto& [key, value] : table.parameters) rows.push_back({"Table Parameter:", key, value});
    if (!table.comment.empty()) rows.push_back({"Comment:", table.comment, ""});
  }
  return TextTable({"col_name", "data_type", "comment"}, rows);
}

}  // namespace

QueryResult TextTable(const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& rows) {
  QueryResult result;
  std::vector<DataType> types;
  for (const std::string& name : names) {
    result.schema.AddField({name, DataType::Varchar()});
    types.push_back(DataType::Varchar());
  }
  Chunk chunk(types);
  for (const std::vector<std::string>& row : rows) {
    if (chunk.full()) {
      result.chunks.push_back(std::move(chunk));
      chunk = Chunk(types);
    }
    for (size_t c = 0; c < names.size(); ++c) chunk.column(c).SetString(chunk.size(), row.at(c));
    chunk.set_size(chunk.size() + 1);
  }
  result.chunks.push_back(std::move(chunk));
  return result;
}

std::optional<QueryResult> RunCatalogShow(std::string_view sql, const sql::Statement& statement,
                                          const CatalogContext& catalog) {
  switch (statement.kind()) {
    case sql::StatementKind::kShowDatabases:
      return ShowDatabases(statement.As<sql::ShowDatabasesStatement>(), catalog);
    case sql::StatementKind::kShowTables:
      return ShowTables(sql, statement.As<sql::ShowTablesStatement>(), catalog);
    case sql::StatementKind::kShowPartitions:
      return ShowPartitions(sql, statement.As<sql::ShowPartitionsStatement>(), catalog);
    case sql::StatementKind::kShowCreateTable:
      return ShowCreateTable(sql, statement.As<sql::ShowCreateTableStatement>(), catalog);
    case sql::StatementKind::kShowColumns:
      return ShowColumns(sql, statement.As<sql::ShowColumnsStatement>(), catalog);
    case sql::StatementKind::kShowTableProperties:
      return ShowTableProperties(sql, statement.As<sql::ShowTablePropertiesStatement>(), catalog);
    case sql::StatementKind::kDescribe:
      return Describe(sql, statement.As<sql::DescribeStatement>(), catalog);
    default:
      return std::nullopt;
  }
}

}  // namespace sluice::engine
