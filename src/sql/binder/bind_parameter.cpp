#include "sql/binder/bind_parameter.h"

#include "sql/binder/bind_scope.h"
#include "sql/expression/expression_builder.h"

namespace sluice::sql {
namespace {

thread_local const ParameterValues* current_values = nullptr;

}  // namespace

ParameterValuesScope::ParameterValuesScope(const ParameterValues* values) : previous_(current_values) {
  current_values = values;
}

ParameterValuesScope::~ParameterValuesScope() { current_values = previous_; }

BoundExpressionPtr BindParameter(std::string_view sql, const ParameterExpression& parameter) {
  const ParameterValues* values = current_values;
  if (parameter.name.empty()) {
    size_t slot = static_cast<size_t>(parameter.index) - 1;
    if (values != nullptr && slot < values->positional.size() && values->positional[slot].has_value()) {
      return MakeConstant(*values->positional[slot]);
    }
    ThrowBinderError(sql, parameter.position,
                     "no value bound to parameter ? number " + std::to_string(parameter.index) +
                         (values == nullptr ? " (run the statement through QueryEngine::Prepare and Bind)" : ""));
  }
  if (values != nullptr) {
    auto it = values->named.find(parameter.name);
    if (it != values->named.end()) return MakeConstant(it->second);
  }
  ThrowBinderError(sql, parameter.position,
                   "no value bound to parameter :" + parameter.name +
                       (values == nullptr ? " (run the statement through QueryEngine::Prepare and Bind)" : ""));
}

}  // namespace sluice::sql
