#pragma once
// Evaluates the calls of one sort group over one sorted bucket, partition by
// partition: frames (window_frame.h), then the call's kernel (window_kernels.h,
// window_aggregate.h). One thread per bucket; the plan is shared.

#include <functional>
#include <memory>
#include <vector>

#include "core/chunk.h"
#include "core/query_memory.h"
#include "exec/window/window_columns.h"
#include "exec/window/window_frame.h"
#include "exec/window/window_layout.h"
#include "exec/window/window_partitioner.h"

namespace sluice::exec {

/// The immutable per-query plan of a window operator's calls: the calls, their
/// evaluated frames and constant arguments.
class WindowCallPlan {
 public:
  /// Evaluates frame offsets and constant arguments with `session`; throws
  /// InvalidArgumentError for bad offsets (negative, NULL).
  WindowCallPlan(const std::vector<WindowCall>& calls, const WindowLayout& layout,
                 const sql::SessionSettings& session);

  const std::vector<WindowCall>& calls() const { return calls_; }
  const WindowLayout& layout() const { return layout_; }
  /// Constant argument i in row 0.
  const std::vector<Vector>& constants() const { return constants_; }
  /// The frame of call `call` (null for functions that ignore frames).
  const WindowFrameBounds* frame(size_t call) const { return frames_[call].get(); }

  /// Result chunks of `bucket` (of sort group `group`): one column per call of the
  /// group, in the group's order, positions in sorted order (kChunkCapacity per chunk).
  /// `check_cancelled` runs between partitions (it throws to stop). Grows `memory` by
  /// what the results hold.
  std::vector<Chunk> Evaluate(size_t group, const SortedBucket& bucket, const std::function<void()>& check_cancelled,
                              MemoryReservation* memory) const;

 private:
  void EvaluateCall(size_t call, const WindowPartition& partition, size_t order_key,
                    const WindowArguments& arguments, std::vector<size_t>* starts, std::vector<size_t>* ends,
                    WindowResults* out, MemoryReservation* memory) const;

  const std::vector<WindowCall>& calls_;
  const WindowLayout& layout_;
  std::vector<Vector> constants_;
  std::vector<std::unique_ptr<WindowFrameBounds>> frames_;
};

}  // namespace sluice::exec
