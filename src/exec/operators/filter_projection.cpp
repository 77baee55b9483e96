#include "exec/operators/filter_projection.h"

#include <numeric>

#include "core/vector_copy.h"
#include "exec/expression/evaluator.h"

namespace sluice::exec {
namespace {

struct FilterState : OperatorState {
  FilterState(sql::BoundExpressionPtr predicate, const sql::SessionSettings& session)
      : evaluator(std::move(predicate), session) {}
  ExpressionEvaluator evaluator;
  sql::SelectionVector selection;
  std::vector<size_t> columns;
};

struct ProjectionState : OperatorState {
  std::vector<std::unique_ptr<ExpressionEvaluator>> evaluators;
  std::vector<uint32_t> all_rows;
};

}  // namespace

std::vector<DataType> ExpressionTypes(const std::vector<sql::BoundExpressionPtr>& expressions) {
  std::vector<DataType> types;
  for (const auto& e : expressions) types.push_back(e->type());
  return types;
}

PhysicalFilter::PhysicalFilter(std::unique_ptr<PhysicalOperator> child, sql::BoundExpressionPtr predicate)
    : PhysicalOperator(std::move(child)), predicate_(std::move(predicate)) {}

std::unique_ptr<OperatorState> PhysicalFilter::MakeOperatorState(const ExecutionContext& context) const {
  auto state = std::make_unique<FilterState>(predicate_, context.session());
  state->columns.resize(types().size());
  std::iota(state->columns.begin(), state->columns.end(), size_t{0});
  return state;
}

OperatorResult PhysicalFilter::Execute(const Chunk& input, Chunk* out, OperatorState& state_base) const {
  auto& state = static_cast<FilterState&>(state_base);
  size_t count = state.evaluator.Select(input, nullptr, input.size(), &state.selection);
  AppendRows(input, state.columns, std::span<const uint32_t>(state.selection.data(), count), out);
  return OperatorResult::kNeedMoreInput;
}

PhysicalProjection::PhysicalProjection(std::unique_ptr<PhysicalOperator> child,
                                       std::vector<sql::BoundExpressionPtr> expressions)
    : PhysicalOperator(ExpressionTypes(expressions), std::move(child)), expressions_(std::move(expressions)) {}

std::string PhysicalProjection::name() const {
  std::string text = "Projection";
  for (size_t i = 0; i < expressions_.size(); ++i) text += (i == 0 ? " " : ", ") + expressions_[i]->ToString();
  return text;
}

std::unique_ptr<OperatorState> PhysicalProjection::MakeOperatorState(const ExecutionContext& context) const {
  auto state = std::make_unique<ProjectionState>();
  for (const auto& e : expressions_) state->evaluators.push_back(std::make_unique<ExpressionEvaluator>(e, context.session()));
  state->all_rows.resize(kChunkCapacity);
  std::iota(state->all_rows.begin(), state->all_rows.end(), uint32_t{0});
  return state;
}

OperatorResult PhysicalProjection::Execute(const Chunk& input, Chunk* out, OperatorState& state_base) const {
  auto& state = static_cast<ProjectionState&>(state_base);
  size_t count = input.size();
  std::span<const uint32_t> rows(state.all_rows.data(), count);
  for (size_t i = 0; i < expressions_.size(); ++i) {
    const Vector& result = state.evaluators[i]->EvaluateToVector(input, nullptr, count);
    CopyRows(result, rows, &out->column(i), 0);
  }
  out->set_size(count);
  return OperatorResult::kNeedMoreInput;
}

}  // namespace sluice::exec
