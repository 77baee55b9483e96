#pragma once
// Scalar functions by name: overloads, resolution with Trino's implicit coercions,
// and the vectorized kernels that compute them (sql/expression/kernel.h).

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/types.h"
#include "core/value.h"
#include "sql/expression/kernel.h"

namespace sluice::sql {

/// One parameter of a signature: a concrete type, any decimal(p,s), or the type
/// variable T (every T parameter binds to the common super type of its arguments).
struct ParameterType {
  enum class Kind : uint8_t { kConcrete, kAnyDecimal, kTypeVariable };

  ParameterType(DataType type) : kind(Kind::kConcrete), type(std::move(type)) {}  // NOLINT
  static ParameterType AnyDecimal() { return ParameterType(Kind::kAnyDecimal); }
  static ParameterType T() { return ParameterType(Kind::kTypeVariable); }

  std::string ToString() const;

  Kind kind;
  DataType type;

 private:
  explicit ParameterType(Kind k) : kind(k) {}
};

/// Whether the evaluator handles NULL arguments (kPropagate: NULL in → NULL out, the
/// kernel sees valid rows only) or the kernel does (kCustom).
enum class NullHandling : uint8_t { kPropagate, kCustom };

/// Computes the return type from the (coerced) argument types; may also change the
/// argument types (e.g. unify decimal scales). Null: use `return_type`.
using ReturnTypeFunction = DataType (*)(std::vector<DataType>* argument_types);

/// Builds bind data from the argument values that are constant (null pointers for the
/// others), e.g. a compiled pattern. Throws for invalid constants (bad regex).
using BindDataFunction = std::shared_ptr<const FunctionData> (*)(
    std::span<const Value* const> constant_arguments);

/// One overload of a scalar function.
struct ScalarFunction {
  std::string name;  ///< Lower case.
  std::vector<ParameterType> parameters;
  /// The last parameter repeats: any count >= parameters.size() of arguments.
  bool variadic = false;
  DataType return_type;  ///< Ignored for type variables (T) when `compute_return_type`.
  ReturnTypeFunction compute_return_type = nullptr;
  ScalarKernel kernel = nullptr;
  NullHandling null_handling = NullHandling::kPropagate;
  bool deterministic = true;
  BindDataFunction bind_data = nullptr;

  /// "substr(varchar, bigint)", "concat(varchar, varchar...)".
  std::string ToString() const;
};

/// The outcome of resolving a call: which overload, the type every argument must be
/// cast to first (equal to the argument's type when no coercion is needed), and the
/// return type.
struct ResolvedFunction {
  const ScalarFunction* function = nullptr;
  std::vector<DataType> argument_types;
  DataType return_type;
};

/// Functions by case-insensitive name. The built-in registry is built once and is
/// immutable afterwards, so any thread may resolve against it.
class FunctionRegistry {
 public:
  FunctionRegistry() = default;

  /// Every built-in scalar function (arithmetic operators included, under the names
  /// "+", "-", "*", "/", "%" and "negate").
  static const FunctionRegistry& Builtins();

  void Register(ScalarFunction function);
  bool Contains(std::string_view name) const;
  /// The overloads of `name` (lower or any case); empty when unknown.
  std::span<const std::unique_ptr<ScalarFunction>> Overloads(std::string_view name) const;

  /// Picks the overload needing the cheapest coercions (fewest, then shortest
  /// widenings; among equals the first registered). Throws BinderError
  /// "function substr(bigint) does not exist; candidates: substr(varchar, bigint), …"
  /// or "function foo does not exist".
  ResolvedFunction Resolve(std::string_view name, std::span<const DataType> argument_types) const;

 private:
  std::unordered_map<std::string, std::vector<std::unique_ptr<ScalarFunction>>> functions_;
};

/// Lower-case ASCII copy of a name.
std::string LowerName(std::string_view name);

}  // namespace sluice::sql
