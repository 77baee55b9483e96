#include "exec/join/hash_join_probe.h"

#include <algorithm>
#include <atomic>
#include <numeric>

#include "core/error.h"
#include "core/vector_copy.h"

namespace sluice::exec {
namespace {

/// Copies rows `rows[0..count)` of `from` to rows 0.. of `to` by value, strings by
/// reference (no bytes copied): `to` is read only while `from` is alive.
template <size_t kWidth>
void ReferenceFixed(const Vector& from, const uint32_t* rows, size_t count, Vector* to) {
  const uint8_t* source = from.data<uint8_t>();
  uint8_t* target = to->raw_data();
  for (size_t i = 0; i < count; ++i) std::memcpy(target + i * kWidth, source + size_t{rows[i]} * kWidth, kWidth);
}

void ReferenceRows(const Vector& from, const uint32_t* rows, size_t count, Vector* to) {
  switch (from.type().fixed_width()) {
    case 1: ReferenceFixed<1>(from, rows, count, to); break;
    case 2: ReferenceFixed<2>(from, rows, count, to); break;
    case 4: ReferenceFixed<4>(from, rows, count, to); break;
    case 8: ReferenceFixed<8>(from, rows, count, to); break;
    case 16: ReferenceFixed<16>(from, rows, count, to); break;
    case 0: break;  // the unknown type: only NULLs
    default: SLUICE_ASSERT(false, "join columns are scalar types");
  }
  if (from.all_valid() && from.type().fixed_width() != 0) {
    for (size_t i = 0; i < count; ++i) to->SetValid(i);
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    if (from.IsValid(rows[i]) && from.type().fixed_width() != 0) {
      to->SetValid(i);
    } else {
      to->SetNull(i);
    }
  }
}

std::vector<DataType> Concat(const std::vector<DataType>& a, const std::vector<DataType>& b) {
  std::vector<DataType> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace

HashJoinProbe::HashJoinProbe(const HashJoinSpec& spec, const JoinHashTable& table, const sql::SessionSettings& session)
    : spec_(spec), table_(table), all_probe_columns_(spec.probe_types.size()) {
  for (const auto& key : spec.probe_keys) key_evaluators_.push_back(std::make_unique<ExpressionEvaluator>(key, session));
  if (spec.residual != nullptr) {
    residual_evaluator_ = std::make_unique<ExpressionEvaluator>(spec.residual, session);
  }
  if (spec.in_comparison != nullptr) in_evaluator_ = std::make_unique<ExpressionEvaluator>(spec.in_comparison, session);
  if (residual_evaluator_ != nullptr || in_evaluator_ != nullptr) {
    pair_chunk_ = Chunk(Concat(spec.probe_types, spec.build_types));
  }
  std::iota(all_probe_columns_.begin(), all_probe_columns_.end(), size_t{0});
  pair_probe_.resize(kChunkCapacity);
  pair_build_.resize(kChunkCapacity);
}

void HashJoinProbe::Start(const Chunk& input) {
  count_ = input.size();
  SLUICE_ASSERT(count_ <= kChunkCapacity, "probe chunks have at most kChunkCapacity rows");
  if (hashes_.size() < count_) {
    hashes_.resize(count_);
    heads_.resize(count_);
    found_.resize(count_);
    key_null_.resize(count_);
    null_seen_.resize(count_);
  }
  std::fill_n(found_.begin(), count_, uint8_t{0});
  if (in_evaluator_ != nullptr) std::fill_n(null_seen_.begin(), count_, uint8_t{0});
  match_rows_.clear();
  next_match_ = 0;
  cursor_ = nullptr;
  const JoinType type = spec_.type;
  const bool no_match_possible = table_.num_directory_rows() == 0;
  if (count_ == 0 ||
      (no_match_possible && (type == JoinType::kInner || type == JoinType::kRight || type == JoinType::kSemi)) ||
      (spec_.null_aware && in_evaluator_ == nullptr && type == JoinType::kAnti && table_.num_input_rows() > 0 &&
       table_.has_null_key())) {
    phase_ = Phase::kDone;
    return;
  }
  if (!no_match_possible || (spec_.null_aware && in_evaluator_ == nullptr)) FindMatches(input);
  if (spec_.OutputsBuildColumns()) {
    phase_ = Phase::kPairs;
  } else {
    ResolveExistence(input);
    phase_ = Phase::kExistence;
  }
}

void HashJoinProbe::FindMatches(const Chunk& input) {
  keys_.clear();
  for (auto& evaluator : key_evaluators_) keys_.push_back(&evaluator->EvaluateToVector(input, nullptr, count_));
  std::fill_n(key_null_.begin(), count_, uint8_t{0});
  bool any_null = false;
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (spec_.nulls_equal[k] || keys_[k]->all_valid()) continue;
    any_null = true;
    for (size_t i = 0; i < count_; ++i) key_null_[i] |= static_cast<uint8_t>(keys_[k]->IsNull(i));
  }
  if (table_.num_directory_rows() == 0) return;
  lookup_rows_.resize(count_);
  size_t num_lookups = 0;
  for (size_t i = 0; i < count_; ++i) {
    lookup_rows_[num_lookups] = static_cast<uint32_t>(i);
    num_lookups += any_null ? key_null_[i] == 0 : 1;
  }
  lookup_rows_.resize(num_lookups);
  HashKeyColumns(keys_, count_, hashes_.data());
  table_.Find(keys_, hashes_.data(), lookup_rows_.data(), num_lookups, heads_.data(), &lookup_scratch_);
  match_rows_.resize(num_lookups);
  size_t num_matches = 0;
  for (const uint32_t r : lookup_rows_) {
    match_rows_[num_matches] = r;
    num_matches += heads_[r] != nullptr;
  }
  match_rows_.resize(num_matches);
}

bool HashJoinProbe::Next(const Chunk& input, Chunk* out) {
  const JoinType type = spec_.type;
  while (true) {
    switch (phase_) {
      case Phase::kPairs: {
        if (next_match_ == match_rows_.size()) {
          const bool emits_probe = type == JoinType::kLeft || type == JoinType::kFull || type == JoinType::kSingle;
          phase_ = emits_probe ? Phase::kUnmatchedProbe : Phase::kDone;
          break;
        }
        if (out->size() > 0) return true;  // each batch starts in an empty chunk
        size_t count = CollectPairs();
        if (residual_evaluator_ != nullptr) count = FilterResidual(input, count);
        RecordMatches(count);
        if (count > 0) EmitPairs(input, count, out);
        break;
      }
      case Phase::kUnmatchedProbe:
        if (!EmitUnmatchedProbe(input, out)) return true;
        phase_ = Phase::kDone;
        break;
      case Phase::kExistence:
        EmitExistence(input, out);
        phase_ = Phase::kDone;
        break;
      case Phase::kDone:
        return false;
    }
  }
}

void HashJoinProbe::RecordMatches(size_t count) {
  const JoinType type = spec_.type;
  if (type == JoinType::kRight || type == JoinType::kFull) {
    const size_t matched = spec_.layout.matched_offset();
    for (size_t i = 0; i < count; ++i) {
      // Rows are shared by every probe thread: a relaxed flag, written once.
      std::atomic_ref<uint8_t> flag(const_cast<uint8_t&>(pair_build_[i][matched]));
      if (flag.load(std::memory_order_relaxed) == 0) flag.store(1, std::memory_order_relaxed);
    }
  }
  if (type == JoinType::kSingle) {
    for (size_t i = 0; i < count; ++i) {
      uint8_t& found = found_[pair_probe_[i]];
      if (found != 0) throw ConversionError("scalar subquery returned more than one row");
      found = 1;
    }
  } else if (type == JoinType::kLeft || type == JoinType::kFull) {
    for (size_t i = 0; i < count; ++i) found_[pair_probe_[i]] = 1;
  }
}

size_t HashJoinProbe::CollectPairs() {
  // Locals, not members, in the loop: stores through the pair arrays could alias them.
  const uint32_t* match_rows = match_rows_.data();
  const size_t num_matches = match_rows_.size();
  uint32_t* pair_probe = pair_probe_.data();
  const uint8_t** pair_build = pair_build_.data();
  const uint8_t* const* heads = heads_.data();
  size_t next = next_match_;
  const uint8_t* row = cursor_ != nullptr ? cursor_ : (next < num_matches ? heads[match_rows[next]] : nullptr);
  size_t n = 0;
  while (next < num_matches) {
    const uint32_t r = match_rows[next];
    while (row != nullptr && n < kChunkCapacity) {
      pair_probe[n] = r;
      pair_build[n] = row;
      ++n;
      row = JoinRowLayout::NextOf(row);
    }
    if (row != nullptr) break;  // the batch is full mid-chain
    if (++next < num_matches) row = heads[match_rows[next]];
    if (n == kChunkCapacity) break;
  }
  next_match_ = next;
  cursor_ = next < num_matches ? row : nullptr;
  return n;
}

void HashJoinProbe::FillPairChunk(const Chunk& input, size_t count) {
  const size_t probe_width = spec_.probe_types.size();
  for (const size_t c : spec_.residual_probe_columns) {
    ReferenceRows(input.column(c), pair_probe_.data(), count, &pair_chunk_.column(c));
  }
  for (const size_t c : spec_.residual_build_columns) {
    table_.GatherColumn(c, pair_build_.data(), count, &pair_chunk_.column(probe_width + c), 0);
  }
  pair_chunk_.set_size(count);
}

size_t HashJoinProbe::FilterResidual(const Chunk& input, size_t count) {
  if (count == 0) return 0;
  FillPairChunk(input, count);
  const size_t passed = residual_evaluator_->Select(pair_chunk_, nullptr, count, &selection_);
  for (size_t i = 0; i < passed; ++i) {
    const uint32_t s = selection_[i];  // ascending, so s >= i: compaction in place
    pair_probe_[i] = pair_probe_[s];
    pair_build_[i] = pair_build_[s];
  }
  return passed;
}

void HashJoinProbe::CompareInSet(const Chunk& input, size_t count) {
  if (count == 0) return;
  FillPairChunk(input, count);
  const sql::SelectionVector* in_set = nullptr;  // pairs whose build row is in the set
  size_t num_in_set = count;
  if (residual_evaluator_ != nullptr) {
    num_in_set = residual_evaluator_->Select(pair_chunk_, nullptr, count, &selection_);
    in_set = &selection_;
  }
  const Vector& equal = in_evaluator_->EvaluateToVector(pair_chunk_, in_set, num_in_set);
  const uint8_t* values = equal.data<uint8_t>();
  for (size_t i = 0; i < num_in_set; ++i) {
    const uint32_t pair = in_set != nullptr ? (*in_set)[i] : static_cast<uint32_t>(i);
    const uint32_t r = pair_probe_[pair];
    if (equal.IsNull(pair)) {
      null_seen_[r] = 1;
    } else if (values[pair] != 0) {
      found_[r] = 1;
    }
  }
}

void HashJoinProbe::EmitPairs(const Chunk& input, size_t count, Chunk* out) {
  const size_t offset = out->size();
  const size_t probe_width = spec_.probe_types.size();
  const std::span<const uint32_t> rows(pair_probe_.data(), count);
  for (size_t c = 0; c < probe_width; ++c) CopyRows(input.column(c), rows, &out->column(c), offset);
  for (size_t c = 0; c < spec_.build_types.size(); ++c) {
    table_.GatherColumn(c, pair_build_.data(), count, &out->column(probe_width + c), offset);
  }
  out->set_size(offset + count);
}

bool HashJoinProbe::EmitUnmatchedProbe(const Chunk& input, Chunk* out) {
  out_rows_.clear();
  for (size_t r = 0; r < count_; ++r) {
    if (found_[r] == 0) out_rows_.push_back(static_cast<uint32_t>(r));
  }
  if (out_rows_.empty()) return true;
  const size_t offset = out->size();
  if (offset + out_rows_.size() > out->capacity()) return false;
  const size_t probe_width = spec_.probe_types.size();
  for (size_t c = 0; c < probe_width; ++c) CopyRows(input.column(c), out_rows_, &out->column(c), offset);
  for (size_t c = 0; c < spec_.build_types.size(); ++c) {
    Vector& column = out->column(probe_width + c);
    for (size_t i = 0; i < out_rows_.size(); ++i) column.SetNull(offset + i);
  }
  out->set_size(offset + out_rows_.size());
  return true;
}

void HashJoinProbe::ResolveExistence(const Chunk& input) {
  if (residual_evaluator_ == nullptr && in_evaluator_ == nullptr) {
    for (const uint32_t r : match_rows_) found_[r] = 1;
    return;
  }
  // Rounds: each undecided row tests its next chain row; heads_ serve as cursors.
  std::vector<uint32_t>& active = lookup_rows_;
  active.assign(match_rows_.begin(), match_rows_.end());
  while (!active.empty()) {
    for (size_t begin = 0; begin < active.size(); begin += kChunkCapacity) {
      const size_t count = std::min(kChunkCapacity, active.size() - begin);
      for (size_t i = 0; i < count; ++i) {
        pair_probe_[i] = active[begin + i];
        pair_build_[i] = heads_[active[begin + i]];
      }
      if (in_evaluator_ != nullptr) {
        CompareInSet(input, count);
      } else {
        const size_t passed = FilterResidual(input, count);
        for (size_t i = 0; i < passed; ++i) found_[pair_probe_[i]] = 1;
      }
    }
    size_t kept = 0;
    for (const uint32_t r : active) {
      if (found_[r] != 0) continue;
      heads_[r] = JoinRowLayout::NextOf(heads_[r]);
      if (heads_[r] != nullptr) active[kept++] = r;
    }
    active.resize(kept);
  }
}

bool HashJoinProbe::AntiQualifies(uint32_t row) const {
  if (in_evaluator_ != nullptr) return null_seen_[row] == 0;
  if (!spec_.null_aware || table_.num_input_rows() == 0) return true;
  return !table_.has_null_key() && key_null_[row] == 0;
}

void HashJoinProbe::EmitExistence(const Chunk& input, Chunk* out) {
  SLUICE_ASSERT(out->size() + count_ <= out->capacity(), "a probe chunk fits an output chunk");
  out_rows_.clear();
  for (size_t r = 0; r < count_; ++r) {
    const bool keep = spec_.type == JoinType::kMark ||
                      (spec_.type == JoinType::kSemi ? found_[r] != 0 : found_[r] == 0 && AntiQualifies(r));
    if (keep) out_rows_.push_back(static_cast<uint32_t>(r));
  }
  const size_t offset = out->size();
  const size_t probe_width = spec_.probe_types.size();
  for (size_t c = 0; c < probe_width; ++c) CopyRows(input.column(c), out_rows_, &out->column(c), offset);
  if (spec_.type == JoinType::kMark) {
    Vector& mark = out->column(probe_width);
    uint8_t* data = mark.data<uint8_t>();
    const bool build_empty = table_.num_input_rows() == 0;
    for (size_t i = 0; i < out_rows_.size(); ++i) {
      const uint32_t r = out_rows_[i];
      const bool unknown = found_[r] == 0 && spec_.null_aware &&
                           (in_evaluator_ != nullptr
                                ? null_seen_[r] != 0
                                : (key_null_[r] != 0 && !build_empty) || table_.has_null_key());
      data[offset + i] = found_[r];
      if (unknown) {
        mark.SetNull(offset + i);
      } else {
        mark.SetValid(offset + i);
      }
    }
  }
  out->set_size(offset + out_rows_.size());
}

}  // namespace sluice::exec
