// FROM: table functions, subqueries, CTE references, views, catalog tables and joins.

#include "sql/binder/binder.h"
#include "sql/binder/expression_binder.h"
#include "sql/binder/table_function_binder.h"
#include "sql/expression/coercion.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

BindScope ScopeOf(const Schema& output, const std::string& table) {
  std::vector<ScopeColumn> columns;
  for (const Field& field : output.fields()) columns.push_back({table, field.name, field.type});
  return BindScope(std::move(columns));
}

exec::JoinType ToJoinType(sql::JoinType type) {
  switch (type) {
    case sql::JoinType::kLeft: return exec::JoinType::kLeft;
    case sql::JoinType::kRight: return exec::JoinType::kRight;
    case sql::JoinType::kFull: return exec::JoinType::kFull;
    default: return exec::JoinType::kInner;
  }
}

}  // namespace

Binder::Relation Binder::BindTableRef(const TableRef& table) {
  Relation relation;
  std::string name = table.alias ? table.alias->name : std::string();
  switch (table.kind()) {
    case TableRefKind::kTableFunction: {
      auto source = BindTableFunction(sql_, *table.As<TableFunctionRef>().call, session_);
      std::vector<size_t> columns;
      for (size_t i = 0; i < source->schema.num_fields(); ++i) columns.push_back(i);
      relation.plan = std::make_shared<LogicalScan>(source, columns);
      break;
    }
    case TableRefKind::kSubquery: {
      const auto& subquery = table.As<SubqueryRef>();
      if (subquery.lateral) ThrowNotImplemented(sql_, table.position, "LATERAL is not supported yet");
      Binder child(sql_, session_, this);
      relation.plan = child.BindQuery(*subquery.query);
      break;
    }
    case TableRefKind::kBaseTable: {
      const QualifiedName& qualified = table.As<BaseTableRef>().name;
      CommonTableRef cte;
      if (qualified.parts.size() == 1) cte = FindCommonTable(qualified.parts[0].name, SIZE_MAX);
      if (cte.owner == nullptr) {
        if (LogicalPlanPtr view = BindView(table.As<BaseTableRef>())) {
          relation.plan = view;
          if (name.empty()) name = qualified.parts[0].name;
          break;
        }
        if (LogicalPlanPtr catalog_table = BindCatalogTable(table.As<BaseTableRef>())) {
          relation.plan = catalog_table;
          if (name.empty()) name = qualified.parts.back().name;
          break;
        }
        ThrowBinderError(sql_, table.position,
                         "table '" + qualified.ToString() +
                             "' does not exist (there is no catalog yet: read files with read_csv, "
                             "read_json or read_parquet, or name a WITH query, a view or a table "
                             "made by CREATE TABLE AS)");
      }
      const CommonTableExpression& definition = *cte.owner->ctes_[cte.index];
      Binder child(sql_, session_, cte.owner);
      child.parent_visible_ = cte.index;
      relation.plan = child.BindQuery(*definition.query);
      if (!definition.columns.empty()) {
        Schema output = relation.plan->output();
        if (definition.columns.size() != output.num_fields()) {
          ThrowBinderError(sql_, definition.name.position,
                           "WITH column alias list has " + std::to_string(definition.columns.size()) +
                               " entries but the query has " + std::to_string(output.num_fields()) + " columns");
        }
        std::vector<BoundExpressionPtr> expressions;
        std::vector<std::string> names;
        for (size_t i = 0; i < output.num_fields(); ++i) {
          expressions.push_back(MakeColumnRef(i, output.field(i).type, output.field(i).name));
          names.push_back(definition.columns[i].name);
        }
        relation.plan = std::make_shared<LogicalProject>(relation.plan, expressions, names);
      }
      if (name.empty()) name = qualified.parts[0].name;
      break;
    }
    case TableRefKind::kJoin:
      relation = BindJoin(table.As<JoinRef>());
      if (!table.alias) return relation;
      break;
  }
  Schema output = relation.plan->output();
  if (!table.column_aliases.empty()) {
    if (table.column_aliases.size() != output.num_fields()) {
      ThrowBinderError(sql_, table.column_aliases[0].position,
                       "column alias list has " + std::to_string(table.column_aliases.size()) +
                           " entries but the relation has " + std::to_string(output.num_fields()) +
                           " columns");
    }
    for (size_t i = 0; i < output.num_fields(); ++i) output.mutable_field(i).name = table.column_aliases[i].name;
  }
  relation.scope = ScopeOf(output, name);
  return relation;
}

