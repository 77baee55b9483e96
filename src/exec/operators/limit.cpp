#include "exec/operators/limit.h"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "core/vector_copy.h"

namespace sluice::exec {
namespace {

struct LimitGlobal : GlobalSinkState {
  std::mutex mutex;
  uint64_t seen = 0;  ///< Rows that arrived, skipped ones included.
  uint64_t kept = 0;
  std::vector<Chunk> chunks;
};

struct LimitSource : GlobalSourceState {
  explicit LimitSource(LimitGlobal& sink) : sink(sink) {}
  LimitGlobal& sink;
  size_t next = 0;
};

}  // namespace

PhysicalLimit::PhysicalLimit(std::unique_ptr<PhysicalOperator> child, uint64_t limit, uint64_t offset)
    : PhysicalOperator(std::move(child)), limit_(limit), offset_(offset) {}

std::string PhysicalLimit::name() const {
  return "Limit limit=" + (limit_ == UINT64_MAX ? std::string("ALL") : std::to_string(limit_)) +
         " offset=" + std::to_string(offset_);
}

std::unique_ptr<GlobalSinkState> PhysicalLimit::MakeGlobalSinkState(const ExecutionContext&) const {
  return std::make_unique<LimitGlobal>();
}

SinkResult PhysicalLimit::Sink(const Chunk& input, GlobalSinkState& global_base, LocalSinkState&) const {
  auto& global = static_cast<LimitGlobal&>(global_base);
  std::lock_guard lock(global.mutex);
  if (global.kept >= limit_) return SinkResult::kFinished;
  uint64_t size = input.size();
  uint64_t skip = global.seen >= offset_ ? 0 : std::min(size, offset_ - global.seen);
  global.seen += size;
  uint64_t take = std::min(size - skip, limit_ - global.kept);
  if (take > 0) {
    std::vector<uint32_t> rows(take);
    std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(skip));
    std::vector<size_t> columns(types().size());
    std::iota(columns.begin(), columns.end(), size_t{0});
    Chunk chunk(types());
    AppendRows(input, columns, rows, &chunk);
    global.chunks.push_back(std::move(chunk));
    global.kept += take;
  }
  return global.kept >= limit_ ? SinkResult::kFinished : SinkResult::kNeedMoreInput;
}

std::unique_ptr<GlobalSourceState> PhysicalLimit::MakeGlobalSourceState(const ExecutionContext& context) const {
  return std::make_unique<LimitSource>(static_cast<LimitGlobal&>(context.sink_state(*this)));
}

SourceResult PhysicalLimit::GetChunk(GlobalSourceState& source_base, LocalSourceState&, Chunk* out) const {
  auto& source = static_cast<LimitSource&>(source_base);
  if (source.next >= source.sink.chunks.size()) return SourceResult::kFinished;
  *out = std::move(source.sink.chunks[source.next++]);
  return SourceResult::kHaveOutput;
}

}  // namespace sluice::exec
