// The JSON-lines reader in blocks on several threads: the same rows, types, notices and
// rejects as on one thread, whatever the block size.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/scheduler.h"
#include "formats/json/reader.h"
#include "json_test_support.h"

namespace sluice::json {
namespace {

/// Every row as text, with the type of each column in each chunk, so that chunk
/// boundaries and types are compared too.
struct ReadTrace {
  std::vector<std::string> rows;
  std::vector<std::string> notices;
  std::string schema;
  std::string rejects;
  bool widened = false;
  formats::ReadStats stats;

  friend bool operator==(const ReadTrace& a, const ReadTrace& b) {
    return a.rows == b.rows && a.notices == b.notices && a.schema == b.schema &&
           a.rejects == b.rejects && a.widened == b.widened &&
           a.stats.rows_read == b.stats.rows_read &&
           a.stats.rows_rejected == b.stats.rows_rejected &&
           a.stats.rows_nulled == b.stats.rows_nulled &&
           a.stats.values_nulled == b.stats.values_nulled &&
           a.stats.bytes_read == b.stats.bytes_read;
  }
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

ReadTrace Trace(const std::string& text, ReadOptions options) {
  std::string rejects = (std::filesystem::temp_directory_path() /
                         ("sluice-json-parallel-" + std::to_string(::getpid()) + ".json"))
                            .string();
  std::filesystem::remove(rejects);
  options.rejects_path = rejects;
  auto reader = OpenReaderFromBuffer(text, "big.json", options);
  ReadTrace trace;
  Chunk chunk;
  while (reader->Next(&chunk)) {
    std::string types;
    for (size_t c = 0; c < chunk.num_columns(); ++c)
      types += chunk.column(c).type().ToString() + ";";
    for (auto& row : test_support::ChunkText(chunk)) {
      std::string line = types;
      for (auto& value : row) line += "|" + value;
      trace.rows.push_back(line);
    }
  }
  trace.notices = reader->stats().notices;
  trace.schema = reader->schema().ToString();
  trace.widened = reader->schema_widened();
  trace.stats = reader->stats();
  trace.rejects = ReadFile(rejects);
  std::filesystem::remove(rejects);
  return trace;
}

/// Rows with keys that come and go, a type that widens late, nested values, escapes,
/// blank and bad lines.
std::string MakeInput(int num_rows) {
  std::string text;
  for (int i = 0; i < num_rows; ++i) {
    text += "{\"id\":" + std::to_string(i);
    if (i % 3 != 0) text += ",\"name\":\"name \\\"" + std::to_string(i) + "\\\"\"";
    text += ",\"amount\":" + std::to_string(i % 100) + "." + std::to_string(10 + i % 90);
    if (i > num_rows / 2) text += ",\"late\":" + std::to_string(i);
    if (i == num_rows * 3 / 4) text += ",\"amount\":1e5";  // widens decimal to double
    if (i % 7 == 0) text += ",\"tags\":[\"a\", {\"b\": " + std::to_string(i) + "}]";
    if (i % 11 == 0) text += ",\"when\":\"2024-03-01 08:15:30." + std::to_string(i % 10 + 1) + "\"";
    text += "}\n";
    if (i % 97 == 0) text += "\n";
    if (i % 613 == 5) text += "{\"id\": broken\n";
  }
  return text;
}

class JsonParallelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { TaskScheduler::SetGlobalThreads(4); }
};

TEST_F(JsonParallelTest, SameResultOnOneAndManyThreads) {
  std::string text = MakeInput(6000);
  for (formats::OnError policy : {formats::OnError::kSkip, formats::OnError::kNull}) {
    ReadOptions options;
    options.sample_rows = 300;
    options.on_error = policy;
    options.block_size = 1 << 16;
    options.num_threads = 1;
    ReadTrace reference = Trace(text, options);
    EXPECT_TRUE(reference.widened);
    EXPECT_GE(reference.notices.size(), 2u);
    EXPECT_EQ(reference.stats.bytes_read, text.size());
    for (size_t block_size : {size_t{16}, size_t{1000}, size_t{65536}}) {
      for (size_t threads : {size_t{1}, size_t{4}}) {
        options.block_size = block_size;
        options.num_threads = threads;
        ReadTrace trace = Trace(text, options);
        // Chunk boundaries follow blocks, so compare rows and types of each row.
        EXPECT_EQ(trace.rows.size(), reference.rows.size());
        EXPECT_TRUE(trace.notices == reference.notices)
            << "block " << block_size << " threads " << threads;
        EXPECT_EQ(trace.schema, reference.schema);
        EXPECT_EQ(trace.rejects, reference.rejects);
        EXPECT_EQ(trace.stats.rows_rejected, reference.stats.rows_rejected);
        EXPECT_EQ(trace.stats.values_nulled, reference.stats.values_nulled);
        EXPECT_EQ(trace.stats.bytes_read, reference.stats.bytes_read);
        if (threads == 1) continue;
        options.num_threads = 1;
        ReadTrace single = Trace(text, options);
        EXPECT_TRUE(single == trace) << "block " << block_size << " threads " << threads;
      }
    }
  }
}

TEST_F(JsonParallelTest, ValuesMatchAcrossBlockSizesWithFinalSchema) {
  // Read with the final schema as explicit types: then every chunk has the same types
  // and rows compare exactly across block sizes and threads.
  std::string text = MakeInput(5000);
  ReadOptions probe;
  probe.on_error = formats::OnError::kSkip;
  auto reader = OpenReaderFromBuffer(text, "big.json", probe);
  test_support::ReadAllText(*reader);
  ReadOptions options;
  options.on_error = formats::OnError::kSkip;
  for (const Field& field : reader->schema().fields()) {
    options.columns.push_back(field.name);
    options.column_types.emplace_back(field.name, field.type);
  }
  options.num_threads = 1;
  auto expected_reader = OpenReaderFromBuffer(text, "big.json", options);
  auto expected = test_support::ReadAllText(*expected_reader);
  EXPECT_EQ(expected.size(), 5000u);
  for (size_t block_size : {size_t{100}, size_t{3000}}) {
    options.block_size = block_size;
    options.num_threads = 4;
    auto parallel = OpenReaderFromBuffer(text, "big.json", options);
    EXPECT_EQ(test_support::ReadAllText(*parallel), expected);
    EXPECT_FALSE(parallel->schema_widened());
  }
}

TEST_F(JsonParallelTest, FailReportsTheFirstBadLineInFileOrder) {
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += (i == 1500 || i == 2900) ? "oops\n" : "{\"i\":" + std::to_string(i) + "}\n";
  }
  ReadOptions options;
  options.block_size = 256;
  options.num_threads = 4;
  options.sample_rows = 10;
  try {
    auto reader = OpenReaderFromBuffer(text, "big.json", options);
    test_support::ReadAllText(*reader);
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()), "big.json:1501: malformed JSON");
  }
}

}  // namespace
}  // namespace sluice::json
