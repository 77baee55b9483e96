#pragma once
// Query nodes: WITH, set operations, SELECT blocks, VALUES, ORDER BY / LIMIT.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/parser/expression.h"
#include "sql/parser/function_call.h"
#include "sql/parser/table_ref.h"

namespace sluice::sql {

enum class QueryBodyKind : uint8_t { kSelect, kSetOperation, kValues, kTable, kSubquery };

/// What a query computes before its ORDER BY / OFFSET / LIMIT (Trino's queryTerm).
class QueryBody {
 public:
  QueryBody(QueryBodyKind kind, SourcePosition position) : position(position), kind_(kind) {}
  virtual ~QueryBody() = default;
  QueryBody(const QueryBody&) = delete;
  QueryBody& operator=(const QueryBody&) = delete;

  QueryBodyKind kind() const { return kind_; }
  virtual std::string ToString() const = 0;

  template <class T>
  const T& As() const {
    SLUICE_ASSERT(kind_ == T::kKind, "query body cast to the wrong node class");
    return static_cast<const T&>(*this);
  }

  SourcePosition position;

 private:
  QueryBodyKind kind_;
};

using QueryBodyPtr = std::unique_ptr<QueryBody>;

/// One entry of the select list: an expression with an optional alias, `*` or `t.*`.
struct SelectItem {
  bool star = false;
  std::vector<Identifier> star_qualifier;  ///< t.* → {t}; empty for *.
  ExpressionPtr expression;                ///< Null for stars.
  std::optional<Identifier> alias;
  SourcePosition position;
  std::string ToString() const;
};

enum class GroupingKind : uint8_t { kExpressions, kRollup, kCube, kGroupingSets };

/// One element of GROUP BY: `a`, `(a, b)`, `()`, ROLLUP (…), CUBE (…),
/// GROUPING SETS ((…), …). kExpressions, kRollup and kCube hold one list in `sets`;
/// kGroupingSets one list per set. Ordinals (GROUP BY 1) are integer literals.
struct GroupingElement {
  GroupingKind kind = GroupingKind::kExpressions;
  std::vector<ExpressionList> sets;
  SourcePosition position;
  std::string ToString() const;
};

struct GroupBy {
  bool distinct = false;  ///< GROUP BY DISTINCT (removes duplicate grouping sets).
  std::vector<GroupingElement> elements;
  std::string ToString() const;
};

/// WINDOW name AS (spec).
struct NamedWindow {
  Identifier name;
  WindowSpec spec;
};

/// SELECT [DISTINCT] … [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …].
/// A FROM list `a, b` is one JoinRef of type kImplicit.
class SelectBody : public QueryBody {
 public:
  static constexpr QueryBodyKind kKind = QueryBodyKind::kSelect;
  explicit SelectBody(SourcePosition position) : QueryBody(kKind, position) {}
  std::string ToString() const override;

  bool distinct = false;
  std::vector<SelectItem> select_list;
  TableRefPtr from;  ///< Null for SELECT without FROM.
  ExpressionPtr where;
  std::optional<GroupBy> group_by;
  ExpressionPtr having;
  std::vector<NamedWindow> windows;
};

enum class SetOperationType : uint8_t { kUnion, kIntersect, kExcept };

/// left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right. INTERSECT binds tighter than
/// UNION and EXCEPT; all are left-associative.
class SetOperationBody : public QueryBody {
 public:
  static constexpr QueryBodyKind kKind = QueryBodyKind::kSetOperation;
  explicit SetOperationBody(SourcePosition position) : QueryBody(kKind, position) {}
  std::string ToString() const override;

  SetOperationType type = SetOperationType::kUnion;
  bool all = false;  ///< ALL keeps duplicates; DISTINCT (the default) removes them.
  QueryBodyPtr left;
  QueryBodyPtr right;
};

/// VALUES row, row, …: each row is a RowExpression (a, b) or a single value.
class ValuesBody : public QueryBody {
 public:
  static constexpr QueryBodyKind kKind = QueryBodyKind::kValues;
  explicit ValuesBody(SourcePosition position) : QueryBody(kKind, position) {}
  std::string ToString() const override;

  ExpressionList rows;
};

/// TABLE name (all rows of a table).
class TableBody : public QueryBody {
 public:
  static constexpr QueryBodyKind kKind = QueryBodyKind::kTable;
  explicit TableBody(SourcePosition position) : QueryBody(kKind, position) {}
  std::string ToString() const override;

  QualifiedName name;
};

/// A parenthesized query inside a set operation: (SELECT … ORDER BY … LIMIT 3).
class SubqueryBody : public QueryBody {
 public:
  static constexpr QueryBodyKind kKind = QueryBodyKind::kSubquery;
  explicit SubqueryBody(SourcePosition position);
  ~SubqueryBody() override;
  std::string ToString() const override;

  std::unique_ptr<Query> query;
};

/// name [(columns)] AS (query).
struct CommonTableExpression {
  Identifier name;
  std::vector<Identifier> columns;
  std::unique_ptr<Query> query;
};

/// [WITH …] body [ORDER BY …] [OFFSET n] [LIMIT n|ALL | FETCH FIRST n ROWS ONLY|WITH TIES].
class Query {
 public:
  explicit Query(SourcePosition position) : position(position) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  /// Normalized SQL, printing OFFSET before LIMIT as Trino requires.
  std::string ToString() const;

  SourcePosition position;
  std::vector<CommonTableExpression> with;
  QueryBodyPtr body;
  std::vector<OrderByItem> order_by;
  ExpressionPtr offset;  ///< Null when absent.
  ExpressionPtr limit;   ///< LIMIT n or FETCH FIRST n; null when absent or ALL.
  bool limit_all = false;    ///< LIMIT ALL
  bool fetch_first = false;  ///< Written as FETCH FIRST … ROWS ONLY|WITH TIES.
  bool with_ties = false;
};

}  // namespace sluice::sql
