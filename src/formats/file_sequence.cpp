#include "formats/file_sequence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/vector_copy.h"

namespace sluice::formats {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kCountedPrefix = "part-00000";

/// Rows [begin, begin + count) of `chunk`, copied.
Chunk SliceRows(const Chunk& chunk, size_t begin, size_t count) {
  std::vector<uint32_t> rows(count);
  std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(begin));
  std::vector<size_t> columns(chunk.num_columns());
  std::iota(columns.begin(), columns.end(), size_t{0});
  Chunk slice(chunk.types(), std::max<size_t>(count, 1));
  AppendRows(chunk, columns, rows, &slice);
  return slice;
}

}  // namespace

uint64_t FileLimits::RowsLeft(uint64_t rows) const {
  if (max_rows_per_file == 0) return std::numeric_limits<uint64_t>::max();
  return rows >= max_rows_per_file ? 0 : max_rows_per_file - rows;
}

uint64_t FileLimits::RowsThatFit(uint64_t written, uint64_t estimated_bytes, double bytes_per_row) const {
  if (target_file_bytes == 0) return std::numeric_limits<uint64_t>::max();
  if (written == 0 && bytes_per_row <= 0) return kProbeRows;
  if (estimated_bytes >= target_file_bytes) return 0;
  double per_row = written == 0 ? bytes_per_row : static_cast<double>(estimated_bytes) / static_cast<double>(written);
  per_row = std::max(per_row, 1e-3);
  double rows = std::ceil(static_cast<double>(target_file_bytes - estimated_bytes) / per_row);
  return rows >= 0x1p63 ? std::numeric_limits<uint64_t>::max() : std::max<uint64_t>(static_cast<uint64_t>(rows), 1);
}

bool FileLimits::Full(uint64_t rows, const Writer& writer) const {
  if (rows == 0) return false;
  if (max_rows_per_file != 0 && rows >= max_rows_per_file) return true;
  return target_file_bytes != 0 && writer.EstimatedFileBytes() >= target_file_bytes;
}

void FitRowGroups(const FileLimits& limits, FileWriteOptions* options) {
  parquet::ParquetWriteOptions& parquet = options->parquet;
  if (limits.max_rows_per_file != 0 &&
      limits.max_rows_per_file < static_cast<uint64_t>(parquet.row_group_rows)) {
    parquet.row_group_rows = static_cast<int64_t>(limits.max_rows_per_file);
  }
  if (limits.target_file_bytes != 0) {
    uint64_t quarter = std::max<uint64_t>(limits.target_file_bytes / 4, 1);
    if (quarter < static_cast<uint64_t>(parquet.row_group_bytes)) {
      parquet.row_group_bytes = static_cast<int64_t>(quarter);
    }
  }
}

std::string SequencedFileName(std::string_view first, uint64_t index) {
  if (index == 0) return std::string(first);
  char digits[24];
  std::snprintf(digits, sizeof(digits), "%05llu", static_cast<unsigned long long>(index));
  if (first.substr(0, kCountedPrefix.size()) == kCountedPrefix) {
    return "part-" + std::string(digits) + std::string(first.substr(kCountedPrefix.size()));
  }
  return std::string(first) + "-" + digits;
}

std::string RandomRunId() {
  std::random_device device;
  std::mt19937_64 generator((uint64_t{device()} << 32) ^ device());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  uint64_t bits = generator();
  for (int i = 0; i < 12; ++i, bits >>= 4) id.push_back(kHex[bits & 15]);
  return id;
}

FileSequenceWriter::FileSequenceWriter(const Schema& schema, FileSequenceOptions options,
                                       FileWriterFactory factory)
    : schema_(schema), options_(std::move(options)), factory_(std::move(factory)) {
  if (options_.staging) {
    staging_ = (fs::path(options_.folder) / (".sluice-staging-" + RandomRunId())).string();
    std::error_code error;
    fs::create_directory(staging_, error);
    if (error) {
      std::string path = std::move(staging_);
      staging_.clear();
      throw IOError("cannot create folder " + path + ": " + error.message());
    }
  }
  OpenFile();
}

FileSequenceWriter::~FileSequenceWriter() {
  if (finished_) return;
  writer_.reset();
  file_.reset();  // removes its temporary file
  std::error_code ignored;
  if (!staging_.empty()) fs::remove_all(staging_, ignored);
}

void FileSequenceWriter::OpenFile() {
  std::string name = SequencedFileName(options_.first_name, files_.size()) + options_.extension;
  std::string path = (fs::path(options_.folder) / name).string();
  std::string write_path = staging_.empty() ? path : (fs::path(staging_) / name).string();
  file_ = std::make_unique<io::AtomicFileWriter>(write_path);
  writer_ = factory_(file_.get(), schema_);
  files_.push_back(std::move(path));
  if (!staging_.empty()) staged_.push_back(std::move(write_path));
  rows_in_file_ = 0;
}

void FileSequenceWriter::CloseFile() {
  writer_->Finish();
  file_->Commit();
  if (rows_in_file_ > 0) {
    bytes_per_row_ = static_cast<double>(file_->bytes_written()) / static_cast<double>(rows_in_file_);
  }
  writer_.reset();
  file_.reset();
}

void FileSequenceWriter::Write(const Chunk& chunk) {
  SLUICE_ASSERT(!finished_, "Write after Finish");
  size_t row = 0;
  while (row < chunk.size()) {
    if (writer_ == nullptr) OpenFile();
    const uint64_t fit = options_.limits.RowsThatFit(rows_in_file_, writer_->EstimatedFileBytes(), bytes_per_row_);
    size_t take = static_cast<size_t>(
        std::min({uint64_t{chunk.size() - row}, options_.limits.RowsLeft(rows_in_file_), std::max<uint64_t>(fit, 1)}));
    SLUICE_ASSERT(take > 0, "an open file has room for a row");
    if (row == 0 && take == chunk.size()) {
      writer_->Write(chunk);
    } else {
      writer_->Write(SliceRows(chunk, row, take));
    }
    row += take;
    rows_in_file_ += take;
    if (options_.limits.Full(rows_in_file_, *writer_)) CloseFile();
  }
}

void FileSequenceWriter::Finish() {
  SLUICE_ASSERT(!finished_, "Finish called twice");
  if (writer_ != nullptr) CloseFile();
  for (size_t i = 0; i < staged_.size(); ++i) {
    std::error_code error;
    fs::rename(staged_[i], files_[i], error);
    if (error) {
      std::error_code ignored;
      for (size_t moved = 0; moved < i; ++moved) fs::remove(files_[moved], ignored);  // all or nothing
      throw IOError("cannot move " + staged_[i] + " to " + files_[i] + ": " + error.message());
    }
  }
  if (!staging_.empty()) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
  finished_ = true;
}

uint64_t FileSequenceWriter::EstimatedFileBytes() const {
  return writer_ == nullptr ? 0 : writer_->EstimatedFileBytes();
}

}  // namespace sluice::formats
