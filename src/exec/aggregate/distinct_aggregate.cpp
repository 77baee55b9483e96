// count(DISTINCT x), sum(DISTINCT x), …: a per-group set of the argument's values; the
// inner function runs over the set when the group is finalized.

#include <memory>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/value.h"
#include "exec/aggregate/aggregate_function.h"

namespace sluice::exec {
namespace {

struct ValueHasher {
  size_t operator()(const Value& v) const { return v.Hash(); }
};
using ValueSet = std::unordered_set<Value, ValueHasher>;

class DistinctAggregate final : public AggregateFunction {
 public:
  explicit DistinctAggregate(AggregateFunctionPtr inner)
      : AggregateFunction(inner->name(), inner->argument_types(), inner->result_type(),
                          sizeof(ValueSet), alignof(ValueSet), true),
        inner_(std::move(inner)) {}

  void Initialize(uint8_t* state) const override { new (state) ValueSet(); }

  void Update(StatePointers states, std::span<const sql::Operand> args,
              const sql::Rows& rows) const override {
    rows.ForEach([&](uint32_t row) { Insert(Get(states[row]), args[0], row); });
  }

  void UpdateSingle(uint8_t* state, std::span<const sql::Operand> args,
                    const sql::Rows& rows) const override {
    ValueSet& set = Get(state);
    rows.ForEach([&](uint32_t row) { Insert(set, args[0], row); });
  }

  void Combine(StatePointers sources, StatePointers targets, size_t count) const override {
    for (size_t i = 0; i < count; ++i) Get(targets[i]).merge(Get(sources[i]));
  }

  void Finalize(StatePointers states, size_t count, Vector* out,
                size_t first_row) const override {
    std::vector<uint8_t> buffer(inner_->state_size() + 16);
    uint8_t* inner_state = buffer.data() + (16 - reinterpret_cast<uintptr_t>(buffer.data()) % 16) % 16;
    for (size_t i = 0; i < count; ++i) {
      const ValueSet& set = Get(states[i]);
      inner_->Initialize(inner_state);
      Vector values(argument_types()[0], kChunkCapacity);
      size_t filled = 0;
      auto flush = [&] {
        sql::Operand operand{&values, false};
        inner_->UpdateSingle(inner_state, std::span<const sql::Operand>(&operand, 1),
                             sql::Rows{nullptr, filled});
        values.Reset();
        filled = 0;
      };
      for (const Value& value : set) {
        value.WriteTo(&values, filled++);
        if (filled == kChunkCapacity) flush();
      }
      if (filled > 0) flush();
      uint8_t* pointer = inner_state;
      try {
        inner_->Finalize(&pointer, 1, out, first_row + i);
      } catch (...) {
        inner_->Destroy(&pointer, 1);
        throw;
      }
      inner_->Destroy(&pointer, 1);
    }
  }

  void Destroy(StatePointers states, size_t count) const override {
    for (size_t i = 0; i < count; ++i) Get(states[i]).~ValueSet();
  }

 private:
  static ValueSet& Get(uint8_t* state) { return *std::launder(reinterpret_cast<ValueSet*>(state)); }

  static void Insert(ValueSet& set, const sql::Operand& arg, uint32_t row) {
    uint32_t r = arg.constant ? 0 : row;
    if (arg.vector->IsNull(r)) return;  // DISTINCT ignores NULLs, as the functions do
    set.insert(Value::FromVector(*arg.vector, r));
  }

  AggregateFunctionPtr inner_;
};

}  // namespace

AggregateFunctionPtr MakeDistinctAggregate(AggregateFunctionPtr inner) {
  if (inner->argument_types().size() != 1) {
    throw NotImplementedError("DISTINCT is supported for one-argument aggregates only: " +
                              inner->name());
  }
  return std::make_shared<DistinctAggregate>(std::move(inner));
}

}  // namespace sluice::exec
