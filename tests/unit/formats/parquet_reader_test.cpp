// The Parquet reader against files DuckDB wrote (tests/data/parquet, see generate.cjs),
// compared row by row with DuckDB's own rendering; predicates; corrupt files; INT96 and
// Hadoop-framed LZ4 files built here from the metadata encoders.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/error.h"
#include "core/value_format.h"
#include "formats/parquet/codec.h"
#include "formats/parquet/metadata_io.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/writer.h"
#include "io/compression.h"

namespace sluice::parquet {
namespace {

using Row = std::vector<std::optional<std::string>>;

std::string DataPath(const std::string& name) { return std::string(SLUICE_TEST_DATA_DIR) + "/parquet/" + name; }

/// The text the generator asked DuckDB for (see generate.cjs, renderSql).
std::string Render(const Vector& vector, size_t row) {
  std::string out;
  switch (vector.type().id()) {
    case TypeId::kTimestamp: AppendTimestamp(&out, vector.data<int64_t>()[row], FractionStyle::kFixed); break;
    case TypeId::kTimestampTz:
      AppendTimestamp(&out, vector.data<TimestampTz>()[row].micros, FractionStyle::kFixed);
      break;
    case TypeId::kVarbinary: AppendHex(&out, vector.GetString(row)); break;
    case TypeId::kReal: AppendDouble(&out, vector.data<float>()[row]); break;
    default: AppendValue(&out, vector, row, TextStyle{}); break;
  }
  return out;
}

struct ReadResult {
  Schema schema;
  std::vector<Row> rows;
  formats::ReadStats stats;
  ParquetScanCounters counters;
};

ReadResult ReadAll(const std::string& path, const ParquetReadOptions& options = {}) {
  auto reader = OpenParquetReader(path, options);
  ReadResult result;
  result.schema = reader->schema();
  Chunk chunk;
  while (reader->Next(&chunk)) {
    EXPECT_LE(chunk.size(), kChunkCapacity);
    for (size_t r = 0; r < chunk.size(); ++r) {
      Row row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) {
        const Vector& vector = chunk.column(c);
        if (vector.IsNull(r)) {
          row.push_back(std::nullopt);
        } else {
          row.push_back(Render(vector, r));
        }
      }
      result.rows.push_back(std::move(row));
    }
  }
  result.stats = reader->stats();
  result.counters = GetScanCounters(*reader);
  return result;
}

std::vector<Row> LoadExpected(const std::string& name) {
  auto stream = io::OpenInputStream(DataPath(name));
  std::string text;
  char buffer[65536];
  while (size_t n = stream->Read(buffer, sizeof(buffer))) text.append(buffer, n);
  std::vector<Row> rows;
  simdjson::dom::parser parser;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) {
      simdjson::dom::element line = parser.parse(text.data() + start, end - start);
      Row row;
      for (simdjson::dom::element value : line.get_array()) {
        if (value.is_null()) {
          row.push_back(std::nullopt);
        } else {
          row.push_back(std::string(std::string_view(value.get_string())));
        }
      }
      rows.push_back(std::move(row));
    }
    start = end + 1;
  }
  return rows;
}

bool SameValue(const DataType& type, const std::optional<std::string>& ours,
               const std::optional<std::string>& theirs) {
  if (!ours || !theirs) return ours.has_value() == theirs.has_value();
  if (*ours == *theirs) return true;
  if (type.id() == TypeId::kReal || type.id() == TypeId::kDouble) {
    double a = std::strtod(ours->c_str(), nullptr), b = std::strtod(theirs->c_str(), nullptr);
    if (type.id() == TypeId::kReal) return static_cast<float>(a) == static_cast<float>(b);
    return a == b;
  }
  return false;
}

