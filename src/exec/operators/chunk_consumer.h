#pragma once
// A sink that hands every result chunk to a callback instead of keeping it: rows that
// leave the engine as they are computed (a job's PostgreSQL load streams a step's rows
// into COPY without holding the result in memory). The callback runs under a mutex,
// so it sees one chunk at a time, from any pipeline thread; chunk order is the
// arrival order (a query ending in ORDER BY runs its last pipeline on one thread).

#include <functional>

#include "exec/pipeline/physical_operator.h"

namespace sluice::exec {

class PhysicalChunkConsumer : public PhysicalOperator {
 public:
  PhysicalChunkConsumer(std::unique_ptr<PhysicalOperator> child, std::function<void(const Chunk&)> consume)
      : PhysicalOperator(std::move(child)), consume_(std::move(consume)) {}
  std::string name() const override { return "ChunkConsumer"; }

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  /// Calls the callback; an exception from it fails the query.
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;

 private:
  std::function<void(const Chunk&)> consume_;
};

}  // namespace sluice::exec
