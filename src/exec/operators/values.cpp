#include "exec/operators/values.h"

#include "core/vector_copy.h"
#include "exec/expression/evaluator.h"

namespace sluice::exec {
namespace {

struct ValuesState : GlobalSourceState {
  explicit ValuesState(const sql::SessionSettings& session) : session(session) {}
  const sql::SessionSettings& session;
  size_t next_row = 0;
};

}  // namespace

PhysicalValues::PhysicalValues(std::vector<DataType> types, std::vector<std::vector<sql::BoundExpressionPtr>> rows)
    : PhysicalOperator(std::move(types), std::vector<std::unique_ptr<PhysicalOperator>>{}), rows_(std::move(rows)) {}

std::string PhysicalValues::name() const { return "Values " + std::to_string(rows_.size()) + " rows"; }

std::unique_ptr<GlobalSourceState> PhysicalValues::MakeGlobalSourceState(const ExecutionContext& context) const {
  return std::make_unique<ValuesState>(context.session());
}

SourceResult PhysicalValues::GetChunk(GlobalSourceState& global, LocalSourceState&, Chunk* out) const {
  auto& state = static_cast<ValuesState&>(global);
  if (state.next_row >= rows_.size()) return SourceResult::kFinished;
  Chunk one_row(std::vector<DataType>{});
  one_row.set_size(1);
  const uint32_t first = 0;
  size_t count = 0;
  while (state.next_row < rows_.size() && count < out->capacity()) {
    const auto& row = rows_[state.next_row++];
    for (size_t c = 0; c < row.size(); ++c) {
      ExpressionEvaluator evaluator(row[c], state.session);
      const Vector& value = evaluator.EvaluateToVector(one_row, nullptr, 1);
      CopyRows(value, std::span<const uint32_t>(&first, 1), &out->column(c), count);
    }
    ++count;
  }
  out->set_size(count);
  return SourceResult::kHaveOutput;
}

namespace {
std::vector<DataType> FirstChildTypes(const std::vector<std::unique_ptr<PhysicalOperator>>& children) {
  return children.at(0)->types();
}
}  // namespace

PhysicalUnionAll::PhysicalUnionAll(std::vector<std::unique_ptr<PhysicalOperator>> children)
    : PhysicalUnionAll(FirstChildTypes(children), std::move(children)) {}

}  // namespace sluice::exec
