#pragma once
// Where each aggregate's state lives inside one group's payload, and the per-thread
// evaluation of aggregate arguments. Shared by the grouped and ungrouped aggregates.

#include <memory>
#include <vector>

#include "exec/expression/evaluator.h"
#include "sql/planner/logical_plan.h"

namespace sluice::exec {

struct AggregateLayout {
  explicit AggregateLayout(const std::vector<sql::AggregateCall>& calls);

  std::vector<AggregateFunctionPtr> functions;
  std::vector<size_t> offsets;  ///< Of each state within the payload.
  size_t payload_size = 0;
  size_t alignment = 8;

  void Initialize(uint8_t* payload) const;
  /// Destroys the states of `payloads` (functions with destructors only).
  void Destroy(const std::vector<uint8_t*>& payloads) const;
};

/// One thread's evaluators of every aggregate's arguments.
class AggregateInputs {
 public:
  AggregateInputs(const std::vector<sql::AggregateCall>& calls, const sql::SessionSettings& session);
  /// Evaluates aggregate `index`'s arguments over all rows of `chunk`; valid until
  /// the next call for the same aggregate.
  const std::vector<sql::Operand>& Evaluate(size_t index, const Chunk& chunk);

 private:
  std::vector<std::vector<std::unique_ptr<ExpressionEvaluator>>> evaluators_;
  std::vector<std::vector<sql::Operand>> operands_;
};

}  // namespace sluice::exec
