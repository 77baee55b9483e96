#include "exec/operators/aggregate_layout.h"

#include <algorithm>

namespace sluice::exec {

AggregateLayout::AggregateLayout(const std::vector<sql::AggregateCall>& calls) {
  for (const sql::AggregateCall& call : calls) {
    size_t align = call.function->state_alignment();
    payload_size = (payload_size + align - 1) / align * align;
    offsets.push_back(payload_size);
    payload_size += call.function->state_size();
    alignment = std::max(alignment, align);
    functions.push_back(call.function);
  }
  payload_size = std::max<size_t>((payload_size + alignment - 1) / alignment * alignment, alignment);
}

void AggregateLayout::Initialize(uint8_t* payload) const {
  for (size_t i = 0; i < functions.size(); ++i) functions[i]->Initialize(payload + offsets[i]);
}

void AggregateLayout::Destroy(const std::vector<uint8_t*>& payloads) const {
  std::vector<uint8_t*> states(payloads.size());
  for (size_t i = 0; i < functions.size(); ++i) {
    if (!functions[i]->has_destructor()) continue;
    for (size_t j = 0; j < payloads.size(); ++j) states[j] = payloads[j] + offsets[i];
    functions[i]->Destroy(states.data(), states.size());
  }
}

AggregateInputs::AggregateInputs(const std::vector<sql::AggregateCall>& calls, const sql::SessionSettings& session)
    : evaluators_(calls.size()), operands_(calls.size()) {
  for (size_t i = 0; i < calls.size(); ++i) {
    for (const auto& argument : calls[i].arguments) {
      evaluators_[i].push_back(std::make_unique<ExpressionEvaluator>(argument, session));
    }
    operands_[i].resize(calls[i].arguments.size());
  }
}

const std::vector<sql::Operand>& AggregateInputs::Evaluate(size_t index, const Chunk& chunk) {
  for (size_t j = 0; j < evaluators_[index].size(); ++j) {
    operands_[index][j] = evaluators_[index][j]->Evaluate(chunk, nullptr, chunk.size());
  }
  return operands_[index];
}

}  // namespace sluice::exec
