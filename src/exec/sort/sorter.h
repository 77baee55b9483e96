#pragma once
// Parallel sort of a whole input (ORDER BY, window partitions, sort-merge joins).
//
// The Sorter is the immutable definition; mutable data lives in a SortGlobalState (one
// per query) and SortLocalStates (one per thread), so one Sorter serves every thread:
//   1. each thread: MakeLocalState(global), then Sink(local, chunk) per input chunk;
//   2. each thread when its input ends: Combine(global, local) — sorts that thread's run
//      on the calling thread (so runs are sorted in parallel) and hands it over;
//   3. one thread, after every Combine: Finalize(global) merges the runs (pairwise, each
//      merge split into merge-path ranges run on the scheduler) into SortedRows.
// The sort is stable: equal keys keep the order of local states' creation, then the
// order rows were sunk.

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "core/chunk.h"
#include "core/scheduler.h"
#include "exec/sort/row_store.h"
#include "exec/sort/sort_key.h"
#include "exec/sort/sorted_rows.h"

namespace sluice::exec {

/// What to sort and what to return.
struct SortSpec {
  std::vector<DataType> input_types;
  std::vector<SortKey> keys;
  /// Input columns the result returns, in order; empty means every input column.
  std::vector<size_t> output_columns;
  size_t string_prefix_bytes = kDefaultStringPrefixBytes;
};

/// A sorted run: entries (see SortKeyEncoder) and the rows they refer to. Self-contained
/// so that a run could be written to disk and merged from there (spilling, later).
struct SortRun {
  explicit SortRun(std::vector<DataType> types) : rows(std::move(types)) {}
  RowStore rows;
  std::vector<uint8_t> entries;
  size_t memory_bytes() const { return rows.memory_bytes() + entries.capacity(); }
};

/// One thread's input so far. Not thread-safe.
class SortLocalState {
 public:
  /// Bytes held by this thread's rows and entries (for the query memory limit).
  size_t memory_bytes() const { return run_.memory_bytes(); }
  size_t num_rows() const { return num_rows_; }

 private:
  friend class Sorter;
  SortLocalState(std::vector<DataType> types, size_t sequence)
      : run_(std::move(types)), sequence_(sequence) {}
  SortRun run_;
  size_t num_rows_ = 0;
  size_t sequence_;
  std::vector<uint32_t> row_numbers_;
  std::vector<uint64_t> refs_;
};

/// Runs handed over by Combine. Thread-safe.
class SortGlobalState {
 public:
  /// Bytes held by the combined runs.
  size_t memory_bytes() const;

 private:
  friend class Sorter;
  mutable std::mutex mutex_;
  size_t next_sequence_ = 0;
  std::vector<std::unique_ptr<SortRun>> runs_;  ///< Indexed by local sequence.
  size_t memory_bytes_ = 0;
};

class Sorter {
 public:
  /// Throws like SortKeyEncoder for bad keys, InvalidArgumentError for a bad output
  /// column.
  explicit Sorter(SortSpec spec);

  const SortSpec& spec() const { return spec_; }
  const SortKeyEncoder& encoder() const { return *encoder_; }

  std::unique_ptr<SortGlobalState> MakeGlobalState() const;
  /// Thread-safe. Creation order decides the order of equal keys across threads.
  std::unique_ptr<SortLocalState> MakeLocalState(SortGlobalState& global) const;
  /// Copies the rows of `chunk` (of spec().input_types) into the local run.
  void Sink(SortLocalState& local, const Chunk& chunk) const;
  /// Sorts the local run on the calling thread and moves it to `global`; `local` is
  /// empty afterwards. Thread-safe.
  void Combine(SortGlobalState& global, SortLocalState& local) const;
  /// Merges every combined run; call once, after the last Combine. Uses the scheduler.
  std::unique_ptr<SortedRows> Finalize(SortGlobalState& global) const;

 private:
  SortSpec spec_;
  std::shared_ptr<const SortKeyEncoder> encoder_;
};

/// Moves the rows of `runs` into one store, rebasing each run's references, and returns
/// the store plus each run's entries (still sorted, as references keep their order).
/// Shared by Sorter and TopN.
std::shared_ptr<RowStore> ConcatenateRuns(const SortKeyEncoder& encoder,
                                          std::vector<std::unique_ptr<SortRun>>& runs);

/// `output_columns` or, when empty, 0..num_columns.
std::vector<size_t> ResolveOutputColumns(const std::vector<size_t>& output_columns,
                                         size_t num_columns);

}  // namespace sluice::exec
