#pragma once
// The probe side of a hash join: one thread's walk from a probe chunk to output chunks,
// for every JoinType (join_type.h).
//
// Per probe chunk (Start): evaluate the keys, hash them column by column, find each
// row's chain of matching build rows (JoinHashTable::Find). Then (Next):
//   - pair joins (INNER, LEFT, RIGHT, FULL, SINGLE) walk the chains in probe-row order,
//     collecting up to kChunkCapacity (probe row, build row) pairs per batch, keep the
//     pairs the residual accepts and gather them into the output; a batch that fills
//     the output stops mid-chain and the next call resumes there. LEFT/FULL/SINGLE then
//     emit the probe rows no pair accepted, with NULL build columns; RIGHT/FULL set the
//     matched byte of every joined build row (the operator's final pass emits the rest).
//   - existence joins (SEMI, ANTI, MARK) decide each probe row once: without a residual a
//     chain is a match; with one, rounds test one more chain row per undecided probe row
//     until it passes or its chain ends. Their output never exceeds the input.
// NULL keys never match unless the key's nulls_equal is set. null_aware ANTI/MARK follow
// SQL's IN over a set that may hold NULLs (see HashJoinSpec::null_aware): from counts
// over the whole build side when uncorrelated, else per probe row from the comparisons
// with the rows of its set (HashJoinSpec::in_comparison).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/chunk.h"
#include "exec/expression/evaluator.h"
#include "exec/join/join_hash_table.h"
#include "exec/join/join_type.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

/// Everything about one hash join that does not change while it runs.
struct HashJoinSpec {
  JoinType type = JoinType::kInner;
  std::vector<DataType> probe_types;
  std::vector<DataType> build_types;
  std::vector<sql::BoundExpressionPtr> probe_keys;
  std::vector<sql::BoundExpressionPtr> build_keys;
  std::vector<bool> nulls_equal;
  /// Over probe columns ++ build columns; may be null.
  sql::BoundExpressionPtr residual;
  /// SQL's `x [NOT] IN (subquery)` for ANTI and MARK. ANTI: with any NULL build key no
  /// row qualifies; a NULL probe key qualifies only when the build side is empty. MARK:
  /// TRUE if matched; else NULL when (the probe key is NULL and the build side is not
  /// empty) or a build key is NULL; else FALSE.
  bool null_aware = false;
  /// A correlated IN (null_aware with more keys or a residual): the set a probe row is
  /// compared with is the build rows whose remaining keys (`probe_keys`/`build_keys`)
  /// equal its own and that pass the residual; `in_comparison` (x = y over the pair
  /// chunk) is then the IN key's comparison, evaluated per pair with NULLs.
  sql::BoundExpressionPtr in_comparison;
  /// Columns the residual and in_comparison read, split by side (build columns
  /// numbered from 0).
  std::vector<size_t> residual_probe_columns;
  std::vector<size_t> residual_build_columns;
  JoinRowLayout layout;

  /// Whether build columns appear in the output.
  bool OutputsBuildColumns() const {
    return type != JoinType::kSemi && type != JoinType::kAnti && type != JoinType::kMark;
  }
};

/// One thread's probing state (created per thread, reused chunk after chunk).
class HashJoinProbe {
 public:
  /// `spec` and `table` (built) must outlive the probe.
  HashJoinProbe(const HashJoinSpec& spec, const JoinHashTable& table, const sql::SessionSettings& session);

  /// Begins the output of `input` (the previous input's output must be complete).
  void Start(const Chunk& input);
  /// Appends output rows of the current input to `out` (of the join's output types, at
  /// most its capacity). Returns true when more output of this input remains.
  bool Next(const Chunk& input, Chunk* out);

 private:
  enum class Phase { kPairs, kUnmatchedProbe, kExistence, kDone };

  void FindMatches(const Chunk& input);
  /// Fills pair_probe_/pair_build_ from the chains; returns the number of pairs.
  size_t CollectPairs();
  /// Keeps the pairs [0, count) the residual accepts (compacted); returns how many.
  size_t FilterResidual(const Chunk& input, size_t count);
  /// Notes the accepted pairs [0, count): matched build rows (RIGHT, FULL), probe rows
  /// with a match (LEFT, FULL, SINGLE — which fails on a second one).
  void RecordMatches(size_t count);
  void EmitPairs(const Chunk& input, size_t count, Chunk* out);
  /// Appends the probe rows nothing matched, with NULL build columns; false when they
  /// do not fit into `out` now.
  bool EmitUnmatchedProbe(const Chunk& input, Chunk* out);
  void ResolveExistence(const Chunk& input);
  /// Fills pair_chunk_'s residual columns from the pairs [0, count).
  void FillPairChunk(const Chunk& input, size_t count);
  /// One round of a correlated IN over the pairs [0, count): notes which probe rows met
  /// an equal (found_) or a NULL (null_seen_) comparison among their set's rows.
  void CompareInSet(const Chunk& input, size_t count);
  void EmitExistence(const Chunk& input, Chunk* out);
  /// Whether a probe row without a match qualifies for ANTI.
  bool AntiQualifies(uint32_t row) const;

  const HashJoinSpec& spec_;
  const JoinHashTable& table_;
  std::vector<std::unique_ptr<ExpressionEvaluator>> key_evaluators_;
  std::unique_ptr<ExpressionEvaluator> residual_evaluator_;
  std::unique_ptr<ExpressionEvaluator> in_evaluator_;
  std::vector<const Vector*> keys_;
  JoinLookupScratch lookup_scratch_;

  size_t count_ = 0;  ///< Rows of the current input.
  Phase phase_ = Phase::kDone;
  std::vector<uint64_t> hashes_;
  std::vector<const uint8_t*> heads_;  ///< Row-aligned chain heads (then cursors).
  std::vector<uint8_t> found_;         ///< Row-aligned: some pair passed.
  std::vector<uint8_t> key_null_;      ///< Row-aligned: a key that never matches NULL is NULL.
  std::vector<uint8_t> null_seen_;     ///< Row-aligned (correlated IN): a comparison was NULL.
  std::vector<uint32_t> lookup_rows_;
  std::vector<uint32_t> match_rows_;   ///< Rows with a chain, ascending.
  size_t next_match_ = 0;              ///< Index into match_rows_ of the chain in progress.
  const uint8_t* cursor_ = nullptr;    ///< Its next build row (null: its head).

  std::vector<uint32_t> pair_probe_;
  std::vector<const uint8_t*> pair_build_;
  std::vector<uint32_t> out_rows_;
  std::vector<size_t> all_probe_columns_;
  Chunk pair_chunk_;  ///< Residual input: probe columns ++ build columns of the pairs.
  sql::SelectionVector selection_;
};

}  // namespace sluice::exec
