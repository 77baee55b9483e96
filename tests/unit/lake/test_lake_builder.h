#pragma once
// Builds folders of data files for the crawler tests: CSV and JSON-lines text (plain,
// gzip, zstd, bzip2), Parquet (from CSV text through the CSV reader and the Parquet
// writer), junk and marker files. Modification times are under the test's control:
// Settle() gives every entry changed since the last call (its time is the real, recent
// clock) a distinct fake time far in the past, one tick apart, so that the crawler's
// "racy" rule (folders changed in the last seconds are listed again) never applies
// and a test can say exactly which folders changed.

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "formats/csv/reader.h"
#include "formats/file_writer.h"
#include "io/compression.h"
#include "io/file.h"

namespace sluice::lake {

class TestLakeBuilder {
 public:
  /// `root`: absolute folder the relative paths are under.
  explicit TestLakeBuilder(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string Path(const std::string& relative) const { return root_ + "/" + relative; }

  /// Writes `text` to `relative`, compressed as its extension says (.gz, .zst, .bz2).
  void Text(const std::string& relative, const std::string& text) {
    std::string path = Path(relative);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    io::AtomicFileWriter file(path);
    io::Compression compression = io::CompressionFromPath(path);
    if (compression == io::Compression::kNone) {
      file.Write(text);
      file.Commit();
      return;
    }
    auto stream = io::MakeCompressingStream(&file, compression);
    stream->Write(text);
    stream->Finish();
    file.Commit();
  }

  /// Writes a Parquet file holding the rows of `csv` (with a header line; types as the
  /// CSV reader infers them).
  void Parquet(const std::string& relative, const std::string& csv) {
    std::string path = Path(relative);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    csv::ReadOptions read;
    read.header = true;
    read.num_threads = 1;
    auto reader = csv::OpenReaderFromBuffer(csv, relative, read);
    io::AtomicFileWriter file(path);
    formats::FileWriteOptions write;
    write.format = formats::FileFormat::kParquet;
    auto writer = formats::MakeFileWriter(&file, reader->schema(), write);
    Chunk chunk;
    while (reader->Next(&chunk)) writer->Write(chunk);
    writer->Finish();
    file.Commit();
  }

  /// Writes raw bytes (junk, markers) as they are.
  void Bytes(const std::string& relative, const std::string& bytes) {
    std::string path = Path(relative);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }

  /// Makes an empty folder.
  void Folder(const std::string& relative) { std::filesystem::create_directories(Path(relative)); }

  void Remove(const std::string& relative) { std::filesystem::remove_all(Path(relative)); }

  /// Gives every entry changed since the last call a fake time (see the file comment).
  void Settle() { SettleUnder(root_); }

  /// Sets the modification time of `relative` to `seconds` since the epoch (to fake a
  /// change the crawler cannot see, or one it must).
  void SetTime(const std::string& relative, int64_t seconds) { SetTimeOf(Path(relative), seconds); }
  int64_t TimeOf(const std::string& relative) const {
    struct stat st;
    EXPECT_EQ(::stat(Path(relative).c_str(), &st), 0) << relative;
    return st.st_mtim.tv_sec;
  }

 private:
  /// Fake times start here (2001-09-09) and grow by one second per settled entry;
  /// anything newer than kFakeLimit (2008) is a real, recent change.
  static constexpr int64_t kFakeEpoch = 1'000'000'000;
  static constexpr int64_t kFakeLimit = 1'200'000'000;

  static void SetTimeOf(const std::string& path, int64_t seconds) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = seconds;
    times[0].tv_nsec = times[1].tv_nsec = 0;
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
  }

  void SettleUnder(const std::string& folder) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.is_directory() && !entry.is_symlink()) SettleUnder(entry.path().string());
      Stamp(entry.path().string());
    }
    Stamp(folder);
  }

  void Stamp(const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || st.st_mtim.tv_sec < kFakeLimit) return;
    SetTimeOf(path, kFakeEpoch + ++tick_);
  }

  std::string root_;
  int64_t tick_ = 0;
};

}  // namespace sluice::lake