void ExpectRows(const ReadResult& result, const std::vector<Row>& expected) {
  ASSERT_EQ(result.rows.size(), expected.size());
  size_t failures = 0;
  for (size_t r = 0; r < expected.size() && failures < 10; ++r) {
    ASSERT_EQ(result.rows[r].size(), expected[r].size()) << "row " << r;
    for (size_t c = 0; c < expected[r].size(); ++c) {
      if (!SameValue(result.schema.field(c).type, result.rows[r][c], expected[r][c])) {
        ++failures;
        ADD_FAILURE() << "row " << r << " column " << result.schema.field(c).name << ": got "
                      << result.rows[r][c].value_or("NULL") << ", expected " << expected[r][c].value_or("NULL");
      }
    }
  }
}

class ParquetReaderFileTest : public testing::TestWithParam<std::string> {};

TEST_P(ParquetReaderFileTest, MatchesDuckDB) {
  ReadResult result = ReadAll(DataPath(GetParam() + ".parquet"));
  EXPECT_EQ(result.schema.ToString(),
            Schema({{"id", DataType::Integer()}, {"big", DataType::BigInt()}, {"name", DataType::Varchar()},
                    {"score", DataType::Double()}, {"flag", DataType::Boolean()}, {"text", DataType::Varchar()}})
                .ToString());
  ExpectRows(result, LoadExpected("base.jsonl.gz"));
  EXPECT_EQ(result.stats.rows_read, 1500u);
}

INSTANTIATE_TEST_SUITE_P(Files, ParquetReaderFileTest,
                         testing::Values("codec_snappy", "codec_gzip", "codec_zstd", "codec_lz4_raw",
                                         "codec_brotli", "codec_uncompressed", "v2_delta"));

TEST(ParquetReaderTest, AllTypesMatchDuckDB) {
  for (const char* name : {"types.parquet", "types_v2.parquet"}) {
    SCOPED_TRACE(name);
    ReadResult result = ReadAll(DataPath(name));
    const Schema& schema = result.schema;
    ASSERT_EQ(schema.num_fields(), 24u);
    EXPECT_EQ(schema.field(1).type, DataType::TinyInt());
    EXPECT_EQ(schema.field(2).type, DataType::SmallInt());
    EXPECT_EQ(schema.field(5).type, DataType::SmallInt());   // UINT8
    EXPECT_EQ(schema.field(6).type, DataType::Integer());    // UINT16
    EXPECT_EQ(schema.field(7).type, DataType::BigInt());     // UINT32
    EXPECT_EQ(schema.field(8).type, DataType::Decimal(20, 0));  // UINT64
    EXPECT_EQ(schema.field(9).type, DataType::Real());
    EXPECT_EQ(schema.field(11).type, DataType::Decimal(4, 2));
    EXPECT_EQ(schema.field(14).type, DataType::Decimal(38, 10));
    EXPECT_EQ(schema.field(15).type, DataType::Date());
    EXPECT_EQ(schema.field(16).type, DataType::Timestamp());
    EXPECT_EQ(schema.field(18).type, DataType::TimestampTz());
    EXPECT_EQ(schema.field(19).type, DataType::Varchar());  // TIME
    EXPECT_EQ(schema.field(20).type, DataType::Varchar());  // UUID
    EXPECT_EQ(schema.field(21).type, DataType::Varbinary());
    ExpectRows(result, LoadExpected("types.jsonl.gz"));
    bool time_noticed = false;
    for (const std::string& notice : result.stats.notices) time_noticed |= notice.find("TIME") != std::string::npos;
    EXPECT_TRUE(time_noticed);
  }
}

TEST(ParquetReaderTest, NestedColumnsAreSkippedWithANotice) {
  ReadResult result = ReadAll(DataPath("nested.parquet"));
  ASSERT_EQ(result.schema.num_fields(), 2u);
  EXPECT_EQ(result.schema.field(0).name, "id");
  EXPECT_EQ(result.schema.field(1).name, "tail");
  ExpectRows(result, LoadExpected("nested.jsonl.gz"));
  std::string notices;
  for (const std::string& notice : result.stats.notices) notices += notice + "\n";
  EXPECT_NE(notices.find("'list_col' is a nested column (LIST)"), std::string::npos) << notices;
  EXPECT_NE(notices.find("'map_col' is a nested column (MAP)"), std::string::npos) << notices;
  EXPECT_NE(notices.find("'struct_col' is a nested column (STRUCT)"), std::string::npos) << notices;

  ParquetReadOptions options;
  options.columns = {"list_col"};
  try {
    OpenParquetReader(DataPath("nested.parquet"), options);
    FAIL() << "expected NotImplementedError";
  } catch (const NotImplementedError& error) {
    EXPECT_STREQ(error.what(), "column 'list_col' is a nested column (LIST): nested columns are not supported yet");
  }
  options.columns = {"nope"};
  EXPECT_THROW(OpenParquetReader(DataPath("nested.parquet"), options), InvalidArgumentError);
}

