// The Parquet writer: statistics rules, encoder bytes against hand-computed examples
// from Encodings.md, and files whose footer, page headers and page index decode with
// consistent offsets, sizes and counts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "io/memory_streams.h"
#include "core/chunk.h"
#include "core/error.h"
#include "formats/parquet/codec.h"
#include "formats/parquet/column_writer.h"
#include "formats/parquet/decoding.h"
#include "formats/parquet/encoding.h"
#include "formats/parquet/metadata_io.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/statistics.h"
#include "formats/parquet/writer.h"
#include "io/file.h"

namespace sluice::parquet {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

template <typename T>
std::string Raw(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

// ---- Statistics ------------------------------------------------------------------

TEST(ParquetStatistics, IntegersCompareSigned) {
  MinMax<int32_t> minmax;
  std::vector<int32_t> values = {5, -3, 100, -2000000000, 7};
  minmax.Update(values.data(), values.size());
  auto bounds = EncodeBounds(minmax, {});
  ASSERT_TRUE(bounds.has_value());
  EXPECT_EQ(bounds->min, Raw<int32_t>(-2000000000));
  EXPECT_EQ(bounds->max, Raw<int32_t>(100));
  EXPECT_TRUE(bounds->min_exact && bounds->max_exact);
}

TEST(ParquetStatistics, FloatsSkipNaNAndNormalizeZeros) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  MinMax<double> minmax;
  std::vector<double> values = {nan, 2.5, -1.0, nan};
  minmax.Update(values.data(), values.size());
  auto bounds = EncodeBounds(minmax, {});
  ASSERT_TRUE(bounds.has_value());
  EXPECT_EQ(bounds->min, Raw(-1.0));
  EXPECT_EQ(bounds->max, Raw(2.5));

  MinMax<double> only_nan;
  only_nan.Update(nan);
  EXPECT_FALSE(EncodeBounds(only_nan, {}).has_value());
  Statistics statistics = MakeStatistics(EncodeBounds(only_nan, {}), 3);
  EXPECT_FALSE(statistics.min_value.has_value());
  EXPECT_FALSE(statistics.max_value.has_value());
  EXPECT_EQ(statistics.null_count, 3);
  EXPECT_FALSE(statistics.min.has_value());  // never the deprecated fields
  EXPECT_FALSE(statistics.distinct_count.has_value());

  MinMax<float> zeros;  // min +0.0 is written as -0.0, max -0.0 as +0.0
  zeros.Update(0.0f);
  zeros.Update(-0.0f);
  auto zero_bounds = EncodeBounds(zeros, {});
  ASSERT_TRUE(zero_bounds.has_value());
  EXPECT_EQ(zero_bounds->min, Raw(-0.0f));
  EXPECT_EQ(zero_bounds->max, Raw(0.0f));
  MinMax<double> negative_zero_max;
  negative_zero_max.Update(-5.0);
  negative_zero_max.Update(-0.0);
  EXPECT_EQ(EncodeBounds(negative_zero_max, {})->max, Raw(0.0));
}

TEST(ParquetStatistics, StringsCompareUnsignedBytes) {
  MinMax<std::string_view> minmax;
  std::vector<std::string_view> values = {"b", "\xC3\xA9t\xC3\xA9", "a", "Z"};
  minmax.Update(values.data(), values.size());
  auto bounds = EncodeBounds(minmax, {});
  EXPECT_EQ(bounds->min, "Z");
  EXPECT_EQ(bounds->max, "\xC3\xA9t\xC3\xA9");  // 0xC3 > 'b' as unsigned
}

TEST(ParquetStatistics, LongStringsAreTruncated) {
  std::string long_a(100, 'a');
  std::string long_z(100, 'z');
  MinMax<std::string_view> minmax;
  minmax.Update(long_a);
  minmax.Update(long_z);
  auto bounds = EncodeBounds(minmax, {});
  EXPECT_EQ(bounds->min, std::string(64, 'a'));
  EXPECT_EQ(bounds->max, std::string(63, 'z') + "{");
  EXPECT_FALSE(bounds->min_exact);
  EXPECT_FALSE(bounds->max_exact);

  bool exact = false;
  EXPECT_EQ(*TruncateMax("ab\xFF\xFF\xFF", 4, false, &exact), "ac");
  EXPECT_FALSE(exact);
  EXPECT_FALSE(TruncateMax("\xFF\xFF\xFF", 2, false, &exact).has_value());
  EXPECT_EQ(*TruncateMax("abc", 4, false, &exact), "abc");
  EXPECT_TRUE(exact);
  // UTF-8: cut at a character boundary, increment the last character.
  EXPECT_EQ(TruncateMin("a\xC3\xA9z", 2, true, &exact), "a");
  EXPECT_EQ(*TruncateMax("a\xC3\xA9zz", 3, true, &exact), "a\xC3\xAA");
  EXPECT_EQ(*TruncateMax("a\xF4\x8F\xBF\xBFzz", 5, true, &exact), "b");  // U+10FFFF

  MinMax<std::string_view> all_ff;  // no shorter bound: the whole value, exact
  std::string ff(80, '\xFF');
  all_ff.Update(ff);
  auto ff_bounds = EncodeBounds(all_ff, {});
  EXPECT_EQ(ff_bounds->max, ff);
  EXPECT_TRUE(ff_bounds->max_exact);
}

TEST(ParquetStatistics, DecimalsCompareSignedBigEndian) {
  MinMax<__int128> minmax;
  minmax.Update(static_cast<__int128>(-1));
  minmax.Update(static_cast<__int128>(258));
  StatisticsFormat format;
  format.type_length = 3;
  auto bounds = EncodeBounds(minmax, format);
  EXPECT_EQ(bounds->min, Bytes({0xFF, 0xFF, 0xFF}));
  EXPECT_EQ(bounds->max, Bytes({0x00, 0x01, 0x02}));
}

TEST(ParquetStatistics, BoundaryOrder) {
  auto pages = [](std::vector<std::pair<int, int>> ranges) {
    std::vector<MinMax<int32_t>> out(ranges.size());
    for (size_t i = 0; i < ranges.size(); ++i) {
      if (ranges[i].first > ranges[i].second) continue;  // a null page
      out[i].Update(ranges[i].first);
      out[i].Update(ranges[i].second);
    }
    return out;
  };
  EXPECT_EQ(ComputeBoundaryOrder(pages({{1, 5}, {1, 0}, {5, 9}})), BoundaryOrder::kAscending);
  EXPECT_EQ(ComputeBoundaryOrder(pages({{5, 9}, {1, 5}})), BoundaryOrder::kDescending);
  EXPECT_EQ(ComputeBoundaryOrder(pages({{1, 9}, {2, 5}})), BoundaryOrder::kUnordered);
}

// ---- Encoders ----------------------------------------------------------------------

TEST(ParquetEncoding, PlainValues) {
  std::string out;
  std::vector<uint8_t> booleans = {1, 0, 1, 1, 0, 0, 0, 0, 1};
  PlainEncodeBooleans(booleans.data(), booleans.size(), &out);
  EXPECT_EQ(out, Bytes({0x0D, 0x01}));

  out.clear();
  std::vector<std::string_view> strings = {"ab", ""};
  PlainEncodeByteArrays(strings.data(), strings.size(), &out);
  EXPECT_EQ(out, Bytes({2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0}));

  out.clear();
  std::vector<__int128> decimals = {-1, 256};
  PlainEncodeDecimals(decimals.data(), decimals.size(), 2, &out);
  EXPECT_EQ(out, Bytes({0xFF, 0xFF, 0x01, 0x00}));

  EXPECT_EQ(DecimalByteLength(1), 1);
  EXPECT_EQ(DecimalByteLength(2), 1);
  EXPECT_EQ(DecimalByteLength(3), 2);
  EXPECT_EQ(DecimalByteLength(9), 4);
  EXPECT_EQ(DecimalByteLength(18), 8);
  EXPECT_EQ(DecimalByteLength(19), 9);
  EXPECT_EQ(DecimalByteLength(38), 16);
}

TEST(ParquetEncoding, RleRunAndDictionaryIndices) {
  std::string out;
  AppendRleRun(1, 5, 1, &out);
  EXPECT_EQ(out, Bytes({0x0A, 0x01}));
  out.clear();
  AppendRleRun(300, 200, 9, &out);  // header 400 as ULEB128, value in 2 bytes
  EXPECT_EQ(out, Bytes({0x90, 0x03, 0x2C, 0x01}));

  out.clear();
  std::vector<uint32_t> indices(10, 3);
  EncodeDictionaryIndices(indices.data(), indices.size(), 2, &out);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0], 2);  // the bit-width byte
  DictionaryIndexDecoder decoder(reinterpret_cast<const uint8_t*>(out.data()), out.size(), 4);
  std::vector<uint32_t> decoded(10);
  decoder.Decode(decoded.data(), decoded.size());
  EXPECT_EQ(decoded, indices);
}

