// Throughput of the Parquet writer's encoders (dictionary strings, PLAIN and
// DELTA_BINARY_PACKED int64) and of the whole writer on lineitem-like chunks built in
// memory (snappy, 1 and 2 threads).
//
//   ninja -C build sluice-micro-bench && build/sluice-micro-bench --benchmark_filter=Parquet
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "io/memory_streams.h"
#include "core/chunk.h"
#include "core/scheduler.h"
#include "formats/parquet/encoding.h"
#include "formats/parquet/rle.h"
#include "formats/parquet/writer.h"

namespace sluice {
namespace {

constexpr size_t kValues = 122880;  // one default row group

uint64_t NextRandom(uint64_t* state) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return *state >> 17;
}

const std::vector<std::string>& ShipModes() {
  static const std::vector<std::string> modes = {"REG AIR", "AIR", "RAIL", "SHIP",
                                                 "TRUCK", "MAIL", "FOB"};
  return modes;
}

void BM_ParquetDictionaryStrings(benchmark::State& state) {
  uint64_t seed = 1;
  std::vector<std::string> owned;
  for (size_t i = 0; i < kValues; ++i) {
    owned.push_back("Customer#" + std::to_string(NextRandom(&seed) % 15000));
  }
  std::vector<std::string_view> values(owned.begin(), owned.end());
  for (auto _ : state) {
    parquet::DictionaryBuilder<std::string_view> builder(1 << 20);
    std::vector<uint32_t> indices;
    indices.reserve(kValues);
    bool fits = builder.Add(values.data(), values.size(), &indices);
    std::string out;
    parquet::EncodeDictionaryIndices(indices.data(), indices.size(),
                                     std::max(1, parquet::BitWidth(builder.size() - 1)), &out);
    benchmark::DoNotOptimize(fits);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_ParquetDictionaryStrings)->Unit(benchmark::kMicrosecond);

std::vector<int64_t> SortedIds() {
  std::vector<int64_t> ids(kValues);
  uint64_t seed = 2;
  int64_t id = 1;
  for (size_t i = 0; i < kValues; ++i) {
    if (NextRandom(&seed) % 4 == 0) id += 1 + static_cast<int64_t>(NextRandom(&seed) % 8);
    ids[i] = id;
  }
  return ids;
}

void BM_ParquetPlainInt64(benchmark::State& state) {
  std::vector<int64_t> ids = SortedIds();
  for (auto _ : state) {
    std::string out;
    parquet::PlainEncodeFixed(ids.data(), ids.size(), &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_ParquetPlainInt64)->Unit(benchmark::kMicrosecond);

void BM_ParquetDeltaInt64(benchmark::State& state) {
  std::vector<int64_t> ids = SortedIds();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string out;
    parquet::DeltaBinaryPackedEncode(ids.data(), ids.size(), &out);
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_ParquetDeltaInt64)->Unit(benchmark::kMicrosecond);

using CountingSink = io::CountingOutputStream;

Schema LineitemSchema() {
  return Schema({Field{"l_orderkey", DataType::BigInt()}, Field{"l_partkey", DataType::BigInt()},
                 Field{"l_quantity", DataType::Decimal(12, 2)},
                 Field{"l_extendedprice", DataType::Decimal(12, 2)},
                 Field{"l_returnflag", DataType::Varchar()},
                 Field{"l_shipdate", DataType::Date()}, Field{"l_shipmode", DataType::Varchar()},
                 Field{"l_comment", DataType::Varchar()}});
}

/// 4 row groups of lineitem-like rows: sorted keys, random part keys and prices,
/// low-cardinality flags and modes, dates over seven years, comments from a word list.
const std::vector<Chunk>& LineitemChunks() {
  static const std::vector<Chunk> chunks = [] {
    static const char* kWords[] = {"furiously", "quickly", "final", "regular", "deposits",
                                   "ironic", "packages", "sleep", "blithely", "accounts"};
    std::vector<Chunk> out;
    Schema schema = LineitemSchema();
    uint64_t seed = 3;
    int64_t order = 1;
    const size_t rows = 4 * kValues;
    for (size_t done = 0; done < rows; done += kChunkCapacity) {
      Chunk chunk(schema.types());
      size_t n = std::min(kChunkCapacity, rows - done);
      for (size_t r = 0; r < n; ++r) {
        uint64_t x = NextRandom(&seed);
        if (x % 4 == 0) order += 1 + static_cast<int64_t>(x % 7);
        chunk.column(0).data<int64_t>()[r] = order;
        chunk.column(1).data<int64_t>()[r] = static_cast<int64_t>(x % 200000);
        chunk.column(2).data<int64_t>()[r] = static_cast<int64_t>(100 + (x >> 8) % 50 * 100);
        chunk.column(3).data<int64_t>()[r] = static_cast<int64_t>((x >> 3) % 10000000);
        chunk.column(4).SetString(r, (x >> 5) % 3 == 0 ? "R" : ((x >> 5) % 3 == 1 ? "A" : "N"));
        chunk.column(5).data<int32_t>()[r] = static_cast<int32_t>(8000 + (x >> 11) % 2500);
        chunk.column(6).SetString(r, ShipModes()[(x >> 13) % ShipModes().size()]);
        std::string comment;
        size_t words = 3 + (x >> 17) % 5;
        for (size_t w = 0; w < words; ++w) {
          if (w > 0) comment += ' ';
          comment += kWords[(x >> (20 + 3 * w)) % 10];
        }
        chunk.column(7).SetString(r, comment);
      }
      chunk.set_size(n);
      out.push_back(std::move(chunk));
    }
    return out;
  }();
  return chunks;
}

void BM_ParquetWriterLineitem(benchmark::State& state) {
  const std::vector<Chunk>& chunks = LineitemChunks();
  TaskScheduler::SetGlobalThreads(static_cast<size_t>(state.range(0)));
  uint64_t bytes = 0;
  for (auto _ : state) {
    CountingSink sink;
    auto writer = parquet::MakeParquetWriter(&sink, LineitemSchema(), {});
    for (const Chunk& chunk : chunks) writer->Write(chunk);
    writer->Finish();
    bytes = sink.bytes;
  }
  state.counters["file_bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 4 * kValues));
}
BENCHMARK(BM_ParquetWriterLineitem)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sluice