TEST(ParquetReaderTest, SelectsAndReordersColumns) {
  ParquetReadOptions options;
  options.columns = {"text", "ID"};
  ReadResult result = ReadAll(DataPath("codec_zstd.parquet"), options);
  ASSERT_EQ(result.schema.num_fields(), 2u);
  EXPECT_EQ(result.schema.field(0).name, "text");
  EXPECT_EQ(result.schema.field(1).name, "id");
  std::vector<Row> expected = LoadExpected("base.jsonl.gz");
  ASSERT_EQ(result.rows.size(), expected.size());
  for (size_t r = 0; r < expected.size(); ++r) {
    ASSERT_EQ(result.rows[r][0], expected[r][5]);
    ASSERT_EQ(result.rows[r][1], expected[r][0]);
  }
}

/// Rows of sorted.parquet (k = 0..5999 in 3 row groups) that satisfy `keep`.
std::vector<Row> SortedRows(bool (*keep)(int64_t)) {
  std::vector<Row> out;
  for (const Row& row : LoadExpected("sorted.jsonl.gz")) {
    if (keep(std::stoll(*row[0]))) out.push_back(row);
  }
  return out;
}

std::vector<Row> Filter(const std::vector<Row>& rows, bool (*keep)(int64_t)) {
  std::vector<Row> out;
  for (const Row& row : rows) {
    if (keep(std::stoll(*row[0]))) out.push_back(row);
  }
  return out;
}

TEST(ParquetReaderTest, PredicatesSkipRowGroupsAndPagesButKeepMatches) {
  ParquetReadOptions options;
  options.predicates.push_back({"k", CompareOp::kGreaterEqual, ScalarValue::BigInt(4500)});
  ReadResult result = ReadAll(DataPath("sorted.parquet"), options);
  EXPECT_EQ(result.counters.row_groups_total, 3u);
  EXPECT_GE(result.counters.row_groups_skipped, 2u);
  // Every matching row survives, in order; skipped rows were skipped in all columns.
  auto keep = [](int64_t k) { return k >= 4500; };
  EXPECT_EQ(Filter(result.rows, keep), SortedRows(keep));
  EXPECT_LE(result.rows.size(), 6000u - 4096u);

  options.predicates = {{"k", CompareOp::kEqual, ScalarValue::BigInt(100000)}};
  result = ReadAll(DataPath("sorted.parquet"), options);
  EXPECT_TRUE(result.rows.empty());
  EXPECT_EQ(result.counters.row_groups_skipped, 3u);

  options.predicates = {{"maybe_null", CompareOp::kIsNull, ScalarValue()}};
  result = ReadAll(DataPath("sorted.parquet"), options);
  auto null_part = [](int64_t k) { return k >= 5000; };
  EXPECT_EQ(Filter(result.rows, null_part), SortedRows(null_part));
  EXPECT_GE(result.counters.row_groups_skipped, 2u);

  options.predicates = {{"label", CompareOp::kLess, ScalarValue::Varchar("row1")}};
  result = ReadAll(DataPath("sorted.parquet"), options);
  auto row0 = [](int64_t k) { return k == 0; };
  EXPECT_EQ(Filter(result.rows, row0), SortedRows(row0));

  // A decimal constant against a BIGINT column; a predicate on an unread column.
  options.columns = {"label"};
  options.predicates = {{"k", CompareOp::kLess, ScalarValue::Integer(DataType::Decimal(10, 1), 15)}};
  result = ReadAll(DataPath("sorted.parquet"), options);
  ASSERT_GE(result.rows.size(), 2u);
  EXPECT_EQ(*result.rows[0][0], "row0");
  EXPECT_EQ(*result.rows[1][0], "row1");
  EXPECT_LE(result.rows.size(), 2048u);
}

