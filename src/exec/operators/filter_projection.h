#pragma once
// Streaming operators: filter and projection. Each thread evaluates with its own
// ExpressionEvaluators (exec/expression/evaluator.h) held in its OperatorState.

#include "exec/pipeline/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

/// The rows of the input for which the predicate is TRUE. The predicate is evaluated
/// into a selection; the selected rows are then copied into a dense output chunk
/// (a selection travelling with the chunk, so a projection can read through it
/// without the copy, is the next step).
class PhysicalFilter : public PhysicalOperator {
 public:
  PhysicalFilter(std::unique_ptr<PhysicalOperator> child, sql::BoundExpressionPtr predicate);
  std::string name() const override { return "Filter " + predicate_->ToString(); }
  std::unique_ptr<OperatorState> MakeOperatorState(const ExecutionContext& context) const override;
  OperatorResult Execute(const Chunk& input, Chunk* out, OperatorState& state) const override;

 private:
  sql::BoundExpressionPtr predicate_;
};

/// One output column per expression.
class PhysicalProjection : public PhysicalOperator {
 public:
  PhysicalProjection(std::unique_ptr<PhysicalOperator> child, std::vector<sql::BoundExpressionPtr> expressions);
  std::string name() const override;
  std::unique_ptr<OperatorState> MakeOperatorState(const ExecutionContext& context) const override;
  OperatorResult Execute(const Chunk& input, Chunk* out, OperatorState& state) const override;

 private:
  std::vector<sql::BoundExpressionPtr> expressions_;
};

/// Types of `expressions`.
std::vector<DataType> ExpressionTypes(const std::vector<sql::BoundExpressionPtr>& expressions);

}  // namespace sluice::exec
