#include "exec/operators/nested_loop_join.h"

#include <numeric>

#include "core/error.h"
#include "exec/join/nested_loop_build.h"
#include "exec/join/nested_loop_output.h"
#include "exec/join/nested_loop_probe.h"

namespace sluice::exec {
namespace {

/// {probe, build}: a join's children.
std::vector<std::unique_ptr<PhysicalOperator>> JoinChildren(std::unique_ptr<PhysicalOperator> probe,
                                                            std::unique_ptr<PhysicalOperator> build) {
  std::vector<std::unique_ptr<PhysicalOperator>> children;
  children.push_back(std::move(probe));
  children.push_back(std::move(build));
  return children;
}

struct NestedLoopGlobal : GlobalSinkState {
  NestedLoopGlobal(std::vector<DataType> types, bool track_matches, QueryMemory* memory, std::string op)
      : build(std::move(types), track_matches, memory, std::move(op)) {}
  JoinBuildRows build;
};

struct NestedLoopLocal : LocalSinkState {
  explicit NestedLoopLocal(JoinBuildLocal rows) : rows(std::move(rows)) {}
  JoinBuildLocal rows;
};

struct NestedLoopFinal : GlobalSourceState {
  explicit NestedLoopFinal(const JoinBuildRows& build) : scan(build) {}
  UnmatchedBuildScan scan;
};

/// One probe thread: the shared pair machinery plus where the walk over the build
/// rows is for the current probe chunk.
struct NestedLoopState : OperatorState {
  NestedLoopState(const ExecutionContext& context, const JoinBuildRows& build, PairJoinProbe probe)
      : context(context), build(build), probe(std::move(probe)) {}
  const ExecutionContext& context;
  const JoinBuildRows& build;
  PairJoinProbe probe;
  CandidatePairs pairs;
  bool in_progress = false;  ///< A probe chunk is being joined (kHaveMoreOutput).
  size_t build_chunk = 0;    ///< The build row paired next: chunk…
  size_t build_row = 0;      ///< …and row.
  size_t build_rows_started = 0;  ///< Build rows paired so far with this chunk.
  std::vector<uint32_t> active;  ///< Probe rows still paired with build rows.
  size_t active_next = 0;        ///< Next entry of `active` to pair with the build row.
};

/// Fills state.pairs with the next candidates: build rows in order, each with every
/// active probe row. Returns false when every pair was proposed.
bool NextCandidates(bool has_condition, NestedLoopState& state) {
  state.pairs.Clear();
  const RowStore& rows = state.build.rows();
  if (state.active.empty()) state.build_chunk = rows.num_chunks();
  while (!state.pairs.full() && state.build_chunk < rows.num_chunks()) {
    if (state.build_row == rows.chunk(state.build_chunk).size()) {
      ++state.build_chunk;
      state.build_row = 0;
      continue;
    }
    if (state.active_next == 0 && state.probe.decides_on_first_match()) {
      // Rows decided by earlier batches need no more build rows; without a condition
      // the first build row decides every probe row.
      std::erase_if(state.active, [&](uint32_t row) { return state.probe.decided(row); });
      if (state.active.empty() || (!has_condition && state.build_rows_started > 0)) {
        state.build_chunk = rows.num_chunks();
        break;
      }
    }
    if (state.active_next == 0) ++state.build_rows_started;
    const uint64_t ref = RowStore::MakeRef(state.build_chunk, state.build_row);
    while (!state.pairs.full() && state.active_next < state.active.size()) {
      state.pairs.Add(state.active[state.active_next++], ref);
    }
    if (state.active_next == state.active.size()) {
      state.active_next = 0;
      ++state.build_row;
    }
  }
  return state.pairs.size() > 0;
}

}  // namespace

PhysicalNestedLoopJoin::PhysicalNestedLoopJoin(std::unique_ptr<PhysicalOperator> probe,
                                               std::unique_ptr<PhysicalOperator> build, JoinType type,
                                               sql::BoundExpressionPtr condition)
    : PhysicalNestedLoopJoin(NestedLoopJoinOutputTypes(type, probe->types(), build->types()), std::move(probe),
                             std::move(build), type, std::move(condition)) {}

PhysicalNestedLoopJoin::PhysicalNestedLoopJoin(std::vector<DataType> types, std::unique_ptr<PhysicalOperator>&& probe,
                                               std::unique_ptr<PhysicalOperator>&& build, JoinType type,
                                               sql::BoundExpressionPtr condition)
    : PhysicalOperator(std::move(types), JoinChildren(std::move(probe), std::move(build))),
      type_(type),
      condition_(std::move(condition)) {
  if (condition_ != nullptr && condition_->type().id() != TypeId::kBoolean) {
    throw InternalError("a nested-loop join condition is boolean, not " + condition_->type().ToString());
  }
}

std::string PhysicalNestedLoopJoin::name() const {
  std::string text = "NestedLoopJoin " + JoinTypeName(type_);
  if (condition_ != nullptr) text += " on: " + condition_->ToString();
  return text;
}

std::unique_ptr<GlobalSinkState> PhysicalNestedLoopJoin::MakeGlobalSinkState(const ExecutionContext& context) const {
  return std::make_unique<NestedLoopGlobal>(children()[1]->types(), EmitsUnmatchedBuild(type_), &context.memory(),
                                            name());
}

std::unique_ptr<LocalSinkState> PhysicalNestedLoopJoin::MakeLocalSinkState(GlobalSinkState& global,
                                                                           const ExecutionContext&) const {
  return std::make_unique<NestedLoopLocal>(static_cast<NestedLoopGlobal&>(global).build.MakeLocal());
}

SinkResult PhysicalNestedLoopJoin::Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const {
  static_cast<NestedLoopGlobal&>(global).build.Sink(input, static_cast<NestedLoopLocal&>(local).rows);
  return SinkResult::kNeedMoreInput;
}

void PhysicalNestedLoopJoin::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  static_cast<NestedLoopGlobal&>(global).build.Combine(static_cast<NestedLoopLocal&>(local).rows);
}

