#pragma once
// The group-by hash table: maps key tuples (any scalar core types, several columns,
// NULL a key value of its own) to dense group ids 0, 1, 2, … and keeps, per group, the
// key row and a payload area where the aggregate operator places its states.
//
// Layout. Each group is one fixed-width row: the key values (Vector element layout,
// floats canonicalized so that -0.0 = 0.0 and NaN = NaN compare bytewise), one NULL
// byte per key column, then the payload at its alignment. Rows live in blocks that
// never move, so row and payload pointers stay valid as the table grows; string bytes
// past StringRef's inline 12 live in the table's arena. The directory is an array of
// 64-bit slots — group id + 1 in the low 32 bits, 16 bits of the hash as a salt above
// — probed linearly; a salt mismatch skips a slot without touching its row. The
// directory doubles (rehashing from stored hashes, no key reads) before it passes 50%.
//
// Parallel aggregation: each thread fills its own table. Hash bits 63..64-p name one of
// 2^p partitions; the final tables are built one partition per task with
// FindOrCreateFrom over GroupsByPartition() of every thread's table, so partitions
// combine in parallel without locks.
//
// Not thread-safe: one thread per table.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/types.h"
#include "core/vector.h"
#include "sql/expression/kernel.h"

namespace sluice::exec {

class GroupHashTable {
 public:
  /// `payload_size` bytes at `payload_alignment` (<= 16) are reserved per group,
  /// uninitialized: the caller initializes the payloads of new groups (ids from the
  /// previous num_groups() up). `partition_bits` (0..8) sets GroupsByPartition's split.
  explicit GroupHashTable(std::vector<DataType> key_types, size_t payload_size = 0,
                          size_t payload_alignment = 8, int partition_bits = 4);
  ~GroupHashTable();
  GroupHashTable(const GroupHashTable&) = delete;
  GroupHashTable& operator=(const GroupHashTable&) = delete;

  const std::vector<DataType>& key_types() const { return key_types_; }
  size_t num_groups() const { return hashes_.size(); }
  int partition_bits() const { return partition_bits_; }

  /// For every r in `rows`, writes to `group_ids[r]` (row-aligned) the group of the key
  /// tuple (keys[0][r], keys[1][r], …), creating groups for new tuples. New groups get
  /// consecutive ids in row order. Hashes every row first, then probes in rounds: all
  /// rows to their next salt match, then one key comparison loop per column over all
  /// candidates; only rows that reach an empty slot take a row-at-a-time insert path.
  void FindOrCreateGroups(std::span<const Vector* const> keys, const sql::Rows& rows,
                          uint32_t* group_ids);

  /// The group in this table with the key of `other`'s group `group` (same key types),
  /// created (key copied, payload uninitialized) if absent; `*created` tells which.
  uint32_t FindOrCreateFrom(const GroupHashTable& other, uint32_t group, bool* created);

  uint8_t* payload(uint32_t group) { return RowAt(group) + payload_offset_; }
  const uint8_t* payload(uint32_t group) const { return RowAt(group) + payload_offset_; }
  uint64_t hash(uint32_t group) const { return hashes_[group]; }
  size_t partition(uint32_t group) const {
    return partition_bits_ == 0 ? 0 : hashes_[group] >> (64 - partition_bits_);
  }
  /// Group ids of each partition, ascending (2^partition_bits() lists).
  std::vector<std::vector<uint32_t>> GroupsByPartition() const;

  /// Writes the keys of `groups[0..count)` to rows first_row.. of `out` (one vector per
  /// key column, of the key types); strings are copied into the vectors' heaps.
  void GatherKeys(const uint32_t* groups, size_t count, std::span<Vector* const> out,
                  size_t first_row) const;

  /// Bytes held: directory, rows, string arena, per-group bookkeeping.
  size_t bytes_used() const;

  /// Tests only: ANDs every hash with `mask` (0 sends every key to one slot chain).
  void set_hash_mask_for_testing(uint64_t mask) { hash_mask_ = mask; }

  struct Column;  ///< Per-key-column layout and type-specific operations.

 private:
  void HashRows(std::span<const Vector* const> keys, const sql::Rows& rows);
  bool RowMatches(std::span<const Vector* const> keys, uint32_t row, const uint8_t* group_row) const;
  bool RowsEqual(const uint8_t* a, const uint8_t* b) const;
  uint32_t NewGroup(uint64_t hash);
  void StoreRow(std::span<const Vector* const> keys, uint32_t row, uint8_t* group_row);
  void Reserve(size_t num_groups);
  void InsertSlot(uint64_t hash, uint32_t group);
  uint8_t* RowAt(uint32_t group) const {
    return blocks_[group >> block_shift_].get() + (group & (rows_per_block_ - 1)) * row_width_;
  }

  std::vector<DataType> key_types_;
  std::vector<Column> columns_;
  int partition_bits_;
  size_t null_offset_ = 0;     ///< First NULL byte within a row.
  size_t payload_offset_ = 0;
  size_t row_width_ = 0;
  uint64_t hash_mask_ = ~uint64_t{0};

  std::vector<uint64_t> slots_;  ///< 0 = empty; else salt << 48 | (group + 1).
  uint64_t slot_mask_ = 0;
  std::vector<uint64_t> hashes_;
  std::vector<std::unique_ptr<uint8_t[]>> blocks_;
  /// Rows per block are a power of two, so a group's row is found by arithmetic (no
  /// per-group pointer array to miss in).
  int block_shift_ = 0;
  size_t rows_per_block_ = 0;
  StringHeap arena_;
  // Scratch of FindOrCreateGroups, reused batch after batch.
  std::vector<uint64_t> row_hashes_;  ///< Row-aligned hashes.
  std::vector<uint64_t> slot_index_;  ///< Row-aligned probe positions.
  std::vector<uint32_t> active_;      ///< Rows still probing.
  std::vector<uint32_t> candidate_rows_;
  std::vector<uint32_t> candidate_groups_;
  std::vector<uint8_t*> candidate_pointers_;
  std::vector<uint8_t> matches_;
  std::vector<uint32_t> new_rows_;
};

}  // namespace sluice::exec
