// The Redshift UNLOAD ... DELIMITER '|' NULL AS '\N' ESCAPE ADDQUOTES dialect: every
// escape, \N bare / quoted / escaped, escaped line ends across blocks, and sniffing it.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "csv_test_support.h"
#include "formats/csv/reader.h"

namespace sluice::csv {
namespace {

using testing::Joined;
using testing::ReadText;
using testing::TypesOf;

ReadOptions Preset() {
  ReadOptions options;
  options.preset = "redshift-unload";
  return options;
}

TEST(CsvRedshiftTest, PresetDialect) {
  Dialect d = RedshiftUnloadDialect();
  EXPECT_EQ(d.delimiter, '|');
  EXPECT_EQ(d.quote, '"');
  EXPECT_EQ(d.escape_mode, EscapeMode::kEscapeChar);
  EXPECT_EQ(d.escape, '\\');
  EXPECT_EQ(d.null_strings, std::vector<std::string>{"\\N"});
  EXPECT_TRUE(d.null_if_quoted);
  EXPECT_FALSE(d.header);
  EXPECT_TRUE(d.quote_all);
  EXPECT_EQ(PresetDialect("redshift-unload"), d);
  EXPECT_EQ(PresetDialect("rfc4180"), Rfc4180Dialect());
  EXPECT_TRUE(Rfc4180Dialect().header);
  EXPECT_THROW(PresetDialect("excel"), InvalidArgumentError);
}

TEST(CsvRedshiftTest, EveryEscape) {
  // Backslash before LF, CR, '|', '\', '"' and "'" inside a value.
  std::string text =
      "\"1\"|\"a\\|b\"|\"line1\\\nline2\"|\"cr\\\rx\"|\"q\\\"x\"|\"it\\'s\"|\"back\\\\slash\"\n";
  auto result = ReadText(text, Preset());
  ASSERT_EQ(result.rows.size(), 1u);
  const auto& row = result.rows[0];
  ASSERT_EQ(row.size(), 7u);
  EXPECT_EQ(row[0], "1");
  EXPECT_EQ(row[1], "a|b");
  EXPECT_EQ(row[2], "line1\nline2");
  EXPECT_EQ(row[3], "cr\rx");
  EXPECT_EQ(row[4], "q\"x");
  EXPECT_EQ(row[5], "it's");
  EXPECT_EQ(row[6], "back\\slash");
}

TEST(CsvRedshiftTest, BackslashNBareQuotedAndEscaped) {
  ReadOptions options = Preset();
  options.column_types = {{"column0", DataType::Varchar()},
                          {"column1", DataType::Varchar()},
                          {"column2", DataType::Varchar()},
                          {"column3", DataType::Varchar()}};
  auto reader = OpenReaderFromBuffer("\\N|\"\\N\"|\"\\\\N\"|\"x\"\n", "u.csv", options);
  Chunk chunk;
  ASSERT_TRUE(reader->Next(&chunk));
  EXPECT_TRUE(chunk.column(0).IsNull(0));   // \N bare
  EXPECT_TRUE(chunk.column(1).IsNull(0));   // "\N" quoted
  ASSERT_FALSE(chunk.column(2).IsNull(0));  // "\\N": the text \N
  EXPECT_EQ(chunk.column(2).GetString(0), "\\N");
  EXPECT_EQ(chunk.column(3).GetString(0), "x");
}

TEST(CsvRedshiftTest, EscapedLineEndIsNotARowEnd) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "\"" + std::to_string(i) + "\"|\"first\\\nsecond\\\r\\\nthird\"|\\N\n";
  }
  ReadOptions options = Preset();
  options.block_size = 37;  // blocks start inside values and between \ and LF
  for (size_t threads : {1, 3}) {
    options.num_threads = threads;
    auto result = ReadText(text, options);
    ASSERT_EQ(result.rows.size(), 200u) << threads;
    for (int i = 0; i < 200; ++i) {
      EXPECT_EQ(result.rows[i][0], std::to_string(i));
      EXPECT_EQ(result.rows[i][1], "first\nsecond\r\nthird");
      EXPECT_EQ(result.rows[i][2], "NULL");
    }
    EXPECT_EQ(TypesOf(result.schema), "bigint,varchar,varchar");
  }
}

TEST(CsvRedshiftTest, SniffsTheDialectWithoutPreset) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += "\"" + std::to_string(i) + "\"|\"name \\| " + std::to_string(i) +
            "\"|\\N|\"2024-01-0" + std::to_string(i % 9 + 1) + " 10:00:00\"\n";
  }
  auto reader = OpenReaderFromBuffer(text, "u.csv", ReadOptions{});
  auto result = testing::Drain(*reader);
  ASSERT_EQ(result.rows.size(), 50u);
  EXPECT_EQ(result.rows[3][1], "name | 3");
  EXPECT_EQ(result.rows[3][2], "NULL");
  EXPECT_EQ(TypesOf(result.schema), "bigint,varchar,varchar,timestamp(6)");
}

TEST(CsvRedshiftTest, SniffResultNamesTheDialect) {
  testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 20; ++i) {
    text += "\"" + std::to_string(i) + "\"|\"a\\\\b\"|\\N\n";
  }
  std::string path = dir.Write("unload_000.csv", text);
  SniffResult sniff = Sniff(path, ReadOptions{});
  EXPECT_EQ(sniff.dialect.delimiter, '|');
  EXPECT_EQ(sniff.dialect.escape_mode, EscapeMode::kEscapeChar);
  EXPECT_EQ(sniff.dialect.escape, '\\');
  EXPECT_EQ(sniff.dialect.null_strings, std::vector<std::string>{"\\N"});
  EXPECT_TRUE(sniff.dialect.null_if_quoted);
  EXPECT_FALSE(sniff.header);
  EXPECT_EQ(sniff.compression, io::Compression::kNone);
  EXPECT_EQ(sniff.rows_sampled, 20u);
  EXPECT_EQ(sniff.schema.num_fields(), 3u);
}

TEST(CsvRedshiftTest, UnterminatedQuoteNamesTheLineWhereTheFieldStarted) {
  std::string text = "\"1\"|\"a\"\n\"2\"|\"b\\\nstill b\\\nand more\n";
  ReadOptions options = Preset();
  try {
    ReadText(text, options, "unload.csv");
    FAIL() << "expected an error";
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()),
              "unload.csv:2: unterminated quote: column 2 'column1' starts with a quote that "
              "is never closed");
  }
}

}  // namespace
}  // namespace sluice::csv