TEST(ParquetEncoding, DeltaBinaryPackedSpecExamples) {
  // Encodings.md example 1: 1 2 3 4 5 → all deltas 1, every miniblock width 0.
  std::vector<int32_t> first = {1, 2, 3, 4, 5};
  std::string out;
  DeltaBinaryPackedEncode(first.data(), first.size(), &out);
  EXPECT_EQ(out, Bytes({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0}));
  EXPECT_EQ(DeltaBinaryPackedSize(first.data(), first.size()), out.size());

  // Example 2: 7 5 3 1 2 3 4 5 → deltas -2 -2 -2 1 1 1 1, min -2, adjusted 0 0 0 3 3 3 3
  // at width 2: one miniblock of 32 values (8 bytes).
  std::vector<int64_t> second = {7, 5, 3, 1, 2, 3, 4, 5};
  out.clear();
  DeltaBinaryPackedEncode(second.data(), second.size(), &out);
  EXPECT_EQ(out, Bytes({0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0, 0, 0, 0xC0, 0x3F, 0, 0,
                        0, 0, 0, 0}));
  EXPECT_EQ(DeltaBinaryPackedSize(second.data(), second.size()), out.size());

  std::vector<int64_t> empty;
  out.clear();
  DeltaBinaryPackedEncode(empty.data(), 0, &out);
  EXPECT_EQ(out, Bytes({0x80, 0x01, 0x04, 0x00, 0x00}));
}

