// The RLE / bit-packing hybrid (decoder and encoder) and the deprecated BIT_PACKED
// levels: the specification's example bytes, every bit width, runs mixed with literal
// groups, batch boundaries, Skip, dictionary range checks and malformed data.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "formats/parquet/rle.h"

namespace sluice::parquet {
namespace {

std::string Hex(std::initializer_list<int> bytes) {
  std::string text;
  for (int byte : bytes) text.push_back(static_cast<char>(byte));
  return text;
}

const uint8_t* Bytes(const std::string& text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

std::string Encode(const std::vector<uint32_t>& values, int bit_width) {
  RleBitPackedEncoder encoder(bit_width);
  encoder.PutBatch(values.data(), values.size());
  std::string out;
  encoder.Flush(&out);
  return out;
}

/// Decodes `count` values in batches of `batch` values.
std::vector<uint32_t> Decode(const std::string& bytes, int bit_width, size_t count,
                             size_t batch) {
  RleBitPackedDecoder decoder(Bytes(bytes), bytes.size(), bit_width);
  std::vector<uint32_t> values(count);
  size_t done = 0;
  while (done < count) {
    size_t got = decoder.GetBatch(values.data() + done, std::min(batch, count - done));
    if (got == 0) break;
    done += got;
  }
  values.resize(done);
  return values;
}

/// Runs of repeats (some long, some shorter than 8) mixed with random values.
std::vector<uint32_t> MixedValues(int bit_width, size_t count, uint32_t seed) {
  std::mt19937 random(seed);
  const uint64_t limit = uint64_t{1} << bit_width;
  std::vector<uint32_t> values;
  while (values.size() < count) {
    uint32_t value = static_cast<uint32_t>(random() % limit);
    size_t run = 1;
    switch (random() % 4) {
      case 0: run = 1 + random() % 5; break;
      case 1: run = 8 + random() % 40; break;
      case 2: run = 1000; break;
      default: break;
    }
    for (size_t i = 0; i < run && values.size() < count; ++i) {
      values.push_back(random() % 3 == 0 && run == 1 ? static_cast<uint32_t>(limit - 1) : value);
    }
  }
  return values;
}

TEST(ParquetRle, SpecificationExampleBitPacked) {
  // The numbers 0..7 with bit width 3, bit-packed: one group.
  std::string bytes = Hex({0x03, 0x88, 0xC6, 0xFA});
  EXPECT_EQ(Decode(bytes, 3, 8, 8), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Encode({0, 1, 2, 3, 4, 5, 6, 7}, 3), bytes);
}

TEST(ParquetRle, SpecificationExampleDeprecatedBitPacked) {
  std::string bytes = Hex({0x05, 0x39, 0x77});
  std::vector<uint32_t> values(8);
  DecodeBitPackedLevels(Bytes(bytes), bytes.size(), 3, 8, values.data());
  EXPECT_EQ(values, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(ParquetRle, RleRunBytes) {
  // 100 times 5 at width 3: header 200 (varint C8 01), value in one byte.
  std::string bytes = Hex({0xC8, 0x01, 0x05});
  EXPECT_EQ(Encode(std::vector<uint32_t>(100, 5), 3), bytes);
  EXPECT_EQ(Decode(bytes, 3, 100, 7), std::vector<uint32_t>(100, 5));
  // Width 9 stores the value in two bytes, width 17 in three, 32 in four.
  EXPECT_EQ(Encode(std::vector<uint32_t>(8, 300), 9), Hex({0x10, 0x2C, 0x01}));
  EXPECT_EQ(Encode(std::vector<uint32_t>(8, 0x10000), 17), Hex({0x10, 0x00, 0x00, 0x01}));
  EXPECT_EQ(Encode(std::vector<uint32_t>(8, 0xFFFFFFFF), 32),
            Hex({0x10, 0xFF, 0xFF, 0xFF, 0xFF}));
  // Width 0: no value bytes.
  EXPECT_EQ(Encode(std::vector<uint32_t>(20, 0), 0), Hex({0x28}));
  EXPECT_EQ(Decode(Hex({0x28}), 0, 20, 3), std::vector<uint32_t>(20, 0));
}

TEST(ParquetRle, RoundTripsEveryBitWidth) {
  for (int bit_width = 0; bit_width <= 32; ++bit_width) {
    for (size_t count : {size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{1000}, size_t{20001}}) {
      std::vector<uint32_t> values = MixedValues(bit_width, count, 1000 + bit_width);
      std::string bytes = Encode(values, bit_width);
      for (size_t batch : {size_t{1}, size_t{5}, size_t{8}, size_t{13}, size_t{4096}}) {
        if (count > 1000 && batch < 8) continue;  // slow, and covered by smaller counts
        ASSERT_EQ(Decode(bytes, bit_width, count, batch), values)
            << "width " << bit_width << " count " << count << " batch " << batch;
      }
    }
  }
}

TEST(ParquetRle, RandomValuesEveryBitWidthBitPacked) {
  std::mt19937 random(7);
  for (int bit_width = 1; bit_width <= 32; ++bit_width) {
    std::vector<uint32_t> values(1003);
    for (uint32_t& value : values) {
      value = static_cast<uint32_t>(random() & ((uint64_t{1} << bit_width) - 1));
    }
    std::string bytes = Encode(values, bit_width);
    ASSERT_EQ(Decode(bytes, bit_width, values.size(), 1003), values) << bit_width;
    // Decoding from a buffer that ends exactly where the data ends (no slack bytes).
    std::vector<uint8_t> exact(bytes.begin(), bytes.end());
    RleBitPackedDecoder decoder(exact.data(), exact.size(), bit_width);
    std::vector<uint32_t> decoded(values.size());
    ASSERT_EQ(decoder.GetBatch(decoded.data(), decoded.size()), values.size());
    EXPECT_EQ(decoded, values);
  }
}

TEST(ParquetRle, LongLiteralSequencesSplitIntoRunsOf63Groups) {
  std::vector<uint32_t> values(1000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<uint32_t>(i % 1024);
  std::string bytes = Encode(values, 10);
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), 0x7F);  // 63 groups
  EXPECT_EQ(static_cast<uint8_t>(bytes[1 + 63 * 10]), (62 << 1) | 1);
  EXPECT_EQ(Decode(bytes, 10, values.size(), 100), values);
  // 125 groups: 63 + 62, each with its one-byte header.
  EXPECT_EQ(bytes.size(), 2 + 125 * 10u);
}

TEST(ParquetRle, RunsAfterLiteralsAndLiteralsAfterRuns) {
  std::vector<uint32_t> values = {1, 2, 3, 4, 5, 6, 7, 7};
  values.insert(values.end(), 30, 7);
  values.insert(values.end(), {0, 1, 0});
  std::string bytes = Encode(values, 3);
  // A bit-packed group, an RLE run of 30 sevens, a padded bit-packed group.
  EXPECT_EQ(bytes.substr(4, 2), Hex({60, 7}));
  EXPECT_EQ(bytes.size(), 4u + 2 + 4);
  EXPECT_EQ(Decode(bytes, 3, values.size(), 3), values);
  // The padding of the last group decodes as zeros after the real values.
  EXPECT_EQ(Decode(bytes, 3, values.size() + 5, 100).size(), values.size() + 5);
}

TEST(ParquetRle, HugeRunsStaySmall) {
  std::vector<uint32_t> values(1 << 20, 3);
  std::string bytes = Encode(values, 2);
  EXPECT_LE(bytes.size(), 5u);
  EXPECT_EQ(Decode(bytes, 2, values.size(), 1 << 16), values);
}

TEST(ParquetRle, EncoderIsReusableAndEstimatesItsSize) {
  RleBitPackedEncoder encoder(5);
  std::vector<uint32_t> values = MixedValues(5, 5000, 3);
  encoder.PutBatch(values.data(), values.size());
  size_t estimate = encoder.EstimatedSize();
  std::string first;
  encoder.Flush(&first);
  EXPECT_LE(first.size(), estimate + 8);
  EXPECT_GE(first.size() + 8, estimate);
  EXPECT_EQ(encoder.EstimatedSize(), 0u);
  encoder.PutBatch(values.data(), values.size());
  std::string second;
  encoder.Flush(&second);
  EXPECT_EQ(first, second);
  EXPECT_EQ(encoder.bit_width(), 5);
}

TEST(ParquetRle, Skip) {
  std::vector<uint32_t> values = MixedValues(6, 10000, 11);
  std::string bytes = Encode(values, 6);
  std::mt19937 random(5);
  RleBitPackedDecoder decoder(Bytes(bytes), bytes.size(), 6);
  size_t position = 0;
  std::vector<uint32_t> batch(100);
  while (position < values.size()) {
    size_t skip = random() % 50;
    size_t skipped = decoder.Skip(skip);
    EXPECT_EQ(skipped, std::min(skip, values.size() - position));
    position += skipped;
    size_t take = random() % 100;
    size_t got = decoder.GetBatch(batch.data(), take);
    ASSERT_EQ(got, std::min(take, values.size() - position));
    for (size_t i = 0; i < got; ++i) ASSERT_EQ(batch[i], values[position + i]) << position + i;
    position += got;
  }
  // Past the end (the last group's padding may remain): nothing more than padding.
  EXPECT_LT(decoder.Skip(100), 8u);
}

TEST(ParquetRle, GetIndicesChecksTheDictionarySize) {
  std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::string bytes = Encode(values, 4);
  std::vector<uint32_t> out(10);
  RleBitPackedDecoder ok(Bytes(bytes), bytes.size(), 4);
  EXPECT_EQ(ok.GetIndices(out.data(), 10, 10), 10u);
  EXPECT_EQ(out, values);
  RleBitPackedDecoder wide_dictionary(Bytes(bytes), bytes.size(), 4);
  EXPECT_EQ(wide_dictionary.GetIndices(out.data(), 10, 1u << 20), 10u);
  RleBitPackedDecoder bad(Bytes(bytes), bytes.size(), 4);
  try {
    bad.GetIndices(out.data(), 10, 9);
    ADD_FAILURE() << "expected a FormatError";
  } catch (const FormatError& error) {
    EXPECT_EQ(std::string(error.what()),
              "dictionary index 9 out of range (the dictionary has 9 entries)");
  }
  // An RLE run of an index out of range.
  std::string run = Encode(std::vector<uint32_t>(50, 6), 3);
  RleBitPackedDecoder run_decoder(Bytes(run), run.size(), 3);
  EXPECT_THROW(run_decoder.GetIndices(out.data(), 10, 6), FormatError);
  // Indices of an empty dictionary.
  RleBitPackedDecoder empty(Bytes(run), run.size(), 3);
  EXPECT_THROW(empty.GetIndices(out.data(), 1, 0), FormatError);
}

TEST(ParquetRle, MalformedData) {
  std::vector<uint32_t> out(100);
  EXPECT_THROW(RleBitPackedDecoder(nullptr, 0, 33), FormatError);
  EXPECT_THROW(RleBitPackedDecoder(nullptr, 0, -1), FormatError);
  // Truncated header varint; a header beyond 32 bits.
  std::string truncated_header = Hex({0x80});
  RleBitPackedDecoder header(Bytes(truncated_header), truncated_header.size(), 3);
  EXPECT_THROW(header.GetBatch(out.data(), 1), FormatError);
  std::string huge_header = Hex({0xFF, 0xFF, 0xFF, 0xFF, 0x7F});
  RleBitPackedDecoder huge(Bytes(huge_header), huge_header.size(), 3);
  EXPECT_THROW(huge.GetBatch(out.data(), 1), FormatError);
  // RLE run whose value is cut off (width 16 needs 2 bytes).
  std::string cut_value = Hex({0x10, 0x01});
  RleBitPackedDecoder value(Bytes(cut_value), cut_value.size(), 16);
  EXPECT_THROW(value.GetBatch(out.data(), 1), FormatError);
  // RLE value wider than the bit width.
  std::string wide_value = Hex({0x10, 0x09});
  RleBitPackedDecoder wide(Bytes(wide_value), wide_value.size(), 3);
  EXPECT_THROW(wide.GetBatch(out.data(), 1), FormatError);
  // A bit-packed run claiming 2 groups with bytes for one and a half: the whole values
  // are decoded, then the data ends.
  std::string short_run = Hex({0x05, 0x88, 0xC6, 0xFA, 0x88});
  RleBitPackedDecoder packed(Bytes(short_run), short_run.size(), 3);
  EXPECT_EQ(packed.GetBatch(out.data(), 16), 10u);
  EXPECT_EQ(out[7], 7u);
  EXPECT_EQ(out[8], 0u);
  EXPECT_EQ(out[9], 1u);
  // Empty data: no values.
  RleBitPackedDecoder empty(nullptr, 0, 5);
  EXPECT_EQ(empty.GetBatch(out.data(), 10), 0u);
  EXPECT_EQ(empty.Skip(10), 0u);
  RleBitPackedDecoder default_constructed;
  EXPECT_EQ(default_constructed.GetBatch(out.data(), 10), 0u);
  // Every truncation of a valid stream: FormatError or fewer values, never a crash.
  std::vector<uint32_t> values = MixedValues(13, 500, 2);
  std::string bytes = Encode(values, 13);
  for (size_t size = 0; size < bytes.size(); ++size) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(size));
    RleBitPackedDecoder decoder(prefix.data(), prefix.size(), 13);
    std::vector<uint32_t> decoded(values.size());
    try {
      size_t got = decoder.GetBatch(decoded.data(), decoded.size());
      ASSERT_LE(got, values.size());
      for (size_t i = 0; i < got; ++i) ASSERT_EQ(decoded[i], values[i]);
    } catch (const FormatError&) {
    }
  }
}

TEST(ParquetRle, DeprecatedBitPackedLevels) {
  // Width 1: 0b10110000 → 1, 0, 1, 1, 0.
  std::string bytes = Hex({0xB0});
  std::vector<uint32_t> out(5);
  DecodeBitPackedLevels(Bytes(bytes), bytes.size(), 1, 5, out.data());
  EXPECT_EQ(out, (std::vector<uint32_t>{1, 0, 1, 1, 0}));
  // Width 0 needs no bytes.
  DecodeBitPackedLevels(nullptr, 0, 0, 5, out.data());
  EXPECT_EQ(out, (std::vector<uint32_t>(5, 0)));
  // 30 values of 2 bits need 8 bytes (the example of the specification).
  std::string eight(8, '\xFF');
  std::vector<uint32_t> levels(30);
  DecodeBitPackedLevels(Bytes(eight), 8, 2, 30, levels.data());
  EXPECT_EQ(levels, std::vector<uint32_t>(30, 3));
  EXPECT_THROW(DecodeBitPackedLevels(Bytes(eight), 7, 2, 30, levels.data()), FormatError);
  EXPECT_THROW(DecodeBitPackedLevels(Bytes(eight), 8, 33, 1, levels.data()), FormatError);
  // Width 32, most significant byte first.
  std::string word = Hex({0x12, 0x34, 0x56, 0x78});
  DecodeBitPackedLevels(Bytes(word), 4, 32, 1, levels.data());
  EXPECT_EQ(levels[0], 0x12345678u);
}

TEST(ParquetRle, BitWidthOfMaxValue) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(7), 3);
  EXPECT_EQ(BitWidth(8), 4);
  EXPECT_EQ(BitWidth(0xFFFFFFFF), 32);
}

}  // namespace
}  // namespace sluice::parquet
