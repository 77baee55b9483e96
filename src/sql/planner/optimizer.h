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
/// Scans read only the columns some operator above needs.
LogicalPlanPtr PushProjectionsIntoScans(const LogicalPlanPtr& plan);
/// Limit(Sort(x)) with a limit → TopN(x).
LogicalPlanPtr SortLimitToTopN(const LogicalPlanPtr& plan);

/// Every rule, in order.
LogicalPlanPtr Optimize(const LogicalPlanPtr& plan, const SessionSettings& session);

}  // namespace sluice::sql
