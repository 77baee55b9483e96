#pragma once
// Catalog DDL: databases, tables (Athena's Hive CREATE EXTERNAL TABLE and Trino's
// CREATE TABLE with columns), ALTER TABLE on partitions, columns, properties, location
// and name, MSCK REPAIR TABLE. (ALTER TABLE … EXECUTE optimize is OptimizeStatement in
// dml_statement.h.) SHOW, DESCRIBE and USE are in show_statement.h.
//
// Strings of the Hive statements ('…' or "…") follow Hive's rules: the parser decodes
// their backslash escapes (hive_string.h), so the fields below hold the real characters
// ('\t' is a tab, '\\' one backslash) and ToString writes them back escaped. Strings
// of Trino's CREATE TABLE (its COMMENTs) are Trino strings: no escapes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sql/parser/statement.h"
#include "sql/parser/type_name.h"

namespace sluice::sql {

/// A string written in the statement, decoded, with where it starts (for errors about
/// a location or a delimiter).
struct StringValue {
  std::string value;
  SourcePosition position;
};

/// 'key' = 'value' of DBPROPERTIES, SERDEPROPERTIES and TBLPROPERTIES: both sides are
/// strings; keys keep their case ('skip.header.line.count', 'separatorChar').
struct StringProperty {
  std::string key;
  std::string value;
  SourcePosition position;  ///< Of the key.
};

/// `name type [NOT NULL] [COMMENT '…']`. Hive's types (string, int, float, binary,
/// char(n), array<T>, map<K,V>, struct<a:T,…>) arrive as TypeName: array<T> as
/// array(T), map<K,V> as map(K, V), struct<…> as row(a T, …); DataType::Parse reads
/// type.ToString() of the scalar ones and reports the nested ones as not supported.
struct ColumnDefinition {
  Identifier name;
  TypeName type;
  bool not_null = false;  ///< NOT NULL: Trino's CREATE TABLE only.
  std::optional<StringValue> comment;
};

/// One `key = value` of a PARTITION (…) spec. Values are text, as the catalog keeps
/// them: a string's characters, or a number as written ("2024", "-1.5").
struct PartitionValue {
  Identifier key;
  std::string value;
  bool is_string = true;  ///< Written in quotes; false for a number.
  SourcePosition value_position;
};

/// PARTITION (key = value, …).
struct PartitionSpec {
  std::vector<PartitionValue> values;
  SourcePosition position;  ///< Of the word PARTITION.
};

enum class RowFormatKind : uint8_t { kDelimited, kSerde };

/// ROW FORMAT DELIMITED [FIELDS TERMINATED BY c [ESCAPED BY c]] [COLLECTION ITEMS
/// TERMINATED BY c] [MAP KEYS TERMINATED BY c] [LINES TERMINATED BY c] [NULL DEFINED
/// AS s], or ROW FORMAT SERDE 'class'. The SERDEPROPERTIES are on the statement.
/// Delimiters are kept as decoded strings; Hive also reads a delimiter made of digits
/// as a byte value ('9' is a tab), which is for the engine to apply.
struct RowFormat {
  RowFormatKind kind = RowFormatKind::kDelimited;
  std::optional<StringValue> fields_terminated_by;
  std::optional<StringValue> escaped_by;
  std::optional<StringValue> collection_items_terminated_by;
  std::optional<StringValue> map_keys_terminated_by;
  std::optional<StringValue> lines_terminated_by;
  std::optional<StringValue> null_defined_as;
  std::optional<StringValue> serde;  ///< kSerde: the class, e.g. org.apache.hadoop.hive.serde2.OpenCSVSerde.
  SourcePosition position;           ///< Of the word ROW.
};

/// STORED AS PARQUET | TEXTFILE | … or STORED AS INPUTFORMAT '…' OUTPUTFORMAT '…'.
struct StoredAs {
  /// Lower case: parquet, textfile, json, jsonfile, orc, avro, sequencefile, rcfile or
  /// ion (every format Athena or Hive names; the engine says which it reads). Empty
  /// for the INPUTFORMAT form.
  std::string format;
  std::optional<StringValue> input_format;
  std::optional<StringValue> output_format;
  SourcePosition position;  ///< Of the word STORED.
};

/// CREATE DATABASE | SCHEMA [IF NOT EXISTS] name [COMMENT '…'] [LOCATION '…']
/// [WITH DBPROPERTIES ('k' = 'v', …)]. Printed as CREATE DATABASE.
class CreateDatabaseStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kCreateDatabase;
  explicit CreateDatabaseStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  bool if_not_exists = false;
  Identifier name;
  std::optional<StringValue> comment;
  std::optional<StringValue> location;
  std::vector<StringProperty> properties;  ///< DBPROPERTIES.
};

/// DROP DATABASE | SCHEMA [IF EXISTS] name [CASCADE | RESTRICT]. RESTRICT (the
/// default: refuse a database that has tables) is not printed.
class DropDatabaseStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kDropDatabase;
  explicit DropDatabaseStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  bool if_exists = false;
  Identifier name;
  bool cascade = false;
};

/// Athena's CREATE EXTERNAL TABLE [IF NOT EXISTS] [db.]name [(col type [COMMENT '…'],
/// …)] [COMMENT '…'] [PARTITIONED BY (col type [COMMENT '…'], …)] [ROW FORMAT …]
/// [STORED AS …] [WITH SERDEPROPERTIES (…)] [LOCATION '…'] [TBLPROPERTIES (…)], in
/// that order. CLUSTERED BY (buckets) is reported as not supported.
class CreateExternalTableStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kCreateExternalTable;
  explicit CreateExternalTableStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  bool if_not_exists = false;
  QualifiedName name;
  std::vector<ColumnDefinition> columns;  ///< May be empty (Athena allows it for Avro).
  std::optional<StringValue> comment;
  std::vector<ColumnDefinition> partition_columns;  ///< PARTITIONED BY.
  std::optional<RowFormat> row_format;
  std::optional<StoredAs> stored_as;
  /// WITH SERDEPROPERTIES, written after ROW FORMAT SERDE '…' or after STORED AS;
  /// printed after the SERDE class when there is one, else after STORED AS.
  std::vector<StringProperty> serde_properties;
  std::optional<StringValue> location;
  std::vector<StringProperty> table_properties;  ///< TBLPROPERTIES.
};

