#pragma once
// The Parquet reader's public API: open a file and look at it (ParquetFile,
// DescribeParquetFile for `sluice schema`), or read its rows (OpenParquetReader).
//
// Reading: only the column chunks of the selected columns are read (pread of their
// byte ranges). Row groups whose statistics prove that no row can match the
// predicates are skipped; with a page index, so are pages (the same rows in every
// selected column). Column chunks are decoded on the task scheduler, a bounded number
// of row groups ahead, and chunks come out in file order.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/format.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/predicate.h"
#include "formats/parquet/schema.h"
#include "io/file.h"

namespace sluice::parquet {

/// An open Parquet file with its validated footer and mapped schema. Thread-safe to
/// share once constructed (reads use pread).
class ParquetFile {
 public:
  /// Opens `path` and reads the footer. Throws IOError when the file cannot be read
  /// and FormatError naming the file and the problem when it is not valid Parquet
  /// (magic bytes, footer length, Thrift, column chunk offsets outside the file, a
  /// schema that does not match the row groups).
  static std::shared_ptr<ParquetFile> Open(const std::string& path);
  /// Same over an already open file (tests and fuzzing use in-memory files).
  static std::shared_ptr<ParquetFile> Open(std::shared_ptr<io::InputFile> file);

  const std::string& path() const { return file_->path(); }
  uint64_t file_size() const { return file_->size(); }
  const FileMetaData& metadata() const { return metadata_; }
  const ParquetSchema& schema() const { return schema_; }
  const io::InputFile& file() const { return *file_; }
  /// The footer's size in bytes (without the 8-byte tail).
  uint32_t footer_size() const { return footer_size_; }

  /// Reads `length` bytes at `offset` into a new buffer; FormatError if the file is
  /// shorter than that.
  std::shared_ptr<uint8_t[]> ReadRange(uint64_t offset, uint64_t length) const;

  /// The statistics of leaf `leaf` in row group `row_group` as a typed range (absent
  /// bounds when the statistics are missing or their sort order is not usable).
  ValueRange ColumnStatistics(size_t row_group, size_t leaf) const;

 private:
  explicit ParquetFile(std::shared_ptr<io::InputFile> file) : file_(std::move(file)) {}
  void ReadFooter();
  void Validate() const;

  std::shared_ptr<io::InputFile> file_;
  FileMetaData metadata_;
  ParquetSchema schema_;
  uint32_t footer_size_ = 0;
};

/// Decodes one statistics value (Statistics.min_value etc., ColumnIndex min/max) of a
/// leaf into a scalar of its core type; nullopt when it cannot be used.
std::optional<ScalarValue> DecodeStatisticValue(const LeafColumn& leaf, const std::string& bytes);

/// A human-readable description for `sluice schema FILE.parquet`: the file, the
/// columns with their Parquet and Sluice types (nested ones marked), key-value
/// metadata keys, and per row group and column: codec, encodings, sizes, value and
/// null counts, and min/max rendered as values of the column's type.
std::string DescribeParquetFile(const ParquetFile& file);

struct ParquetReadOptions {
  /// Top-level columns to read, in this order. Empty: every readable column (nested
  /// and unsupported ones are skipped with a notice). Naming a nested column is a
  /// NotImplementedError; an unknown name an InvalidArgumentError.
  std::vector<std::string> columns;
  /// Conjunction of hints used to skip row groups and pages (see predicate.h). A
  /// predicate on a column that is not read is still used for skipping.
  std::vector<ColumnPredicate> predicates;
  /// Row groups decoded ahead of the consumer; 0 = the scheduler's thread count + 1.
  size_t max_parallel_row_groups = 0;
  /// Use the page index (ColumnIndex / OffsetIndex) when predicates are given.
  bool use_page_index = true;
};

/// Opens `path` for reading with `options`. Throws as ParquetFile::Open, plus
/// InvalidArgumentError / NotImplementedError for bad column selections.
std::unique_ptr<formats::Reader> OpenParquetReader(const std::string& path,
                                                   const ParquetReadOptions& options);
/// Same over an opened file.
std::unique_ptr<formats::Reader> OpenParquetReader(std::shared_ptr<const ParquetFile> file,
                                                   const ParquetReadOptions& options);

/// Counters beyond ReadStats, for tests and EXPLAIN-like output.
struct ParquetScanCounters {
  size_t row_groups_total = 0;
  size_t row_groups_skipped = 0;  ///< By statistics or by the page index.
  uint64_t rows_skipped = 0;      ///< Rows of skipped row groups and pages.
};
/// The counters of a reader made by OpenParquetReader (zeros for other readers).
ParquetScanCounters GetScanCounters(const formats::Reader& reader);

}  // namespace sluice::parquet
