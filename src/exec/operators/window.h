#pragma once
// Window functions as a pipeline breaker (see exec/window/window_function.h for the
// calls and exec/window/ for the pieces).
//
// Sink: each thread evaluates the computed PARTITION BY / ORDER BY / argument columns,
// copies its rows into its own RowStore and, for each sort group (calls with the same
// PARTITION BY and ORDER BY), files a normalized sort entry per row into one of 64 hash
// buckets of the partition keys (one bucket without PARTITION BY).
// Combine: moves the thread's rows and entries into the global state.
// Finalize: one task per (sort group, bucket) on the scheduler: sort the bucket's
// entries (a bucket holds whole partitions; a lone bucket is sorted on every thread),
// find partitions and peer groups, evaluate each call of the group partition by
// partition, and note where each input row's results are.
// Source: parallel over the stored input chunks: the child's columns (not copied: the
// strings point into the store, kept alive) and one column per call, gathered from the
// buckets' results. Every input row comes out once; the row order is unspecified.
//
// Memory: every thread's rows and entries, the sorted buckets and the results are
// reserved on the query's QueryMemory under this operator's name.

#include <memory>
#include <vector>

#include "exec/pipeline/physical_operator.h"
#include "exec/window/window_function.h"
#include "exec/window/window_layout.h"

namespace sluice::exec {

class PhysicalWindow : public PhysicalOperator {
 public:
  /// Output: the child's columns, then one column per call (of the call's type).
  /// Throws InvalidArgumentError for a call that ValidateWindowCall rejects.
  PhysicalWindow(std::unique_ptr<PhysicalOperator> child, std::vector<WindowCall> calls);
  /// "Window [rank() OVER (…), …]".
  std::string name() const override;
  const std::vector<WindowCall>& calls() const { return calls_; }

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState(GlobalSinkState& global,
                                                     const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;
  void Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  void Finalize(GlobalSinkState& global, const ExecutionContext& context) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext& context) const override;
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState& local, Chunk* out) const override;

 private:
  /// The constructor's arguments in one value, so the child's types are read before
  /// it is moved (function arguments are evaluated in no fixed order).
  struct Parts {
    std::vector<DataType> types;
    std::unique_ptr<PhysicalOperator> child;
    std::vector<WindowCall> calls;
  };
  explicit PhysicalWindow(Parts parts);

  std::vector<WindowCall> calls_;
  WindowLayout layout_;
};

/// Output types of a window operator over `child_types`: those, then each call's type.
std::vector<DataType> WindowOutputTypes(const std::vector<DataType>& child_types,
                                        const std::vector<WindowCall>& calls);

}  // namespace sluice::exec
