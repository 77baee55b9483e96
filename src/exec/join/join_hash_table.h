#pragma once
// The build side of a hash join: rows collected per thread, then one hash directory
// over all of them.
//
// Build. Each build thread appends its rows to a JoinRowCollection of its own (blocks
// of JoinRowLayout rows that never move, and a string heap); the operator's Combine
// hands every collection to the JoinHashTable, and Build (Finalize) makes the
// directory, sized from the exact row count.
//
// Directory. An array of 64-bit slots, probed linearly, at most half full: 0 = empty,
// else the top 16 bits are a salt (hash bits 32..47) and the low 48 bits point to the
// head row of a chain of build rows that all have the same key (linked through each
// row's next pointer). So a probe compares keys at most once per distinct key it meets,
// a salt mismatch skips a slot without touching its row, and every row of a matched
// chain is a match. Large builds insert on every thread at once, each task a range of
// row blocks, with compare-and-swap on the slots: a slot's key never changes once set,
// so a failed swap just looks at the slot again (to prepend to its chain if the key is
// the row's, else to move on).
//
// Probe (Find) works on a chunk at a time in rounds, as the group-by table does: every
// active row walks to its next salt match or an empty slot, then all candidates are
// verified one key column at a time; rows whose candidate differs go on next round.
//
// Thread-safety: a collection is filled by one thread; Merge and Build run on one
// thread (Build starts its own tasks); after Build the table is read-only (Find,
// scans) except for the rows' matched bytes, which probing threads set with relaxed
// atomic stores.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/chunk.h"
#include "core/query_memory.h"
#include "exec/join/join_row_layout.h"

namespace sluice::exec {

/// Frees memory of AllocateJoinMemory.
struct JoinMemoryFree {
  void operator()(void* pointer) const;
};
using JoinBuffer = std::unique_ptr<uint8_t[], JoinMemoryFree>;

/// `bytes` of uninitialized memory. Large allocations (directories, big row blocks) are
/// 2 MiB-aligned and asked to be backed by transparent huge pages: a probe touches a
/// random slot and a random row, and with 4 KiB pages each also costs a TLB miss.
JoinBuffer AllocateJoinMemory(size_t bytes);

/// The build rows one thread collected.
class JoinRowCollection {
 public:
  explicit JoinRowCollection(const JoinRowLayout& layout);
  JoinRowCollection(JoinRowCollection&&) noexcept = default;

  /// Stores the rows of `input` (the build side's columns) whose evaluated join keys
  /// are `keys`. A row with a NULL key that must not match NULL is counted in
  /// has_null_key() and kept (outside the directory) only when `keep_excluded` (RIGHT
  /// and FULL joins emit it). Grows `reservation` before allocating.
  void Append(const Chunk& input, std::span<const Vector* const> keys, bool keep_excluded,
              MemoryReservation* reservation);

  /// Rows seen by Append, stored or not.
  uint64_t num_input_rows() const { return num_input_rows_; }
  /// Rows stored.
  uint64_t num_rows() const { return num_rows_; }
  bool has_null_key() const { return has_null_key_; }
  /// Rows of the directory (not excluded).
  uint64_t num_directory_rows() const { return num_directory_rows_; }

  /// Calls f(row) for every stored row (uint8_t*: the table links chains through the
  /// rows), in storage order.
  template <typename F>
  void ForEachRow(F&& f) const {
    for (const Block& block : blocks_) {
      for (size_t i = 0; i < block.count; ++i) f(block.data.get() + i * row_width_);
    }
  }

  struct Block {
    JoinBuffer data;
    size_t capacity = 0;  ///< Rows.
    size_t count = 0;
  };
  const std::vector<Block>& blocks() const { return blocks_; }
  /// The string heap, moved out when the collection is merged.
  StringHeap TakeHeap() { return std::move(heap_); }

 private:
  /// Points row_pointers_[0..count) at fresh rows.
  void AllocateRows(size_t count, MemoryReservation* reservation);
  size_t block_bytes() const { return block_bytes_; }