/// Trino's CREATE [TEMP | TEMPORARY] TABLE [IF NOT EXISTS] [db.]name (col type [NOT
/// NULL] [COMMENT '…'], …) [COMMENT '…'] [WITH (key = value, …)]: a managed table.
/// (CREATE TABLE … AS query is CreateTableAsStatement.)
class CreateTableStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kCreateTable;
  explicit CreateTableStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  /// TEMP or TEMPORARY (PostgreSQL): the table lives as long as the session. Printed
  /// as TEMPORARY. The parser accepts a qualified name; the engine decides.
  bool temporary = false;
  bool if_not_exists = false;
  QualifiedName name;
  std::vector<ColumnDefinition> columns;
  std::optional<StringValue> comment;
  std::vector<Property> properties;  ///< WITH (…): format = 'PARQUET', partitioned_by = ARRAY['d'], …
};

/// One partition of ALTER TABLE … ADD PARTITION: its spec and optional location.
struct AddedPartition {
  PartitionSpec spec;
  std::optional<StringValue> location;
};

/// ALTER TABLE [db.]name ADD [IF NOT EXISTS] PARTITION (…) [LOCATION '…'] [[,]
/// PARTITION (…) [LOCATION '…']] …
class AlterTableAddPartitionsStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kAlterTableAddPartitions;
  explicit AlterTableAddPartitionsStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  bool if_not_exists = false;
  std::vector<AddedPartition> partitions;
};

/// ALTER TABLE [db.]name DROP [IF EXISTS] PARTITION (…) [, PARTITION (…)] …
class AlterTableDropPartitionsStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kAlterTableDropPartitions;
  explicit AlterTableDropPartitionsStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  bool if_exists = false;
  std::vector<PartitionSpec> partitions;
};

/// Hive's ALTER TABLE [IF EXISTS] [db.]name ADD COLUMNS (col type [COMMENT '…'], …),
/// or Trino's and PostgreSQL's ALTER TABLE [IF EXISTS] [db.]name ADD [COLUMN] [IF NOT
/// EXISTS] col type [COMMENT '…'] (one column). Comments are Hive strings in both.
/// Printed as ADD COLUMNS (…) unless `column_if_not_exists`.
class AlterTableAddColumnsStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kAlterTableAddColumns;
  explicit AlterTableAddColumnsStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  std::vector<ColumnDefinition> columns;
  bool if_exists = false;             ///< ALTER TABLE IF EXISTS: no table, nothing to do.
  bool column_if_not_exists = false;  ///< ADD COLUMN IF NOT EXISTS (one column): skip it if there.
};

/// ALTER TABLE [IF EXISTS] [db.]name RENAME TO [db.]new_name (Trino, PostgreSQL, Hive).
/// A one-part new name keeps the table in its database (PostgreSQL's rule, and Hive's).
class AlterTableRenameStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kAlterTableRename;
  explicit AlterTableRenameStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  QualifiedName new_name;
  bool if_exists = false;
};

/// ALTER TABLE [IF EXISTS] [db.]name DROP [COLUMN] [IF EXISTS] col [RESTRICT]: Trino's
/// form, and PostgreSQL's (COLUMN optional there; CASCADE is reported as not supported).
class AlterTableDropColumnStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kAlterTableDropColumn;
  explicit AlterTableDropColumnStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  Identifier column;
  bool if_exists = false;         ///< ALTER TABLE IF EXISTS: no table, nothing to do.
  bool column_if_exists = false;  ///< DROP COLUMN IF EXISTS: no such column, nothing to do.
};

/// ALTER TABLE [db.]name SET TBLPROPERTIES ('k' = 'v', …): adds or replaces those keys.
class AlterTableSetPropertiesStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kAlterTableSetProperties;
  explicit AlterTableSetPropertiesStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  std::vector<StringProperty> properties;
};

/// ALTER TABLE [db.]name [PARTITION (…)] SET LOCATION '…': the table's location, or
/// one partition's.
class AlterTableSetLocationStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kAlterTableSetLocation;
  explicit AlterTableSetLocationStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  std::optional<PartitionSpec> partition;
  StringValue location;
};

/// What MSCK REPAIR TABLE does with partitions: add the folders missing from the
/// catalog (the default, Athena's only form), drop the partitions whose folder is
/// gone, or both.
enum class MsckMode : uint8_t { kAdd, kDrop, kSync };

/// MSCK REPAIR TABLE [db.]name [ADD | DROP | SYNC PARTITIONS].
class MsckRepairTableStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kMsckRepairTable;
  explicit MsckRepairTableStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  MsckMode mode = MsckMode::kAdd;
};

/// "(a int COMMENT 'x', b string)": column definitions as SQL; COMMENTs as Hive
/// strings when `hive_strings`, else as Trino strings.
std::string ColumnDefinitionsToString(const std::vector<ColumnDefinition>& columns, bool hive_strings);

/// "PARTITION (k = 'v', n = 1)".
std::string PartitionSpecToString(const PartitionSpec& spec);

/// "('k' = 'v', …)" with Hive strings.
std::string StringPropertiesToString(const std::vector<StringProperty>& properties);

}  // namespace sluice::sql
