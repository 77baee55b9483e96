#pragma once
// Aggregates without GROUP BY: each thread folds its rows into one set of states,
// Combine folds them into the global states under a lock, and the source returns
// exactly one row (also for empty input: count 0, sum NULL).

#include <vector>

#include "exec/operators/aggregate_layout.h"
#include "exec/pipeline/physical_operator.h"

namespace sluice::exec {

class PhysicalUngroupedAggregate : public PhysicalOperator {
 public:
  PhysicalUngroupedAggregate(std::unique_ptr<PhysicalOperator> child, std::vector<sql::AggregateCall> aggregates);
  std::string name() const override;

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState(GlobalSinkState& global,
                                                     const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;
  void Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  void Finalize(GlobalSinkState& global, const ExecutionContext& context) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext& context) const override;
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState& local, Chunk* out) const override;

 private:
  std::vector<sql::AggregateCall> aggregates_;
  AggregateLayout layout_;
};

}  // namespace sluice::exec
