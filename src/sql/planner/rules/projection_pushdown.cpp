// Rule: every scan reads only the columns that some operator above it uses. Walks the
// plan top-down with the set of columns the parent needs; nodes that pass their
// child's columns through (Filter, Sort, TopN, Limit) renumber their own column
// references after the child shrank.

#include "sql/planner/column_remap.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

struct Pruned {
  LogicalPlanPtr plan;
  std::vector<size_t> mapping;  ///< Old output column → new one (SIZE_MAX: dropped).
};

std::vector<size_t> Identity(size_t n) {
  std::vector<size_t> mapping(n);
  for (size_t i = 0; i < n; ++i) mapping[i] = i;
  return mapping;
}

std::vector<exec::SortKey> RemapKeys(std::vector<exec::SortKey> keys, const std::vector<size_t>& mapping) {
  for (exec::SortKey& key : keys) key.column = mapping[key.column];
  return keys;
}

Pruned Prune(const LogicalPlanPtr& plan, std::vector<bool> required) {
  required.resize(plan->output().num_fields());
  switch (plan->kind()) {
    case LogicalKind::kScan: {
      const auto& scan = plan->As<LogicalScan>();
      std::vector<size_t> columns;
      std::vector<size_t> mapping(scan.columns.size(), SIZE_MAX);
      for (size_t i = 0; i < scan.columns.size(); ++i) {
        if (!required[i]) continue;
        mapping[i] = columns.size();
        columns.push_back(scan.columns[i]);
      }
      if (columns.size() == scan.columns.size()) return {plan, mapping};
      return {std::make_shared<LogicalScan>(scan.source, columns, scan.pushed_predicates), mapping};
    }
    case LogicalKind::kFilter: {
      const auto& filter = plan->As<LogicalFilter>();
      CollectColumns(*filter.predicate, &required);
      Pruned child = Prune(plan->child(), required);
      return {std::make_shared<LogicalFilter>(child.plan, RemapColumns(filter.predicate, child.mapping)),
              child.mapping};
    }
    case LogicalKind::kProject: {
      // Only the expressions some parent needs survive (a projection that restores a
      // join's column order lists every column; most are not needed above).
      const auto& project = plan->As<LogicalProject>();
      std::vector<bool> used;
      for (size_t i = 0; i < project.expressions.size(); ++i) {
        if (required[i]) CollectColumns(*project.expressions[i], &used);
      }
      Pruned child = Prune(plan->child(), used);
      std::vector<BoundExpressionPtr> expressions;
      std::vector<std::string> names;
      std::vector<size_t> mapping(project.expressions.size(), SIZE_MAX);
      for (size_t i = 0; i < project.expressions.size(); ++i) {
        if (!required[i]) continue;
        mapping[i] = expressions.size();
        expressions.push_back(RemapColumns(project.expressions[i], child.mapping));
        names.push_back(project.output().field(i).name);
      }
      return {std::make_shared<LogicalProject>(child.plan, expressions, names), mapping};
    }
    case LogicalKind::kAggregate: {
      const auto& aggregate = plan->As<LogicalAggregate>();
      std::vector<bool> used;
      for (const BoundExpressionPtr& e : aggregate.groups) CollectColumns(*e, &used);
      for (const AggregateCall& call : aggregate.aggregates) {
        for (const BoundExpressionPtr& e : call.arguments) CollectColumns(*e, &used);
      }
      Pruned child = Prune(plan->child(), used);
      std::vector<BoundExpressionPtr> groups;
      for (const BoundExpressionPtr& e : aggregate.groups) groups.push_back(RemapColumns(e, child.mapping));
      std::vector<AggregateCall> calls = aggregate.aggregates;
      for (AggregateCall& call : calls) {
        for (BoundExpressionPtr& e : call.arguments) e = RemapColumns(e, child.mapping);
      }
      return {std::make_shared<LogicalAggregate>(child.plan, groups, calls, aggregate.output()),
              Identity(aggregate.output().num_fields())};
    }
    case LogicalKind::kSort:
    case LogicalKind::kTopN:
    case LogicalKind::kLimit: {
      const std::vector<exec::SortKey>* keys = nullptr;
      if (plan->kind() == LogicalKind::kSort) keys = &plan->As<LogicalSort>().keys;
      if (plan->kind() == LogicalKind::kTopN) keys = &plan->As<LogicalTopN>().keys;
      if (keys) {
        for (const exec::SortKey& key : *keys) required[key.column] = true;
      }
      Pruned child = Prune(plan->child(), required);
      if (plan->kind() == LogicalKind::kSort) {
        return {std::make_shared<LogicalSort>(child.plan, RemapKeys(*keys, child.mapping)), child.mapping};
      }
      if (plan->kind() == LogicalKind::kTopN) {
        const auto& top = plan->As<LogicalTopN>();
        return {std::make_shared<LogicalTopN>(child.plan, RemapKeys(*keys, child.mapping), top.limit, top.offset),
                child.mapping};
      }
      return {WithChild(*plan, child.plan), child.mapping};
    }
    case LogicalKind::kJoin: {
      const auto& join = plan->As<LogicalJoin>();
      size_t left_width = join.children()[0]->output().num_fields();
      size_t right_width = join.children()[1]->output().num_fields();
      std::vector<bool> all = required;
      all.resize(left_width + right_width);
      if (join.condition) CollectColumns(*join.condition, &all);
      std::vector<bool> left_required(all.begin(), all.begin() + left_width);
      std::vector<bool> right_required(all.begin() + left_width, all.end());
      Pruned left = Prune(join.children()[0], left_required);
      Pruned right = Prune(join.children()[1], right_required);
      size_t new_left_width = left.plan->output().num_fields();
      std::vector<size_t> combined = left.mapping;
      for (size_t m : right.mapping) combined.push_back(m == SIZE_MAX ? SIZE_MAX : new_left_width + m);
      BoundExpressionPtr condition = join.condition ? RemapColumns(join.condition, combined) : nullptr;
      auto rebuilt = std::make_shared<LogicalJoin>(left.plan, right.plan, join.type, condition, join.null_aware);
      std::vector<size_t> mapping;
      switch (join.type) {
        case exec::JoinType::kSemi:
        case exec::JoinType::kAnti: mapping = left.mapping; break;
        case exec::JoinType::kMark:
          mapping = left.mapping;
          mapping.push_back(new_left_width);
          break;
        default: mapping = combined;
      }
      return {rebuilt, mapping};
    }
    case LogicalKind::kValues: return {plan, Identity(plan->output().num_fields())};
    case LogicalKind::kWindow: {
      const auto& window = plan->As<LogicalWindow>();
      size_t child_width = plan->child()->output().num_fields();
      std::vector<bool> used(required.begin(), required.begin() + static_cast<std::ptrdiff_t>(child_width));
      for (const exec::WindowCall& call : window.calls) {
        MapWindowCall(call, [&](const BoundExpressionPtr& e) {
          CollectColumns(*e, &used);
          return e;
        });
      }
      Pruned child = Prune(plan->child(), used);
      std::vector<exec::WindowCall> calls;
      for (const exec::WindowCall& call : window.calls) {
        calls.push_back(MapWindowCall(call, [&](const BoundExpressionPtr& e) { return RemapColumns(e, child.mapping); }));
      }
      std::vector<size_t> mapping = child.mapping;
      size_t new_width = child.plan->output().num_fields();
      for (size_t i = 0; i < calls.size(); ++i) mapping.push_back(new_width + i);
      return {std::make_shared<LogicalWindow>(child.plan, calls), mapping};
    }
    case LogicalKind::kUnion: {
      // Every input keeps the same columns: those required above.
      std::vector<LogicalPlanPtr> children;
      std::vector<size_t> mapping;
      for (const LogicalPlanPtr& child : plan->children()) {
        Pruned pruned = Prune(child, required);
        std::vector<BoundExpressionPtr> expressions;
        std::vector<std::string> names;
        mapping.assign(required.size(), SIZE_MAX);
        for (size_t i = 0; i < required.size(); ++i) {
          if (!required[i]) continue;
          mapping[i] = expressions.size();
          const Field& field = child->output().field(i);
          expressions.push_back(std::make_shared<BoundColumnRef>(pruned.mapping[i], field.type, field.name));
          names.push_back(field.name);
        }
        if (expressions.empty()) {  // keep one column so rows still count
          mapping[0] = 0;
          const Field& field = child->output().field(0);
          expressions.push_back(std::make_shared<BoundColumnRef>(0, field.type, field.name));
          names.push_back(field.name);
          pruned = Prune(child, std::vector<bool>{true});
        }
        children.push_back(std::make_shared<LogicalProject>(pruned.plan, expressions, names));
      }
      return {std::make_shared<LogicalUnion>(children), mapping};
    }
  }
  SLUICE_ASSERT(false, "every logical node is pruned");
  return {};
}

}  // namespace

LogicalPlanPtr PushProjectionsIntoScans(const LogicalPlanPtr& plan) {
  std::vector<bool> all(plan->output().num_fields(), true);
  return Prune(plan, all).plan;
}

}  // namespace sluice::sql
