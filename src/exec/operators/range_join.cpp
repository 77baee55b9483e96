#include "exec/operators/range_join.h"

#include <algorithm>
#include <functional>
#include <mutex>

#include "core/error.h"
#include "core/scheduler.h"
#include "exec/expression/evaluator.h"
#include "exec/join/nested_loop_build.h"
#include "exec/join/nested_loop_output.h"
#include "exec/join/nested_loop_probe.h"
#include "exec/join/range_index.h"
#include "exec/join/range_keys.h"

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

/// A condition as the index sees it: probe_code < build_code (strict) or <=, with
/// both sides' codes inverted for > and >=.
bool IsStrict(RangeComparison comparison) {
  return comparison == RangeComparison::kLess || comparison == RangeComparison::kGreater;
}
bool IsReversed(RangeComparison comparison) {
  return comparison == RangeComparison::kGreater || comparison == RangeComparison::kGreaterEqual;
}

struct RangeGlobal : GlobalSinkState {
  RangeGlobal(std::vector<DataType> types, bool track_matches, QueryMemory* memory, std::string op)
      : build(std::move(types), track_matches, memory, std::move(op)), reservation(build.MakeReservation()) {}
  JoinBuildRows build;
  std::vector<std::unique_ptr<RangeKeyDictionary>> dictionaries;  ///< Per condition; null when coded directly.
  RangeIndex index;
  MemoryReservation reservation;  ///< Of the dictionaries and the index.
};

struct RangeLocal : LocalSinkState {
  explicit RangeLocal(JoinBuildLocal rows) : rows(std::move(rows)) {}
  JoinBuildLocal rows;
};

struct RangeFinal : GlobalSourceState {
  explicit RangeFinal(const JoinBuildRows& build) : scan(build) {}
  UnmatchedBuildScan scan;
};

/// One probe thread: key evaluators, the current chunk's codes and order, and where
/// the walk over the current probe row's candidate runs is.
struct RangeState : OperatorState {
  RangeState(const ExecutionContext& context, const RangeGlobal& global, PairJoinProbe probe)
      : context(context), global(global), probe(std::move(probe)) {}
  const ExecutionContext& context;
  const RangeGlobal& global;
  PairJoinProbe probe;
  CandidatePairs pairs;
  std::vector<std::unique_ptr<ExpressionEvaluator>> key_evaluators;
  bool in_progress = false;  ///< A probe chunk is being joined (kHaveMoreOutput).

  std::vector<int64_t> x_codes;
  std::vector<int64_t> y_codes;
  std::vector<uint8_t> valid;
  std::vector<uint32_t> order;  ///< Rows with valid keys, by x code.
  size_t order_next = 0;
  size_t lower_bound = 0;  ///< The index position of the last row taken from `order`.

  bool row_open = false;  ///< `row` has runs left.
  uint32_t row = 0;
  std::vector<RangeRun> runs;
  size_t run_index = 0;
  size_t run_position = 0;
};

/// Runs `work(first_chunk, last_chunk)` over the store's chunks on the scheduler.
void ForChunkRanges(size_t num_chunks, const std::function<void(size_t, size_t)>& work) {
  const size_t num_tasks = std::min(num_chunks, TaskScheduler::Global().num_threads() * 4);
  if (num_tasks <= 1) {
    work(0, num_chunks);
    return;
  }
  TaskGroup group;
  for (size_t t = 0; t < num_tasks; ++t) {
    group.Run([&, t] { work(num_chunks * t / num_tasks, num_chunks * (t + 1) / num_tasks); });
  }
  group.Wait();
}

/// The text of a build-side expression with its columns numbered after the probe's.
std::string BuildSideText(const sql::BoundExpression& expression, size_t probe_width) {
  if (expression.kind() == sql::BoundExpressionKind::kColumnRef) {
    const auto& column = expression.As<sql::BoundColumnRef>();
    if (!column.name.empty()) return column.name;
    std::string text = "#";  // appended, not "literal" + temporary (GCC 12 -Wrestrict)
    return text.append(std::to_string(column.index + probe_width));
  }
  std::string text = "build(";
  return text.append(expression.ToString()).append(")");
}


}  // namespace

const char* RangeComparisonText(RangeComparison comparison) {
  switch (comparison) {
    case RangeComparison::kLess: return "<";
    case RangeComparison::kLessEqual: return "<=";
    case RangeComparison::kGreater: return ">";
    case RangeComparison::kGreaterEqual: return ">=";
  }
  return "?";
}

