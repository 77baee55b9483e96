#include "sql/binder/binder.h"

#include <charconv>
#include <functional>
#include <memory>

#include "exec/expression/evaluator.h"
#include "sql/binder/expression_binder.h"
#include "sql/binder/subquery_planner.h"
#include "sql/binder/window_planner.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/column_remap.h"

namespace sluice::sql {
namespace {

/// Whether a GROUP BY / ORDER BY item is a select-list position: an integer literal, as
/// Trino's LongLiteral. `-1` is a negation, not a literal, so it is a constant sort or
/// group key there (as in Trino), not a position.
bool IsOrdinal(const Expression& expression) {
  return expression.kind() == ExpressionKind::kLiteral &&
         expression.As<LiteralExpression>().literal_kind == LiteralKind::kInteger;
}

/// The 0-based select-list column that the position `expression` (IsOrdinal) names;
/// throws Trino's "ORDER BY position 0 is not in select list" unless 1 <= position <=
/// `num_columns`.
size_t ResolveOrdinal(std::string_view sql, const Expression& expression, size_t num_columns,
                      std::string_view clause) {
  std::string_view digits = expression.As<LiteralExpression>().value;
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  uint64_t position = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), position);
  if (error != std::errc() || end != digits.data() + digits.size() || position < 1 || position > num_columns) {
    ThrowBinderError(sql, expression.position,
                     std::string(clause) + " position " + std::string(digits) + " is not in select list");
  }
  return static_cast<size_t>(position - 1);
}

/// Whether two bound expressions compute the same values: the same printed form over
/// the same input columns (ToString prints a column by name, and the columns of a
/// self-join share names), and nothing non-deterministic (two random() differ).
bool SameColumnsDeterministic(const BoundExpression& a, const BoundExpression& b) {
  if (a.kind() != b.kind()) return false;
  if (a.kind() == BoundExpressionKind::kColumnRef && a.As<BoundColumnRef>().index != b.As<BoundColumnRef>().index) {
    return false;
  }
  if (a.kind() == BoundExpressionKind::kFunctionCall && !a.As<BoundFunctionCall>().function->deterministic) {
    return false;
  }
  const std::vector<BoundExpressionPtr> left = a.children(), right = b.children();
  if (left.size() != right.size()) return false;
  for (size_t i = 0; i < left.size(); ++i) {
    if (!SameColumnsDeterministic(*left[i], *right[i])) return false;
  }
  return true;
}

bool SameExpression(const BoundExpression& a, const BoundExpression& b) {
  return a.ToString() == b.ToString() && SameColumnsDeterministic(a, b);
}

/// ORDER BY's view of the select list (Trino's ORDER BY scope: the output columns, then
/// the FROM columns): an unqualified name of an output column stands for that column's
/// expression, also inside an expression (`SELECT a*-2 AS a … ORDER BY a*-1` sorts by
/// the output a). A name of two output columns is ambiguous unless both are one
/// expression (`SELECT a, a … ORDER BY a`, which Trino refuses too).
class OutputNames : public NameResolver {
 public:
  /// Reads the first `num_visible` of `names` and `expressions`, which must outlive this.
  OutputNames(std::string_view sql, const std::vector<std::string>& names,
              const std::vector<BoundExpressionPtr>& expressions, size_t num_visible)
      : sql_(sql), names_(names), expressions_(expressions), num_visible_(num_visible) {}

  BoundExpressionPtr Resolve(const ColumnRefExpression& reference) override {
    if (reference.parts.size() != 1) return nullptr;
    const std::string& name = reference.parts[0].name;
    BoundExpressionPtr found;
    for (size_t i = 0; i < num_visible_; ++i) {
      if (!NamesEqual(names_[i], name)) continue;
      if (found != nullptr && !SameExpression(*found, *expressions_[i])) {
        ThrowBinderError(sql_, reference.position, "column '" + name + "' is ambiguous");
      }
      if (found == nullptr) found = expressions_[i];
    }
    return found;
  }

