#include "exec/window/window_segment_tree.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

#include "core/error.h"

namespace sluice::exec {
namespace {

constexpr size_t kMaxStateAlignment = 16;

/// 0, 1, …, kChunkCapacity - 1: selections of row ranges of a sorted chunk.
const std::array<uint32_t, kChunkCapacity>& RowIndices() {
  static const std::array<uint32_t, kChunkCapacity> indices = [] {
    std::array<uint32_t, kChunkCapacity> values{};
    std::iota(values.begin(), values.end(), uint32_t{0});
    return values;
  }();
  return indices;
}

size_t StrideOf(const AggregateFunction& function) {
  const size_t alignment = std::max<size_t>(1, function.state_alignment());
  SLUICE_ASSERT(alignment <= kMaxStateAlignment, "aggregate states align to at most 16 bytes");
  return std::max<size_t>(alignment, (function.state_size() + alignment - 1) / alignment * alignment);
}

}  // namespace

WindowStateBuffer::WindowStateBuffer(const AggregateFunction& function, size_t count)
    : stride_(StrideOf(function)), storage_(new uint8_t[count * stride_ + kMaxStateAlignment]) {
  const auto address = reinterpret_cast<uintptr_t>(storage_.get());
  base_ = storage_.get() + (kMaxStateAlignment - address % kMaxStateAlignment) % kMaxStateAlignment;
}

size_t WindowStateBuffer::Bytes(const AggregateFunction& function, size_t count) {
  return count * StrideOf(function) + kMaxStateAlignment;
}

void UpdateStateWithRows(const AggregateFunction& function, const WindowArguments& arguments, uint8_t* state,
                         size_t start, size_t end) {
  while (start < end) {
    const size_t chunk = start / kChunkCapacity;
    const size_t row = start % kChunkCapacity;
    const size_t count = std::min(end - start, kChunkCapacity - row);
    function.UpdateSingle(state, arguments.chunk(chunk), sql::Rows{RowIndices().data() + row, count});
    start += count;
  }
}

std::vector<size_t> WindowSegmentTree::LevelSizes(size_t num_rows) {
  std::vector<size_t> sizes;
  size_t below = num_rows;
  do {
    below = (below + kFanout - 1) / kFanout;
    sizes.push_back(below);
  } while (below > 1);
  return sizes;
}

size_t WindowSegmentTree::Bytes(const AggregateFunction& function, size_t num_rows) {
  const std::vector<size_t> sizes = LevelSizes(num_rows);
  return WindowStateBuffer::Bytes(function, std::accumulate(sizes.begin(), sizes.end(), size_t{1}));
}

WindowSegmentTree::WindowSegmentTree(const AggregateFunction& function, const WindowArguments& arguments,
                                     size_t begin, size_t end)
    : function_(function), arguments_(arguments), begin_(begin), end_(end),
      level_sizes_(LevelSizes(end - begin)),
      nodes_(function, std::accumulate(level_sizes_.begin(), level_sizes_.end(), size_t{0})),
      scratch_(function, 1) {
  SLUICE_ASSERT(!function.has_destructor(), "segment trees hold plain-byte states only");
  size_t offset = 0;
  for (size_t size : level_sizes_) {
    level_offsets_.push_back(offset);
    offset += size;
  }
  for (size_t i = 0; i < level_sizes_[0]; ++i) {
    uint8_t* state = node(0, i);
    function_.Initialize(state);
    const size_t first = begin_ + i * kFanout;
    UpdateStateWithRows(function_, arguments_, state, first, std::min(end_, first + kFanout));
  }
  for (size_t level = 1; level < level_sizes_.size(); ++level) {
    for (size_t i = 0; i < level_sizes_[level]; ++i) {
      uint8_t* state = node(level, i);
      function_.Initialize(state);
      CombineNodes(level - 1, i * kFanout, std::min(level_sizes_[level - 1], (i + 1) * kFanout), state);
    }
  }
}

void WindowSegmentTree::CombineNodes(size_t level, size_t first, size_t last, uint8_t* state) {
  uint8_t* copy = scratch_.at(0);
  for (size_t i = first; i < last; ++i) {
    std::memcpy(copy, node(level, i), function_.state_size());
    function_.Combine(&copy, &state, 1);
  }
}

void WindowSegmentTree::Aggregate(size_t start, size_t end, uint8_t* state) {
  SLUICE_ASSERT(begin_ <= start && end <= end_, "a frame lies inside its partition");
  if (start >= end) return;
  // Pieces right of the nodes folded so far, applied last (from the innermost out).
  struct Piece {
    size_t level;  ///< kRows for row ranges.
    size_t first;
    size_t last;
  };
  constexpr size_t kRows = ~size_t{0};
  Piece pending[64];
  size_t num_pending = 0;

  const size_t relative_start = start - begin_;
  const size_t relative_end = end - begin_;
  size_t first = (relative_start + kFanout - 1) / kFanout;  // first whole node of level 0
  size_t last = relative_end / kFanout;                     // after the last whole node
  if (first >= last) {
    UpdateStateWithRows(function_, arguments_, state, start, end);
    return;
  }
  UpdateStateWithRows(function_, arguments_, state, start, begin_ + first * kFanout);
  pending[num_pending++] = Piece{kRows, begin_ + last * kFanout, end};
  for (size_t level = 0;; ++level) {
    const size_t parent_first = (first + kFanout - 1) / kFanout;
    const size_t parent_last = last / kFanout;
    if (level + 1 == level_sizes_.size() || parent_first >= parent_last) {
      CombineNodes(level, first, last, state);
      break;
    }
    CombineNodes(level, first, parent_first * kFanout, state);
    pending[num_pending++] = Piece{level, parent_last * kFanout, last};
    first = parent_first;
    last = parent_last;
  }
  while (num_pending > 0) {
    const Piece& piece = pending[--num_pending];
    if (piece.level == kRows) {
      UpdateStateWithRows(function_, arguments_, state, piece.first, piece.last);
    } else {
      CombineNodes(piece.level, piece.first, piece.last, state);
    }
  }
}

}  // namespace sluice::exec
