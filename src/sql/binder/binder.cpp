#include "sql/binder/binder.h"

#include <memory>

#include "exec/expression/evaluator.h"
#include "sql/binder/expression_binder.h"
#include "sql/binder/table_function_binder.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

/// The 1-based position an integer literal names (GROUP BY 2, ORDER BY 1), or 0.
size_t Ordinal(const Expression& expression) {
  if (expression.kind() != ExpressionKind::kLiteral) return 0;
  const auto& literal = expression.As<LiteralExpression>();
  if (literal.literal_kind != LiteralKind::kInteger || literal.value.size() > 9) return 0;
  return static_cast<size_t>(std::stoul(literal.value));
}

BindScope ScopeOf(const Schema& output, const std::string& table) {
  std::vector<ScopeColumn> columns;
  for (const Field& field : output.fields()) columns.push_back({table, field.name, field.type});
  return BindScope(std::move(columns));
}

/// The result name Trino gives a select item.
std::string OutputName(const SelectItem& item, size_t position) {
  if (item.alias) return item.alias->name;
  if (item.expression->kind() == ExpressionKind::kColumnRef) {
    return item.expression->As<ColumnRefExpression>().parts.back().name;
  }
  return "_col" + std::to_string(position);
}

}  // namespace

LogicalPlanPtr Binder::BindQuery(const Query& query) {
  if (!query.with.empty()) ThrowNotImplemented(sql_, query.position, "WITH is not supported yet");
  if (query.body->kind() != QueryBodyKind::kSelect) {
    ThrowNotImplemented(sql_, query.body->position, "only SELECT queries are supported yet");
  }
  if (query.with_ties) ThrowNotImplemented(sql_, query.position, "FETCH FIRST … WITH TIES is not supported yet");
  return BindSelect(query.body->As<SelectBody>(), query);
}

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
    case TableRefKind::kSubquery:
      relation.plan = BindQuery(*table.As<SubqueryRef>().query);
      break;
    case TableRefKind::kBaseTable:
      ThrowBinderError(sql_, table.position,
                       "table '" + table.As<BaseTableRef>().name.ToString() +
                           "' does not exist (there is no catalog yet: read files with read_csv, "
                           "read_json or read_parquet)");
    case TableRefKind::kJoin:
      ThrowNotImplemented(sql_, table.position, "joins are not supported yet");
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

uint64_t Binder::BindCount(const Expression& expression, std::string_view clause) {
  static const BindScope kNoColumns;
  ExpressionBinder binder(sql_, kNoColumns, std::string(clause));
  Value value = exec::EvaluateConstant(*binder.Bind(expression), session_);
  if (value.is_null() || !value.type().is_integer() || value.int64() < 0) {
    ThrowBinderError(sql_, expression.position,
                     std::string(clause) + " must be a non-negative integer, not " + value.ToSqlLiteral());
  }
  return static_cast<uint64_t>(value.int64());
}

