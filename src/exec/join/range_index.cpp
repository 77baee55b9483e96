#include "exec/join/range_index.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "core/scheduler.h"

namespace sluice::exec {
namespace {

bool ByX(const RangeIndexEntry& a, const RangeIndexEntry& b) { return a.x < b.x || (a.x == b.x && a.ref < b.ref); }

/// Entries below this many are sorted on the calling thread.
constexpr size_t kParallelSortRows = 1 << 16;

/// Sorts `entries` by x code (then reference, so the result is deterministic): slices
/// sorted as tasks, then merged pairwise, each round's merges as tasks.
void ParallelSortByX(std::vector<RangeIndexEntry>* entries) {
  const size_t n = entries->size();
  const size_t threads = TaskScheduler::Global().num_threads();
  if (n < kParallelSortRows || threads == 1) {
    std::sort(entries->begin(), entries->end(), ByX);
    return;
  }
  const size_t num_slices = std::bit_ceil(threads * 2);
  std::vector<size_t> bounds(num_slices + 1);
  for (size_t i = 0; i <= num_slices; ++i) bounds[i] = n * i / num_slices;
  {
    TaskGroup group;
    for (size_t i = 0; i < num_slices; ++i) {
      group.Run([&, i] { std::sort(entries->begin() + bounds[i], entries->begin() + bounds[i + 1], ByX); });
    }
    group.Wait();
  }
  std::vector<RangeIndexEntry> scratch(n);
  std::vector<RangeIndexEntry>* from = entries;
  std::vector<RangeIndexEntry>* to = &scratch;
  for (size_t width = 1; width < num_slices; width *= 2) {
    TaskGroup group;
    for (size_t i = 0; i < num_slices; i += 2 * width) {
      group.Run([&, i] {
        const size_t begin = bounds[i], middle = bounds[i + width], end = bounds[std::min(num_slices, i + 2 * width)];
        std::merge(from->begin() + begin, from->begin() + middle, from->begin() + middle, from->begin() + end,
                   to->begin() + begin, ByX);
      });
    }
    group.Wait();
    std::swap(from, to);
  }
  if (from != entries) *entries = std::move(*from);
}

}  // namespace

size_t RangeIndex::MemoryBytes(size_t num_rows, bool two_conditions) {
  if (!two_conditions) return num_rows * (sizeof(int64_t) + sizeof(uint64_t));
  const size_t blocks = (num_rows + kBlockRows - 1) / kBlockRows;
  return num_rows * (3 * sizeof(int64_t) + 2 * sizeof(uint64_t)) + 2 * std::bit_ceil(std::max<size_t>(1, blocks)) * 8;
}

void RangeIndex::Build(std::vector<RangeIndexEntry> entries, bool two_conditions, bool strict_x, bool strict_y) {
  two_conditions_ = two_conditions;
  strict_x_ = strict_x;
  strict_y_ = strict_y;
  ParallelSortByX(&entries);
  const size_t n = entries.size();
  x_codes_.resize(n);
  x_refs_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    x_codes_[i] = entries[i].x;
    x_refs_[i] = entries[i].ref;
  }
  if (!two_conditions) return;

  y_by_x_.resize(n);
  for (size_t i = 0; i < n; ++i) y_by_x_[i] = entries[i].y;
  num_blocks_ = (n + kBlockRows - 1) / kBlockRows;
  y_codes_.resize(n);
  y_refs_.resize(n);
  const auto sort_blocks = [&](size_t first, size_t last) {
    for (size_t block = first; block < last; ++block) {
      const auto begin = entries.begin() + block * kBlockRows;
      const auto end = entries.begin() + std::min(n, (block + 1) * kBlockRows);
      std::sort(begin, end, [](const RangeIndexEntry& a, const RangeIndexEntry& b) { return a.y < b.y; });
      for (auto it = begin; it != end; ++it) {
        y_codes_[it - entries.begin()] = it->y;
        y_refs_[it - entries.begin()] = it->ref;
      }
    }
  };
  const size_t num_tasks = std::min(num_blocks_, TaskScheduler::Global().num_threads() * 4);
  if (num_tasks <= 1 || n < kParallelSortRows) {
    sort_blocks(0, num_blocks_);
  } else {
    TaskGroup group;
    for (size_t t = 0; t < num_tasks; ++t) {
      group.Run([&, t] { sort_blocks(num_blocks_ * t / num_tasks, num_blocks_ * (t + 1) / num_tasks); });
    }
    group.Wait();
  }

