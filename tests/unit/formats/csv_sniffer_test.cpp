// Sniffing delimiter, quote, escape, NULL string, header and types of typical files.
#include <gtest/gtest.h>

#include <string>

#include "csv_test_support.h"
#include "formats/csv/reader.h"

namespace sluice::csv {
namespace {

SniffResult SniffText(const std::string& text, const ReadOptions& options = {}) {
  testing::TempDir dir;
  return Sniff(dir.Write("s.csv", text), options);
}

std::string Lines(const std::string& header, const std::string& row, int count) {
  std::string text = header.empty() ? "" : header + "\n";
  for (int i = 0; i < count; ++i) {
    std::string line = row;
    for (size_t pos = line.find('#'); pos != std::string::npos; pos = line.find('#')) {
      line.replace(pos, 1, std::to_string(i));
    }
    text += line + "\n";
  }
  return text;
}

TEST(CsvSnifferTest, Delimiters) {
  EXPECT_EQ(SniffText(Lines("a,b,c", "#,x,y", 20)).dialect.delimiter, ',');
  EXPECT_EQ(SniffText(Lines("a|b|c", "#|x,1|y", 20)).dialect.delimiter, '|');
  EXPECT_EQ(SniffText(Lines("a;b;c", "#;x,1;y", 20)).dialect.delimiter, ';');
  EXPECT_EQ(SniffText(Lines("a\tb\tc", "#\tx, y\tz", 20)).dialect.delimiter, '\t');
  EXPECT_EQ(SniffText(Lines("a:b:c", "#:x:y", 20)).dialect.delimiter, ':');
  EXPECT_EQ(SniffText(Lines("", "#\x01x\x01y", 20)).dialect.delimiter, '\x01');
  // Commas inside quoted values do not fool it.
  auto quoted = SniffText(Lines("name|note", "\"#, a\"|\"b, c, d\"", 20));
  EXPECT_EQ(quoted.dialect.delimiter, '|');
  EXPECT_EQ(quoted.dialect.quote, '"');
}

TEST(CsvSnifferTest, QuotesAndEscapes) {
  auto doubled = SniffText(Lines("a,b", "#,\"say \"\"hi\"\", ok\"", 20));
  EXPECT_EQ(doubled.dialect.quote, '"');
  EXPECT_EQ(doubled.dialect.escape_mode, EscapeMode::kDoubledQuote);
  auto backslash = SniffText(Lines("a,b", "#,\"say \\\"hi\\\", ok\"", 20));
  EXPECT_EQ(backslash.dialect.escape_mode, EscapeMode::kEscapeChar);
  EXPECT_EQ(backslash.dialect.escape, '\\');
  auto single = SniffText(Lines("a,b", "#,'x, y'", 20));
  EXPECT_EQ(single.dialect.quote, '\'');
  // Backslashes that escape nothing keep the RFC dialect.
  auto paths = SniffText(Lines("a,b", "#,C:\\temp\\x", 20));
  EXPECT_EQ(paths.dialect.escape_mode, EscapeMode::kDoubledQuote);
}

TEST(CsvSnifferTest, BackslashNIsNull) {
  auto result = SniffText(Lines("", "#|\\N|x", 20));
  EXPECT_EQ(result.dialect.null_strings, std::vector<std::string>{"\\N"});
  EXPECT_EQ(result.dialect.escape_mode, EscapeMode::kEscapeChar);
  EXPECT_EQ(testing::TypesOf(result.schema), "bigint,varchar,varchar");
}

TEST(CsvSnifferTest, Header) {
  auto typed = SniffText(Lines("id,amount,day", "#,1.5,2024-01-01", 30));
  EXPECT_TRUE(typed.header);
  EXPECT_NE(typed.header_reason.find("'id'"), std::string::npos) << typed.header_reason;
  EXPECT_EQ(testing::NamesOf(typed.schema), "id,amount,day");
  auto none = SniffText(Lines("", "#,1.5,2024-01-01", 30));
  EXPECT_FALSE(none.header);
  EXPECT_EQ(testing::NamesOf(none.schema), "column0,column1,column2");
  auto text_header = SniffText("first_name,city\nAda,London\nGrace,Arlington\nAlan,Wilmslow\n");
  EXPECT_TRUE(text_header.header);
  auto text_data = SniffText("Ada,London\nGrace,London\nAlan,London\n");
  EXPECT_FALSE(text_data.header);
  ReadOptions given;
  given.header = false;
  auto forced = SniffText(Lines("id,amount", "#,1.5", 10), given);
  EXPECT_FALSE(forced.header);
  EXPECT_EQ(forced.header_reason, "no header (given)");
  EXPECT_EQ(testing::TypesOf(forced.schema), "varchar,varchar");
}

TEST(CsvSnifferTest, DuplicateAndEmptyHeaderNames) {
  auto result = SniffText(Lines("a,a,,b", "#,#,#,#", 10));
  EXPECT_EQ(testing::NamesOf(result.schema), "a,a_2,column2,b");
}

TEST(CsvSnifferTest, TypesOfATypicalFile) {
  std::string text = "id,price,qty,ok,day,at,zone_at,zip,name\n";
  for (int i = 1; i <= 50; ++i) {
    text += std::to_string(i) + "," + std::to_string(i) + "." + std::to_string(i % 10) + "5," +
            std::to_string(i * 3) + "," + (i % 2 ? "t" : "f") + ",2024-02-" +
            std::to_string(i % 28 + 1) + ",2024-02-01T10:00:0" + std::to_string(i % 10) +
            ".5,2024-02-01 10:00:00+01:00,0" + std::to_string(1000 + i) + ",name " +
            std::to_string(i) + "\n";
  }
  auto result = SniffText(text);
  EXPECT_EQ(testing::TypesOf(result.schema),
            "bigint,decimal(4,2),bigint,boolean,date,timestamp(6),timestamp(6) with time zone,"
            "varchar,varchar");
  EXPECT_EQ(result.rows_sampled, 50u);
}

TEST(CsvSnifferTest, SampleRowsLimitsTheSample) {
  ReadOptions options;
  options.sample_rows = 5;
  auto result = SniffText(Lines("v", "#", 100) + "x\n", options);
  EXPECT_EQ(testing::TypesOf(result.schema), "bigint");
  EXPECT_LE(result.rows_sampled, 6u);
}

TEST(CsvSnifferTest, NotesExplainTheChoice) {
  auto result = SniffText("\xEF\xBB\xBF" + Lines("d", "01/02/2024", 5));
  bool bom = false, ambiguous = false, delimiter = false;
  for (const std::string& note : result.notes) {
    bom |= note.find("byte order mark") != std::string::npos;
    ambiguous |= note.find("%d/%m/%Y") != std::string::npos;
    delimiter |= note.find("delimiter") != std::string::npos;
  }
  EXPECT_TRUE(bom);
  EXPECT_TRUE(ambiguous);
  EXPECT_TRUE(delimiter);
}

}  // namespace
}  // namespace sluice::csv
