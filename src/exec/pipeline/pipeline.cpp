#include "exec/pipeline/pipeline.h"

#include <atomic>
#include <unordered_map>

#include "core/error.h"
#include "core/scheduler.h"
#include "exec/pipeline/query_profile.h"

namespace sluice::exec {
namespace {

/// Adds `op` (which feeds `current`) and everything below it.
void BuildFrom(const PhysicalOperator& op, Pipeline* current, std::vector<Pipeline>* pipelines) {
  if (op.IsUnion()) {
    // Each input after the first feeds a copy of the pipeline above the union (same
    // operators, same sink); the first continues `current`.
    for (size_t i = 1; i < op.children().size(); ++i) {
      Pipeline copy;
      copy.operators = current->operators;
      copy.sink = current->sink;
      BuildFrom(*op.children()[i], &copy, pipelines);
      pipelines->push_back(std::move(copy));
    }
    BuildFrom(*op.children()[0], current, pipelines);
    return;
  }
  if (op.IsSink() && op.children().size() == 2) {
    // A join: the sink of its build side's pipeline (which must run first) and an
    // operator of the probe side's pipeline.
    Pipeline build;
    build.sink = &op;
    BuildFrom(*op.children()[1], &build, pipelines);
    pipelines->push_back(std::move(build));
    current->operators.insert(current->operators.begin(), &op);
    BuildFrom(*op.children()[0], current, pipelines);
    return;
  }
  if (op.IsSink()) {
    // A breaker: it is the source of `current` and the sink of a pipeline below.
    current->source = &op;
    Pipeline below;
    below.sink = &op;
    SLUICE_ASSERT(op.children().size() == 1, "a breaker has one child");
    BuildFrom(*op.children()[0], &below, pipelines);
    pipelines->push_back(std::move(below));
    return;
  }
  if (op.IsSource()) {
    current->source = &op;
    return;
  }
  SLUICE_ASSERT(op.children().size() == 1, "a streaming operator has one child");
  current->operators.insert(current->operators.begin(), &op);
  BuildFrom(*op.children()[0], current, pipelines);
}

/// One thread's run of a pipeline.
class PipelineThread {
 public:
  /// A thread running the whole pipeline (`first` = 0), or only the operators from
  /// `first` on (the final pass of a join, which feeds operator `first`).
  /// `profile` (may be null) receives the operators' counters.
  PipelineThread(const Pipeline& pipeline, const ExecutionContext& context, GlobalSourceState* source_state,
                 GlobalSinkState& sink_state, const QueryProfile* profile, size_t first = 0)
      : pipeline_(pipeline), context_(context), sink_state_(sink_state), source_state_(source_state) {
    if (source_state != nullptr) local_source_ = pipeline.source->MakeLocalSourceState(*source_state);
    for (size_t i = 0; i < pipeline.operators.size(); ++i) {
      const PhysicalOperator* op = pipeline.operators[i];
      states_.push_back(i < first ? nullptr : op->MakeOperatorState(context));
      chunks_.emplace_back(op->types());
      operator_counters_.push_back(profile != nullptr ? &profile->counters(*op) : nullptr);
    }
    local_sink_ = pipeline.sink->MakeLocalSinkState(sink_state, context);
    if (profile != nullptr) {
      source_counters_ = &profile->counters(*pipeline.source);
      sink_counters_ = &profile->counters(*pipeline.sink);
      // A sink that is no source and no join (the result collector) counts its input.
      count_sink_rows_ = !pipeline.sink->IsSource() && pipeline.sink->children().size() == 1;
    }
  }

  /// Pulls from the source until it or the sink is done, or `stop` is set.
  void Run(std::atomic<bool>& stop, const TaskGroup& group) {
    Chunk input(pipeline_.source->types());
    while (!stop.load(std::memory_order_relaxed) && !group.failed()) {
      CheckCancelled();
      input.Reset();
      SourceResult result;
      {
        ScopedOperatorTimer timer(source_counters_);
        result = pipeline_.source->GetChunk(*source_state_, *local_source_, &input);
      }
      if (result == SourceResult::kFinished) break;
      if (input.size() == 0) continue;
      CountRows(source_counters_, input.size());
      if (Push(0, input)) {
        stop.store(true);
        break;
      }
    }
    Combine();
  }

  /// The final pass of join operator `index`: its remaining rows through the rest of
  /// the pipeline.
  void RunFinal(size_t index) {
    const PhysicalOperator& join = *pipeline_.operators[index];
    QueryProfile::OperatorCounters* counters = operator_counters_[index];
    std::unique_ptr<GlobalSourceState> state;
    {
      ScopedOperatorTimer timer(counters);
      state = join.MakeFinalState(context_);
    }
    Chunk& out = chunks_[index];
    while (true) {
      CheckCancelled();
      out.Reset();
      SourceResult result;
      {
        ScopedOperatorTimer timer(counters);
        result = join.GetFinalChunk(context_, *state, &out);
      }
      CountRows(counters, out.size());
      if (out.size() > 0 && Push(index + 1, out)) break;
      if (result == SourceResult::kFinished) break;
    }
    Combine();
  }

