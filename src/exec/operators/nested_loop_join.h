#pragma once
// The nested-loop join: every probe row against every build row, for cross joins and
// join conditions no other algorithm handles (OR, <>, functions of both sides). The
// range join (range_join.h) takes inequalities, the hash join equalities.

#include <memory>
#include <string>

#include "exec/join/join_type.h"
#include "exec/pipeline/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

/// probe = children()[0], build = children()[1]; `condition` (may be null = CROSS JOIN)
/// is a boolean expression over the probe columns followed by the build columns
/// (column i < probe width = probe column i, else build column i - probe width).
/// Every JoinType: kMark is not null-aware (TRUE / FALSE, or NULL when no pair is TRUE
/// but some pair's condition is NULL); kSingle throws ConstraintError "scalar subquery
/// returned more than one row" when a probe row matches two build rows.
///
/// The build pipeline materializes the build rows (JoinBuildRows, memory reserved
/// under name()). Each probe thread walks, per probe chunk, the build rows in order
/// and pairs each with the chunk's rows; up to kChunkCapacity pairs at a time gather
/// the columns the condition reads and are tested with one vectorized evaluation. So
/// small probe chunks still make full evaluation batches. SEMI, ANTI and MARK stop
/// pairing a probe row once it matched, and the chunk once all did.
/// Cost: O(|probe| × |build|) condition evaluations (fewer for SEMI/ANTI/MARK), memory
/// O(|build|); output in chunks of at most kChunkCapacity rows.
class PhysicalNestedLoopJoin : public PhysicalOperator {
 public:
  PhysicalNestedLoopJoin(std::unique_ptr<PhysicalOperator> probe, std::unique_ptr<PhysicalOperator> build,
                         JoinType type, sql::BoundExpressionPtr condition);
  /// "NestedLoopJoin LEFT on: (#0 < #3)"; "NestedLoopJoin INNER" for a cross join.
  std::string name() const override;

  JoinType join_type() const { return type_; }
  const sql::BoundExpressionPtr& condition() const { return condition_; }

  // Build side.
  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState(GlobalSinkState& global,
                                                     const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;
  void Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  void Finalize(GlobalSinkState& global, const ExecutionContext& context) const override;

  // Probe side.
  std::unique_ptr<OperatorState> MakeOperatorState(const ExecutionContext& context) const override;
  OperatorResult Execute(const Chunk& input, Chunk* out, OperatorState& state) const override;

  // Unmatched build rows (RIGHT, FULL).
  bool HasFinalOutput() const override { return EmitsUnmatchedBuild(type_); }
  std::unique_ptr<GlobalSourceState> MakeFinalState(const ExecutionContext& context) const override;
  SourceResult GetFinalChunk(const ExecutionContext& context, GlobalSourceState& state, Chunk* out) const override;

 private:
  /// The output types are computed before the children move (argument order).
  PhysicalNestedLoopJoin(std::vector<DataType> types, std::unique_ptr<PhysicalOperator>&& probe,
                         std::unique_ptr<PhysicalOperator>&& build, JoinType type, sql::BoundExpressionPtr condition);

  JoinType type_;
  sql::BoundExpressionPtr condition_;
};

}  // namespace sluice::exec
