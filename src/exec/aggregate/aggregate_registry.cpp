#include "exec/aggregate/aggregate_registry.h"

#include <algorithm>
#include <climits>

#include "core/error.h"
#include "sql/expression/coercion.h"

namespace sluice::exec {
namespace {

using sql::ParameterType;

constexpr int kNoMatch = INT_MAX;

std::string ArgumentList(std::span<const DataType> types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += ", ";
    out += types[i].ToString();
  }
  return out;
}

/// Cost of calling `overload` with `arguments` (lower is better), kNoMatch when it
/// cannot be called; fills the coerced argument types. Same weights as scalar
/// resolution: the number of coercions first, then how far they widen.
int MatchCost(const AggregateOverload& overload, std::span<const DataType> arguments,
              std::vector<DataType>* coerced) {
  if (arguments.size() != overload.parameters.size()) return kNoMatch;
  coerced->assign(arguments.begin(), arguments.end());
  int cost = 0;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const ParameterType& p = overload.parameters[i];
    DataType target;
    switch (p.kind) {
      case ParameterType::Kind::kConcrete:
        target = p.type;
        break;
      case ParameterType::Kind::kTypeVariable:
        // Each T stands alone (min_by(x, y) takes two unrelated types).
        if (arguments[i].is_nested()) return kNoMatch;
        target = arguments[i];
        break;
      case ParameterType::Kind::kAnyDecimal:
        if (arguments[i].id() != TypeId::kDecimal && !arguments[i].is_integer() &&
            arguments[i].id() != TypeId::kUnknown) {
          return kNoMatch;
        }
        target = sql::DecimalOf(arguments[i]);
        break;
    }
    int step = sql::CoercionCost(arguments[i], target);
    if (step < 0) return kNoMatch;
    if (step > 0) cost += 100 + step;
    (*coerced)[i] = target;
  }
  return cost;
}

}  // namespace

std::string AggregateFunction::ToString() const {
  return name_ + "(" + ArgumentList(argument_types_) + ") -> " + result_type_.ToString();
}

std::string AggregateOverload::ToString() const {
  std::string out = name + "(";
  for (size_t i = 0; i < parameters.size(); ++i) {
    if (i > 0) out += ", ";
    out += parameters[i].ToString();
  }
  return out + ")";
}

const AggregateRegistry& AggregateRegistry::Builtins() {
  static const AggregateRegistry* registry = [] {
    auto* r = new AggregateRegistry();
    RegisterBasicAggregates(r);
    RegisterStatisticalAggregates(r);
    RegisterSketchAggregates(r);
    return r;
  }();
  return *registry;
}

void AggregateRegistry::Register(AggregateOverload overload) {
  std::string name = overload.name;
  overloads_[name].push_back(std::move(overload));
}

bool AggregateRegistry::Contains(std::string_view name) const {
  return overloads_.count(sql::LowerName(name)) > 0;
}

ResolvedAggregate AggregateRegistry::Resolve(std::string_view name,
                                             std::span<const DataType> argument_types,
                                             bool distinct) const {
  const std::string lower = sql::LowerName(name);
  auto it = overloads_.find(lower);
  if (it == overloads_.end()) throw BinderError("function " + lower + " does not exist");
  int best_cost = kNoMatch;
  const AggregateOverload* best = nullptr;
  std::vector<DataType> best_types;
  std::vector<DataType> coerced;
  for (const AggregateOverload& overload : it->second) {
    int cost = MatchCost(overload, argument_types, &coerced);
    if (cost < best_cost) {
      best_cost = cost;
      best = &overload;
      best_types = coerced;
    }
  }
  if (best == nullptr) {
    std::string candidates;
    for (const AggregateOverload& overload : it->second) {
      if (!candidates.empty()) candidates += ", ";
      candidates += overload.ToString();
    }
    throw BinderError("function " + lower + "(" + ArgumentList(argument_types) +
                      ") does not exist; candidates: " + candidates);
  }
  if (distinct && best_types.empty()) {
    throw BinderError("DISTINCT needs an argument: " + lower + "(DISTINCT)");
  }
  AggregateFunctionPtr function = best->factory(best_types);
  if (distinct) function = MakeDistinctAggregate(std::move(function));
  return {std::move(function), std::move(best_types)};
}

}  // namespace sluice::exec