Binder::Relation Binder::BindJoin(const JoinRef& join) {
  Relation left = BindTableRef(*join.left);
  Relation right = BindTableRef(*join.right);
  size_t left_width = left.plan->output().num_fields();
  std::vector<ScopeColumn> columns = left.scope.columns();
  for (const ScopeColumn& column : right.scope.columns()) columns.push_back(column);
  BindScope scope(columns);
  exec::JoinType type = ToJoinType(join.type);

  if (join.type == sql::JoinType::kCross || join.type == sql::JoinType::kImplicit) {
    return {std::make_shared<LogicalJoin>(left.plan, right.plan, exec::JoinType::kInner, nullptr), scope};
  }
  if (join.using_columns.empty()) {
    BoundExpressionPtr condition;
    if (join.condition) {
      ExpressionBinder binder(sql_, scope, "JOIN");
      condition = binder.BindCondition(*join.condition);
    }
    return {std::make_shared<LogicalJoin>(left.plan, right.plan, type, condition), scope};
  }

  // USING (k, …): k = k for each name; the output has each k once (first, merged from
  // both sides: COALESCE for FULL, the right one for RIGHT), then every column of
  // both sides, whose copies of k stay reachable as l.k and r.k only.
  std::vector<BoundExpressionPtr> conditions;
  std::vector<BoundExpressionPtr> merged;
  std::vector<ScopeColumn> merged_scope;
  std::vector<bool> hidden(columns.size(), false);
  for (const Identifier& name : join.using_columns) {
    ColumnRefExpression reference(name.position);
    reference.parts.push_back(name);
    std::optional<size_t> l = left.scope.TryResolve(sql_, reference);
    std::optional<size_t> r = right.scope.TryResolve(sql_, reference);
    if (!l || !r) {
      ThrowBinderError(sql_, name.position,
                       "column '" + name.name + "' is missing from the " + (l ? "right" : "left") + " side of USING");
    }
    const DataType& lt = left.scope.column(*l).type;
    const DataType& rt = right.scope.column(*r).type;
    std::optional<DataType> common = CommonSuperType(lt, rt);
    if (!common) {
      ThrowBinderError(sql_, name.position,
                       "USING column '" + name.name + "' has types " + lt.ToString() + " and " + rt.ToString() +
                           " that cannot be compared");
    }
    BoundExpressionPtr lref = MakeColumnRef(*l, lt, name.name);
    BoundExpressionPtr rref = MakeColumnRef(left_width + *r, rt, name.name);
    conditions.push_back(MakeComparison(ComparisonOperator::kEqual, lref, rref));
    BoundExpressionPtr value = CoerceTo(type == exec::JoinType::kRight ? rref : lref, *common);
    if (type == exec::JoinType::kFull) value = MakeCoalesce({CoerceTo(lref, *common), CoerceTo(rref, *common)});
    merged.push_back(value);
    merged_scope.push_back({"", left.scope.column(*l).name, *common});
    hidden[*l] = true;
    hidden[left_width + *r] = true;
  }
  BoundExpressionPtr condition = conditions.size() == 1 ? conditions[0] : MakeAnd(conditions);
  LogicalPlanPtr plan = std::make_shared<LogicalJoin>(left.plan, right.plan, type, condition);
  std::vector<BoundExpressionPtr> expressions = merged;
  std::vector<std::string> names;
  for (const ScopeColumn& column : merged_scope) names.push_back(column.name);
  for (size_t i = 0; i < columns.size(); ++i) {
    expressions.push_back(MakeColumnRef(i, columns[i].type, columns[i].name));
    names.push_back(columns[i].name);
    ScopeColumn column = columns[i];
    column.qualified_only = hidden[i];
    merged_scope.push_back(column);
  }
  return {std::make_shared<LogicalProject>(plan, expressions, names), BindScope(merged_scope)};
}

}  // namespace sluice::sql
