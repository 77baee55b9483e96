// SQL printing of the catalog DDL: normalized, and read back by the parser as the same
// tree (the printer's fixed point, which the SQL fuzzer checks).
#include "sql/parser/ddl_statement.h"

#include "sql/parser/hive_string.h"

namespace sluice::sql {

namespace {

std::string Upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

/// " KEYWORD 'value'" for a clause that is there, "" otherwise.
std::string Clause(std::string_view keyword, const std::optional<StringValue>& value) {
  if (!value) return "";
  std::string result = " ";
  result += keyword;
  return result + " " + QuoteHiveString(value->value);
}

std::string IfNotExists(bool if_not_exists) { return if_not_exists ? "IF NOT EXISTS " : ""; }

/// "ALTER TABLE [IF EXISTS ]name".
std::string AlterTable(bool if_exists, const QualifiedName& table) {
  return std::string(if_exists ? "ALTER TABLE IF EXISTS " : "ALTER TABLE ") + table.ToString();
}

std::string RowFormatToString(const RowFormat& format) {
  if (format.kind == RowFormatKind::kSerde) return " ROW FORMAT SERDE " + QuoteHiveString(format.serde->value);
  std::string result = " ROW FORMAT DELIMITED";
  result += Clause("FIELDS TERMINATED BY", format.fields_terminated_by);
  result += Clause("ESCAPED BY", format.escaped_by);
  result += Clause("COLLECTION ITEMS TERMINATED BY", format.collection_items_terminated_by);
  result += Clause("MAP KEYS TERMINATED BY", format.map_keys_terminated_by);
  result += Clause("LINES TERMINATED BY", format.lines_terminated_by);
  result += Clause("NULL DEFINED AS", format.null_defined_as);
  return result;
}

std::string StoredAsToString(const StoredAs& stored) {
  if (!stored.format.empty()) return " STORED AS " + Upper(stored.format);
  return " STORED AS INPUTFORMAT " + QuoteHiveString(stored.input_format->value) + " OUTPUTFORMAT " +
         QuoteHiveString(stored.output_format->value);
}

}  // namespace

std::string ColumnDefinitionsToString(const std::vector<ColumnDefinition>& columns, bool hive_strings) {
  std::string result = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnDefinition& column = columns[i];
    if (i > 0) result += ", ";
    result += column.name.ToString() + " " + column.type.ToString();
    if (column.not_null) result += " NOT NULL";
    if (column.comment) {
      result += " COMMENT ";
      result += hive_strings ? QuoteHiveString(column.comment->value) : QuoteString(column.comment->value);
    }
  }
  return result + ")";
}

std::string PartitionSpecToString(const PartitionSpec& spec) {
  std::string result = "PARTITION (";
  for (size_t i = 0; i < spec.values.size(); ++i) {
    const PartitionValue& value = spec.values[i];
    if (i > 0) result += ", ";
    result += value.key.ToString() + " = ";
    result += value.is_string ? QuoteHiveString(value.value) : value.value;
  }
  return result + ")";
}

std::string StringPropertiesToString(const std::vector<StringProperty>& properties) {
  std::string result = "(";
  for (size_t i = 0; i < properties.size(); ++i) {
    if (i > 0) result += ", ";
    result += QuoteHiveString(properties[i].key) + " = " + QuoteHiveString(properties[i].value);
  }
  return result + ")";
}

std::string CreateDatabaseStatement::ToString() const {
  std::string result = "CREATE DATABASE " + IfNotExists(if_not_exists) + name.ToString();
  result += Clause("COMMENT", comment);
  result += Clause("LOCATION", location);
  if (!properties.empty()) result += " WITH DBPROPERTIES " + StringPropertiesToString(properties);
  return result;
}

std::string DropDatabaseStatement::ToString() const {
  std::string result = "DROP DATABASE ";
  if (if_exists) result += "IF EXISTS ";
  result += name.ToString();
  if (cascade) result += " CASCADE";
  return result;
}