 private:
  std::string_view sql_;
  const std::vector<std::string>& names_;
  const std::vector<BoundExpressionPtr>& expressions_;
  size_t num_visible_;
};

/// The result name Trino gives a select item.
std::string OutputName(const SelectItem& item, size_t position) {
  if (item.alias) return item.alias->name;
  if (item.expression->kind() == ExpressionKind::kColumnRef) {
    return item.expression->As<ColumnRefExpression>().parts.back().name;
  }
  return "_col" + std::to_string(position);
}

/// The AND-ed parts of a WHERE clause.
void SplitConjuncts(const Expression& e, std::vector<const Expression*>* out) {
  if (e.kind() == ExpressionKind::kConjunction && e.As<ConjunctionExpression>().type == ConjunctionType::kAnd) {
    for (const ExpressionPtr& child : e.As<ConjunctionExpression>().children) SplitConjuncts(*child, out);
    return;
  }
  out->push_back(&e);
}

/// Columns 0..n-1 of `plan` (drops columns a subquery join appended).
LogicalPlanPtr KeepFirst(LogicalPlanPtr plan, size_t n) {
  if (plan->output().num_fields() == n) return plan;
  std::vector<BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  for (size_t i = 0; i < n; ++i) {
    const Field& field = plan->output().field(i);
    expressions.push_back(MakeColumnRef(i, field.type, field.name));
    names.push_back(field.name);
  }
  return std::make_shared<LogicalProject>(plan, expressions, names);
}

/// Is `e` `inner = outer` with one side over the subquery's columns only and the other
/// over outer columns only? Sets `inner` and `outer` (the inner side first).
bool SplitEquality(const BoundExpressionPtr& e, BoundExpressionPtr* inner, BoundExpressionPtr* outer) {
  if (e->kind() != BoundExpressionKind::kComparison) return false;
  const auto& comparison = e->As<BoundComparison>();
  if (comparison.op != ComparisonOperator::kEqual) return false;
  auto only_inner = [](const BoundExpressionPtr& x) { return !ReferencesAtLeast(*x, kOuterColumnBase); };
  auto only_outer = [](const BoundExpressionPtr& x) {
    std::vector<bool> used;
    bool inner = false;
    std::function<void(const BoundExpression&)> visit = [&](const BoundExpression& node) {
      if (node.kind() == BoundExpressionKind::kColumnRef && node.As<BoundColumnRef>().index < kOuterColumnBase) {
        inner = true;
      }
      for (const auto& c : node.children()) visit(*c);
    };
    visit(*x);
    return !inner;
  };
  if (only_inner(comparison.left) && only_outer(comparison.right)) {
    *inner = comparison.left;
    *outer = comparison.right;
    return true;
  }
  if (only_inner(comparison.right) && only_outer(comparison.left)) {
    *inner = comparison.right;
    *outer = comparison.left;
    return true;
  }
  return false;
}

}  // namespace

Binder::CommonTableRef Binder::FindCommonTable(std::string_view name, size_t visible) const {
  for (size_t i = 0; i < ctes_.size() && i < visible; ++i) {
    if (NamesEqual(ctes_[i]->name.name, name)) return {this, i};
  }
  if (parent_ != nullptr) return parent_->FindCommonTable(name, parent_visible_);
  return {};
}

LogicalPlanPtr Binder::BindQuery(const Query& query) {
  if (query.with_ties) ThrowNotImplemented(sql_, query.position, "FETCH FIRST … WITH TIES is not supported yet");
  // WITH: the names are visible to the body and to the CTEs after them.
  Binder scoped(sql_, session_, this);
  Binder& binder = query.with.empty() ? *this : scoped;
  for (const CommonTableExpression& cte : query.with) {
    for (const CommonTableExpression* other : binder.ctes_) {
      if (NamesEqual(other->name.name, cte.name.name)) {
        ThrowBinderError(sql_, cte.name.position, "WITH query name '" + cte.name.name + "' specified more than once");
      }
    }
    binder.ctes_.push_back(&cte);
  }
  if (query.body->kind() == QueryBodyKind::kSelect) {
    return binder.BindSelect(query.body->As<SelectBody>(), &query, nullptr).plan;
  }
  return binder.BindOrderLimit(binder.BindQueryBody(*query.body), query);
}

