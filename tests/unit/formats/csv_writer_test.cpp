// The CSV writer: quoting and escaping per dialect, NULL versus null-looking values,
// the Redshift UNLOAD bytes, every type.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "formats/csv/options.h"
#include "formats/csv/writer.h"
#include "json_test_support.h"

namespace sluice::csv {
namespace {

using Row = test_support::TextRow;
using test_support::MakeChunk;
using test_support::StringOutput;

std::string WriteCsv(const Schema& schema, const std::vector<Row>& rows, const Dialect& dialect) {
  StringOutput out;
  WriteOptions options;
  options.dialect = dialect;
  auto writer = MakeWriter(&out, schema, options);
  writer->Write(MakeChunk(schema, rows));
  writer->Finish();
  return out.bytes;
}

Schema OneVarchar() { return Schema({Field{"text", DataType::Varchar()}}); }

TEST(CsvWriterTest, RedshiftUnloadBytes) {
  Schema schema({Field{"event_id", DataType::BigInt()}, Field{"company_id", DataType::Integer()},
                 Field{"event_ts", DataType::Timestamp()},
                 Field{"people_count", DataType::BigInt()}, Field{"note", DataType::Varchar()}});
  std::string bytes =
      WriteCsv(schema, {{"1", "7", "2024-03-01 08:15:30.25", std::nullopt, "it's |odd\\"}},
               RedshiftUnloadDialect());
  EXPECT_EQ(bytes, "\"1\"|\"7\"|\"2024-03-01 08:15:30.25\"|\\N|\"it\\'s \\|odd\\\\\"\n");
}

TEST(CsvWriterTest, RedshiftEscapesEverySpecialByte) {
  std::string bytes =
      WriteCsv(OneVarchar(), {{"a\nb"}, {"c\rd"}, {"q\"q"}, {"\\N"}, {""}, {std::nullopt}},
               RedshiftUnloadDialect());
  EXPECT_EQ(bytes,
            "\"a\\\nb\"\n"
            "\"c\\\rd\"\n"
            "\"q\\\"q\"\n"
            "\"\\\\N\"\n"  // the text \N: its backslash is escaped, so it is no NULL
            "\"\"\n"
            "\\N\n");
}

TEST(CsvWriterTest, DoubledQuoteQuotesOnlyWhenNeeded) {
  Dialect dialect = Rfc4180Dialect();
  dialect.header = false;
  std::string bytes = WriteCsv(OneVarchar(),
                               {{"plain"},
                                {"a,b"},
                                {"say \"hi\""},
                                {"line\nbreak"},
                                {"cr\rhere"},
                                {" lead"},
                                {"trail "},
                                {"in side"}},
                               dialect);
  EXPECT_EQ(bytes,
            "plain\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"line\nbreak\"\n\"cr\rhere\"\n\" lead\"\n"
            "\"trail \"\nin side\n");
}

TEST(CsvWriterTest, EmptyStringIsNotNull) {
  Dialect dialect = Rfc4180Dialect();
  dialect.header = false;
  std::string bytes = WriteCsv(OneVarchar(), {{""}, {std::nullopt}, {"x"}}, dialect);
  EXPECT_EQ(bytes, "\"\"\n\nx\n");
}

TEST(CsvWriterTest, NullLookingValuesStayDistinct) {
  Dialect dialect = Rfc4180Dialect();
  dialect.header = false;
  dialect.null_strings = {"NULL", ""};
  EXPECT_EQ(WriteCsv(OneVarchar(), {{"NULL"}, {""}, {std::nullopt}, {"NULLS"}}, dialect),
            "\"NULL\"\n\"\"\nNULL\nNULLS\n");

  Dialect escaping;
  escaping.delimiter = '\t';
  escaping.escape_mode = EscapeMode::kEscapeChar;
  escaping.quote = '\0';
  escaping.null_strings = {"NULL"};
  // No quotes to use: the first byte is escaped, so the raw text is not the null string.
  EXPECT_EQ(WriteCsv(OneVarchar(), {{"NULL"}, {std::nullopt}, {"a\tb"}}, escaping),
            "\\NULL\nNULL\na\\\tb\n");

  escaping.quote = '"';
  EXPECT_EQ(WriteCsv(OneVarchar(), {{"NULL"}, {"say \"x\""}}, escaping),
            "\"NULL\"\nsay \\\"x\\\"\n");
}

TEST(CsvWriterTest, QuoteAllAndQuoteNull) {
  Dialect dialect = Rfc4180Dialect();
  dialect.header = false;
  dialect.quote_all = true;
  dialect.quote_null = true;
  Schema schema({Field{"a", DataType::BigInt()}, Field{"b", DataType::Varchar()}});
  EXPECT_EQ(WriteCsv(schema, {{"5", "x\"y"}, {std::nullopt, "z,"}}, dialect),
            "\"5\",\"x\"\"y\"\n\"\",\"z,\"\n");
}

TEST(CsvWriterTest, HeaderAndCustomLineEnd) {
  Dialect dialect = Rfc4180Dialect();
  dialect.line_end = "\r\n";
  Schema schema({Field{"id", DataType::BigInt()}, Field{"odd, name", DataType::Varchar()}});
  EXPECT_EQ(WriteCsv(schema, {{"1", "a"}}, dialect), "id,\"odd, name\"\r\n1,a\r\n");
  // An empty table still gets its header.
  StringOutput out;
  WriteOptions options;
  options.dialect = dialect;
  auto writer = MakeWriter(&out, schema, options);
  writer->Finish();
  EXPECT_EQ(out.bytes, "id,\"odd, name\"\r\n");
}

TEST(CsvWriterTest, EveryType) {
  Schema schema({Field{"b", DataType::Boolean()}, Field{"i", DataType::Integer()},
                 Field{"l", DataType::BigInt()}, Field{"d", DataType::Double()},
                 Field{"m", DataType::Decimal(10, 2)}, Field{"w", DataType::Decimal(38, 3)},
                 Field{"day", DataType::Date()}, Field{"ts", DataType::Timestamp()},
                 Field{"tz", DataType::TimestampTz()}, Field{"bin", DataType::Varbinary()}});
  Dialect dialect = Rfc4180Dialect();
  dialect.header = false;
  std::string bytes =
      WriteCsv(schema,
               {{"true", "-5", "9223372036854775807", "2.5", "12.5", "-12345678901234567890123.456",
                 "2024-03-01", "2024-03-01 08:15:30", "2024-03-01 08:15:30.5+01:00", "raw,bytes"}},
               dialect);
  EXPECT_EQ(bytes,
            "true,-5,9223372036854775807,2.5,12.50,-12345678901234567890123.456,2024-03-01,"
            "2024-03-01 08:15:30,2024-03-01 08:15:30.5 +01:00,\"raw,bytes\"\n");
}

TEST(CsvWriterTest, ZoneNameWithSpaceDelimiterGetsQuoted) {
  Dialect dialect;
  dialect.delimiter = ' ';
  Schema schema({Field{"tz", DataType::TimestampTz()}});
  EXPECT_EQ(WriteCsv(schema, {{"2024-03-01 08:15:30 UTC"}}, dialect),
            "\"2024-03-01 08:15:30 UTC\"\n");
}

TEST(CsvWriterTest, NoEscapeModeWritesBytesAsTheyAre) {
  Dialect dialect;
  dialect.escape_mode = EscapeMode::kNone;
  EXPECT_EQ(WriteCsv(OneVarchar(), {{"a\"b"}, {"c,d"}}, dialect), "a\"b\n\"c,d\"\n");
}

TEST(CsvWriterTest, ManyChunksFlushInOrder) {
  Schema schema({Field{"n", DataType::BigInt()}, Field{"s", DataType::Varchar()}});
  StringOutput out;
  WriteOptions options;
  options.dialect = RedshiftUnloadDialect();
  auto writer = MakeWriter(&out, schema, options);
  std::string expected;
  for (int c = 0; c < 300; ++c) {
    std::vector<Row> rows;
    for (int r = 0; r < 100; ++r) {
      std::string n = std::to_string(c * 100 + r);
      rows.push_back({n, "value number " + n + " with some padding text"});
      expected += "\"" + n + "\"|\"value number " + n + " with some padding text\"\n";
    }
    writer->Write(MakeChunk(schema, rows));
  }
  writer->Finish();
  EXPECT_EQ(out.bytes.size(), expected.size());
  EXPECT_TRUE(out.bytes == expected);
}

}  // namespace
}  // namespace sluice::csv

