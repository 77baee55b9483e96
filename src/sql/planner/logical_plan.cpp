#include "sql/planner/logical_plan.h"

#include <fmt/format.h>

namespace sluice::sql {
namespace {

void AppendTree(const LogicalNode& node, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  out->append(node.Describe());
  out->push_back('\n');
  for (const LogicalPlanPtr& child : node.children()) AppendTree(*child, depth + 1, out);
}

std::string JoinExpressions(const std::vector<BoundExpressionPtr>& expressions) {
  std::string text;
  for (size_t i = 0; i < expressions.size(); ++i) {
    if (i > 0) text += ", ";
    text += expressions[i]->ToString();
  }
  return text;
}

Schema ScanSchema(const TableSource& source, const std::vector<size_t>& columns) {
  Schema schema;
  for (size_t column : columns) schema.AddField(source.schema.field(column));
  return schema;
}

Schema ProjectSchema(const std::vector<BoundExpressionPtr>& expressions,
                     const std::vector<std::string>& names) {
  SLUICE_ASSERT(expressions.size() == names.size(), "a projection names every expression");
  Schema schema;
  for (size_t i = 0; i < expressions.size(); ++i) schema.AddField({names[i], expressions[i]->type()});
  return schema;
}

std::string LimitText(uint64_t limit, uint64_t offset) {
  std::string text;
  if (offset > 0) text += fmt::format(" offset={}", offset);
  if (limit != LogicalLimit::kNoLimit) text += fmt::format(" limit={}", limit);
  return text;
}

}  // namespace

std::string LogicalNode::ToString() const {
  std::string out;
  AppendTree(*this, 0, &out);
  return out;
}

std::string SortKeysToString(const std::vector<exec::SortKey>& keys, const Schema& input) {
  std::string text;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) text += ", ";
    text += input.field(keys[i].column).name;
    text += keys[i].ascending ? " ASC" : " DESC";
    text += keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return text;
}

LogicalScan::LogicalScan(std::shared_ptr<const TableSource> source, std::vector<size_t> columns,
                         std::vector<parquet::ColumnPredicate> pushed_predicates)
    : LogicalNode(kKind, {}, ScanSchema(*source, columns)), source(std::move(source)),
      columns(std::move(columns)), pushed_predicates(std::move(pushed_predicates)) {}

std::string LogicalScan::Describe() const {
  std::string text = "Scan: " + source->description + " columns=[";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text += ", ";
    text += source->schema.field(columns[i]).name;
  }
  text += "]";
  if (source->catalog_table) {
    if (source->num_partition_columns > 0) {
      text += fmt::format(" partitions={}/{}", source->num_partitions, source->total_partitions);
    }
    text += source->pending ? " files=(not listed)" : fmt::format(" files={}", source->files.size());
  } else if (source->total_files > 1 || source->files.size() != source->total_files) {
    text += fmt::format(" files={}/{}", source->files.size(), source->total_files);
  }
  if (!pushed_predicates.empty()) {
    text += " pushed=[";
    for (size_t i = 0; i < pushed_predicates.size(); ++i) {
      const parquet::ColumnPredicate& p = pushed_predicates[i];
      if (i > 0) text += " AND ";
      text += p.column + " " + parquet::CompareOpName(p.op);
      if (p.op != parquet::CompareOp::kIsNull && p.op != parquet::CompareOp::kIsNotNull) {
        text.append(" ").append(p.value.ToString());
      }
    }
    text += "]";
  }
  return text;
}

LogicalFilter::LogicalFilter(LogicalPlanPtr child, BoundExpressionPtr predicate)
    : LogicalNode(kKind, {child}, child->output()), predicate(std::move(predicate)) {}

std::string LogicalFilter::Describe() const { return "Filter: " + predicate->ToString(); }

LogicalProject::LogicalProject(LogicalPlanPtr child, std::vector<BoundExpressionPtr> expressions,
                               std::vector<std::string> names)
    : LogicalNode(kKind, {std::move(child)}, ProjectSchema(expressions, names)),
      expressions(std::move(expressions)) {}

