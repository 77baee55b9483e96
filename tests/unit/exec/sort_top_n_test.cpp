// TopN: bounded heaps per thread equal a full stable sort cut at OFFSET/LIMIT, with
// ties (WITH TIES), strings beyond the prefix and compaction of dead rows.

#include <cstdint>
#include <random>
#include <string>

#include "exec/sort/top_n.h"
#include "sort_test_util.h"

namespace sluice::exec {
namespace {

using testing::ExpectSameRows;
using testing::MakeChunks;
using testing::ReadAll;
using testing::ReferenceSort;
using testing::Row;

std::vector<Row> RunTopN(const TopNSpec& spec, const std::vector<Row>& rows, size_t num_threads,
                         size_t chunk_rows = 500) {
  TopN top_n(spec);
  auto global = top_n.MakeGlobalState();
  std::vector<std::unique_ptr<TopNLocalState>> locals;
  for (size_t t = 0; t < num_threads; ++t) locals.push_back(top_n.MakeLocalState(*global));
  TaskGroup group;
  for (size_t t = 0; t < num_threads; ++t) {
    group.Run([&, t] {
      const size_t begin = rows.size() * t / num_threads;
      const size_t end = rows.size() * (t + 1) / num_threads;
      std::vector<Row> slice(rows.begin() + begin, rows.begin() + end);
      for (const Chunk& chunk : MakeChunks(spec.sort.input_types, slice, chunk_rows)) {
        top_n.Sink(*locals[t], chunk);
      }
      top_n.Combine(*global, *locals[t]);
    });
  }
  group.Wait();
  return ReadAll(*top_n.Finalize(*global));
}

/// The reference: a stable sort cut at offset/limit, extended over ties if asked.
std::vector<Row> ReferenceTopN(const std::vector<Row>& rows, const TopNSpec& spec) {
  std::vector<Row> sorted = ReferenceSort(rows, spec.sort.keys);
  const size_t begin = std::min(spec.offset, sorted.size());
  size_t end = std::min(spec.offset + spec.limit, sorted.size());
  if (spec.with_ties && end > begin) {
    while (end < sorted.size() &&
           testing::CompareRows(sorted[end], sorted[end - 1], spec.sort.keys) == 0) {
      ++end;
    }
  }
  return {sorted.begin() + static_cast<ptrdiff_t>(begin),
          sorted.begin() + static_cast<ptrdiff_t>(end)};
}

std::vector<Row> RandomRows(size_t num_rows, int key_range, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<Row> rows;
  for (size_t r = 0; r < num_rows; ++r) {
    const int key = static_cast<int>(random() % static_cast<uint64_t>(key_range));
    Value text = random() % 10 == 0
                     ? Value::Null(DataType::Varchar())
                     : Value::Varchar("a shared prefix of some length/" + std::to_string(random() % 7));
    rows.push_back({key % 5 == 0 ? Value::Null(DataType::Integer()) : Value::Integer(key),
                    std::move(text), Value::BigInt(static_cast<int64_t>(r))});
  }
  return rows;
}

const std::vector<DataType> kTypes = {DataType::Integer(), DataType::Varchar(),
                                      DataType::BigInt()};

TEST(TopNTest, EqualsSortedPrefixWithOffsetAndThreads) {
  const std::vector<Row> rows = RandomRows(20000, 1000, 1);
  for (size_t limit : {0, 1, 10, 100, 3000}) {
    for (size_t offset : {0, 5, 2500}) {
      for (size_t threads : {1, 3}) {
        TopNSpec spec{{kTypes, {{0, false, false}, {1, true, true}}, {}}, limit, offset, false};
        SCOPED_TRACE("limit " + std::to_string(limit) + " offset " + std::to_string(offset) +
                     " threads " + std::to_string(threads));
        ExpectSameRows(RunTopN(spec, rows, threads), ReferenceTopN(rows, spec));
      }
    }
  }
}

TEST(TopNTest, ManyTiesKeepTheEarliestRows) {
  const std::vector<Row> rows = RandomRows(20000, 3, 2);  // keys 0, 1, 2 and NULL
  TopNSpec spec{{kTypes, {{0, true, true}}, {}}, 50, 7, false};
  ExpectSameRows(RunTopN(spec, rows, 4), ReferenceTopN(rows, spec));
}

TEST(TopNTest, WithTiesReturnsEveryRowEqualToTheLast) {
  const std::vector<Row> rows = RandomRows(20000, 400, 3);
  for (size_t limit : {1, 10, 60}) {
    TopNSpec spec{{kTypes, {{0, true, false}}, {}}, limit, 3, true};
    const auto expected = ReferenceTopN(rows, spec);
    EXPECT_GT(expected.size(), limit);
    ExpectSameRows(RunTopN(spec, rows, 2), expected);
    ExpectSameRows(RunTopN(spec, rows, 1, 2048), expected);
  }
}

TEST(TopNTest, StringKeysBeyondThePrefix) {
  const std::vector<Row> rows = RandomRows(10000, 50, 4);
  TopNSpec spec{{kTypes, {{1, false, false}, {0, true, false}}, {2}}, 40, 1, false};
  const auto actual = RunTopN(spec, rows, 2);
  std::vector<Row> expected;
  for (const Row& row : ReferenceTopN(rows, spec)) expected.push_back({row[2]});
  ExpectSameRows(actual, expected);
}

TEST(TopNTest, UnboundedLimitReturnsEverythingAfterTheOffset) {
  const std::vector<Row> rows = RandomRows(3000, 100, 5);
  TopNSpec spec{{kTypes, {{0, true, false}}, {}}, SIZE_MAX, 5, false};
  const auto actual = RunTopN(spec, rows, 2);
  EXPECT_EQ(actual.size(), rows.size() - 5);
  ExpectSameRows(actual, ReferenceTopN(rows, TopNSpec{spec.sort, rows.size(), 5, false}));
}

TEST(TopNTest, MemoryStaysBounded) {
  TopN top_n(TopNSpec{{{DataType::BigInt()}, {{0}}, {}}, 10, 0, false});
  auto global = top_n.MakeGlobalState();
  auto local = top_n.MakeLocalState(*global);
  Chunk chunk({DataType::BigInt()});
  int64_t next = 1'000'000;
  for (int i = 0; i < 200; ++i) {
    // Descending input: every chunk replaces the whole heap.
    for (size_t r = 0; r < kChunkCapacity; ++r) chunk.column(0).data<int64_t>()[r] = next--;
    chunk.set_size(kChunkCapacity);
    top_n.Sink(*local, chunk);
  }
  EXPECT_LT(local->memory_bytes(), 1'000'000u);
  top_n.Combine(*global, *local);
  const auto rows = ReadAll(*top_n.Finalize(*global));
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0][0].int64(), next + 1);
}

}  // namespace
}  // namespace sluice::exec