TEST(ParquetReaderTest, StoppingEarlyWaitsForTasks) {
  for (size_t ahead : {1, 3}) {
    ParquetReadOptions options;
    options.max_parallel_row_groups = ahead;
    auto reader = OpenParquetReader(DataPath("sorted.parquet"), options);
    Chunk chunk;
    ASSERT_TRUE(reader->Next(&chunk));
    EXPECT_EQ(chunk.column(1).GetString(0), "row0");
    reader.reset();  // Row groups still decoding must be waited for, not crash.
  }
}

TEST(ParquetReaderTest, MayMatchRules) {
  ValueRange range;
  range.num_rows = 10;
  range.min = ScalarValue::BigInt(5);
  range.max = ScalarValue::BigInt(9);
  range.null_count = 0;
  auto may = [&](CompareOp op, int64_t v) { return MayMatch({"x", op, ScalarValue::BigInt(v)}, range); };
  EXPECT_TRUE(may(CompareOp::kEqual, 5));
  EXPECT_FALSE(may(CompareOp::kEqual, 10));
  EXPECT_FALSE(may(CompareOp::kLess, 5));
  EXPECT_TRUE(may(CompareOp::kLessEqual, 5));
  EXPECT_FALSE(may(CompareOp::kGreater, 9));
  EXPECT_TRUE(may(CompareOp::kGreaterEqual, 9));
  EXPECT_FALSE(MayMatch({"x", CompareOp::kIsNull, ScalarValue()}, range));
  EXPECT_TRUE(MayMatch({"x", CompareOp::kIsNotNull, ScalarValue()}, range));
  EXPECT_FALSE(MayMatch({"x", CompareOp::kEqual, ScalarValue::Null(DataType::BigInt())}, range));
  EXPECT_TRUE(MayMatch({"x", CompareOp::kEqual, ScalarValue::Double(std::nan(""))}, range));
  EXPECT_TRUE(MayMatch({"x", CompareOp::kEqual, ScalarValue::Varchar("abc")}, range));  // Not comparable.
  range.null_count = 10;
  EXPECT_FALSE(may(CompareOp::kEqual, 5));
  EXPECT_FALSE(MayMatch({"x", CompareOp::kIsNotNull, ScalarValue()}, range));
}

TEST(ParquetReaderTest, DescribesTheFile) {
  auto file = ParquetFile::Open(DataPath("sorted.parquet"));
  std::string text = DescribeParquetFile(*file);
  EXPECT_NE(text.find("row groups: 3"), std::string::npos) << text;
  EXPECT_NE(text.find("k bigint"), std::string::npos) << text;
  EXPECT_NE(text.find("ZSTD"), std::string::npos) << text;
  EXPECT_NE(text.find("min 0"), std::string::npos) << text;
  EXPECT_NE(text.find("max row999"), std::string::npos) << text;
  std::string nested = DescribeParquetFile(*ParquetFile::Open(DataPath("nested.parquet")));
  EXPECT_NE(nested.find("list_col (LIST, nested: not readable yet)"), std::string::npos) << nested;
}

// ---- Corrupt files ------------------------------------------------------------------

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string TempPath(const std::string& name) {
  return testing::TempDir() + "/sluice_parquet_" + std::to_string(::getpid()) + "_" + name;
}

void WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Reads every column of `bytes` to the end; returns the error message or "".
std::string TryRead(const std::string& bytes, const std::string& name) {
  std::string path = TempPath(name);
  WriteFileBytes(path, bytes);
  std::string message;
  try {
    ReadAll(path);
  } catch (const Error& error) {
    message = error.what();
  }
  std::remove(path.c_str());
  return message;
}

