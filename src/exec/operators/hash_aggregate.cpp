#include "exec/operators/hash_aggregate.h"

#include <atomic>
#include <mutex>

#include "core/scheduler.h"
#include "exec/aggregate/group_hash_table.h"

namespace sluice::exec {
namespace {

constexpr int kPartitionBits = 4;

struct HashAggregateGlobal : GlobalSinkState {
  explicit HashAggregateGlobal(const AggregateLayout& layout) : layout(layout) {}
  ~HashAggregateGlobal() override {
    for (auto& table : tables) DestroyAll(*table);
    for (auto& table : finals) DestroyAll(*table);
  }
  void DestroyAll(GroupHashTable& table) const {
    std::vector<uint8_t*> payloads;
    for (uint32_t g = 0; g < table.num_groups(); ++g) payloads.push_back(table.payload(g));
    layout.Destroy(payloads);
  }

  const AggregateLayout& layout;
  std::mutex mutex;
  std::vector<std::unique_ptr<GroupHashTable>> tables;  ///< One per thread, after Combine.
  std::vector<std::unique_ptr<GroupHashTable>> finals;  ///< One per partition, after Finalize.
  std::vector<Chunk> output;
  /// What `tables` and `finals` hold (the output chunks are not counted).
  std::vector<MemoryReservation> memory;
};

struct HashAggregateLocal : LocalSinkState {
  HashAggregateLocal(const std::vector<sql::BoundExpressionPtr>& groups, const std::vector<sql::AggregateCall>& calls,
                     const AggregateLayout& layout, const sql::SessionSettings& session)
      : inputs(calls, session), group_ids(kChunkCapacity), states(kChunkCapacity) {
    std::vector<DataType> key_types;
    for (const auto& group : groups) {
      key_evaluators.push_back(std::make_unique<ExpressionEvaluator>(group, session));
      key_types.push_back(group->type());
    }
    table = std::make_unique<GroupHashTable>(key_types, layout.payload_size, layout.alignment, kPartitionBits);
  }
  std::vector<std::unique_ptr<ExpressionEvaluator>> key_evaluators;
  AggregateInputs inputs;
  std::unique_ptr<GroupHashTable> table;
  std::vector<uint32_t> group_ids;
  std::vector<uint8_t*> states;
  MemoryReservation memory;  ///< What `table` holds.
};

struct HashAggregateSource : GlobalSourceState {
  explicit HashAggregateSource(HashAggregateGlobal& sink) : sink(sink) {}
  HashAggregateGlobal& sink;
  std::atomic<size_t> next{0};
};

}  // namespace

PhysicalHashAggregate::PhysicalHashAggregate(std::unique_ptr<PhysicalOperator> child,
                                             std::vector<sql::BoundExpressionPtr> groups,
                                             std::vector<sql::AggregateCall> aggregates, std::vector<DataType> types)
    : PhysicalOperator(std::move(types), std::move(child)), groups_(std::move(groups)),
      aggregates_(std::move(aggregates)), layout_(aggregates_) {}

std::string PhysicalHashAggregate::name() const {
  std::string text = "HashAggregate groups=[";
  for (size_t i = 0; i < groups_.size(); ++i) text += (i ? ", " : "") + groups_[i]->ToString();
  text += "] aggregates=[";
  for (size_t i = 0; i < aggregates_.size(); ++i) text += (i ? ", " : "") + aggregates_[i].name;
  return text + "]";
}

std::unique_ptr<GlobalSinkState> PhysicalHashAggregate::MakeGlobalSinkState(const ExecutionContext&) const {
  return std::make_unique<HashAggregateGlobal>(layout_);
}

std::unique_ptr<LocalSinkState> PhysicalHashAggregate::MakeLocalSinkState(GlobalSinkState&,
                                                                          const ExecutionContext& context) const {
  auto state = std::make_unique<HashAggregateLocal>(groups_, aggregates_, layout_, context.session());
  state->memory = MemoryReservation(&context.memory(), name());
  return state;
}

SinkResult PhysicalHashAggregate::Sink(const Chunk& input, GlobalSinkState&, LocalSinkState& local_base) const {
  auto& local = static_cast<HashAggregateLocal&>(local_base);
  size_t count = input.size();
  std::vector<const Vector*> keys;
  for (auto& evaluator : local.key_evaluators) keys.push_back(&evaluator->EvaluateToVector(input, nullptr, count));
  sql::Rows rows{nullptr, count};
  size_t before = local.table->num_groups();
  local.table->FindOrCreateGroups(keys, rows, local.group_ids.data());
  for (size_t g = before; g < local.table->num_groups(); ++g) {
    layout_.Initialize(local.table->payload(static_cast<uint32_t>(g)));
  }
  // Accounted after the table grew (it grows by at most one chunk's groups per call).
  if (local.table->num_groups() != before) local.memory.Resize(local.table->bytes_used());
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    for (size_t r = 0; r < count; ++r) local.states[r] = local.table->payload(local.group_ids[r]) + layout_.offsets[a];
    layout_.functions[a]->Update(local.states.data(), local.inputs.Evaluate(a, input), rows);
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalHashAggregate::Combine(GlobalSinkState& global_base, LocalSinkState& local_base) const {
  auto& global = static_cast<HashAggregateGlobal&>(global_base);
  auto& local = static_cast<HashAggregateLocal&>(local_base);
  std::lock_guard lock(global.mutex);
  global.tables.push_back(std::move(local.table));
  global.memory.push_back(std::move(local.memory));
}

void PhysicalHashAggregate::Finalize(GlobalSinkState& global_base, const ExecutionContext& context) const {
  auto& global = static_cast<HashAggregateGlobal&>(global_base);
  std::vector<std::vector<std::vector<uint32_t>>> partitions;  // [table][partition] → groups
  std::vector<DataType> key_types;
  for (const auto& group : groups_) key_types.push_back(group->type());
  for (const auto& table : global.tables) partitions.push_back(table->GroupsByPartition());
  size_t num_partitions = size_t{1} << kPartitionBits;
  global.finals.resize(num_partitions);
  std::vector<std::vector<Chunk>> outputs(num_partitions);
  std::vector<MemoryReservation> final_memory;
  for (size_t p = 0; p < num_partitions; ++p) final_memory.emplace_back(&context.memory(), name());
  TaskGroup tasks;
  for (size_t p = 0; p < num_partitions; ++p) {
    tasks.Run([&, p] {
      auto final_table = std::make_unique<GroupHashTable>(key_types, layout_.payload_size, layout_.alignment, 0);
      std::vector<uint8_t*> sources;
      std::vector<uint8_t*> targets;
      for (size_t t = 0; t < global.tables.size(); ++t) {
        for (uint32_t group : partitions[t][p]) {
          bool created = false;
          uint32_t target = final_table->FindOrCreateFrom(*global.tables[t], group, &created);
          if (created) layout_.Initialize(final_table->payload(target));
          if (created && final_table->num_groups() % 65536 == 0) final_memory[p].Resize(final_table->bytes_used());
          sources.push_back(global.tables[t]->payload(group));
          targets.push_back(final_table->payload(target));
        }
      }
      std::vector<uint8_t*> s(sources.size());
      std::vector<uint8_t*> d(targets.size());
      for (size_t a = 0; a < aggregates_.size(); ++a) {
        for (size_t i = 0; i < sources.size(); ++i) {
          s[i] = sources[i] + layout_.offsets[a];
          d[i] = targets[i] + layout_.offsets[a];
        }
        layout_.functions[a]->Combine(s.data(), d.data(), s.size());
      }
      final_memory[p].Resize(final_table->bytes_used());
      // Output chunks of this partition.
      std::vector<uint32_t> ids;
      std::vector<uint8_t*> states;
      for (size_t begin = 0; begin < final_table->num_groups(); begin += kChunkCapacity) {
        size_t count = std::min(kChunkCapacity, final_table->num_groups() - begin);
        Chunk chunk(types());
        ids.resize(count);
        for (size_t i = 0; i < count; ++i) ids[i] = static_cast<uint32_t>(begin + i);
        std::vector<Vector*> key_vectors;
        for (size_t k = 0; k < groups_.size(); ++k) key_vectors.push_back(&chunk.column(k));
        final_table->GatherKeys(ids.data(), count, key_vectors, 0);
        states.resize(count);
        for (size_t a = 0; a < aggregates_.size(); ++a) {
          for (size_t i = 0; i < count; ++i) states[i] = final_table->payload(ids[i]) + layout_.offsets[a];
          layout_.functions[a]->Finalize(states.data(), count, &chunk.column(groups_.size() + a), 0);
        }
        chunk.set_size(count);
        outputs[p].push_back(std::move(chunk));
      }
      global.finals[p] = std::move(final_table);
    });
  }
  tasks.Wait();
  for (auto& memory : final_memory) global.memory.push_back(std::move(memory));
  for (auto& partition : outputs) {
    for (Chunk& chunk : partition) global.output.push_back(std::move(chunk));
  }
}

std::unique_ptr<GlobalSourceState> PhysicalHashAggregate::MakeGlobalSourceState(
    const ExecutionContext& context) const {
  return std::make_unique<HashAggregateSource>(static_cast<HashAggregateGlobal&>(context.sink_state(*this)));
}

SourceResult PhysicalHashAggregate::GetChunk(GlobalSourceState& source_base, LocalSourceState&, Chunk* out) const {
  auto& source = static_cast<HashAggregateSource&>(source_base);
  size_t index = source.next.fetch_add(1);
  if (index >= source.sink.output.size()) return SourceResult::kFinished;
  *out = std::move(source.sink.output[index]);
  return SourceResult::kHaveOutput;
}

}  // namespace sluice::exec
