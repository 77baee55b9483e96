#pragma once
// LIMIT / OFFSET as a sink: keeps rows offset .. offset + limit of what arrives (in
// arrival order, which is the query's order when the input comes from an ordered
// source, since that pipeline runs on one thread) and says kFinished once it has
// them, which stops the pipeline. Its source returns the kept rows in order.

#include "exec/pipeline/physical_operator.h"

namespace sluice::exec {

class PhysicalLimit : public PhysicalOperator {
 public:
  PhysicalLimit(std::unique_ptr<PhysicalOperator> child, uint64_t limit, uint64_t offset);
  std::string name() const override;

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;

  bool IsSource() const override { return true; }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext& context) const override;
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState& local, Chunk* out) const override;

 private:
  uint64_t limit_;
  uint64_t offset_;
};

}  // namespace sluice::exec
