#pragma once
// Logical plan → physical plan: one physical operator per logical node (choosing the
// grouped or ungrouped aggregate, sort or top-N), under a result collector.

#include "exec/operators/result_collector.h"
#include "sql/planner/logical_plan.h"

namespace sluice::exec {

/// The physical operator tree computing `plan`.
PhysicalPlanPtr CreatePhysicalOperator(const sql::LogicalNode& plan);
/// The whole query: `plan` under a PhysicalResultCollector.
std::unique_ptr<PhysicalResultCollector> CreatePhysicalPlan(const sql::LogicalNode& plan);

}  // namespace sluice::exec
