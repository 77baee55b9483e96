#include "exec/operators/table_scan.h"

#include <cstring>
#include <mutex>

#include "core/error.h"
#include "sql/expression/cast.h"

namespace sluice::exec {

/// One open file, shared by the threads reading it.
struct TableScanFile {
  size_t file = 0;  ///< Index into TableSource::files.
  sql::OpenedFile opened;
  std::vector<sql::CastKernel> casts;  ///< Per output column: the kernel of a kCast fill.
  std::mutex mutex;                    ///< Guards the reader and `finished`.
  bool finished = false;
};

/// The scan's global source state: the queue of files and the files being read.
struct TableScanState : GlobalSourceState {
  const sql::SessionSettings* session = nullptr;
  std::mutex mutex;        ///< Guards the fields below.
  size_t next_file = 0;    ///< The queue: files before it are taken.
  size_t next_shared = 0;  ///< Round robin over `open` for threads that join a file.
  std::vector<std::shared_ptr<TableScanFile>> open;
};

namespace {

struct ScanLocalState : LocalSourceState {
  Chunk read;
  std::shared_ptr<TableScanFile> file;  ///< The file this thread reads, if any.
};

std::vector<DataType> ColumnTypes(const sql::TableSource& source, const std::vector<size_t>& columns) {
  std::vector<DataType> types;
  for (size_t column : columns) types.push_back(source.schema.field(column).type);
  return types;
}

/// The scan whose reader this thread is inside of. Readers wait for their own tasks
/// with TaskGroup::Wait, which runs other queued tasks meanwhile — possibly another
/// pipeline task of this same scan, which must not wait for the lock its own thread
/// holds further up the stack, nor open files ever deeper in the stack.
thread_local const TableScanState* reading_scan = nullptr;

class ReadingScope {
 public:
  explicit ReadingScope(const TableScanState* scan) : previous_(reading_scan) { reading_scan = scan; }
  ~ReadingScope() { reading_scan = previous_; }
  ReadingScope(const ReadingScope&) = delete;
  ReadingScope& operator=(const ReadingScope&) = delete;