template <typename T>
void ExpectDeltaRoundTrip(const std::vector<T>& values) {
  std::string out;
  DeltaBinaryPackedEncode(values.data(), values.size(), &out);
  EXPECT_EQ(DeltaBinaryPackedSize(values.data(), values.size()), out.size());
  DeltaBinaryPackedDecoder decoder(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  ASSERT_EQ(decoder.total_values(), values.size());
  EXPECT_EQ(decoder.FindEnd(), reinterpret_cast<const uint8_t*>(out.data()) + out.size());
  std::vector<T> decoded(values.size());
  if constexpr (sizeof(T) == 4) {
    decoder.DecodeInt32(decoded.data(), decoded.size());
  } else {
    decoder.DecodeInt64(decoded.data(), decoded.size());
  }
  EXPECT_EQ(decoded, values);
}

TEST(ParquetEncoding, DeltaBinaryPackedRoundTripsExtremes) {
  std::mt19937_64 random(7);
  std::vector<int64_t> wide;
  std::vector<int32_t> narrow;
  for (int i = 0; i < 1000; ++i) {
    wide.push_back(static_cast<int64_t>(random()));
    narrow.push_back(static_cast<int32_t>(random()));
  }
  wide.push_back(std::numeric_limits<int64_t>::min());
  wide.push_back(std::numeric_limits<int64_t>::max());
  narrow.push_back(std::numeric_limits<int32_t>::min());
  narrow.push_back(std::numeric_limits<int32_t>::max());
  ExpectDeltaRoundTrip(wide);
  ExpectDeltaRoundTrip(narrow);
  std::vector<int64_t> sorted;
  for (int64_t i = 0; i < 300; ++i) sorted.push_back(1700000000000000 + i * 1000 + (i % 3));
  ExpectDeltaRoundTrip(sorted);
  ExpectDeltaRoundTrip(std::vector<int32_t>{42});
}

TEST(ParquetEncoding, DeltaByteArraysSpecExamples) {
  // DELTA_LENGTH_BYTE_ARRAY: lengths 5 5 6 6 as deltas, then the bytes.
  std::vector<std::string_view> words = {"Hello", "World", "Foobar", "ABCDEF"};
  std::string out;
  DeltaLengthByteArrayEncode(words.data(), words.size(), &out);
  std::vector<int32_t> lengths = {5, 5, 6, 6};
  std::string expected;
  DeltaBinaryPackedEncode(lengths.data(), lengths.size(), &expected);
  expected += "HelloWorldFoobarABCDEF";
  EXPECT_EQ(out, expected);

  // DELTA_BYTE_ARRAY: prefixes 0 2 0 3, suffixes "axis" "le" "babble" "yhood".
  std::vector<std::string_view> sorted = {"axis", "axle", "babble", "babyhood"};
  out.clear();
  DeltaByteArrayEncode(sorted.data(), sorted.size(), &out);
  std::vector<int32_t> prefixes = {0, 2, 0, 3};
  std::vector<int32_t> suffix_lengths = {4, 2, 6, 5};
  expected.clear();
  DeltaBinaryPackedEncode(prefixes.data(), prefixes.size(), &expected);
  DeltaBinaryPackedEncode(suffix_lengths.data(), suffix_lengths.size(), &expected);
  expected += "axislebabbleyhood";
  EXPECT_EQ(out, expected);

  StringHeap heap;
  DeltaByteArrayDecoder decoder(reinterpret_cast<const uint8_t*>(out.data()), out.size(),
                                1 << 20);
  std::vector<StringRef> decoded(4);
  decoder.Decode(decoded.data(), decoded.size(), &heap);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(decoded[i].view(), sorted[i]);
}

TEST(ParquetEncoding, DictionaryBuilderMapsAndLimits) {
  DictionaryBuilder<int64_t> builder(1 << 20);
  std::vector<int64_t> values = {5, 7, 5, 9, 7};
  std::vector<uint32_t> indices;
  ASSERT_TRUE(builder.Add(values.data(), values.size(), &indices));
  EXPECT_EQ(indices, (std::vector<uint32_t>{0, 1, 0, 2, 1}));
  EXPECT_EQ(builder.values(), (std::vector<int64_t>{5, 7, 9}));
  EXPECT_EQ(builder.plain_bytes(), 24u);

  DictionaryBuilder<std::string_view> small(10);  // "abc" costs 7 PLAIN bytes
  std::vector<std::string_view> strings = {"abc", "abc", "de", "abc"};
  indices.clear();
  EXPECT_FALSE(small.Add(strings.data(), strings.size(), &indices));

  DictionaryBuilder<double> doubles(1 << 20);  // by bits: -0.0 and 0.0 are distinct
  std::vector<double> zeros = {0.0, -0.0, 0.0};
  indices.clear();
  ASSERT_TRUE(doubles.Add(zeros.data(), zeros.size(), &indices));
  EXPECT_EQ(indices, (std::vector<uint32_t>{0, 1, 0}));

  DictionaryBuilder<int32_t> many(1 << 20);  // the table grows past its first size
  std::vector<int32_t> distinct(5000);
  for (int i = 0; i < 5000; ++i) distinct[i] = i * 7919;
  indices.clear();
  ASSERT_TRUE(many.Add(distinct.data(), distinct.size(), &indices));
  ASSERT_TRUE(many.Add(distinct.data(), distinct.size(), &indices));
  EXPECT_EQ(many.size(), 5000u);
  EXPECT_EQ(indices[5000 + 4321], 4321u);
}

// ---- Whole files -------------------------------------------------------------------

using StringSink = io::StringOutputStream;

Schema TestSchema() {
  return Schema({Field{"id", DataType::BigInt(), false}, Field{"name", DataType::Varchar()},
                 Field{"price", DataType::Decimal(12, 2)}, Field{"flag", DataType::Boolean()},
                 Field{"big", DataType::Decimal(30, 3)}, Field{"score", DataType::Double()},
                 Field{"day", DataType::Date()}, Field{"small", DataType::TinyInt()},
                 Field{"ts", DataType::TimestampTz()}, Field{"nothing", DataType::Unknown()}});
}

/// Rows [start, start + count) of a deterministic table: names repeat (dictionary),
/// every 7th name and every 5th score is NULL.
Chunk TestChunk(int64_t start, size_t count) {
  Chunk chunk(TestSchema().types());
  for (size_t r = 0; r < count; ++r) {
    int64_t id = start + static_cast<int64_t>(r);
    chunk.column(0).data<int64_t>()[r] = id;
    if (id % 7 == 0) {
      chunk.column(1).SetNull(r);
    } else {
      chunk.column(1).SetString(r, "name-" + std::to_string(id % 13));
    }
    chunk.column(2).data<int64_t>()[r] = id * 101 - 5000;
    chunk.column(3).data<uint8_t>()[r] = static_cast<uint8_t>(id % 3 == 0);
    chunk.column(4).data<__int128>()[r] = static_cast<__int128>(id) * -1000000000000LL;
    if (id % 5 == 0) {
      chunk.column(5).SetNull(r);
    } else {
      chunk.column(5).data<double>()[r] = static_cast<double>(id) / 3.0;
    }
    chunk.column(6).data<int32_t>()[r] = static_cast<int32_t>(18000 + id % 400);
    chunk.column(7).data<int8_t>()[r] = static_cast<int8_t>(id % 100 - 50);
    chunk.column(8).data<TimestampTz>()[r] = TimestampTz{id * 1000000, 0, 0};
    chunk.column(9).SetNull(r);
  }
  chunk.set_size(count);
  return chunk;
}

std::string WriteTestFile(int64_t num_rows, const ParquetWriteOptions& options) {
  StringSink sink;
  auto writer = MakeParquetWriter(&sink, TestSchema(), options);
  for (int64_t row = 0; row < num_rows; row += static_cast<int64_t>(kChunkCapacity)) {
    size_t count = static_cast<size_t>(std::min<int64_t>(kChunkCapacity, num_rows - row));
    writer->Write(TestChunk(row, count));
  }
  writer->Finish();
  return sink.bytes;
}

const uint8_t* At(const std::string& file, int64_t offset) {
  return reinterpret_cast<const uint8_t*>(file.data()) + offset;
}

FileMetaData DecodeFooter(const std::string& file) {
  EXPECT_GE(file.size(), 12u);
  EXPECT_EQ(file.substr(0, 4), "PAR1");
  EXPECT_EQ(file.substr(file.size() - 4), "PAR1");
  uint32_t length;
  std::memcpy(&length, file.data() + file.size() - 8, 4);
  return DecodeFileMetaData(At(file, static_cast<int64_t>(file.size() - 8 - length)), length);
}

/// The page body decompresses to exactly its uncompressed size (data page v2: the
/// levels before the values are not compressed).
void ExpectPageDecompresses(const std::string& file, int64_t body, const PageHeader& header,
                            Codec codec) {
  size_t levels = 0;
  bool compressed = true;
  if (header.data_page_header_v2.has_value()) {
    levels = static_cast<size_t>(header.data_page_header_v2->definition_levels_byte_length);
    compressed = header.data_page_header_v2->is_compressed;
  }
  size_t size = static_cast<size_t>(header.compressed_page_size) - levels;
  size_t expected = static_cast<size_t>(header.uncompressed_page_size) - levels;
  std::vector<uint8_t> out(expected + 1);
  if (compressed) {
    EXPECT_NO_THROW(Decompress(codec, At(file, body + static_cast<int64_t>(levels)), size,
                               out.data(), expected));
  } else {
    EXPECT_EQ(size, expected);
  }
}

/// Walks every page of every column chunk, checking the chunk's metadata against them.
void CheckColumnChunks(const std::string& file, const FileMetaData& metadata) {
  int64_t expected_offset = 4;
  for (const RowGroup& row_group : metadata.row_groups) {
    EXPECT_EQ(row_group.file_offset, expected_offset);
    int64_t uncompressed = 0;
    for (const ColumnChunk& chunk : row_group.columns) {
      ASSERT_TRUE(chunk.meta_data.has_value());
      const ColumnMetaData& column = *chunk.meta_data;
      EXPECT_EQ(column.num_values, row_group.num_rows);
      int64_t start = column.dictionary_page_offset.value_or(column.data_page_offset);
      EXPECT_EQ(start, expected_offset);
      EXPECT_EQ(chunk.file_offset, start);
      int64_t position = start;
      int64_t rows = 0;
      int64_t page_uncompressed = 0;
      size_t data_pages = 0;
      while (position < start + column.total_compressed_size) {
        size_t header_size = 0;
        PageHeader header = DecodePageHeader(At(file, position),
                                             file.size() - static_cast<size_t>(position),
                                             &header_size);
        ExpectPageDecompresses(file, position + static_cast<int64_t>(header_size), header,
                               column.codec);
        if (header.type == PageType::kDictionaryPage) {
          EXPECT_EQ(position, column.dictionary_page_offset.value_or(-1));
          EXPECT_GT(header.dictionary_page_header->num_values, 0);
          EXPECT_GT(header.uncompressed_page_size, 0);
        } else {
          if (data_pages == 0) {
            EXPECT_EQ(position, column.data_page_offset);
          }
          ++data_pages;
          rows += header.data_page_header.has_value() ? header.data_page_header->num_values
                                                      : header.data_page_header_v2->num_rows;
        }
        page_uncompressed += static_cast<int64_t>(header_size) + header.uncompressed_page_size;
        position += static_cast<int64_t>(header_size) + header.compressed_page_size;
      }
      EXPECT_EQ(position, start + column.total_compressed_size);
      EXPECT_EQ(page_uncompressed, column.total_uncompressed_size);
      EXPECT_EQ(rows, row_group.num_rows);
      uncompressed += column.total_uncompressed_size;
      expected_offset = position;

      ASSERT_TRUE(chunk.offset_index_offset.has_value());
      OffsetIndex offsets = DecodeOffsetIndex(At(file, *chunk.offset_index_offset),
                                              static_cast<size_t>(*chunk.offset_index_length));
      ASSERT_EQ(offsets.page_locations.size(), data_pages);
      EXPECT_EQ(offsets.page_locations[0].offset, column.data_page_offset);
      EXPECT_EQ(offsets.page_locations[0].first_row_index, 0);
      if (chunk.column_index_offset.has_value()) {
        ColumnIndex index = DecodeColumnIndex(At(file, *chunk.column_index_offset),
                                              static_cast<size_t>(*chunk.column_index_length));
        EXPECT_EQ(index.null_pages.size(), data_pages);
        EXPECT_EQ(index.null_counts.size(), data_pages);
      }
    }
    EXPECT_EQ(row_group.total_byte_size, uncompressed);
  }
}

TEST(ParquetWriter, FooterOffsetsAndCountsAcrossRowGroups) {
  for (int test = 0; test < 8; ++test) {
    int version = test % 2 + 1;
    Codec codec = std::vector<Codec>{Codec::kSnappy, Codec::kZstd, Codec::kGzip,
                                     Codec::kUncompressed}[static_cast<size_t>(test / 2)];
    SCOPED_TRACE(std::to_string(version) + " " + std::string(CodecName(codec)));
    ParquetWriteOptions options;
    options.codec = codec;
    options.row_group_rows = 5000;
    options.page_rows = 1500;
    options.writer_version = version;
    options.key_value_metadata.push_back(KeyValue{"origin", std::string("test")});
    std::string file = WriteTestFile(12345, options);
    FileMetaData metadata = DecodeFooter(file);
    EXPECT_EQ(metadata.num_rows, 12345);
    ASSERT_EQ(metadata.row_groups.size(), 3u);
    EXPECT_EQ(metadata.row_groups[0].num_rows, 5000);
    EXPECT_EQ(metadata.row_groups[2].num_rows, 2345);
    EXPECT_EQ(metadata.row_groups[2].ordinal, 2);
    ASSERT_EQ(metadata.schema.size(), 11u);
    EXPECT_EQ(metadata.schema[0].num_children, 10);
    EXPECT_EQ(metadata.column_orders.size(), 10u);
    EXPECT_EQ(metadata.created_by, std::string(kCreatedBy));
    ASSERT_EQ(metadata.key_value_metadata.size(), 2u);
    EXPECT_EQ(metadata.key_value_metadata[1].key, "sluice.schema");
    EXPECT_NE(metadata.key_value_metadata[1].value->find(
                  "{\"name\":\"ts\",\"type\":\"timestamp(6) with time zone\",\"nullable\":true}"),
              std::string::npos);
    CheckColumnChunks(file, metadata);

    const ColumnMetaData& id = *metadata.row_groups[1].columns[0].meta_data;
    EXPECT_EQ(id.statistics->min_value, Raw<int64_t>(5000));
    EXPECT_EQ(id.statistics->max_value, Raw<int64_t>(9999));
    EXPECT_EQ(id.statistics->null_count, 0);
    const ColumnMetaData& name = *metadata.row_groups[0].columns[1].meta_data;
    EXPECT_EQ(name.statistics->null_count, 715);  // multiples of 7 below 5000
    EXPECT_TRUE(name.dictionary_page_offset.has_value());
    const ColumnMetaData& nothing = *metadata.row_groups[0].columns[9].meta_data;
    EXPECT_EQ(nothing.statistics->null_count, 5000);
    EXPECT_FALSE(nothing.statistics->min_value.has_value());
    const ColumnMetaData& big = *metadata.row_groups[0].columns[4].meta_data;
    EXPECT_EQ(big.type, PhysicalType::kFixedLenByteArray);
    EXPECT_EQ(big.statistics->min_value->size(), 13u);
  }
}

TEST(ParquetWriter, SchemaMapping) {
  std::string file = WriteTestFile(10, ParquetWriteOptions{});
  FileMetaData metadata = DecodeFooter(file);
  const std::vector<SchemaElement>& schema = metadata.schema;
  EXPECT_EQ(schema[1].repetition_type, Repetition::kRequired);
  EXPECT_EQ(schema[1].type, PhysicalType::kInt64);
  EXPECT_EQ(schema[2].repetition_type, Repetition::kOptional);
  EXPECT_EQ(schema[2].converted_type, ConvertedType::kUtf8);
  EXPECT_EQ(schema[2].logical_type.kind, LogicalType::Kind::kString);
  EXPECT_EQ(schema[3].type, PhysicalType::kInt64);
  EXPECT_EQ(schema[3].logical_type.kind, LogicalType::Kind::kDecimal);
  EXPECT_EQ(schema[3].logical_type.precision, 12);
  EXPECT_EQ(schema[3].scale, 2);
  EXPECT_EQ(schema[5].type, PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(schema[5].type_length, 13);
  EXPECT_EQ(schema[7].logical_type.kind, LogicalType::Kind::kDate);
  EXPECT_EQ(schema[8].type, PhysicalType::kInt32);
  EXPECT_EQ(schema[8].logical_type.bit_width, 8);
  EXPECT_EQ(schema[8].converted_type, ConvertedType::kInt8);
  EXPECT_EQ(schema[9].logical_type.kind, LogicalType::Kind::kTimestamp);
  EXPECT_TRUE(schema[9].logical_type.is_adjusted_to_utc);
  EXPECT_EQ(schema[9].logical_type.unit, TimeUnit::kMicros);
  EXPECT_EQ(schema[10].logical_type.kind, LogicalType::Kind::kUnknown);
}

TEST(ParquetWriter, DictionaryFallsBackWhenTooLarge) {
  Schema schema({Field{"text", DataType::Varchar()}, Field{"code", DataType::Varchar()}});
  ParquetWriteOptions options;
  options.dictionary_page_bytes = 4096;
  StringSink sink;
  auto writer = MakeParquetWriter(&sink, schema, options);
  Chunk chunk(schema.types());
  for (size_t r = 0; r < kChunkCapacity; ++r) {
    chunk.column(0).SetString(r, "distinct value number " + std::to_string(r));
    chunk.column(1).SetString(r, r % 2 == 0 ? "even" : "odd");
  }
  chunk.set_size(kChunkCapacity);
  writer->Write(chunk);
  writer->Finish();
  FileMetaData metadata = DecodeFooter(sink.bytes);
  const ColumnMetaData& text = *metadata.row_groups[0].columns[0].meta_data;
  EXPECT_FALSE(text.dictionary_page_offset.has_value());
  EXPECT_EQ(text.encoding_stats.size(), 1u);
  EXPECT_EQ(text.encoding_stats[0].encoding, Encoding::kPlain);
  const ColumnMetaData& code = *metadata.row_groups[0].columns[1].meta_data;
  EXPECT_TRUE(code.dictionary_page_offset.has_value());
  CheckColumnChunks(sink.bytes, metadata);
}

TEST(ParquetWriter, DeltaEncodingsUnderVersion2) {
  ParquetWriteOptions options;
  options.writer_version = 2;
  options.dictionary = false;
  std::string file = WriteTestFile(3000, options);
  FileMetaData metadata = DecodeFooter(file);
  const ColumnMetaData& id = *metadata.row_groups[0].columns[0].meta_data;
  EXPECT_EQ(id.encoding_stats[0].encoding, Encoding::kDeltaBinaryPacked);
  EXPECT_EQ(id.encoding_stats[0].page_type, PageType::kDataPageV2);
  const ColumnMetaData& name = *metadata.row_groups[0].columns[1].meta_data;
  EXPECT_EQ(name.encoding_stats[0].encoding, Encoding::kDeltaByteArray);  // "name-" prefix
  CheckColumnChunks(file, metadata);
}

TEST(ParquetWriter, EmptyTableIsAValidFile) {
  std::string file = WriteTestFile(0, ParquetWriteOptions{});
  FileMetaData metadata = DecodeFooter(file);
  EXPECT_EQ(metadata.num_rows, 0);
  EXPECT_TRUE(metadata.row_groups.empty());
  EXPECT_EQ(metadata.schema.size(), 11u);
}

TEST(ParquetWriter, RejectsMismatchedChunksAndNullsInRequiredColumns) {
  StringSink sink;
  auto writer = MakeParquetWriter(&sink, TestSchema(), ParquetWriteOptions{});
  Chunk wrong({DataType::Integer()});
  wrong.set_size(1);
  EXPECT_THROW(writer->Write(wrong), InvalidArgumentError);
  Chunk chunk = TestChunk(0, 10);
  chunk.column(0).SetNull(3);
  EXPECT_THROW(writer->Write(chunk), ConstraintError);

  ParquetWriteOptions bad;
  bad.writer_version = 3;
  EXPECT_THROW(MakeParquetWriter(&sink, TestSchema(), bad), InvalidArgumentError);
}

TEST(ParquetWriter, PageIndexMarksNullPagesAndOrder) {
  ParquetWriteOptions options;
  options.page_rows = 1000;
  std::string file = WriteTestFile(4000, options);
  FileMetaData metadata = DecodeFooter(file);
  const ColumnChunk& id = metadata.row_groups[0].columns[0];
  ColumnIndex index = DecodeColumnIndex(At(file, *id.column_index_offset),
                                        static_cast<size_t>(*id.column_index_length));
  ASSERT_EQ(index.min_values.size(), 4u);
  EXPECT_EQ(index.boundary_order, BoundaryOrder::kAscending);
  EXPECT_EQ(index.min_values[1], Raw<int64_t>(1000));
  EXPECT_EQ(index.max_values[1], Raw<int64_t>(1999));
  const ColumnChunk& nothing = metadata.row_groups[0].columns[9];
  ColumnIndex null_index = DecodeColumnIndex(At(file, *nothing.column_index_offset),
                                             static_cast<size_t>(*nothing.column_index_length));
  EXPECT_EQ(null_index.null_pages, std::vector<bool>(4, true));
  EXPECT_EQ(null_index.null_counts, std::vector<int64_t>(4, 1000));
  EXPECT_EQ(null_index.min_values, std::vector<std::string>(4, ""));
}

}  // namespace
}  // namespace sluice::parquet

