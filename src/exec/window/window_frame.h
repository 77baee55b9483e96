#pragma once
// Frames of the rows of one partition: [start, end) positions in the sorted bucket,
// for ROWS, RANGE and GROUPS with constant offsets.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "exec/window/window_function.h"
#include "exec/window/window_partitioner.h"
#include "sql/expression/kernel.h"

namespace sluice::exec {

/// Rows [begin, end) of a SortedBucket that form one partition.
struct WindowPartition {
  const SortedBucket* bucket = nullptr;
  size_t begin = 0;
  size_t end = 0;
  /// Starts of the partition's peer groups, ascending, then `end`.
  std::span<const size_t> peer_starts;

  size_t size() const { return end - begin; }
  size_t num_peer_groups() const { return peer_starts.size() - 1; }
};

/// One frame definition with its offsets evaluated; immutable, shared by threads.
///
/// Frames are clamped to the partition; a frame whose end comes before its start is
/// empty (start == end). Row p's frame:
///   ROWS:   offsets count rows from p.
///   GROUPS: offsets count peer groups from p's group; CURRENT ROW is p's group.
///   RANGE:  CURRENT ROW is p's peer group; `k PRECEDING`/`k FOLLOWING` reach the rows
///           whose key lies within k of p's key (before/after it in ORDER BY
///           direction). Rows with a NULL or NaN key take their peer group for an
///           offset bound, and lie in no other row's offset range.
class WindowFrameBounds {
 public:
  /// `order_by` is the call's ORDER BY (RANGE offsets read its single key's type).
  /// Throws InvalidArgumentError for a NULL, negative or non-finite offset.
  WindowFrameBounds(const WindowFrame& frame, const std::vector<WindowOrderKey>& order_by,
                    const sql::SessionSettings& session);

  /// True when every frame starts at its partition's first row (aggregates then grow
  /// one state row by row).
  bool starts_at_partition() const { return start_kind_ == WindowFrameBound::Kind::kUnboundedPreceding; }

  /// Writes row p's frame to starts[p - begin], ends[p - begin] for each row p of the
  /// partition. `order_key` is the gathered column of the ORDER BY key (RANGE offsets).
  void Compute(const WindowPartition& partition, size_t order_key, std::vector<size_t>* starts,
               std::vector<size_t>* ends) const;

 private:
  /// A RANGE offset in the comparison domain: exact (scaled integers, microseconds for
  /// date/time keys) or double; or a number of months (INTERVAL YEAR TO MONTH), added
  /// to each key by the calendar.
  struct RangeOffset {
    __int128 exact = 0;
    double floating = 0;
    bool in_months = false;
    int64_t months = 0;
  };

  void ComputeRows(const WindowPartition& partition, size_t* starts, size_t* ends) const;
  void ComputeGroups(const WindowPartition& partition, size_t* starts, size_t* ends) const;
  void ComputeRange(const WindowPartition& partition, size_t order_key, size_t* starts, size_t* ends) const;
  template <typename Domain>
  void ComputeRangeOffsets(const WindowPartition& partition, size_t order_key, size_t* starts, size_t* ends) const;
  /// Row p's key in the comparison domain, negated for a DESC key, so that keys never
  /// decrease along the sorted rows.
  template <typename Domain>
  Domain KeyAt(const Vector& vector, size_t row) const;
  /// The exact-domain key of row `row` shifted by `offset` towards the frame's `kind`
  /// side in ORDER BY direction (PRECEDING: towards the partition's start).
  __int128 ShiftedKey(const Vector& vector, size_t row, __int128 key, WindowFrameBound::Kind kind,
                      const RangeOffset& offset) const;

  WindowFrame::Mode mode_;
  WindowFrameBound::Kind start_kind_;
  WindowFrameBound::Kind end_kind_;
  uint64_t start_count_ = 0;  ///< ROWS / GROUPS offsets.
  uint64_t end_count_ = 0;
  RangeOffset start_range_;   ///< RANGE offsets.
  RangeOffset end_range_;
  DataType key_type_;         ///< RANGE: the ORDER BY key's type.
  bool descending_ = false;
  bool floating_ = false;     ///< RANGE: compare as double.
  __int128 key_factor_ = 1;   ///< RANGE exact: what the key is multiplied by (decimal
                              ///< scale, days → microseconds).
};

}  // namespace sluice::exec
