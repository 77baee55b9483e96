// Rule: Limit(Sort(x)) → TopN(x), so ORDER BY … LIMIT n keeps n rows per thread
// instead of sorting everything.

#include "sql/planner/optimizer.h"

namespace sluice::sql {

LogicalPlanPtr SortLimitToTopN(const LogicalPlanPtr& plan) {
  if (plan->children().size() != 1) return MapChildren(plan, SortLimitToTopN);
  LogicalPlanPtr child = SortLimitToTopN(plan->child());
  if (plan->kind() == LogicalKind::kLimit && child->kind() == LogicalKind::kSort) {
    const auto& limit = plan->As<LogicalLimit>();
    if (limit.limit != LogicalLimit::kNoLimit) {
      return std::make_shared<LogicalTopN>(child->child(), child->As<LogicalSort>().keys, limit.limit,
                                           limit.offset);
    }
  }
  return child == plan->child() ? plan : WithChild(*plan, child);
}

}  // namespace sluice::sql