 private:
  const TableScanState* previous_;
};

/// `vector` made a writable, all-valid vector of `type` for `rows` rows.
Vector& Writable(Vector& vector, const DataType& type, size_t rows) {
  if (vector.type() != type || vector.capacity() < rows) {
    vector = Vector(type, std::max(rows, kChunkCapacity));
  } else {
    vector.Reset();
  }
  return vector;
}

/// Writes `value` to rows [0, rows) of `vector`.
void FillConstant(const Value& value, size_t rows, Vector* vector) {
  if (rows == 0) return;
  if (value.is_null()) {
    for (size_t r = 0; r < rows; ++r) vector->SetNull(r);
    return;
  }
  value.WriteTo(vector, 0);  // a long string goes to the heap once; the rows share it
  const size_t width = vector->type().fixed_width();
  uint8_t* data = vector->raw_data();
  for (size_t r = 1; r < rows; ++r) std::memcpy(data + r * width, data, width);
}

}  // namespace

PhysicalTableScan::PhysicalTableScan(std::shared_ptr<const sql::TableSource> source, std::vector<size_t> columns,
                                     std::vector<parquet::ColumnPredicate> predicates)
    : PhysicalOperator(ColumnTypes(*source, columns), std::vector<std::unique_ptr<PhysicalOperator>>()),
      source_(std::move(source)), columns_(std::move(columns)), predicates_(std::move(predicates)) {}

std::string PhysicalTableScan::name() const { return "TableScan " + source_->description; }

std::unique_ptr<GlobalSourceState> PhysicalTableScan::MakeGlobalSourceState(const ExecutionContext& context) const {
  auto state = std::make_unique<TableScanState>();
  state->session = &context.session();
  return state;
}

std::unique_ptr<LocalSourceState> PhysicalTableScan::MakeLocalSourceState(GlobalSourceState&) const {
  return std::make_unique<ScanLocalState>();
}

std::shared_ptr<TableScanFile> PhysicalTableScan::AcquireFile(TableScanState& state) const {
  auto file = std::make_shared<TableScanFile>();
  {
    std::lock_guard lock(state.mutex);
    if (state.next_file >= source_->files.size()) {
      // No file left to open: join one still being read (its reader says when done).
      if (state.open.empty()) return nullptr;
      return state.open[state.next_shared++ % state.open.size()];
    }
    file->file = state.next_file++;
  }
  {
    ReadingScope scope(&state);  // opening may sniff on the scheduler
    file->opened = source_->OpenReader(file->file, columns_, predicates_);
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    const sql::ColumnFill& fill = file->opened.fills[i];
    file->casts.push_back(fill.kind == sql::ColumnFill::Kind::kCast ? sql::GetCastKernel(fill.file_type, types()[i])
                                                                     : nullptr);
  }
  std::lock_guard lock(state.mutex);
  state.open.push_back(file);
  return file;
}

SourceResult PhysicalTableScan::GetChunk(GlobalSourceState& global_state, LocalSourceState& local_state,
                                         Chunk* out) const {
  auto& state = static_cast<TableScanState&>(global_state);
  auto& local = static_cast<ScanLocalState&>(local_state);
  // A pipeline task nested inside this thread's own read: end it (with no rows); the
  // outer task and the other threads read the files.
  if (reading_scan == &state) return SourceResult::kFinished;
  while (true) {
    if (local.file == nullptr) {
      local.file = AcquireFile(state);
      if (local.file == nullptr) return SourceResult::kFinished;
    }
    TableScanFile& file = *local.file;
    bool have_rows = false;
    {
      std::lock_guard lock(file.mutex);
      ReadingScope scope(&state);
      if (!file.finished) {
        have_rows = file.opened.reader->Next(&local.read);
        file.finished = !have_rows;
      }
    }
    if (have_rows) {
      FillOutput(file, state, local.read, out);
      return SourceResult::kHaveOutput;
    }
    {
      std::lock_guard lock(state.mutex);
      std::erase(state.open, local.file);
    }
    local.file.reset();
  }
}

void PhysicalTableScan::FillOutput(const TableScanFile& file, const TableScanState& state, Chunk& read,
                                   Chunk* out) const {
  const size_t rows = read.size();
  SLUICE_ASSERT(rows <= out->capacity(), "reader chunks fit a pipeline chunk");
  for (size_t i = 0; i < columns_.size(); ++i) {
    const sql::ColumnFill& fill = file.opened.fills[i];
    switch (fill.kind) {
      case sql::ColumnFill::Kind::kRead: {
        Vector& column = read.column(fill.position);
        if (column.type() != types()[i]) {
          throw FormatError(source_->files[file.file].path + ": column '" + source_->schema.field(columns_[i]).name +
                            "' changed type to " + column.type().ToString() + " during the read (bound as " +
                            types()[i].ToString() + ")");
        }
        out->column(i) = std::move(column);
        break;
      }
      case sql::ColumnFill::Kind::kCast: {
        const Vector& column = read.column(fill.position);
        SLUICE_ASSERT(column.type() == fill.file_type, "a Parquet column keeps its file type");
        sql::CastContext context{state.session, false};
        file.casts[i](context, sql::Operand{&column, false}, sql::Rows{nullptr, rows},
                      &Writable(out->column(i), types()[i], rows));
        break;
      }
      case sql::ColumnFill::Kind::kNull:
        FillConstant(Value::Null(types()[i]), rows, &Writable(out->column(i), types()[i], rows));
        break;
      case sql::ColumnFill::Kind::kConstant:
        FillConstant(fill.constant, rows, &Writable(out->column(i), types()[i], rows));
        break;
    }
  }
  out->set_size(rows);
}

}  // namespace sluice::exec
