#pragma once
// Statements that read the catalog or choose the current database: SHOW …, DESCRIBE,
// USE. Patterns are kept as written: Athena reads them as Hive patterns (`*` any
// characters, `|` between alternatives), Trino as LIKE patterns (`%`, `_`); the engine
// decides. Strings decode Hive's backslash escapes, as in ddl_statement.h.

#include <cstdint>
#include <optional>

#include "sql/parser/ddl_statement.h"

namespace sluice::sql {

/// SHOW DATABASES | SCHEMAS [LIKE 'pattern']. Printed as SHOW DATABASES.
class ShowDatabasesStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kShowDatabases;
  explicit ShowDatabasesStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  std::optional<StringValue> pattern;
};

/// SHOW TABLES | VIEWS [IN | FROM database] [[LIKE] 'pattern']. Printed with IN and
/// LIKE.
class ShowTablesStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kShowTables;
  explicit ShowTablesStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  bool views = false;  ///< SHOW VIEWS: views only.
  std::optional<Identifier> database;  ///< Absent: the current database.
  std::optional<StringValue> pattern;
};

/// SHOW PARTITIONS [db.]name.
class ShowPartitionsStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kShowPartitions;
  explicit ShowPartitionsStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
};

/// SHOW CREATE TABLE | VIEW [db.]name.
class ShowCreateTableStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kShowCreateTable;
  explicit ShowCreateTableStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  ObjectType object_type = ObjectType::kTable;
  QualifiedName name;
};

/// SHOW COLUMNS FROM | IN [db.]name, or SHOW COLUMNS FROM name FROM | IN db (read as
/// db.name). Printed as SHOW COLUMNS FROM db.name.
class ShowColumnsStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kShowColumns;
  explicit ShowColumnsStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
};

/// SHOW TBLPROPERTIES [db.]name [('key')].
class ShowTablePropertiesStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kShowTableProperties;
  explicit ShowTablePropertiesStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  std::optional<StringValue> property;  ///< Only this key.
};

enum class DescribeDetail : uint8_t { kColumns, kExtended, kFormatted };

/// DESCRIBE | DESC [EXTENDED | FORMATTED] [db.]name [PARTITION (…)]. Printed with
/// DESCRIBE. Describing one column (DESCRIBE t col) is reported as not supported.
class DescribeStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kDescribe;
  explicit DescribeStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  DescribeDetail detail = DescribeDetail::kColumns;
  QualifiedName table;
  std::optional<PartitionSpec> partition;
};

/// USE database: the database that one-part table names resolve in.
class UseStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kUse;
  explicit UseStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  Identifier database;
};

}  // namespace sluice::sql
