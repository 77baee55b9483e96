// Rule: join order from cardinality estimates.
//
// A tree of inner joins (what `FROM a, b, c WHERE …` becomes after predicate pushdown)
// is flattened into its relations and the conjuncts of its conditions, then rebuilt
// greedily (GOO, "Greedy Operator Ordering"): repeatedly join the two connected
// subplans whose join is estimated smallest, with the smaller one as the build
// (right) side of the hash join. Cross products are taken only when nothing is
// connected. A projection on top restores the original column order.
//
// Estimates: a scan has its source's row count; each filter conjunct keeps a fixed
// fraction (equality 10%, range 30%, LIKE 25%, other 50%); a group-by keeps 20% (one
// row without groups). A join on equality keys has |L|·|R| / d rows, d being the
// largest over its key pairs of the smaller "domain" of the two key columns — the
// unfiltered row count of the relation a column comes from (for primary key–foreign
// key joins, the key's table size).

#include <algorithm>
#include <cmath>

#include "formats/parquet/reader.h"

#include "sql/binder/subquery_planner.h"
#include "sql/planner/column_remap.h"
#include "sql/planner/optimizer.h"

namespace sluice::sql {
namespace {

double FilterSelectivity(const BoundExpression& conjunct) {
  switch (conjunct.kind()) {
    case BoundExpressionKind::kComparison:
      switch (conjunct.As<BoundComparison>().op) {
        case ComparisonOperator::kEqual:
        case ComparisonOperator::kNotDistinctFrom: return 0.1;
        case ComparisonOperator::kNotEqual:
        case ComparisonOperator::kDistinctFrom: return 0.9;
        default: return 0.3;
      }
    case BoundExpressionKind::kInList: {
      const auto& in = conjunct.As<BoundInList>();
      return in.negated ? 0.9 : std::min(0.5, 0.1 * static_cast<double>(in.list.size()));
    }
    case BoundExpressionKind::kFunctionCall: {
      const std::string& name = conjunct.As<BoundFunctionCall>().function->name;
      if (name.find("like") != std::string::npos) return 0.25;
      return 0.5;
    }
    case BoundExpressionKind::kConjunction:
      return conjunct.As<BoundConjunction>().conjunction == ConjunctionKind::kOr ? 0.6 : 0.3;
    default: return 0.5;
  }
}

}  // namespace

double EstimateRows(const LogicalNode& plan) {
  switch (plan.kind()) {
    case LogicalKind::kScan: return std::max<double>(1, static_cast<double>(plan.As<LogicalScan>().source->estimated_rows));
    case LogicalKind::kValues: return static_cast<double>(plan.As<LogicalValues>().rows.size());
    case LogicalKind::kFilter: {
      std::vector<BoundExpressionPtr> conjuncts;
      const BoundExpressionPtr& p = plan.As<LogicalFilter>().predicate;
      if (p->kind() == BoundExpressionKind::kConjunction && p->As<BoundConjunction>().conjunction == ConjunctionKind::kAnd) {
        conjuncts = p->As<BoundConjunction>().operands;
      } else {
        conjuncts.push_back(p);
      }
      double rows = EstimateRows(*plan.child());
      for (const BoundExpressionPtr& c : conjuncts) rows *= FilterSelectivity(*c);
      return std::max(1.0, rows);
    }
    case LogicalKind::kAggregate:
      if (plan.As<LogicalAggregate>().groups.empty()) return 1;
      return std::max(1.0, EstimateRows(*plan.child()) * 0.2);
    case LogicalKind::kTopN: return std::min<double>(EstimateRows(*plan.child()), plan.As<LogicalTopN>().limit);
    case LogicalKind::kLimit: return std::min<double>(EstimateRows(*plan.child()), plan.As<LogicalLimit>().limit);
    case LogicalKind::kUnion: {
      double rows = 0;
      for (const LogicalPlanPtr& child : plan.children()) rows += EstimateRows(*child);
      return rows;
    }
    case LogicalKind::kJoin: {
      const auto& join = plan.As<LogicalJoin>();
      double left = EstimateRows(*join.children()[0]);
      double right = EstimateRows(*join.children()[1]);
      switch (join.type) {
        case exec::JoinType::kSemi:
        case exec::JoinType::kAnti: return std::max(1.0, left * 0.5);
        case exec::JoinType::kMark:
        case exec::JoinType::kSingle:
        case exec::JoinType::kLeft: return left;
        case exec::JoinType::kRight: return right;
        case exec::JoinType::kFull: return left + right;
        case exec::JoinType::kInner:
          if (!join.condition) return left * right;
          return std::max(left, right);
      }
      return left;
    }
    case LogicalKind::kProject:
    case LogicalKind::kWindow:
    case LogicalKind::kSort: return EstimateRows(*plan.child());
  }
  return 1;
}

namespace {

/// An upper bound on the distinct values of integer-like `column` of a Parquet scan:
/// max - min + 1 over the row groups' statistics (a foreign key such as nationkey has
/// 25 values whatever its table's size). Nullopt without usable statistics.
std::optional<double> DistinctBound(const TableSource& source, size_t column) {
  if (source.format != TableFormat::kParquet || column >= source.num_data_columns) return std::nullopt;
  const Field& field = source.schema.field(column);
  switch (field.type.id()) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDate: break;
    default: return std::nullopt;
  }
  __int128 low = 0;
  __int128 high = 0;
  bool any = false;
  try {
    for (size_t f = 0; f < source.files.size() && f < 16; ++f) {
      std::shared_ptr<parquet::ParquetFile> file = parquet::ParquetFile::Open(source.files[f].path);
      int top = file->schema().FindColumn(field.name);
      if (top < 0 || file->schema().columns[static_cast<size_t>(top)].leaves.size() != 1) return std::nullopt;
      size_t leaf = file->schema().columns[static_cast<size_t>(top)].leaves[0];
      for (size_t rg = 0; rg < file->metadata().row_groups.size(); ++rg) {
        parquet::ValueRange range = file->ColumnStatistics(rg, leaf);
        if (!range.min || !range.max || range.min->is_null || range.max->is_null) return std::nullopt;
        if (!any || range.min->integer < low) low = range.min->integer;
        if (!any || range.max->integer > high) high = range.max->integer;
        any = true;
      }
    }
  } catch (const Error&) {
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return static_cast<double>(high - low) + 1;
}

/// A subplan of the join graph being built: its plan, the global column ids of its
/// output in order, its estimated rows, and the relations it covers (bit set).
struct Component {
  LogicalPlanPtr plan;
  std::vector<size_t> ids;
  double rows = 1;
  uint64_t relations = 0;
};

struct JoinGraph {
  std::vector<Component> relations;
  std::vector<BoundExpressionPtr> conjuncts;  ///< Over global column ids.
  std::vector<double> domain;                 ///< Per global column id.
  size_t num_ids = 0;
};

bool IsInnerJoin(const LogicalNode& plan) {
  return plan.kind() == LogicalKind::kJoin && plan.As<LogicalJoin>().type == exec::JoinType::kInner;
}

LogicalPlanPtr Reorder(const LogicalPlanPtr& plan);

/// Adds `plan`'s relations to `graph`; returns the global ids of its output columns.
std::vector<size_t> Flatten(const LogicalPlanPtr& plan, JoinGraph* graph) {
  if (!IsInnerJoin(*plan) || graph->relations.size() >= 60) {
    Component relation;
    relation.plan = Reorder(plan);
    relation.rows = EstimateRows(*relation.plan);
    double domain = relation.rows;
    // The unfiltered size of a filtered scan bounds its columns' domains; so do the
    // Parquet statistics of integer columns.
    const LogicalNode* base = relation.plan.get();
    while (base->kind() == LogicalKind::kFilter) base = base->child().get();
    const LogicalScan* scan = base->kind() == LogicalKind::kScan ? &base->As<LogicalScan>() : nullptr;
    if (scan != nullptr) domain = EstimateRows(*base);
    for (size_t i = 0; i < plan->output().num_fields(); ++i) {
      relation.ids.push_back(graph->num_ids++);
      double column_domain = domain;
      if (scan != nullptr && i < scan->columns.size()) {
        if (std::optional<double> bound = DistinctBound(*scan->source, scan->columns[i])) {
          column_domain = std::max(1.0, std::min(column_domain, *bound));
        }
      }
      graph->domain.push_back(column_domain);
    }
    relation.relations = uint64_t{1} << graph->relations.size();
    graph->relations.push_back(relation);
    return graph->relations.back().ids;
  }
  const auto& join = plan->As<LogicalJoin>();
  std::vector<size_t> ids = Flatten(join.children()[0], graph);
  std::vector<size_t> right = Flatten(join.children()[1], graph);
  ids.insert(ids.end(), right.begin(), right.end());
  if (join.condition) {
    std::vector<BoundExpressionPtr> conjuncts;
    const BoundExpressionPtr& c = join.condition;
    if (c->kind() == BoundExpressionKind::kConjunction && c->As<BoundConjunction>().conjunction == ConjunctionKind::kAnd) {
      conjuncts = c->As<BoundConjunction>().operands;
    } else {
      conjuncts.push_back(c);
    }
    for (const BoundExpressionPtr& conjunct : conjuncts) graph->conjuncts.push_back(RemapColumns(conjunct, ids));
  }
  return ids;
}

uint64_t RelationsOf(const BoundExpression& conjunct, const JoinGraph& graph, const std::vector<uint64_t>& owner) {
  std::vector<bool> used;
  CollectColumns(conjunct, &used);
  uint64_t relations = 0;
  for (size_t i = 0; i < used.size(); ++i) {
    if (used[i]) relations |= owner[i];
  }
  (void)graph;
  return relations;
}

/// Estimated rows of joining `a` and `b` with `conjuncts` (global ids).
double JoinRows(const Component& a, const Component& b, const std::vector<const BoundExpression*>& conjuncts,
                const JoinGraph& graph) {
  double divisor = 1;
  double other = 1;
  for (const BoundExpression* conjunct : conjuncts) {
    if (conjunct->kind() == BoundExpressionKind::kComparison &&
        conjunct->As<BoundComparison>().op == ComparisonOperator::kEqual &&
        conjunct->As<BoundComparison>().left->kind() == BoundExpressionKind::kColumnRef &&
        conjunct->As<BoundComparison>().right->kind() == BoundExpressionKind::kColumnRef) {
      size_t l = conjunct->As<BoundComparison>().left->As<BoundColumnRef>().index;
      size_t r = conjunct->As<BoundComparison>().right->As<BoundColumnRef>().index;
      divisor = std::max(divisor, std::min(graph.domain[l], graph.domain[r]));
    } else if (conjunct->kind() == BoundExpressionKind::kComparison &&
               conjunct->As<BoundComparison>().op == ComparisonOperator::kEqual) {
      divisor = std::max(divisor, std::min(a.rows, b.rows));
    } else {
      other *= 0.3;
    }
  }
  return std::max(1.0, a.rows * b.rows / divisor * other);
}

LogicalPlanPtr Build(JoinGraph graph, const std::vector<size_t>& original_ids, const Schema& original) {
  std::vector<Component> components = graph.relations;
  std::vector<uint64_t> owner(graph.num_ids, 0);
  for (const Component& c : components) {
    for (size_t id : c.ids) owner[id] = c.relations;
  }
  std::vector<uint64_t> conjunct_relations;
  for (const BoundExpressionPtr& c : graph.conjuncts) conjunct_relations.push_back(RelationsOf(*c, graph, owner));
  std::vector<bool> used(graph.conjuncts.size(), false);

  while (components.size() > 1) {
    size_t best_a = 0;
    size_t best_b = 1;
    double best_rows = -1;
    bool best_connected = false;
    for (size_t a = 0; a < components.size(); ++a) {
      for (size_t b = a + 1; b < components.size(); ++b) {
        uint64_t both = components[a].relations | components[b].relations;
        std::vector<const BoundExpression*> conjuncts;
        for (size_t i = 0; i < graph.conjuncts.size(); ++i) {
          uint64_t r = conjunct_relations[i];
          if (used[i] || (r & ~both) != 0) continue;
          if ((r & components[a].relations) && (r & components[b].relations)) conjuncts.push_back(graph.conjuncts[i].get());
        }
        bool connected = !conjuncts.empty();
        if (best_connected && !connected) continue;
        double rows = JoinRows(components[a], components[b], conjuncts, graph);
        if ((connected && !best_connected) || best_rows < 0 || rows < best_rows) {
          best_a = a;
          best_b = b;
          best_rows = rows;
          best_connected = connected;
        }
      }
    }
    Component a = components[best_a];
    Component b = components[best_b];
    if (b.rows > a.rows) std::swap(a, b);  // the smaller side builds
    Component joined;
    joined.relations = a.relations | b.relations;
    joined.ids = a.ids;
    joined.ids.insert(joined.ids.end(), b.ids.begin(), b.ids.end());
    joined.rows = best_rows;
    std::vector<size_t> position(graph.num_ids, SIZE_MAX);
    for (size_t i = 0; i < joined.ids.size(); ++i) position[joined.ids[i]] = i;
    std::vector<BoundExpressionPtr> condition;
    for (size_t i = 0; i < graph.conjuncts.size(); ++i) {
      if (used[i] || (conjunct_relations[i] & ~joined.relations) != 0) continue;
      used[i] = true;
      condition.push_back(RemapColumns(graph.conjuncts[i], position));
    }
    joined.plan = std::make_shared<LogicalJoin>(a.plan, b.plan, exec::JoinType::kInner, MakeConjunction(condition));
    components.erase(components.begin() + static_cast<std::ptrdiff_t>(std::max(best_a, best_b)));
    components.erase(components.begin() + static_cast<std::ptrdiff_t>(std::min(best_a, best_b)));
    components.push_back(std::move(joined));
  }
  Component& result = components[0];
  // Conjuncts over no columns or one relation only (left by pushdown): a filter.
  std::vector<size_t> position(graph.num_ids, SIZE_MAX);
  for (size_t i = 0; i < result.ids.size(); ++i) position[result.ids[i]] = i;
  std::vector<BoundExpressionPtr> leftover;
  for (size_t i = 0; i < graph.conjuncts.size(); ++i) {
    if (!used[i]) leftover.push_back(RemapColumns(graph.conjuncts[i], position));
  }
  LogicalPlanPtr plan = result.plan;
  if (BoundExpressionPtr predicate = MakeConjunction(leftover)) plan = std::make_shared<LogicalFilter>(plan, predicate);
  std::vector<BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  bool identity = true;
  for (size_t i = 0; i < original_ids.size(); ++i) {
    size_t p = position[original_ids[i]];
    identity = identity && p == i;
    expressions.push_back(std::make_shared<BoundColumnRef>(p, original.field(i).type, original.field(i).name));
    names.push_back(original.field(i).name);
  }
  if (identity && result.ids.size() == original_ids.size()) return plan;
  return std::make_shared<LogicalProject>(plan, expressions, names);
}

LogicalPlanPtr Reorder(const LogicalPlanPtr& plan) {
  if (!IsInnerJoin(*plan)) return MapChildren(plan, Reorder);
  JoinGraph graph;
  std::vector<size_t> ids = Flatten(plan, &graph);
  if (graph.relations.size() < 2) return plan;
  return Build(std::move(graph), ids, plan->output());
}

}  // namespace

LogicalPlanPtr OrderJoins(const LogicalPlanPtr& plan) { return Reorder(plan); }

}  // namespace sluice::sql
