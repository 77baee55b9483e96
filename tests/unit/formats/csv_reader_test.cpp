// The CSV reader end to end on small inputs: options, NULLs, line ends, edge cases.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "csv_test_support.h"
#include "formats/csv/reader.h"

namespace sluice::csv {
namespace {

using testing::ErrorOf;
using testing::Joined;
using testing::NamesOf;
using testing::ReadText;
using testing::TypesOf;

TEST(CsvReaderTest, ReadsHeaderAndInfersTypes) {
  auto result = ReadText(
      "id,name,price,day,ok\n"
      "1,apple,1.50,2024-03-01,true\n"
      "2,pear,12.25,2024-03-02,false\n");
  EXPECT_EQ(NamesOf(result.schema), "id,name,price,day,ok");
  EXPECT_EQ(TypesOf(result.schema), "bigint,varchar,decimal(4,2),date,boolean");
  EXPECT_EQ(Joined(result.rows),
            "1|apple|1.50|2024-03-01|true\n"
            "2|pear|12.25|2024-03-02|false\n");
  EXPECT_EQ(result.stats.rows_read, 2u);
  EXPECT_FALSE(result.widened);
}

TEST(CsvReaderTest, EmptyInputHasNoRows) {
  auto result = ReadText("");
  EXPECT_TRUE(result.rows.empty());
  EXPECT_EQ(result.stats.rows_read, 0u);
}

TEST(CsvReaderTest, HeaderOnly) {
  ReadOptions options;
  options.header = true;
  auto result = ReadText("a,b,c\n", options);
  EXPECT_EQ(NamesOf(result.schema), "a,b,c");
  EXPECT_TRUE(result.rows.empty());
  // Sniffed: a lone line of names is a header.
  auto sniffed = ReadText("alpha,beta\n");
  EXPECT_EQ(NamesOf(sniffed.schema), "alpha,beta");
  EXPECT_TRUE(sniffed.rows.empty());
}

TEST(CsvReaderTest, NoFinalNewline) {
  ReadOptions options;
  options.header = false;
  EXPECT_EQ(Joined(ReadText("1,a\n2,b", options).rows), "1|a\n2|b\n");
  EXPECT_EQ(Joined(ReadText("1,\"a\"", options).rows), "1|a\n");
  EXPECT_EQ(Joined(ReadText("1,a\r", options).rows), "1|a\n");
}

TEST(CsvReaderTest, LineEnds) {
  ReadOptions options;
  options.header = false;
  EXPECT_EQ(Joined(ReadText("1,a\r\n2,b\r\n", options).rows), "1|a\n2|b\n");
  EXPECT_EQ(Joined(ReadText("1,a\r2,b\r", options).rows), "1|a\n2|b\n");
  EXPECT_EQ(Joined(ReadText("1,a\n2,b\r\n3,c\r4,d", options).rows), "1|a\n2|b\n3|c\n4|d\n");
  // Quoted line ends are part of the value.
  auto quoted = ReadText("1,\"x\r\ny\"\r\n2,\"p\rq\"\r\n", options);
  ASSERT_EQ(quoted.rows.size(), 2u);
  EXPECT_EQ(quoted.rows[0][1], "x\r\ny");
  EXPECT_EQ(quoted.rows[1][1], "p\rq");
}

TEST(CsvReaderTest, ByteOrderMark) {
  auto result = ReadText("\xEF\xBB\xBFid,name\n1,x\n");
  EXPECT_EQ(NamesOf(result.schema), "id,name");
  EXPECT_EQ(Joined(result.rows), "1|x\n");
}

TEST(CsvReaderTest, OneColumn) {
  ReadOptions options;
  options.header = false;
  auto result = ReadText("a\nb\n\nc\n", options);
  // With one column a blank line is a value: the empty field, NULL by default.
  EXPECT_EQ(Joined(result.rows), "a\nb\nNULL\nc\n");
  ASSERT_EQ(result.schema.num_fields(), 1u);
}

TEST(CsvReaderTest, BlankLinesAreSkippedWithSeveralColumns) {
  ReadOptions options;
  options.header = false;
  EXPECT_EQ(Joined(ReadText("1,a\n\n2,b\n\r\n", options).rows), "1|a\n2|b\n");
}

TEST(CsvReaderTest, QuotesAndDoubledQuotes) {
  ReadOptions options;
  options.header = false;
  auto result = ReadText("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", options);
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0][0], "a,b");
  EXPECT_EQ(result.rows[0][1], "say \"hi\"");
  EXPECT_EQ(result.rows[0][2], "");  // "" is the empty string, not NULL
  // A quote inside an unquoted field is an ordinary byte.
  EXPECT_EQ(ReadText("5'11\",x\n", options).rows[0][0], "5'11\"");
}

