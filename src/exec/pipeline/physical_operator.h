#pragma once
// Physical operators and their roles in push-based pipelines (DuckDB's model).
//
// A physical plan is an immutable tree of PhysicalOperators; one plan runs on every
// thread at once, so operator methods are const and all mutable data lives in state
// objects the executor creates: one global state per operator and query (shared,
// thread-safe where documented) and one local state per operator and thread.
//
// An operator plays one or more roles:
//   - Source: produces chunks at the start of a pipeline (a scan, or the result of a
//     pipeline breaker such as an aggregate or a sort after its input is complete).
//   - Operator: turns one input chunk into output chunks (filter, projection).
//   - Sink: consumes every chunk of a pipeline (aggregate, sort, limit, the result
//     collector); per thread into a local state, which Combine folds into the global
//     state; Finalize runs once after every thread combined.
// An operator that is a sink and a source (a breaker) ends one pipeline and starts the
// next; its source reads the global sink state it finalized.
// A join has two children: it is a sink for the pipeline of children()[1] (the build
// side, which runs first) and a streaming operator in the pipeline of children()[0]
// (the probe side), whose operator state reads the finalized build (context.sink_state).
// A join that must emit rows after every probe row is seen (the unmatched build rows of
// a RIGHT or FULL join) says HasFinalOutput; the executor then pulls GetFinalChunk
// once the probe pipeline's threads are done and pushes those rows through the rest of
// the pipeline.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/chunk.h"
#include "core/query_memory.h"
#include "core/types.h"
#include "sql/expression/kernel.h"

namespace sluice::exec {

/// What a source did, telling the driver what to do next.
enum class SourceResult {
  kHaveOutput,  ///< `out` holds rows (maybe zero); call again.
  kFinished,    ///< No more rows for this thread; `out` is empty.
};

/// What an operator did with its input chunk.
enum class OperatorResult {
  kNeedMoreInput,   ///< `out` holds this input's rows (maybe zero); push the next input.
  kHaveMoreOutput,  ///< `out` holds some rows; call again with the same input for more.
  kFinished,        ///< `out` holds the last rows this operator will ever produce.
};

/// What a sink did with a chunk.
enum class SinkResult {
  kNeedMoreInput,  ///< Keep pushing.
  kFinished,       ///< The sink has all it needs (a satisfied LIMIT): stop this pipeline.
};

struct GlobalSourceState {
  virtual ~GlobalSourceState() = default;
};
struct LocalSourceState {
  virtual ~LocalSourceState() = default;
};
struct OperatorState {
  virtual ~OperatorState() = default;
};
struct GlobalSinkState {
  virtual ~GlobalSinkState() = default;
};
struct LocalSinkState {
  virtual ~LocalSinkState() = default;
};

class PhysicalOperator;

/// Per-query execution data shared by all threads: the session, the query's memory
/// account, the cancel flag and the global sink states, created before any pipeline
/// runs. Thread-safe for reading.
class ExecutionContext {
 public:
  explicit ExecutionContext(const sql::SessionSettings& session, uint64_t memory_limit = 0,
                            const std::atomic<bool>* cancel = nullptr)
      : session_(session), memory_(memory_limit), cancel_(cancel) {}
  const sql::SessionSettings& session() const { return session_; }
  /// Operators reserve what they hold here (MemoryReservation).
  QueryMemory& memory() const { return memory_; }
  /// True once the user asked to stop (Ctrl-C); pipelines check it between chunks,
  /// long loops inside an operator may check it too and throw InterruptedError.
  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }
  GlobalSinkState& sink_state(const PhysicalOperator& op) const { return *sink_states_.at(&op); }
  void set_sink_state(const PhysicalOperator& op, std::unique_ptr<GlobalSinkState> state) {
    sink_states_[&op] = std::move(state);
  }

 private:
  sql::SessionSettings session_;
  mutable QueryMemory memory_;
  const std::atomic<bool>* cancel_;
  std::unordered_map<const PhysicalOperator*, std::unique_ptr<GlobalSinkState>> sink_states_;
};

