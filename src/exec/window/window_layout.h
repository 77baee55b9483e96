#pragma once
// What the window operator stores per input row and which calls share a sort: the
// immutable plan of PhysicalWindow, built once from its calls.
//
// Stored rows are the child's columns followed by one *computed* column per distinct
// PARTITION BY / ORDER BY / argument expression that is not a plain column reference
// (evaluated once in the sink, so a sort key or an argument is never evaluated twice).
// Constant arguments (ntile(4), lag(x, 1, 0), approx_percentile(x, 0.5)) are not
// stored: they are evaluated once per query and passed as constant operands.
//
// Calls with the same PARTITION BY and ORDER BY form one *sort group*: their rows are
// hash-partitioned on the partition keys and sorted once by (partition keys, order
// keys); each call of the group then reads the same sorted rows.

#include <cstddef>
#include <memory>
#include <vector>

#include "exec/sort/sort_key.h"
#include "exec/window/window_function.h"

namespace sluice::exec {

/// Where a call's argument comes from, for the sorted rows of its group: a column of
/// the group's gathered columns, or a constant of the query.
struct WindowInput {
  bool is_constant = false;
  size_t index = 0;  ///< Gathered column, or index into WindowLayout::constants().
};

/// Calls sharing PARTITION BY and ORDER BY: one hash partitioning, one sort.
struct WindowSortGroup {
  /// Stored columns of the partition keys (hashed into buckets).
  std::vector<size_t> partition_columns;
  /// Over the stored columns: the partition keys (ASC NULLS LAST: any fixed order
  /// brings a partition's rows together), then the ORDER BY keys.
  std::vector<SortKey> sort_keys;
  /// The normalized-key layout of sort_keys over the stored columns.
  std::shared_ptr<const SortKeyEncoder> encoder;
  /// Stored columns copied out in sorted order for the calls: keys, then arguments.
  std::vector<size_t> gathered_columns;
  /// Gathered columns of the partition keys and of the ORDER BY keys.
  std::vector<size_t> partition_keys;
  std::vector<size_t> order_keys;
  /// Indices of the group's calls in the operator's call list, and their arguments.
  std::vector<size_t> calls;
  std::vector<std::vector<WindowInput>> arguments;  ///< Aligned with `calls`.

  std::vector<DataType> gathered_types(const std::vector<DataType>& stored_types) const;
  bool has_keys() const { return !sort_keys.empty(); }
};

class WindowLayout {
 public:
  /// Throws InvalidArgumentError (ValidateWindowCall) for a call the operator cannot run.
  WindowLayout(const std::vector<DataType>& child_types, const std::vector<WindowCall>& calls);

  size_t num_child_columns() const { return num_child_columns_; }
  /// Child columns, then the computed columns.
  const std::vector<DataType>& stored_types() const { return stored_types_; }
  /// Expressions of the computed columns, in column order after the child's.
  const std::vector<sql::BoundExpressionPtr>& computed() const { return computed_; }
  /// Constant argument expressions (evaluated once per query).
  const std::vector<sql::BoundExpressionPtr>& constants() const { return constants_; }
  const std::vector<WindowSortGroup>& groups() const { return groups_; }

 private:
  /// The stored column of `expression`, adding a computed column when needed.
  size_t StoredColumn(const sql::BoundExpressionPtr& expression);
  /// The gathered column of `stored` in `group`, adding it when needed.
  static size_t Gathered(WindowSortGroup* group, size_t stored);

  size_t num_child_columns_;
  std::vector<DataType> stored_types_;
  std::vector<sql::BoundExpressionPtr> computed_;
  std::vector<std::string> computed_keys_;  ///< Text + type of each computed expression.
  std::vector<sql::BoundExpressionPtr> constants_;
  std::vector<WindowSortGroup> groups_;
};

}  // namespace sluice::exec
