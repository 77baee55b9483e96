#include "exec/operators/result_collector.h"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "core/vector_copy.h"

namespace sluice::exec {
namespace {

struct CollectorGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<Chunk> chunks;
  MemoryReservation memory;  ///< What `chunks` hold; guarded by `mutex`.
};

/// Bytes a chunk holds: each vector's data at its type's width, validity bitmaps and
/// string heaps.
uint64_t ChunkBytes(Chunk& chunk) {
  uint64_t bytes = 0;
  for (size_t c = 0; c < chunk.num_columns(); ++c) {
    Vector& vector = chunk.column(c);
    bytes += vector.capacity() * vector.type().fixed_width() + vector.capacity() / 8 + vector.heap().allocated_bytes();
  }
  return bytes;
}

}  // namespace

std::unique_ptr<GlobalSinkState> PhysicalResultCollector::MakeGlobalSinkState(const ExecutionContext& context) const {
  auto state = std::make_unique<CollectorGlobal>();
  state->memory = MemoryReservation(&context.memory(), name());
  return state;
}

SinkResult PhysicalResultCollector::Sink(const Chunk& input, GlobalSinkState& global_base, LocalSinkState&) const {
  auto& global = static_cast<CollectorGlobal&>(global_base);
  std::vector<uint32_t> rows(input.size());
  std::iota(rows.begin(), rows.end(), uint32_t{0});
  std::vector<size_t> columns(types().size());
  std::iota(columns.begin(), columns.end(), size_t{0});
  Chunk copy(types(), std::max<size_t>(input.size(), 1));  // small results stay small
  AppendRows(input, columns, rows, &copy);
  uint64_t bytes = ChunkBytes(copy);
  std::lock_guard lock(global.mutex);
  global.memory.Grow(bytes);
  global.chunks.push_back(std::move(copy));
  return SinkResult::kNeedMoreInput;
}

std::vector<Chunk> PhysicalResultCollector::TakeResult(const ExecutionContext& context) const {
  return std::move(static_cast<CollectorGlobal&>(context.sink_state(*this)).chunks);
}

}  // namespace sluice::exec
