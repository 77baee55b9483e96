#pragma once
// Aggregate functions by name, resolved on argument types with the same implicit
// coercions and cost rule as scalar functions (sql/expression/function_registry.h).

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exec/aggregate/aggregate_function.h"
#include "sql/expression/function_registry.h"

namespace sluice::exec {

/// Builds the definition once the argument types are known (after coercion).
using AggregateFactory = AggregateFunctionPtr (*)(const std::vector<DataType>& argument_types);

/// One overload. Parameters are concrete types, any decimal(p,s) (integers enter as
/// their decimal form) or T (any orderable type, taken as it is).
struct AggregateOverload {
  std::string name;  ///< Lower case.
  std::vector<sql::ParameterType> parameters;
  AggregateFactory factory = nullptr;
  std::string ToString() const;
};

/// The outcome of resolving a call: the definition and the type each argument must be
/// cast to first.
struct ResolvedAggregate {
  AggregateFunctionPtr function;
  std::vector<DataType> argument_types;
};

/// The built-in registry is built once and immutable afterwards (thread-safe reads).
class AggregateRegistry {
 public:
  static const AggregateRegistry& Builtins();
  void Register(AggregateOverload overload);
  bool Contains(std::string_view name) const;
  /// Picks the overload with the cheapest coercions (first registered among equals).
  /// `distinct` wraps the result in MakeDistinctAggregate. count(*) is "count" with no
  /// arguments. Throws BinderError "function sum(varchar) does not exist; candidates: …".
  ResolvedAggregate Resolve(std::string_view name, std::span<const DataType> argument_types,
                            bool distinct = false) const;

 private:
  std::unordered_map<std::string, std::vector<AggregateOverload>> overloads_;
};

/// Registration of the families (one file each).
void RegisterBasicAggregates(AggregateRegistry* registry);
void RegisterStatisticalAggregates(AggregateRegistry* registry);
void RegisterSketchAggregates(AggregateRegistry* registry);

}  // namespace sluice::exec
