#pragma once
// EXPLAIN ANALYZE's counters: per physical operator, the rows it output, the wall time
// its calls took (summed over the threads that made them) and the peak of the memory
// its reservations held. The executor fills them only when it is handed a profile, so a
// query without EXPLAIN ANALYZE pays one predictable branch per chunk and nothing else.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/query_memory.h"
#include "exec/pipeline/physical_operator.h"

namespace sluice::exec {

/// The counters of one run of one plan. Thread-safe: counters are atomics, memory
/// tallies are kept under a mutex (taken only while profiling).
class QueryProfile : public MemoryObserver {
 public:
  /// What one operator did, summed over every thread and role it played.
  struct OperatorCounters {
    /// Rows output as a source, a streaming operator or a join's final pass; for a sink
    /// that is nothing else (the result collector), the rows it consumed.
    std::atomic<uint64_t> rows{0};
    /// Wall time inside the operator's calls (GetChunk, Execute, Sink, Combine,
    /// Finalize, the final pass), in nanoseconds.
    std::atomic<uint64_t> nanos{0};
  };

  /// Counters for every operator of the plan rooted at `root`, which must outlive the
  /// profile. The profile must outlive the ExecutionContext it observes (whose sink
  /// states release their reservations when destroyed).
  explicit QueryProfile(const PhysicalOperator& root);

  /// The counters of `op`, an operator of the plan.
  OperatorCounters& counters(const PhysicalOperator& op) const;
  /// The most memory reserved at once under `op`'s name (operators reserve under
  /// name(); two operators with the same name share one tally).
  uint64_t peak_memory(const PhysicalOperator& op) const;

  void Reserved(std::string_view op, uint64_t bytes) override;
  void Released(std::string_view op, uint64_t bytes) override;

  /// The plan tree, one operator per line followed by its counters, then a summary
  /// line with the query's wall time and peak memory:
  ///   ResultCollector  (rows: 3, time: 0.012 ms, peak memory: 1.2 KiB)
  ///     TopN limit=3 offset=0  (rows: 3, time: 0.105 ms, peak memory: 4.0 KiB)
  ///   …
  std::string ToString(std::chrono::nanoseconds total_time, uint64_t peak_bytes) const;

 private:
  struct Memory {
    uint64_t current = 0;
    uint64_t peak = 0;
  };
  void AddOperators(const PhysicalOperator& op);
  void Render(const PhysicalOperator& op, int depth, std::string* out) const;

  const PhysicalOperator& root_;
  /// Filled by the constructor, read-only afterwards (so lookups need no lock).
  std::unordered_map<const PhysicalOperator*, std::unique_ptr<OperatorCounters>> counters_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Memory> memory_;
};

/// Adds the wall time of its scope to `counters` (null: does nothing, reads no clock).
class ScopedOperatorTimer {
 public:
  explicit ScopedOperatorTimer(QueryProfile::OperatorCounters* counters) : counters_(counters) {
    if (counters_ != nullptr) start_ = std::chrono::steady_clock::now();
  }
  ~ScopedOperatorTimer() {
    if (counters_ == nullptr) return;
    auto elapsed = std::chrono::steady_clock::now() - start_;
    counters_->nanos.fetch_add(static_cast<uint64_t>(std::chrono::nanoseconds(elapsed).count()),
                               std::memory_order_relaxed);
  }
  ScopedOperatorTimer(const ScopedOperatorTimer&) = delete;
  ScopedOperatorTimer& operator=(const ScopedOperatorTimer&) = delete;

 private:
  QueryProfile::OperatorCounters* counters_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace sluice::exec
