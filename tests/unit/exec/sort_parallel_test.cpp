// Parallel sorting of 1M random rows equals std::stable_sort of the same rows.

#include <algorithm>
#include <numeric>
#include <random>
#include <string>

#include "core/scheduler.h"
#include "exec/sort/sorter.h"
#include "sort_test_util.h"

namespace sluice::exec {
namespace {

constexpr size_t kNumRows = 1'000'000;

struct Columns {
  std::vector<int64_t> numbers;
  std::vector<bool> number_null;
  std::vector<std::string> texts;
};

Columns RandomColumns(uint64_t seed) {
  std::mt19937_64 random(seed);
  Columns columns;
  for (size_t r = 0; r < kNumRows; ++r) {
    columns.number_null.push_back(random() % 16 == 0);
    columns.numbers.push_back(static_cast<int64_t>(random() % 2000) - 1000);
    std::string text = std::to_string(random() % 100);
    if (random() % 4 == 0) text = "a longer shared prefix, then " + text;
    columns.texts.push_back(std::move(text));
  }
  return columns;
}

TEST(SortParallelTest, MillionRowsEqualStableSort) {
  const Columns data = RandomColumns(99);
  const std::vector<DataType> types = {DataType::BigInt(), DataType::Varchar(),
                                       DataType::BigInt()};
  // ORDER BY number DESC NULLS FIRST, text ASC; payload = row number.
  Sorter sorter(SortSpec{types, {{0, false, true}, {1, true, false}}, {2}});
  auto global = sorter.MakeGlobalState();
  constexpr size_t kThreads = 4;
  std::vector<std::unique_ptr<SortLocalState>> locals;
  for (size_t t = 0; t < kThreads; ++t) locals.push_back(sorter.MakeLocalState(*global));
  TaskGroup group;
  for (size_t t = 0; t < kThreads; ++t) {
    group.Run([&, t] {
      Chunk chunk(types);
      const size_t end = kNumRows * (t + 1) / kThreads;
      for (size_t begin = kNumRows * t / kThreads; begin < end;) {
        chunk.Reset();
        const size_t count = std::min(kChunkCapacity - 7 * t, end - begin);
        for (size_t i = 0; i < count; ++i) {
          const size_t r = begin + i;
          chunk.column(0).data<int64_t>()[i] = data.numbers[r];
          if (data.number_null[r]) chunk.column(0).SetNull(i);
          chunk.column(1).SetString(i, data.texts[r]);
          chunk.column(2).data<int64_t>()[i] = static_cast<int64_t>(r);
        }
        chunk.set_size(count);
        sorter.Sink(*locals[t], chunk);
        begin += count;
      }
      sorter.Combine(*global, *locals[t]);
    });
  }
  group.Wait();
  const auto sorted = sorter.Finalize(*global);

  std::vector<int64_t> expected(kNumRows);
  std::iota(expected.begin(), expected.end(), 0);
  std::stable_sort(expected.begin(), expected.end(), [&](int64_t a, int64_t b) {
    if (data.number_null[a] != data.number_null[b]) return data.number_null[a] > data.number_null[b];
    if (!data.number_null[a] && data.numbers[a] != data.numbers[b]) {
      return data.numbers[a] > data.numbers[b];
    }
    return data.texts[a] < data.texts[b];
  });

  ASSERT_EQ(sorted->num_rows(), kNumRows);
  Chunk out(sorted->output_types());
  for (size_t c = 0; c < sorted->num_chunks(); ++c) {
    sorted->ScanChunk(c, &out);
    for (size_t i = 0; i < out.size(); ++i) {
      ASSERT_EQ(out.column(0).data<int64_t>()[i], expected[c * kChunkCapacity + i])
          << "output row " << c * kChunkCapacity + i;
    }
  }
}

TEST(SortParallelTest, MillionBigintsRadixPath) {
  std::mt19937_64 random(5);
  std::vector<int64_t> values(kNumRows);
  for (int64_t& value : values) value = static_cast<int64_t>(random());
  Sorter sorter(SortSpec{{DataType::BigInt()}, {{0}}, {}});
  auto global = sorter.MakeGlobalState();
  auto first = sorter.MakeLocalState(*global);
  auto second = sorter.MakeLocalState(*global);
  Chunk chunk({DataType::BigInt()});
  for (size_t begin = 0; begin < kNumRows; begin += kChunkCapacity) {
    const size_t count = std::min(kChunkCapacity, kNumRows - begin);
    std::copy_n(values.begin() + static_cast<ptrdiff_t>(begin), count, chunk.column(0).data<int64_t>());
    chunk.set_size(count);
    sorter.Sink(begin % (2 * kChunkCapacity) == 0 ? *first : *second, chunk);
  }
  sorter.Combine(*global, *second);
  sorter.Combine(*global, *first);
  const auto sorted = sorter.Finalize(*global);
  std::sort(values.begin(), values.end());
  Chunk out(sorted->output_types());
  for (size_t c = 0; c < sorted->num_chunks(); ++c) {
    sorted->ScanChunk(c, &out);
    for (size_t i = 0; i < out.size(); ++i) {
      ASSERT_EQ(out.column(0).data<int64_t>()[i], values[c * kChunkCapacity + i]);
    }
  }
}

}  // namespace
}  // namespace sluice::exec
