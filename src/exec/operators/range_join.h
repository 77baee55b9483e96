#pragma once
// The range join: joins on one or two inequalities between a probe expression and a
// build expression (a.x < b.y; a.ts BETWEEN b.start_ts AND b.end_ts), using a sorted
// index of the build side (exec/join/range_index.h) instead of testing every pair.
//
// Build: the build pipeline materializes the rows (JoinBuildRows); Finalize evaluates
// the build key expressions, codes them as int64 (exec/join/range_keys.h: integers,
// dates, timestamps, decimals, doubles, varchar …) and sorts them into a RangeIndex on
// the scheduler. Memory is reserved under name() before each allocation.
//
// Probe, per chunk: evaluate and code the probe keys, sort the chunk's rows by the
// first key, and walk them through the index like a merge (galloping from the
// previous row's position: piecewise merge join). One condition: a row's matches are
// a suffix of the build's sort order, emitted directly. Two conditions: the index
// finds the build blocks whose rows can satisfy the second condition and the suffix
// of each block's second-key order that does (see range_index.h). The candidates —
// exactly the pairs satisfying the inequalities — are then tested against the
// residual, if any, and output as the nested-loop join does (exec/join/
// nested_loop_probe.h), in chunks of at most kChunkCapacity rows.
//
// Cost for |P| probe rows, |B| build rows and K matching pairs (before the residual):
//   build:  O(|B| log |B|) time, O(|B|) memory (16 bytes per row with one condition,
//           40 with two, besides the rows themselves);
//   one condition:  O(|P| log |B| + K) (per chunk O(n log n + n log(|B| / n)));
//   two conditions: O(|P| (log |B| + 128) + K) when the first key's order clusters
//           the second key (interval BETWEEN), at worst O(|P| |B| / 128 · log 128 + K).
// NULL and NaN keys never match (but are output by LEFT/RIGHT/FULL/ANTI as unmatched).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exec/join/join_type.h"
#include "exec/pipeline/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

/// One inequality of a range join: probe_expr OP build_expr, OP one of <, <=, >, >=.
enum class RangeComparison : uint8_t { kLess, kLessEqual, kGreater, kGreaterEqual };

/// "<", "<=", ">", ">=".
const char* RangeComparisonText(RangeComparison comparison);

struct RangeCondition {
  sql::BoundExpressionPtr probe;  ///< over the probe columns
  sql::BoundExpressionPtr build;  ///< over the build columns, same type as probe
  RangeComparison comparison;
};

/// One or two inequalities (plus an optional residual over probe++build columns, like
/// the nested-loop condition). Join types: every JoinType but kMark (kSingle throws
/// like the nested-loop join). Throws NotImplementedError for kMark or a key type the
/// index cannot order, InternalError for a malformed condition list.
class PhysicalRangeJoin : public PhysicalOperator {
 public:
  PhysicalRangeJoin(std::unique_ptr<PhysicalOperator> probe, std::unique_ptr<PhysicalOperator> build, JoinType type,
                    std::vector<RangeCondition> conditions, sql::BoundExpressionPtr residual);
  /// "RangeJoin INNER PiecewiseMerge: #0 < #3",
  /// "RangeJoin LEFT BlockRangeIndex: #0 >= #2 AND #0 <= #3 residual: (…)". Build
  /// columns are numbered after the probe columns, as in the residual.
  std::string name() const override;

  JoinType join_type() const { return type_; }
  const std::vector<RangeCondition>& conditions() const { return conditions_; }
  const sql::BoundExpressionPtr& residual() const { return residual_; }

  // Build side.
  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState(const ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState(GlobalSinkState& global,
                                                     const ExecutionContext& context) const override;
  SinkResult Sink(const Chunk& input, GlobalSinkState& global, LocalSinkState& local) const override;
  void Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  /// Builds the index (parallel).
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
  PhysicalRangeJoin(std::vector<DataType> types, std::unique_ptr<PhysicalOperator>&& probe,
                    std::unique_ptr<PhysicalOperator>&& build, JoinType type, std::vector<RangeCondition> conditions,
                    sql::BoundExpressionPtr residual);

  JoinType type_;
  std::vector<RangeCondition> conditions_;
  sql::BoundExpressionPtr residual_;
};

}  // namespace sluice::exec
