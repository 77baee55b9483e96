#include "exec/operators/result_collector.h"

#include <mutex>
#include <numeric>

#include "core/vector_copy.h"

namespace sluice::exec {
namespace {

struct CollectorGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<Chunk> chunks;
};

}  // namespace

std::unique_ptr<GlobalSinkState> PhysicalResultCollector::MakeGlobalSinkState(const ExecutionContext&) const {
  return std::make_unique<CollectorGlobal>();
}

SinkResult PhysicalResultCollector::Sink(const Chunk& input, GlobalSinkState& global_base, LocalSinkState&) const {
  auto& global = static_cast<CollectorGlobal&>(global_base);
  std::vector<uint32_t> rows(input.size());
  std::iota(rows.begin(), rows.end(), uint32_t{0});
  std::vector<size_t> columns(types().size());
  std::iota(columns.begin(), columns.end(), size_t{0});
  Chunk copy(types());
  AppendRows(input, columns, rows, &copy);
  std::lock_guard lock(global.mutex);
  global.chunks.push_back(std::move(copy));
  return SinkResult::kNeedMoreInput;
}

std::vector<Chunk> PhysicalResultCollector::TakeResult(const ExecutionContext& context) const {
  return std::move(static_cast<CollectorGlobal&>(context.sink_state(*this)).chunks);
}

}  // namespace sluice::exec