  tree_leaves_ = std::bit_ceil(std::max<size_t>(1, num_blocks_));
  tree_max_.assign(2 * tree_leaves_, std::numeric_limits<int64_t>::min());
  for (size_t block = 0; block < num_blocks_; ++block) {
    tree_max_[tree_leaves_ + block] = y_codes_[std::min(n, (block + 1) * kBlockRows) - 1];
  }
  for (size_t node = tree_leaves_ - 1; node >= 1; --node) {
    tree_max_[node] = std::max(tree_max_[2 * node], tree_max_[2 * node + 1]);
  }
}

size_t RangeIndex::LowerBound(int64_t probe_x) const {
  const auto it = strict_x_ ? std::upper_bound(x_codes_.begin(), x_codes_.end(), probe_x)
                            : std::lower_bound(x_codes_.begin(), x_codes_.end(), probe_x);
  return static_cast<size_t>(it - x_codes_.begin());
}

size_t RangeIndex::LowerBoundFrom(int64_t probe_x, size_t hint) const {
  const size_t n = x_codes_.size();
  if (hint >= n || QualifiesX(probe_x, x_codes_[hint])) return hint;
  // x_codes_[low] does not qualify; find a position that does (or the end).
  size_t low = hint;
  size_t step = 1;
  while (low + step < n && !QualifiesX(probe_x, x_codes_[low + step])) {
    low += step;
    step *= 2;
  }
  const auto first = x_codes_.begin() + static_cast<ptrdiff_t>(low + 1);
  const auto last = x_codes_.begin() + static_cast<ptrdiff_t>(std::min(n, low + step));
  const auto it = strict_x_ ? std::upper_bound(first, last, probe_x) : std::lower_bound(first, last, probe_x);
  return static_cast<size_t>(it - x_codes_.begin());
}

void RangeIndex::CollectRuns(size_t lo, int64_t probe_y, std::vector<RangeRun>* runs) const {
  const size_t n = x_codes_.size();
  if (lo >= n) return;
  if (!two_conditions_) {
    runs->push_back({lo, n, RangeRun::Order::kX});
    return;
  }
  size_t first_block = lo / kBlockRows;
  if (lo % kBlockRows != 0) {
    runs->push_back({lo, std::min(n, (first_block + 1) * kBlockRows), RangeRun::Order::kXFiltered});
    ++first_block;
  }
  if (first_block < num_blocks_) CollectBlocks(1, 0, tree_leaves_, first_block, probe_y, runs);
}

void RangeIndex::CollectBlocks(size_t node, size_t node_begin, size_t node_end, size_t first_block, int64_t probe_y,
                               std::vector<RangeRun>* runs) const {
  if (node_end <= first_block || node_begin >= num_blocks_ || !QualifiesY(probe_y, tree_max_[node])) return;
  if (node_end - node_begin == 1) {
    AddBlockRun(node_begin, probe_y, runs);
    return;
  }
  const size_t middle = (node_begin + node_end) / 2;
  CollectBlocks(2 * node, node_begin, middle, first_block, probe_y, runs);
  CollectBlocks(2 * node + 1, middle, node_end, first_block, probe_y, runs);
}

void RangeIndex::AddBlockRun(size_t block, int64_t probe_y, std::vector<RangeRun>* runs) const {
  const size_t begin = block * kBlockRows;
  const size_t end = std::min(x_codes_.size(), begin + kBlockRows);
  const auto first = y_codes_.begin() + static_cast<ptrdiff_t>(begin);
  const auto last = y_codes_.begin() + static_cast<ptrdiff_t>(end);
  const auto it = strict_y_ ? std::upper_bound(first, last, probe_y) : std::lower_bound(first, last, probe_y);
  const size_t position = static_cast<size_t>(it - y_codes_.begin());
  if (position < end) runs->push_back({position, end, RangeRun::Order::kY});
}

}  // namespace sluice::exec
