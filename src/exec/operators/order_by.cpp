#include "exec/operators/order_by.h"

#include <algorithm>
#include <mutex>

namespace sluice::exec {
namespace {

struct OrderByGlobal : GlobalSinkState {
  std::unique_ptr<SortGlobalState> sort;
  std::unique_ptr<TopNGlobalState> top_n;
  std::unique_ptr<SortedRows> result;
  std::mutex mutex;           ///< Guards `memory`.
  MemoryReservation memory;  ///< The combined runs, then the sorted result.
};

struct OrderByLocal : LocalSinkState {
  std::unique_ptr<SortLocalState> sort;
  std::unique_ptr<TopNLocalState> top_n;
  MemoryReservation memory;  ///< This thread's rows and entries.
};

struct OrderBySource : GlobalSourceState {
  explicit OrderBySource(OrderByGlobal& sink) : sink(sink) {}
  OrderByGlobal& sink;
  size_t next_chunk = 0;  ///< Ordered source: one thread reads.
};

SortSpec MakeSpec(const std::vector<DataType>& types, std::vector<SortKey> keys) {
  SortSpec spec;
  spec.input_types = types;
  spec.keys = std::move(keys);
  return spec;
}

}  // namespace

PhysicalOrderBy::PhysicalOrderBy(std::unique_ptr<PhysicalOperator> child, std::vector<SortKey> keys)
    : PhysicalOperator(std::move(child)) {
  sorter_ = std::make_unique<Sorter>(MakeSpec(types(), std::move(keys)));
}

PhysicalOrderBy::PhysicalOrderBy(std::unique_ptr<PhysicalOperator> child, std::vector<SortKey> keys, uint64_t limit,
                                 uint64_t offset)
    : PhysicalOperator(std::move(child)) {
  TopNSpec spec;
  spec.sort = MakeSpec(types(), std::move(keys));
  spec.limit = static_cast<size_t>(limit);
  spec.offset = static_cast<size_t>(offset);
  top_n_ = std::make_unique<TopN>(spec);
}

std::string PhysicalOrderBy::name() const {
  if (top_n_) {
    return "TopN limit=" + std::to_string(top_n_->spec().limit) + " offset=" + std::to_string(top_n_->spec().offset);
  }
  return "Sort";
}

std::unique_ptr<GlobalSinkState> PhysicalOrderBy::MakeGlobalSinkState(const ExecutionContext& context) const {
  auto state = std::make_unique<OrderByGlobal>();
  state->memory = MemoryReservation(&context.memory(), name());
  if (sorter_) state->sort = sorter_->MakeGlobalState();
  if (top_n_) state->top_n = top_n_->MakeGlobalState();
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalOrderBy::MakeLocalSinkState(GlobalSinkState& global_base,
                                                                    const ExecutionContext& context) const {
  auto& global = static_cast<OrderByGlobal&>(global_base);
  auto state = std::make_unique<OrderByLocal>();
  state->memory = MemoryReservation(&context.memory(), name());
  if (sorter_) state->sort = sorter_->MakeLocalState(*global.sort);
  if (top_n_) state->top_n = top_n_->MakeLocalState(*global.top_n);
  return state;
}

SinkResult PhysicalOrderBy::Sink(const Chunk& input, GlobalSinkState&, LocalSinkState& local_base) const {
  auto& local = static_cast<OrderByLocal&>(local_base);
  if (sorter_) {
    sorter_->Sink(*local.sort, input);
    local.memory.Resize(local.sort->memory_bytes());
  } else {
    top_n_->Sink(*local.top_n, input);
    local.memory.Resize(local.top_n->memory_bytes());
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalOrderBy::Combine(GlobalSinkState& global_base, LocalSinkState& local_base) const {
  auto& global = static_cast<OrderByGlobal&>(global_base);
  auto& local = static_cast<OrderByLocal&>(local_base);
  if (sorter_) {
    sorter_->Combine(*global.sort, *local.sort);
  } else {
    top_n_->Combine(*global.top_n, *local.top_n);
  }
  local.memory.Reset();  // The run moved to the global state.
  std::lock_guard lock(global.mutex);
  global.memory.Resize(sorter_ ? global.sort->memory_bytes() : global.top_n->memory_bytes());
}

void PhysicalOrderBy::Finalize(GlobalSinkState& global_base, const ExecutionContext&) const {
  auto& global = static_cast<OrderByGlobal&>(global_base);
  global.result = sorter_ ? sorter_->Finalize(*global.sort) : top_n_->Finalize(*global.top_n);
  global.memory.Resize(global.result->memory_bytes());
}

std::unique_ptr<GlobalSourceState> PhysicalOrderBy::MakeGlobalSourceState(const ExecutionContext& context) const {
  return std::make_unique<OrderBySource>(static_cast<OrderByGlobal&>(context.sink_state(*this)));
}

SourceResult PhysicalOrderBy::GetChunk(GlobalSourceState& source_base, LocalSourceState&, Chunk* out) const {
  auto& source = static_cast<OrderBySource&>(source_base);
  const SortedRows& rows = *source.sink.result;
  if (source.next_chunk >= rows.num_chunks()) return SourceResult::kFinished;
  rows.ScanChunk(source.next_chunk++, out);
  return SourceResult::kHaveOutput;
}

}  // namespace sluice::exec