class PhysicalOperator {
 public:
  PhysicalOperator(std::vector<DataType> types, std::vector<std::unique_ptr<PhysicalOperator>> children)
      : types_(std::move(types)), children_(std::move(children)) {}
  /// An operator over one child, producing `types`.
  PhysicalOperator(std::vector<DataType> types, std::unique_ptr<PhysicalOperator> child)
      : types_(std::move(types)) {
    children_.push_back(std::move(child));
  }
  /// An operator over one child, producing the child's types.
  explicit PhysicalOperator(std::unique_ptr<PhysicalOperator> child) : types_(child->types()) {
    children_.push_back(std::move(child));
  }
  virtual ~PhysicalOperator() = default;
  PhysicalOperator(const PhysicalOperator&) = delete;
  PhysicalOperator& operator=(const PhysicalOperator&) = delete;

  /// Types of the chunks this operator outputs (as source or operator).
  const std::vector<DataType>& types() const { return types_; }
  const std::vector<std::unique_ptr<PhysicalOperator>>& children() const { return children_; }
  virtual std::string name() const = 0;

  /// True for UNION ALL: no role of its own; every child's rows flow into the
  /// operators above it (the executor gives each child a copy of the pipeline above).
  virtual bool IsUnion() const { return false; }

  // --- Source role ---------------------------------------------------------------
  virtual bool IsSource() const { return false; }
  /// True when the rows must come out in order (a sort's result): the pipeline it
  /// starts then runs on one thread.
  virtual bool IsOrderedSource() const { return false; }
  virtual std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext& context) const;
  virtual std::unique_ptr<LocalSourceState> MakeLocalSourceState(GlobalSourceState& global) const;
  /// Fills `out` (Reset by the caller) with the next rows. Thread-safe across local states.
  virtual SourceResult GetChunk(GlobalSourceState& global, LocalSourceState& local, Chunk* out) const;

  // --- Operator role -------------------------------------------------------------
  virtual std::unique_ptr<OperatorState> MakeOperatorState(const ExecutionContext& context) const;
  /// Turns `input` into `out` (Reset by the caller, of types()).
  virtual OperatorResult Execute(const Chunk& input, Chunk* out, OperatorState& state) const;

  // --- Sink role -----------------------------------------------------------------
  virtual bool IsSink() const { return false; }
  virtual std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const;
  virtual std::unique_ptr<LocalSinkState> MakeLocalSinkState(GlobalSinkState& global,
                                                             const ExecutionContext& context) const;
  /// Consumes `input` (of the child's types). Thread-safe across local states.
  virtual SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const;
  /// Folds a thread's local state into the global one, once per local state, from
  /// that thread. Thread-safe.
  virtual void Combine(GlobalSinkState& global, LocalSinkState& local) const;
  /// Once, after every Combine; may use the task scheduler.
  virtual void Finalize(GlobalSinkState& global, const ExecutionContext& context) const;

  // --- Join role (two children: probe = children()[0], build = children()[1]) -------
  /// True for a join operator that must emit rows after the whole probe side passed.
  virtual bool HasFinalOutput() const { return false; }
  /// Fills `out` (Reset by the caller, of types()) with the next rows of the final
  /// pass (one thread); kFinished when there are none left.
  virtual SourceResult GetFinalChunk(const ExecutionContext& context, GlobalSourceState& state, Chunk* out) const;
  /// The state GetFinalChunk reads, made once after the probe pipeline ran.
  virtual std::unique_ptr<GlobalSourceState> MakeFinalState(const ExecutionContext& context) const;

  /// The tree, one operator per line (debugging, EXPLAIN of the physical plan).
  std::string ToString(int depth = 0) const;

 private:
  std::vector<DataType> types_;
  std::vector<std::unique_ptr<PhysicalOperator>> children_;
};

using PhysicalPlanPtr = std::unique_ptr<PhysicalOperator>;

}  // namespace sluice::exec
