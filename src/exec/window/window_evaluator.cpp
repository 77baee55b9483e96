#include "exec/window/window_evaluator.h"

#include "core/error.h"
#include "core/value.h"
#include "exec/expression/evaluator.h"
#include "exec/window/window_aggregate.h"
#include "exec/window/window_kernels.h"

namespace sluice::exec {
namespace {

bool UsesFrame(WindowFunctionKind kind) {
  switch (kind) {
    case WindowFunctionKind::kAggregate:
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue: return true;
    default: return false;
  }
}

}  // namespace

WindowCallPlan::WindowCallPlan(const std::vector<WindowCall>& calls, const WindowLayout& layout,
                               const sql::SessionSettings& session)
    : calls_(calls), layout_(layout) {
  for (const auto& expression : layout.constants()) {
    Vector vector(expression->type(), 1);
    EvaluateConstant(*expression, session).WriteTo(&vector, 0);
    constants_.push_back(std::move(vector));
  }
  for (const WindowCall& call : calls) {
    frames_.push_back(UsesFrame(call.kind) ? std::make_unique<WindowFrameBounds>(call.frame, call.order_by, session)
                                           : nullptr);
  }
}

std::vector<Chunk> WindowCallPlan::Evaluate(size_t group_index, const SortedBucket& bucket,
                                            const std::function<void()>& check_cancelled,
                                            MemoryReservation* memory) const {
  const WindowSortGroup& group = layout_.groups()[group_index];
  std::vector<DataType> types;
  size_t row_width = 0;
  for (size_t call : group.calls) {
    types.push_back(calls_[call].type);
    row_width += calls_[call].type.fixed_width() + 1;
  }
  const size_t num_rows = bucket.num_rows();
  const size_t num_chunks = bucket.columns.size();
  memory->Grow(num_chunks * kChunkCapacity * row_width);
  std::vector<Chunk> results;
  for (size_t k = 0; k < num_chunks; ++k) {
    results.emplace_back(types);
    results.back().set_size(std::min(kChunkCapacity, num_rows - k * kChunkCapacity));
  }
  std::vector<WindowArguments> arguments;
  for (const auto& inputs : group.arguments) arguments.emplace_back(bucket, inputs, constants_);
  const size_t order_key = group.order_keys.empty() ? 0 : group.order_keys[0];

  std::vector<size_t> starts;
  std::vector<size_t> ends;
  size_t peer = 0;
  const std::span<const size_t> peers(bucket.peer_starts);
  for (size_t i = 0; i + 1 < bucket.partition_starts.size(); ++i) {
    check_cancelled();
    const size_t begin = bucket.partition_starts[i];
    const size_t end = bucket.partition_starts[i + 1];
    const size_t first_peer = peer;
    while (peers[peer] != end) ++peer;
    const WindowPartition partition{&bucket, begin, end, peers.subspan(first_peer, peer - first_peer + 1)};
    for (size_t k = 0; k < group.calls.size(); ++k) {
      WindowResults out(&results, k);
      EvaluateCall(group.calls[k], partition, order_key, arguments[k], &starts, &ends, &out, memory);
    }
  }
  size_t string_bytes = 0;
  for (Chunk& chunk : results) {
    for (size_t c = 0; c < chunk.num_columns(); ++c) string_bytes += chunk.column(c).heap().allocated_bytes();
  }
  memory->Grow(string_bytes);
  return results;
}

void WindowCallPlan::EvaluateCall(size_t call_index, const WindowPartition& partition, size_t order_key,
                                  const WindowArguments& arguments, std::vector<size_t>* starts,
                                  std::vector<size_t>* ends, WindowResults* out, MemoryReservation* memory) const {
  const WindowCall& call = calls_[call_index];
  const WindowFrameBounds* frame = frames_[call_index].get();
  if (frame != nullptr) frame->Compute(partition, order_key, starts, ends);
  switch (call.kind) {
    case WindowFunctionKind::kAggregate:
      EvaluateWindowAggregate(*call.aggregate, partition, arguments, *starts, *ends, frame->starts_at_partition(),
                              out, memory);
      break;
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist: EvaluateRanking(call.kind, partition, out); break;
    case WindowFunctionKind::kNtile: EvaluateNtile(partition, arguments, out); break;
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead:
      EvaluateLagLead(call.kind == WindowFunctionKind::kLead, call.ignore_nulls, partition, arguments, out);
      break;
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue:
      EvaluateFrameValue(call.kind, call.ignore_nulls, partition, arguments, *starts, *ends, out);
      break;
  }
}

}  // namespace sluice::exec
