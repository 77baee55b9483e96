// Rule: partition pruning. A Filter directly above a Scan whose conjuncts reference
// only file constants (Hive partition columns, the file name) is evaluated once per
// file, with the file's values substituted as constants; files for which a conjunct
// is FALSE or NULL cannot hold a matching row and are dropped from the scan's source
// before any of them is opened. The Filter stays (it costs little on constant
// columns, and keeps the plan correct whatever the rule decides).
//
// Catalog tables arrive with their partitions pending (TableSource::pending: values
// from the catalog, folders not listed yet). Their conjuncts are evaluated over the
// partitions' values a chunk of 2048 partitions at a time — one vectorized Select
// instead of a folded expression per partition, so 10,000 partitions prune in well
// under a millisecond — and only the partitions left are listed afterwards
// (rules/list_partition_files.cpp).

#include <algorithm>

#include "exec/expression/evaluator.h"
#include "sql/expression/expression_builder.h"
#include "sql/planner/column_remap.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

/// Whether `expression` reads at least one column, and only file constants of `scan`
/// (only partition columns while the partitions are pending: file names are not
/// known before listing).
bool OnlyFileConstants(const BoundExpression& expression, const LogicalScan& scan) {
  std::vector<bool> used;
  CollectColumns(expression, &used);
  const TableSource& source = *scan.source;
  bool any = false;
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) continue;
    size_t column = scan.columns[i];
    if (!source.IsFileConstant(column)) return false;
    if (source.pending && column >= source.num_data_columns + source.num_partition_columns) return false;
    any = true;
  }
  return any;
}

/// False only when `conjunct` is FALSE or NULL for every row whose file constants are
/// `constant(column)` (column: an index into the scan's source schema).
template <class ConstantOf>
bool MayMatch(const BoundExpressionPtr& conjunct, const LogicalScan& scan, const ConstantOf& constant_of,
              const SessionSettings& session) {
  BoundExpressionPtr constant = RewriteColumns(conjunct, [&](const BoundExpressionPtr& node) -> BoundExpressionPtr {
    const auto& column = node->As<BoundColumnRef>();
    return std::make_shared<BoundConstant>(constant_of(scan.columns[column.index]));
  });
  if (!constant->IsFoldable()) return true;  // e.g. random(): decided per row
  try {
    Value result = exec::EvaluateConstant(*constant, session);
    return !result.is_null() && result.boolean();
  } catch (const Error&) {
    return true;  // the filter reports the error if a row reaches it
  }
}

/// Whether `predicate` gives the same result for the same column values every time
/// (no random(), no parameters): only then may it drop partitions.
bool IsDeterministic(const BoundExpressionPtr& predicate) {
  return RewriteColumns(predicate, [](const BoundExpressionPtr& node) -> BoundExpressionPtr {
           return std::make_shared<BoundConstant>(Value::Null(node->type()));
         })->IsFoldable();
}

/// The indices of the pending partitions of `scan` for which `predicate` (over the
/// scan's output columns, reading partition columns only) may be TRUE: the partition
/// values are written into chunks and the predicate selects over them. A chunk whose
/// evaluation fails (a cast of some partition's value) is decided partition by
/// partition, keeping those that fail (the filter reports the error if a row of
/// theirs reaches it).
std::vector<size_t> MatchingPartitions(const BoundExpressionPtr& predicate, const LogicalScan& scan,
                                       const SessionSettings& session) {
  const TableSource& source = *scan.source;
  const std::vector<PendingPartition>& partitions = source.pending->partitions;
  std::vector<bool> used;
  CollectColumns(*predicate, &used);
  std::vector<DataType> types;
  for (size_t column : scan.columns) types.push_back(source.schema.field(column).type);
  exec::ExpressionEvaluator evaluator(predicate, session);
  Chunk chunk(types);
  SelectionVector selected;
  std::vector<size_t> keep;
  for (size_t begin = 0; begin < partitions.size(); begin += kChunkCapacity) {
    size_t count = std::min(kChunkCapacity, partitions.size() - begin);
    chunk.Reset();
    for (size_t i = 0; i < used.size(); ++i) {
      if (!used[i]) continue;
      size_t key = scan.columns[i] - source.num_data_columns;
      for (size_t r = 0; r < count; ++r) partitions[begin + r].values[key].WriteTo(&chunk.column(i), r);
    }
    chunk.set_size(count);
    try {
      size_t matched = evaluator.Select(chunk, nullptr, count, &selected);
      for (size_t j = 0; j < matched; ++j) keep.push_back(begin + selected[j]);
    } catch (const Error&) {
      for (size_t r = 0; r < count; ++r) {
        const PendingPartition& partition = partitions[begin + r];
        auto constant_of = [&](size_t column) { return partition.values.at(column - source.num_data_columns); };
        if (MayMatch(predicate, scan, constant_of, session)) keep.push_back(begin + r);
      }
    }
  }
  return keep;
}

LogicalPlanPtr PrunePendingPartitions(const std::vector<BoundExpressionPtr>& pruning, const LogicalScan& scan,
                                      const SessionSettings& session) {
  BoundExpressionPtr predicate = pruning.size() == 1 ? pruning[0] : MakeAnd(pruning);
  if (!IsDeterministic(predicate)) return nullptr;
  std::vector<size_t> keep = MatchingPartitions(predicate, scan, session);
  if (keep.size() == scan.source->pending->partitions.size()) return nullptr;
  return std::make_shared<LogicalScan>(scan.source->WithPendingPartitions(keep), scan.columns,
                                       scan.pushed_predicates);
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
  if (scan.source->pending) return PrunePendingPartitions(pruning, scan, session);
  std::vector<size_t> keep;
  for (size_t file = 0; file < scan.source->files.size(); ++file) {
    bool may_match = true;
    auto constant_of = [&](size_t column) { return scan.source->FileConstant(file, column); };
    for (const BoundExpressionPtr& conjunct : pruning) {
      if (!MayMatch(conjunct, scan, constant_of, session)) {
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
