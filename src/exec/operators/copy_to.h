#pragma once
// COPY (query) TO … and CREATE TABLE AS: the sink at the root of a query's plan that
// writes the rows to files through the format writers (formats/file_writer.h, and
// formats/hive_partitioning.h for PARTITION_BY), in place of the result collector.
//
// Why a root sink planned by the engine and not a logical node: writing is what a
// statement does with its query's result, never a step inside a query, so it can only
// sit at the root; the optimizer has nothing to do with it, and a logical node would
// be one more kind every rule must pass through. The engine binds and optimizes the
// query as any other, builds its physical operators and puts this sink on top
// (engine/copy_statement.cpp).
//
// Threads: every pipeline thread pushes its chunks into one writer behind a mutex —
// our writers are sequential streams (one file, or one file per partition), and the
// Parquet writer encodes and compresses each row group as parallel tasks itself. A
// query that ends in ORDER BY runs its last pipeline on one thread, so the file keeps
// the order.
//
// Atomicity: a file is written to a temporary file beside it and renamed over the
// target when the query succeeds (io::AtomicFileWriter); a folder (PARTITION_BY, or a
// CREATE TABLE AS location) is written as a temporary folder beside the target and
// renamed into place. On any error, or Ctrl-C, the temporaries are removed when the
// query's state is destroyed: nothing is left behind and an existing target is
// untouched.

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.h"
#include "exec/pipeline/physical_operator.h"
#include "formats/file_writer.h"

namespace sluice::exec {

/// Where and how a copy writes.
struct CopyTarget {
  enum class Layout : uint8_t {
    kFile,    ///< `path` is one data file, replaced if it exists.
    kFolder,  ///< `path` is a folder of data files: `file_name` when partition_by is
              ///< empty (then formats::SequencedFileName's names when the limits cut
              ///< the output into several files), else a Hive tree
              ///< col=value/…/part-NNNNN-RUN.ext.
  };
  /// What a kFolder write does when `path` is a folder that is not empty.
  enum class ExistingFolder : uint8_t {
    kFail,     ///< InvalidArgumentError before anything is written.
    kAppend,   ///< Adds files beside the existing ones (new files have new names).
    kReplace,  ///< Replaces the folder once the new one is complete.
  };
  Layout layout = Layout::kFile;
  std::string path;
  std::string file_name = "data";  ///< kFolder without partition_by (the extension is added).
  ExistingFolder existing = ExistingFolder::kFail;
  /// kFolder: create the folders above `path` that are missing (removed again when the
  /// copy fails). Otherwise a missing parent folder is an error.
  bool create_parents = false;
  std::vector<std::string> partition_by;  ///< Column names of `schema`, outermost first.
  /// kFolder: a folder's (a partition's) file ends after this many rows, exactly, and
  /// the next rows go to a new file beside it; 0 = unlimited. Parquet row groups are
  /// made no longer.
  uint64_t max_rows_per_file = 0;
  /// kFolder: a file ends once its estimated size (formats::Writer::
  /// EstimatedFileBytes: the bytes written plus what the writer buffers, encoded as
  /// the file so far) reaches this; it exceeds it by at most what one write of up to a
  /// chunk of rows adds. 0 = unlimited.
  uint64_t target_file_bytes = 0;
  formats::FileWriteOptions write;
  Schema schema;  ///< The rows' column names and types.
  /// The statement, for messages: "COPY" or "CREATE TABLE AS".
  std::string statement = "COPY";
  /// Columns of `schema` that must not hold NULL (a table's NOT NULL columns): a NULL
  /// there fails the copy with ConstraintError naming the column and `table`.
  std::vector<size_t> not_null_columns;
  std::string table;
};

/// What a finished copy wrote.
struct CopyResult {
  uint64_t rows = 0;
  /// The data files, at their final paths, in the order they were opened (a folder's
  /// or partition's files in the order of their rows).
  std::vector<std::string> files;
};

/// The writing sink. MakeGlobalSinkState opens the output (so a bad path fails before
/// any row is computed), Sink writes, Finalize finishes the files and moves them into
/// place. Memory: the writers' buffers are reserved as they fill, up to what they hold
/// at most (two row groups per open Parquet file, about 2 MiB per open text file).
class PhysicalCopyTo : public PhysicalOperator {
 public:
  PhysicalCopyTo(std::unique_ptr<PhysicalOperator> child, CopyTarget target);
  std::string name() const override;

  bool IsSink() const override { return true; }
  /// Throws InvalidArgumentError when the target cannot take the output (a folder
  /// where a file goes, a folder that is not empty under kFail), IOError when the
  /// operating system refuses to create the files.
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;
  void Finalize(GlobalSinkState& global, const ExecutionContext& context) const override;

  /// What the copy wrote; valid after the pipelines ran without error.
  CopyResult TakeResult(const ExecutionContext& context) const;

  const CopyTarget& target() const { return target_; }

 private:
  CopyTarget target_;
};

}  // namespace sluice::exec
