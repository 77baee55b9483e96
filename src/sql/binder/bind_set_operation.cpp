// UNION / INTERSECT / EXCEPT and VALUES.
//
// Both sides of a set operation are coerced to the common super type of each column
// (names from the left side). UNION ALL is a Union node; UNION removes duplicates
// with a group-by over every column; INTERSECT and EXCEPT are a semi / anti join of
// the distinct left rows with the right rows on every column, NULL matching NULL
// (IS NOT DISTINCT FROM), as set semantics require.

#include "sql/binder/binder.h"
#include "sql/binder/expression_binder.h"
#include "sql/expression/coercion.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

/// `plan` with its columns cast to `types` (and named `names`).
LogicalPlanPtr CoerceColumns(LogicalPlanPtr plan, const std::vector<DataType>& types,
                             const std::vector<std::string>& names) {
  bool same = true;
  for (size_t i = 0; i < types.size(); ++i) {
    same = same && plan->output().field(i).type == types[i] && plan->output().field(i).name == names[i];
  }
  if (same) return plan;
  std::vector<BoundExpressionPtr> expressions;
  for (size_t i = 0; i < types.size(); ++i) {
    const Field& field = plan->output().field(i);
    expressions.push_back(CoerceTo(MakeColumnRef(i, field.type, field.name), types[i]));
  }
  return std::make_shared<LogicalProject>(plan, expressions, names);
}

LogicalPlanPtr Distinct(LogicalPlanPtr plan) {
  std::vector<BoundExpressionPtr> groups;
  for (size_t i = 0; i < plan->output().num_fields(); ++i) {
    const Field& field = plan->output().field(i);
    groups.push_back(MakeColumnRef(i, field.type, field.name));
  }
  Schema output = plan->output();
  return std::make_shared<LogicalAggregate>(plan, groups, std::vector<AggregateCall>{}, output);
}

}  // namespace

LogicalPlanPtr Binder::BindSetOperation(const SetOperationBody& body) {
  LogicalPlanPtr left = BindQueryBody(*body.left);
  LogicalPlanPtr right = BindQueryBody(*body.right);
  const char* name = body.type == SetOperationType::kUnion ? "UNION"
                     : body.type == SetOperationType::kIntersect ? "INTERSECT" : "EXCEPT";
  size_t width = left->output().num_fields();
  if (right->output().num_fields() != width) {
    ThrowBinderError(sql_, body.position,
                     std::string(name) + " query has different number of fields: " + std::to_string(width) + ", " +
                         std::to_string(right->output().num_fields()));
  }
  std::vector<DataType> types;
  std::vector<std::string> names;
  for (size_t i = 0; i < width; ++i) {
    const DataType& a = left->output().field(i).type;
    const DataType& b = right->output().field(i).type;
    std::optional<DataType> common = CommonSuperType(a, b);
    if (!common) {
      ThrowBinderError(sql_, body.position,
                       "column " + std::to_string(i + 1) + " in " + name + " query has incompatible types: " +
                           a.ToString() + ", " + b.ToString());
    }
    types.push_back(*common);
    names.push_back(left->output().field(i).name);
  }
  left = CoerceColumns(left, types, names);
  right = CoerceColumns(right, types, names);

  if (body.type == SetOperationType::kUnion) {
    // Flatten a chain of UNION ALL into one node.
    std::vector<LogicalPlanPtr> children;
    for (const LogicalPlanPtr& side : {left, right}) {
      if (side->kind() == LogicalKind::kUnion) {
        children.insert(children.end(), side->children().begin(), side->children().end());
      } else {
        children.push_back(side);
      }
    }
    LogicalPlanPtr plan = std::make_shared<LogicalUnion>(children);
    return body.all ? plan : Distinct(plan);
  }
  if (body.all) ThrowNotImplemented(sql_, body.position, std::string(name) + " ALL is not supported yet");
  std::vector<BoundExpressionPtr> conditions;
  for (size_t i = 0; i < width; ++i) {
    conditions.push_back(MakeComparison(ComparisonOperator::kNotDistinctFrom, MakeColumnRef(i, types[i], names[i]),
                                        MakeColumnRef(width + i, types[i], names[i])));
  }
  BoundExpressionPtr condition = conditions.size() == 1 ? conditions[0] : MakeAnd(conditions);
  exec::JoinType type = body.type == SetOperationType::kIntersect ? exec::JoinType::kSemi : exec::JoinType::kAnti;
  return std::make_shared<LogicalJoin>(Distinct(left), right, type, condition);
}

LogicalPlanPtr Binder::BindValues(const ValuesBody& body) {
  static const BindScope kNoColumns;
  ExpressionBinder binder(sql_, kNoColumns, "VALUES");
  std::vector<std::vector<BoundExpressionPtr>> rows;
  for (const ExpressionPtr& row : body.rows) {
    std::vector<BoundExpressionPtr> values;
    if (row->kind() == ExpressionKind::kRow) {
      for (const ExpressionPtr& item : row->As<RowExpression>().elements) values.push_back(binder.Bind(*item));
    } else {
      values.push_back(binder.Bind(*row));
    }
    if (!rows.empty() && values.size() != rows[0].size()) {
      ThrowBinderError(sql_, row->position,
                       "VALUES rows have different numbers of columns: " + std::to_string(rows[0].size()) + " and " +
                           std::to_string(values.size()));
    }
    rows.push_back(std::move(values));
  }
  Schema output;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    std::vector<DataType> types;
    for (const auto& values : rows) types.push_back(values[c]->type());
    std::optional<DataType> common = CommonSuperType(types);
    if (!common) {
      ThrowBinderError(sql_, body.position, "VALUES column " + std::to_string(c + 1) + " has incompatible types");
    }
    for (auto& values : rows) values[c] = CoerceTo(values[c], *common);
    output.AddField({"_col" + std::to_string(c), *common});
  }
  return std::make_shared<LogicalValues>(std::move(rows), output);
}

}  // namespace sluice::sql
