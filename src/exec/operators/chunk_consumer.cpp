#include "exec/operators/chunk_consumer.h"

#include <mutex>

namespace sluice::exec {
namespace {

struct ConsumerGlobal : GlobalSinkState {
  std::mutex mutex;
};

}  // namespace

std::unique_ptr<GlobalSinkState> PhysicalChunkConsumer::MakeGlobalSinkState(const ExecutionContext&) const {
  return std::make_unique<ConsumerGlobal>();
}

SinkResult PhysicalChunkConsumer::Sink(const Chunk& input, GlobalSinkState& global_base, LocalSinkState&) const {
  auto& global = static_cast<ConsumerGlobal&>(global_base);
  if (input.size() == 0) return SinkResult::kNeedMoreInput;
  std::lock_guard lock(global.mutex);
  consume_(input);
  return SinkResult::kNeedMoreInput;
}

}  // namespace sluice::exec
