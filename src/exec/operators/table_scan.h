#pragma once
// Source: the rows of a file-backed table (sql/planner/table_source.h), over one file
// or many.
//
// Files are taken from a shared queue: a thread without a file opens the next one
// and reads it on its own, so N files are read by up to N threads at once (each
// reader also decodes in parallel internally). When the queue is empty, a thread
// joins a file another thread is still reading: they take turns calling its Next()
// under that file's lock, as one big file is read by every thread, and hand the
// chunks to their own downstream operators, so everything after the read runs on
// every core. At most one file per thread is open at a time.
//
// Per chunk, each output column is the reader's column (cast to the bound type when
// a Parquet file has a narrower one), NULLs when the file lacks the column, or the
// file's constant (partition value, file name) repeated.

#include <memory>
#include <vector>

#include "exec/pipeline/physical_operator.h"
#include "sql/planner/table_source.h"

namespace sluice::exec {

struct TableScanFile;
struct TableScanState;

class PhysicalTableScan : public PhysicalOperator {
 public:
  PhysicalTableScan(std::shared_ptr<const sql::TableSource> source, std::vector<size_t> columns,
                    std::vector<parquet::ColumnPredicate> predicates);
  std::string name() const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext& context) const override;
  std::unique_ptr<LocalSourceState> MakeLocalSourceState(GlobalSourceState& global) const override;
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState& local, Chunk* out) const override;

 private:
  /// The file a thread reads next: a new one from the queue, else one still being
  /// read by another thread; null when every file is done.
  std::shared_ptr<TableScanFile> AcquireFile(TableScanState& state) const;
  /// Moves (or casts, or fills) the columns of `read`, a chunk of `file`, into `out`.
  void FillOutput(const TableScanFile& file, const TableScanState& state, Chunk& read, Chunk* out) const;

  std::shared_ptr<const sql::TableSource> source_;
  std::vector<size_t> columns_;  ///< Indices into source_->schema.
  std::vector<parquet::ColumnPredicate> predicates_;
};

}  // namespace sluice::exec
