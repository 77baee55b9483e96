#pragma once
// The parallel hash join for equi-joins: a sink for the build side (children()[1]),
// whose threads collect rows locally and whose Finalize builds one hash directory
// (exec/join/join_hash_table.h), and a streaming operator in the probe side's pipeline
// (children()[0]) that joins each probe chunk (exec/join/hash_join_probe.h). RIGHT and FULL
// joins add a final pass that emits the build rows no probe row joined.

#include <memory>
#include <string>
#include <vector>

#include "exec/join/hash_join_probe.h"
#include "exec/join/join_type.h"
#include "exec/pipeline/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

/// Output columns follow join_type.h: probe ++ build columns for INNER, LEFT, RIGHT,
/// FULL and SINGLE; probe columns for SEMI and ANTI; probe columns ++ BOOLEAN for MARK.
class PhysicalHashJoin : public PhysicalOperator {
 public:
  /// probe = children()[0], build = children()[1]. probe_keys[i] (over the probe side's
  /// columns) equals build_keys[i] (over the build side's columns); both already
  /// coerced to the same type. nulls_equal[i]: key i matches NULL to NULL (IS NOT
  /// DISTINCT FROM, used for INTERSECT/EXCEPT); otherwise a NULL key never matches.
  /// residual (may be null): an extra boolean condition over the probe columns followed
  /// by the build columns (column i < probe width = probe column i, else build column
  /// i - probe width), checked on candidate pairs. null_aware: for kAnti (NOT IN) and
  /// kMark (IN), SQL's three-valued IN semantics (HashJoinSpec::null_aware) for the
  /// first key; further keys and the residual are then the subquery's correlation
  /// (they pick the set the first key is compared with).
  PhysicalHashJoin(std::unique_ptr<PhysicalOperator> probe, std::unique_ptr<PhysicalOperator> build, JoinType type,
                   std::vector<sql::BoundExpressionPtr> probe_keys, std::vector<sql::BoundExpressionPtr> build_keys,
                   std::vector<bool> nulls_equal, sql::BoundExpressionPtr residual, bool null_aware);

  /// "HashJoin INNER keys: #0 = #1", then ", …" per further key (IS NOT DISTINCT FROM
  /// for nulls_equal keys), " residual: …" and " null_aware" when they apply.
  std::string name() const override { return name_; }
  JoinType join_type() const { return spec_.type; }

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

  // Final pass (RIGHT, FULL): unmatched build rows with NULL probe columns.
  bool HasFinalOutput() const override { return EmitsUnmatchedBuild(spec_.type); }
  std::unique_ptr<GlobalSourceState> MakeFinalState(const ExecutionContext& context) const override;
  SourceResult GetFinalChunk(const ExecutionContext& context, GlobalSourceState& state, Chunk* out) const override;

 private:
  /// The children are moved only after `types` were computed from them.
  PhysicalHashJoin(std::vector<DataType> types, std::unique_ptr<PhysicalOperator>&& probe,
                   std::unique_ptr<PhysicalOperator>&& build, JoinType type,
                   std::vector<sql::BoundExpressionPtr> probe_keys, std::vector<sql::BoundExpressionPtr> build_keys,
                   std::vector<bool> nulls_equal, sql::BoundExpressionPtr residual, bool null_aware);

  HashJoinSpec spec_;
  std::string name_;
};

}  // namespace sluice::exec