PhysicalRangeJoin::PhysicalRangeJoin(std::unique_ptr<PhysicalOperator> probe, std::unique_ptr<PhysicalOperator> build,
                                     JoinType type, std::vector<RangeCondition> conditions,
                                     sql::BoundExpressionPtr residual)
    : PhysicalRangeJoin(NestedLoopJoinOutputTypes(type, probe->types(), build->types()), std::move(probe),
                        std::move(build), type, std::move(conditions), std::move(residual)) {}

PhysicalRangeJoin::PhysicalRangeJoin(std::vector<DataType> types, std::unique_ptr<PhysicalOperator>&& probe,
                                     std::unique_ptr<PhysicalOperator>&& build, JoinType type,
                                     std::vector<RangeCondition> conditions, sql::BoundExpressionPtr residual)
    : PhysicalOperator(std::move(types), JoinChildren(std::move(probe), std::move(build))),
      type_(type),
      conditions_(std::move(conditions)),
      residual_(std::move(residual)) {
  if (type_ == JoinType::kMark) throw NotImplementedError("RangeJoin does not implement MARK joins");
  if (conditions_.empty() || conditions_.size() > 2) {
    throw InternalError("a range join takes one or two inequalities, not " + std::to_string(conditions_.size()));
  }
  for (const RangeCondition& condition : conditions_) {
    SLUICE_ASSERT(condition.probe != nullptr && condition.build != nullptr, "range conditions have both sides");
    if (condition.probe->type() != condition.build->type()) {
      throw InternalError("range join condition sides differ in type: " + condition.probe->type().ToString() +
                          " and " + condition.build->type().ToString());
    }
    if (!RangeKeySupported(condition.probe->type())) {
      throw NotImplementedError("range join on " + condition.probe->type().ToString() + " keys");
    }
  }
  if (residual_ != nullptr && residual_->type().id() != TypeId::kBoolean) {
    throw InternalError("a range join residual is boolean, not " + residual_->type().ToString());
  }
}

std::string PhysicalRangeJoin::name() const {
  const size_t probe_width = children()[0]->types().size();
  std::string text = "RangeJoin " + JoinTypeName(type_);
  text += conditions_.size() == 1 ? " PiecewiseMerge: " : " BlockRangeIndex: ";
  for (size_t i = 0; i < conditions_.size(); ++i) {
    if (i > 0) text += " AND ";
    text += conditions_[i].probe->ToString();
    text += std::string(" ") + RangeComparisonText(conditions_[i].comparison) + " ";
    text += BuildSideText(*conditions_[i].build, probe_width);
  }
  if (residual_ != nullptr) text += " residual: " + residual_->ToString();
  return text;
}

std::unique_ptr<GlobalSinkState> PhysicalRangeJoin::MakeGlobalSinkState(const ExecutionContext& context) const {
  return std::make_unique<RangeGlobal>(children()[1]->types(), EmitsUnmatchedBuild(type_), &context.memory(), name());
}

std::unique_ptr<LocalSinkState> PhysicalRangeJoin::MakeLocalSinkState(GlobalSinkState& global,
                                                                      const ExecutionContext&) const {
  return std::make_unique<RangeLocal>(static_cast<RangeGlobal&>(global).build.MakeLocal());
}

SinkResult PhysicalRangeJoin::Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const {
  static_cast<RangeGlobal&>(global).build.Sink(input, static_cast<RangeLocal&>(local).rows);
  return SinkResult::kNeedMoreInput;
}

void PhysicalRangeJoin::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  static_cast<RangeGlobal&>(global).build.Combine(static_cast<RangeLocal&>(local).rows);
}

