#pragma once
// Output cut into several data files of a bounded size: the limits that end a file
// (a row count, an estimated size in bytes), the names of the files that follow the
// first, and the writer of one folder's rows as such a sequence of files. The
// partitioned writer (formats/hive_partitioning.h) applies the same limits to each
// partition's files; SQL's COPY, CREATE TABLE AS and table writes set them
// (exec/operators/copy_to.h).
//
// Why estimates: a writer buffers what it has not written yet (a Parquet row group, a
// block of text, the compressor's window), so the size of a file is known only when
// it is finished. Writer::EstimatedFileBytes() adds what is buffered, encoded as the
// file so far suggests; a file ends after the write that takes it to the target. Rows
// are written in slices sized by the bytes per row so far (FileLimits::RowsThatFit),
// so a file passes the target by about a row, not by a chunk.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "formats/file_writer.h"
#include "formats/format.h"
#include "io/file.h"

namespace sluice::formats {

/// Makes the writer of one data file with the given schema.
using FileWriterFactory =
    std::function<std::unique_ptr<Writer>(io::OutputStream* out, const Schema& schema)>;

/// When a data file is full and the next rows start a new file (0: no limit).
struct FileLimits {
  /// Most rows in one file: every file but the last of a sequence holds exactly this.
  uint64_t max_rows_per_file = 0;
  /// A file ends once its writer's EstimatedFileBytes() reaches this.
  uint64_t target_file_bytes = 0;

  bool unlimited() const { return max_rows_per_file == 0 && target_file_bytes == 0; }
  /// Rows a file that holds `rows` still takes (UINT64_MAX without a row limit).
  uint64_t RowsLeft(uint64_t rows) const;
  /// Rows that still fit below target_file_bytes in a file whose `written` rows are
  /// estimated at `estimated_bytes`, at the bytes per row so far (rounded up, so a
  /// file reaches the target); before a file's first row, at `bytes_per_row` (of the
  /// files before it; 0 when there were none: then a probe of kProbeRows rows).
  /// UINT64_MAX without a target, 0 once the target is reached. Writing no more than
  /// this keeps a file from passing the target by a whole chunk.
  uint64_t RowsThatFit(uint64_t written, uint64_t estimated_bytes, double bytes_per_row) const;
  /// Rows of the first write of a sequence with a size target: a sample for the
  /// bytes per row.
  static constexpr uint64_t kProbeRows = 64;
  /// Whether a file holding `rows` rows, written by `writer`, is full.
  bool Full(uint64_t rows, const Writer& writer) const;
};

/// Fits the Parquet row groups to `limits`: no more rows than max_rows_per_file, and
/// at most a quarter of target_file_bytes buffered per row group, so that a file's
/// size estimate rests on row groups already written before it nears the target.
void FitRowGroups(const FileLimits& limits, FileWriteOptions* options);

/// The name (without extension) of file `index` of a sequence whose first file is
/// `first`: index 0 is `first`; a first name "part-00000-…" counts in its digits
/// ("part-00003-…"); another name gets "-00003" appended.
std::string SequencedFileName(std::string_view first, uint64_t index);

/// 12 random hex digits: names of one run that must not collide with other runs'.
std::string RandomRunId();

/// Options of a FileSequenceWriter.
struct FileSequenceOptions {
  std::string folder;      ///< Where the files end up (must exist).
  std::string first_name;  ///< The first file's name, without extension.
  std::string extension;   ///< ".parquet", ".csv.gz", …
  FileLimits limits;
  /// Write the files in a staging folder inside `folder` and move them into it only
  /// in Finish(), so that a failed write leaves nothing. Without staging, files appear
  /// in `folder` as they are closed: for a folder that is itself temporary.
  bool staging = false;
};

/// A Writer of one folder's rows as a sequence of data files, each ended by the
/// limits (FileSequenceOptions). The first file is opened at once, so a bad folder
/// fails before any row and an empty output is one file without rows; later files are
/// opened when rows arrive for them. One file is open at a time: finished files are
/// closed. Destroying the writer before Finish() removes its files (staged ones, and
/// the open one; unstaged finished files are the caller's to remove).
class FileSequenceWriter : public Writer {
 public:
  /// Throws IOError when the first file (or the staging folder) cannot be created.
  FileSequenceWriter(const Schema& schema, FileSequenceOptions options, FileWriterFactory factory);
  ~FileSequenceWriter() override;

  void Write(const Chunk& chunk) override;
  /// Finishes the open file and moves the staged files into the folder.
  void Finish() override;
  /// The open file's estimate; 0 between files.
  uint64_t EstimatedFileBytes() const override;

  /// The files' paths in the folder, in the order they were opened (all of them, the
  /// open one included; they exist under these names after Finish()).
  const std::vector<std::string>& files() const { return files_; }

 private:
  void OpenFile();
  void CloseFile();

  Schema schema_;
  FileSequenceOptions options_;
  FileWriterFactory factory_;
  std::string staging_;  ///< Empty without staging.
  std::vector<std::string> files_;
  std::vector<std::string> staged_;  ///< Parallel to files_ when staging.
  std::unique_ptr<io::AtomicFileWriter> file_;
  std::unique_ptr<Writer> writer_;
  uint64_t rows_in_file_ = 0;
  double bytes_per_row_ = 0;  ///< Of the last finished file; 0 before.
  bool finished_ = false;
};

}  // namespace sluice::formats
