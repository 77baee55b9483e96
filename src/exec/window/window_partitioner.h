#pragma once
// The window operator's input side: rows are stored once, and for every sort group
// each row gets a sort entry (normalized partition + order keys and the row's
// reference, see exec/sort/sort_key.h) in one of 2^kWindowBucketBits hash buckets of
// its partition keys. A bucket holds whole partitions, so buckets are sorted and
// evaluated independently, in parallel (WindowPartitionedRows::SortBucket).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/chunk.h"
#include "exec/sort/row_store.h"
#include "exec/window/window_layout.h"

namespace sluice::exec {

/// log2 of the hash buckets of a sort group with PARTITION BY (one bucket without).
inline constexpr size_t kWindowBucketBits = 6;

/// The rows of one bucket of one sort group in sorted order.
struct SortedBucket {
  /// The stored row (RowStore reference) at each position.
  std::vector<uint64_t> refs;
  /// The group's gathered columns in sorted order, kChunkCapacity positions per chunk.
  /// String values point into the RowStore, which outlives the bucket.
  std::vector<Chunk> columns;
  /// Positions where a partition starts, ascending, then num_rows().
  std::vector<size_t> partition_starts;
  /// Positions where a peer group (equal ORDER BY keys) starts, ascending, then
  /// num_rows(). Every partition start is one; without ORDER BY only those.
  std::vector<size_t> peer_starts;

  size_t num_rows() const { return refs.size(); }
  const Vector& column(size_t column, size_t position) const {
    return columns[position / kChunkCapacity].column(column);
  }
  /// Bytes held (for the query's memory account).
  size_t memory_bytes() const;
};

/// One thread's share of the input. Not thread-safe.
class WindowLocalRows {
 public:
  explicit WindowLocalRows(const WindowLayout& layout);

  /// Stores every row of `chunk` (of the layout's stored types) and adds its sort
  /// entry to each group's bucket.
  void Append(const Chunk& chunk);
  /// Bytes held by rows and entries.
  size_t memory_bytes() const { return rows_.memory_bytes() + entry_bytes_; }
  /// A generous estimate of what Append(chunk) adds (reserved before it runs).
  size_t EstimateAppendBytes(const Chunk& chunk) const;

 private:
  friend class WindowPartitionedRows;
  const WindowLayout& layout_;
  RowStore rows_;
  std::vector<std::vector<std::vector<uint8_t>>> entries_;  ///< [group][bucket]
  size_t entry_bytes_ = 0;
  std::vector<uint32_t> row_numbers_;
  std::vector<uint64_t> refs_;
  std::vector<uint64_t> hashes_;
  std::vector<uint8_t> keys_;
};

/// Every thread's rows after Combine. Add is not thread-safe (the caller locks);
/// SortBucket may run for different (group, bucket) pairs at once.
class WindowPartitionedRows {
 public:
  explicit WindowPartitionedRows(const WindowLayout& layout);

  /// Moves a thread's rows in, after those added before.
  void Add(WindowLocalRows&& local);

  const std::shared_ptr<RowStore>& rows() const { return rows_; }
  size_t num_buckets(size_t group) const { return pieces_[group].size(); }
  /// Rows in a bucket (before SortBucket takes them).
  size_t bucket_rows(size_t group, size_t bucket) const;

  /// Takes the entries of one bucket, sorts them (on several threads when
  /// `parallel_sort`), copies the group's gathered columns out in that order and finds
  /// partition and peer boundaries. Call once per (group, bucket).
  SortedBucket SortBucket(size_t group, size_t bucket, bool parallel_sort);

 private:
  /// Entries of one thread for one bucket; references are relative to that thread's
  /// store until `ref_offset` is added.
  struct Piece {
    std::vector<uint8_t> entries;
    uint64_t ref_offset = 0;
  };

  const WindowLayout& layout_;
  std::shared_ptr<RowStore> rows_;
  std::vector<std::vector<std::vector<Piece>>> pieces_;  ///< [group][bucket]
};

}  // namespace sluice::exec
