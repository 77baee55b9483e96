#pragma once
// Picks the algorithm of a logical join: a hash join on the equality conjuncts of its
// condition (the rest becomes the residual), else a range join on up to two
// inequalities between the sides (IEJoin for two), else a nested-loop join (cross
// joins and arbitrary conditions).

#include "exec/pipeline/physical_operator.h"
#include "sql/planner/logical_plan.h"

namespace sluice::exec {

PhysicalPlanPtr CreatePhysicalJoin(const sql::LogicalJoin& join, PhysicalPlanPtr left, PhysicalPlanPtr right);

}  // namespace sluice::exec
