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
  {
    std::lock_guard lock(global.mutex);
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
