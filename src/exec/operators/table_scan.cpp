#include "exec/operators/table_scan.h"

#include <mutex>

#include "core/error.h"

namespace sluice::exec {
namespace {

std::vector<DataType> ColumnTypes(const sql::TableSource& source, const std::vector<size_t>& columns) {
  std::vector<DataType> types;
  for (size_t column : columns) types.push_back(source.schema.field(column).type);
  return types;
}

struct ScanGlobalState : GlobalSourceState {
  std::mutex mutex;
  std::unique_ptr<formats::Reader> reader;
  bool finished = false;
};

struct ScanLocalState : LocalSourceState {
  Chunk read;
};

/// The scan whose reader this thread is inside of. Readers wait for their own tasks
/// with TaskGroup::Wait, which runs other queued tasks meanwhile — possibly another
/// pipeline task of this same scan, which must not wait for the lock its own thread
/// holds further up the stack.
thread_local const ScanGlobalState* reading_scan = nullptr;

class ReadingScope {
 public:
  explicit ReadingScope(const ScanGlobalState* scan) : previous_(reading_scan) { reading_scan = scan; }
  ~ReadingScope() { reading_scan = previous_; }
  ReadingScope(const ReadingScope&) = delete;
  ReadingScope& operator=(const ReadingScope&) = delete;

 private:
  const ScanGlobalState* previous_;
};

}  // namespace

PhysicalTableScan::PhysicalTableScan(std::shared_ptr<const sql::TableSource> source, std::vector<size_t> columns,
                                     std::vector<parquet::ColumnPredicate> predicates)
    : PhysicalOperator(ColumnTypes(*source, columns), std::vector<std::unique_ptr<PhysicalOperator>>()), source_(std::move(source)),
      columns_(std::move(columns)), predicates_(std::move(predicates)) {
  for (size_t i = 0; i < columns_.size(); ++i) positions_.push_back(source_->ReadsAllColumns() ? columns_[i] : i);
}

std::string PhysicalTableScan::name() const { return "TableScan " + source_->description; }

std::unique_ptr<GlobalSourceState> PhysicalTableScan::MakeGlobalSourceState(const ExecutionContext&) const {
  auto state = std::make_unique<ScanGlobalState>();
  state->reader = source_->OpenReader(columns_, predicates_);
  return state;
}

std::unique_ptr<LocalSourceState> PhysicalTableScan::MakeLocalSourceState(GlobalSourceState&) const {
  return std::make_unique<ScanLocalState>();
}

SourceResult PhysicalTableScan::GetChunk(GlobalSourceState& global_state, LocalSourceState& local_state,
                                         Chunk* out) const {
  auto& global = static_cast<ScanGlobalState&>(global_state);
  auto& local = static_cast<ScanLocalState&>(local_state);
  // A pipeline task nested inside this thread's own read: end it (with no rows); the
  // outer task and the other threads drain the reader.
  if (reading_scan == &global) return SourceResult::kFinished;
  {
    std::lock_guard lock(global.mutex);
    ReadingScope scope(&global);
    if (global.finished) return SourceResult::kFinished;
    if (!global.reader->Next(&local.read)) {
      global.finished = true;
      return SourceResult::kFinished;
    }
  }
  SLUICE_ASSERT(local.read.size() <= out->capacity(), "reader chunks fit a pipeline chunk");
  for (size_t i = 0; i < positions_.size(); ++i) {
    Vector& column = local.read.column(positions_[i]);
    if (column.type() != types()[i]) {
      throw FormatError(source_->path + ": column '" + source_->schema.field(columns_[i]).name + "' changed type to " +
                        column.type().ToString() + " during the read (bound as " + types()[i].ToString() + ")");
    }
    out->column(i) = std::move(column);
  }
  out->set_size(local.read.size());
  return SourceResult::kHaveOutput;
}

}  // namespace sluice::exec
