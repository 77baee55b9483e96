#pragma once
// Hive-style partitioned output: rows go to ROOT/col=value/.../part-NNNNN-RUN.ext, one
// data file per partition (more when many partitions are open at once, or when a file
// reaches the row or size limit: formats/file_sequence.h), without the partition
// columns, which live in the path. NNNNN counts a partition's files from 00000. Values are escaped as Hive's
// FileUtils.escapePathName does; NULL and the empty string become
// __HIVE_DEFAULT_PARTITION__.
//
// Files are written into a staging folder under ROOT and moved into place by
// Finish(): a failed or interrupted write leaves no partial data files in the tree.
// Existing files under ROOT are kept (new files have a run id in their name), so a
// second write appends.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "formats/file_sequence.h"
#include "formats/format.h"
#include "io/file.h"

namespace sluice::formats {

inline constexpr std::string_view kHiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

/// Escapes bytes Hive escapes in path names (controls, "#%'*/:=?\{[]^ and DEL) as %XX.
std::string EscapeHivePathValue(std::string_view value);
/// Reverses EscapeHivePathValue (%XX with hex digits; other '%' stay).
std::string UnescapeHivePathValue(std::string_view text);
/// The path text of row `row` of a partition column: NULL and "" are the default
/// partition; other values are their canonical text, escaped.
std::string HivePartitionPathValue(const Vector& vector, size_t row);

struct PartitionedWriteOptions {
  std::string root;                       ///< Output folder (created if missing).
  std::vector<std::string> partition_by;  ///< Column names, outermost first.
  std::string extension = ".parquet";     ///< Data file name suffix.
  size_t max_open_files = 64;             ///< Files open at once; beyond, the least
                                          ///< recently used is closed (a new part
                                          ///< file is started if its partition returns).
  /// When a partition's file is full and its next rows start a new file. The row limit
  /// is exact; the size is checked whenever rows reach the file (in blocks of up to a
  /// chunk's capacity per partition).
  FileLimits limits;
};

/// A Writer that splits rows by partition values into one file writer per partition.
class HivePartitionedWriter : public Writer {
 public:
  /// Throws InvalidArgumentError for unknown, duplicate or non-scalar partition
  /// columns, or when every column would be a partition column.
  HivePartitionedWriter(const Schema& schema, PartitionedWriteOptions options,
                        FileWriterFactory factory);
  ~HivePartitionedWriter() override;

  void Write(const Chunk& chunk) override;
  /// Finishes every file and moves them from the staging folder into the tree.
  void Finish() override;

  /// Partition paths ("col=value/col2=value") written so far, in first-seen order.
  const std::vector<std::string>& partitions() const { return partition_paths_; }
  /// Final paths of the data files (complete after Finish()).
  const std::vector<std::string>& files() const { return final_files_; }

 private:
  struct Partition;
  Partition& PartitionFor(const std::string& path);
  void OpenFile(Partition& partition);
  void FlushBuffer(Partition& partition);
  void CloseFile(Partition& partition);
  /// Rows the partition's file still takes by its size target, beyond those buffered
  /// (FileLimits::RowsThatFit).
  uint64_t RowsThatFit(const Partition& partition) const;

  Schema data_schema_;
  std::vector<size_t> partition_columns_;
  std::vector<size_t> data_columns_;
  PartitionedWriteOptions options_;
  FileWriterFactory factory_;
  std::string run_id_;
  std::string staging_;
  std::unordered_map<std::string, std::unique_ptr<Partition>> by_path_;
  std::vector<std::string> partition_paths_;
  std::vector<std::pair<std::string, std::string>> staged_files_;  // staged, final
  std::vector<std::string> final_files_;
  size_t open_files_ = 0;
  double bytes_per_row_ = 0;  ///< Of the last file closed; 0 before.
  uint64_t clock_ = 0;
  bool finished_ = false;
};

}  // namespace sluice::formats
