#include "exec/pipeline/physical_planner.h"

#include "exec/operators/filter_projection.h"
#include "exec/operators/values.h"
#include "exec/operators/window.h"
#include "exec/pipeline/join_planner.h"
#include "exec/operators/hash_aggregate.h"
#include "exec/operators/limit.h"
#include "exec/operators/order_by.h"
#include "exec/operators/table_scan.h"
#include "exec/operators/ungrouped_aggregate.h"

namespace sluice::exec {

PhysicalPlanPtr CreatePhysicalOperator(const sql::LogicalNode& plan) {
  using sql::LogicalKind;
  if (plan.kind() == LogicalKind::kScan) {
    const auto& scan = plan.As<sql::LogicalScan>();
    return std::make_unique<PhysicalTableScan>(scan.source, scan.columns, scan.pushed_predicates);
  }
  if (plan.kind() == LogicalKind::kValues) {
    return std::make_unique<PhysicalValues>(plan.output().types(), plan.As<sql::LogicalValues>().rows);
  }
  if (plan.kind() == LogicalKind::kJoin) {
    return CreatePhysicalJoin(plan.As<sql::LogicalJoin>(), CreatePhysicalOperator(*plan.children()[0]),
                              CreatePhysicalOperator(*plan.children()[1]));
  }
  if (plan.kind() == LogicalKind::kUnion) {
    std::vector<PhysicalPlanPtr> children;
    for (const sql::LogicalPlanPtr& child : plan.children()) children.push_back(CreatePhysicalOperator(*child));
    return std::make_unique<PhysicalUnionAll>(std::move(children));
  }
  PhysicalPlanPtr child = CreatePhysicalOperator(*plan.child());
  switch (plan.kind()) {
    case LogicalKind::kFilter:
      return std::make_unique<PhysicalFilter>(std::move(child), plan.As<sql::LogicalFilter>().predicate);
    case LogicalKind::kProject:
      return std::make_unique<PhysicalProjection>(std::move(child), plan.As<sql::LogicalProject>().expressions);
    case LogicalKind::kAggregate: {
      const auto& aggregate = plan.As<sql::LogicalAggregate>();
      if (aggregate.groups.empty()) {
        return std::make_unique<PhysicalUngroupedAggregate>(std::move(child), aggregate.aggregates);
      }
      return std::make_unique<PhysicalHashAggregate>(std::move(child), aggregate.groups, aggregate.aggregates,
                                                     plan.output().types());
    }
    case LogicalKind::kSort:
      return std::make_unique<PhysicalOrderBy>(std::move(child), plan.As<sql::LogicalSort>().keys);
    case LogicalKind::kTopN: {
      const auto& top = plan.As<sql::LogicalTopN>();
      return std::make_unique<PhysicalOrderBy>(std::move(child), top.keys, top.limit, top.offset);
    }
    case LogicalKind::kLimit: {
      const auto& limit = plan.As<sql::LogicalLimit>();
      return std::make_unique<PhysicalLimit>(std::move(child), limit.limit, limit.offset);
    }
    case LogicalKind::kWindow:
      return std::make_unique<PhysicalWindow>(std::move(child), plan.As<sql::LogicalWindow>().calls);
    case LogicalKind::kScan:
    case LogicalKind::kJoin:
    case LogicalKind::kValues:
    case LogicalKind::kUnion: break;
  }
  SLUICE_ASSERT(false, "every logical node has a physical operator");
  return nullptr;
}

std::unique_ptr<PhysicalResultCollector> CreatePhysicalPlan(const sql::LogicalNode& plan) {
  return std::make_unique<PhysicalResultCollector>(CreatePhysicalOperator(plan));
}

}  // namespace sluice::exec