std::string CreateExternalTableStatement::ToString() const {
  std::string result = "CREATE EXTERNAL TABLE " + IfNotExists(if_not_exists) + name.ToString();
  if (!columns.empty()) result += " " + ColumnDefinitionsToString(columns, /*hive_strings=*/true);
  result += Clause("COMMENT", comment);
  if (!partition_columns.empty()) {
    result += " PARTITIONED BY " + ColumnDefinitionsToString(partition_columns, /*hive_strings=*/true);
  }
  const bool serde = row_format && row_format->kind == RowFormatKind::kSerde;
  std::string serde_text;
  if (!serde_properties.empty()) serde_text = " WITH SERDEPROPERTIES " + StringPropertiesToString(serde_properties);
  if (row_format) result += RowFormatToString(*row_format);
  if (serde) result += serde_text;
  if (stored_as) result += StoredAsToString(*stored_as);
  if (!serde) result += serde_text;
  result += Clause("LOCATION", location);
  if (!table_properties.empty()) result += " TBLPROPERTIES " + StringPropertiesToString(table_properties);
  return result;
}

std::string CreateTableStatement::ToString() const {
  std::string result = temporary ? "CREATE TEMPORARY TABLE " : "CREATE TABLE ";
  result += IfNotExists(if_not_exists) + name.ToString() + " " +
            ColumnDefinitionsToString(columns, /*hive_strings=*/false);
  if (comment) result += " COMMENT " + QuoteString(comment->value);
  if (!properties.empty()) {
    result += " WITH (";
    for (size_t i = 0; i < properties.size(); ++i) {
      if (i > 0) result += ", ";
      result += properties[i].name.ToString() + " = " + properties[i].value->ToString();
    }
    result += ")";
  }
  return result;
}

std::string AlterTableAddPartitionsStatement::ToString() const {
  std::string result = "ALTER TABLE " + table.ToString() + " ADD " + IfNotExists(if_not_exists);
  for (size_t i = 0; i < partitions.size(); ++i) {
    if (i > 0) result += " ";
    result += PartitionSpecToString(partitions[i].spec);
    result += Clause("LOCATION", partitions[i].location);
  }
  return result;
}

std::string AlterTableDropPartitionsStatement::ToString() const {
  std::string result = "ALTER TABLE " + table.ToString() + " DROP ";
  if (if_exists) result += "IF EXISTS ";
  for (size_t i = 0; i < partitions.size(); ++i) {
    if (i > 0) result += ", ";
    result += PartitionSpecToString(partitions[i]);
  }
  return result;
}

std::string AlterTableAddColumnsStatement::ToString() const {
  std::string result = AlterTable(if_exists, table);
  if (!column_if_not_exists) {
    return result + " ADD COLUMNS " + ColumnDefinitionsToString(columns, /*hive_strings=*/true);
  }
  SLUICE_ASSERT(columns.size() == 1, "ADD COLUMN IF NOT EXISTS adds one column");
  // "(name type …)" without its parentheses.
  std::string column = ColumnDefinitionsToString(columns, /*hive_strings=*/true);
  return result + " ADD COLUMN IF NOT EXISTS " + column.substr(1, column.size() - 2);
}

std::string AlterTableRenameStatement::ToString() const {
  return AlterTable(if_exists, table) + " RENAME TO " + new_name.ToString();
}

std::string AlterTableDropColumnStatement::ToString() const {
  std::string result = AlterTable(if_exists, table) + " DROP COLUMN ";
  if (column_if_exists) result += "IF EXISTS ";
  return result + column.ToString();
}

std::string AlterTableSetPropertiesStatement::ToString() const {
  return "ALTER TABLE " + table.ToString() + " SET TBLPROPERTIES " + StringPropertiesToString(properties);
}

std::string AlterTableSetLocationStatement::ToString() const {
  std::string result = "ALTER TABLE " + table.ToString();
  if (partition) result += " " + PartitionSpecToString(*partition);
  return result + " SET LOCATION " + QuoteHiveString(location.value);
}

std::string MsckRepairTableStatement::ToString() const {
  std::string result = "MSCK REPAIR TABLE " + table.ToString();
  if (mode == MsckMode::kDrop) result += " DROP PARTITIONS";
  if (mode == MsckMode::kSync) result += " SYNC PARTITIONS";
  return result;
}

}  // namespace sluice::sql
