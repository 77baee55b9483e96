#pragma once
// The probe half that the nested-loop and range joins share: a join algorithm proposes
// candidate (probe row, build row) pairs for one probe chunk; PairJoinProbe tests them
// against the join condition, remembers which probe and build rows matched, and
// writes the output rows of the join type — the joined pairs as they are found, the
// probe rows whose fate is only known once every candidate was seen (LEFT's unmatched
// rows, SEMI, ANTI, MARK) at the end of the chunk.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/chunk.h"
#include "exec/expression/evaluator.h"
#include "exec/join/join_type.h"
#include "exec/join/nested_loop_build.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

/// Up to kChunkCapacity candidate pairs.
class CandidatePairs {
 public:
  CandidatePairs() : probe_rows_(kChunkCapacity), build_refs_(kChunkCapacity) {}
  size_t size() const { return size_; }
  bool full() const { return size_ == kChunkCapacity; }
  void Clear() { size_ = 0; }
  void Add(uint32_t probe_row, uint64_t build_ref) {
    probe_rows_[size_] = probe_row;
    build_refs_[size_++] = build_ref;
  }
  const std::vector<uint32_t>& probe_rows() const { return probe_rows_; }
  const std::vector<uint64_t>& build_refs() const { return build_refs_; }

 private:
  std::vector<uint32_t> probe_rows_;
  std::vector<uint64_t> build_refs_;
  size_t size_ = 0;
};

/// One probe thread's join of its current probe chunk (the state of a join operator's
/// Execute). Call order per probe chunk: Start, then any number of Evaluate and
/// EmitPending (emit until it returns true before the next Evaluate), then
/// EmitRemainder until it returns true.
class PairJoinProbe {
 public:
  /// `condition` (null: every candidate matches) is over the probe columns followed by
  /// the build columns; `build` must outlive this object.
  PairJoinProbe(JoinType type, const std::vector<DataType>& probe_types, const JoinBuildRows& build,
                sql::BoundExpressionPtr condition, const sql::SessionSettings& session);

  void Start(const Chunk& input);
  /// True when no further candidate of `probe_row` can change the output (a SEMI,
  /// ANTI or MARK row that matched already): algorithms may skip its candidates.
  bool decided(uint32_t probe_row) const { return decides_on_first_match_ && match_counts_[probe_row] != 0; }
  /// True when every probe row is decided().
  bool all_decided() const { return decides_on_first_match_ && num_matched_ == num_probe_rows_; }
  /// True for SEMI, ANTI and MARK: the first match decides a probe row (so, without a
  /// condition, one candidate per probe row is enough).
  bool decides_on_first_match() const { return decides_on_first_match_; }

  /// Tests `pairs` (probe rows of `input`) against the condition and records the
  /// matches; the joined rows to output wait in a pending list. Throws the SINGLE
  /// join's error when a probe row matches a second build row.
  void Evaluate(const Chunk& input, const CandidatePairs& pairs);
  /// Writes pending joined rows to `out` (appending); true when none are left.
  bool EmitPending(const Chunk& input, Chunk* out);
  /// After the last Evaluate of the chunk: writes the probe rows that the join type
  /// outputs per probe row; true when done (else call again with a fresh `out`).
  bool EmitRemainder(const Chunk& input, Chunk* out);

 private:
  /// Indices into `pairs` of the candidates that satisfy the condition.
  size_t SelectMatches(const Chunk& input, const CandidatePairs& pairs);
  void RecordMatch(uint32_t probe_row);

  JoinType type_;
  size_t probe_width_;
  const JoinBuildRows& build_;
  sql::BoundExpressionPtr condition_;
  std::unique_ptr<ExpressionEvaluator> evaluator_;
  bool emits_pairs_;
  bool decides_on_first_match_;
  std::vector<size_t> probe_columns_;  ///< Probe columns the condition reads.
  std::vector<size_t> build_columns_;  ///< Build columns the condition reads (build numbering).
  Chunk pairs_chunk_;                  ///< The candidates' columns the condition reads.
  sql::SelectionVector selection_;

  size_t num_probe_rows_ = 0;
  size_t num_matched_ = 0;
  std::vector<uint8_t> match_counts_;  ///< Per probe row: 0, 1, 2 (= more than one).
  std::vector<uint8_t> null_seen_;     ///< MARK: some candidate's condition was NULL.

  std::vector<uint32_t> pending_probe_;
  std::vector<uint64_t> pending_build_;
  size_t pending_begin_ = 0;
  size_t remainder_row_ = 0;  ///< Next probe row EmitRemainder looks at.
  std::vector<uint32_t> rows_scratch_;
};

}  // namespace sluice::exec