TEST(ParquetReaderTest, CorruptFootersAreFormatErrors) {
  std::string good = ReadFileBytes(DataPath("codec_snappy.parquet"));
  std::string bad_magic = good;
  bad_magic[bad_magic.size() - 1] = 'X';
  EXPECT_NE(TryRead(bad_magic, "magic.parquet").find("magic bytes"), std::string::npos);
  std::string truncated = good.substr(0, good.size() / 2);
  EXPECT_NE(TryRead(truncated, "cut.parquet").find("cut.parquet"), std::string::npos);
  std::string long_footer = good;
  uint32_t huge = 0x7fffffff;
  std::memcpy(&long_footer[long_footer.size() - 8], &huge, 4);
  EXPECT_NE(TryRead(long_footer, "footer.parquet").find("footer length"), std::string::npos);
  EXPECT_NE(TryRead("PAR1", "tiny.parquet").find("too small"), std::string::npos);
}

TEST(ParquetReaderTest, DamagedPagesNeverCrash) {
  // Flip bytes all over the data section: every outcome is rows or a sluice::Error.
  for (const char* name : {"codec_snappy.parquet", "v2_delta.parquet", "types.parquet", "codec_uncompressed.parquet"}) {
    std::string good = ReadFileBytes(DataPath(name));
    std::mt19937 random(42);
    for (int trial = 0; trial < 40; ++trial) {
      std::string bad = good;
      for (int flips = 0; flips < 4; ++flips) {
        size_t at = 4 + random() % (bad.size() - 12);
        bad[at] = static_cast<char>(random());
      }
      std::string message = TryRead(bad, "flip.parquet");
      if (!message.empty()) {
        EXPECT_NE(message.find("flip.parquet"), std::string::npos) << message;
      }
    }
  }
}

TEST(ParquetReaderTest, CorruptPageNamesRowGroupAndColumn) {
  std::string bytes = ReadFileBytes(DataPath("codec_uncompressed.parquet"));
  auto file = ParquetFile::Open(DataPath("codec_uncompressed.parquet"));
  const ColumnMetaData& meta = *file->metadata().row_groups[0].columns[2].meta_data;  // name
  // Destroy the first page header of column 'name'.
  int64_t start = meta.dictionary_page_offset.value_or(meta.data_page_offset);
  for (int i = 0; i < 6; ++i) bytes[static_cast<size_t>(start) + i] = static_cast<char>(0xff);
  std::string message = TryRead(bytes, "page.parquet");
  EXPECT_NE(message.find("row group 0, column 'name'"), std::string::npos) << message;
}

// ---- Files built here: INT96 and Hadoop-framed LZ4 ------------------------------------

/// A one-column, one-row-group file with a single PLAIN data page of `values`.
std::string BuildFile(SchemaElement leaf, const std::string& plain_values, int32_t num_values, Codec codec,
                      const std::string& compressed_values) {
  std::string file = "PAR1";
  PageHeader header;
  header.type = PageType::kDataPage;
  header.uncompressed_page_size = static_cast<int32_t>(plain_values.size());
  header.compressed_page_size = static_cast<int32_t>(compressed_values.size());
  DataPageHeader data;
  data.num_values = num_values;
  data.encoding = Encoding::kPlain;
  header.data_page_header = data;
  std::string page;
  EncodePageHeader(header, &page);
  page += compressed_values;
  int64_t offset = static_cast<int64_t>(file.size());
  file += page;

  FileMetaData metadata;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  metadata.schema = {root, leaf};
  metadata.num_rows = num_values;
  RowGroup group;
  group.num_rows = num_values;
  ColumnChunk chunk;
  chunk.file_offset = offset;
  ColumnMetaData meta;
  meta.type = *leaf.type;
  meta.encodings = {Encoding::kPlain};
  meta.path_in_schema = {leaf.name};
  meta.codec = codec;
  meta.num_values = num_values;
  meta.total_uncompressed_size = static_cast<int64_t>(page.size());
  meta.total_compressed_size = static_cast<int64_t>(page.size());
  meta.data_page_offset = offset;
  chunk.meta_data = meta;
  group.columns = {chunk};
  group.total_byte_size = static_cast<int64_t>(page.size());
  metadata.row_groups = {group};
  std::string footer;
  EncodeFileMetaData(metadata, &footer);
  file += footer;
  uint32_t length = static_cast<uint32_t>(footer.size());
  file.append(reinterpret_cast<const char*>(&length), 4);
  file += "PAR1";
  return file;
}