namespace sluice::parquet {
namespace {

// ---- Round trips through our reader --------------------------------------------------

Schema RoundTripSchema() {
  return Schema({Field{"id", DataType::BigInt(), false}, Field{"b", DataType::Boolean()},
                 Field{"t", DataType::TinyInt()}, Field{"s", DataType::SmallInt()},
                 Field{"i", DataType::Integer()}, Field{"l", DataType::BigInt()},
                 Field{"r", DataType::Real()}, Field{"d", DataType::Double()},
                 Field{"d9", DataType::Decimal(9, 2)}, Field{"d18", DataType::Decimal(18, 6)},
                 Field{"d38", DataType::Decimal(38, 4)}, Field{"v", DataType::Varchar()},
                 Field{"vb", DataType::Varbinary()}, Field{"dt", DataType::Date()},
                 Field{"ts", DataType::Timestamp()}, Field{"tz", DataType::TimestampTz()}});
}

/// Random rows; `null_percent` of the nullable values are NULL. Values mix repeats
/// (dictionary-friendly), sorted runs and extremes.
std::vector<Chunk> RoundTripChunks(size_t num_rows, int null_percent, uint64_t seed) {
  std::mt19937_64 random(seed);
  Schema schema = RoundTripSchema();
  std::vector<Chunk> chunks;
  for (size_t done = 0; done < num_rows; done += kChunkCapacity) {
    size_t n = std::min(kChunkCapacity, num_rows - done);
    Chunk chunk(schema.types());
    for (size_t r = 0; r < n; ++r) {
      uint64_t x = random();
      auto id = static_cast<int64_t>(done + r);
      chunk.column(0).data<int64_t>()[r] = id;
      for (size_t c = 1; c < schema.num_fields(); ++c) {
        Vector& v = chunk.column(c);
        uint64_t y = random();
        if (static_cast<int>(y % 100) < null_percent) {
          v.SetNull(r);
          continue;
        }
        bool small = (y >> 8) % 2 == 0;  // half the values from a small set
        uint64_t z = small ? (y >> 16) % 20 : (y >> 16);
        switch (c) {
          case 1: v.data<uint8_t>()[r] = static_cast<uint8_t>(z & 1); break;
          case 2: v.data<int8_t>()[r] = static_cast<int8_t>(z); break;
          case 3: v.data<int16_t>()[r] = static_cast<int16_t>(z); break;
          case 4: v.data<int32_t>()[r] = x % 50 == 0 ? INT32_MIN : static_cast<int32_t>(z); break;
          case 5: v.data<int64_t>()[r] = x % 50 == 0 ? INT64_MAX : id * 1000 + static_cast<int64_t>(z % 3); break;
          case 6:
            v.data<float>()[r] = x % 40 == 0   ? std::numeric_limits<float>::quiet_NaN()
                                 : x % 40 == 1 ? -0.0f
                                               : static_cast<float>(static_cast<int64_t>(z % 100000) - 50000) / 8;
            break;
          case 7: v.data<double>()[r] = static_cast<double>(static_cast<int64_t>(z)) / 1024 - 7; break;
          case 8: v.data<int64_t>()[r] = static_cast<int64_t>(z % 999999999) - 499999999; break;
          case 9: v.data<int64_t>()[r] = static_cast<int64_t>(z % 999999999999999999ULL) * (x % 2 ? -1 : 1); break;
          case 10: {
            __int128 big = static_cast<__int128>(z) * static_cast<__int128>(1000000000000000000LL) + static_cast<__int128>(x % 1000);
            v.data<__int128>()[r] = x % 2 ? -big : big;
            break;
          }
          case 11:
            v.SetString(r, x % 30 == 0 ? std::string(70 + z % 50, static_cast<char>('a' + z % 26))
                                       : "text " + std::to_string(z));
            break;
          case 12: v.SetString(r, std::string(static_cast<size_t>(z % 5), static_cast<char>(z))); break;
          case 13: v.data<int32_t>()[r] = static_cast<int32_t>(z % 100000) - 50000; break;
          case 14: v.data<int64_t>()[r] = static_cast<int64_t>(z % 4000000000000000ULL) - 2000000000000000; break;
          case 15: v.data<TimestampTz>()[r] = TimestampTz{static_cast<int64_t>(z % 4000000000000000ULL), 0, 0}; break;
          default: break;
        }
      }
    }
    chunk.set_size(n);
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

/// Whether row `a_row` of `a` and row `b_row` of `b` hold the same value (NaN equal to
/// NaN, floats compared by bits otherwise; TIMESTAMP WITH TIME ZONE by instant).
bool SameValue(const Vector& a, size_t a_row, const Vector& b, size_t b_row) {
  if (a.IsNull(a_row) || b.IsNull(b_row)) return a.IsNull(a_row) == b.IsNull(b_row);
  switch (a.type().physical_type()) {
    case sluice::PhysicalType::kBool:
    case sluice::PhysicalType::kInt8: return a.data<int8_t>()[a_row] == b.data<int8_t>()[b_row];
    case sluice::PhysicalType::kInt16: return a.data<int16_t>()[a_row] == b.data<int16_t>()[b_row];
    case sluice::PhysicalType::kInt32: return a.data<int32_t>()[a_row] == b.data<int32_t>()[b_row];
    case sluice::PhysicalType::kInt64: return a.data<int64_t>()[a_row] == b.data<int64_t>()[b_row];
    case sluice::PhysicalType::kInt128: return a.data<__int128>()[a_row] == b.data<__int128>()[b_row];
    case sluice::PhysicalType::kFloat: {
      float x = a.data<float>()[a_row];
      float y = b.data<float>()[b_row];
      return (std::isnan(x) && std::isnan(y)) || Raw(x) == Raw(y);
    }
    case sluice::PhysicalType::kDouble: return Raw(a.data<double>()[a_row]) == Raw(b.data<double>()[b_row]);
    case sluice::PhysicalType::kString: return a.GetString(a_row) == b.GetString(b_row);
    case sluice::PhysicalType::kTimestampTz:
      return a.data<TimestampTz>()[a_row].micros == b.data<TimestampTz>()[b_row].micros;
    default: return false;
  }
}

class TempFile {
 public:
  explicit TempFile(const std::string& name) : path_(testing::TempDir() + name) {}
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Writes `chunks`, reads the file back with our reader and compares every value.
void ExpectRoundTrip(const std::vector<Chunk>& chunks, const ParquetWriteOptions& options,
                     const std::string& name) {
  TempFile file(name);
  {
    io::AtomicFileWriter out(file.path());
    auto writer = MakeParquetWriter(&out, RoundTripSchema(), options);
    for (const Chunk& chunk : chunks) writer->Write(chunk);
    writer->Finish();
    out.Commit();
  }
  auto reader = OpenParquetReader(file.path(), ParquetReadOptions{});
  ASSERT_EQ(reader->schema(), RoundTripSchema());
  size_t source_chunk = 0;
  size_t source_row = 0;
  size_t rows = 0;
  size_t mismatches = 0;
  Chunk chunk;
  while (reader->Next(&chunk)) {
    for (size_t r = 0; r < chunk.size(); ++r, ++rows) {
      ASSERT_LT(source_chunk, chunks.size());
      const Chunk& expected = chunks[source_chunk];
      for (size_t c = 0; c < chunk.num_columns(); ++c) {
        if (!SameValue(expected.column(c), source_row, chunk.column(c), r) && ++mismatches < 5) {
          ADD_FAILURE() << name << ": row " << rows << " column " << RoundTripSchema().field(c).name;
        }
      }
      if (++source_row == expected.size()) {
        ++source_chunk;
        source_row = 0;
      }
    }
  }
  size_t total = 0;
  for (const Chunk& c : chunks) total += c.size();
  EXPECT_EQ(rows, total) << name;
  EXPECT_EQ(mismatches, 0u) << name;
}

TEST(ParquetWriterRoundTrip, EveryTypeNullDensityCodecAndRowGroupSize) {
  for (int null_percent : {0, 30, 100}) {
    std::vector<Chunk> chunks = RoundTripChunks(9000, null_percent, 11 + null_percent);
    for (Codec codec : {Codec::kSnappy, Codec::kZstd, Codec::kGzip, Codec::kUncompressed,
                        Codec::kLz4Raw, Codec::kBrotli}) {
      for (int64_t row_group_rows : {int64_t{1000}, int64_t{122880}}) {
        for (int version : {1, 2}) {
          ParquetWriteOptions options;
          options.codec = codec;
          options.row_group_rows = row_group_rows;
          options.writer_version = version;
          options.page_rows = 700;
          std::string name = "roundtrip_" + std::to_string(null_percent) + "_" +
                             std::string(CodecName(codec)) + "_" +
                             std::to_string(row_group_rows) + "_v" + std::to_string(version) +
                             ".parquet";
          ExpectRoundTrip(chunks, options, name);
        }
      }
    }
  }
}

TEST(ParquetWriterRoundTrip, WithoutDictionaryAndWithTinyLimits) {
  std::vector<Chunk> chunks = RoundTripChunks(5000, 10, 5);
  ParquetWriteOptions options;
  options.dictionary = false;
  ExpectRoundTrip(chunks, options, "roundtrip_plain.parquet");
  options.dictionary = true;
  options.dictionary_page_bytes = 200;  // most dictionaries fall back
  options.page_bytes = 2000;            // many small pages
  options.row_group_bytes = 100000;     // row groups end by size
  ExpectRoundTrip(chunks, options, "roundtrip_limits.parquet");
  options.writer_version = 2;
  ExpectRoundTrip(chunks, options, "roundtrip_limits_v2.parquet");
}

}  // namespace
}  // namespace sluice::parquet