void PhysicalNestedLoopJoin::Finalize(GlobalSinkState& global, const ExecutionContext&) const {
  static_cast<NestedLoopGlobal&>(global).build.Finalize();
}

std::unique_ptr<OperatorState> PhysicalNestedLoopJoin::MakeOperatorState(const ExecutionContext& context) const {
  const JoinBuildRows& build = static_cast<NestedLoopGlobal&>(context.sink_state(*this)).build;
  return std::make_unique<NestedLoopState>(
      context, build, PairJoinProbe(type_, children()[0]->types(), build, condition_, context.session()));
}

OperatorResult PhysicalNestedLoopJoin::Execute(const Chunk& input, Chunk* out, OperatorState& state_base) const {
  auto& state = static_cast<NestedLoopState&>(state_base);
  if (!state.in_progress) {
    state.probe.Start(input);
    state.build_chunk = 0;
    state.build_row = 0;
    state.build_rows_started = 0;
    state.active.resize(input.size());
    std::iota(state.active.begin(), state.active.end(), uint32_t{0});
    state.active_next = 0;
    state.in_progress = true;
  }
  while (true) {
    if (!state.probe.EmitPending(input, out)) return OperatorResult::kHaveMoreOutput;
    if (NextCandidates(condition_ != nullptr, state)) {
      if (state.context.cancelled()) throw InterruptedError("query cancelled");
      state.probe.Evaluate(input, state.pairs);
      continue;
    }
    if (!state.probe.EmitRemainder(input, out)) return OperatorResult::kHaveMoreOutput;
    state.in_progress = false;
    return OperatorResult::kNeedMoreInput;
  }
}

std::unique_ptr<GlobalSourceState> PhysicalNestedLoopJoin::MakeFinalState(const ExecutionContext& context) const {
  return std::make_unique<NestedLoopFinal>(static_cast<NestedLoopGlobal&>(context.sink_state(*this)).build);
}

SourceResult PhysicalNestedLoopJoin::GetFinalChunk(const ExecutionContext&, GlobalSourceState& state,
                                                   Chunk* out) const {
  const bool more = ScanUnmatchedBuild(static_cast<NestedLoopFinal&>(state).scan, children()[0]->types().size(), out);
  return more ? SourceResult::kHaveOutput : SourceResult::kFinished;
}

}  // namespace sluice::exec
