// The Thrift compact protocol reader/writer and the Parquet metadata structs on top:
// bytes made by hand from the specifications, round trips of every struct with its
// optional fields set and unset, and malformed inputs (which must be FormatErrors).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "formats/parquet/metadata_io.h"
#include "formats/parquet/thrift_compact.h"

namespace sluice::parquet {
namespace {

const uint8_t* Bytes(const std::string& text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

std::string Hex(std::initializer_list<int> bytes) {
  std::string text;
  for (int byte : bytes) text.push_back(static_cast<char>(byte));
  return text;
}

/// Expects a FormatError whose message contains `part`.
template <typename Fn>
void ExpectFormatError(Fn&& fn, const std::string& part) {
  try {
    fn();
    ADD_FAILURE() << "expected a FormatError containing '" << part << "'";
  } catch (const FormatError& error) {
    EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << error.what();
  }
}

// ---- Compact protocol --------------------------------------------------------------

TEST(ParquetThriftCompact, VarintsAndZigZagFromTheSpecification) {
  std::string out;
  AppendVarint(50399, &out);
  EXPECT_EQ(out, Hex({0xDF, 0x89, 0x03}));
  const uint8_t* position = Bytes(out);
  uint64_t value = 0;
  ASSERT_TRUE(ReadVarint(&position, Bytes(out) + out.size(), &value));
  EXPECT_EQ(value, 50399u);
  // 0, -1, 1, -2, 2 are 0, 1, 2, 3, 4 on the wire.
  EXPECT_EQ(ZigZagEncode64(0), 0u);
  EXPECT_EQ(ZigZagEncode64(-1), 1u);
  EXPECT_EQ(ZigZagEncode64(1), 2u);
  EXPECT_EQ(ZigZagEncode64(-2), 3u);
  EXPECT_EQ(ZigZagDecode64(4), 2);
  for (int64_t v : {INT64_MIN, INT64_MAX, int64_t{-123456789}, int64_t{0}}) {
    EXPECT_EQ(ZigZagDecode64(ZigZagEncode64(v)), v);
  }
  out.clear();
  AppendVarint(UINT64_MAX, &out);
  EXPECT_EQ(out.size(), 10u);
  position = Bytes(out);
  ASSERT_TRUE(ReadVarint(&position, Bytes(out) + out.size(), &value));
  EXPECT_EQ(value, UINT64_MAX);
}

TEST(ParquetThriftCompact, RejectsBadVarints) {
  uint64_t value;
  // 11 continuation bytes; a 10th byte with bits beyond the 64th; a cut-off varint.
  std::string too_long(11, '\xFF');
  const uint8_t* position = Bytes(too_long);
  EXPECT_FALSE(ReadVarint(&position, position + too_long.size(), &value));
  std::string overflow = std::string(9, '\xFF') + '\x02';
  position = Bytes(overflow);
  EXPECT_FALSE(ReadVarint(&position, position + overflow.size(), &value));
  std::string cut = Hex({0x80, 0x80});
  position = Bytes(cut);
  EXPECT_FALSE(ReadVarint(&position, position + cut.size(), &value));
  EXPECT_EQ(position, Bytes(cut));

  // As an i64 field: FormatErrors with the reader's context.
  std::string field = Hex({0x16}) + too_long;
  CompactReader reader(Bytes(field), field.size(), "test");
  ExpectFormatError(
      [&] {
        reader.ReadStruct([&](const FieldHeader& header) {
          reader.ReadI64(header.type);
          return true;
        });
      },
      "test: invalid varint");
  // An i32 whose value needs more than 32 bits.
  std::string wide = Hex({0x15});
  AppendVarint(ZigZagEncode64(int64_t{1} << 40), &wide);
  wide.push_back(0);
  CompactReader wide_reader(Bytes(wide), wide.size(), "test");
  ExpectFormatError(
      [&] {
        wide_reader.ReadStruct([&](const FieldHeader& header) {
          wide_reader.ReadI32(header.type);
          return true;
        });
      },
      "out of range");
}

TEST(ParquetThriftCompact, FieldHeadersShortAndLongForm) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.WriteI32Field(1, 7);       // delta 1: 0x15
  writer.WriteBoolField(3, true);   // delta 2, BOOLEAN_TRUE: 0x21
  writer.WriteBoolField(4, false);  // delta 1, BOOLEAN_FALSE: 0x12
  writer.WriteI64Field(40, -1);     // delta 36: long form 0x06, zigzag id 80
  writer.WriteI8Field(2, -2);       // negative delta: long form 0x03, zigzag id 4
  writer.EndStruct();
  EXPECT_EQ(out, Hex({0x15, 0x0E, 0x21, 0x12, 0x06, 0x50, 0x01, 0x03, 0x04, 0xFE, 0x00}));

  CompactReader reader(Bytes(out), out.size(), "test");
  std::vector<int> ids;
  int32_t i32 = 0;
  bool b3 = false, b4 = true;
  int64_t i64 = 0;
  int8_t i8 = 0;
  reader.ReadStruct([&](const FieldHeader& field) {
    ids.push_back(field.id);
    switch (field.id) {
      case 1: i32 = reader.ReadI32(field.type); return true;
      case 3: b3 = reader.ReadBool(field.type); return true;
      case 4: b4 = reader.ReadBool(field.type); return true;
      case 40: i64 = reader.ReadI64(field.type); return true;
      case 2: i8 = reader.ReadI8(field.type); return true;
      default: return false;
    }
  });
  EXPECT_EQ(ids, (std::vector<int>{1, 3, 4, 40, 2}));
  EXPECT_EQ(i32, 7);
  EXPECT_TRUE(b3);
  EXPECT_FALSE(b4);
  EXPECT_EQ(i64, -1);
  EXPECT_EQ(i8, -2);
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(ParquetThriftCompact, ListsShortAndLongFormAndBooleanElements) {
  std::string out;
  CompactWriter writer(&out);
  writer.WriteListHeader(CompactType::kI32, 3);
  for (int v : {1, -1, 100}) writer.WriteI32Element(v);
  writer.WriteListHeader(CompactType::kBinary, 20);
  for (int i = 0; i < 20; ++i) writer.WriteBinaryElement(std::string(i, 'x'));
  writer.WriteListHeader(CompactType::kBoolTrue, 2);
  writer.WriteBoolElement(true);
  writer.WriteBoolElement(false);
  EXPECT_EQ(out.substr(0, 5), Hex({0x35, 0x02, 0x01, 0xC8, 0x01}));
  EXPECT_EQ(static_cast<uint8_t>(out[5]), 0xF8);  // long form: size follows
  EXPECT_EQ(out[6], 20);

  CompactReader reader(Bytes(out), out.size(), "test");
  std::vector<int32_t> ints;
  reader.ReadList(CompactType::kI32, [&] { ints.push_back(reader.ReadI32Element()); });
  EXPECT_EQ(ints, (std::vector<int32_t>{1, -1, 100}));
  std::vector<std::string> strings;
  reader.ReadList(CompactType::kBinary,
                  [&] { strings.emplace_back(reader.ReadBinaryElement()); });
  ASSERT_EQ(strings.size(), 20u);
  EXPECT_EQ(strings[19], std::string(19, 'x'));
  std::vector<bool> bools;
  reader.ReadList(CompactType::kBoolTrue, [&] { bools.push_back(reader.ReadBoolElement()); });
  EXPECT_EQ(bools, (std::vector<bool>{true, false}));
  EXPECT_EQ(reader.remaining(), 0u);

  // Element type 2 (the specification's BOOL) and false written as 0 are read too.
  std::string spec_form = Hex({0x32, 0x01, 0x00, 0x02});
  CompactReader spec_reader(Bytes(spec_form), spec_form.size(), "test");
  bools.clear();
  spec_reader.ReadList(CompactType::kBoolTrue,
                       [&] { bools.push_back(spec_reader.ReadBoolElement()); });
  EXPECT_EQ(bools, (std::vector<bool>{true, false, false}));
}

TEST(ParquetThriftCompact, SkipsUnknownFieldsOfEveryType) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.WriteBoolField(1, true);
  writer.WriteI8Field(2, 5);
  writer.WriteI16Field(3, -300);
  writer.WriteI32Field(4, 1 << 30);
  writer.WriteI64Field(5, int64_t{1} << 50);
  writer.WriteDoubleField(6, 2.5);
  writer.WriteBinaryField(7, "hello");
  writer.BeginListField(8, CompactType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    writer.BeginStruct();
    writer.WriteBinaryField(1, "nested");
    writer.BeginListField(2, CompactType::kBoolTrue, 1);
    writer.WriteBoolElement(true);
    writer.EndStruct();
  }
  // A set<double>, a map<string, list<i32>>, an empty map and a uuid, by hand.
  out += Hex({0x1A, 0x17});  // field 9: set of 1 double
  out += std::string(8, '\0');
  out += Hex({0x1B, 0x02, 0x89});  // field 10: map of 2, binary -> list
  out += Hex({0x01, 'a', 0x15, 0x02, 0x01, 'b', 0x05});
  out += Hex({0x1B, 0x00});  // field 11: empty map
  out += Hex({0x1D}) + std::string(16, '\x42');  // field 12: uuid
  writer.BeginStructField(13);
  writer.WriteDoubleField(1, 1.0);
  writer.EndStruct();
  writer.WriteI32Field(100, 42);  // the one field we want, after all the others
  writer.EndStruct();

  CompactReader reader(Bytes(out), out.size(), "test");
  int32_t wanted = 0;
  int fields = 0;
  reader.ReadStruct([&](const FieldHeader& field) {
    ++fields;
    if (field.id != 100) return false;
    wanted = reader.ReadI32(field.type);
    return true;
  });
  EXPECT_EQ(fields, 14);
  EXPECT_EQ(wanted, 42);
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(ParquetThriftCompact, ReadsNarrowerIntegersAndChecksTypes) {
  std::string out;
  CompactWriter writer(&out);
  writer.BeginStruct();
  writer.WriteI8Field(1, -5);
  writer.WriteI32Field(2, 77);
  writer.WriteBinaryField(3, "x");
  writer.EndStruct();
  CompactReader reader(Bytes(out), out.size(), "test");
  int64_t first = 0, second = 0;
  ExpectFormatError(
      [&] {
        reader.ReadStruct([&](const FieldHeader& field) {
          if (field.id == 1) first = reader.ReadI64(field.type);
          if (field.id == 2) second = reader.ReadI64(field.type);
          if (field.id == 3) reader.ReadI32(field.type);
          return true;
        });
      },
      "test: field has type binary, expected i32");
  EXPECT_EQ(first, -5);
  EXPECT_EQ(second, 77);
}

TEST(ParquetThriftCompact, MalformedContainers) {
  auto skip_all = [](const std::string& bytes) {
    CompactReader reader(Bytes(bytes), bytes.size(), "test");
    reader.ReadStruct([](const FieldHeader&) { return false; });
  };
  // A list claiming 2e9 elements in a few bytes; 4e9 (beyond int32).
  std::string huge = Hex({0x19, 0xFC});
  AppendVarint(2000000000, &huge);
  huge += std::string(100, '\0');
  ExpectFormatError([&] { skip_all(huge); },
                    "list of 2000000000 elements exceeds the 100 bytes left");
  std::string huger = Hex({0x19, 0xF5});
  AppendVarint(4000000000u, &huger);
  ExpectFormatError([&] { skip_all(huger); }, "too long");
  // A list of doubles needs 8 bytes per element.
  ExpectFormatError([&] { skip_all(Hex({0x19, 0x37, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})); },
                    "list of 3 elements exceeds");
  // Binary longer than what is left; a map too large; a bad element type.
  ExpectFormatError([&] { skip_all(Hex({0x18, 0x7F, 'a', 'b', 0x00})); },
                    "binary of 127 bytes exceeds the 3 bytes left");
  ExpectFormatError([&] { skip_all(Hex({0x1B, 0x7F, 0x88, 0x00})); }, "map of 127 pairs");
  ExpectFormatError([&] { skip_all(Hex({0x19, 0x1E, 0x00, 0x00})); }, "invalid element type 14");
  ExpectFormatError([&] { skip_all(Hex({0x1F, 0x00})); }, "invalid field type 15");
  // Truncated struct (no stop field).
  ExpectFormatError([&] { skip_all(Hex({0x15, 0x02})); }, "truncated");
  ExpectFormatError([&] { skip_all(""); }, "truncated");
  // Nesting: 100 structs in structs, and 100 lists in lists.
  std::string deep_structs(100, '\x1C');
  deep_structs += std::string(101, '\0');
  ExpectFormatError([&] { skip_all(deep_structs); }, "nested deeper than 64");
  std::string deep_lists = Hex({0x19});
  for (int i = 0; i < 100; ++i) deep_lists += Hex({0x19});
  deep_lists += std::string(10, '\0');
  ExpectFormatError([&] { skip_all(deep_lists); }, "nested deeper than 64");
  // Just under the limit is fine.
  std::string ok(60, '\x1C');
  ok += std::string(61, '\0');
  EXPECT_NO_THROW(skip_all(ok));
}

// ---- Parquet metadata --------------------------------------------------------------

Statistics FullStatistics() {
  Statistics stats;
  stats.max = std::string("\x01\x02", 2);
  stats.min = std::string("\0", 1);
  stats.null_count = 3;
  stats.distinct_count = 44;
  stats.max_value = "zebra";
  stats.min_value = "";
  stats.is_max_value_exact = true;
  stats.is_min_value_exact = false;
  return stats;
}

void ExpectStatistics(const Statistics& stats) {
  EXPECT_EQ(stats.max, std::string("\x01\x02", 2));
  EXPECT_EQ(stats.min, std::string("\0", 1));
  EXPECT_EQ(stats.null_count, 3);
  EXPECT_EQ(stats.distinct_count, 44);
  EXPECT_EQ(stats.max_value, "zebra");
  EXPECT_EQ(stats.min_value, "");
  EXPECT_EQ(stats.is_max_value_exact, true);
  EXPECT_EQ(stats.is_min_value_exact, false);
}

SchemaElement Leaf(const std::string& name, PhysicalType type, LogicalType logical) {
  SchemaElement element;
  element.name = name;
  element.type = type;
  element.repetition_type = Repetition::kOptional;
  element.logical_type = logical;
  return element;
}

FileMetaData FullFileMetaData() {
  FileMetaData metadata;
  metadata.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 6;
  metadata.schema.push_back(root);
  LogicalType decimal;
  decimal.kind = LogicalType::Kind::kDecimal;
  decimal.scale = 2;
  decimal.precision = 20;
  SchemaElement amount = Leaf("amount", PhysicalType::kFixedLenByteArray, decimal);
  amount.type_length = 9;
  amount.converted_type = ConvertedType::kDecimal;
  amount.scale = 2;
  amount.precision = 20;
  amount.field_id = 17;
  amount.repetition_type = Repetition::kRequired;
  metadata.schema.push_back(amount);
  LogicalType timestamp;
  timestamp.kind = LogicalType::Kind::kTimestamp;
  timestamp.is_adjusted_to_utc = true;
  timestamp.unit = TimeUnit::kNanos;
  metadata.schema.push_back(Leaf("at", PhysicalType::kInt64, timestamp));
  LogicalType time;
  time.kind = LogicalType::Kind::kTime;
  time.is_adjusted_to_utc = false;
  time.unit = TimeUnit::kMillis;
  metadata.schema.push_back(Leaf("time", PhysicalType::kInt32, time));
  LogicalType integer;
  integer.kind = LogicalType::Kind::kInteger;
  integer.bit_width = 16;
  integer.is_signed = false;
  metadata.schema.push_back(Leaf("small", PhysicalType::kInt32, integer));
  LogicalType string;
  string.kind = LogicalType::Kind::kString;
  metadata.schema.push_back(Leaf("name", PhysicalType::kByteArray, string));
  metadata.schema.push_back(Leaf("plain", PhysicalType::kBoolean, LogicalType{}));
  metadata.num_rows = int64_t{1} << 40;

  RowGroup group;
  group.total_byte_size = 123456;
  group.num_rows = 1000;
  group.file_offset = 4;
  group.total_compressed_size = 9999;
  group.ordinal = 3;
  group.sorting_columns.push_back(SortingColumn{2, true, false});
  group.sorting_columns.push_back(SortingColumn{0, false, true});
  ColumnChunk full;
  full.file_path = "other.parquet";
  full.file_offset = 77;
  full.offset_index_offset = 1000;
  full.offset_index_length = 20;
  full.column_index_offset = 1020;
  full.column_index_length = 30;
  ColumnMetaData meta;
  meta.type = PhysicalType::kByteArray;
  meta.encodings = {Encoding::kPlain, Encoding::kRleDictionary, Encoding::kRle};
  meta.path_in_schema = {"a", "b"};
  meta.codec = Codec::kZstd;
  meta.num_values = 1000;
  meta.total_uncompressed_size = 50000;
  meta.total_compressed_size = 20000;
  meta.key_value_metadata.push_back(KeyValue{"k", std::string("v")});
  meta.key_value_metadata.push_back(KeyValue{"only key", std::nullopt});
  meta.data_page_offset = 4000;
  meta.index_page_offset = 3000;
  meta.dictionary_page_offset = 4;
  meta.statistics = FullStatistics();
  meta.encoding_stats.push_back(PageEncodingStats{PageType::kDictionaryPage, Encoding::kPlain, 1});
  meta.encoding_stats.push_back(
      PageEncodingStats{PageType::kDataPage, Encoding::kRleDictionary, 5});
  meta.bloom_filter_offset = 60000;
  meta.bloom_filter_length = 1024;
  full.meta_data = meta;
  group.columns.push_back(full);
  ColumnChunk minimal;  // no metadata, only the required file_offset
  group.columns.push_back(minimal);
  metadata.row_groups.push_back(group);
  metadata.row_groups.push_back(RowGroup{});
  metadata.key_value_metadata.push_back(KeyValue{"ARROW:schema", std::string(300, 'x')});
  metadata.created_by = "sluice version 0.1";
  metadata.column_orders.resize(6);
  metadata.column_orders[5].type_defined_order = false;
  return metadata;
}

TEST(ParquetMetadata, FileMetaDataRoundTripsEveryField) {
  std::string bytes;
  EncodeFileMetaData(FullFileMetaData(), &bytes);
  FileMetaData metadata = DecodeFileMetaData(Bytes(bytes), bytes.size());
  std::string again;
  EncodeFileMetaData(metadata, &again);
  EXPECT_EQ(again, bytes);

  EXPECT_EQ(metadata.version, 2);
  EXPECT_EQ(metadata.num_rows, int64_t{1} << 40);
  ASSERT_EQ(metadata.schema.size(), 7u);
  const SchemaElement& root = metadata.schema[0];
  EXPECT_EQ(root.name, "schema");
  EXPECT_EQ(root.num_children, 6);
  EXPECT_FALSE(root.type.has_value());
  EXPECT_FALSE(root.repetition_type.has_value());
  EXPECT_FALSE(root.logical_type.has_value());
  const SchemaElement& amount = metadata.schema[1];
  EXPECT_EQ(amount.type, PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(amount.type_length, 9);
  EXPECT_EQ(amount.repetition_type, Repetition::kRequired);
  EXPECT_EQ(amount.converted_type, ConvertedType::kDecimal);
  EXPECT_EQ(amount.scale, 2);
  EXPECT_EQ(amount.precision, 20);
  EXPECT_EQ(amount.field_id, 17);
  EXPECT_FALSE(amount.num_children.has_value());
  EXPECT_EQ(amount.logical_type.kind, LogicalType::Kind::kDecimal);
  EXPECT_EQ(amount.logical_type.scale, 2);
  EXPECT_EQ(amount.logical_type.precision, 20);
  EXPECT_EQ(metadata.schema[2].logical_type.kind, LogicalType::Kind::kTimestamp);
  EXPECT_TRUE(metadata.schema[2].logical_type.is_adjusted_to_utc);
  EXPECT_EQ(metadata.schema[2].logical_type.unit, TimeUnit::kNanos);
  EXPECT_EQ(metadata.schema[3].logical_type.kind, LogicalType::Kind::kTime);
  EXPECT_FALSE(metadata.schema[3].logical_type.is_adjusted_to_utc);
  EXPECT_EQ(metadata.schema[3].logical_type.unit, TimeUnit::kMillis);
  EXPECT_EQ(metadata.schema[4].logical_type.kind, LogicalType::Kind::kInteger);
  EXPECT_EQ(metadata.schema[4].logical_type.bit_width, 16);
  EXPECT_FALSE(metadata.schema[4].logical_type.is_signed);
  EXPECT_EQ(metadata.schema[5].logical_type.kind, LogicalType::Kind::kString);
  EXPECT_EQ(metadata.schema[5].repetition_type, Repetition::kOptional);
  EXPECT_FALSE(metadata.schema[6].logical_type.has_value());

  ASSERT_EQ(metadata.row_groups.size(), 2u);
  const RowGroup& group = metadata.row_groups[0];
  EXPECT_EQ(group.total_byte_size, 123456);
  EXPECT_EQ(group.num_rows, 1000);
  EXPECT_EQ(group.file_offset, 4);
  EXPECT_EQ(group.total_compressed_size, 9999);
  EXPECT_EQ(group.ordinal, 3);
  ASSERT_EQ(group.sorting_columns.size(), 2u);
  EXPECT_EQ(group.sorting_columns[0].column_idx, 2);
  EXPECT_TRUE(group.sorting_columns[0].descending);
  EXPECT_FALSE(group.sorting_columns[0].nulls_first);
  EXPECT_TRUE(group.sorting_columns[1].nulls_first);
  ASSERT_EQ(group.columns.size(), 2u);
  const ColumnChunk& chunk = group.columns[0];
  EXPECT_EQ(chunk.file_path, "other.parquet");
  EXPECT_EQ(chunk.file_offset, 77);
  EXPECT_EQ(chunk.offset_index_offset, 1000);
  EXPECT_EQ(chunk.offset_index_length, 20);
  EXPECT_EQ(chunk.column_index_offset, 1020);
  EXPECT_EQ(chunk.column_index_length, 30);
  ASSERT_TRUE(chunk.meta_data.has_value());
  const ColumnMetaData& meta = *chunk.meta_data;
  EXPECT_EQ(meta.type, PhysicalType::kByteArray);
  EXPECT_EQ(meta.encodings,
            (std::vector<Encoding>{Encoding::kPlain, Encoding::kRleDictionary, Encoding::kRle}));
  EXPECT_EQ(meta.path_in_schema, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(meta.codec, Codec::kZstd);
  EXPECT_EQ(meta.num_values, 1000);
  EXPECT_EQ(meta.total_uncompressed_size, 50000);
  EXPECT_EQ(meta.total_compressed_size, 20000);
  ASSERT_EQ(meta.key_value_metadata.size(), 2u);
  EXPECT_EQ(meta.key_value_metadata[0].key, "k");
  EXPECT_EQ(meta.key_value_metadata[0].value, "v");
  EXPECT_FALSE(meta.key_value_metadata[1].value.has_value());
  EXPECT_EQ(meta.data_page_offset, 4000);
  EXPECT_EQ(meta.index_page_offset, 3000);
  EXPECT_EQ(meta.dictionary_page_offset, 4);
  ASSERT_TRUE(meta.statistics.has_value());
  ExpectStatistics(*meta.statistics);
  ASSERT_EQ(meta.encoding_stats.size(), 2u);
  EXPECT_EQ(meta.encoding_stats[1].page_type, PageType::kDataPage);
  EXPECT_EQ(meta.encoding_stats[1].encoding, Encoding::kRleDictionary);
  EXPECT_EQ(meta.encoding_stats[1].count, 5);
  EXPECT_EQ(meta.bloom_filter_offset, 60000);
  EXPECT_EQ(meta.bloom_filter_length, 1024);
  const ColumnChunk& minimal = group.columns[1];
  EXPECT_FALSE(minimal.meta_data.has_value());
  EXPECT_FALSE(minimal.file_path.has_value());
  EXPECT_FALSE(minimal.offset_index_offset.has_value());
  const RowGroup& empty_group = metadata.row_groups[1];
  EXPECT_TRUE(empty_group.columns.empty());
  EXPECT_FALSE(empty_group.file_offset.has_value());
  EXPECT_FALSE(empty_group.ordinal.has_value());

  ASSERT_EQ(metadata.key_value_metadata.size(), 1u);
  EXPECT_EQ(metadata.key_value_metadata[0].value, std::string(300, 'x'));
  EXPECT_EQ(metadata.created_by, "sluice version 0.1");
  ASSERT_EQ(metadata.column_orders.size(), 6u);
  EXPECT_TRUE(metadata.column_orders[0].type_defined_order);
  EXPECT_FALSE(metadata.column_orders[5].type_defined_order);
}

TEST(ParquetMetadata, MinimalFileMetaData) {
  FileMetaData empty;
  std::string bytes;
  EncodeFileMetaData(empty, &bytes);
  // version 1, empty schema list, num_rows 0, empty row group list, stop.
  EXPECT_EQ(bytes, Hex({0x15, 0x02, 0x19, 0x0C, 0x16, 0x00, 0x19, 0x0C, 0x00}));
  FileMetaData decoded = DecodeFileMetaData(Bytes(bytes), bytes.size());
  EXPECT_EQ(decoded.version, 1);
  EXPECT_TRUE(decoded.schema.empty());
  EXPECT_FALSE(decoded.created_by.has_value());
  EXPECT_TRUE(decoded.column_orders.empty());
}

TEST(ParquetMetadata, PageHeaderFromHandMadeBytes) {
  // DATA_PAGE, sizes 100/100, data page header {10 values, PLAIN, RLE, RLE}, then the
  // page body.
  std::string bytes = Hex({0x15, 0x00, 0x15, 0xC8, 0x01, 0x15, 0xC8, 0x01, 0x2C, 0x15, 0x14,
                           0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00}) +
                      "body";
  size_t header_size = 0;
  PageHeader header = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
  EXPECT_EQ(header_size, bytes.size() - 4);
  EXPECT_EQ(header.type, PageType::kDataPage);
  EXPECT_EQ(header.uncompressed_page_size, 100);
  EXPECT_EQ(header.compressed_page_size, 100);
  EXPECT_FALSE(header.crc.has_value());
  ASSERT_TRUE(header.data_page_header.has_value());
  EXPECT_EQ(header.data_page_header->num_values, 10);
  EXPECT_EQ(header.data_page_header->encoding, Encoding::kPlain);
  EXPECT_EQ(header.data_page_header->definition_level_encoding, Encoding::kRle);
  EXPECT_FALSE(header.data_page_header->statistics.has_value());
  std::string again;
  EncodePageHeader(header, &again);
  EXPECT_EQ(again, bytes.substr(0, header_size));
}

TEST(ParquetMetadata, PageHeadersRoundTrip) {
  PageHeader v1;
  v1.type = PageType::kDataPage;
  v1.uncompressed_page_size = 1 << 20;
  v1.compressed_page_size = 12345;
  v1.crc = -559038737;
  v1.data_page_header = DataPageHeader{100, Encoding::kRleDictionary, Encoding::kRle,
                                       Encoding::kBitPacked, FullStatistics()};
  PageHeader dictionary;
  dictionary.type = PageType::kDictionaryPage;
  dictionary.dictionary_page_header = DictionaryPageHeader{7, Encoding::kPlainDictionary, true};
  PageHeader dictionary_unsorted = dictionary;
  dictionary_unsorted.dictionary_page_header->is_sorted.reset();
  PageHeader v2;
  v2.type = PageType::kDataPageV2;
  v2.data_page_header_v2 =
      DataPageHeaderV2{50, 3, 20, Encoding::kDeltaBinaryPacked, 11, 22, false, Statistics{}};
  PageHeader v2_default = v2;
  v2_default.data_page_header_v2->statistics.reset();
  v2_default.data_page_header_v2->is_compressed = true;

  for (const PageHeader& header : {v1, dictionary, dictionary_unsorted, v2, v2_default}) {
    std::string bytes;
    EncodePageHeader(header, &bytes);
    size_t header_size = 0;
    PageHeader decoded = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
    EXPECT_EQ(header_size, bytes.size());
    std::string again;
    EncodePageHeader(decoded, &again);
    EXPECT_EQ(again, bytes);
    EXPECT_EQ(decoded.type, header.type);
    EXPECT_EQ(decoded.crc, header.crc);
    EXPECT_EQ(decoded.data_page_header.has_value(), header.data_page_header.has_value());
    EXPECT_EQ(decoded.dictionary_page_header.has_value(),
              header.dictionary_page_header.has_value());
    EXPECT_EQ(decoded.data_page_header_v2.has_value(), header.data_page_header_v2.has_value());
  }
  std::string bytes;
  EncodePageHeader(v1, &bytes);
  size_t header_size;
  PageHeader decoded = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
  EXPECT_EQ(decoded.crc, -559038737);
  EXPECT_EQ(decoded.data_page_header->repetition_level_encoding, Encoding::kBitPacked);
  ExpectStatistics(*decoded.data_page_header->statistics);

  bytes.clear();
  EncodePageHeader(v2, &bytes);
  decoded = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
  const DataPageHeaderV2& page = *decoded.data_page_header_v2;
  EXPECT_EQ(page.num_values, 50);
  EXPECT_EQ(page.num_nulls, 3);
  EXPECT_EQ(page.num_rows, 20);
  EXPECT_EQ(page.encoding, Encoding::kDeltaBinaryPacked);
  EXPECT_EQ(page.definition_levels_byte_length, 11);
  EXPECT_EQ(page.repetition_levels_byte_length, 22);
  EXPECT_FALSE(page.is_compressed);
  ASSERT_TRUE(page.statistics.has_value());
  EXPECT_FALSE(page.statistics->null_count.has_value());

  bytes.clear();
  EncodePageHeader(dictionary, &bytes);
  decoded = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
  EXPECT_EQ(decoded.dictionary_page_header->num_values, 7);
  EXPECT_EQ(decoded.dictionary_page_header->encoding, Encoding::kPlainDictionary);
  EXPECT_EQ(decoded.dictionary_page_header->is_sorted, true);
}

TEST(ParquetMetadata, DataPageV2IsCompressedDefaultsToTrue) {
  // V2 header without field 7.
  std::string bytes = Hex({0x15, 0x06, 0x15, 0x02, 0x15, 0x02, 0x5C, 0x15, 0x02, 0x15, 0x00,
                           0x15, 0x02, 0x15, 0x00, 0x15, 0x00, 0x15, 0x00, 0x00, 0x00});
  size_t header_size;
  PageHeader header = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
  ASSERT_TRUE(header.data_page_header_v2.has_value());
  EXPECT_TRUE(header.data_page_header_v2->is_compressed);
  EXPECT_EQ(header.type, PageType::kDataPageV2);
}

TEST(ParquetMetadata, PageIndexRoundTrips) {
  ColumnIndex index;
  index.null_pages = {false, true, false};
  index.min_values = {"a", "", "m"};
  index.max_values = {"f", "", "z"};
  index.boundary_order = BoundaryOrder::kAscending;
  index.null_counts = {0, 10, 2};
  std::string bytes;
  EncodeColumnIndex(index, &bytes);
  ColumnIndex decoded = DecodeColumnIndex(Bytes(bytes), bytes.size());
  EXPECT_EQ(decoded.null_pages, index.null_pages);
  EXPECT_EQ(decoded.min_values, index.min_values);
  EXPECT_EQ(decoded.max_values, index.max_values);
  EXPECT_EQ(decoded.boundary_order, BoundaryOrder::kAscending);
  EXPECT_EQ(decoded.null_counts, index.null_counts);
  index.null_counts.clear();
  bytes.clear();
  EncodeColumnIndex(index, &bytes);
  EXPECT_TRUE(DecodeColumnIndex(Bytes(bytes), bytes.size()).null_counts.empty());

  OffsetIndex offsets;
  offsets.page_locations = {{4, 100, 0}, {104, 200, 50}, {int64_t{1} << 33, 7, 1 << 30}};
  offsets.unencoded_byte_array_data_bytes = {5, 6, 7};
  bytes.clear();
  EncodeOffsetIndex(offsets, &bytes);
  OffsetIndex decoded_offsets = DecodeOffsetIndex(Bytes(bytes), bytes.size());
  ASSERT_EQ(decoded_offsets.page_locations.size(), 3u);
  EXPECT_EQ(decoded_offsets.page_locations[2].offset, int64_t{1} << 33);
  EXPECT_EQ(decoded_offsets.page_locations[2].compressed_page_size, 7);
  EXPECT_EQ(decoded_offsets.page_locations[2].first_row_index, 1 << 30);
  EXPECT_EQ(decoded_offsets.page_locations[1].offset, 104);
  EXPECT_EQ(decoded_offsets.unencoded_byte_array_data_bytes, offsets.unencoded_byte_array_data_bytes);
  offsets.unencoded_byte_array_data_bytes.clear();
  bytes.clear();
  EncodeOffsetIndex(offsets, &bytes);
  EXPECT_TRUE(DecodeOffsetIndex(Bytes(bytes), bytes.size()).unencoded_byte_array_data_bytes.empty());
}

TEST(ParquetMetadata, KeepsUnknownEnumValuesAndLogicalTypes) {
  FileMetaData metadata;
  SchemaElement element;
  element.name = "v";
  element.type = static_cast<PhysicalType>(42);
  element.repetition_type = static_cast<Repetition>(3);  // VECTOR, newer than Sluice
  element.logical_type.kind = static_cast<LogicalType::Kind>(16);  // VARIANT
  metadata.schema.push_back(element);
  std::string bytes;
  EncodeFileMetaData(metadata, &bytes);
  FileMetaData decoded = DecodeFileMetaData(Bytes(bytes), bytes.size());
  EXPECT_EQ(static_cast<int>(*decoded.schema[0].type), 42);
  EXPECT_EQ(static_cast<int>(*decoded.schema[0].repetition_type), 3);
  EXPECT_EQ(static_cast<int>(decoded.schema[0].logical_type.kind), 16);

  PageHeader header;
  header.type = static_cast<PageType>(9);
  header.data_page_header = DataPageHeader{};
  header.data_page_header->encoding = static_cast<Encoding>(10);  // ALP
  bytes.clear();
  EncodePageHeader(header, &bytes);
  size_t header_size;
  PageHeader decoded_header = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
  EXPECT_EQ(static_cast<int>(decoded_header.type), 9);
  EXPECT_EQ(static_cast<int>(decoded_header.data_page_header->encoding), 10);
}

TEST(ParquetMetadata, SkipsFieldsSluiceDoesNotKnow) {
  // A page header with an index page header (6), a future field 20 (list of i32) and a
  // statistics struct holding nan_count (9), as newer writers produce.
  std::string bytes;
  CompactWriter writer(&bytes);
  writer.BeginStruct();
  writer.WriteI32Field(1, 2);
  writer.WriteI32Field(2, 10);
  writer.WriteI32Field(3, 10);
  writer.BeginStructField(6);
  writer.EndStruct();
  writer.BeginStructField(7);
  writer.WriteI32Field(1, 3);
  writer.WriteI32Field(2, 0);
  writer.EndStruct();
  writer.BeginListField(20, CompactType::kI32, 2);
  writer.WriteI32Element(1);
  writer.WriteI32Element(2);
  writer.EndStruct();
  size_t header_size;
  PageHeader header = DecodePageHeader(Bytes(bytes), bytes.size(), &header_size);
  EXPECT_EQ(header.type, PageType::kDictionaryPage);
  ASSERT_TRUE(header.dictionary_page_header.has_value());
  EXPECT_EQ(header.dictionary_page_header->num_values, 3);
  EXPECT_EQ(header_size, bytes.size());

  ColumnIndex index;
  index.null_pages = {false};
  index.min_values = {"a"};
  index.max_values = {"b"};
  bytes.clear();
  EncodeColumnIndex(index, &bytes);
  bytes.pop_back();  // reopen the struct: add nan_counts (8) after boundary_order (4)
  bytes += Hex({0x49, 0x16, 0x00, 0x00});
  EXPECT_EQ(DecodeColumnIndex(Bytes(bytes), bytes.size()).null_pages.size(), 1u);
}

TEST(ParquetMetadata, RequiredFieldsMissing) {
  // A page header with only the sizes.
  std::string bytes = Hex({0x25, 0x02, 0x15, 0x02, 0x00});
  size_t header_size;
  ExpectFormatError([&] { DecodePageHeader(Bytes(bytes), bytes.size(), &header_size); },
                    "page header: required field 'type' missing");
  // A data page header without its encodings.
  bytes = Hex({0x15, 0x00, 0x15, 0x02, 0x15, 0x02, 0x2C, 0x15, 0x02, 0x00, 0x00});
  ExpectFormatError([&] { DecodePageHeader(Bytes(bytes), bytes.size(), &header_size); },
                    "page header: data page header: required field 'encoding' missing");
  // A schema element without a name.
  FileMetaData metadata;
  metadata.schema.emplace_back();
  std::string footer;
  EncodeFileMetaData(metadata, &footer);
  footer[4] = 0x00;  // turn the name field's header (id 4, binary) into a stop...
  ExpectFormatError([&] { DecodeFileMetaData(Bytes(footer), footer.size()); },
                    "required field 'name' missing");
  ExpectFormatError([&] { DecodeFileMetaData(Bytes(Hex({0x00})), 1); },
                    "file metadata: required field 'version' missing");
  ExpectFormatError([&] { DecodeOffsetIndex(Bytes(Hex({0x00})), 1); },
                    "offset index: required field 'page_locations' missing");
  ExpectFormatError([&] { DecodeColumnIndex(Bytes(Hex({0x00})), 1); },
                    "column index: required field 'null_pages' missing");
  // A decimal logical type without its precision.
  metadata.schema[0].name = "d";
  metadata.schema[0].logical_type.kind = LogicalType::Kind::kDecimal;
  footer.clear();
  EncodeFileMetaData(metadata, &footer);
  std::string precision_field = Hex({0x15, 0x00, 0x00});  // precision 0, stop (decimal)
  size_t at = footer.find(precision_field);
  ASSERT_NE(at, std::string::npos);
  footer.erase(at, 2);
  ExpectFormatError([&] { DecodeFileMetaData(Bytes(footer), footer.size()); },
                    "decimal type: required field 'precision' missing");
}

TEST(ParquetMetadata, EveryTruncationIsAFormatError) {
  std::string bytes;
  EncodeFileMetaData(FullFileMetaData(), &bytes);
  for (size_t size = 0; size < bytes.size(); ++size) {
    std::string prefix = bytes.substr(0, size);  // its own allocation, for ASan
    EXPECT_THROW(DecodeFileMetaData(Bytes(prefix), prefix.size()), FormatError) << size;
  }
  PageHeader header;
  header.data_page_header = DataPageHeader{5, Encoding::kPlain, Encoding::kRle, Encoding::kRle,
                                           FullStatistics()};
  bytes.clear();
  EncodePageHeader(header, &bytes);
  for (size_t size = 0; size < bytes.size(); ++size) {
    std::string prefix = bytes.substr(0, size);
    size_t header_size;
    EXPECT_THROW(DecodePageHeader(Bytes(prefix), prefix.size(), &header_size), FormatError)
        << size;
  }
}

TEST(ParquetMetadata, HugeListInFooterIsRejectedBeforeAllocating) {
  // version 1, then a schema list claiming 4e9 - 1 ... and 2e9 elements.
  std::string bytes = Hex({0x15, 0x02, 0x19, 0xFC});
  AppendVarint(2000000000, &bytes);
  bytes += std::string(100, '\0');
  ExpectFormatError([&] { DecodeFileMetaData(Bytes(bytes), bytes.size()); },
                    "file metadata: list of 2000000000 elements exceeds the 100 bytes left");
}

TEST(ParquetMetadata, WrongFieldTypeIsAFormatError) {
  // PageHeader.type (1) as a binary.
  std::string bytes = Hex({0x18, 0x01, 'x', 0x00});
  size_t header_size;
  ExpectFormatError([&] { DecodePageHeader(Bytes(bytes), bytes.size(), &header_size); },
                    "page header: field has type binary, expected i32");
}

}  // namespace
}  // namespace sluice::parquet
