#include "exec/pipeline/pipeline.h"

#include <atomic>

#include "core/error.h"
#include "core/scheduler.h"

namespace sluice::exec {
namespace {

/// Adds `op` (which feeds `current`) and everything below it.
void BuildFrom(const PhysicalOperator& op, Pipeline* current, std::vector<Pipeline>* pipelines) {
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
  PipelineThread(const Pipeline& pipeline, const ExecutionContext& context, GlobalSourceState& source_state,
                 GlobalSinkState& sink_state)
      : pipeline_(pipeline), sink_state_(sink_state), source_state_(source_state) {
    local_source_ = pipeline.source->MakeLocalSourceState(source_state);
    for (const PhysicalOperator* op : pipeline.operators) {
      states_.push_back(op->MakeOperatorState(context));
      chunks_.emplace_back(op->types());
    }
    local_sink_ = pipeline.sink->MakeLocalSinkState(sink_state, context);
  }

  /// Pulls from the source until it or the sink is done, or `stop` is set.
  void Run(std::atomic<bool>& stop, const TaskGroup& group) {
    Chunk input(pipeline_.source->types());
    while (!stop.load(std::memory_order_relaxed) && !group.failed()) {
      input.Reset();
      if (pipeline_.source->GetChunk(source_state_, *local_source_, &input) == SourceResult::kFinished) break;
      if (input.size() == 0) continue;
      if (Push(0, input)) {
        stop.store(true);
        break;
      }
    }
    pipeline_.sink->Combine(sink_state_, *local_sink_);
  }

 private:
  /// Pushes `chunk` into operator `index` (or the sink); true when the pipeline is done.
  bool Push(size_t index, const Chunk& chunk) {
    if (index == pipeline_.operators.size()) {
      return pipeline_.sink->Sink(chunk, sink_state_, *local_sink_) == SinkResult::kFinished;
    }
    Chunk& out = chunks_[index];
    while (true) {
      out.Reset();
      OperatorResult result = pipeline_.operators[index]->Execute(chunk, &out, *states_[index]);
      if (out.size() > 0 && Push(index + 1, out)) return true;
      if (result == OperatorResult::kFinished) return true;
      if (result == OperatorResult::kNeedMoreInput) return false;
    }
  }

  const Pipeline& pipeline_;
  GlobalSinkState& sink_state_;
  GlobalSourceState& source_state_;
  std::unique_ptr<LocalSourceState> local_source_;
  std::vector<std::unique_ptr<OperatorState>> states_;
  std::vector<Chunk> chunks_;
  std::unique_ptr<LocalSinkState> local_sink_;
};

void RunPipeline(const Pipeline& pipeline, const ExecutionContext& context) {
  GlobalSinkState& sink_state = context.sink_state(*pipeline.sink);
  std::unique_ptr<GlobalSourceState> source_state = pipeline.source->MakeGlobalSourceState(context);
  TaskScheduler& scheduler = TaskScheduler::Global();
  size_t num_threads = pipeline.source->IsOrderedSource() ? 1 : scheduler.num_threads();
  std::atomic<bool> stop{false};
  TaskGroup group(scheduler);
  for (size_t t = 0; t < num_threads; ++t) {
    group.Run([&] {
      PipelineThread thread(pipeline, context, *source_state, sink_state);
      thread.Run(stop, group);
    });
  }
  group.Wait();
  pipeline.sink->Finalize(sink_state, context);
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

void ExecutePipelines(const PhysicalOperator& root, ExecutionContext* context) {
  std::vector<Pipeline> pipelines = BuildPipelines(root);
  for (const Pipeline& pipeline : pipelines) {
    context->set_sink_state(*pipeline.sink, pipeline.sink->MakeGlobalSinkState(*context));
  }
  for (const Pipeline& pipeline : pipelines) RunPipeline(pipeline, *context);
}

}  // namespace sluice::exec
