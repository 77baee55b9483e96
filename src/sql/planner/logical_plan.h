#pragma once
// Logical plans: what a query computes, as an immutable tree of relational operators.
//
// The binder builds them, optimizer rules (sql/planner/rules/) rewrite them into new
// trees (nodes are never changed in place, so subtrees are shared freely), and the
// physical planner (exec/pipeline/physical_planner.h) turns them into pipelines.
// Columns are positional: a BoundColumnRef with index i in a node's expressions is
// column i of its child's output. Every node knows its output columns (names for
// printing and for the result header, types for everything else) and prints itself
// as one line of EXPLAIN's tree.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "exec/aggregate/aggregate_function.h"
#include "exec/join/join_type.h"
#include "exec/window/window_function.h"
#include "exec/sort/sort_key.h"
#include "sql/expression/bound_expression.h"
#include "sql/planner/table_source.h"

namespace sluice::sql {

enum class LogicalKind : uint8_t { kScan, kFilter, kProject, kAggregate, kSort, kTopN, kLimit, kJoin, kValues, kUnion, kWindow };

class LogicalNode;
using LogicalPlanPtr = std::shared_ptr<const LogicalNode>;

class LogicalNode {
 public:
  LogicalNode(LogicalKind kind, std::vector<LogicalPlanPtr> children, Schema output)
      : kind_(kind), children_(std::move(children)), output_(std::move(output)) {}
  virtual ~LogicalNode() = default;
  LogicalNode(const LogicalNode&) = delete;
  LogicalNode& operator=(const LogicalNode&) = delete;

  LogicalKind kind() const { return kind_; }
  const std::vector<LogicalPlanPtr>& children() const { return children_; }
  const LogicalPlanPtr& child() const { return children_.at(0); }
  /// The columns this node produces, in order.
  const Schema& output() const { return output_; }

  /// One line: the operator and its arguments ("Filter: (a > 1)").
  virtual std::string Describe() const = 0;
  /// The whole tree, one node per line, children indented (EXPLAIN).
  std::string ToString() const;

  template <class T>
  const T& As() const {
    SLUICE_ASSERT(kind_ == T::kKind, "logical node cast to the wrong class");
    return static_cast<const T&>(*this);
  }

 private:
  LogicalKind kind_;
  std::vector<LogicalPlanPtr> children_;
  Schema output_;
};

/// Reads a file-backed table: the columns `columns` (indices into source->schema) and
/// only rows that may pass `pushed_predicates` (hints the reader uses to skip row
/// groups; the Filter above still checks every row).
class LogicalScan : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kScan;
  LogicalScan(std::shared_ptr<const TableSource> source, std::vector<size_t> columns,
              std::vector<parquet::ColumnPredicate> pushed_predicates = {});
  std::string Describe() const override;

  const std::shared_ptr<const TableSource> source;
  const std::vector<size_t> columns;
  const std::vector<parquet::ColumnPredicate> pushed_predicates;
};

/// Rows of the child for which `predicate` is TRUE.
class LogicalFilter : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kFilter;
  LogicalFilter(LogicalPlanPtr child, BoundExpressionPtr predicate);
  std::string Describe() const override;

  const BoundExpressionPtr predicate;
};

/// One output column per expression, named by `names`.
class LogicalProject : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kProject;
  LogicalProject(LogicalPlanPtr child, std::vector<BoundExpressionPtr> expressions,
                 std::vector<std::string> names);
  std::string Describe() const override;

  const std::vector<BoundExpressionPtr> expressions;
};

/// One aggregate of an Aggregate node: a resolved function over argument expressions
/// (already coerced to the function's argument types).
struct AggregateCall {
  exec::AggregateFunctionPtr function;
  std::vector<BoundExpressionPtr> arguments;
  std::string name;  ///< As written, for printing ("count(DISTINCT x)").
};