TEST(CsvReaderTest, NullStrings) {
  ReadOptions options;
  options.header = false;
  options.null_strings = std::vector<std::string>{"NULL", ""};
  auto result = ReadText("NULL,,\"NULL\",x\n", options);
  EXPECT_EQ(Joined(result.rows), "NULL|NULL|NULL|x\n");
  EXPECT_EQ(result.rows[0][2], "NULL");  // the quoted text NULL is text...
  options.null_if_quoted = true;       // ...unless quoted NULLs count too
  auto quoted = ReadText("NULL,\"NULL\",\"\",x\n", options);
  ASSERT_EQ(quoted.rows.size(), 1u);
}

TEST(CsvReaderTest, QuotedNullIsTextByDefault) {
  ReadOptions options;
  options.header = false;
  options.null_strings = std::vector<std::string>{"NULL"};
  options.column_types = {{"column0", DataType::Varchar()}, {"column1", DataType::Varchar()}};
  auto result = ReadText("NULL,\"NULL\"\n", options);
  ASSERT_EQ(result.rows.size(), 1u);
  // rendered text cannot tell NULL from 'NULL': look at the vectors
  auto reader = OpenReaderFromBuffer("NULL,\"NULL\"\n", "t.csv", options);
  Chunk chunk;
  ASSERT_TRUE(reader->Next(&chunk));
  EXPECT_TRUE(chunk.column(0).IsNull(0));
  EXPECT_FALSE(chunk.column(1).IsNull(0));
  EXPECT_EQ(chunk.column(1).GetString(0), "NULL");
  options.null_if_quoted = true;
  reader = OpenReaderFromBuffer("NULL,\"NULL\"\n", "t.csv", options);
  ASSERT_TRUE(reader->Next(&chunk));
  EXPECT_TRUE(chunk.column(1).IsNull(0));
}

TEST(CsvReaderTest, EmptyFieldIsNullButQuotedEmptyIsNot) {
  ReadOptions options;
  options.header = false;
  auto reader = OpenReaderFromBuffer("a,,\"\"\n", "t.csv", options);
  Chunk chunk;
  ASSERT_TRUE(reader->Next(&chunk));
  EXPECT_FALSE(chunk.column(0).IsNull(0));
  EXPECT_TRUE(chunk.column(1).IsNull(0));
  EXPECT_FALSE(chunk.column(2).IsNull(0));
  EXPECT_EQ(chunk.column(2).GetString(0), "");
}

TEST(CsvReaderTest, DelimitersAndTabs) {
  ReadOptions options;
  options.header = false;
  options.delimiter = '|';
  EXPECT_EQ(Joined(ReadText("1|a,b|x\n", options).rows), "1|a,b|x\n");
  options.delimiter = '\t';
  auto tab = ReadText("1\ta b\tc\n", options);
  ASSERT_EQ(tab.schema.num_fields(), 3u);
  EXPECT_EQ(tab.rows[0][1], "a b");
  options.delimiter = ';';
  EXPECT_EQ(ReadText("1;2\n", options).rows[0].size(), 2u);
}

TEST(CsvReaderTest, SkipRowsAndComments) {
  ReadOptions options;
  options.skip_rows = 2;
  options.comment = "#";
  auto result = ReadText(
      "generated by a tool\n"
      "version 2\n"
      "# a comment before the header\n"
      "id,name\n"
      "1,a\n"
      "# a comment between rows\n"
      "2,b\n",
      options);
  EXPECT_EQ(NamesOf(result.schema), "id,name");
  EXPECT_EQ(Joined(result.rows), "1|a\n2|b\n");
}

TEST(CsvReaderTest, SkipRowsCountsPhysicalLinesInErrors) {
  ReadOptions options;
  options.skip_rows = 1;
  options.header = true;
  options.column_types = {{"id", DataType::BigInt()}};
  EXPECT_EQ(ErrorOf("junk\nid,name\n1,a\nx,b\n", options),
            "test.csv:4: column 1 'id': 'x' is not a valid bigint");
}

