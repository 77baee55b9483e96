#pragma once
// ORDER BY as a pipeline breaker: the sink sorts each thread's rows (exec/sort/
// Sorter or, with a LIMIT, TopN) and merges them in Finalize; the source returns the
// sorted rows in order (an ordered source: the next pipeline runs on one thread).

#include <memory>

#include "exec/pipeline/physical_operator.h"
#include "exec/sort/sorter.h"
#include "exec/sort/top_n.h"

namespace sluice::exec {

class PhysicalOrderBy : public PhysicalOperator {
 public:
  PhysicalOrderBy(std::unique_ptr<PhysicalOperator> child, std::vector<SortKey> keys);
  /// Top-N form: only rows offset.. offset + limit of the order are kept.
  PhysicalOrderBy(std::unique_ptr<PhysicalOperator> child, std::vector<SortKey> keys, uint64_t limit,
                  uint64_t offset);
  std::string name() const override;

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState(GlobalSinkState& global,
                                                     const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;
  void Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  void Finalize(GlobalSinkState& global, const ExecutionContext& context) const override;

  bool IsSource() const override { return true; }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext& context) const override;
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState& local, Chunk* out) const override;

 private:
  std::unique_ptr<Sorter> sorter_;  ///< Full sort; null for top-N.
  std::unique_ptr<TopN> top_n_;     ///< Top-N; null for a full sort.
};

}  // namespace sluice::exec
