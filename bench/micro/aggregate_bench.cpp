// Micro-benchmarks of hash aggregation's two halves, the group-by hash table and the
// aggregate update, as one thread of the (future) operator runs them per chunk:
// GROUP BY one bigint key with 1K and 1M distinct groups, sum(bigint) over 10M rows;
// GROUP BY two varchar keys (one longer than the 12 inline bytes); ungrouped sum.
//   build/sluice-micro-bench --benchmark_filter=Aggregate
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/vector.h"
#include "exec/aggregate/aggregate_registry.h"
#include "exec/aggregate/group_hash_table.h"

namespace {

using namespace sluice;
using namespace sluice::exec;

constexpr size_t kRows = 10'000'000;
// Input chunks are visited round-robin until kRows are done (cache-resident unless the
// group count needs more distinct rows).
constexpr size_t kDefaultChunks = 64;

struct Input {
  std::vector<Vector> keys1;
  std::vector<Vector> keys2;
  std::vector<Vector> values;
};

Input MakeBigintInput(uint64_t num_groups, size_t num_chunks = kDefaultChunks) {
  std::mt19937_64 random(7);
  Input input;
  for (size_t c = 0; c < num_chunks; ++c) {
    Vector keys(DataType::BigInt());
    Vector values(DataType::BigInt());
    for (size_t r = 0; r < kChunkCapacity; ++r) {
      keys.data<int64_t>()[r] = static_cast<int64_t>(random() % num_groups);
      values.data<int64_t>()[r] = static_cast<int64_t>(random() % 1000);
    }
    input.keys1.push_back(std::move(keys));
    input.values.push_back(std::move(values));
  }
  return input;
}

Input MakeVarcharInput() {
  std::mt19937_64 random(11);
  static const char* kModes[] = {"AIR", "MAIL", "RAIL", "SHIP", "TRUCK", "REG AIR", "FOB"};
  Input input;
  for (size_t c = 0; c < kDefaultChunks; ++c) {
    Vector k1(DataType::Varchar());
    Vector k2(DataType::Varchar());
    Vector values(DataType::BigInt());
    for (size_t r = 0; r < kChunkCapacity; ++r) {
      k1.SetString(r, kModes[random() % 7]);
      k2.SetString(r, "Customer#00000" + std::to_string(random() % 1000));
      values.data<int64_t>()[r] = static_cast<int64_t>(random() % 1000);
    }
    input.keys1.push_back(std::move(k1));
    input.keys2.push_back(std::move(k2));
    input.values.push_back(std::move(values));
  }
  return input;
}

void RunGrouped(benchmark::State& state, const Input& input, bool two_keys) {
  auto sum = AggregateRegistry::Builtins().Resolve("sum", std::vector{DataType::BigInt()}).function;
  std::vector<uint32_t> groups(kChunkCapacity);
  std::vector<uint8_t*> states(kChunkCapacity);
  size_t num_groups = 0;
  for (auto _ : state) {
    std::vector<DataType> key_types{input.keys1[0].type()};
    if (two_keys) key_types.push_back(input.keys2[0].type());
    GroupHashTable table(key_types, sum->state_size(), sum->state_alignment());
    for (size_t done = 0, c = 0; done < kRows; done += kChunkCapacity, c = (c + 1) % input.values.size()) {
      const Vector* keys[2] = {&input.keys1[c], two_keys ? &input.keys2[c] : nullptr};
      size_t before = table.num_groups();
      table.FindOrCreateGroups({keys, two_keys ? 2u : 1u}, sql::Rows{nullptr, kChunkCapacity},
                               groups.data());
      for (size_t g = before; g < table.num_groups(); ++g) {
        sum->Initialize(table.payload(static_cast<uint32_t>(g)));
      }
      for (size_t r = 0; r < kChunkCapacity; ++r) states[r] = table.payload(groups[r]);
      sql::Operand operand{&input.values[c], false};
      sum->Update(states.data(), {&operand, 1}, sql::Rows{nullptr, kChunkCapacity});
    }
    num_groups = table.num_groups();
    state.counters["bytes_used"] = static_cast<double>(table.bytes_used());
  }
  state.counters["groups"] = static_cast<double>(num_groups);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

void BM_AggregateSumByBigint1K(benchmark::State& state) {
  static const Input input = MakeBigintInput(1000);
  RunGrouped(state, input, false);
}

void BM_AggregateSumByBigint1M(benchmark::State& state) {
  // 1024 chunks (2M rows) of keys drawn from 1M values reach ~860K groups.
  static const Input input = MakeBigintInput(1'000'000, 1024);
  RunGrouped(state, input, false);
}

void BM_AggregateSumByTwoVarchars(benchmark::State& state) {
  static const Input input = MakeVarcharInput();
  RunGrouped(state, input, true);
}

void BM_AggregateSumUngrouped(benchmark::State& state) {
  static const Input input = MakeBigintInput(1);
  auto sum = AggregateRegistry::Builtins().Resolve("sum", std::vector{DataType::BigInt()}).function;
  alignas(16) uint8_t buffer[64];
  for (auto _ : state) {
    sum->Initialize(buffer);
    for (size_t done = 0, c = 0; done < kRows; done += kChunkCapacity, c = (c + 1) % input.values.size()) {
      sql::Operand operand{&input.values[c], false};
      sum->UpdateSingle(buffer, {&operand, 1}, sql::Rows{nullptr, kChunkCapacity});
    }
    benchmark::DoNotOptimize(buffer);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

BENCHMARK(BM_AggregateSumByBigint1K)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AggregateSumByBigint1M)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AggregateSumByTwoVarchars)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AggregateSumUngrouped)->Unit(benchmark::kMillisecond);

}  // namespace