std::string LogicalProject::Describe() const {
  std::string text = "Project: ";
  for (size_t i = 0; i < expressions.size(); ++i) {
    if (i > 0) text += ", ";
    text += expressions[i]->ToString() + " AS " + output().field(i).name;
  }
  return text;
}

LogicalAggregate::LogicalAggregate(LogicalPlanPtr child, std::vector<BoundExpressionPtr> groups,
                                   std::vector<AggregateCall> aggregates, Schema output)
    : LogicalNode(kKind, {std::move(child)}, std::move(output)), groups(std::move(groups)),
      aggregates(std::move(aggregates)) {}

std::string LogicalAggregate::Describe() const {
  std::string text = "Aggregate:";
  if (!groups.empty()) text += " groups=[" + JoinExpressions(groups) + "]";
  text += " aggregates=[";
  for (size_t i = 0; i < aggregates.size(); ++i) {
    if (i > 0) text += ", ";
    text += aggregates[i].name;
  }
  return text + "]";
}

LogicalSort::LogicalSort(LogicalPlanPtr child, std::vector<exec::SortKey> keys)
    : LogicalNode(kKind, {child}, child->output()), keys(std::move(keys)) {}

std::string LogicalSort::Describe() const {
  return "Sort: " + SortKeysToString(keys, child()->output());
}

LogicalTopN::LogicalTopN(LogicalPlanPtr child, std::vector<exec::SortKey> keys, uint64_t limit,
                         uint64_t offset)
    : LogicalNode(kKind, {child}, child->output()), keys(std::move(keys)), limit(limit),
      offset(offset) {}

std::string LogicalTopN::Describe() const {
  return "TopN: " + SortKeysToString(keys, child()->output()) + LimitText(limit, offset);
}

LogicalLimit::LogicalLimit(LogicalPlanPtr child, uint64_t limit, uint64_t offset)
    : LogicalNode(kKind, {child}, child->output()), limit(limit), offset(offset) {}

std::string LogicalLimit::Describe() const { return "Limit:" + LimitText(limit, offset); }

LogicalPlanPtr WithChild(const LogicalNode& node, LogicalPlanPtr child) {
  switch (node.kind()) {
    case LogicalKind::kFilter: return std::make_shared<LogicalFilter>(child, node.As<LogicalFilter>().predicate);
    case LogicalKind::kProject: {
      const auto& p = node.As<LogicalProject>();
      std::vector<std::string> names;
      for (const Field& f : p.output().fields()) names.push_back(f.name);
      return std::make_shared<LogicalProject>(child, p.expressions, names);
    }
    case LogicalKind::kAggregate: {
      const auto& a = node.As<LogicalAggregate>();
      return std::make_shared<LogicalAggregate>(child, a.groups, a.aggregates, a.output());
    }
    case LogicalKind::kSort: return std::make_shared<LogicalSort>(child, node.As<LogicalSort>().keys);
    case LogicalKind::kTopN: {
      const auto& t = node.As<LogicalTopN>();
      return std::make_shared<LogicalTopN>(child, t.keys, t.limit, t.offset);
    }
    case LogicalKind::kLimit: {
      const auto& l = node.As<LogicalLimit>();
      return std::make_shared<LogicalLimit>(child, l.limit, l.offset);
    }
    case LogicalKind::kWindow: return std::make_shared<LogicalWindow>(child, node.As<LogicalWindow>().calls);
    case LogicalKind::kScan:
    case LogicalKind::kJoin:
    case LogicalKind::kValues:
    case LogicalKind::kUnion: break;
  }
  SLUICE_ASSERT(false, "a node with one child");
  return nullptr;
}

namespace {

Schema JoinSchema(const LogicalPlanPtr& left, const LogicalPlanPtr& right, exec::JoinType type) {
  Schema schema = left->output();
  switch (type) {
    case exec::JoinType::kSemi:
    case exec::JoinType::kAnti: break;
    case exec::JoinType::kMark: schema.AddField({"mark", DataType::Boolean()}); break;
    default:
      for (const Field& field : right->output().fields()) schema.AddField(field);
  }
  return schema;
}

}  // namespace

