#pragma once
// Aggregate states for window frames: an aligned buffer of states and a segment tree
// of partial states over one partition's rows, so that a frame anywhere in the
// partition is aggregated from O(kFanout · log_kFanout n) partial states and rows.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "exec/aggregate/aggregate_function.h"
#include "exec/window/window_columns.h"

namespace sluice::exec {

/// `count` uninitialized states of one function, each aligned to its alignment.
class WindowStateBuffer {
 public:
  WindowStateBuffer(const AggregateFunction& function, size_t count);
  uint8_t* at(size_t index) const { return base_ + index * stride_; }
  size_t stride() const { return stride_; }
  /// Bytes a buffer of `count` states takes.
  static size_t Bytes(const AggregateFunction& function, size_t count);

 private:
  size_t stride_;
  std::unique_ptr<uint8_t[]> storage_;
  uint8_t* base_;
};

/// Folds rows [start, end) (positions of the sorted bucket) of the call's arguments
/// into `state`, one UpdateSingle per sorted chunk the range touches.
void UpdateStateWithRows(const AggregateFunction& function, const WindowArguments& arguments, uint8_t* state,
                         size_t start, size_t end);

/// A segment tree over rows [begin, end) of one partition, for functions whose states
/// are plain bytes (!has_destructor()): a node's state is copied before Combine folds
/// it into a frame's state, so nodes stay intact whatever Combine does to its source.
/// Level 0 nodes hold kFanout consecutive rows each; a node of level l + 1 combines
/// kFanout nodes of level l. One tree per partition and thread (not thread-safe).
class WindowSegmentTree {
 public:
  static constexpr size_t kFanout = 16;

  WindowSegmentTree(const AggregateFunction& function, const WindowArguments& arguments, size_t begin,
                    size_t end);
  WindowSegmentTree(const WindowSegmentTree&) = delete;
  WindowSegmentTree& operator=(const WindowSegmentTree&) = delete;

  /// Bytes a tree over `num_rows` rows takes (for the memory reservation).
  static size_t Bytes(const AggregateFunction& function, size_t num_rows);

  /// Folds rows [start, end) ⊆ [begin, end) into `state` (initialized by the caller),
  /// in row order: left to right, so order-sensitive functions see rows in order.
  void Aggregate(size_t start, size_t end, uint8_t* state);

 private:
  /// Number of nodes per level for `num_rows` rows.
  static std::vector<size_t> LevelSizes(size_t num_rows);
  uint8_t* node(size_t level, size_t index) const { return nodes_.at(level_offsets_[level] + index); }
  /// Folds nodes [first, last) of `level` into `state`, in order.
  void CombineNodes(size_t level, size_t first, size_t last, uint8_t* state);

  const AggregateFunction& function_;
  const WindowArguments& arguments_;
  size_t begin_;
  size_t end_;
  std::vector<size_t> level_sizes_;
  std::vector<size_t> level_offsets_;
  WindowStateBuffer nodes_;
  WindowStateBuffer scratch_;  ///< The copy of a node that Combine reads.
};

}  // namespace sluice::exec
