// Throughput of the text writers (CSV in the Redshift UNLOAD dialect, canonical JSON
// lines) and of the JSON-lines reader, on space-event-like rows built in memory.
//
//   ninja -C build sluice-micro-bench && build/sluice-micro-bench --benchmark_filter=Text
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "io/memory_streams.h"
#include "core/chunk.h"
#include "formats/csv/options.h"
#include "formats/csv/writer.h"
#include "formats/json/reader.h"
#include "formats/json/writer.h"

namespace sluice {
namespace {

constexpr size_t kRows = 200000;

using CountingSink = io::CountingOutputStream;

Schema EventSchema() {
  return Schema({Field{"event_id", DataType::BigInt()}, Field{"company_id", DataType::BigInt()},
                 Field{"event_ts", DataType::Timestamp()},
                 Field{"people_count", DataType::BigInt()},
                 Field{"amount", DataType::Decimal(12, 2)}, Field{"device_id", DataType::Varchar()},
                 Field{"note", DataType::Varchar()}});
}

/// Deterministic rows: a few NULLs, notes with the bytes writers must escape.
const std::vector<Chunk>& EventChunks() {
  static const std::vector<Chunk> chunks = [] {
    static const char* kNotes[] = {"quiet ticket focus north offline", "it's |odd\\",
                                   "line\nbreak, \"quoted\"", "", "caf\xC3\xA9 standup peak Q3"};
    std::vector<Chunk> out;
    Schema schema = EventSchema();
    uint64_t state = 42;
    for (size_t done = 0; done < kRows; done += kChunkCapacity) {
      Chunk chunk(schema.types());
      size_t n = std::min(kChunkCapacity, kRows - done);
      for (size_t r = 0; r < n; ++r) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t x = state >> 17;
        chunk.column(0).data<int64_t>()[r] = static_cast<int64_t>(done + r + 1);
        chunk.column(1).data<int64_t>()[r] = static_cast<int64_t>(x % 50);
        chunk.column(2).data<int64_t>()[r] =
            1704067200000000LL + static_cast<int64_t>(x % 31536000000000ULL);
        if (x % 20 == 0) {
          chunk.column(3).SetNull(r);
        } else {
          chunk.column(3).data<int64_t>()[r] = static_cast<int64_t>(x % 300);
        }
        chunk.column(4).data<int64_t>()[r] = static_cast<int64_t>(x % 1000000);
        chunk.column(5).SetString(r, "dev-" + std::to_string(x % 0xffffff));
        chunk.column(6).SetString(r, kNotes[x % 5]);
      }
      chunk.set_size(n);
      out.push_back(std::move(chunk));
    }
    return out;
  }();
  return chunks;
}

template <typename MakeWriter>
void RunWriter(benchmark::State& state, MakeWriter make_writer) {
  const std::vector<Chunk>& chunks = EventChunks();
  uint64_t bytes = 0;
  for (auto _ : state) {
    CountingSink sink;
    auto writer = make_writer(&sink);
    for (const Chunk& chunk : chunks) writer->Write(chunk);
    writer->Finish();
    bytes += sink.bytes;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

void BM_TextCsvRedshiftWriter(benchmark::State& state) {
  RunWriter(state, [&](io::OutputStream* sink) {
    csv::WriteOptions options;
    options.dialect = csv::RedshiftUnloadDialect();
    options.num_threads = static_cast<size_t>(state.range(0));
    return csv::MakeWriter(sink, EventSchema(), options);
  });
}
BENCHMARK(BM_TextCsvRedshiftWriter)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_TextJsonWriter(benchmark::State& state) {
  RunWriter(state, [&](io::OutputStream* sink) {
    json::WriteOptions options;
    options.num_threads = static_cast<size_t>(state.range(0));
    return json::MakeWriter(sink, EventSchema(), options);
  });
}
BENCHMARK(BM_TextJsonWriter)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_TextJsonReader(benchmark::State& state) {
  static const std::string text = [] {
    io::StringOutputStream sink;
    auto writer = json::MakeWriter(&sink, EventSchema());
    for (const Chunk& chunk : EventChunks()) writer->Write(chunk);
    writer->Finish();
    return sink.bytes;
  }();
  for (auto _ : state) {
    json::ReadOptions options;
    options.num_threads = static_cast<size_t>(state.range(0));
    auto reader = json::OpenReaderFromBuffer(text, "bench.json", options);
    Chunk chunk;
    size_t rows = 0;
    while (reader->Next(&chunk)) rows += chunk.size();
    benchmark::DoNotOptimize(rows);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_TextJsonReader)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sluice