BoundSubquery Binder::BindSubquery(const Query& query, const BindScope* outer, LogicalPlanPtr outer_plan) {
  Binder child(sql_, session_, this);
  child.outer_plan_ = std::move(outer_plan);
  if (outer != nullptr && query.with.empty() && query.body->kind() == QueryBodyKind::kSelect) {
    SelectResult result = child.BindSelect(query.body->As<SelectBody>(), &query, outer);
    return {result.plan, result.num_visible, result.correlations, result.empty_value};
  }
  LogicalPlanPtr plan = child.BindQuery(query);
  return {plan, plan->output().num_fields(), {}};
}

LogicalPlanPtr Binder::BindQueryBody(const QueryBody& body) {
  switch (body.kind()) {
    case QueryBodyKind::kSelect: return BindSelect(body.As<SelectBody>(), nullptr, nullptr).plan;
    case QueryBodyKind::kSetOperation: return BindSetOperation(body.As<SetOperationBody>());
    case QueryBodyKind::kValues: return BindValues(body.As<ValuesBody>());
    case QueryBodyKind::kSubquery: return BindQuery(*body.As<SubqueryBody>().query);
    case QueryBodyKind::kTable: {
      BaseTableRef table(body.position);
      for (const Identifier& part : body.As<TableBody>().name.parts) table.name.parts.push_back(part);
      return BindTableRef(table).plan;
    }
  }
  SLUICE_ASSERT(false, "every query body kind is bound");
  return nullptr;
}

