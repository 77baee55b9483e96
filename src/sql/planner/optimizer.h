#pragma once
// The optimizer: a fixed sequence of rewrite rules over logical plans, one rule per
// file in sql/planner/rules/. Each rule takes a plan and returns an equivalent one
// (sharing unchanged subtrees).

#include "sql/expression/kernel.h"
#include "sql/planner/logical_plan.h"

namespace sluice::sql {

/// Filter(Scan of Parquet): conjuncts `column op constant` and `column IS [NOT] NULL`
/// become the scan's ColumnPredicates (row-group and page skipping). The filter stays:
/// predicates are hints.
LogicalPlanPtr PushFiltersIntoScans(const LogicalPlanPtr& plan, const SessionSettings& session);
/// Filter(Scan): conjuncts over only partition columns and the file name drop the
/// files they rule out from the scan's source (partition_pruning.cpp).
LogicalPlanPtr PrunePartitions(const LogicalPlanPtr& plan, const SessionSettings& session);
/// Scans of catalog tables get the data files of their partitions left after pruning
/// (list_partition_files.cpp).
LogicalPlanPtr ListPartitionFiles(const LogicalPlanPtr& plan);
/// Scans read only the columns some operator above needs.
LogicalPlanPtr PushProjectionsIntoScans(const LogicalPlanPtr& plan);
/// Limit(Sort(x)) with a limit → TopN(x).
LogicalPlanPtr SortLimitToTopN(const LogicalPlanPtr& plan);

/// Filters move down to the lowest node that has their columns; conjuncts over both
/// sides of an inner join join its condition; outer joins whose NULL rows a filter
/// rejects become inner (predicate_pushdown.cpp).
LogicalPlanPtr PushPredicatesDown(const LogicalPlanPtr& plan);
/// Trees of inner joins are rebuilt greedily from cardinality estimates, the smaller
/// side of each join building (join_order.cpp).
LogicalPlanPtr OrderJoins(const LogicalPlanPtr& plan);
/// The optimizer's estimate of the rows `plan` produces.
double EstimateRows(const LogicalNode& plan);
/// Foldable subexpressions become constants computed at plan time (constant_folding.cpp).
LogicalPlanPtr FoldConstants(const LogicalPlanPtr& plan, const SessionSettings& session);
/// Every rule, in order.
LogicalPlanPtr Optimize(const LogicalPlanPtr& plan, const SessionSettings& session);

}  // namespace sluice::sql
