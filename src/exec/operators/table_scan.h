#pragma once
// Source: the rows of a file-backed table (sql/planner/table_source.h). One reader per
// query, opened when the pipeline starts; threads take turns calling its Next() under
// a lock (the readers decode in parallel internally) and hand the chunks to their own
// downstream operators, so everything after the read runs on every core.

#include <memory>
#include <vector>

#include "exec/pipeline/physical_operator.h"
#include "sql/planner/table_source.h"

namespace sluice::exec {

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
  std::shared_ptr<const sql::TableSource> source_;
  std::vector<size_t> columns_;  ///< Indices into source_->schema.
  std::vector<parquet::ColumnPredicate> predicates_;
  std::vector<size_t> positions_;  ///< Where each output column is in a reader chunk.
};

}  // namespace sluice::exec