 private:
  /// Pushes `chunk` into operator `index` (or the sink); true when the pipeline is done.
  bool Push(size_t index, const Chunk& chunk) {
    if (index == pipeline_.operators.size()) {
      ScopedOperatorTimer timer(sink_counters_);
      if (count_sink_rows_) CountRows(sink_counters_, chunk.size());
      return pipeline_.sink->Sink(chunk, sink_state_, *local_sink_) == SinkResult::kFinished;
    }
    Chunk& out = chunks_[index];
    QueryProfile::OperatorCounters* counters = operator_counters_[index];
    while (true) {
      out.Reset();
      OperatorResult result;
      {
        ScopedOperatorTimer timer(counters);
        result = pipeline_.operators[index]->Execute(chunk, &out, *states_[index]);
      }
      CountRows(counters, out.size());
      if (out.size() > 0 && Push(index + 1, out)) return true;
      if (result == OperatorResult::kFinished) return true;
      if (result == OperatorResult::kNeedMoreInput) return false;
    }
  }

  void Combine() {
    ScopedOperatorTimer timer(sink_counters_);
    pipeline_.sink->Combine(sink_state_, *local_sink_);
  }

  void CheckCancelled() const {
    if (context_.cancelled()) throw InterruptedError("query cancelled");
  }

  static void CountRows(QueryProfile::OperatorCounters* counters, size_t rows) {
    if (counters != nullptr) counters->rows.fetch_add(rows, std::memory_order_relaxed);
  }

  const Pipeline& pipeline_;
  const ExecutionContext& context_;
  GlobalSinkState& sink_state_;
  GlobalSourceState* source_state_;
  std::unique_ptr<LocalSourceState> local_source_;
  std::vector<std::unique_ptr<OperatorState>> states_;
  std::vector<Chunk> chunks_;
  std::unique_ptr<LocalSinkState> local_sink_;
  // Profiling (EXPLAIN ANALYZE) only; null otherwise.
  std::vector<QueryProfile::OperatorCounters*> operator_counters_;
  QueryProfile::OperatorCounters* source_counters_ = nullptr;
  QueryProfile::OperatorCounters* sink_counters_ = nullptr;
  bool count_sink_rows_ = false;
};

/// Runs `pipeline`; `last_for_sink`: no later pipeline feeds its sink (Finalize it);
/// `final_pass[i]`: run operator i's final pass (no later pipeline contains it);
/// `profile` (may be null) receives the operators' counters.
void RunPipeline(const Pipeline& pipeline, const ExecutionContext& context, bool last_for_sink,
                 const std::vector<bool>& final_pass, const QueryProfile* profile) {
  GlobalSinkState& sink_state = context.sink_state(*pipeline.sink);
  std::unique_ptr<GlobalSourceState> source_state = pipeline.source->MakeGlobalSourceState(context);
  TaskScheduler& scheduler = TaskScheduler::Global();
  size_t num_threads = pipeline.source->IsOrderedSource() ? 1 : scheduler.num_threads();
  std::atomic<bool> stop{false};
  TaskGroup group(scheduler);
  for (size_t t = 0; t < num_threads; ++t) {
    group.Run([&] {
      PipelineThread thread(pipeline, context, source_state.get(), sink_state, profile);
      thread.Run(stop, group);
    });
  }
  group.Wait();
  if (!stop.load()) {
    for (size_t i = 0; i < pipeline.operators.size(); ++i) {
      if (!final_pass[i] || !pipeline.operators[i]->HasFinalOutput()) continue;
      PipelineThread thread(pipeline, context, nullptr, sink_state, profile, i);
      thread.RunFinal(i);
    }
  }
  if (last_for_sink) {
    ScopedOperatorTimer timer(profile != nullptr ? &profile->counters(*pipeline.sink) : nullptr);
    pipeline.sink->Finalize(sink_state, context);
  }
}

}  // namespace

std::vector<Pipeline> BuildPipelines(const PhysicalOperator& root) {
  SLUICE_ASSERT(root.IsSink() && root.children().size() == 1, "a plan ends in a sink with one child");
  std::vector<Pipeline> pipelines;
  Pipeline last;
  last.sink = &root;
  BuildFrom(*root.children()[0], &last, &pipelines);
  pipelines.push_back(std::move(last));
  return pipelines;
}

void ExecutePipelines(const PhysicalOperator& root, ExecutionContext* context, QueryProfile* profile) {
  if (profile != nullptr) context->memory().set_observer(profile);
  std::vector<Pipeline> pipelines = BuildPipelines(root);
  // A UNION ALL makes several pipelines share a sink and operators: the sink is
  // finalized, and an operator's final pass run, after the last of them.
  // A join is both the sink of its build pipeline and an operator of its probe
  // pipeline: the two uses are counted apart.
  std::unordered_map<const PhysicalOperator*, size_t> last_sink_use;
  std::unordered_map<const PhysicalOperator*, size_t> last_operator_use;
  for (size_t p = 0; p < pipelines.size(); ++p) {
    if (!last_sink_use.contains(pipelines[p].sink)) {
      context->set_sink_state(*pipelines[p].sink, pipelines[p].sink->MakeGlobalSinkState(*context));
    }
    last_sink_use[pipelines[p].sink] = p;
    for (const PhysicalOperator* op : pipelines[p].operators) last_operator_use[op] = p;
  }
  for (size_t p = 0; p < pipelines.size(); ++p) {
    const Pipeline& pipeline = pipelines[p];
    std::vector<bool> final_pass;
    for (const PhysicalOperator* op : pipeline.operators) final_pass.push_back(last_operator_use[op] == p);
    RunPipeline(pipeline, *context, last_sink_use[pipeline.sink] == p, final_pass, profile);
  }
}

}  // namespace sluice::exec
