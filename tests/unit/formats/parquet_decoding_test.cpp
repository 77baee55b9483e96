// Value decoders of Parquet pages, from hand-built bytes (Encodings.md examples) and
// edge cases: every length checked, nothing read past the page.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "formats/parquet/conversion.h"
#include "formats/parquet/decoding.h"

namespace sluice::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

void PutVarint(Bytes* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<uint8_t>(value));
}

void PutZigZag(Bytes* out, int64_t value) {
  PutVarint(out, (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

/// Packs values of `width` bits, LSB first.
void PutPacked(Bytes* out, const std::vector<uint64_t>& values, int width) {
  size_t start = out->size();
  out->resize(start + (values.size() * static_cast<size_t>(width) + 7) / 8, 0);
  for (size_t i = 0; i < values.size(); ++i) {
    for (int b = 0; b < width; ++b) {
      if ((values[i] >> b) & 1) {
        size_t bit = i * static_cast<size_t>(width) + static_cast<size_t>(b);
        (*out)[start + bit / 8] |= static_cast<uint8_t>(1 << (bit % 8));
      }
    }
  }
}

/// DELTA_BINARY_PACKED of `values` (block 128, 4 miniblocks), the way the spec builds it.
Bytes EncodeDelta(const std::vector<int64_t>& values) {
  Bytes out;
  PutVarint(&out, 128);
  PutVarint(&out, 4);
  PutVarint(&out, values.size());
  PutZigZag(&out, values.empty() ? 0 : values[0]);
  for (size_t block = 1; block < values.size(); block += 128) {
    size_t end = std::min(values.size(), block + 128);
    std::vector<uint64_t> deltas;
    int64_t min_delta = INT64_MAX;
    for (size_t i = block; i < end; ++i) {
      int64_t delta = static_cast<int64_t>(static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(values[i - 1]));
      min_delta = std::min(min_delta, delta);
      deltas.push_back(static_cast<uint64_t>(delta));
    }
    PutZigZag(&out, min_delta);
    std::vector<int> widths(4, 0);
    std::vector<std::vector<uint64_t>> minis(4);
    for (size_t i = 0; i < deltas.size(); ++i) {
      uint64_t relative = deltas[i] - static_cast<uint64_t>(min_delta);
      minis[i / 32].push_back(relative);
      int width = 0;
      while (width < 64 && (relative >> width) != 0) ++width;
      widths[i / 32] = std::max(widths[i / 32], width);
    }
    for (int w : widths) out.push_back(static_cast<uint8_t>(w));
    for (size_t m = 0; m < 4 && !minis[m].empty(); ++m) {
      minis[m].resize(32, 0);  // The last miniblock is padded to its full size.
      PutPacked(&out, minis[m], widths[m]);
    }
  }
  return out;
}

TEST(ParquetDecoding, PlainFixedAndBoolean) {
  Bytes bytes = {1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 7, 0, 0, 0};
  PlainFixedDecoder decoder(bytes.data(), bytes.size(), 4);
  int32_t out[3];
  decoder.Decode(out, 2);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], -1);
  EXPECT_THROW(decoder.Decode(out, 2), FormatError);

  Bytes bits = {0b10110101, 0b1};
  PlainBooleanDecoder booleans(bits.data(), bits.size());
  uint8_t values[9];
  booleans.Decode(values, 9);
  EXPECT_EQ(std::vector<uint8_t>(values, values + 9), (std::vector<uint8_t>{1, 0, 1, 0, 1, 1, 0, 1, 1}));
  booleans.Skip(7);
  EXPECT_THROW(booleans.Decode(values, 1), FormatError);
}

TEST(ParquetDecoding, PlainByteArraysPointIntoThePage) {
  Bytes bytes = {3, 0, 0, 0, 'a', 'b', 'c', 0, 0, 0, 0, 14, 0, 0, 0};
  std::string long_value = "fourteen bytes";
  bytes.insert(bytes.end(), long_value.begin(), long_value.end());
  PlainByteArrayDecoder decoder(bytes.data(), bytes.size(), -1);
  StringRef out[3];
  decoder.Decode(out, 3);
  EXPECT_EQ(out[0].view(), "abc");
  EXPECT_EQ(out[1].view(), "");
  EXPECT_EQ(out[2].view(), long_value);
  EXPECT_EQ(reinterpret_cast<const uint8_t*>(out[2].data()), bytes.data() + 15);  // Zero-copy.

  Bytes bad = {200, 0, 0, 0, 'x'};
  PlainByteArrayDecoder overflow(bad.data(), bad.size(), -1);
  EXPECT_THROW(overflow.Decode(out, 1), FormatError);
  Bytes short_length = {1, 0};
  PlainByteArrayDecoder cut(short_length.data(), short_length.size(), -1);
  EXPECT_THROW(cut.Decode(out, 1), FormatError);

  Bytes fixed = {1, 2, 3, 4, 5, 6};
  PlainByteArrayDecoder flba(fixed.data(), fixed.size(), 3);
  flba.Decode(out, 2);
  EXPECT_EQ(out[1].view(), std::string_view("\x04\x05\x06", 3));
  EXPECT_THROW(flba.Decode(out, 1), FormatError);
}

TEST(ParquetDecoding, DictionaryIndices) {
  // Bit width 3, then an RLE run of 4 × value 5 (header 4 << 1, one value byte).
  Bytes bytes = {3, 8, 5};
  DictionaryIndexDecoder decoder(bytes.data(), bytes.size(), 6);
  uint32_t out[4];
  decoder.Decode(out, 4);
  EXPECT_EQ(out[3], 5u);
  DictionaryIndexDecoder too_small(bytes.data(), bytes.size(), 5);
  EXPECT_THROW(too_small.Decode(out, 1), FormatError);
  DictionaryIndexDecoder short_page(bytes.data(), bytes.size(), 6);
  EXPECT_THROW(short_page.Decode(out, 5), FormatError);
  Bytes wide = {33, 0};
  EXPECT_THROW(DictionaryIndexDecoder(wide.data(), wide.size(), 6), FormatError);
}

TEST(ParquetDecoding, RleBooleans) {
  // Length 2, then an RLE run of 3 × true.
  Bytes bytes = {2, 0, 0, 0, 6, 1};
  RleBooleanDecoder decoder(bytes.data(), bytes.size());
  uint8_t out[3];
  decoder.Decode(out, 3);
  EXPECT_EQ(out[0] + out[1] + out[2], 3);
  EXPECT_THROW(decoder.Decode(out, 1), FormatError);
  Bytes bad = {9, 0, 0, 0, 6, 1};
  EXPECT_THROW(RleBooleanDecoder(bad.data(), bad.size()), FormatError);
}

TEST(ParquetDecoding, DeltaBinaryPackedSpecificationExamples) {
  // Encodings.md example 1: 1, 2, 3, 4, 5 → deltas 1, min delta 1, bit width 0.
  Bytes example1 = EncodeDelta({1, 2, 3, 4, 5});
  DeltaBinaryPackedDecoder one(example1.data(), example1.size());
  EXPECT_EQ(one.total_values(), 5u);
  int32_t out[5];
  one.DecodeInt32(out, 5);
  EXPECT_EQ(std::vector<int32_t>(out, out + 5), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  // Example 2: 7, 5, 3, 1, 2, 3, 4, 5 → min delta -2, relative deltas 0 0 0 3 3 3 3.
  Bytes example2 = EncodeDelta({7, 5, 3, 1, 2, 3, 4, 5});
  DeltaBinaryPackedDecoder two(example2.data(), example2.size());
  int64_t out64[8];
  two.DecodeInt64(out64, 8);
  EXPECT_EQ(std::vector<int64_t>(out64, out64 + 8), (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(two.FindEnd(), example2.data() + example2.size());
  EXPECT_THROW(two.DecodeInt64(out64, 1), FormatError);
}

TEST(ParquetDecoding, DeltaBinaryPackedExtremesAndSkips) {
  std::vector<int64_t> values;
  for (int i = 0; i < 1000; ++i) {
    values.push_back(i % 3 == 0 ? INT64_MAX - i : (i % 3 == 1 ? INT64_MIN + i : i * 1000003));
  }
  Bytes bytes = EncodeDelta(values);  // Deltas wrap around: 64-bit miniblocks.
  DeltaBinaryPackedDecoder decoder(bytes.data(), bytes.size());
  EXPECT_EQ(decoder.FindEnd(), bytes.data() + bytes.size());
  std::vector<int64_t> out(1000);
  decoder.DecodeInt64(out.data(), 10);
  decoder.Skip(300);
  decoder.DecodeInt64(out.data() + 310, 690);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(out[i], values[i]);
  for (size_t i = 310; i < 1000; ++i) ASSERT_EQ(out[i], values[i]) << i;

  // INT32 with wrap-around.
  std::vector<int64_t> ints = {INT32_MAX, INT32_MIN, 0, -1, INT32_MAX};
  Bytes int_bytes = EncodeDelta(ints);
  DeltaBinaryPackedDecoder int_decoder(int_bytes.data(), int_bytes.size());
  int32_t out32[5];
  int_decoder.DecodeInt32(out32, 5);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(out32[i], static_cast<int32_t>(ints[i]));
}

TEST(ParquetDecoding, DeltaBinaryPackedMalformed) {
  Bytes bad_block = {100, 4, 5, 2};  // Block size not a multiple of 128.
  EXPECT_THROW(DeltaBinaryPackedDecoder(bad_block.data(), bad_block.size()), FormatError);
  Bytes bad_mini = {0x80, 1, 3, 5, 2};  // 128 / 3 miniblocks.
  EXPECT_THROW(DeltaBinaryPackedDecoder(bad_mini.data(), bad_mini.size()), FormatError);
  Bytes wide;
  PutVarint(&wide, 128);
  PutVarint(&wide, 4);
  PutVarint(&wide, 3);
  PutZigZag(&wide, 0);
  PutZigZag(&wide, 0);
  for (int i = 0; i < 4; ++i) wide.push_back(65);  // Bit width above 64.
  DeltaBinaryPackedDecoder decoder(wide.data(), wide.size());
  int64_t out[3];
  EXPECT_THROW(decoder.DecodeInt64(out, 3), FormatError);
  Bytes truncated = EncodeDelta({1, 100, 5, 7000, 3});
  truncated.resize(truncated.size() - 53);  // 3 of the 7 bytes the 4 deltas need.
  DeltaBinaryPackedDecoder cut(truncated.data(), truncated.size());
  EXPECT_THROW(cut.DecodeInt64(out, 3), FormatError);
  Bytes header_only = {0x80};
  EXPECT_THROW(DeltaBinaryPackedDecoder(header_only.data(), header_only.size()), FormatError);
}

TEST(ParquetDecoding, DeltaLengthByteArray) {
  // Encodings.md: "Hello", "World", "Foobar", "ABCDEF".
  Bytes bytes = EncodeDelta({5, 5, 6, 6});
  std::string data = "HelloWorldFoobarABCDEF";
  bytes.insert(bytes.end(), data.begin(), data.end());
  DeltaLengthByteArrayDecoder decoder(bytes.data(), bytes.size());
  StringRef out[4];
  decoder.Decode(out, 4);
  EXPECT_EQ(out[0].view(), "Hello");
  EXPECT_EQ(out[2].view(), "Foobar");
  EXPECT_EQ(out[3].view(), "ABCDEF");
  Bytes short_bytes = EncodeDelta({5, 50});
  short_bytes.insert(short_bytes.end(), data.begin(), data.begin() + 10);
  DeltaLengthByteArrayDecoder bad(short_bytes.data(), short_bytes.size());
  EXPECT_THROW(bad.Decode(out, 2), FormatError);
  Bytes negative = EncodeDelta({-1});
  DeltaLengthByteArrayDecoder negative_decoder(negative.data(), negative.size());
  EXPECT_THROW(negative_decoder.Decode(out, 1), FormatError);
}

TEST(ParquetDecoding, DeltaByteArray) {
  // Encodings.md: axis, axle, babble, babyhood → prefixes 0 2 0 3, suffixes
  // "axis" "le" "babble" "yhood".
  Bytes bytes = EncodeDelta({0, 2, 0, 3});
  Bytes suffixes = EncodeDelta({4, 2, 6, 5});
  bytes.insert(bytes.end(), suffixes.begin(), suffixes.end());
  std::string data = "axislebabbleyhood";
  bytes.insert(bytes.end(), data.begin(), data.end());
  DeltaByteArrayDecoder decoder(bytes.data(), bytes.size(), 1 << 20);
  StringHeap heap;
  StringRef out[4];
  decoder.Decode(out, 2, &heap);
  decoder.Decode(out + 2, 2, &heap);
  EXPECT_EQ(out[0].view(), "axis");
  EXPECT_EQ(out[1].view(), "axle");
  EXPECT_EQ(out[2].view(), "babble");
  EXPECT_EQ(out[3].view(), "babyhood");

  Bytes bad = EncodeDelta({0, 9});  // Prefix longer than the previous value.
  Bytes bad_suffixes = EncodeDelta({1, 1});
  bad.insert(bad.end(), bad_suffixes.begin(), bad_suffixes.end());
  bad.push_back('a');
  bad.push_back('b');
  DeltaByteArrayDecoder bad_decoder(bad.data(), bad.size(), 1 << 20);
  EXPECT_THROW(bad_decoder.Decode(out, 2, &heap), FormatError);

  // Long values built from prefixes stop at the materialization limit.
  std::vector<int64_t> prefixes = {0}, lengths = {20};
  for (int i = 1; i < 100; ++i) {
    prefixes.push_back(19 + i);
    lengths.push_back(1);
  }
  Bytes growing = EncodeDelta(prefixes);
  Bytes growing_suffixes = EncodeDelta(lengths);
  growing.insert(growing.end(), growing_suffixes.begin(), growing_suffixes.end());
  growing.insert(growing.end(), 20 + 99, 'z');
  DeltaByteArrayDecoder limited(growing.data(), growing.size(), 1000);
  std::vector<StringRef> many(100);
  EXPECT_THROW(limited.Decode(many.data(), 100, &heap), FormatError);
  DeltaByteArrayDecoder unlimited(growing.data(), growing.size(), 1 << 20);
  unlimited.Decode(many.data(), 100, &heap);
  EXPECT_EQ(many[99].view(), std::string(119, 'z'));
}

TEST(ParquetDecoding, ByteStreamSplit) {
  float values[3] = {1.5f, -2.25f, 1e30f};
  Bytes bytes(12);
  for (size_t i = 0; i < 3; ++i) {
    uint8_t raw[4];
    std::memcpy(raw, &values[i], 4);
    for (size_t k = 0; k < 4; ++k) bytes[k * 3 + i] = raw[k];
  }
  ByteStreamSplitDecoder decoder(bytes.data(), bytes.size(), 4);
  float out[3];
  decoder.Skip(1);
  decoder.Decode(reinterpret_cast<uint8_t*>(out), 2);
  EXPECT_EQ(out[0], -2.25f);
  EXPECT_EQ(out[1], 1e30f);
  EXPECT_THROW(decoder.Decode(reinterpret_cast<uint8_t*>(out), 1), FormatError);
  EXPECT_THROW(ByteStreamSplitDecoder(bytes.data(), 11, 4), FormatError);
}

TEST(ParquetDecoding, UnpackBitsUpTo64) {
  std::vector<uint64_t> values = {0, ~uint64_t{0}, 0x8000000000000001ull, 12345};
  for (int width : {1, 7, 13, 32, 57, 63, 64}) {
    std::vector<uint64_t> masked;
    for (uint64_t v : values) masked.push_back(width == 64 ? v : v & ((uint64_t{1} << width) - 1));
    Bytes packed;
    PutPacked(&packed, masked, width);
    std::vector<uint64_t> out(masked.size());
    UnpackBits(packed.data(), packed.size(), 0, width, out.size(), out.data());
    EXPECT_EQ(out, masked) << width;
  }
}

TEST(ParquetConversion, Int96DecimalsHalfFloats) {
  uint8_t int96[12] = {};
  int64_t nanos = 1500;
  int32_t day = 2440589;  // 1970-01-02
  std::memcpy(int96, &nanos, 8);
  std::memcpy(int96 + 8, &day, 4);
  EXPECT_EQ(Int96ToMicros(int96), 86400000000 + 1);

  __int128 value;
  uint8_t minus_one[3] = {0xff, 0xff, 0xff};
  ASSERT_TRUE(DecimalFromBytes(minus_one, 3, &value));
  EXPECT_EQ(static_cast<int64_t>(value), -1);
  uint8_t big[2] = {0x01, 0x00};
  ASSERT_TRUE(DecimalFromBytes(big, 2, &value));
  EXPECT_EQ(static_cast<int64_t>(value), 256);
  uint8_t padded[17] = {0};
  padded[16] = 5;
  ASSERT_TRUE(DecimalFromBytes(padded, 17, &value));
  EXPECT_EQ(static_cast<int64_t>(value), 5);
  padded[0] = 1;
  EXPECT_FALSE(DecimalFromBytes(padded, 17, &value));

  EXPECT_EQ(HalfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xc000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x0001), 5.9604644775390625e-8f);
  EXPECT_TRUE(std::isinf(HalfToFloat(0x7c00)));
}

}  // namespace
}  // namespace sluice::parquet
