#pragma once
// GROUP BY: a sink that aggregates each thread's input into its own GroupHashTable,
// then (Finalize) combines the threads' tables partition by partition in parallel —
// each hash partition has one final table, so no locks — and a source that returns
// the finished groups (group columns, then one column per aggregate).

#include <vector>

#include "exec/operators/aggregate_layout.h"
#include "exec/pipeline/physical_operator.h"

namespace sluice::exec {

class PhysicalHashAggregate : public PhysicalOperator {
 public:
  PhysicalHashAggregate(std::unique_ptr<PhysicalOperator> child, std::vector<sql::BoundExpressionPtr> groups,
                        std::vector<sql::AggregateCall> aggregates, std::vector<DataType> types);
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
  std::vector<sql::BoundExpressionPtr> groups_;
  std::vector<sql::AggregateCall> aggregates_;
  AggregateLayout layout_;
};

}  // namespace sluice::exec
