#pragma once
// The build side of the nested-loop and range joins: every build row, materialized by
// the build pipeline's threads, plus the "matched" flags that RIGHT and FULL joins set
// while probing and read in their final pass.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/query_memory.h"
#include "exec/sort/row_store.h"

namespace sluice::exec {

/// One build thread's rows, until Combine hands them over.
struct JoinBuildLocal {
  JoinBuildLocal(std::vector<DataType> types, QueryMemory* memory, std::string op)
      : rows(std::move(types)), reservation(memory, std::move(op)) {}
  RowStore rows;
  MemoryReservation reservation;  ///< What `rows` holds.
  std::vector<uint32_t> row_numbers;
  std::vector<uint64_t> refs;
};

/// Every build row of one join. Filled by Sink (per thread) and Combine (thread-safe),
/// then Finalize once; after that read-only except for the matched flags, which probe
/// threads set concurrently (relaxed atomics: a flag only ever goes from 0 to 1, and
/// the final pass reads them after the probe pipeline's threads were joined).
///
/// Rows are addressed by RowStore references (chunk * kChunkCapacity + row). The
/// stores of several threads are concatenated whole, so a few references in between
/// are unused: iterate with chunk()/chunk sizes, not 0..num_rows().
class JoinBuildRows {
 public:
  /// `track_matches`: keep a matched flag per row (RIGHT and FULL joins).
  JoinBuildRows(std::vector<DataType> types, bool track_matches, QueryMemory* memory, std::string op);

  JoinBuildLocal MakeLocal() const;
  /// Copies `input`'s rows into the thread's store, reserving their memory first.
  void Sink(const Chunk& input, JoinBuildLocal& local) const;
  /// Moves the thread's rows (and their reservation) here. Thread-safe.
  void Combine(JoinBuildLocal& local);
  /// Once, after every Combine: allocates the matched flags.
  void Finalize();

  const RowStore& rows() const { return *rows_; }
  /// The store, for output vectors that keep its strings alive.
  const std::shared_ptr<RowStore>& shared_rows() const { return rows_; }
  size_t num_rows() const { return num_rows_; }
  size_t num_chunks() const { return rows_->num_chunks(); }
  /// Upper bound of the references (num_chunks() * kChunkCapacity).
  uint64_t ref_limit() const { return uint64_t{num_chunks()} * kChunkCapacity; }

  void MarkMatched(uint64_t ref) const {
    std::atomic<uint8_t>& flag = matched_[ref];
    if (flag.load(std::memory_order_relaxed) == 0) flag.store(1, std::memory_order_relaxed);
  }
  bool matched(uint64_t ref) const { return matched_[ref].load(std::memory_order_relaxed) != 0; }

  /// A reservation on the query's memory for what an operator builds on these rows
  /// (sorted indexes), under the same operator name.
  MemoryReservation MakeReservation() const { return MemoryReservation(memory_, op_); }

 private:
  std::shared_ptr<RowStore> rows_;
  bool track_matches_;
  QueryMemory* memory_;
  std::string op_;
  std::mutex mutex_;
  std::vector<MemoryReservation> reservations_;  ///< Of the combined stores and the flags.
  std::unique_ptr<std::atomic<uint8_t>[]> matched_;
  size_t num_rows_ = 0;
};

/// Where the final pass of a RIGHT or FULL join is in the build rows.
struct UnmatchedBuildScan {
  explicit UnmatchedBuildScan(const JoinBuildRows& build) : build(build) {}
  const JoinBuildRows& build;
  size_t chunk = 0;
  size_t row = 0;
  std::vector<uint64_t> refs;
};

/// Fills `out` (probe columns 0..probe_width NULL, then the build columns) with the
/// next build rows that no probe row matched; false once none are left after them.
bool ScanUnmatchedBuild(UnmatchedBuildScan& scan, size_t probe_width, Chunk* out);

}  // namespace sluice::exec
