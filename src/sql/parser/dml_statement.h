#pragma once
// Statements that rewrite the rows of a managed table: DELETE (and TRUNCATE, a DELETE
// of every row), UPDATE, and OPTIMIZE, which rewrites the files without changing the
// rows. INSERT, which only adds files, is in statement.h.

#include <optional>
#include <vector>

#include "sql/parser/ddl_statement.h"

namespace sluice::sql {

/// DELETE FROM [db.]name [[AS] alias] [WHERE condition], or TRUNCATE [TABLE] [db.]name
/// (`truncate`: no alias, no WHERE). A null `where` deletes every row. Trino's and
/// PostgreSQL's DELETE; PostgreSQL's USING and RETURNING are reported as not
/// supported.
class DeleteStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kDelete;
  explicit DeleteStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  std::optional<Identifier> alias;  ///< The name the WHERE condition may call the table by.
  ExpressionPtr where;              ///< Null: every row.
  bool truncate = false;            ///< Written as TRUNCATE; printed back that way.
};

/// UPDATE [db.]name [[AS] alias] SET column = value [, column = value …] [WHERE
/// condition]. Each target is a bare column name: `SET t.a = 1` is a parse error (as
/// in PostgreSQL, where it would name a field of a composite column; Trino takes bare
/// names only). The parser does not check that a column is set only once (the binder
/// matches names, quoted or not, against the table). `SET a = DEFAULT`, `SET (a, b) =
/// …`, FROM and RETURNING are reported as not supported.
class UpdateStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kUpdate;
  explicit UpdateStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  /// `column = value`; the value may use every column of the row before the update.
  struct Assignment {
    Identifier column;
    ExpressionPtr value;
  };

  QualifiedName table;
  std::optional<Identifier> alias;
  std::vector<Assignment> assignments;  ///< In the order written; never empty.
  ExpressionPtr where;                  ///< Null: every row.
};

/// Rewrites a table's small files into fewer large ones, keeping its rows. Two
/// spellings: Sluice's OPTIMIZE [db.]name [WHERE condition], and Trino's ALTER TABLE
/// [db.]name EXECUTE optimize [(file_size_threshold => '128MB')] [WHERE condition]
/// (`trino_form`, printed back that way). The WHERE condition limits the rewrite to
/// some partitions (Trino allows only partition columns in it: the binder's rule).
class OptimizeStatement : public Statement {
 public:
  static constexpr StatementKind kKind = StatementKind::kOptimize;
  explicit OptimizeStatement(SourcePosition position) : Statement(kKind, position) {}
  std::string ToString() const override;

  QualifiedName table;
  ExpressionPtr where;  ///< Null: the whole table.
  /// Trino form only: files smaller than this are rewritten. The string as written
  /// ('128MB', '10kB'); the engine reads the size and reports a bad one at `position`.
  std::optional<StringValue> file_size_threshold;
  bool trino_form = false;
};

}  // namespace sluice::sql
