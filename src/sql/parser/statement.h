#pragma once
// Statement nodes: queries, EXPLAIN, views, CREATE TABLE AS, INSERT, COPY, SET, DROP.
// The catalog DDL is in ddl_statement.h, DELETE / UPDATE / OPTIMIZE in
// dml_statement.h, SHOW / DESCRIBE / USE in show_statement.h.
// A new statement: a StatementKind (and its name in StatementKindName), a class, a
// branch in parse_statement.cpp.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sql/parser/query.h"

namespace sluice::sql {

enum class StatementKind : uint8_t {
  kQuery,
  kExplain,
  kCreateView,
  kCreateTableAs,
  kCopy,
  kSetTimeZone,
  kSetSession,
  kResetSession,
  kDrop,
  kInsert,
  // Rewrites of a managed table's rows or files (dml_statement.h).
  kDelete,
  kUpdate,
  kOptimize,
  // Catalog DDL (ddl_statement.h).
  kCreateDatabase,
  kDropDatabase,
  kCreateExternalTable,
  kCreateTable,
  kAlterTableAddPartitions,
  kAlterTableDropPartitions,
  kAlterTableAddColumns,
  kAlterTableSetProperties,
  kAlterTableSetLocation,
  kAlterTableRename,
  kAlterTableDropColumn,
  kMsckRepairTable,
  // Catalog reads and the current database (show_statement.h).
  kShowDatabases,
  kShowTables,
  kShowPartitions,
  kShowCreateTable,
  kShowColumns,
  kShowTableProperties,
  kDescribe,
  kUse,
};

/// The statement as SQL names it, for messages: "CREATE EXTERNAL TABLE",
/// "ALTER TABLE ADD PARTITION", "SHOW TABLES", …
std::string_view StatementKindName(StatementKind kind);

class Statement {
 public:
  Statement(StatementKind kind, SourcePosition position) : position(position), kind_(kind) {}
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  StatementKind kind() const { return kind_; }
  /// Normalized SQL without a trailing semicolon.
  virtual std::string ToString() const = 0;

  template <class T>
  const T& As() const {
    SLUICE_ASSERT(kind_ == T::kKind, "statement cast to the wrong node class");
    return static_cast<const T&>(*this);
  }

  SourcePosition position;

 private:
  StatementKind kind_;
};

using StatementPtr = std::unique_ptr<Statement>;

class QueryStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kQuery;
  explicit QueryStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override { return query->ToString(); }

  std::unique_ptr<Query> query;
};

/// EXPLAIN [ANALYZE] [VERBOSE] statement.
class ExplainStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kExplain;
  explicit ExplainStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  bool analyze = false;
  bool verbose = false;
  StatementPtr statement;
};

/// CREATE [OR REPLACE] [TEMP | TEMPORARY] VIEW name AS query.
class CreateViewStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kCreateView;
  explicit CreateViewStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  bool or_replace = false;
  /// TEMP or TEMPORARY (PostgreSQL): the view lives as long as the session. Printed
  /// as TEMPORARY.
  bool temporary = false;
  QualifiedName name;
  std::unique_ptr<Query> query;
};

/// `key = value` in WITH (…) table properties.
struct Property {
  Identifier name;
  ExpressionPtr value;
};

/// CREATE [TEMP | TEMPORARY] TABLE [IF NOT EXISTS] name [(columns)] [WITH (k = v, …)]
/// AS query [WITH [NO] DATA].
class CreateTableAsStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kCreateTableAs;
  explicit CreateTableAsStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  /// TEMP or TEMPORARY (PostgreSQL): the table lives as long as the session. Printed
  /// as TEMPORARY. The parser accepts a qualified name; the engine decides.
  bool temporary = false;
  bool if_not_exists = false;
  QualifiedName name;
  std::vector<Identifier> columns;
  std::vector<Property> properties;
  std::unique_ptr<Query> query;
  bool with_data = true;
};

/// One COPY option, DuckDB style: `FORMAT parquet`, `COMPRESSION 'zstd'`,
/// `PARTITION_BY (a, b)`, `HEADER` (no value). A bare word value is a one-part
/// ColumnRefExpression; a parenthesized list fills `list`.
struct CopyOption {
  std::string name;  ///< Lower case.
  ExpressionPtr value;
  bool has_list = false;
  ExpressionList list;
  SourcePosition position;
};

/// COPY (query) TO 'path' [WITH] [(options)], or COPY name TO … (the whole table).
class CopyStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kCopy;
  explicit CopyStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  std::unique_ptr<Query> query;  ///< Null when copying a table by name.
  QualifiedName table;
  std::string path;
  std::vector<CopyOption> options;
};

/// SET TIME ZONE LOCAL | expression.
class SetTimeZoneStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kSetTimeZone;
  explicit SetTimeZoneStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  bool local = false;
  ExpressionPtr zone;  ///< Null for LOCAL.
};

/// SET SESSION name = value.
class SetSessionStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kSetSession;
  explicit SetSessionStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName name;
  ExpressionPtr value;
};

/// RESET SESSION name.
class ResetSessionStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kResetSession;
  explicit ResetSessionStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName name;
};

/// INSERT INTO [db.]name [(columns)] query. (Hive's INSERT OVERWRITE and INSERT INTO …
/// PARTITION (…) are reported as not supported.)
class InsertStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kInsert;
  explicit InsertStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  std::vector<Identifier> columns;  ///< Empty: every column of the table, in order.
  std::unique_ptr<Query> query;
};

enum class ObjectType : uint8_t { kTable, kView };

/// DROP TABLE|VIEW [IF EXISTS] name.
class DropStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kDrop;
  explicit DropStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  ObjectType object_type = ObjectType::kTable;
  bool if_exists = false;
  QualifiedName name;
};

}  // namespace sluice::sql