TEST(ParquetReaderTest, ReadsInt96Timestamps) {
  SchemaElement leaf;
  leaf.name = "ts";
  leaf.type = PhysicalType::kInt96;
  leaf.repetition_type = Repetition::kRequired;
  std::string values;
  auto add = [&](int64_t nanos_of_day, int32_t julian_day) {
    values.append(reinterpret_cast<const char*>(&nanos_of_day), 8);
    values.append(reinterpret_cast<const char*>(&julian_day), 4);
  };
  add(0, 2440588);                              // 1970-01-01 00:00:00
  add(int64_t{3723} * 1000000000 + 456789, 2460000);  // 2023-02-24 01:02:03.000456
  add(86399999999000, 2440587);                 // 1969-12-31 23:59:59.999999
  std::string path = TempPath("int96.parquet");
  WriteFileBytes(path, BuildFile(leaf, values, 3, Codec::kUncompressed, values));
  ReadResult result = ReadAll(path);
  std::remove(path.c_str());
  ASSERT_EQ(result.schema.field(0).type, DataType::Timestamp());
  EXPECT_FALSE(result.schema.field(0).nullable);
  ASSERT_EQ(result.rows.size(), 3u);
  EXPECT_EQ(*result.rows[0][0], "1970-01-01 00:00:00.000000");
  EXPECT_EQ(*result.rows[1][0], "2023-02-24 01:02:03.000456");
  EXPECT_EQ(*result.rows[2][0], "1969-12-31 23:59:59.999999");
}

TEST(ParquetReaderTest, ReadsHadoopFramedLz4) {
  SchemaElement leaf;
  leaf.name = "v";
  leaf.type = PhysicalType::kInt64;
  leaf.repetition_type = Repetition::kRequired;
  std::string values;
  for (int64_t i = 0; i < 1000; ++i) {
    int64_t v = i * i - 7;
    values.append(reinterpret_cast<const char*>(&v), 8);
  }
  // Hadoop framing: big-endian uncompressed length, big-endian compressed length, block.
  std::string raw;
  Compress(Codec::kLz4Raw, reinterpret_cast<const uint8_t*>(values.data()), values.size(), 0, &raw);
  auto big_endian = [](uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) out[i] = static_cast<char>(v >> (24 - 8 * i));
    return out;
  };
  std::string framed = big_endian(static_cast<uint32_t>(values.size())) +
                       big_endian(static_cast<uint32_t>(raw.size())) + raw;
  std::string path = TempPath("lz4.parquet");
  WriteFileBytes(path, BuildFile(leaf, values, 1000, Codec::kLz4, framed));
  ReadResult result = ReadAll(path);
  std::remove(path.c_str());
  ASSERT_EQ(result.rows.size(), 1000u);
  for (int64_t i = 0; i < 1000; ++i) {
    ASSERT_EQ(*result.rows[static_cast<size_t>(i)][0], std::to_string(i * i - 7));
  }
}

// ---- Files of our own writer: page index, version 2, round trips ------------------

