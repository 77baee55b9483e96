#pragma once
// Column bookkeeping for plan rewrites: which input columns an expression reads, and
// the same expression over renumbered columns.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sql/expression/bound_expression.h"

namespace sluice::sql {

/// Marks in `used` (grown as needed) every column index `expression` references.
void CollectColumns(const BoundExpression& expression, std::vector<bool>* used);

/// `expression` with every column reference i replaced by mapping[i] (which must not
/// be SIZE_MAX). Unchanged subtrees are shared, not copied.
BoundExpressionPtr RemapColumns(const BoundExpressionPtr& expression, const std::vector<size_t>& mapping);

/// `expression` with every column reference i replaced by i + delta.
BoundExpressionPtr ShiftColumns(const BoundExpressionPtr& expression, int64_t delta);

/// Called with each BoundColumnRef node; returns its replacement (or the node itself).
using ColumnRewriter = std::function<BoundExpressionPtr(const BoundExpressionPtr& column_ref)>;
/// `expression` with every column reference replaced by `rewrite`'s answer.
BoundExpressionPtr RewriteColumns(const BoundExpressionPtr& expression, const ColumnRewriter& rewrite);

/// Called top-down with each node; returns its replacement, or null to keep the node
/// and visit its children.
using ExpressionRewriter = std::function<BoundExpressionPtr(const BoundExpressionPtr& node)>;
/// `expression` rewritten by `rewrite` (unchanged subtrees are shared).
BoundExpressionPtr RewriteExpression(const BoundExpressionPtr& expression, const ExpressionRewriter& rewrite);

}  // namespace sluice::sql
