// Micro-benchmarks of the Parquet reader's hot decoders: PLAIN int64 into a vector,
// dictionary-encoded strings (indices + gather of StringRefs), DELTA_BINARY_PACKED.
//   build/sluice-micro-bench --benchmark_filter=ParquetDecodeDecode
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/vector.h"
#include "formats/parquet/decoding.h"
#include "formats/parquet/rle.h"

namespace {

using namespace sluice::parquet;

constexpr size_t kValues = 1 << 16;

void BM_ParquetDecodePlainInt64(benchmark::State& state) {
  std::vector<int64_t> values(kValues);
  std::mt19937_64 random(1);
  for (int64_t& v : values) v = static_cast<int64_t>(random());
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(values.data());
  sluice::Vector out(sluice::DataType::BigInt());
  for (auto _ : state) {
    PlainFixedDecoder decoder(bytes, values.size() * 8, 8);
    for (size_t done = 0; done < kValues; done += sluice::kChunkCapacity) {
      decoder.Decode(out.raw_data(), sluice::kChunkCapacity);
      benchmark::DoNotOptimize(out.raw_data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_ParquetDecodePlainInt64);

void BM_ParquetDecodeDictionaryStrings(benchmark::State& state) {
  // 1000 distinct strings, indices RLE/bit-packed with 10 bits.
  std::vector<std::string> words;
  for (int i = 0; i < 1000; ++i) words.push_back("comment number " + std::to_string(i * 7919));
  std::vector<sluice::StringRef> dictionary;
  for (const std::string& word : words) dictionary.emplace_back(word);
  RleBitPackedEncoder encoder(BitWidth(999));
  std::mt19937 random(2);
  for (size_t i = 0; i < kValues; ++i) encoder.Put(random() % 1000);
  std::string page(1, static_cast<char>(BitWidth(999)));
  encoder.Flush(&page);
  std::vector<uint32_t> indices(sluice::kChunkCapacity);
  sluice::Vector out(sluice::DataType::Varchar());
  for (auto _ : state) {
    DictionaryIndexDecoder decoder(reinterpret_cast<const uint8_t*>(page.data()), page.size(), 1000);
    for (size_t done = 0; done < kValues; done += sluice::kChunkCapacity) {
      decoder.Decode(indices.data(), sluice::kChunkCapacity);
      sluice::StringRef* target = out.data<sluice::StringRef>();
      for (size_t i = 0; i < sluice::kChunkCapacity; ++i) target[i] = dictionary[indices[i]];
      benchmark::DoNotOptimize(target);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_ParquetDecodeDictionaryStrings);

/// DELTA_BINARY_PACKED of slowly increasing keys (like l_orderkey), built by hand:
/// blocks of 128 values, 4 miniblocks, bit width 4.
std::string DeltaPage() {
  std::string page;
  auto varint = [&page](uint64_t v) {
    while (v >= 0x80) {
      page.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    page.push_back(static_cast<char>(v));
  };
  varint(128);
  varint(4);
  varint(kValues);
  varint(2);  // first value 1, zigzag
  std::mt19937 random(3);
  for (size_t block = 1; block < kValues; block += 128) {
    varint(0);  // min delta 0
    for (int m = 0; m < 4; ++m) page.push_back(4);
    for (int m = 0; m < 4; ++m) {
      for (int b = 0; b < 16; ++b) page.push_back(static_cast<char>(random() & 0x77));
    }
  }
  return page;
}

void BM_ParquetDecodeDeltaInt64(benchmark::State& state) {
  std::string page = DeltaPage();
  sluice::Vector out(sluice::DataType::BigInt());
  for (auto _ : state) {
    DeltaBinaryPackedDecoder decoder(reinterpret_cast<const uint8_t*>(page.data()), page.size());
    for (size_t done = 0; done < kValues; done += sluice::kChunkCapacity) {
      decoder.DecodeInt64(out.data<int64_t>(), sluice::kChunkCapacity);
      benchmark::DoNotOptimize(out.raw_data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_ParquetDecodeDeltaInt64);

}  // namespace
