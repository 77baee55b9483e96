#pragma once
// ORDER BY … OFFSET m LIMIT n (and FETCH FIRST n ROWS WITH TIES) without sorting the
// whole input: each thread keeps a bounded heap of its best m + n rows.
//
// Same roles as the Sorter: TopN is the immutable definition; each thread sinks into its
// own TopNLocalState and Combines it into the TopNGlobalState; Finalize sorts the few
// surviving candidates and cuts OFFSET and LIMIT.

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "core/chunk.h"
#include "exec/sort/sorter.h"

namespace sluice::exec {

struct TopNSpec {
  SortSpec sort;
  size_t limit = 0;
  size_t offset = 0;
  /// FETCH FIRST n ROWS WITH TIES: also every row equal (on the keys) to the last one.
  bool with_ties = false;
};

/// One thread's candidates: a max-heap (worst row on top) of at most offset + limit
/// entries plus, WITH TIES, the rows equal to the top that fell out of it. Rows are
/// copied into a RowStore that is compacted when mostly dead. Not thread-safe.
class TopNLocalState {
 public:
  size_t memory_bytes() const;

 private:
  friend class TopN;
  TopNLocalState(std::vector<DataType> types, size_t sequence)
      : rows_(std::move(types)), sequence_(sequence) {}
  const uint8_t* entry(uint32_t slot) const { return pool_.data() + size_t{slot} * width_; }

  RowStore rows_;
  size_t sequence_;
  size_t width_ = 0;
  std::vector<uint8_t> pool_;     ///< Entries, addressed by slot.
  std::vector<uint32_t> free_;    ///< Unused slots of pool_.
  std::vector<uint32_t> heap_;    ///< Slots, max-heap by CompareEntries.
  std::vector<uint32_t> ties_;    ///< Slots equal on the keys to heap_'s top (WITH TIES).
  std::vector<uint8_t> scratch_;  ///< Keys of the chunk being sunk.
  std::vector<uint32_t> candidates_;
  std::vector<uint64_t> refs_;
};

class TopNGlobalState {
 public:
  size_t memory_bytes() const;

 private:
  friend class TopN;
  mutable std::mutex mutex_;
  size_t next_sequence_ = 0;
  std::vector<std::unique_ptr<SortRun>> runs_;
  size_t memory_bytes_ = 0;
};

class TopN {
 public:
  explicit TopN(TopNSpec spec);

  const TopNSpec& spec() const { return spec_; }
  std::unique_ptr<TopNGlobalState> MakeGlobalState() const;
  /// Thread-safe. Creation order decides which of equal rows win (earlier first).
  std::unique_ptr<TopNLocalState> MakeLocalState(TopNGlobalState& global) const;
  void Sink(TopNLocalState& local, const Chunk& chunk) const;
  /// Hands the thread's candidates over; thread-safe.
  void Combine(TopNGlobalState& global, TopNLocalState& local) const;
  /// Rows offset .. offset + limit of the order (plus ties); call once after the last
  /// Combine.
  std::unique_ptr<SortedRows> Finalize(TopNGlobalState& global) const;

 private:
  /// Rows kept (heap + ties) beyond which the store is compacted.
  size_t CompactionThreshold(const TopNLocalState& local) const;
  void Offer(TopNLocalState& local, const uint8_t* candidate) const;
  /// Drops dead rows from the store; returns the live slots in reference order.
  std::vector<uint32_t> Compact(TopNLocalState& local) const;
  uint32_t NewSlot(TopNLocalState& local, const uint8_t* entry) const;

  TopNSpec spec_;
  std::shared_ptr<const SortKeyEncoder> encoder_;
  size_t capacity_;  ///< offset + limit.
};

}  // namespace sluice::exec
