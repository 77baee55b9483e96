#pragma once
// The sorted build side of a range join: answers "which build rows satisfy one or two
// inequalities against this probe row" in time proportional to the answer (plus small
// logarithmic terms), instead of testing every build row.
//
// Keys are int64 codes (range_keys.h), each condition normalized to
//     probe_code < build_code   (strict)   or   probe_code <= build_code,
// so the build rows satisfying one condition are always a suffix of the rows sorted
// by that condition's build code (> and >= are brought to this form by inverting
// both sides' codes).
//
// One condition: the build rows sorted by code; a probe row's matches are the suffix
// [LowerBound(code), size()).
//
// Two conditions (x: the first, y: the second): the rows sorted by x code are cut into
// blocks of kBlockRows; each block also keeps its rows sorted by y code, and a max-tree
// over the blocks holds the largest y code under each node. For a probe row the first
// condition gives a suffix of the x order: a partial block (rows tested one by one
// against the second condition) then whole blocks. The tree reports, among the whole
// blocks, only those whose largest y code can satisfy the second condition; in each,
// the matching rows are a suffix of the block's y order (one binary search).
//
// Per probe row: O(log n + kBlockRows + (1 + b) log(n / kBlockRows) + b log kBlockRows
// + k), for k matches found in b reported blocks. When the x order clusters the y
// codes (intervals sorted by start have their ends clustered too, the BETWEEN case),
// b is about k / kBlockRows + 2 and the cost is O(log n + kBlockRows + k); at worst
// (every block holds some large y code, but few rows match) b is n / kBlockRows.
// Building: O(n log n), parallel on the scheduler; memory: 40 bytes per indexed row.
//
// Why not IEJoin (Khayyat et al.): IEJoin sweeps both inputs sorted by the second
// condition, setting a bit per build row as the sweep passes it, and scans the bit
// array over the first condition's range. With a streaming probe side, every probe
// chunk would restart that sweep over the whole build side, O(|build|) per chunk; the
// blocked index above does the same filtering with per-row work that is independent
// of the chunk, and needs no probe-side materialization.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sluice::exec {

/// A build row of the index: its codes (y unused with one condition) and reference.
struct RangeIndexEntry {
  int64_t x;
  int64_t y;
  uint64_t ref;
};

/// Candidates of one probe row: positions [begin, end) of one of the index's orders.
struct RangeRun {
  enum class Order : uint8_t {
    kX,          ///< The x order; every row matches.
    kXFiltered,  ///< The x order; rows must pass the second condition (partial block).
    kY,          ///< The per-block y order; every row matches.
  };
  size_t begin;
  size_t end;
  Order order;
};

class RangeIndex {
 public:
  static constexpr size_t kBlockRows = 128;

  /// Builds the index over `entries` (moved in); `two_conditions` says whether y
  /// codes are used; `strict_x` / `strict_y` whether each condition is < (else <=).
  /// Sorts on the global scheduler.
  void Build(std::vector<RangeIndexEntry> entries, bool two_conditions, bool strict_x, bool strict_y);

  size_t size() const { return x_codes_.size(); }
  /// Bytes a build of `num_rows` rows holds (reserve before Build).
  static size_t MemoryBytes(size_t num_rows, bool two_conditions);

  /// The first x-order position whose x code satisfies the first condition against
  /// `probe_x`: the rows [result, size()) do.
  size_t LowerBound(int64_t probe_x) const;
  /// LowerBound for a `probe_x` not below the previous call's, whose result was `hint`
  /// (galloping from it: O(log distance)). Probe rows sorted by x code walk the index
  /// like a merge.
  size_t LowerBoundFrom(int64_t probe_x, size_t hint) const;

  /// Appends the runs of rows matching a probe row whose first condition gives the
  /// x positions [lo, size()) and whose y code is `probe_y` (one condition: one run).
  void CollectRuns(size_t lo, int64_t probe_y, std::vector<RangeRun>* runs) const;

  /// Whether x-order position `position` satisfies the second condition for `probe_y`.
  bool PassesY(size_t position, int64_t probe_y) const { return QualifiesY(probe_y, y_by_x_[position]); }
  /// The build row at `position` of `order`.
  uint64_t RefAt(RangeRun::Order order, size_t position) const {
    return order == RangeRun::Order::kY ? y_refs_[position] : x_refs_[position];
  }

 private:
  bool QualifiesX(int64_t probe, int64_t build) const { return strict_x_ ? probe < build : probe <= build; }
  bool QualifiesY(int64_t probe, int64_t build) const { return strict_y_ ? probe < build : probe <= build; }
  /// Appends the blocks in [first_block, num_blocks) under tree node `node` (covering
  /// blocks [node_begin, node_end)) that hold a y code satisfying the condition.
  void CollectBlocks(size_t node, size_t node_begin, size_t node_end, size_t first_block, int64_t probe_y,
                     std::vector<RangeRun>* runs) const;
  void AddBlockRun(size_t block, int64_t probe_y, std::vector<RangeRun>* runs) const;

  bool two_conditions_ = false;
  bool strict_x_ = false;
  bool strict_y_ = false;
  std::vector<int64_t> x_codes_;   ///< Ascending.
  std::vector<uint64_t> x_refs_;   ///< Build rows in x order.
  std::vector<int64_t> y_by_x_;    ///< y code of each x position.
  std::vector<int64_t> y_codes_;   ///< Per block, ascending (block b at b * kBlockRows).
  std::vector<uint64_t> y_refs_;   ///< Build rows in that order.
  size_t num_blocks_ = 0;
  size_t tree_leaves_ = 0;         ///< Power of two >= num_blocks_.
  std::vector<int64_t> tree_max_;  ///< Heap layout: node 1 the root, leaves at tree_leaves_.
};

}  // namespace sluice::exec
