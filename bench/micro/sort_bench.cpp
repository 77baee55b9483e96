// Micro-benchmarks of sorting (exec/sort/): ORDER BY of 10M bigint rows, ORDER BY a
// varchar and a bigint key over 10M rows, and ORDER BY … LIMIT 100 of 10M rows, each
// run with one local state per scheduler thread as a pipeline would.
//   build/sluice-micro-bench --benchmark_filter=Sort
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/scheduler.h"
#include "exec/sort/sorter.h"
#include "exec/sort/top_n.h"

namespace {

using namespace sluice;
using namespace sluice::exec;

constexpr size_t kRows = 10'000'000;

/// kRows rows in chunks: column 0 random bigint, column 1 a varchar of ~8-30 bytes.
const std::vector<Chunk>& Input() {
  static const std::vector<Chunk> chunks = [] {
    std::mt19937_64 random(42);
    static const char* kWords[] = {"PROMO BRUSHED COPPER", "STANDARD POLISHED TIN", "ECONOMY",
                                   "LARGE BURNISHED BRASS", "SMALL PLATED NICKEL", "MEDIUM"};
    std::vector<Chunk> result;
    for (size_t begin = 0; begin < kRows; begin += kChunkCapacity) {
      Chunk chunk({DataType::BigInt(), DataType::Varchar()});
      const size_t count = std::min(kChunkCapacity, kRows - begin);
      for (size_t r = 0; r < count; ++r) {
        chunk.column(0).data<int64_t>()[r] = static_cast<int64_t>(random());
        chunk.column(1).SetString(r, kWords[random() % 6]);
      }
      chunk.set_size(count);
      result.push_back(std::move(chunk));
    }
    return result;
  }();
  return chunks;
}

/// Sinks thread t's share of the input (every num_threads-th chunk) and combines.
template <typename Operator, typename Global>
void SinkInParallel(const Operator& op, Global& global) {
  const std::vector<Chunk>& chunks = Input();
  const size_t num_threads = TaskScheduler::Global().num_threads();
  std::vector<decltype(op.MakeLocalState(global))> locals;
  for (size_t t = 0; t < num_threads; ++t) locals.push_back(op.MakeLocalState(global));
  TaskGroup group;
  for (size_t t = 0; t < num_threads; ++t) {
    group.Run([&, t] {
      for (size_t c = t; c < chunks.size(); c += num_threads) op.Sink(*locals[t], chunks[c]);
      op.Combine(global, *locals[t]);
    });
  }
  group.Wait();
}

void RunSort(benchmark::State& state, std::vector<SortKey> keys) {
  Input();
  for (auto _ : state) {
    Sorter sorter(SortSpec{{DataType::BigInt(), DataType::Varchar()}, keys, {0}});
    auto global = sorter.MakeGlobalState();
    SinkInParallel(sorter, *global);
    auto sorted = sorter.Finalize(*global);
    benchmark::DoNotOptimize(sorted->ref(kRows / 2));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

void BM_SortBigint10M(benchmark::State& state) { RunSort(state, {{0}}); }
void BM_SortVarcharBigint10M(benchmark::State& state) { RunSort(state, {{1}, {0, false}}); }

void BM_SortTop100Of10M(benchmark::State& state) {
  Input();
  for (auto _ : state) {
    TopN top_n(TopNSpec{{{DataType::BigInt(), DataType::Varchar()}, {{0}}, {}}, 100, 0, false});
    auto global = top_n.MakeGlobalState();
    SinkInParallel(top_n, *global);
    auto top = top_n.Finalize(*global);
    benchmark::DoNotOptimize(top->num_rows());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

BENCHMARK(BM_SortBigint10M)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_SortVarcharBigint10M)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_SortTop100Of10M)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
