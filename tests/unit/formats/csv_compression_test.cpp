// Compressed inputs: gzip, zstd and bzip2 detected by magic bytes or extension, read in
// many blocks with several threads.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "csv_test_support.h"
#include "formats/csv/reader.h"
#include "io/compression.h"
#include "io/file.h"

namespace sluice::csv {
namespace {

std::string WriteCompressed(const testing::TempDir& dir, const std::string& name,
                            const std::string& text, io::Compression compression) {
  std::string path = dir.File(name);
  io::AtomicFileWriter file(path);
  auto stream = io::MakeCompressingStream(&file, compression);
  stream->Write(text);
  stream->Finish();
  file.Commit();
  return path;
}

std::string SampleCsv() {
  std::string text = "id,name,when\n";
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(i) + ",\"name " + std::to_string(i % 77) + (i % 5 == 0 ? "\nx" : "") +
            "\",2024-01-" + std::to_string(i % 18 + 10) + " 10:00:00\n";
  }
  return text;
}

class CsvCompressionTest : public ::testing::TestWithParam<io::Compression> {};

TEST_P(CsvCompressionTest, ReadsLikeThePlainFile) {
  testing::TempDir dir;
  const std::string text = SampleCsv();
  const std::string plain = dir.Write("plain.csv", text);
  ReadOptions options;
  options.block_size = 10000;
  auto reference = testing::Drain(*OpenReader(plain, options));
  ASSERT_EQ(reference.rows.size(), 20000u);
  EXPECT_EQ(testing::TypesOf(reference.schema), "bigint,varchar,timestamp(6)");
  // Named by extension, and with a misleading name (detected by magic bytes).
  const std::string extension = std::string(io::CompressionName(GetParam())) == "gzip"   ? ".gz"
                                : std::string(io::CompressionName(GetParam())) == "zstd" ? ".zst"
                                                                                         : ".bz2";
  for (const std::string& name : {"data.csv" + extension, std::string("data.bin")}) {
    std::string path = WriteCompressed(dir, name, text, GetParam());
    for (size_t threads : {1, 3}) {
      options.num_threads = threads;
      auto result = testing::Drain(*OpenReader(path, options));
      EXPECT_TRUE(result.rows == reference.rows) << name << " threads " << threads;
      EXPECT_EQ(testing::TypesOf(result.schema), testing::TypesOf(reference.schema));
      EXPECT_EQ(result.stats.bytes_read, text.size());
    }
    SniffResult sniff = Sniff(path, ReadOptions{});
    EXPECT_EQ(sniff.compression, GetParam());
    EXPECT_TRUE(sniff.header);
    EXPECT_EQ(sniff.schema.num_fields(), 3u);
  }
}

INSTANTIATE_TEST_SUITE_P(Codecs, CsvCompressionTest,
                         ::testing::Values(io::Compression::kGzip, io::Compression::kZstd,
                                           io::Compression::kBzip2),
                         [](const auto& info) { return std::string(io::CompressionName(info.param)); });

TEST(CsvCompressionErrorsTest, TruncatedInputIsAnError) {
  testing::TempDir dir;
  std::string path = WriteCompressed(dir, "t.csv.gz", SampleCsv(), io::Compression::kGzip);
  std::string bytes = testing::ReadFileText(path);
  std::string cut = dir.Write("cut.csv.gz", bytes.substr(0, bytes.size() / 2));
  EXPECT_THROW(testing::Drain(*OpenReader(cut, ReadOptions{})), FormatError);
}

TEST(CsvCompressionErrorsTest, MissingFile) {
  EXPECT_THROW(OpenReader("/nonexistent/file.csv", ReadOptions{}), IOError);
}

}  // namespace
}  // namespace sluice::csv
