// The tokenizer on its own: field spans and flags, incomplete records at the end of a
// buffer, line-end counting, unescaping.
#include "formats/csv/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/csv/options.h"

namespace sluice::csv {
namespace {

struct Tokens {
  std::vector<std::vector<std::string>> records;  ///< Field values (unescaped).
  std::vector<RecordProblem> problems;
  size_t stop = 0;
  bool incomplete = false;
};

Tokens Tokenize(const std::string& input, const Dialect& dialect, bool at_eof = true,
                size_t columns = 8) {
  std::string padded = input + std::string(kPadding, '\0');
  Tokenizer tokenizer(dialect, columns);
  std::vector<FieldSpan> fields(columns);
  Tokens out;
  size_t pos = 0;
  while (pos < input.size()) {
    RecordSpan record;
    auto result = tokenizer.Next(padded.data(), pos, input.size(), at_eof, fields.data(), &record);
    if (result == Tokenizer::Result::kIncomplete) {
      out.incomplete = true;
      break;
    }
    pos = record.next;
    if (result == Tokenizer::Result::kSkipped) continue;
    std::vector<std::string> values;
    std::string scratch;
    for (size_t i = 0; i < std::min<size_t>(record.num_fields, columns); ++i) {
      values.emplace_back(FieldValue(dialect, padded.data(), fields[i], &scratch));
    }
    out.records.push_back(values);
    out.problems.push_back(record.problem);
  }
  out.stop = pos;
  return out;
}

using Records = std::vector<std::vector<std::string>>;

TEST(CsvTokenizerTest, Fields) {
  Dialect d;
  EXPECT_EQ(Tokenize("a,b,c\n1,,3\n", d).records, (Records{{"a", "b", "c"}, {"1", "", "3"}}));
  EXPECT_EQ(Tokenize("a,b,\n", d).records, (Records{{"a", "b", ""}}));
  EXPECT_EQ(Tokenize(",\n", d).records, (Records{{"", ""}}));
  EXPECT_EQ(Tokenize("\"a\"\"b\",\"c\nd\",\"\"\n", d).records, (Records{{"a\"b", "c\nd", ""}}));
}

TEST(CsvTokenizerTest, LongRunsCrossSimdWindows) {
  Dialect d;
  std::string a(100, 'a'), b(63, 'b'), c(64, 'c');
  EXPECT_EQ(Tokenize(a + "," + b + "," + c + "\n" + c + "\n", d, true, 3).records,
            (Records{{a, b, c}, {c}}));
  std::string quoted = "\"" + std::string(70, 'q') + "\"\"" + std::string(70, 'r') + "\"";
  EXPECT_EQ(Tokenize(quoted + "\n", d).records[0][0],
            std::string(70, 'q') + "\"" + std::string(70, 'r'));
}

TEST(CsvTokenizerTest, IncompleteAtBufferEnd) {
  Dialect d;
  for (const char* input : {"a,b", "a,\"b", "a,\"b\"", "a,b\r", "a,\"b\nc"}) {
    Tokens t = Tokenize(std::string("x,y\n") + input, d, /*at_eof=*/false);
    EXPECT_TRUE(t.incomplete) << input;
    EXPECT_EQ(t.stop, 4u) << input;
    EXPECT_EQ(t.records.size(), 1u) << input;
  }
  Dialect escaped = RedshiftUnloadDialect();
  Tokens t = Tokenize("\"a\"|\"b\\", escaped, false);
  EXPECT_TRUE(t.incomplete);
}

TEST(CsvTokenizerTest, Problems) {
  Dialect d;
  Tokens t = Tokenize("a,\"b\"c,d\n", d);
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.problems[0], RecordProblem::kCharAfterQuote);
  EXPECT_EQ(t.records[0].size(), 3u);  // resynchronized on the next delimiter
  EXPECT_EQ(t.records[0][2], "d");
  Tokens u = Tokenize("a,\"b\n", d);
  ASSERT_EQ(u.records.size(), 1u);
  EXPECT_EQ(u.problems[0], RecordProblem::kUnterminatedQuote);
}

TEST(CsvTokenizerTest, EscapeCharOutsideAndInsideQuotes) {
  Dialect d = RedshiftUnloadDialect();
  EXPECT_EQ(Tokenize("a\\|b|\"c\\\"d\\\ne\"|\\\\N\n", d).records,
            (Records{{"a|b", "c\"d\ne", "\\N"}}));
  // A doubled quote is read as an escaped quote in escape mode too.
  EXPECT_EQ(Tokenize("\"a\"\"b\"\n", d).records, (Records{{"a\"b"}}));
}

TEST(CsvTokenizerTest, NoQuote) {
  Dialect d;
  d.quote = '\0';
  EXPECT_EQ(Tokenize("\"a,b\"\n", d).records, (Records{{"\"a", "b\""}}));
}

TEST(CsvTokenizerTest, CommentsAndBlankLines) {
  Dialect d;
  d.comment = "//";
  EXPECT_EQ(Tokenize("// x,y\n\na,b\n/,c\n\r\n", d).records, (Records{{"a", "b"}, {"/", "c"}}));
  // With one column a blank line is an empty value.
  Tokens one = Tokenize("a\n\nb\n", Dialect{}, true, 1);
  EXPECT_EQ(one.records, (Records{{"a"}, {""}, {"b"}}));
}

TEST(CsvTokenizerTest, MissingFieldsAreFlagged) {
  Dialect d;
  std::string input = "a\n" + std::string(kPadding, '\0');
  Tokenizer tokenizer(d, 3);
  FieldSpan fields[3];
  RecordSpan record;
  ASSERT_EQ(tokenizer.Next(input.data(), 0, 2, true, fields, &record), Tokenizer::Result::kRecord);
  EXPECT_EQ(record.num_fields, 1u);
  EXPECT_FALSE(fields[0].missing());
  EXPECT_TRUE(fields[1].missing());
  EXPECT_TRUE(fields[2].missing());
}

TEST(CsvTokenizerTest, CountLineEnds) {
  auto count = [](const std::string& s) {
    std::string padded = s + std::string(kPadding, '\0');
    return CountLineEnds(padded.data(), 0, s.size());
  };
  EXPECT_EQ(count(""), 0u);
  EXPECT_EQ(count("a\nb\r\nc\rd"), 3u);
  EXPECT_EQ(count("\r\n\r\n\r\r\n\n"), 5u);
  std::string long_text;
  for (int i = 0; i < 1000; ++i) long_text += i % 3 == 0 ? "x\r\n" : (i % 3 == 1 ? "yy\n" : "z\r");
  EXPECT_EQ(count(long_text), 1000u);
  // A CR at a 64-byte window boundary followed by LF in the next window.
  std::string boundary(63, 'a');
  boundary += "\r\nb";
  EXPECT_EQ(count(boundary), 1u);
}

}  // namespace
}  // namespace sluice::csv
