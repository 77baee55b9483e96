// Multi-block reading: 1 thread and many threads, large and tiny blocks, give the same
// rows in the same order — with quoted line ends, CRLF and escapes crossing block
// boundaries, and block starts guessed inside quoted values.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "csv_test_support.h"
#include "formats/csv/reader.h"

namespace sluice::csv {
namespace {

using testing::Joined;
using testing::ReadText;

/// A CSV with awkward values: quoted delimiters and line ends (LF, CRLF, CR), doubled
/// quotes, empty and NULL fields, long values, and lines that look like records.
std::string TrickyRfcCsv(int rows, uint32_t seed, const char* line_end) {
  std::mt19937 random(seed);
  std::string text = std::string("id,name,amount,note") + line_end;
  for (int i = 0; i < rows; ++i) {
    std::string note;
    switch (random() % 7) {
      case 0: note = "plain"; break;
      case 1: note = "\"a,b\nc\""; break;                    // quoted LF
      case 2: note = "\"x\r\ny\r\nz\""; break;                // quoted CRLF
      case 3: note = "\"she said \"\"hi\"\"\""; break;        // doubled quotes
      case 4: note = ""; break;                               // NULL
      case 5: note = "\"\""; break;                           // empty string
      case 6: note = "\"9,9,9,9\n1,2,3,4\n" + std::string(random() % 300, 'w') + "\""; break;
    }
    text += std::to_string(i) + ",n" + std::to_string(random() % 1000) + "," +
            std::to_string(random() % 100000) + "." + std::to_string(random() % 90 + 10) + "," +
            note + line_end;
  }
  return text;
}

/// Every block size and thread count gives the rows of one thread with one big block.
/// (With a widened type, values returned before the widening keep the old type, and
/// where that happens depends on the block size: then threads are compared per size.)
void ExpectSameEverywhere(const std::string& text, ReadOptions options, size_t expected_rows) {
  options.num_threads = 1;
  options.block_size = size_t{8} << 20;
  auto whole = ReadText(text, options);
  ASSERT_EQ(whole.rows.size(), expected_rows);
  for (size_t block_size : {size_t{17}, size_t{256}, size_t{4099}, size_t{65536}}) {
    options.block_size = block_size;
    options.num_threads = 1;
    auto one = ReadText(text, options);
    EXPECT_EQ(testing::TypesOf(one.schema), testing::TypesOf(whole.schema));
    if (whole.stats.notices.empty()) EXPECT_TRUE(one.rows == whole.rows) << "block " << block_size;
    for (size_t threads : {size_t{2}, size_t{5}}) {
      options.num_threads = threads;
      auto result = ReadText(text, options);
      EXPECT_EQ(testing::TypesOf(result.schema), testing::TypesOf(whole.schema))
          << "block " << block_size << " threads " << threads;
      ASSERT_EQ(result.rows.size(), expected_rows)
          << "block " << block_size << " threads " << threads;
      EXPECT_TRUE(result.rows == one.rows) << "block " << block_size << " threads " << threads;
      EXPECT_EQ(result.stats.rows_rejected, one.stats.rows_rejected);
      EXPECT_EQ(result.stats.notices, one.stats.notices);
      EXPECT_EQ(result.stats.bytes_read, text.size());
    }
  }
}

TEST(CsvParallelTest, QuotedLineEndsAcrossBlocks) {
  ExpectSameEverywhere(TrickyRfcCsv(3000, 1, "\n"), ReadOptions{}, 3000);
}

TEST(CsvParallelTest, CrlfAcrossBlocks) {
  ExpectSameEverywhere(TrickyRfcCsv(2000, 2, "\r\n"), ReadOptions{}, 2000);
}

TEST(CsvParallelTest, CrOnlyAcrossBlocks) {
  ExpectSameEverywhere(TrickyRfcCsv(2000, 3, "\r"), ReadOptions{}, 2000);
}

TEST(CsvParallelTest, RedshiftEscapesAcrossBlocks) {
  std::mt19937 random(4);
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    std::string note;
    switch (random() % 5) {
      case 0: note = "\"a\\|b\\\\c\""; break;
      case 1: note = "\"line\\\nbreak\\\r\\\n\""; break;
      case 2: note = "\\N"; break;
      case 3: note = "\"\\\\N\""; break;
      case 4: note = "\"q\\\"\\'" + std::string(random() % 200, 'x') + "\""; break;
    }
    text += "\"" + std::to_string(i) + "\"|\"2024-01-02 03:04:05\"|" + note + "\n";
  }
  ReadOptions options;
  options.preset = "redshift-unload";
  ExpectSameEverywhere(text, options, 3000);
}

TEST(CsvParallelTest, SkipPolicyAndWideningAreDeterministic) {
  std::string text = "id,v,w\n";
  for (int i = 0; i < 5000; ++i) {
    std::string v = i == 2500 ? "2.5" : std::to_string(i);
    if (i % 333 == 0) {
      text += std::to_string(i) + ",1\n";  // too few fields
    } else {
      text += std::to_string(i) + "," + v + ",\"w\nw\"\n";
    }
  }
  ReadOptions options;
  options.on_error = formats::OnError::kSkip;
  options.sample_rows = 20;
  ExpectSameEverywhere(text, options, 5000 - 16);
}

TEST(CsvParallelTest, HeaderLongerThanABlock) {
  std::string header;
  for (int c = 0; c < 50; ++c) header += (c ? "," : "") + std::string("column_number_") + std::to_string(c);
  std::string text = header + "\n";
  for (int r = 0; r < 100; ++r) {
    for (int c = 0; c < 50; ++c) text += (c ? "," : "") + std::to_string(r * c);
    text += "\n";
  }
  ReadOptions options;
  options.header = true;
  ExpectSameEverywhere(text, options, 100);
}

TEST(CsvParallelTest, CommentsAcrossBlocks) {
  std::string text = "a,b\n";
  for (int i = 0; i < 1000; ++i) {
    text += std::to_string(i) + ",x\n";
    if (i % 10 == 0) text += "# comment, with \"quote and , commas\n";
  }
  ReadOptions options;
  options.comment = "#";
  ExpectSameEverywhere(text, options, 1000);
}

TEST(CsvParallelTest, GuessInsideQuotedValueIsCorrected) {
  // Every value holds line breaks followed by text that parses as records with the
  // right field count, so guessed block starts land on false boundaries.
  std::string text = "a,b,c\n";
  for (int i = 0; i < 400; ++i) {
    text += std::to_string(i) + ",\"";
    for (int k = 0; k < 20; ++k) text += "1,2,3\n";
    text += "\",end\n";
  }
  ReadOptions options;
  options.header = true;
  ExpectSameEverywhere(text, options, 400);
  auto result = ReadText(text, options);
  EXPECT_EQ(result.rows[399][2], "end");
}

}  // namespace
}  // namespace sluice::csv
