#pragma once
// SimpleAggregate<Op>: the vectorized AggregateFunction operations generated from a
// small per-value description, so each function states only what it computes.
//
// Op provides:
//   using State = …;                       // trivially or non-trivially destructible
//   bool Skip(args, row) const;            // the NULL rule (true: ignore the row)
//   void Add(State&, args, row) const;     // fold one valid row
//   void Merge(State& target, State& source) const;
//   void Final(State&, Vector* out, size_t row) const;  // may SetNull
// State is value-initialized by Initialize and destroyed by Destroy.

#include <new>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

#include "exec/aggregate/aggregate_function.h"

namespace sluice::exec {

template <typename Op>
class SimpleAggregate final : public AggregateFunction {
 public:
  using State = typename Op::State;

  SimpleAggregate(std::string name, std::vector<DataType> argument_types, DataType result_type,
                  Op op = Op{})
      : AggregateFunction(std::move(name), std::move(argument_types), std::move(result_type),
                          sizeof(State), alignof(State),
                          !std::is_trivially_destructible_v<State>),
        op_(std::move(op)) {}

  void Initialize(uint8_t* state) const override { new (state) State{}; }

  void Update(StatePointers states, std::span<const sql::Operand> args,
              const sql::Rows& rows) const override {
    rows.ForEach([&](uint32_t row) {
      if (!op_.Skip(args, row)) op_.Add(Get(states[row]), args, row);
    });
  }

  void UpdateSingle(uint8_t* state, std::span<const sql::Operand> args,
                    const sql::Rows& rows) const override {
    State& s = Get(state);
    rows.ForEach([&](uint32_t row) {
      if (!op_.Skip(args, row)) op_.Add(s, args, row);
    });
  }

  void Combine(StatePointers sources, StatePointers targets, size_t count) const override {
    for (size_t i = 0; i < count; ++i) op_.Merge(Get(targets[i]), Get(sources[i]));
  }

  void Finalize(StatePointers states, size_t count, Vector* out,
                size_t first_row) const override {
    for (size_t i = 0; i < count; ++i) op_.Final(Get(states[i]), out, first_row + i);
  }

  void Destroy(StatePointers states, size_t count) const override {
    if constexpr (!std::is_trivially_destructible_v<State>) {
      for (size_t i = 0; i < count; ++i) Get(states[i]).~State();
    } else {
      (void)states;
      (void)count;
    }
  }

  const Op& op() const { return op_; }

 private:
  static State& Get(uint8_t* state) { return *std::launder(reinterpret_cast<State*>(state)); }

  Op op_;
};

/// The common NULL rule: skip rows where the first `N` arguments has a NULL.
template <size_t N>
struct SkipNullArguments {
  bool Skip(std::span<const sql::Operand> args, uint32_t row) const {
    for (size_t i = 0; i < N; ++i) {
      if (args[i].IsNull(row)) return true;
    }
    return false;
  }
};

template <typename Op>
AggregateFunctionPtr MakeSimple(std::string name, std::vector<DataType> argument_types,
                                DataType result_type, Op op = Op{}) {
  return std::make_shared<SimpleAggregate<Op>>(std::move(name), std::move(argument_types),
                                               std::move(result_type), std::move(op));
}

}  // namespace sluice::exec
