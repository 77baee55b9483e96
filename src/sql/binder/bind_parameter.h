#pragma once
// `?` and `:name` parameters of a prepared statement become constants of their bound
// values' types: a value is data from the moment it is bound and never SQL text, so
// `'; DROP TABLE t; --` is one varchar like any other.
//
// The values reach the binder through a scope object on the binding thread
// (ParameterValuesScope) rather than through every binder's constructor: expression
// binders are created in many places of the binder and carry no session, and one
// statement is bound on one thread, so the engine sets the values around planning.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "sql/expression/bound_expression.h"
#include "sql/parser/expression.h"

namespace sluice::sql {

/// The values of one execution of a prepared statement.
struct ParameterValues {
  /// positional[i] is the value of the (i+1)-th `?`; nullopt while unbound.
  std::vector<std::optional<Value>> positional;
  /// `:name` (lower case, without the colon) → value.
  std::map<std::string, Value, std::less<>> named;
};

/// Makes `values` the parameters bound on this thread until the scope ends (scopes
/// nest; the previous values come back). `values` must outlive the scope.
class ParameterValuesScope {
 public:
  explicit ParameterValuesScope(const ParameterValues* values);
  ~ParameterValuesScope();
  ParameterValuesScope(const ParameterValuesScope&) = delete;
  ParameterValuesScope& operator=(const ParameterValuesScope&) = delete;

 private:
  const ParameterValues* previous_;
};

/// The constant for `parameter` from the values in scope on this thread. Throws
/// BinderError pointing at the parameter when it has no value (or no scope is set:
/// a statement with parameters run without QueryEngine::Prepare).
BoundExpressionPtr BindParameter(std::string_view sql, const ParameterExpression& parameter);

}  // namespace sluice::sql