LogicalPlanPtr Binder::BindOrderLimit(LogicalPlanPtr plan, const Query& query) {
  if (!query.order_by.empty()) {
    BindScope scope;
    std::vector<ScopeColumn> columns;
    for (const Field& field : plan->output().fields()) columns.push_back({"", field.name, field.type});
    scope = BindScope(std::move(columns));
    ExpressionBinder binder(sql_, scope, "ORDER BY");
    std::vector<BoundExpressionPtr> expressions;
    std::vector<std::string> names;
    size_t num_visible = plan->output().num_fields();
    for (size_t i = 0; i < num_visible; ++i) {
      expressions.push_back(MakeColumnRef(i, plan->output().field(i).type, plan->output().field(i).name));
      names.push_back(plan->output().field(i).name);
    }
    std::vector<exec::SortKey> keys;
    for (const OrderByItem& item : query.order_by) {
      size_t column = 0;
      if (IsOrdinal(*item.expression)) {
        column = ResolveOrdinal(sql_, *item.expression, num_visible, "ORDER BY");
      } else {
        // Names resolve among the output columns only: two of one name are ambiguous.
        BoundExpressionPtr bound = binder.Bind(*item.expression);
        if (bound->kind() == BoundExpressionKind::kColumnRef) {
          column = bound->As<BoundColumnRef>().index;
        } else {
          expressions.push_back(bound);
          names.push_back("_order" + std::to_string(keys.size()));
          column = expressions.size() - 1;
        }
      }
      keys.push_back({column, item.order != SortOrder::kDescending, item.null_order == NullOrder::kNullsFirst});
    }
    if (expressions.size() > num_visible) plan = std::make_shared<LogicalProject>(plan, expressions, names);
    plan = std::make_shared<LogicalSort>(plan, keys);
    if (expressions.size() > num_visible) plan = KeepFirst(plan, num_visible);
  }
  uint64_t offset = query.offset ? BindCount(*query.offset, "OFFSET") : 0;
  uint64_t limit = query.limit ? BindCount(*query.limit, "LIMIT") : LogicalLimit::kNoLimit;
  if (offset > 0 || limit != LogicalLimit::kNoLimit) plan = std::make_shared<LogicalLimit>(plan, limit, offset);
  return plan;
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

Binder::SelectResult Binder::BindSelect(const SelectBody& select, const Query* query, const BindScope* outer) {
  static const std::vector<OrderByItem> kNoOrder;
  const std::vector<OrderByItem>& order_by = query ? query->order_by : kNoOrder;

  Relation relation;
  if (select.from) {
    relation = BindTableRef(*select.from);
  } else {
    relation.plan = std::make_shared<LogicalValues>(std::vector<std::vector<BoundExpressionPtr>>{{}}, Schema());
  }
  LogicalPlanPtr plan = relation.plan;
  const size_t from_width = plan->output().num_fields();

  // WHERE: subquery conjuncts become semi/anti joins; correlated conjuncts (in a
  // subquery) are set aside for the join that will replace this subquery.
  SubqueryPlanner where_subqueries(*this, &relation.scope, relation.plan);
  ExpressionBinder input(sql_, relation.scope, "WHERE");
  input.set_subquery_handler(&where_subqueries);
  std::vector<BoundExpressionPtr> correlations;
  if (select.where) {
    input.set_outer_scope(outer);
    std::vector<const Expression*> conjuncts;
    SplitConjuncts(*select.where, &conjuncts);
    std::vector<BoundExpressionPtr> filters;
    for (const Expression* conjunct : conjuncts) {
      if (where_subqueries.PlanFilterConjunct(*conjunct, input)) continue;
      BoundExpressionPtr bound = input.BindCondition(*conjunct);
      if (ReferencesAtLeast(*bound, kOuterColumnBase)) {
        if (ReferencesRange(*bound, kDeferredColumnBase, kSubqueryColumnBase)) {
          ThrowNotImplemented(sql_, conjunct->position,
                              "a correlated condition containing a subquery is not supported yet");
        }
        correlations.push_back(bound);
      } else {
        filters.push_back(bound);
      }
    }
    input.set_outer_scope(nullptr);
    plan = where_subqueries.Apply(plan);
    for (BoundExpressionPtr& filter : filters) filter = where_subqueries.Resolve(filter);
    if (BoundExpressionPtr predicate = MakeConjunction(filters)) plan = std::make_shared<LogicalFilter>(plan, predicate);
    plan = KeepFirst(plan, from_width);
  }
  if (!correlations.empty() && query != nullptr && (query->limit || query->offset)) {
    ThrowNotImplemented(sql_, query->position, "LIMIT and OFFSET in a correlated subquery are not supported yet");
  }

  bool aggregated = select.group_by.has_value() || select.having != nullptr;
  for (const SelectItem& item : select.select_list) {
    aggregated = aggregated || (item.expression && ContainsAggregate(*item.expression));
  }
  for (const OrderByItem& item : order_by) aggregated = aggregated || ContainsAggregate(*item.expression);

  // An aggregated correlated subquery is grouped by the inner side of its equality
  // correlations; the join matches those groups to the outer rows.
  std::vector<BoundExpressionPtr> correlation_inner;
  std::vector<BoundExpressionPtr> correlation_outer;
  if (aggregated && !correlations.empty()) {
    bool equalities = true;
    for (const BoundExpressionPtr& c : correlations) {
      BoundExpressionPtr inner;
      BoundExpressionPtr outer_side;
      equalities = equalities && SplitEquality(c, &inner, &outer_side);
      correlation_inner.push_back(inner);
      correlation_outer.push_back(outer_side);
    }
    if (!equalities) {
      if (outer_plan_ == nullptr) {
        ThrowNotImplemented(sql_, select.where->position,
                            "this aggregated correlated subquery (correlated by more than equalities) is not supported "
                            "here");
      }
      // The domain: the distinct outer values the correlations read, joined to the
      // inner rows by the correlations; the aggregate is then grouped by them.
      std::vector<bool> used;
      for (const BoundExpressionPtr& c : correlations) {
        RewriteColumns(c, [&](const BoundExpressionPtr& ref) {
          size_t index = ref->As<BoundColumnRef>().index;
          if (index >= kOuterColumnBase) {
            index -= kOuterColumnBase;
            if (used.size() <= index) used.resize(index + 1);
            used[index] = true;
          }
          return ref;
        });
      }
      std::vector<size_t> domain_position(used.size(), SIZE_MAX);
      std::vector<BoundExpressionPtr> domain_columns;
      std::vector<std::string> domain_names;
      for (size_t i = 0; i < used.size(); ++i) {
        if (!used[i]) continue;
        domain_position[i] = domain_columns.size();
        const Field& field = outer_plan_->output().field(i);
        domain_columns.push_back(MakeColumnRef(i, field.type, field.name));
        domain_names.push_back(field.name);
      }
      LogicalPlanPtr domain = std::make_shared<LogicalProject>(outer_plan_, domain_columns, domain_names);
      std::vector<BoundExpressionPtr> domain_groups;
      Schema domain_schema;
      for (size_t k = 0; k < domain_columns.size(); ++k) {
        domain_groups.push_back(MakeColumnRef(k, domain_columns[k]->type(), domain_names[k]));
        domain_schema.AddField({domain_names[k], domain_columns[k]->type()});
      }
      domain = std::make_shared<LogicalAggregate>(domain, domain_groups, std::vector<AggregateCall>{}, domain_schema);
      std::vector<BoundExpressionPtr> conditions;
      for (const BoundExpressionPtr& c : correlations) {
        conditions.push_back(RewriteColumns(c, [&](const BoundExpressionPtr& ref) -> BoundExpressionPtr {
          const auto& column = ref->As<BoundColumnRef>();
          if (column.index < kOuterColumnBase) return ref;
          return MakeColumnRef(from_width + domain_position[column.index - kOuterColumnBase], column.type(),
                               column.name);
        }));
      }
      plan = std::make_shared<LogicalJoin>(plan, domain, exec::JoinType::kInner, MakeConjunction(conditions));
      correlation_inner.clear();
      correlation_outer.clear();
      for (size_t i = 0; i < used.size(); ++i) {
        if (!used[i]) continue;
        const BoundExpressionPtr& column = domain_columns[domain_position[i]];
        correlation_inner.push_back(MakeColumnRef(from_width + domain_position[i], column->type(), domain_names[domain_position[i]]));
        correlation_outer.push_back(MakeColumnRef(kOuterColumnBase + i, column->type(), domain_names[domain_position[i]]));
      }
    }
  }

  // GROUP BY: expressions over the FROM columns, or ordinals of the select list.
  std::unique_ptr<AggregateBinder> aggregate;
  SubqueryPlanner select_subqueries(*this, aggregated ? nullptr : &relation.scope, aggregated ? nullptr : plan);
  ExpressionBinder* projection = &input;
  if (aggregated) {
    std::vector<std::string> texts;
    std::vector<BoundExpressionPtr> groups;
    input.set_clause("GROUP BY");
    input.set_subquery_handler(nullptr);
    if (select.group_by) {
      if (select.group_by->distinct) ThrowNotImplemented(sql_, select.position, "GROUP BY DISTINCT is not supported yet");
      for (const GroupingElement& element : select.group_by->elements) {
        if (element.kind != GroupingKind::kExpressions || element.sets.size() != 1) {
          ThrowNotImplemented(sql_, element.position, "ROLLUP, CUBE and GROUPING SETS are not supported yet");
        }
        for (const ExpressionPtr& expression : element.sets[0]) {
          const Expression* group = expression.get();
          if (IsOrdinal(*group)) {
            size_t column = ResolveOrdinal(sql_, *group, select.select_list.size(), "GROUP BY");
            if (select.select_list[column].star) {
              ThrowBinderError(sql_, group->position,
                               "GROUP BY position " + std::to_string(column + 1) + " is not in select list");
            }
            group = select.select_list[column].expression.get();
          }
          if (ContainsAggregate(*group)) {
            ThrowBinderError(sql_, group->position, "GROUP BY clause cannot contain aggregations: " + group->ToString());
          }
          groups.push_back(input.Bind(*group));
          texts.push_back(group->ToString());
        }
      }
    }
    for (size_t i = 0; i < correlation_inner.size(); ++i) {
      groups.push_back(correlation_inner[i]);
      texts.push_back("\x01correlation" + std::to_string(i));  // never matches SQL text
    }
    input.set_clause("SELECT");
    aggregate = std::make_unique<AggregateBinder>(input, texts, groups, "SELECT");
    projection = aggregate.get();
  }
  projection->set_subquery_handler(&select_subqueries);
  WindowPlanner windows(sql_, select.windows);
  projection->set_window_handler(&windows);

  // SELECT list.
  std::vector<BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  projection->set_clause("SELECT");
  for (const SelectItem& item : select.select_list) {
    if (!item.star) {
      expressions.push_back(projection->Bind(*item.expression));
      names.push_back(OutputName(item, names.size()));
      continue;
    }
    if (aggregated) ThrowNotImplemented(sql_, item.position, "SELECT * with GROUP BY is not supported yet");
    std::vector<size_t> columns;
    if (item.star_qualifier.empty()) {
      for (size_t i = 0; i < relation.scope.size(); ++i) {
        if (!relation.scope.column(i).qualified_only) columns.push_back(i);
      }
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
  if (select.from == nullptr && expressions.empty()) {
    ThrowBinderError(sql_, select.position, "SELECT without FROM needs at least one expression");
  }
  size_t num_visible = expressions.size();

  BoundExpressionPtr having;
  if (select.having) {
    aggregate->set_clause("HAVING");
    aggregate->set_window_handler(nullptr);
    having = aggregate->BindCondition(*select.having);
    aggregate->set_window_handler(&windows);
  }

  // ORDER BY: an ordinal, or an expression in which names are output columns first
  // (OutputNames); one that computes a select item's value sorts by that column, any
  // other by a hidden column.
  std::vector<exec::SortKey> keys;
  projection->set_clause("ORDER BY");
  OutputNames output_names(sql_, names, expressions, num_visible);
  projection->set_name_resolver(&output_names);
  for (const OrderByItem& item : order_by) {
    if (!correlations.empty()) break;  // order does not matter to EXISTS / IN / a scalar
    const Expression& e = *item.expression;
    size_t column = SIZE_MAX;
    BoundExpressionPtr bound;
    if (IsOrdinal(e)) {
      column = ResolveOrdinal(sql_, e, num_visible, "ORDER BY");
    } else {
      bound = projection->Bind(e);
      for (size_t i = 0; i < num_visible && column == SIZE_MAX; ++i) {
        if (SameExpression(*expressions[i], *bound)) column = i;
      }
    }
    if (column == SIZE_MAX) {
      if (select.distinct) {
        ThrowBinderError(sql_, e.position, "For SELECT DISTINCT, ORDER BY expressions must appear in select list");
      }
      expressions.push_back(bound);
      names.push_back("_order" + std::to_string(keys.size()));
      column = expressions.size() - 1;
    }
    keys.push_back({column, item.order != SortOrder::kDescending, item.null_order == NullOrder::kNullsFirst});
  }
  projection->set_name_resolver(nullptr);

  // Correlated subquery: the inner side of the correlations is output after the
  // select list, and the correlations name those output columns.
  std::vector<BoundExpressionPtr> output_correlations;
  if (!correlations.empty()) {
    if (aggregated) {
      size_t first = aggregate->groups().size() - correlation_inner.size();
      for (size_t i = 0; i < correlation_inner.size(); ++i) {
        const BoundExpressionPtr& inner = correlation_inner[i];
        expressions.push_back(MakeColumnRef(first + i, inner->type(), "correlation" + std::to_string(i)));
        names.push_back("correlation" + std::to_string(i));
        output_correlations.push_back(MakeComparison(
            ComparisonOperator::kEqual,
            MakeColumnRef(kSubqueryColumnBase + expressions.size() - 1, inner->type()), correlation_outer[i]));
      }
    } else {
      // Inner columns the correlations read, remapped to output positions.
      std::vector<bool> used;
      for (const BoundExpressionPtr& c : correlations) {
        std::function<void(const BoundExpression&)> visit = [&](const BoundExpression& node) {
          if (node.kind() == BoundExpressionKind::kColumnRef) {
            size_t index = node.As<BoundColumnRef>().index;
            if (index < kDeferredColumnBase) {
              if (used.size() <= index) used.resize(index + 1);
              used[index] = true;
            }
          }
          for (const auto& child : node.children()) visit(*child);
        };
        visit(*c);
      }
      std::vector<size_t> position(used.size(), SIZE_MAX);
      for (size_t i = 0; i < used.size(); ++i) {
        if (!used[i]) continue;
        position[i] = expressions.size();
        expressions.push_back(MakeColumnRef(i, relation.scope.column(i).type, relation.scope.column(i).name));
        names.push_back("correlation" + std::to_string(i));
      }
      for (const BoundExpressionPtr& c : correlations) {
        output_correlations.push_back(RewriteColumns(c, [&](const BoundExpressionPtr& ref) -> BoundExpressionPtr {
          const auto& column = ref->As<BoundColumnRef>();
          if (column.index >= kOuterColumnBase) return ref;
          return MakeColumnRef(kSubqueryColumnBase + position[column.index], column.type(), column.name);
        }));
      }
    }
  }

  if (aggregated) {
    Schema output;
    for (size_t i = 0; i < aggregate->groups().size(); ++i) {
      output.AddField({select.group_by ? aggregate->groups()[i]->ToString() : "", aggregate->groups()[i]->type()});
    }
    for (const AggregateCall& call : aggregate->aggregates()) output.AddField({call.name, call.function->result_type()});
    plan = std::make_shared<LogicalAggregate>(plan, aggregate->groups(), aggregate->aggregates(), output);
  }
  plan = select_subqueries.Apply(plan);
  if (having) plan = std::make_shared<LogicalFilter>(plan, select_subqueries.Resolve(having));
  plan = windows.Apply(plan, [&](const BoundExpressionPtr& e) { return select_subqueries.Resolve(e); });
  for (BoundExpressionPtr& e : expressions) e = windows.Resolve(select_subqueries.Resolve(e));
  plan = std::make_shared<LogicalProject>(plan, expressions, names);
  if (select.distinct) {
    std::vector<BoundExpressionPtr> groups;
    Schema output;
    for (size_t i = 0; i < expressions.size(); ++i) {
      groups.push_back(MakeColumnRef(i, expressions[i]->type(), names[i]));
      output.AddField({names[i], expressions[i]->type()});
    }
    plan = std::make_shared<LogicalAggregate>(plan, groups, std::vector<AggregateCall>{}, output);
  }
  if (!keys.empty()) plan = std::make_shared<LogicalSort>(plan, keys);
  if (query != nullptr && correlations.empty()) {
    uint64_t offset = query->offset ? BindCount(*query->offset, "OFFSET") : 0;
    uint64_t limit = query->limit ? BindCount(*query->limit, "LIMIT") : LogicalLimit::kNoLimit;
    if (offset > 0 || limit != LogicalLimit::kNoLimit) plan = std::make_shared<LogicalLimit>(plan, limit, offset);
  }
  if (correlations.empty()) plan = KeepFirst(plan, num_visible);
  // The count bug: a correlated aggregate without GROUP BY yields one row even for no
  // input; the join finds no group then, so a count must read 0, not NULL.
  BoundExpressionPtr empty_value;
  if (aggregated && !correlations.empty() && !select.group_by && num_visible > 0 &&
      expressions[0]->kind() == BoundExpressionKind::kColumnRef) {
    size_t column = expressions[0]->As<BoundColumnRef>().index;
    size_t first_aggregate = aggregate->groups().size();
    if (column >= first_aggregate) {
      const std::string& name = aggregate->aggregates()[column - first_aggregate].function->name();
      if (name == "count" || name == "count_if" || name == "approx_distinct") {
        empty_value = MakeConstant(Value::BigInt(0));
      }
    }
  }
  return {plan, num_visible, output_correlations, empty_value};
}

}  // namespace sluice::sql
