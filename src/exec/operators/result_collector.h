#pragma once
// The sink at the root of every query plan: keeps copies of the result chunks in
// arrival order, for the caller to take after execution.

#include <vector>

#include "exec/pipeline/physical_operator.h"

namespace sluice::exec {

class PhysicalResultCollector : public PhysicalOperator {
 public:
  explicit PhysicalResultCollector(std::unique_ptr<PhysicalOperator> child) : PhysicalOperator(std::move(child)) {}
  std::string name() const override { return "ResultCollector"; }

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;

  /// The collected chunks (moved out of the query's state).
  std::vector<Chunk> TakeResult(const ExecutionContext& context) const;
};

}  // namespace sluice::exec
