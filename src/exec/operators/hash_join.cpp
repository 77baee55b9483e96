#include "exec/operators/hash_join.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "core/error.h"
#include "exec/expression/evaluator.h"
#include "exec/join/join_hash_table.h"
#include "sql/expression/expression_builder.h"

namespace sluice::exec {
namespace {

std::vector<DataType> OutputTypes(JoinType type, const PhysicalOperator& probe, const PhysicalOperator& build) {
  std::vector<DataType> types = probe.types();
  switch (type) {
    case JoinType::kSemi:
    case JoinType::kAnti: break;
    case JoinType::kMark: types.push_back(DataType::Boolean()); break;
    default: types.insert(types.end(), build.types().begin(), build.types().end());
  }
  return types;
}

std::vector<std::unique_ptr<PhysicalOperator>> TwoChildren(std::unique_ptr<PhysicalOperator>&& probe,
                                                           std::unique_ptr<PhysicalOperator>&& build) {
  std::vector<std::unique_ptr<PhysicalOperator>> children;
  children.push_back(std::move(probe));
  children.push_back(std::move(build));
  return children;
}

void CollectColumnRefs(const sql::BoundExpression& expression, std::set<size_t>* columns) {
  if (expression.kind() == sql::BoundExpressionKind::kColumnRef) {
    columns->insert(expression.As<sql::BoundColumnRef>().index);
  }
  for (const auto& child : expression.children()) {
    if (child != nullptr) CollectColumnRefs(*child, columns);
  }
}

/// A correlated [NOT] IN: the IN key (the first) leaves the hash keys and becomes
/// in_comparison over the pair chunk; the other keys find the set of each probe row.
void SplitInKey(HashJoinSpec* spec) {
  const sql::BoundExpressionPtr& build_key = spec->build_keys[0];
  if (build_key->kind() != sql::BoundExpressionKind::kColumnRef) {
    throw NotImplementedError("a correlated IN subquery whose value is an expression: " + build_key->ToString());
  }
  const size_t column = build_key->As<sql::BoundColumnRef>().index;
  SLUICE_ASSERT(column < spec->build_types.size(), "a build key refers to a build column");
  spec->in_comparison = sql::MakeComparison(
      sql::ComparisonOperator::kEqual, spec->probe_keys[0],
      sql::MakeColumnRef(spec->probe_types.size() + column, spec->build_types[column]));
  spec->probe_keys.erase(spec->probe_keys.begin());
  spec->build_keys.erase(spec->build_keys.begin());
  spec->nulls_equal.erase(spec->nulls_equal.begin());
}

/// Fills in the residual's columns and the row layout of `spec` (whose other members
/// are set), checking the keys.
void CompleteSpec(HashJoinSpec* spec) {
  SLUICE_ASSERT(spec->build_keys.size() == spec->probe_keys.size() &&
                    spec->nulls_equal.size() == spec->probe_keys.size(),
                "a hash join has as many probe keys, build keys and nulls_equal flags");
  SLUICE_ASSERT(!spec->null_aware || !spec->probe_keys.empty(), "a null-aware join has the IN key first");
  SLUICE_ASSERT(!spec->null_aware || spec->type == JoinType::kAnti || spec->type == JoinType::kMark,
                "a null-aware hash join is an ANTI or MARK join");
  if (spec->null_aware && (spec->probe_keys.size() > 1 || spec->residual != nullptr)) SplitInKey(spec);
  const size_t num_keys = spec->probe_keys.size();
  std::vector<DataType> key_types;
  std::vector<std::optional<size_t>> key_columns;
  std::vector<bool> stored(spec->build_types.size(), spec->OutputsBuildColumns());
  for (size_t k = 0; k < num_keys; ++k) {
    const DataType& type = spec->build_keys[k]->type();
    SLUICE_ASSERT(spec->probe_keys[k]->type().physical_type() == type.physical_type(),
                  "hash join keys of both sides have the same type");
    key_types.push_back(type);
    std::optional<size_t> column;
    if (spec->build_keys[k]->kind() == sql::BoundExpressionKind::kColumnRef) {
      const size_t index = spec->build_keys[k]->As<sql::BoundColumnRef>().index;
      SLUICE_ASSERT(index < spec->build_types.size(), "a build key refers to a build column");
      if (spec->build_types[index] == type) column = index;
    }
    if (column.has_value()) stored[*column] = true;
    key_columns.push_back(column);
  }
  if (spec->residual != nullptr || spec->in_comparison != nullptr) {
    SLUICE_ASSERT(spec->residual == nullptr || spec->residual->type().id() == TypeId::kBoolean,
                  "a join residual is boolean");
    std::set<size_t> columns;
    if (spec->residual != nullptr) CollectColumnRefs(*spec->residual, &columns);
    if (spec->in_comparison != nullptr) CollectColumnRefs(*spec->in_comparison, &columns);
    const size_t probe_width = spec->probe_types.size();
    for (const size_t c : columns) {
      SLUICE_ASSERT(c < probe_width + spec->build_types.size(), "a residual column is a probe or build column");
      if (c < probe_width) {
        spec->residual_probe_columns.push_back(c);
      } else {
        spec->residual_build_columns.push_back(c - probe_width);
        stored[c - probe_width] = true;
      }
    }
  }
  spec->layout = JoinRowLayout(spec->build_types, stored, key_types, key_columns, spec->nulls_equal);
}

struct HashJoinGlobal : GlobalSinkState {
  HashJoinGlobal(const JoinRowLayout& layout, QueryMemory* memory, std::string name)
      : table(layout), directory_memory(memory, std::move(name)) {}
  std::mutex mutex;
  JoinHashTable table;
  std::vector<MemoryReservation> row_memory;  ///< The merged collections' reservations.
  MemoryReservation directory_memory;
};

struct HashJoinLocal : LocalSinkState {
  HashJoinLocal(const HashJoinSpec& spec, const sql::SessionSettings& session, QueryMemory* memory, std::string name)
      : rows(spec.layout), memory(memory, std::move(name)) {
    for (const auto& key : spec.build_keys) key_evaluators.push_back(std::make_unique<ExpressionEvaluator>(key, session));
  }
  std::vector<std::unique_ptr<ExpressionEvaluator>> key_evaluators;
  std::vector<const Vector*> keys;
  JoinRowCollection rows;
  MemoryReservation memory;  ///< What `rows` holds.
};

struct HashJoinProbeState : OperatorState {
  HashJoinProbeState(const HashJoinSpec& spec, const JoinHashTable& table, const sql::SessionSettings& session)
      : probe(spec, table, session) {}
  HashJoinProbe probe;
  bool in_progress = false;  ///< Output of the current input remains.
};

struct HashJoinFinalState : GlobalSourceState {
  JoinScanPosition position;
  std::vector<const uint8_t*> rows;
};

}  // namespace

PhysicalHashJoin::PhysicalHashJoin(std::unique_ptr<PhysicalOperator> probe, std::unique_ptr<PhysicalOperator> build,
                                   JoinType type, std::vector<sql::BoundExpressionPtr> probe_keys,
                                   std::vector<sql::BoundExpressionPtr> build_keys, std::vector<bool> nulls_equal,
                                   sql::BoundExpressionPtr residual, bool null_aware)
    : PhysicalHashJoin(OutputTypes(type, *probe, *build), std::move(probe), std::move(build), type,
                       std::move(probe_keys), std::move(build_keys), std::move(nulls_equal), std::move(residual),
                       null_aware) {}

PhysicalHashJoin::PhysicalHashJoin(std::vector<DataType> types, std::unique_ptr<PhysicalOperator>&& probe,
                                   std::unique_ptr<PhysicalOperator>&& build, JoinType type,
                                   std::vector<sql::BoundExpressionPtr> probe_keys,
                                   std::vector<sql::BoundExpressionPtr> build_keys, std::vector<bool> nulls_equal,
                                   sql::BoundExpressionPtr residual, bool null_aware)
    : PhysicalOperator(std::move(types), TwoChildren(std::move(probe), std::move(build))) {
  spec_.type = type;
  spec_.probe_types = children()[0]->types();
  spec_.build_types = children()[1]->types();
  spec_.probe_keys = std::move(probe_keys);
  spec_.build_keys = std::move(build_keys);
  spec_.nulls_equal = std::move(nulls_equal);
  spec_.residual = std::move(residual);
  spec_.null_aware = null_aware;
  name_ = "HashJoin " + JoinTypeName(type) + " keys: ";
  for (size_t k = 0; k < spec_.probe_keys.size(); ++k) {
    if (k > 0) name_ += ", ";
    name_ += spec_.probe_keys[k]->ToString();
    name_ += k < spec_.nulls_equal.size() && spec_.nulls_equal[k] ? " IS NOT DISTINCT FROM " : " = ";
    name_ += k < spec_.build_keys.size() ? spec_.build_keys[k]->ToString() : "?";
  }
  if (spec_.residual != nullptr) name_ += " residual: " + spec_.residual->ToString();
  if (spec_.null_aware) name_ += " null_aware";
  CompleteSpec(&spec_);
}

std::unique_ptr<GlobalSinkState> PhysicalHashJoin::MakeGlobalSinkState(const ExecutionContext& context) const {
  return std::make_unique<HashJoinGlobal>(spec_.layout, &context.memory(), name());
}

std::unique_ptr<LocalSinkState> PhysicalHashJoin::MakeLocalSinkState(GlobalSinkState&,
                                                                     const ExecutionContext& context) const {
  return std::make_unique<HashJoinLocal>(spec_, context.session(), &context.memory(), name());
}

SinkResult PhysicalHashJoin::Sink(const Chunk& input, GlobalSinkState&, LocalSinkState& local_base) const {
  auto& local = static_cast<HashJoinLocal&>(local_base);
  local.keys.clear();
  for (auto& evaluator : local.key_evaluators) {
    local.keys.push_back(&evaluator->EvaluateToVector(input, nullptr, input.size()));
  }
  local.rows.Append(input, local.keys, EmitsUnmatchedBuild(spec_.type), &local.memory);
  return SinkResult::kNeedMoreInput;
}

void PhysicalHashJoin::Combine(GlobalSinkState& global_base, LocalSinkState& local_base) const {
  auto& global = static_cast<HashJoinGlobal&>(global_base);
  auto& local = static_cast<HashJoinLocal&>(local_base);
  std::lock_guard lock(global.mutex);
  global.table.Merge(std::move(local.rows));
  global.row_memory.push_back(std::move(local.memory));
}

void PhysicalHashJoin::Finalize(GlobalSinkState& global_base, const ExecutionContext&) const {
  auto& global = static_cast<HashJoinGlobal&>(global_base);
  global.table.Build(&global.directory_memory);
}

std::unique_ptr<OperatorState> PhysicalHashJoin::MakeOperatorState(const ExecutionContext& context) const {
  auto& global = static_cast<HashJoinGlobal&>(context.sink_state(*this));
  return std::make_unique<HashJoinProbeState>(spec_, global.table, context.session());
}

OperatorResult PhysicalHashJoin::Execute(const Chunk& input, Chunk* out, OperatorState& state_base) const {
  auto& state = static_cast<HashJoinProbeState&>(state_base);
  if (!state.in_progress) state.probe.Start(input);
  state.in_progress = state.probe.Next(input, out);
  return state.in_progress ? OperatorResult::kHaveMoreOutput : OperatorResult::kNeedMoreInput;
}

std::unique_ptr<GlobalSourceState> PhysicalHashJoin::MakeFinalState(const ExecutionContext&) const {
  auto state = std::make_unique<HashJoinFinalState>();
  state->rows.resize(kChunkCapacity);
  return state;
}

SourceResult PhysicalHashJoin::GetFinalChunk(const ExecutionContext& context, GlobalSourceState& state_base,
                                             Chunk* out) const {
  auto& state = static_cast<HashJoinFinalState&>(state_base);
  const JoinHashTable& table = static_cast<HashJoinGlobal&>(context.sink_state(*this)).table;
  const size_t count = table.ScanUnmatched(&state.position, state.rows.data(), std::min(kChunkCapacity, out->capacity()));
  if (count == 0) return SourceResult::kFinished;
  const size_t probe_width = spec_.probe_types.size();
  for (size_t c = 0; c < probe_width; ++c) {
    Vector& column = out->column(c);
    for (size_t i = 0; i < count; ++i) column.SetNull(i);
  }
  for (size_t c = 0; c < spec_.build_types.size(); ++c) {
    table.GatherColumn(c, state.rows.data(), count, &out->column(probe_width + c), 0);
  }
  out->set_size(count);
  return SourceResult::kHaveOutput;
}

}  // namespace sluice::exec