namespace {

/// The sorted distinct build values of `key` (a string or long-decimal expression),
/// collected in parallel; `reservation` grows to `reserved` plus the dictionary.
std::unique_ptr<RangeKeyDictionary> BuildDictionary(const sql::BoundExpressionPtr& key, const RowStore& rows,
                                                    const ExecutionContext& context, size_t reserved,
                                                    MemoryReservation* reservation) {
  std::mutex mutex;
  auto dictionary = std::make_unique<RangeKeyDictionary>();
  ForChunkRanges(rows.num_chunks(), [&](size_t first, size_t last) {
    ExpressionEvaluator evaluator(key, context.session());
    RangeKeyDictionary part;
    for (size_t c = first; c < last; ++c) {
      const Chunk& chunk = rows.chunk(c);
      part.Add(evaluator.EvaluateToVector(chunk, nullptr, chunk.size()), chunk.size());
    }
    std::lock_guard lock(mutex);
    reservation->Resize(reserved + dictionary->memory_bytes() + part.memory_bytes());
    dictionary->Merge(std::move(part));
  });
  dictionary->Finish();
  reservation->Resize(reserved + dictionary->memory_bytes());
  return dictionary;
}

/// The codes and reference of every build row whose keys are all valid (not NULL,
/// not NaN), evaluated and coded in parallel.
std::vector<RangeIndexEntry> CollectEntries(const std::vector<RangeCondition>& conditions, const RangeGlobal& global,
                                            const ExecutionContext& context) {
  const RowStore& rows = global.build.rows();
  std::vector<std::vector<RangeIndexEntry>> parts(rows.num_chunks());
  ForChunkRanges(rows.num_chunks(), [&](size_t first, size_t last) {
    std::vector<std::unique_ptr<ExpressionEvaluator>> evaluators;
    for (const RangeCondition& condition : conditions) {
      evaluators.push_back(std::make_unique<ExpressionEvaluator>(condition.build, context.session()));
    }
    std::vector<int64_t> codes[2] = {std::vector<int64_t>(kChunkCapacity), std::vector<int64_t>(kChunkCapacity)};
    std::vector<uint8_t> valid(kChunkCapacity);
    for (size_t c = first; c < last; ++c) {
      const Chunk& chunk = rows.chunk(c);
      std::fill(valid.begin(), valid.begin() + static_cast<ptrdiff_t>(chunk.size()), uint8_t{1});
      for (size_t k = 0; k < conditions.size(); ++k) {
        const Vector& keys = evaluators[k]->EvaluateToVector(chunk, nullptr, chunk.size());
        EncodeRangeKeys(keys, chunk.size(), global.dictionaries[k].get(), IsReversed(conditions[k].comparison),
                        codes[k].data(), valid.data());
      }
      for (size_t r = 0; r < chunk.size(); ++r) {
        if (valid[r] == 0) continue;
        parts[c].push_back({codes[0][r], conditions.size() == 2 ? codes[1][r] : 0, RowStore::MakeRef(c, r)});
      }
    }
  });
  size_t num_entries = 0;
  for (const auto& part : parts) num_entries += part.size();
  std::vector<RangeIndexEntry> entries;
  entries.reserve(num_entries);
  for (auto& part : parts) {
    entries.insert(entries.end(), part.begin(), part.end());
    part = {};
  }
  return entries;
}

}  // namespace

void PhysicalRangeJoin::Finalize(GlobalSinkState& global_base, const ExecutionContext& context) const {
  auto& global = static_cast<RangeGlobal&>(global_base);
  global.build.Finalize();
  size_t dictionary_bytes = 0;
  for (const RangeCondition& condition : conditions_) {
    if (!RangeKeyNeedsDictionary(condition.build->type())) {
      global.dictionaries.push_back(nullptr);
      continue;
    }
    global.dictionaries.push_back(
        BuildDictionary(condition.build, global.build.rows(), context, dictionary_bytes, &global.reservation));
    dictionary_bytes += global.dictionaries.back()->memory_bytes();
  }
  // While the index is built: the entries (twice while they are gathered and while
  // they are sorted) and the index's arrays.
  const bool two_conditions = conditions_.size() == 2;
  const size_t num_rows = global.build.num_rows();
  global.reservation.Resize(dictionary_bytes + 2 * num_rows * sizeof(RangeIndexEntry) +
                            RangeIndex::MemoryBytes(num_rows, two_conditions));
  std::vector<RangeIndexEntry> entries = CollectEntries(conditions_, global, context);
  const size_t num_entries = entries.size();
  global.index.Build(std::move(entries), two_conditions, IsStrict(conditions_[0].comparison),
                     two_conditions && IsStrict(conditions_[1].comparison));
  global.reservation.Resize(dictionary_bytes + RangeIndex::MemoryBytes(num_entries, two_conditions));
}

std::unique_ptr<OperatorState> PhysicalRangeJoin::MakeOperatorState(const ExecutionContext& context) const {
  const auto& global = static_cast<const RangeGlobal&>(context.sink_state(*this));
  auto state = std::make_unique<RangeState>(
      context, global, PairJoinProbe(type_, children()[0]->types(), global.build, residual_, context.session()));
  for (const RangeCondition& condition : conditions_) {
    state->key_evaluators.push_back(std::make_unique<ExpressionEvaluator>(condition.probe, context.session()));
  }
  state->x_codes.resize(kChunkCapacity);
  state->y_codes.resize(kChunkCapacity);
  state->valid.resize(kChunkCapacity);
  return state;
}

