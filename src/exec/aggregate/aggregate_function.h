#pragma once
// Aggregate functions: immutable definitions with vectorized operations over states
// that live in memory the caller owns (a hash table's group rows, or one buffer for an
// ungrouped aggregate).
//
// Call order per state: Initialize → any number of Update/UpdateSingle/Combine (as the
// target) → Finalize → Destroy (when has_destructor()). A definition is immutable and
// shared by every thread; each thread updates its own states, and Combine folds one
// thread's partial states into the final ones, so a state is never touched by two
// threads at once.
//
// Rows follow the scalar kernel convention (sql/expression/kernel.h): arguments are
// row-aligned Operands and `rows` selects the rows to consume; the caller gives every
// row, NULLs included — each function applies its own NULL rule (most skip rows whose
// argument is NULL, count(*) counts them).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/types.h"
#include "core/vector.h"
#include "sql/expression/kernel.h"

namespace sluice::exec {

/// Pointers to aggregate states; `states[r]` is the state of row r's group (row-aligned
/// like arguments, so a hash table writes it once per chunk for all aggregates).
using StatePointers = uint8_t* const*;

/// One resolved aggregate function: argument types are fixed, so the state layout is.
class AggregateFunction {
 public:
  AggregateFunction(std::string name, std::vector<DataType> argument_types, DataType result_type,
                    size_t state_size, size_t state_alignment, bool has_destructor)
      : name_(std::move(name)), argument_types_(std::move(argument_types)),
        result_type_(std::move(result_type)), state_size_(state_size),
        state_alignment_(state_alignment), has_destructor_(has_destructor) {}
  virtual ~AggregateFunction() = default;
  AggregateFunction(const AggregateFunction&) = delete;
  AggregateFunction& operator=(const AggregateFunction&) = delete;

  const std::string& name() const { return name_; }
  const std::vector<DataType>& argument_types() const { return argument_types_; }
  const DataType& result_type() const { return result_type_; }
  /// Bytes and alignment (<= 16) of one state.
  size_t state_size() const { return state_size_; }
  size_t state_alignment() const { return state_alignment_; }
  /// True when states own memory that Destroy must release.
  bool has_destructor() const { return has_destructor_; }

  /// Makes `state` (state_size() uninitialized bytes) the empty aggregate.
  virtual void Initialize(uint8_t* state) const = 0;
  /// Folds argument row r into `states[r]` for every r in `rows`.
  virtual void Update(StatePointers states, std::span<const sql::Operand> args,
                      const sql::Rows& rows) const = 0;
  /// Folds every row in `rows` into one state (the ungrouped aggregate).
  virtual void UpdateSingle(uint8_t* state, std::span<const sql::Operand> args,
                            const sql::Rows& rows) const = 0;
  /// Folds `sources[i]` into `targets[i]` for i < count. Sources stay valid (and must
  /// still be destroyed) but their content is unspecified afterwards: owned memory may
  /// have been moved to the target.
  virtual void Combine(StatePointers sources, StatePointers targets, size_t count) const = 0;
  /// Writes the result of `states[i]` to row `first_row + i` of `out` (of result_type()).
  /// Throws the function's errors (decimal overflow). States stay valid.
  virtual void Finalize(StatePointers states, size_t count, Vector* out,
                        size_t first_row) const = 0;
  /// Releases what the states own; a no-op unless has_destructor().
  virtual void Destroy(StatePointers states, size_t count) const {
    (void)states;
    (void)count;
  }

  /// "sum(bigint) -> bigint".
  std::string ToString() const;

 private:
  std::string name_;
  std::vector<DataType> argument_types_;
  DataType result_type_;
  size_t state_size_;
  size_t state_alignment_;
  bool has_destructor_;
};

using AggregateFunctionPtr = std::shared_ptr<const AggregateFunction>;

/// Wraps `inner` so that it sees each distinct value of its first argument once per
/// group (count(DISTINCT x), sum(DISTINCT x)). The state keeps a set of the values.
AggregateFunctionPtr MakeDistinctAggregate(AggregateFunctionPtr inner);

}  // namespace sluice::exec
