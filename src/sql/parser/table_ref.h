#pragma once
// FROM-clause nodes: tables, table functions, subqueries and joins.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/parser/expression.h"
#include "sql/parser/function_call.h"

namespace sluice::sql {

enum class TableRefKind : uint8_t { kBaseTable, kTableFunction, kSubquery, kJoin };

/// A relation in FROM, with its optional alias `[AS] name [(column, …)]`.
class TableRef {
 public:
  TableRef(TableRefKind kind, SourcePosition position) : position(position), kind_(kind) {}
  virtual ~TableRef() = default;
  TableRef(const TableRef&) = delete;
  TableRef& operator=(const TableRef&) = delete;

  TableRefKind kind() const { return kind_; }
  /// Normalized SQL including the alias.
  std::string ToString() const;

  template <class T>
  const T& As() const {
    SLUICE_ASSERT(kind_ == T::kKind, "table reference cast to the wrong node class");
    return static_cast<const T&>(*this);
  }

  SourcePosition position;
  std::optional<Identifier> alias;
  std::vector<Identifier> column_aliases;

 protected:
  /// The relation without its alias.
  virtual std::string BodyToString() const = 0;

 private:
  TableRefKind kind_;
};

using TableRefPtr = std::unique_ptr<TableRef>;

/// A table or view by name: orders, lake.sales.orders.
class BaseTableRef : public TableRef {
 public:
  static constexpr TableRefKind kKind = TableRefKind::kBaseTable;
  explicit BaseTableRef(SourcePosition position) : TableRef(kKind, position) {}
  QualifiedName name;

 protected:
  std::string BodyToString() const override;
};

/// read_csv('s3://…/*.csv', delimiter => '|'), also written TABLE(read_csv(…)).
class TableFunctionRef : public TableRef {
 public:
  static constexpr TableRefKind kKind = TableRefKind::kTableFunction;
  explicit TableFunctionRef(SourcePosition position) : TableRef(kKind, position) {}
  std::unique_ptr<FunctionCallExpression> call;

 protected:
  std::string BodyToString() const override;
};

/// (query) [AS alias], optionally LATERAL (query).
class SubqueryRef : public TableRef {
 public:
  static constexpr TableRefKind kKind = TableRefKind::kSubquery;
  explicit SubqueryRef(SourcePosition position);
  ~SubqueryRef() override;
  std::unique_ptr<Query> query;
  bool lateral = false;

 protected:
  std::string BodyToString() const override;
};

/// kImplicit is the comma of `FROM a, b` (a cross join).
enum class JoinType : uint8_t { kCross, kImplicit, kInner, kLeft, kRight, kFull };

/// left JOIN right ON condition | USING (columns). Joins are left-deep as written;
/// parenthesized joins appear as the right side.
class JoinRef : public TableRef {
 public:
  static constexpr TableRefKind kKind = TableRefKind::kJoin;
  explicit JoinRef(SourcePosition position) : TableRef(kKind, position) {}
  JoinType type = JoinType::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExpressionPtr condition;                ///< ON …; null for USING, CROSS and comma joins.
  std::vector<Identifier> using_columns;  ///< USING (…)

 protected:
  std::string BodyToString() const override;
};

}  // namespace sluice::sql
