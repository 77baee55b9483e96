// Micro-benchmarks of the CSV reader's hot kernels: the tokenizer alone, line counting,
// and a whole single-threaded read (tokenize + convert) of in-memory data.
//   build/sluice-micro-bench --benchmark_filter=Csv
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "formats/csv/reader.h"
#include "formats/csv/tokenizer.h"

namespace {

using sluice::csv::Dialect;

/// Appends the decimal text of `value`.
void Number(std::string* text, uint64_t value) { text->append(std::to_string(value)); }

/// Rows shaped like TPC-H lineitem ('|', 16 fields, no quotes).
std::string LineitemLike(size_t bytes) {
  std::mt19937 random(1);
  std::string text;
  while (text.size() < bytes) {
    Number(&text, random() % 6000000);
    text += '|';
    Number(&text, random() % 200000);
    text += '|';
    Number(&text, random() % 10000);
    text += '|';
    Number(&text, random() % 7 + 1);
    text += '|';
    Number(&text, random() % 50 + 1);
    text += '|';
    Number(&text, random() % 100000);
    text += '.';
    Number(&text, random() % 90 + 10);
    text.append("|0.0");
    Number(&text, random() % 10);
    text.append("|0.0");
    Number(&text, random() % 9);
    text.append("|N|O|1996-03-13|1996-02-12|1996-03-22|DELIVER IN PERSON|TRUCK|egular courts\n");
  }
  return text;
}

/// Rows shaped like Redshift UNLOAD space events (every field quoted, escapes, \N).
std::string UnloadLike(size_t bytes) {
  std::mt19937 random(2);
  std::string text;
  while (text.size() < bytes) {
    text += '"';
    Number(&text, random() % 10000000);
    text.append("\"|\"");
    Number(&text, random() % 50);
    text.append("\"|\\N|\"");
    Number(&text, random() % 20000);
    text.append("\"|\"2024-05-26 07:22:47.638905\"|\"");
    Number(&text, random() % 400);
    text.append("\"|\"dev-1ef041\"|\"quiet ticket focus north\\|offline Friday\\\\ zone\"\n");
  }
  return text;
}

void Tokenize(benchmark::State& state, const std::string& text, const Dialect& dialect,
              size_t columns) {
  std::string padded = text + std::string(sluice::csv::kPadding, '\0');
  std::vector<sluice::csv::FieldSpan> fields(columns);
  for (auto _ : state) {
    sluice::csv::Tokenizer tokenizer(dialect, columns);
    size_t pos = 0, records = 0;
    while (pos < text.size()) {
      sluice::csv::RecordSpan record;
      tokenizer.Next(padded.data(), pos, text.size(), true, fields.data(), &record);
      pos = record.next;
      ++records;
    }
    benchmark::DoNotOptimize(records);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_CsvTokenizeLineitem(benchmark::State& state) {
  Dialect dialect;
  dialect.delimiter = '|';
  Tokenize(state, LineitemLike(8 << 20), dialect, 16);
}
BENCHMARK(BM_CsvTokenizeLineitem);

void BM_CsvTokenizeUnload(benchmark::State& state) {
  Tokenize(state, UnloadLike(8 << 20), sluice::csv::RedshiftUnloadDialect(), 8);
}
BENCHMARK(BM_CsvTokenizeUnload);

void BM_CsvCountLineEnds(benchmark::State& state) {
  std::string text = LineitemLike(8 << 20) + std::string(sluice::csv::kPadding, '\0');
  for (auto _ : state) {
    benchmark::DoNotOptimize(sluice::csv::CountLineEnds(text.data(), 0, text.size() - 64));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (text.size() - 64)));
}
BENCHMARK(BM_CsvCountLineEnds);

void Read(benchmark::State& state, const std::string& text, sluice::csv::ReadOptions options) {
  options.num_threads = 1;
  for (auto _ : state) {
    auto reader = sluice::csv::OpenReaderFromBuffer(text, "bench.csv", options);
    sluice::Chunk chunk;
    size_t rows = 0;
    while (reader->Next(&chunk)) rows += chunk.size();
    benchmark::DoNotOptimize(rows);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_CsvReadLineitem(benchmark::State& state) {
  sluice::csv::ReadOptions options;
  options.delimiter = '|';
  options.header = false;
  Read(state, LineitemLike(16 << 20), options);
}
BENCHMARK(BM_CsvReadLineitem)->Unit(benchmark::kMillisecond);

void BM_CsvReadUnload(benchmark::State& state) {
  sluice::csv::ReadOptions options;
  options.preset = "redshift-unload";
  Read(state, UnloadLike(16 << 20), options);
}
BENCHMARK(BM_CsvReadUnload)->Unit(benchmark::kMillisecond);

}  // namespace
