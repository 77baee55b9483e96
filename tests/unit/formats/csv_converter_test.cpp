// Pieces of the conversion path: strings stored in place, chunks reused between batches.
#include <gtest/gtest.h>

#include <string>

#include "csv_test_support.h"
#include "formats/csv/chunk_pool.h"
#include "formats/csv/converter.h"
#include "formats/csv/padded_parse.h"
#include "formats/csv/reader.h"
#include "core/value_parse.h"

#include <random>

namespace sluice::csv {
namespace {

TEST(CsvConverterTest, StoreStringRefEqualsTheConstructor) {
  std::string bytes = "abcdefghijklmnopqrstuvwxyz" + std::string(64, 'z');
  for (uint32_t size = 0; size <= 20; ++size) {
    StringRef stored;
    std::memset(static_cast<void*>(&stored), 0x5a, sizeof(stored));
    StoreStringRef(&stored, bytes.data(), size);
    StringRef built(bytes.data(), size);
    EXPECT_EQ(std::memcmp(&stored, &built, sizeof(StringRef)), 0) << size;
    EXPECT_EQ(stored.view(), std::string_view(bytes.data(), size));
  }
}

TEST(CsvConverterTest, ChunkPoolReusesMatchingChunks) {
  ChunkPool pool;
  std::vector<DataType> types = {DataType::BigInt(), DataType::Varchar()};
  Chunk chunk = pool.Take(types);
  const uint8_t* buffer = chunk.column(0).raw_data();
  chunk.column(1).SetString(0, std::string(100, 'x'));
  chunk.column(0).SetNull(1);
  chunk.set_size(2);
  pool.Give(std::move(chunk));
  EXPECT_TRUE(pool.Take({DataType::Double()}).column(0).type() == DataType::Double());
  Chunk again = pool.Take(types);
  EXPECT_EQ(again.column(0).raw_data(), buffer);
  EXPECT_EQ(again.size(), 0u);
  EXPECT_TRUE(again.column(0).IsValid(1));
}

TEST(CsvConverterTest, ChunkPoolRefusesChunksWithVectorsMovedOut) {
  ChunkPool pool;
  std::vector<DataType> types = {DataType::BigInt()};
  Chunk chunk = pool.Take(types);
  Vector stolen = std::move(chunk.column(0));
  pool.Give(std::move(chunk));
  Chunk fresh = pool.Take(types);
  ASSERT_NE(fresh.column(0).raw_data(), nullptr);
}

TEST(CsvConverterTest, ConsumersMayKeepOrDismantleChunks) {
  std::string text = "a,b\n";
  for (int i = 0; i < 10000; ++i) text += std::to_string(i) + ",value number " + std::to_string(i) + "\n";
  ReadOptions options;
  options.block_size = 5000;
  options.num_threads = 3;
  auto reader = OpenReaderFromBuffer(text, "t.csv", options);
  Chunk chunk;
  std::vector<Chunk> kept;
  std::vector<Vector> columns;
  size_t rows = 0, round = 0;
  while (reader->Next(&chunk)) {
    rows += chunk.size();
    if (round % 3 == 0) kept.push_back(std::move(chunk));                 // keep it whole
    if (round % 3 == 1) columns.push_back(std::move(chunk.column(1)));   // take a vector
    ++round;
  }
  EXPECT_EQ(rows, 10000u);
  // Kept chunks still hold their strings (the block buffers stay alive).
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(kept[0].column(1).GetString(0), "value number 0");
}

}  // namespace
}  // namespace sluice::csv

namespace sluice::csv {
namespace {

TEST(CsvPaddedParseTest, AgreesWithValueParse) {
  std::vector<std::string> inputs = {"0", "7", "-7", "+7", "12345678", "123456789",
                                     "1234567890123456", "12345678901234567", "-", "+", "",
                                     "1a", "a1", "12.5", "0.03", "55466.70", "-0.5", ".5", "5.",
                                     ".", "1.2.3", "00501", "99999999", "1e5", "1 2", "\xff"};
  std::mt19937 random(3);
  const std::string alphabet = "0123456789.-+e /:";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    size_t size = random() % 20;
    for (size_t k = 0; k < size; ++k) text += alphabet[random() % (k % 3 == 0 ? alphabet.size() : 10)];
    inputs.push_back(text);
  }
  for (const std::string& text : inputs) {
    std::string padded = text + "9999999999999999";  // what follows must not matter
    std::string_view view(padded.data(), text.size());
    int64_t a = 0, b = 0;
    bool general = ParseInt64(text, &a);
    ASSERT_EQ(ParsePaddedInt64(view, &b), general) << text;
    if (general) {
      ASSERT_EQ(a, b) << text;
    }
    for (auto [precision, scale] : {std::pair{10, 2}, {18, 4}, {5, 0}, {3, 3}}) {
      __int128 expected = 0;
      bool exact = ParseDecimal(text, precision, scale, &expected);
      int digits_int = 0, digits_fraction = 0;
      bool needs_rounding = MeasureDecimal(text, &digits_int, &digits_fraction) &&
                            digits_fraction > scale;
      int64_t got = 0;
      int fast = ParsePaddedShortDecimal(view, precision, scale, &got);
      if (fast < 0) continue;  // handed to the general parser
      ASSERT_FALSE(needs_rounding) << text;
      ASSERT_EQ(fast == 1, exact) << text << " " << precision << "," << scale;
      if (exact) {
        ASSERT_EQ(got, static_cast<int64_t>(expected)) << text;
      }
    }
  }
}

}  // namespace
}  // namespace sluice::csv