  const JoinRowLayout* layout_;
  size_t row_width_;
  std::vector<Block> blocks_;
  size_t block_bytes_ = 0;
  StringHeap heap_;
  uint64_t num_input_rows_ = 0;
  uint64_t num_rows_ = 0;
  bool has_null_key_ = false;
  uint64_t num_directory_rows_ = 0;
  // Scratch of Append, reused chunk after chunk.
  std::vector<uint64_t> hashes_;
  std::vector<uint8_t> excluded_;
  std::vector<uint32_t> selection_;
  std::vector<uint8_t*> row_pointers_;
};

/// Per-thread scratch of JoinHashTable::Find.
struct JoinLookupScratch {
  std::vector<uint64_t> slot_index;
  std::vector<uint32_t> active;
  std::vector<uint32_t> candidate_rows;
  std::vector<const uint8_t*> candidate_pointers;
  std::vector<uint8_t> matches;
};

/// Where a scan over every stored row stands (the final pass of RIGHT/FULL joins).
struct JoinScanPosition {
  size_t collection = 0;
  size_t block = 0;
  size_t row = 0;
};

/// All build rows of a join and the directory over them.
class JoinHashTable {
 public:
  explicit JoinHashTable(const JoinRowLayout& layout);
  JoinHashTable(const JoinHashTable&) = delete;
  JoinHashTable& operator=(const JoinHashTable&) = delete;

  const JoinRowLayout& layout() const { return *layout_; }

  /// Takes a thread's rows (not thread-safe: the caller serializes Combine).
  void Merge(JoinRowCollection&& rows);
  /// Builds the directory; the large case runs on the global task scheduler. The
  /// directory is reserved on `reservation` first.
  void Build(MemoryReservation* reservation);

  /// Rows the build side produced (including rows with NULL keys not stored).
  uint64_t num_input_rows() const { return num_input_rows_; }
  /// Rows in the directory (keys can match).
  uint64_t num_directory_rows() const { return num_directory_rows_; }
  /// True when some build row has a NULL in a key that does not match NULL.
  bool has_null_key() const { return has_null_key_; }

  /// For r in rows[0..count): heads[r] = the chain of build rows whose keys equal the
  /// probe keys (keys[k] row r), or null. `hashes` (row-aligned) come from
  /// HashKeyColumns. Rows must not have a NULL in a key that does not match NULL.
  void Find(std::span<const Vector* const> keys, const uint64_t* hashes, const uint32_t* rows, size_t count,
            const uint8_t** heads, JoinLookupScratch* scratch) const;

  /// Writes up to `max` stored rows whose matched byte is still 0 to `out` and advances
  /// `position`; returns how many (0 when the scan is done).
  size_t ScanUnmatched(JoinScanPosition* position, const uint8_t** out, size_t max) const;

  /// Writes build column `column` (stored) of rows[0..count) to rows out_row.. of
  /// `out`. Strings point into the table's heaps, which `out` then keeps alive.
  void GatherColumn(size_t column, const uint8_t* const* rows, size_t count, Vector* out, size_t out_row) const;

 private:
  /// Find for rows[0..count) once the directory is known not to be empty.
  void FindIn(std::span<const Vector* const> keys, const uint64_t* hashes, const uint32_t* rows, size_t count,
              const uint8_t** heads, JoinLookupScratch* scratch) const;
  /// Inserts every directory row of `blocks` (each a collection index and a block
  /// index); with kConcurrent, other threads insert at the same time.
  template <bool kConcurrent>
  void InsertBlocks(std::span<const std::pair<size_t, size_t>> blocks);

  const JoinRowLayout* layout_;
  std::vector<JoinRowCollection> collections_;
  std::shared_ptr<std::vector<StringHeap>> strings_;
  uint64_t num_input_rows_ = 0;
  uint64_t num_directory_rows_ = 0;
  bool has_null_key_ = false;

  JoinBuffer slot_memory_;
  uint64_t* slots_ = nullptr;
  size_t num_slots_ = 0;
  uint64_t slot_mask_ = 0;
};

}  // namespace sluice::exec
