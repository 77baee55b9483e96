// Bad rows under each --on-error policy: messages with file, line, column and value;
// the rejects file; counters; the first bad row of the file winning under threads.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "csv_test_support.h"
#include "formats/csv/reader.h"

namespace sluice::csv {
namespace {

using formats::OnError;
using testing::ErrorOf;
using testing::Joined;
using testing::ReadText;

ReadOptions Typed(OnError policy) {
  ReadOptions options;
  options.header = true;
  options.on_error = policy;
  options.column_types = {{"id", DataType::BigInt()}, {"name", DataType::Varchar()},
                          {"people_count", DataType::BigInt()}};
  return options;
}

const char* kFieldCounts =
    "id,name,people_count\n"
    "1,a,10\n"
    "2,b,20,extra\n"
    "3,c\n"
    "4,d,40\n";

TEST(CsvErrorsTest, FieldCountFails) {
  EXPECT_EQ(ErrorOf(kFieldCounts, Typed(OnError::kFail), "space.csv"),
            "space.csv:3: expected 3 fields, found 4");
}

TEST(CsvErrorsTest, FieldCountSkipsToRejectsFile) {
  testing::TempDir dir;
  ReadOptions options = Typed(OnError::kSkip);
  options.rejects_path = dir.File("rejects.jsonl");
  auto result = ReadText(kFieldCounts, options, "space.csv");
  EXPECT_EQ(Joined(result.rows), "1|a|10\n4|d|40\n");
  EXPECT_EQ(result.stats.rows_read, 2u);
  EXPECT_EQ(result.stats.rows_rejected, 2u);
  EXPECT_EQ(testing::ReadFileText(options.rejects_path),
            "{\"file\":\"space.csv\",\"line\":3,\"column\":null,"
            "\"reason\":\"expected 3 fields, found 4\",\"raw\":\"2,b,20,extra\"}\n"
            "{\"file\":\"space.csv\",\"line\":4,\"column\":null,"
            "\"reason\":\"expected 3 fields, found 2\",\"raw\":\"3,c\"}\n");
}

TEST(CsvErrorsTest, FieldCountNullPadsAndCuts) {
  auto result = ReadText(kFieldCounts, Typed(OnError::kNull));
  EXPECT_EQ(Joined(result.rows), "1|a|10\n2|b|20\n3|c|NULL\n4|d|40\n");
  EXPECT_EQ(result.stats.rows_nulled, 1u);
  EXPECT_EQ(result.stats.values_nulled, 1u);
  EXPECT_EQ(result.stats.rows_rejected, 0u);
  ASSERT_EQ(result.stats.notices.size(), 1u);
  EXPECT_NE(result.stats.notices[0].find("1 rows had more than 3 fields"), std::string::npos);
}

const char* kBadValue =
    "id,name,people_count\n"
    "1,a,10\n"
    "2,b,abc\n"
    "3,c,30\n";

TEST(CsvErrorsTest, BadValueFails) {
  EXPECT_EQ(ErrorOf(kBadValue, Typed(OnError::kFail), "space.csv"),
            "space.csv:3: column 3 'people_count': 'abc' is not a valid bigint");
}

TEST(CsvErrorsTest, BadValueSkips) {
  testing::TempDir dir;
  ReadOptions options = Typed(OnError::kSkip);
  options.rejects_path = dir.File("rejects.jsonl");
  auto result = ReadText(kBadValue, options, "space.csv");
  EXPECT_EQ(Joined(result.rows), "1|a|10\n3|c|30\n");
  EXPECT_EQ(result.stats.rows_rejected, 1u);
  EXPECT_EQ(testing::ReadFileText(options.rejects_path),
            "{\"file\":\"space.csv\",\"line\":3,\"column\":\"people_count\","
            "\"reason\":\"column 3 'people_count': 'abc' is not a valid bigint\","
            "\"raw\":\"2,b,abc\"}\n");
}

TEST(CsvErrorsTest, BadValueNulls) {
  auto result = ReadText(kBadValue, Typed(OnError::kNull));
  EXPECT_EQ(Joined(result.rows), "1|a|10\n2|b|NULL\n3|c|30\n");
  EXPECT_EQ(result.stats.rows_nulled, 1u);
  EXPECT_EQ(result.stats.values_nulled, 1u);
}

TEST(CsvErrorsTest, NoRejectsFileWithoutRejects) {
  testing::TempDir dir;
  ReadOptions options = Typed(OnError::kSkip);
  options.rejects_path = dir.File("rejects.jsonl");
  ReadText("id,name,people_count\n1,a,1\n", options);
  EXPECT_FALSE(std::filesystem::exists(options.rejects_path));
}

TEST(CsvErrorsTest, UnterminatedQuoteAtEndOfFile) {
  std::string text = "id,name,people_count\n1,a,1\n2,\"b\n3,c,3\n";
  EXPECT_EQ(ErrorOf(text, Typed(OnError::kFail)),
            "test.csv:3: unterminated quote: column 2 'name' starts with a quote that is never "
            "closed");
  auto skipped = ReadText(text, Typed(OnError::kSkip));
  EXPECT_EQ(Joined(skipped.rows), "1|a|1\n");
  EXPECT_EQ(skipped.stats.rows_rejected, 1u);
  auto nulled = ReadText(text, Typed(OnError::kNull));
  EXPECT_EQ(Joined(nulled.rows), "1|a|1\n2|NULL|NULL\n");
}

TEST(CsvErrorsTest, TextAfterClosingQuote) {
  std::string text = "id,name,people_count\n1,\"a\"b,1\n2,c,2\n";
  EXPECT_EQ(ErrorOf(text, Typed(OnError::kFail)),
            "test.csv:2: column 2 'name': unexpected text after the closing quote (a quote "
            "inside a quoted value must be doubled)");
  auto nulled = ReadText(text, Typed(OnError::kNull));
  EXPECT_EQ(Joined(nulled.rows), "1|NULL|1\n2|c|2\n");
}

TEST(CsvErrorsTest, InvalidUtf8InVarchar) {
  std::string text = "id,name,people_count\n1,ok,1\n2,bad\xff\xfe,2\n3,caf\xc3\xa9,3\n";
  EXPECT_EQ(ErrorOf(text, Typed(OnError::kFail)),
            "test.csv:3: column 2 'name': invalid UTF-8 in 'bad\\xff\\xfe'");
  auto skipped = ReadText(text, Typed(OnError::kSkip));
  EXPECT_EQ(Joined(skipped.rows), "1|ok|1\n3|caf\xc3\xa9|3\n");
  auto nulled = ReadText(text, Typed(OnError::kNull));
  EXPECT_EQ(Joined(nulled.rows), "1|ok|1\n2|NULL|2\n3|caf\xc3\xa9|3\n");
  // Inferred text columns too.
  EXPECT_EQ(ErrorOf("a,b\n1,\xff\n"), "test.csv:2: column 2 'b': invalid UTF-8 in '\\xff'");
}

TEST(CsvErrorsTest, LineNumbersCountQuotedLineEnds) {
  std::string text = "id,name,people_count\n1,\"two\nlines\",1\n2,\"x\r\ny\",2\n3,z,bad\n";
  EXPECT_EQ(ErrorOf(text, Typed(OnError::kFail)),
            "test.csv:6: column 3 'people_count': 'bad' is not a valid bigint");
}

TEST(CsvErrorsTest, FirstBadRowOfTheFileWinsWithThreads) {
  std::string text = "id,name,people_count\n";
  for (int i = 0; i < 5000; ++i) {
    std::string count = std::to_string(i);
    if (i == 1234) count = "first";
    if (i == 4000 || i == 4500) count = "later";
    text += std::to_string(i) + ",n" + std::to_string(i) + "," + count + "\n";
  }
  ReadOptions options = Typed(OnError::kFail);
  options.block_size = 1000;
  for (size_t threads : {1, 2, 8}) {
    options.num_threads = threads;
    EXPECT_EQ(ErrorOf(text, options),
              "test.csv:1236: column 3 'people_count': 'first' is not a valid bigint")
        << threads;
  }
}

TEST(CsvErrorsTest, RejectsAreInFileOrderWithThreads) {
  testing::TempDir dir;
  std::string text = "id,name,people_count\n";
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    bool bad = i % 97 == 0;
    text += std::to_string(i) + ",n," + (bad ? std::string("x") : std::to_string(i)) + "\n";
    if (bad) expected += std::to_string(i + 2) + ",";
  }
  ReadOptions options = Typed(OnError::kSkip);
  options.block_size = 700;
  options.num_threads = 4;
  options.rejects_path = dir.File("r.jsonl");
  auto result = ReadText(text, options);
  EXPECT_EQ(result.stats.rows_read + result.stats.rows_rejected, 3000u);
  std::string lines;
  std::string rejects = testing::ReadFileText(options.rejects_path);
  for (size_t pos = rejects.find("\"line\":"); pos != std::string::npos;
       pos = rejects.find("\"line\":", pos + 1)) {
    lines += rejects.substr(pos + 7, rejects.find(',', pos) - pos - 7) + ",";
  }
  EXPECT_EQ(lines, expected);
}

TEST(CsvErrorsTest, OversizedRecord) {
  std::string text = "id,name,people_count\n1,\"never closed";
  for (int i = 0; i < 200; ++i) {
    text += '\n';
    text += std::to_string(i) + ",x,1";
  }
  text += "\n";
  ReadOptions options = Typed(OnError::kFail);
  options.block_size = 64;
  options.max_record_size = 256;
  std::string error = ErrorOf(text, options);
  EXPECT_NE(error.find("test.csv:2: a record longer than 256 bytes"), std::string::npos) << error;
  options.on_error = OnError::kSkip;
  auto result = ReadText(text, options);
  EXPECT_GE(result.stats.rows_rejected, 1u);
  EXPECT_FALSE(result.rows.empty());  // reading resumes after the runaway record
}

}  // namespace
}  // namespace sluice::csv
