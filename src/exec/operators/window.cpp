#include "exec/operators/window.h"

#include <atomic>
#include <cstring>
#include <mutex>

#include "core/error.h"
#include "core/scheduler.h"
#include "exec/expression/evaluator.h"
#include "exec/window/window_columns.h"
#include "exec/window/window_evaluator.h"
#include "exec/window/window_partitioner.h"

namespace sluice::exec {
namespace {

/// A row's result location: bucket << kPositionBits | position in the sorted bucket.
constexpr int kPositionBits = 56;
constexpr uint64_t kPositionMask = (uint64_t{1} << kPositionBits) - 1;

/// Copies the first `count` values of `from` into `to` (same type) without copying
/// string bytes: `to`'s strings point where `from`'s do.
void ShallowCopy(const Vector& from, size_t count, Vector* to) {
  std::memcpy(to->raw_data(), from.data<uint8_t>(), count * from.type().fixed_width());
  if (from.all_valid()) return;
  for (size_t r = 0; r < count; ++r) {
    if (from.IsNull(r)) to->SetNull(r);
  }
}

struct WindowGlobal : GlobalSinkState {
  WindowGlobal(const std::vector<WindowCall>& calls, const WindowLayout& layout, const ExecutionContext& context)
      : plan(calls, layout, context.session()), rows(layout) {}

