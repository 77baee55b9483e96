#include "exec/pipeline/physical_operator.h"

#include "core/error.h"

namespace sluice::exec {
namespace {

[[noreturn]] void NoSuchRole(const PhysicalOperator& op, const char* role) {
  throw InternalError(op.name() + " is not a " + role);
}

}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalOperator::MakeGlobalSourceState(const ExecutionContext&) const {
  return std::make_unique<GlobalSourceState>();
}
std::unique_ptr<LocalSourceState> PhysicalOperator::MakeLocalSourceState(GlobalSourceState&) const {
  return std::make_unique<LocalSourceState>();
}
SourceResult PhysicalOperator::GetChunk(GlobalSourceState&, LocalSourceState&, Chunk*) const {
  NoSuchRole(*this, "source");
}
std::unique_ptr<OperatorState> PhysicalOperator::MakeOperatorState(const ExecutionContext&) const {
  return std::make_unique<OperatorState>();
}
OperatorResult PhysicalOperator::Execute(const Chunk&, Chunk*, OperatorState&) const {
  NoSuchRole(*this, "streaming operator");
}
std::unique_ptr<GlobalSinkState> PhysicalOperator::MakeGlobalSinkState(const ExecutionContext&) const {
  NoSuchRole(*this, "sink");
}
std::unique_ptr<LocalSinkState> PhysicalOperator::MakeLocalSinkState(GlobalSinkState&,
                                                                     const ExecutionContext&) const {
  return std::make_unique<LocalSinkState>();
}
SinkResult PhysicalOperator::Sink(const Chunk&, GlobalSinkState&, LocalSinkState&) const {
  NoSuchRole(*this, "sink");
}
void PhysicalOperator::Combine(GlobalSinkState&, LocalSinkState&) const {}
void PhysicalOperator::Finalize(GlobalSinkState&, const ExecutionContext&) const {}
SourceResult PhysicalOperator::GetFinalChunk(const ExecutionContext&, GlobalSourceState&, Chunk*) const {
  return SourceResult::kFinished;
}
std::unique_ptr<GlobalSourceState> PhysicalOperator::MakeFinalState(const ExecutionContext&) const {
  return std::make_unique<GlobalSourceState>();
}

std::string PhysicalOperator::ToString(int depth) const {
  std::string text(static_cast<size_t>(depth) * 2, ' ');
  text += name() + "\n";
  for (const auto& child : children_) text += child->ToString(depth + 1);
  return text;
}

}  // namespace sluice::exec
