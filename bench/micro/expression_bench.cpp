// Micro-benchmarks of the vectorized expression evaluator over 1M rows in chunks of
// 2048: arithmetic with a comparison (a + b * 2 > c on bigint, as a value and as a
// filter), a LIKE filter on strings, a decimal multiply, and CAST(varchar AS bigint).
//   build/sluice-micro-bench --benchmark_filter=Expr
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/value.h"
#include "exec/expression/evaluator.h"
#include "sql/expression/expression_builder.h"

namespace {

using namespace sluice;
using namespace sluice::sql;

constexpr size_t kRows = 1 << 20;
// 16 distinct chunks (1.5 MB, cache-resident as freshly decoded data is) visited until
// 1M rows are done: the kernels are measured, not the memory bus.
constexpr size_t kChunks = 16;
constexpr size_t kPasses = kRows / kChunkCapacity / kChunks;

/// kChunks chunks of three bigint columns (small random values) and one varchar.
std::vector<Chunk> MakeChunks() {
  std::mt19937_64 random(7);
  static const char* kWords[] = {"PROMO BRUSHED COPPER", "STANDARD POLISHED TIN", "ECONOMY ANODIZED STEEL",
                                 "LARGE BURNISHED BRASS", "SMALL PLATED NICKEL", "MEDIUM BRUSHED STEEL"};
  std::vector<Chunk> chunks;
  for (size_t c = 0; c < kChunks; ++c) {
    Chunk chunk({DataType::BigInt(), DataType::BigInt(), DataType::BigInt(), DataType::Varchar(),
                 DataType::Decimal(12, 2)});
    for (size_t r = 0; r < kChunkCapacity; ++r) {
      chunk.column(0).data<int64_t>()[r] = static_cast<int64_t>(random() % 1000);
      chunk.column(1).data<int64_t>()[r] = static_cast<int64_t>(random() % 1000);
      chunk.column(2).data<int64_t>()[r] = static_cast<int64_t>(random() % 3000);
      chunk.column(3).SetString(r, kWords[random() % 6]);
      chunk.column(4).data<int64_t>()[r] = static_cast<int64_t>(random() % 10000000);
    }
    chunk.set_size(kChunkCapacity);
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

const std::vector<Chunk>& Chunks() {
  static const std::vector<Chunk> chunks = MakeChunks();
  return chunks;
}

BoundExpressionPtr Column(size_t i, DataType type) { return MakeColumnRef(i, std::move(type)); }

BoundExpressionPtr ArithmeticPredicate() {
  // a + b * 2 > c
  return MakeComparison(ComparisonOperator::kGreater,
                        MakeArithmetic('+', Column(0, DataType::BigInt()),
                                       MakeArithmetic('*', Column(1, DataType::BigInt()),
                                                      MakeConstant(Value::BigInt(2)))),
                        Column(2, DataType::BigInt()));
}

void Evaluate(benchmark::State& state, const BoundExpressionPtr& expression) {
  SessionSettings session;
  exec::ExpressionEvaluator evaluator(expression, session, 1);
  for (auto _ : state) {
    for (size_t pass = 0; pass < kPasses; ++pass)
    for (const Chunk& chunk : Chunks()) {
      Operand result = evaluator.Evaluate(chunk, nullptr, chunk.size());
      benchmark::DoNotOptimize(result.vector);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

void Filter(benchmark::State& state, const BoundExpressionPtr& predicate) {
  SessionSettings session;
  exec::ExpressionEvaluator evaluator(predicate, session, 1);
  SelectionVector selection;
  size_t selected = 0;
  for (auto _ : state) {
    for (size_t pass = 0; pass < kPasses; ++pass)
      for (const Chunk& chunk : Chunks()) selected += evaluator.Select(chunk, nullptr, chunk.size(), &selection);
  }
  benchmark::DoNotOptimize(selected);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

void BM_ExprArithmeticValue(benchmark::State& state) { Evaluate(state, ArithmeticPredicate()); }
BENCHMARK(BM_ExprArithmeticValue);

void BM_ExprArithmeticFilter(benchmark::State& state) { Filter(state, ArithmeticPredicate()); }
BENCHMARK(BM_ExprArithmeticFilter);

void BM_ExprLikeContainsFilter(benchmark::State& state) {
  Filter(state, MakeLike(Column(3, DataType::Varchar()), MakeConstant(Value::Varchar("%BRUSHED%")), nullptr));
}
BENCHMARK(BM_ExprLikeContainsFilter);

void BM_ExprLikeGeneralFilter(benchmark::State& state) {
  Filter(state, MakeLike(Column(3, DataType::Varchar()), MakeConstant(Value::Varchar("%A_ODIZED%STEEL")), nullptr));
}
BENCHMARK(BM_ExprLikeGeneralFilter);

void BM_ExprDecimalMultiply(benchmark::State& state) {
  // l_extendedprice * (1 - l_discount) shape: decimal(12,2) * decimal(12,2).
  Evaluate(state, MakeArithmetic('*', Column(4, DataType::Decimal(12, 2)),
                                 MakeArithmetic('-', MakeConstant(Value::Integer(1)), Column(4, DataType::Decimal(12, 2)))));
}
BENCHMARK(BM_ExprDecimalMultiply);

void BM_ExprAndFilter(benchmark::State& state) {
  // a < 500 AND b < 500 AND c < 1500: each operand sees the survivors of the previous.
  auto less = [](size_t column, int64_t bound) {
    return MakeComparison(ComparisonOperator::kLess, Column(column, DataType::BigInt()),
                          MakeConstant(Value::BigInt(bound)));
  };
  Filter(state, MakeAnd({less(0, 500), less(1, 500), less(2, 1500)}));
}
BENCHMARK(BM_ExprAndFilter);

}  // namespace
