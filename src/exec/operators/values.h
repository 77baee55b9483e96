#pragma once
// Constant rows as a source (VALUES, SELECT without FROM) and UNION ALL.

#include <vector>

#include "exec/pipeline/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

/// Rows of expressions without column references, evaluated when the query runs (so
/// random() differs per row and errors surface at run time), in chunks of up to
/// kChunkCapacity rows, on one thread.
class PhysicalValues : public PhysicalOperator {
 public:
  PhysicalValues(std::vector<DataType> types, std::vector<std::vector<sql::BoundExpressionPtr>> rows);
  std::string name() const override;

  bool IsSource() const override { return true; }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext& context) const override;
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState& local, Chunk* out) const override;

 private:
  std::vector<std::vector<sql::BoundExpressionPtr>> rows_;
};

/// UNION ALL: the executor runs the operators above it once per child (IsUnion).
class PhysicalUnionAll : public PhysicalOperator {
 public:
  explicit PhysicalUnionAll(std::vector<std::unique_ptr<PhysicalOperator>> children);
  std::string name() const override { return "UnionAll"; }
  bool IsUnion() const override { return true; }

 private:
  PhysicalUnionAll(std::vector<DataType> types, std::vector<std::unique_ptr<PhysicalOperator>>&& children)
      : PhysicalOperator(std::move(types), std::move(children)) {}
};

}  // namespace sluice::exec