/// GROUP BY `groups` computing `aggregates`: output is the group columns, then one
/// column per aggregate. No groups: exactly one row (the ungrouped aggregate).
class LogicalAggregate : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kAggregate;
  LogicalAggregate(LogicalPlanPtr child, std::vector<BoundExpressionPtr> groups,
                   std::vector<AggregateCall> aggregates, Schema output);
  std::string Describe() const override;

  const std::vector<BoundExpressionPtr> groups;
  const std::vector<AggregateCall> aggregates;
};

/// The child's rows ordered by `keys` (columns of the child; stable).
class LogicalSort : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kSort;
  LogicalSort(LogicalPlanPtr child, std::vector<exec::SortKey> keys);
  std::string Describe() const override;

  const std::vector<exec::SortKey> keys;
};

/// The first `limit` rows after `offset` rows of the child ordered by `keys`.
class LogicalTopN : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kTopN;
  LogicalTopN(LogicalPlanPtr child, std::vector<exec::SortKey> keys, uint64_t limit,
              uint64_t offset);
  std::string Describe() const override;

  const std::vector<exec::SortKey> keys;
  const uint64_t limit;
  const uint64_t offset;
};

/// At most `limit` rows after skipping `offset` (kNoLimit: all of them).
class LogicalLimit : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kLimit;
  static constexpr uint64_t kNoLimit = UINT64_MAX;
  LogicalLimit(LogicalPlanPtr child, uint64_t limit, uint64_t offset);
  std::string Describe() const override;

  const uint64_t limit;
  const uint64_t offset;
};

/// left JOIN right: children {left, right}. `condition` (null for a cross join) is
/// over the left columns followed by the right ones. Output columns follow JoinType
/// (exec/join/join_type.h): left ++ right; left only (semi, anti); left ++ a BOOLEAN
/// "mark" (mark). `null_aware`: IN / NOT IN semantics for mark and anti joins (the
/// condition is then `left_key = right_key` AND correlated conjuncts).
class LogicalJoin : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kJoin;
  LogicalJoin(LogicalPlanPtr left, LogicalPlanPtr right, exec::JoinType type, BoundExpressionPtr condition,
              bool null_aware = false);
  std::string Describe() const override;

  const exec::JoinType type;
  const BoundExpressionPtr condition;
  const bool null_aware;
};

/// Constant rows (VALUES, SELECT without FROM): `rows[r][c]` is a foldable expression
/// of the column's type.
class LogicalValues : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kValues;
  LogicalValues(std::vector<std::vector<BoundExpressionPtr>> rows, Schema output);
  std::string Describe() const override;

  const std::vector<std::vector<BoundExpressionPtr>> rows;
};

/// UNION ALL of children with the same column types (the first child's names).
class LogicalUnion : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kUnion;
  explicit LogicalUnion(std::vector<LogicalPlanPtr> children);
  std::string Describe() const override;
};

/// Window functions: the child's columns, then one column per call (of its type).
class LogicalWindow : public LogicalNode {
 public:
  static constexpr LogicalKind kKind = LogicalKind::kWindow;
  LogicalWindow(LogicalPlanPtr child, std::vector<exec::WindowCall> calls);
  std::string Describe() const override;

  const std::vector<exec::WindowCall> calls;
};

/// `call` with every expression's column references rewritten by `map`.
exec::WindowCall MapWindowCall(const exec::WindowCall& call,
                               const std::function<BoundExpressionPtr(const BoundExpressionPtr&)>& map);

/// `plan` with each child replaced by `map(child)`; `plan` itself when none changed.
LogicalPlanPtr MapChildren(const LogicalPlanPtr& plan, const std::function<LogicalPlanPtr(const LogicalPlanPtr&)>& map);

/// A copy of `node` (any kind) over `children` (whose outputs must be compatible).
LogicalPlanPtr WithChildren(const LogicalNode& node, std::vector<LogicalPlanPtr> children);

/// A copy of the one-child node `node` over `child` (whose output must be compatible).
LogicalPlanPtr WithChild(const LogicalNode& node, LogicalPlanPtr child);

/// "a ASC NULLS LAST, b DESC NULLS FIRST" over the columns of `input`.
std::string SortKeysToString(const std::vector<exec::SortKey>& keys, const Schema& input);

}  // namespace sluice::sql