  WindowCallPlan plan;
  std::mutex mutex;
  WindowPartitionedRows rows;
  std::vector<MemoryReservation> reservations;  ///< The threads' rows, then the results.
  // After Finalize:
  std::vector<std::vector<std::vector<Chunk>>> results;  ///< [group][bucket] → result chunks in sorted order
  std::vector<std::vector<uint64_t>> locations;         ///< [group][row reference] → result location
};

struct WindowLocal : LocalSinkState {
  WindowLocal(const WindowLayout& layout, const ExecutionContext& context, const std::string& name)
      : stored(layout.stored_types()), rows(layout), memory(&context.memory(), name) {
    for (const auto& expression : layout.computed()) {
      evaluators.push_back(std::make_unique<ExpressionEvaluator>(expression, context.session()));
    }
  }
  std::vector<std::unique_ptr<ExpressionEvaluator>> evaluators;  ///< Of the computed columns.
  Chunk stored;  ///< Input plus computed columns (strings point into the input).
  WindowLocalRows rows;
  MemoryReservation memory;
};

struct WindowSource : GlobalSourceState {
  explicit WindowSource(WindowGlobal& sink) : sink(sink) {}
  WindowGlobal& sink;
  std::atomic<size_t> next{0};
};

}  // namespace

std::vector<DataType> WindowOutputTypes(const std::vector<DataType>& child_types,
                                        const std::vector<WindowCall>& calls) {
  std::vector<DataType> types = child_types;
  for (const WindowCall& call : calls) types.push_back(call.type);
  return types;
}

PhysicalWindow::PhysicalWindow(std::unique_ptr<PhysicalOperator> child, std::vector<WindowCall> calls)
    : PhysicalWindow(Parts{WindowOutputTypes(child->types(), calls), std::move(child), std::move(calls)}) {}

PhysicalWindow::PhysicalWindow(Parts parts)
    : PhysicalOperator(std::move(parts.types), std::move(parts.child)), calls_(std::move(parts.calls)),
      layout_(children()[0]->types(), calls_) {}

std::string PhysicalWindow::name() const {
  std::string text = "Window [";
  for (size_t i = 0; i < calls_.size(); ++i) text += (i ? ", " : "") + calls_[i].DisplayName();
  return text + "]";
}

std::unique_ptr<GlobalSinkState> PhysicalWindow::MakeGlobalSinkState(const ExecutionContext& context) const {
  return std::make_unique<WindowGlobal>(calls_, layout_, context);
}

std::unique_ptr<LocalSinkState> PhysicalWindow::MakeLocalSinkState(GlobalSinkState&,
                                                                   const ExecutionContext& context) const {
  return std::make_unique<WindowLocal>(layout_, context, name());
}

SinkResult PhysicalWindow::Sink(const Chunk& input, GlobalSinkState&, LocalSinkState& local_base) const {
  auto& local = static_cast<WindowLocal&>(local_base);
  const size_t count = input.size();
  const Chunk* rows = &input;
  if (!local.evaluators.empty()) {
    local.stored.Reset();
    const size_t num_child = layout_.num_child_columns();
    for (size_t c = 0; c < num_child; ++c) ShallowCopy(input.column(c), count, &local.stored.column(c));
    for (size_t i = 0; i < local.evaluators.size(); ++i) {
      const Vector& values = local.evaluators[i]->EvaluateToVector(input, nullptr, count);
      ShallowCopy(values, count, &local.stored.column(num_child + i));
    }
    local.stored.set_size(count);
    rows = &local.stored;
  }
  local.memory.Grow(local.rows.EstimateAppendBytes(*rows));
  local.rows.Append(*rows);
  local.memory.Resize(local.rows.memory_bytes());
  return SinkResult::kNeedMoreInput;
}

void PhysicalWindow::Combine(GlobalSinkState& global_base, LocalSinkState& local_base) const {
  auto& global = static_cast<WindowGlobal&>(global_base);
  auto& local = static_cast<WindowLocal&>(local_base);
  std::lock_guard lock(global.mutex);
  global.rows.Add(std::move(local.rows));
  global.reservations.push_back(std::move(local.memory));
}

void PhysicalWindow::Finalize(GlobalSinkState& global_base, const ExecutionContext& context) const {
  auto& global = static_cast<WindowGlobal&>(global_base);
  const auto& groups = layout_.groups();
  const size_t num_refs = global.rows.rows()->num_chunks() * kChunkCapacity;
  MemoryReservation locations_memory(&context.memory(), name());
  locations_memory.Grow(groups.size() * num_refs * sizeof(uint64_t));
  global.locations.assign(groups.size(), std::vector<uint64_t>(num_refs));
  global.results.resize(groups.size());
  std::vector<std::vector<MemoryReservation>> bucket_memory(groups.size());
  const std::function<void()> check_cancelled = [&context] {
    if (context.cancelled()) throw InterruptedError("query cancelled");
  };

  TaskGroup tasks;
  for (size_t g = 0; g < groups.size(); ++g) {
    const size_t num_buckets = global.rows.num_buckets(g);
    global.results[g].resize(num_buckets);
    bucket_memory[g].resize(num_buckets);
    for (size_t b = 0; b < num_buckets; ++b) {
      if (global.rows.bucket_rows(g, b) == 0) continue;
      tasks.Run([&, g, b, num_buckets] {
        MemoryReservation memory(&context.memory(), name());
        const SortedBucket bucket = global.rows.SortBucket(g, b, num_buckets == 1);
        memory.Grow(bucket.memory_bytes());
        MemoryReservation results_memory(&context.memory(), name());
        global.results[g][b] = global.plan.Evaluate(g, bucket, check_cancelled, &results_memory);
        std::vector<uint64_t>& locations = global.locations[g];
        for (size_t p = 0; p < bucket.num_rows(); ++p) {
          locations[bucket.refs[p]] = uint64_t{b} << kPositionBits | p;
        }
        bucket_memory[g][b] = std::move(results_memory);
      });
    }
  }
  tasks.Wait();
  global.reservations.push_back(std::move(locations_memory));
  for (auto& group_memory : bucket_memory) {
    for (auto& memory : group_memory) global.reservations.push_back(std::move(memory));
  }
}

std::unique_ptr<GlobalSourceState> PhysicalWindow::MakeGlobalSourceState(const ExecutionContext& context) const {
  return std::make_unique<WindowSource>(static_cast<WindowGlobal&>(context.sink_state(*this)));
}

SourceResult PhysicalWindow::GetChunk(GlobalSourceState& source_base, LocalSourceState&, Chunk* out) const {
  auto& source = static_cast<WindowSource&>(source_base);
  WindowGlobal& global = source.sink;
  const std::shared_ptr<RowStore>& store = global.rows.rows();
  const size_t index = source.next.fetch_add(1);
  if (index >= store->num_chunks()) return SourceResult::kFinished;
  const Chunk& stored = store->chunk(index);
  const size_t count = stored.size();
  const size_t num_child = layout_.num_child_columns();
  for (size_t c = 0; c < num_child; ++c) {
    Vector& column = out->column(c);
    ShallowCopy(stored.column(c), count, &column);
    if (column.type().is_string()) column.heap().KeepAlive(store);
  }
  const auto& groups = layout_.groups();
  for (size_t g = 0; g < groups.size(); ++g) {
    const uint64_t* locations = global.locations[g].data() + RowStore::MakeRef(index, 0);
    const std::vector<std::vector<Chunk>>& results = global.results[g];
    for (size_t k = 0; k < groups[g].calls.size(); ++k) {
      Vector* column = &out->column(num_child + groups[g].calls[k]);
      for (size_t r = 0; r < count; ++r) {
        const uint64_t position = locations[r] & kPositionMask;
        const Chunk& chunk = results[locations[r] >> kPositionBits][position / kChunkCapacity];
        CopyValue(chunk.column(k), position % kChunkCapacity, column, r);
      }
    }
  }
  out->set_size(count);
  return SourceResult::kHaveOutput;
}

}  // namespace sluice::exec
