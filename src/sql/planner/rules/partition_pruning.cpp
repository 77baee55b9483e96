// Rule: partition pruning. A Filter directly above a Scan whose conjuncts reference
// only file constants (Hive partition columns, the file name) is evaluated once per
// file, with the file's values substituted as constants; files for which a conjunct
// is FALSE or NULL cannot hold a matching row and are dropped from the scan's source
// before any of them is opened. The Filter stays (it costs little on constant
// columns, and keeps the plan correct whatever the rule decides).

#include "exec/expression/evaluator.h"
#include "sql/planner/column_remap.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

/// Whether `expression` reads at least one column, and only file constants of `scan`.
bool OnlyFileConstants(const BoundExpression& expression, const LogicalScan& scan) {
  std::vector<bool> used;
  CollectColumns(expression, &used);
  bool any = false;
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) continue;
    if (!scan.source->IsFileConstant(scan.columns[i])) return false;
    any = true;
  }
  return any;
}

/// False only when `conjunct` is FALSE or NULL for every row of file `file`.
bool MayMatch(const BoundExpressionPtr& conjunct, const LogicalScan& scan, size_t file,
              const SessionSettings& session) {
  BoundExpressionPtr constant = RewriteColumns(conjunct, [&](const BoundExpressionPtr& node) -> BoundExpressionPtr {
    const auto& column = node->As<BoundColumnRef>();
    Value value = scan.source->FileConstant(file, scan.columns[column.index]);
    return std::make_shared<BoundConstant>(std::move(value));
  });
  if (!constant->IsFoldable()) return true;  // e.g. random(): decided per row
  try {
    Value result = exec::EvaluateConstant(*constant, session);
    return !result.is_null() && result.boolean();
  } catch (const Error&) {
    return true;  // the filter reports the error if a row reaches it
  }
}

LogicalPlanPtr PruneScan(const LogicalFilter& filter, const LogicalScan& scan, const SessionSettings& session) {
  std::vector<BoundExpressionPtr> conjuncts = {filter.predicate};
  if (filter.predicate->kind() == BoundExpressionKind::kConjunction &&
      filter.predicate->As<BoundConjunction>().conjunction == ConjunctionKind::kAnd) {
    conjuncts = filter.predicate->As<BoundConjunction>().operands;
  }
  std::vector<BoundExpressionPtr> pruning;
  for (const BoundExpressionPtr& conjunct : conjuncts) {
    if (OnlyFileConstants(*conjunct, scan)) pruning.push_back(conjunct);
  }
  if (pruning.empty()) return nullptr;
  std::vector<size_t> keep;
  for (size_t file = 0; file < scan.source->files.size(); ++file) {
    bool may_match = true;
    for (const BoundExpressionPtr& conjunct : pruning) {
      if (!MayMatch(conjunct, scan, file, session)) {
        may_match = false;
        break;
      }
    }
    if (may_match) keep.push_back(file);
  }
  if (keep.size() == scan.source->files.size()) return nullptr;
  return std::make_shared<LogicalScan>(scan.source->WithFiles(keep), scan.columns, scan.pushed_predicates);
}

}  // namespace

LogicalPlanPtr PrunePartitions(const LogicalPlanPtr& plan, const SessionSettings& session) {
  if (plan->children().size() != 1) {
    return MapChildren(plan, [&](const LogicalPlanPtr& child) { return PrunePartitions(child, session); });
  }
  LogicalPlanPtr child = PrunePartitions(plan->child(), session);
  if (plan->kind() == LogicalKind::kFilter && child->kind() == LogicalKind::kScan) {
    if (LogicalPlanPtr pruned = PruneScan(plan->As<LogicalFilter>(), child->As<LogicalScan>(), session)) {
      child = pruned;
    }
  }
  return child == plan->child() ? plan : WithChild(*plan, child);
}

}  // namespace sluice::sql