namespace sluice::csv {
namespace {

TEST(CsvWriterTest, SeveralFormattingThreadsWriteTheSameBytes) {
  Schema schema({Field{"n", DataType::BigInt()}, Field{"s", DataType::Varchar()},
                 Field{"tz", DataType::TimestampTz()}});
  std::vector<Row> rows;
  for (int r = 0; r < 2048; ++r) {
    rows.push_back({std::to_string(r),
                    r % 3 == 0 ? std::optional<std::string>() : "v|" + std::to_string(r),
                    "2024-03-01 08:15:30." + std::to_string(r % 9 + 1) + " UTC"});
  }
  Chunk chunk = MakeChunk(schema, rows);
  std::string expected;
  for (size_t threads : {size_t{1}, size_t{2}, size_t{3}, size_t{8}}) {
    StringOutput out;
    WriteOptions options;
    options.dialect = RedshiftUnloadDialect();
    options.num_threads = threads;
    auto writer = MakeWriter(&out, schema, options);
    writer->Write(chunk);
    writer->Write(chunk);
    writer->Finish();
    if (threads == 1) expected = out.bytes;
    EXPECT_EQ(out.bytes, expected) << threads << " threads";
  }
  EXPECT_EQ(expected.substr(0, 45), "\"0\"|\\N|\"2024-03-01 08:15:30.1 UTC\"\n\"1\"|\"v\\|1\"");
}

}  // namespace
}  // namespace sluice::csv