TEST(CsvReaderTest, ExplicitNamesAndTypes) {
  ReadOptions options;
  options.header = false;
  options.column_names = {"a", "b"};
  options.column_types = {{"b", DataType::Integer()}};
  auto result = ReadText("x,1\ny,2\n", options);
  EXPECT_EQ(NamesOf(result.schema), "a,b");
  EXPECT_EQ(TypesOf(result.schema), "varchar,integer");
  EXPECT_EQ(Joined(result.rows), "x|1\ny|2\n");
  options.column_names = {"only_one"};
  EXPECT_THROW(ReadText("x,1\n", options), InvalidArgumentError);
  options.column_names = {};
  options.column_types = {{"nope", DataType::Integer()}};
  EXPECT_THROW(ReadText("x,1\n", options), InvalidArgumentError);
}

TEST(CsvReaderTest, TypesByPositionWithoutHeader) {
  ReadOptions options;
  options.header = false;
  options.column_types = {{"column1", DataType::Decimal(10, 2)}};
  auto result = ReadText("a,1.5\nb,2.125\n", options);
  EXPECT_EQ(TypesOf(result.schema), "varchar,decimal(10,2)");
  // Explicit decimals round like CAST.
  EXPECT_EQ(Joined(result.rows), "a|1.50\nb|2.13\n");
}

TEST(CsvReaderTest, AllVarchar) {
  ReadOptions options;
  options.all_varchar = true;
  auto result = ReadText("a,b\n1,2024-01-01\n");
  EXPECT_EQ(TypesOf(result.schema), "bigint,date");
  result = ReadText("a,b\n1,2024-01-01\n", options);
  EXPECT_EQ(TypesOf(result.schema), "varchar,varchar");
}

TEST(CsvReaderTest, LongFieldOfOneMegabyte) {
  std::string big(1 << 20, 'x');
  big[1000] = ',';
  big[2000] = '\n';
  big[3000] = '"';
  std::string quoted;
  for (char c : big) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  ReadOptions options;
  options.header = false;
  options.block_size = 4096;  // the field spans hundreds of blocks
  for (size_t threads : {1, 4}) {
    options.num_threads = threads;
    auto result = ReadText("1,\"" + quoted + "\",2\n3,short,4\n", options);
    ASSERT_EQ(result.rows.size(), 2u);
    EXPECT_EQ(result.rows[0][1], big);
    EXPECT_EQ(result.rows[1][1], "short");
  }
}

TEST(CsvReaderTest, WideFilesGetSmallerChunks) {
  std::string text;
  for (int c = 0; c < 1000; ++c) {
    if (c > 0) text += ',';
    text += 'c';
    text += std::to_string(c);
  }
  text += '\n';
  for (int r = 0; r < 300; ++r) {
    for (int c = 0; c < 1000; ++c) {
      if (c > 0) text += ',';
      text += std::to_string(r + c);
    }
    text += '\n';
  }
  auto reader = OpenReaderFromBuffer(text, "wide.csv", ReadOptions{});
  Chunk chunk;
  size_t rows = 0;
  while (reader->Next(&chunk)) {
    EXPECT_LE(chunk.capacity(), 131u);
    EXPECT_EQ(testing::ValueText(chunk.column(999), 0), std::to_string(rows + 999));
    rows += chunk.size();
  }
  EXPECT_EQ(rows, 300u);
  EXPECT_EQ(reader->schema().num_fields(), 1000u);
}

TEST(CsvReaderTest, StatsCountBytes) {
  ReadOptions options;
  options.header = false;
  std::string text = "1,a\n2,b\n";
  auto result = ReadText(text, options);
  EXPECT_EQ(result.stats.bytes_read, text.size());
}

TEST(CsvReaderTest, InvalidOptions) {
  ReadOptions options;
  options.delimiter = '"';
  options.quote = '"';
  EXPECT_THROW(ReadText("a\n", options), InvalidArgumentError);
  ReadOptions newline;
  newline.delimiter = '\n';
  EXPECT_THROW(ReadText("a\n", newline), InvalidArgumentError);
  ReadOptions block;
  block.block_size = 0;
  EXPECT_THROW(ReadText("a\n", block), InvalidArgumentError);
}

}  // namespace
}  // namespace sluice::csv