/// Writes 10000 rows (k sorted, s with NULLs, d decimal(20,2), t timestamptz) in pages
/// of 500 rows; returns the path.
std::string WriteSluiceFile(const std::string& name, int writer_version) {
  Schema schema({{"k", DataType::BigInt(), false}, {"s", DataType::Varchar()}, {"d", DataType::Decimal(20, 2)},
                 {"t", DataType::TimestampTz()}});
  std::string path = TempPath(name);
  io::AtomicFileWriter out(path);
  ParquetWriteOptions options;
  options.page_rows = 500;
  options.row_group_rows = 6000;
  options.writer_version = writer_version;
  options.codec = Codec::kZstd;
  auto writer = MakeParquetWriter(&out, schema, options);
  int64_t next = 0;
  while (next < 10000) {
    Chunk chunk(schema.types());
    size_t n = 0;
    for (; n < kChunkCapacity && next < 10000; ++n, ++next) {
      chunk.column(0).data<int64_t>()[n] = next;
      if (next % 7 == 0) {
        chunk.column(1).SetNull(n);
      } else {
        chunk.column(1).SetString(n, "value number " + std::to_string(next % 300));
      }
      chunk.column(2).data<__int128>()[n] = static_cast<__int128>(next) * 1000000007 - 12345;
      chunk.column(3).data<TimestampTz>()[n] = TimestampTz{next * 1000003, 0, 0};
    }
    chunk.set_size(n);
    writer->Write(chunk);
  }
  writer->Finish();
  out.Commit();
  return path;
}

void ExpectSluiceRow(const Row& row, int64_t k) {
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(*row[0], std::to_string(k));
  if (k % 7 == 0) {
    EXPECT_FALSE(row[1].has_value());
  } else {
    EXPECT_EQ(row[1].value_or("NULL"), "value number " + std::to_string(k % 300));
  }
  std::string decimal;
  AppendDecimal(&decimal, static_cast<__int128>(k) * 1000000007 - 12345, 2);
  EXPECT_EQ(*row[2], decimal);
  std::string timestamp;
  AppendTimestamp(&timestamp, k * 1000003, FractionStyle::kFixed);
  EXPECT_EQ(*row[3], timestamp);
}

TEST(ParquetReaderTest, ReadsOurWriterAndUsesItsPageIndex) {
  for (int version : {1, 2}) {
    SCOPED_TRACE(version);
    std::string path = WriteSluiceFile("own_v" + std::to_string(version) + ".parquet", version);
    ReadResult all = ReadAll(path);
    ASSERT_EQ(all.rows.size(), 10000u);
    EXPECT_FALSE(all.schema.field(0).nullable);
    EXPECT_EQ(all.schema.field(2).type, DataType::Decimal(20, 2));
    for (int64_t k = 0; k < 10000; k += 1) ExpectSluiceRow(all.rows[static_cast<size_t>(k)], k);

    ParquetReadOptions options;
    options.predicates = {{"k", CompareOp::kGreaterEqual, ScalarValue::BigInt(4200)},
                          {"k", CompareOp::kLess, ScalarValue::BigInt(4300)},
                          {"s", CompareOp::kIsNotNull, ScalarValue()}};
    ReadResult some = ReadAll(path, options);
    // Row group 1 (6000..9999) by statistics; pages outside 4000..4499 by the index.
    EXPECT_EQ(some.counters.row_groups_skipped, 1u);
    EXPECT_EQ(some.rows.size(), 500u);
    for (size_t i = 0; i < some.rows.size(); ++i) ExpectSluiceRow(some.rows[i], 4000 + static_cast<int64_t>(i));

    options.predicates = {{"k", CompareOp::kEqual, ScalarValue::BigInt(7777)}};
    options.columns = {"t", "s"};
    some = ReadAll(path, options);
    ASSERT_EQ(some.rows.size(), 500u);
    EXPECT_FALSE(some.rows[277][1].has_value());  // 7777 = 7 * 1111
    EXPECT_EQ(some.rows[278][1].value_or("NULL"), "value number " + std::to_string(7778 % 300));

    // Two disjoint page ranges in one row group.
    options.columns = {};
    options.predicates = {{"k", CompareOp::kLess, ScalarValue::BigInt(10)}};
    some = ReadAll(path, options);
    ASSERT_EQ(some.rows.size(), 500u);
    ExpectSluiceRow(some.rows[499], 499);
    std::remove(path.c_str());
  }
}

}  // namespace
}  // namespace sluice::parquet
