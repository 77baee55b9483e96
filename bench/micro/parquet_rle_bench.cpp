// Micro-benchmarks of the RLE / bit-packing hybrid: decoding 1M definition levels
// (mostly long runs, as in real columns with few NULLs), 1M dictionary indices at
// several bit widths (bit-packed random values), and encoding the same.
//   build/sluice-micro-bench --benchmark_filter=Rle
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "formats/parquet/rle.h"

namespace {

using sluice::parquet::RleBitPackedDecoder;
using sluice::parquet::RleBitPackedEncoder;

constexpr size_t kValues = 1 << 20;
constexpr size_t kBatch = 2048;  // the reader's chunk size

/// Random values of `bit_width` bits: no runs, everything bit-packed.
std::vector<uint32_t> RandomValues(int bit_width) {
  std::mt19937 random(static_cast<uint32_t>(bit_width));
  std::vector<uint32_t> values(kValues);
  const uint64_t mask = (uint64_t{1} << bit_width) - 1;
  for (uint32_t& value : values) value = static_cast<uint32_t>(random() & mask);
  return values;
}

/// Definition levels of a column with ~1% NULLs in short bursts: long runs of 1.
std::vector<uint32_t> SparseNullLevels() {
  std::mt19937 random(3);
  std::vector<uint32_t> values(kValues, 1);
  for (size_t i = 0; i < kValues; i += 1 + random() % 200) values[i] = 0;
  return values;
}

std::string Encode(const std::vector<uint32_t>& values, int bit_width) {
  RleBitPackedEncoder encoder(bit_width);
  encoder.PutBatch(values.data(), values.size());
  std::string bytes;
  encoder.Flush(&bytes);
  return bytes;
}

void DecodeAll(benchmark::State& state, const std::string& bytes, int bit_width,
               uint32_t dictionary_size) {
  std::vector<uint32_t> out(kBatch);
  for (auto _ : state) {
    RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                                bit_width);
    size_t total = 0;
    while (total < kValues) {
      size_t got = dictionary_size == 0 ? decoder.GetBatch(out.data(), kBatch)
                                        : decoder.GetIndices(out.data(), kBatch, dictionary_size);
      if (got == 0) break;
      total += got;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}

void BM_RleDecodeBitPacked(benchmark::State& state) {
  int bit_width = static_cast<int>(state.range(0));
  DecodeAll(state, Encode(RandomValues(bit_width), bit_width), bit_width, 0);
}
BENCHMARK(BM_RleDecodeBitPacked)->Arg(1)->Arg(2)->Arg(5)->Arg(8)->Arg(12)->Arg(17)->Arg(32);

/// Dictionary indices where the dictionary is smaller than 2^width, so every batch is
/// range-checked.
void BM_RleDecodeIndicesChecked(benchmark::State& state) {
  int bit_width = static_cast<int>(state.range(0));
  uint32_t dictionary_size = (uint32_t{1} << bit_width) - 1;
  std::vector<uint32_t> values = RandomValues(bit_width);
  for (uint32_t& value : values) value %= dictionary_size;
  DecodeAll(state, Encode(values, bit_width), bit_width, dictionary_size);
}
BENCHMARK(BM_RleDecodeIndicesChecked)->Arg(8)->Arg(12)->Arg(17);

void BM_RleDecodeSparseNullLevels(benchmark::State& state) {
  DecodeAll(state, Encode(SparseNullLevels(), 1), 1, 0);
}
BENCHMARK(BM_RleDecodeSparseNullLevels);

void BM_RleEncode(benchmark::State& state) {
  int bit_width = static_cast<int>(state.range(0));
  std::vector<uint32_t> values = bit_width == 1 ? SparseNullLevels() : RandomValues(bit_width);
  std::string bytes;
  for (auto _ : state) {
    RleBitPackedEncoder encoder(bit_width);
    encoder.PutBatch(values.data(), values.size());
    bytes.clear();
    encoder.Flush(&bytes);
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_RleEncode)->Arg(1)->Arg(8)->Arg(17);

}  // namespace