LogicalPlanPtr Binder::BindSelect(const SelectBody& select, const Query& query) {
  if (select.distinct) ThrowNotImplemented(sql_, select.position, "SELECT DISTINCT is not supported yet");
  if (!select.windows.empty()) ThrowNotImplemented(sql_, select.position, "WINDOW is not supported yet");
  if (!select.from) ThrowNotImplemented(sql_, select.position, "SELECT without FROM is not supported yet");

  Relation relation = BindTableRef(*select.from);
  LogicalPlanPtr plan = relation.plan;
  ExpressionBinder input(sql_, relation.scope, "WHERE");
  if (select.where) plan = std::make_shared<LogicalFilter>(plan, input.BindCondition(*select.where));

  bool aggregated = select.group_by.has_value() || select.having != nullptr;
  for (const SelectItem& item : select.select_list) {
    aggregated = aggregated || (item.expression && ContainsAggregate(*item.expression));
  }
  for (const OrderByItem& item : query.order_by) aggregated = aggregated || ContainsAggregate(*item.expression);

  // GROUP BY: expressions over the FROM columns, or ordinals of the select list.
  std::unique_ptr<AggregateBinder> aggregate;
  ExpressionBinder* projection = &input;
  if (aggregated) {
    std::vector<std::string> texts;
    std::vector<BoundExpressionPtr> groups;
    input.set_clause("GROUP BY");
    if (select.group_by) {
      if (select.group_by->distinct) ThrowNotImplemented(sql_, select.position, "GROUP BY DISTINCT is not supported yet");
      for (const GroupingElement& element : select.group_by->elements) {
        if (element.kind != GroupingKind::kExpressions || element.sets.size() != 1) {
          ThrowNotImplemented(sql_, element.position, "ROLLUP, CUBE and GROUPING SETS are not supported yet");
        }
        for (const ExpressionPtr& expression : element.sets[0]) {
          const Expression* group = expression.get();
          if (size_t ordinal = Ordinal(*group); ordinal > 0) {
            if (ordinal > select.select_list.size() || select.select_list[ordinal - 1].star) {
              ThrowBinderError(sql_, group->position,
                               "GROUP BY position " + std::to_string(ordinal) + " is not in select list");
            }
            group = select.select_list[ordinal - 1].expression.get();
          }
          if (ContainsAggregate(*group)) {
            ThrowBinderError(sql_, group->position, "GROUP BY clause cannot contain aggregations: " + group->ToString());
          }
          groups.push_back(input.Bind(*group));
          texts.push_back(group->ToString());
        }
      }
    }
    aggregate = std::make_unique<AggregateBinder>(input, texts, groups, "SELECT");
    projection = aggregate.get();
  }

  // SELECT list.
  std::vector<BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  for (const SelectItem& item : select.select_list) {
    if (!item.star) {
      expressions.push_back(projection->Bind(*item.expression));
      names.push_back(OutputName(item, names.size()));
      continue;
    }
    if (aggregated) ThrowNotImplemented(sql_, item.position, "SELECT * with GROUP BY is not supported yet");
    std::vector<size_t> columns;
    if (item.star_qualifier.empty()) {
      for (size_t i = 0; i < relation.scope.size(); ++i) columns.push_back(i);
    } else {
      columns = relation.scope.ColumnsOf(item.star_qualifier.back().name);
      if (columns.empty()) {
        ThrowBinderError(sql_, item.position, "table '" + item.star_qualifier.back().name + "' not found");
      }
    }
    for (size_t column : columns) {
      const ScopeColumn& c = relation.scope.column(column);
      expressions.push_back(MakeColumnRef(column, c.type, c.name));
      names.push_back(c.name);
    }
  }
  size_t num_visible = expressions.size();

  BoundExpressionPtr having;
  if (select.having) {
    aggregate->set_clause("HAVING");
    having = aggregate->BindCondition(*select.having);
  }

  // ORDER BY: ordinal, output name, a select item's expression, or a hidden column.
  std::vector<exec::SortKey> keys;
  projection->set_clause("ORDER BY");
  for (const OrderByItem& item : query.order_by) {
    const Expression& e = *item.expression;
    size_t column = SIZE_MAX;
    if (size_t ordinal = Ordinal(e); ordinal > 0) {
      if (ordinal > num_visible) {
        ThrowBinderError(sql_, e.position, "ORDER BY position " + std::to_string(ordinal) + " is not in select list");
      }
      column = ordinal - 1;
    } else if (e.kind() == ExpressionKind::kColumnRef && e.As<ColumnRefExpression>().parts.size() == 1) {
      const std::string& name = e.As<ColumnRefExpression>().parts[0].name;
      for (size_t i = 0; i < num_visible; ++i) {
        if (!NamesEqual(names[i], name)) continue;
        if (column != SIZE_MAX && expressions[column]->ToString() != expressions[i]->ToString()) {
          ThrowBinderError(sql_, e.position, "column '" + name + "' in ORDER BY is ambiguous");
        }
        if (column == SIZE_MAX) column = i;
      }
    }
    if (column == SIZE_MAX) {
      std::string text = e.ToString();
      for (size_t i = 0; i < select.select_list.size() && i < num_visible; ++i) {
        const SelectItem& s = select.select_list[i];
        if (!s.star && s.expression->ToString() == text) column = i;
      }
    }
    if (column == SIZE_MAX) {
      expressions.push_back(projection->Bind(e));
      names.push_back("_order" + std::to_string(keys.size()));
      column = expressions.size() - 1;
    }
    keys.push_back({column, item.order != SortOrder::kDescending, item.null_order == NullOrder::kNullsFirst});
  }

  if (aggregated) {
    Schema output;
    for (size_t i = 0; i < aggregate->groups().size(); ++i) {
      output.AddField({select.group_by ? aggregate->groups()[i]->ToString() : "", aggregate->groups()[i]->type()});
    }
    for (const AggregateCall& call : aggregate->aggregates()) output.AddField({call.name, call.function->result_type()});
    plan = std::make_shared<LogicalAggregate>(plan, aggregate->groups(), aggregate->aggregates(), output);
    if (having) plan = std::make_shared<LogicalFilter>(plan, having);
  }
  plan = std::make_shared<LogicalProject>(plan, expressions, names);
  if (!keys.empty()) plan = std::make_shared<LogicalSort>(plan, keys);
  uint64_t offset = query.offset ? BindCount(*query.offset, "OFFSET") : 0;
  uint64_t limit = query.limit ? BindCount(*query.limit, "LIMIT") : LogicalLimit::kNoLimit;
  if (offset > 0 || limit != LogicalLimit::kNoLimit) plan = std::make_shared<LogicalLimit>(plan, limit, offset);
  if (expressions.size() > num_visible) {
    std::vector<BoundExpressionPtr> visible;
    for (size_t i = 0; i < num_visible; ++i) visible.push_back(MakeColumnRef(i, expressions[i]->type(), names[i]));
    plan = std::make_shared<LogicalProject>(plan, visible, std::vector<std::string>(names.begin(), names.begin() + num_visible));
  }
  return plan;
}

}  // namespace sluice::sql
