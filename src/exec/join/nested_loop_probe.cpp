#include "exec/join/nested_loop_probe.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "exec/join/nested_loop_output.h"

namespace sluice::exec {
namespace {

void CollectColumns(const sql::BoundExpression& expression, size_t probe_width, std::vector<size_t>* probe,
                    std::vector<size_t>* build) {
  if (expression.kind() == sql::BoundExpressionKind::kColumnRef) {
    const size_t index = expression.As<sql::BoundColumnRef>().index;
    if (index < probe_width) {
      probe->push_back(index);
    } else {
      build->push_back(index - probe_width);
    }
  }
  for (const auto& child : expression.children()) CollectColumns(*child, probe_width, probe, build);
}

void SortUnique(std::vector<size_t>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

std::vector<DataType> Concat(std::vector<DataType> a, const std::vector<DataType>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

PairJoinProbe::PairJoinProbe(JoinType type, const std::vector<DataType>& probe_types, const JoinBuildRows& build,
                             sql::BoundExpressionPtr condition, const sql::SessionSettings& session)
    : type_(type), probe_width_(probe_types.size()), build_(build), condition_(std::move(condition)) {
  emits_pairs_ = type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
                 type == JoinType::kFull || type == JoinType::kSingle;
  decides_on_first_match_ = type == JoinType::kSemi || type == JoinType::kAnti || type == JoinType::kMark;
  if (condition_ != nullptr) {
    evaluator_ = std::make_unique<ExpressionEvaluator>(condition_, session);
    CollectColumns(*condition_, probe_width_, &probe_columns_, &build_columns_);
    SortUnique(&probe_columns_);
    SortUnique(&build_columns_);
    const std::vector<DataType>& build_types = build.rows().types();
    for (size_t column : build_columns_) {
      SLUICE_ASSERT(column < build_types.size(), "a join condition's column is a probe or build column");
    }
    pairs_chunk_ = Chunk(Concat(probe_types, build_types));
  }
  pending_probe_.reserve(kChunkCapacity);
  pending_build_.reserve(kChunkCapacity);
  rows_scratch_.reserve(kChunkCapacity);
}

void PairJoinProbe::Start(const Chunk& input) {
  num_probe_rows_ = input.size();
  num_matched_ = 0;
  match_counts_.assign(num_probe_rows_, 0);
  if (type_ == JoinType::kMark) null_seen_.assign(num_probe_rows_, 0);
  pending_probe_.clear();
  pending_build_.clear();
  pending_begin_ = 0;
  remainder_row_ = 0;
}

size_t PairJoinProbe::SelectMatches(const Chunk& input, const CandidatePairs& pairs) {
  const size_t count = pairs.size();
  uint32_t* selected = selection_.data();
  if (evaluator_ == nullptr) {
    std::iota(selected, selected + count, uint32_t{0});
    return count;
  }
  std::span<const uint32_t> probe_rows(pairs.probe_rows().data(), count);
  std::span<const uint64_t> build_refs(pairs.build_refs().data(), count);
  for (size_t column : probe_columns_) {
    GatherValues(input.column(column), probe_rows, &pairs_chunk_.column(column));
  }
  for (size_t column : build_columns_) {
    GatherStoreValues(build_.rows(), column, build_refs, &pairs_chunk_.column(probe_width_ + column));
  }
  pairs_chunk_.set_size(count);
  if (type_ != JoinType::kMark) return evaluator_->Select(pairs_chunk_, nullptr, count, &selection_);
  // MARK also needs to know which candidates compared NULL.
  const Vector& result = evaluator_->EvaluateToVector(pairs_chunk_, nullptr, count);
  const uint8_t* values = result.data<uint8_t>();
  size_t num_selected = 0;
  for (size_t i = 0; i < count; ++i) {
    if (result.IsNull(i)) {
      null_seen_[probe_rows[i]] = 1;
    } else if (values[i] != 0) {
      selected[num_selected++] = static_cast<uint32_t>(i);
    }
  }
  return num_selected;
}

void PairJoinProbe::RecordMatch(uint32_t probe_row) {
  uint8_t& count = match_counts_[probe_row];
  if (count == 0) {
    count = 1;
    ++num_matched_;
  } else if (type_ == JoinType::kSingle) {
    throw ConstraintError("scalar subquery returned more than one row");
  } else {
    count = 2;
  }
}

void PairJoinProbe::Evaluate(const Chunk& input, const CandidatePairs& pairs) {
  SLUICE_ASSERT(pending_begin_ == pending_probe_.size(), "pending rows are emitted before the next candidates");
  pending_probe_.clear();
  pending_build_.clear();
  pending_begin_ = 0;
  const size_t num_selected = SelectMatches(input, pairs);
  const bool mark_build = EmitsUnmatchedBuild(type_);
  const uint32_t* selected = selection_.data();
  for (size_t i = 0; i < num_selected; ++i) {
    const uint32_t probe_row = pairs.probe_rows()[selected[i]];
    const uint64_t build_ref = pairs.build_refs()[selected[i]];
    RecordMatch(probe_row);
    if (mark_build) build_.MarkMatched(build_ref);
    if (emits_pairs_) {
      pending_probe_.push_back(probe_row);
      pending_build_.push_back(build_ref);
    }
  }
}

bool PairJoinProbe::EmitPending(const Chunk& input, Chunk* out) {
  const size_t offset = out->size();
  const size_t count = std::min(out->capacity() - offset, pending_probe_.size() - pending_begin_);
  if (count > 0) {
    CopyProbeRows(input, std::span<const uint32_t>(pending_probe_.data() + pending_begin_, count), out, offset);
    GatherBuildRows(build_.shared_rows(), std::span<const uint64_t>(pending_build_.data() + pending_begin_, count),
                    build_.rows().types().size(), out, probe_width_, offset);
    out->set_size(offset + count);
    pending_begin_ += count;
  }
  return pending_begin_ == pending_probe_.size();
}

bool PairJoinProbe::EmitRemainder(const Chunk& input, Chunk* out) {
  if (type_ == JoinType::kInner || type_ == JoinType::kRight) return true;
  const size_t offset = out->size();
  const size_t space = out->capacity() - offset;
  rows_scratch_.clear();
  while (remainder_row_ < num_probe_rows_ && rows_scratch_.size() < space) {
    const uint32_t row = static_cast<uint32_t>(remainder_row_++);
    const bool matched = match_counts_[row] != 0;
    const bool wanted = type_ == JoinType::kMark || (type_ == JoinType::kSemi ? matched : !matched);
    if (wanted) rows_scratch_.push_back(row);
  }
  const size_t count = rows_scratch_.size();
  CopyProbeRows(input, rows_scratch_, out, offset);
  if (type_ == JoinType::kMark) {
    Vector& mark = out->column(probe_width_);
    for (size_t i = 0; i < count; ++i) {
      const uint32_t row = rows_scratch_[i];
      mark.data<uint8_t>()[offset + i] = match_counts_[row] != 0 ? 1 : 0;
      if (match_counts_[row] == 0 && null_seen_[row] != 0) {
        mark.SetNull(offset + i);
      } else {
        mark.SetValid(offset + i);
      }
    }
  } else if (type_ != JoinType::kSemi && type_ != JoinType::kAnti) {
    SetNullRows(out, probe_width_, out->num_columns(), offset, count);
  }
  out->set_size(offset + count);
  return remainder_row_ == num_probe_rows_;
}

}  // namespace sluice::exec
