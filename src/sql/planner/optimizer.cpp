#include "sql/planner/optimizer.h"

namespace sluice::sql {

LogicalPlanPtr Optimize(const LogicalPlanPtr& plan, const SessionSettings& session) {
  // Filters first: they name scan columns by the positions the binder gave them,
  // before projection pushdown renumbers the scans' outputs.
  LogicalPlanPtr optimized = FoldConstants(plan, session);
  optimized = PushPredicatesDown(optimized);
  optimized = PrunePartitions(optimized, session);
  optimized = ListPartitionFiles(optimized);
  optimized = OrderJoins(optimized);
  optimized = PushFiltersIntoScans(optimized, session);
  optimized = PushProjectionsIntoScans(optimized);
  return SortLimitToTopN(optimized);
}

}  // namespace sluice::sql
