#include "sql/expression/function_registry.h"

#include <limits>

#include "core/error.h"
#include "sql/expression/coercion.h"
#include "sql/expression/functions/builtin_functions.h"

namespace sluice::sql {

std::string LowerName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ParameterType::ToString() const {
  switch (kind) {
    case Kind::kAnyDecimal:
      return "decimal(p,s)";
    case Kind::kTypeVariable:
      return "T";
    default:
      return type.ToString();
  }
}

std::string ScalarFunction::ToString() const {
  std::string out = name + "(";
  for (size_t i = 0; i < parameters.size(); ++i) {
    if (i > 0) out += ", ";
    out += parameters[i].ToString();
  }
  if (variadic) out += "...";
  return out + ")";
}

const FunctionRegistry& FunctionRegistry::Builtins() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterArithmeticFunctions(r);
    RegisterMathFunctions(r);
    RegisterFloatingFunctions(r);
    RegisterStringFunctions(r);
    RegisterTextFunctions(r);
    RegisterRegexFunctions(r);
    RegisterJsonFunctions(r);
    RegisterDateTimeArithmetic(r);
    RegisterDateTimeFunctions(r);
    return r;
  }();
  return *registry;
}

void FunctionRegistry::Register(ScalarFunction function) {
  function.name = LowerName(function.name);
  SLUICE_ASSERT(function.kernel != nullptr, "a scalar function needs a kernel");
  std::string name = function.name;
  functions_[name].push_back(std::make_unique<ScalarFunction>(std::move(function)));
}

bool FunctionRegistry::Contains(std::string_view name) const {
  return functions_.count(LowerName(name)) != 0;
}

std::span<const std::unique_ptr<ScalarFunction>> FunctionRegistry::Overloads(
    std::string_view name) const {
  auto it = functions_.find(LowerName(name));
  if (it == functions_.end()) return {};
  return it->second;
}

namespace {

constexpr int kNoMatch = std::numeric_limits<int>::max();

/// Cost of calling `function` with arguments of these types, filling the coerced
/// argument types; kNoMatch when it cannot be called.
int MatchCost(const ScalarFunction& function, std::span<const DataType> arguments,
              std::vector<DataType>* coerced) {
  const size_t num_parameters = function.parameters.size();
  if (function.variadic ? arguments.size() < num_parameters
                        : arguments.size() != num_parameters) {
    return kNoMatch;
  }
  coerced->assign(arguments.begin(), arguments.end());
  // The type variable binds to the common super type of its arguments.
  std::optional<DataType> type_variable;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const ParameterType& p = function.parameters[std::min(i, num_parameters - 1)];
    if (p.kind != ParameterType::Kind::kTypeVariable) continue;
    type_variable = type_variable ? CommonSuperType(*type_variable, arguments[i]) : arguments[i];
    if (!type_variable) return kNoMatch;
  }
  if (type_variable && type_variable->id() == TypeId::kUnknown) {
    type_variable = DataType::Unknown();
  }
  int cost = 0;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const ParameterType& p = function.parameters[std::min(i, num_parameters - 1)];
    DataType target;
    switch (p.kind) {
      case ParameterType::Kind::kConcrete:
        target = p.type;
        break;
      case ParameterType::Kind::kTypeVariable:
        target = *type_variable;
        break;
      case ParameterType::Kind::kAnyDecimal:
        if (arguments[i].id() != TypeId::kDecimal && !arguments[i].is_integer() &&
            arguments[i].id() != TypeId::kUnknown) {
          return kNoMatch;
        }
        target = DecimalOf(arguments[i]);
        break;
    }
    int step = CoercionCost(arguments[i], target);
    if (step < 0) return kNoMatch;
    // Count coercions first (weight 100), then how far they widen.
    if (step > 0) cost += 100 + step;
    (*coerced)[i] = target;
  }
  return cost;
}

std::string ArgumentList(std::span<const DataType> types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += ", ";
    out += types[i].ToString();
  }
  return out;
}

}  // namespace

ResolvedFunction FunctionRegistry::Resolve(std::string_view name,
                                           std::span<const DataType> argument_types) const {
  const std::string lower = LowerName(name);
  auto it = functions_.find(lower);
  if (it == functions_.end()) throw BinderError("function " + lower + " does not exist");
  int best_cost = kNoMatch;
  ResolvedFunction best;
  std::vector<DataType> coerced;
  for (const auto& function : it->second) {
    int cost = MatchCost(*function, argument_types, &coerced);
    if (cost < best_cost) {
      best_cost = cost;
      best.function = function.get();
      best.argument_types = coerced;
    }
  }
  if (best.function == nullptr) {
    std::string message =
        "function " + lower + "(" + ArgumentList(argument_types) + ") does not exist; candidates: ";
    for (size_t i = 0; i < it->second.size(); ++i) {
      if (i > 0) message += ", ";
      message += it->second[i]->ToString();
    }
    throw BinderError(message);
  }
  if (best.function->compute_return_type != nullptr) {
    best.return_type = best.function->compute_return_type(&best.argument_types);
  } else {
    best.return_type = best.function->return_type;
  }
  return best;
}

}  // namespace sluice::sql