LogicalJoin::LogicalJoin(LogicalPlanPtr left, LogicalPlanPtr right, exec::JoinType type, BoundExpressionPtr condition,
                         bool null_aware)
    : LogicalNode(kKind, {left, right}, JoinSchema(left, right, type)), type(type),
      condition(std::move(condition)), null_aware(null_aware) {}

std::string LogicalJoin::Describe() const {
  std::string text = condition ? "Join: " + exec::JoinTypeName(type) : std::string("Join: CROSS");
  if (condition) text += " on " + condition->ToString();
  if (null_aware) text += " null-aware";
  return text;
}

LogicalValues::LogicalValues(std::vector<std::vector<BoundExpressionPtr>> rows, Schema output)
    : LogicalNode(kKind, {}, std::move(output)), rows(std::move(rows)) {}

std::string LogicalValues::Describe() const {
  std::string text = fmt::format("Values: {} row{}", rows.size(), rows.size() == 1 ? "" : "s");
  if (rows.size() <= 3) {
    for (const auto& row : rows) text += " (" + JoinExpressions(row) + ")";
  }
  return text;
}

LogicalUnion::LogicalUnion(std::vector<LogicalPlanPtr> children)
    : LogicalNode(kKind, children, children.at(0)->output()) {}

std::string LogicalUnion::Describe() const { return "Union All"; }

namespace {

Schema WindowSchema(const LogicalPlanPtr& child, const std::vector<exec::WindowCall>& calls) {
  Schema schema = child->output();
  for (const exec::WindowCall& call : calls) schema.AddField({call.DisplayName(), call.type});
  return schema;
}

}  // namespace

LogicalWindow::LogicalWindow(LogicalPlanPtr child, std::vector<exec::WindowCall> calls)
    : LogicalNode(kKind, {child}, WindowSchema(child, calls)), calls(std::move(calls)) {}

std::string LogicalWindow::Describe() const {
  std::string text = "Window: ";
  for (size_t i = 0; i < calls.size(); ++i) {
    if (i > 0) text += ", ";
    text += calls[i].ToString();
  }
  return text;
}

exec::WindowCall MapWindowCall(const exec::WindowCall& call,
                               const std::function<BoundExpressionPtr(const BoundExpressionPtr&)>& map) {
  exec::WindowCall mapped = call;
  for (BoundExpressionPtr& e : mapped.arguments) e = map(e);
  for (BoundExpressionPtr& e : mapped.partition_by) e = map(e);
  for (exec::WindowOrderKey& key : mapped.order_by) key.expression = map(key.expression);
  if (mapped.frame.start.offset) mapped.frame.start.offset = map(mapped.frame.start.offset);
  if (mapped.frame.end.offset) mapped.frame.end.offset = map(mapped.frame.end.offset);
  return mapped;
}

LogicalPlanPtr MapChildren(const LogicalPlanPtr& plan, const std::function<LogicalPlanPtr(const LogicalPlanPtr&)>& map) {
  if (plan->children().empty()) return plan;
  std::vector<LogicalPlanPtr> children;
  bool changed = false;
  for (const LogicalPlanPtr& child : plan->children()) {
    children.push_back(map(child));
    changed = changed || children.back() != child;
  }
  return changed ? WithChildren(*plan, std::move(children)) : plan;
}

LogicalPlanPtr WithChildren(const LogicalNode& node, std::vector<LogicalPlanPtr> children) {
  switch (node.kind()) {
    case LogicalKind::kJoin: {
      const auto& join = node.As<LogicalJoin>();
      return std::make_shared<LogicalJoin>(children.at(0), children.at(1), join.type, join.condition, join.null_aware);
    }
    case LogicalKind::kUnion: return std::make_shared<LogicalUnion>(std::move(children));
    case LogicalKind::kScan:
    case LogicalKind::kValues: SLUICE_ASSERT(children.empty(), "a leaf has no children"); break;
    default: return WithChild(node, children.at(0));
  }
  SLUICE_ASSERT(false, "WithChildren of a leaf");
  return nullptr;
}

}  // namespace sluice::sql
