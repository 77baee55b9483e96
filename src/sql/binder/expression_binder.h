#pragma once
// AST expressions → bound expressions (sql/expression/), one AST node at a time onto
// the builders of expression_builder.h, which apply Trino's typing. Errors carry the
// node's line:column and a caret.
//
// The base class binds over one scope and refuses aggregate calls with the clause's
// name ("WHERE clause cannot contain aggregations"). AggregateBinder (below) binds the
// expressions evaluated after a GROUP BY: group expressions become columns of the
// Aggregate node, aggregate calls are collected into it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/binder/bind_scope.h"
#include "sql/expression/bound_expression.h"
#include "sql/parser/ast.h"
#include "sql/planner/logical_plan.h"

namespace sluice::sql {

class ExpressionBinder;

/// Plans the subqueries an expression contains (sql/binder/subquery_planner.h).
class SubqueryHandler {
 public:
  virtual ~SubqueryHandler() = default;
  /// Binds `expression` (EXISTS, IN (subquery), a scalar subquery, a quantified
  /// comparison) met by `binder`; returns its value as an expression.
  virtual BoundExpressionPtr BindSubqueryExpression(const Expression& expression, ExpressionBinder& binder) = 0;
};

/// Plans the window function calls an expression contains (sql/binder/window_planner.h).
class WindowHandler {
 public:
  virtual ~WindowHandler() = default;
  /// Binds `call` (a function with OVER) met by `binder`; returns its value.
  virtual BoundExpressionPtr BindWindow(const FunctionCallExpression& call, ExpressionBinder& binder) = 0;
};

/// Resolves unqualified names before the binder's scope does: ORDER BY sees the select
/// list's output names first (binder.cpp OutputNames).
class NameResolver {
 public:
  virtual ~NameResolver() = default;
  /// The expression `reference` stands for, or null to resolve it in the scope.
  virtual BoundExpressionPtr Resolve(const ColumnRefExpression& reference) = 0;
};

class ExpressionBinder {
 public:
  /// `clause` names where the expressions stand, for messages ("WHERE").
  ExpressionBinder(std::string_view sql, const BindScope& scope, std::string clause);
  virtual ~ExpressionBinder() = default;
  ExpressionBinder(const ExpressionBinder&) = delete;
  ExpressionBinder& operator=(const ExpressionBinder&) = delete;

  BoundExpressionPtr Bind(const Expression& expression);
  /// Binds a boolean condition (WHERE, HAVING): its type must be boolean (or unknown).
  BoundExpressionPtr BindCondition(const Expression& expression);

  std::string_view sql() const { return sql_; }
  const BindScope& scope() const { return scope_; }
  /// Names the clause bound next, for messages.
  void set_clause(std::string clause) { clause_ = std::move(clause); }
  const std::string& clause() const { return clause_; }
  /// Where subqueries go; without one they are refused in this clause.
  void set_subquery_handler(SubqueryHandler* handler) { subqueries_ = handler; }
  /// Where window functions go; without one they are refused in this clause.
  void set_window_handler(WindowHandler* handler) { windows_ = handler; }
  /// The enclosing query's scope: a name this scope lacks resolves there, as a
  /// column kOuterColumnBase + i (a correlated reference). Null: none.
  void set_outer_scope(const BindScope* outer) { outer_ = outer; }
  /// Consulted for every column reference before the scope (and before a subclass's
  /// BindSpecial, which is skipped for a subtree holding a name the resolver takes).
  /// Null: none.
  void set_name_resolver(NameResolver* resolver) { names_ = resolver; }

 protected:
  /// Lets a subclass bind a whole subtree itself (a GROUP BY expression); null: bind
  /// it normally.
  virtual BoundExpressionPtr BindSpecial(const Expression& expression);
  virtual BoundExpressionPtr BindColumn(const ColumnRefExpression& reference);
  virtual BoundExpressionPtr BindAggregate(const FunctionCallExpression& call);

 private:
  BoundExpressionPtr BindNode(const Expression& expression);
  BoundExpressionPtr BindLiteral(const LiteralExpression& literal);
  BoundExpressionPtr BindDecimalLiteral(const TypedLiteralExpression& literal);
  BoundExpressionPtr BindBinary(const BinaryExpression& binary);
  BoundExpressionPtr BindFunction(const FunctionCallExpression& call);
  BoundExpressionPtr BindCase(const CaseExpression& expression);
  std::vector<BoundExpressionPtr> BindList(const ExpressionList& list);

  std::string_view sql_;
  const BindScope& scope_;
  std::string clause_;
  SubqueryHandler* subqueries_ = nullptr;
  WindowHandler* windows_ = nullptr;
  const BindScope* outer_ = nullptr;
  NameResolver* names_ = nullptr;
};

/// Expressions above an Aggregate node (SELECT, HAVING, ORDER BY of a grouped query).
/// The output of the Aggregate is the groups, then the aggregates; this binder maps
/// group expressions (matched by their normalized SQL) to group columns, collects each
/// distinct aggregate call once, and rejects other column references.
class AggregateBinder : public ExpressionBinder {
 public:
  /// `input` binds group expressions and aggregate arguments over the FROM scope;
  /// `group_texts[i]` is group i's normalized SQL and `groups[i]` its bound form.
  AggregateBinder(ExpressionBinder& input, std::vector<std::string> group_texts,
                  std::vector<BoundExpressionPtr> groups, std::string clause);

  const std::vector<BoundExpressionPtr>& groups() const { return groups_; }
  const std::vector<AggregateCall>& aggregates() const { return aggregates_; }

 protected:
  BoundExpressionPtr BindSpecial(const Expression& expression) override;
  BoundExpressionPtr BindColumn(const ColumnRefExpression& reference) override;
  BoundExpressionPtr BindAggregate(const FunctionCallExpression& call) override;

 private:
  static const BindScope& EmptyScope();

  ExpressionBinder& input_;
  std::vector<std::string> group_texts_;
  std::vector<BoundExpressionPtr> groups_;
  std::vector<std::string> aggregate_texts_;
  std::vector<AggregateCall> aggregates_;
};

/// True when `expression` contains an aggregate function call (not inside a subquery).
bool ContainsAggregate(const Expression& expression);

}  // namespace sluice::sql