namespace {

/// Codes the probe chunk's keys and orders its rows with valid keys by x code.
void StartChunk(const std::vector<RangeCondition>& conditions, const Chunk& input, RangeState& state) {
  const size_t count = input.size();
  std::fill(state.valid.begin(), state.valid.begin() + static_cast<ptrdiff_t>(count), uint8_t{1});
  for (size_t k = 0; k < conditions.size(); ++k) {
    const Vector& keys = state.key_evaluators[k]->EvaluateToVector(input, nullptr, count);
    EncodeRangeKeys(keys, count, state.global.dictionaries[k].get(), IsReversed(conditions[k].comparison),
                    k == 0 ? state.x_codes.data() : state.y_codes.data(), state.valid.data());
  }
  state.order.clear();
  for (uint32_t row = 0; row < count; ++row) {
    if (state.valid[row] != 0) state.order.push_back(row);
  }
  std::sort(state.order.begin(), state.order.end(),
            [&](uint32_t a, uint32_t b) { return state.x_codes[a] < state.x_codes[b]; });
  state.order_next = 0;
  state.lower_bound = 0;
  state.row_open = false;
}

/// Fills state.pairs with the next candidates: the probe rows in x order, each with
/// the build rows of its runs. Returns false when every candidate was proposed.
bool NextCandidates(bool has_residual, RangeState& state) {
  const RangeIndex& index = state.global.index;
  // Without a residual a candidate is a match: one decides a SEMI/ANTI row.
  const bool first_only = state.probe.decides_on_first_match() && !has_residual;
  state.pairs.Clear();
  if (state.row_open && state.probe.decided(state.row)) state.row_open = false;
  while (!state.pairs.full()) {
    if (!state.row_open) {
      if (state.order_next == state.order.size()) break;
      state.row = state.order[state.order_next++];
      state.lower_bound = index.LowerBoundFrom(state.x_codes[state.row], state.lower_bound);
      state.runs.clear();
      index.CollectRuns(state.lower_bound, state.y_codes[state.row], &state.runs);
      if (state.runs.empty()) continue;
      state.run_index = 0;
      state.run_position = state.runs[0].begin;
      state.row_open = true;
    }
    const int64_t probe_y = state.y_codes[state.row];
    while (!state.pairs.full() && state.row_open) {
      const RangeRun& run = state.runs[state.run_index];
      const size_t position = state.run_position++;
      if (run.order != RangeRun::Order::kXFiltered || index.PassesY(position, probe_y)) {
        state.pairs.Add(state.row, index.RefAt(run.order, position));
        if (first_only) state.row_open = false;
      }
      if (state.run_position == run.end) {
        if (++state.run_index == state.runs.size()) {
          state.row_open = false;
        } else {
          state.run_position = state.runs[state.run_index].begin;
        }
      }
    }
  }
  return state.pairs.size() > 0;
}

}  // namespace

OperatorResult PhysicalRangeJoin::Execute(const Chunk& input, Chunk* out, OperatorState& state_base) const {
  auto& state = static_cast<RangeState&>(state_base);
  if (!state.in_progress) {
    state.probe.Start(input);
    StartChunk(conditions_, input, state);
    state.in_progress = true;
  }
  while (true) {
    if (!state.probe.EmitPending(input, out)) return OperatorResult::kHaveMoreOutput;
    if (NextCandidates(residual_ != nullptr, state)) {
      if (state.context.cancelled()) throw InterruptedError("query cancelled");
      state.probe.Evaluate(input, state.pairs);
      continue;
    }
    if (!state.probe.EmitRemainder(input, out)) return OperatorResult::kHaveMoreOutput;
    state.in_progress = false;
    return OperatorResult::kNeedMoreInput;
  }
}

std::unique_ptr<GlobalSourceState> PhysicalRangeJoin::MakeFinalState(const ExecutionContext& context) const {
  return std::make_unique<RangeFinal>(static_cast<RangeGlobal&>(context.sink_state(*this)).build);
}

SourceResult PhysicalRangeJoin::GetFinalChunk(const ExecutionContext&, GlobalSourceState& state, Chunk* out) const {
  const bool more = ScanUnmatchedBuild(static_cast<RangeFinal&>(state).scan, children()[0]->types().size(), out);
  return more ? SourceResult::kHaveOutput : SourceResult::kFinished;
}

}  // namespace sluice::exec
