#pragma once
// Pipelines: a physical plan cut at its breakers into chains source → operators →
// sink, and the executor that runs them on the task scheduler.

#include <vector>

#include "exec/pipeline/physical_operator.h"

namespace sluice::exec {

class QueryProfile;

/// One chain of a physical plan. Pointers into the plan, which outlives the pipeline.
struct Pipeline {
  const PhysicalOperator* source = nullptr;
  std::vector<const PhysicalOperator*> operators;  ///< In data order.
  const PhysicalOperator* sink = nullptr;
};

/// The pipelines of the plan rooted at sink `root`, each after the pipelines whose
/// sinks its source reads (so running them in order is correct).
std::vector<Pipeline> BuildPipelines(const PhysicalOperator& root);

/// Runs every pipeline of the plan rooted at sink `root`, each on all threads of the
/// global scheduler (one thread when its source is ordered). Creates the global sink
/// states in `context` first. An error of any thread stops the others' pipelines at
/// their next chunk and is rethrown here (std::exception_ptr through TaskGroup), as is
/// InterruptedError("query cancelled") once context->cancelled().
/// With a `profile` (EXPLAIN ANALYZE; query_profile.h) every operator call is timed and
/// counted and the context's memory reports to the profile, which must outlive the
/// context; without one nothing is measured.
void ExecutePipelines(const PhysicalOperator& root, ExecutionContext* context, QueryProfile* profile = nullptr);

}  // namespace sluice::exec
