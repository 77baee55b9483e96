#include "exec/window/window_aggregate.h"

#include <optional>

#include "exec/window/window_segment_tree.h"

namespace sluice::exec {
namespace {

/// One aggregate state, destroyed when it goes out of scope (also on errors).
class ScopedState {
 public:
  explicit ScopedState(const AggregateFunction& function) : function_(function), buffer_(function, 1) {
    function_.Initialize(buffer_.at(0));
  }
  ~ScopedState() { Destroy(); }
  ScopedState(const ScopedState&) = delete;
  ScopedState& operator=(const ScopedState&) = delete;

  uint8_t* get() const { return buffer_.at(0); }
  /// Makes the state empty again.
  void Reset() {
    Destroy();
    function_.Initialize(buffer_.at(0));
  }
  /// Writes the state's result to `out` at `position`.
  void Finalize(WindowResults* out, size_t position) const {
    uint8_t* state = get();
    function_.Finalize(&state, 1, &out->vector(position), WindowResults::Row(position));
  }

 private:
  void Destroy() {
    if (!function_.has_destructor()) return;
    uint8_t* state = get();
    function_.Destroy(&state, 1);
  }

  const AggregateFunction& function_;
  WindowStateBuffer buffer_;
};

/// Frames through one growing state, restarted whenever a frame's start moves or its
/// end moves back.
void EvaluateGrowing(const AggregateFunction& function, const WindowPartition& partition,
                     const WindowArguments& arguments, std::span<const size_t> starts,
                     std::span<const size_t> ends, WindowResults* out) {
  ScopedState state(function);
  size_t current_start = partition.begin;
  size_t current_end = partition.begin;
  for (size_t p = partition.begin; p < partition.end; ++p) {
    const size_t start = starts[p - partition.begin];
    const size_t end = ends[p - partition.begin];
    if (start != current_start || end < current_end) {
      state.Reset();
      current_start = start;
      current_end = start;
    }
    UpdateStateWithRows(function, arguments, state.get(), current_end, end);
    current_end = end;
    state.Finalize(out, p);
  }
}

/// Frames from a segment tree; a frame equal to the previous row's reuses its state.
void EvaluateWithTree(const AggregateFunction& function, const WindowPartition& partition,
                      const WindowArguments& arguments, std::span<const size_t> starts,
                      std::span<const size_t> ends, WindowResults* out, MemoryReservation* memory) {
  const uint64_t bytes = WindowSegmentTree::Bytes(function, partition.size());
  memory->Grow(bytes);
  {
    WindowSegmentTree tree(function, arguments, partition.begin, partition.end);
    ScopedState state(function);
    std::optional<std::pair<size_t, size_t>> previous;
    for (size_t p = partition.begin; p < partition.end; ++p) {
      const std::pair<size_t, size_t> frame{starts[p - partition.begin], ends[p - partition.begin]};
      if (frame != previous) {
        state.Reset();
        tree.Aggregate(frame.first, frame.second, state.get());
        previous = frame;
      }
      state.Finalize(out, p);
    }
  }
  memory->Resize(memory->bytes() - bytes);
}

}  // namespace

void EvaluateWindowAggregate(const AggregateFunction& function, const WindowPartition& partition,
                             const WindowArguments& arguments, std::span<const size_t> starts,
                             std::span<const size_t> ends, bool starts_at_partition, WindowResults* out,
                             MemoryReservation* memory) {
  const bool use_tree = !starts_at_partition && !function.has_destructor() && partition.size() > 1;
  if (use_tree) {
    EvaluateWithTree(function, partition, arguments, starts, ends, out, memory);
  } else {
    EvaluateGrowing(function, partition, arguments, starts, ends, out);
  }
}

}  // namespace sluice::exec
