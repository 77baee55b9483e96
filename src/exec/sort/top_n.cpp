#include "exec/sort/top_n.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "exec/sort/entry_sort.h"

namespace sluice::exec {

size_t TopNLocalState::memory_bytes() const {
  return rows_.memory_bytes() + pool_.capacity() + scratch_.capacity() +
         (heap_.capacity() + ties_.capacity() + free_.capacity()) * sizeof(uint32_t);
}

size_t TopNGlobalState::memory_bytes() const {
  std::lock_guard lock(mutex_);
  return memory_bytes_;
}

TopN::TopN(TopNSpec spec)
    : spec_(std::move(spec)),
      encoder_(std::make_shared<SortKeyEncoder>(spec_.sort.input_types, spec_.sort.keys,
                                                spec_.sort.string_prefix_bytes)),
      capacity_(spec_.limit > SIZE_MAX - spec_.offset ? SIZE_MAX : spec_.offset + spec_.limit) {
  spec_.sort.output_columns =
      ResolveOutputColumns(spec_.sort.output_columns, spec_.sort.input_types.size());
}

std::unique_ptr<TopNGlobalState> TopN::MakeGlobalState() const {
  return std::make_unique<TopNGlobalState>();
}

std::unique_ptr<TopNLocalState> TopN::MakeLocalState(TopNGlobalState& global) const {
  std::lock_guard lock(global.mutex_);
  auto local = std::unique_ptr<TopNLocalState>(
      new TopNLocalState(spec_.sort.input_types, global.next_sequence_++));
  local->width_ = encoder_->entry_width();
  return local;
}

uint32_t TopN::NewSlot(TopNLocalState& local, const uint8_t* entry) const {
  uint32_t slot;
  if (!local.free_.empty()) {
    slot = local.free_.back();
    local.free_.pop_back();
  } else {
    slot = static_cast<uint32_t>(local.pool_.size() / local.width_);
    local.pool_.resize(local.pool_.size() + local.width_);
  }
  std::memcpy(local.pool_.data() + size_t{slot} * local.width_, entry, local.width_);
  return slot;
}

void TopN::Sink(TopNLocalState& local, const Chunk& chunk) const {
  const size_t num_rows = chunk.size();
  if (capacity_ == 0 || num_rows == 0) return;
  const size_t width = local.width_;
  local.scratch_.resize(num_rows * width);
  uint8_t* keys = local.scratch_.data();
  encoder_->Encode(chunk, num_rows, keys, width);

  // Rows whose decisive key bytes are already worse than the heap's top cannot enter.
  local.candidates_.clear();
  if (local.heap_.size() < capacity_) {
    for (size_t r = 0; r < num_rows; ++r) local.candidates_.push_back(static_cast<uint32_t>(r));
  } else {
    const uint8_t* top = local.entry(local.heap_.front());
    const size_t prefix = encoder_->decisive_prefix();
    for (size_t r = 0; r < num_rows; ++r) {
      if (std::memcmp(keys + r * width, top, prefix) <= 0) {
        local.candidates_.push_back(static_cast<uint32_t>(r));
      }
    }
  }
  if (local.candidates_.empty()) return;
  local.refs_.resize(local.candidates_.size());
  local.rows_.Append(chunk, local.candidates_, local.refs_.data());
  for (size_t i = 0; i < local.candidates_.size(); ++i) {
    uint8_t* entry = keys + size_t{local.candidates_[i]} * width;
    SortKeyEncoder::StoreRef(local.refs_[i], entry + encoder_->key_width());
    Offer(local, entry);
  }
  if (local.rows_.num_chunks() * kChunkCapacity > CompactionThreshold(local)) Compact(local);
}

void TopN::Offer(TopNLocalState& local, const uint8_t* candidate) const {
  const auto less = [&](uint32_t a, uint32_t b) {
    return encoder_->CompareEntries(local.entry(a), local.entry(b), local.rows_) < 0;
  };
  if (local.heap_.size() < capacity_) {
    local.heap_.push_back(NewSlot(local, candidate));
    std::push_heap(local.heap_.begin(), local.heap_.end(), less);
    return;
  }
  const int order = encoder_->CompareKeys(candidate, local.entry(local.heap_.front()), local.rows_);
  if (order > 0) return;
  if (order == 0) {
    if (spec_.with_ties) local.ties_.push_back(NewSlot(local, candidate));
    return;  // without ties the earlier row wins
  }
  std::pop_heap(local.heap_.begin(), local.heap_.end(), less);
  const uint32_t evicted = local.heap_.back();
  local.heap_.back() = NewSlot(local, candidate);
  std::push_heap(local.heap_.begin(), local.heap_.end(), less);
  if (spec_.with_ties &&
      encoder_->CompareKeys(local.entry(evicted), local.entry(local.heap_.front()),
                            local.rows_) == 0) {
    local.ties_.push_back(evicted);  // still tied with the new top, as are the old ties
    return;
  }
  local.free_.push_back(evicted);
  local.free_.insert(local.free_.end(), local.ties_.begin(), local.ties_.end());
  local.ties_.clear();
}

size_t TopN::CompactionThreshold(const TopNLocalState& local) const {
  return std::max(4 * kChunkCapacity, 2 * (local.heap_.size() + local.ties_.size()));
}

std::vector<uint32_t> TopN::Compact(TopNLocalState& local) const {
  // Copy the live rows, in reference order, into a fresh store: references keep their
  // order, so the heap stays a heap.
  std::vector<uint32_t> live = local.heap_;
  live.insert(live.end(), local.ties_.begin(), local.ties_.end());
  const size_t key_width = encoder_->key_width();
  std::sort(live.begin(), live.end(), [&](uint32_t a, uint32_t b) {
    return encoder_->EntryRef(local.entry(a)) < encoder_->EntryRef(local.entry(b));
  });
  RowStore compacted(spec_.sort.input_types);
  std::vector<uint32_t> rows;
  std::vector<uint64_t> refs;
  for (size_t begin = 0; begin < live.size();) {
    const size_t chunk_index = RowStore::ChunkOf(encoder_->EntryRef(local.entry(live[begin])));
    size_t end = begin;
    rows.clear();
    while (end < live.size() &&
           RowStore::ChunkOf(encoder_->EntryRef(local.entry(live[end]))) == chunk_index) {
      rows.push_back(static_cast<uint32_t>(RowStore::RowOf(encoder_->EntryRef(local.entry(live[end])))));
      ++end;
    }
    refs.resize(rows.size());
    compacted.Append(local.rows_.chunk(chunk_index), rows, refs.data());
    for (size_t i = 0; i < rows.size(); ++i) {
      SortKeyEncoder::StoreRef(refs[i],
                               local.pool_.data() + size_t{live[begin + i]} * local.width_ + key_width);
    }
    begin = end;
  }
  local.rows_ = std::move(compacted);
  return live;
}

void TopN::Combine(TopNGlobalState& global, TopNLocalState& local) const {
  // In reference order, as SortEntries requires.
  const std::vector<uint32_t> live = Compact(local);
  auto run = std::make_unique<SortRun>(spec_.sort.input_types);
  run->rows = std::move(local.rows_);
  local.rows_ = RowStore(spec_.sort.input_types);
  for (uint32_t slot : live) {
    run->entries.insert(run->entries.end(), local.entry(slot), local.entry(slot) + local.width_);
  }
  local.heap_.clear();
  local.ties_.clear();
  local.free_.clear();
  local.pool_ = {};
  std::lock_guard lock(global.mutex_);
  global.memory_bytes_ += run->memory_bytes();
  if (global.runs_.size() <= local.sequence_) global.runs_.resize(local.sequence_ + 1);
  global.runs_[local.sequence_] = std::move(run);
}

std::unique_ptr<SortedRows> TopN::Finalize(TopNGlobalState& global) const {
  std::vector<std::unique_ptr<SortRun>> runs;
  {
    std::lock_guard lock(global.mutex_);
    for (auto& run : global.runs_) {
      if (run != nullptr) runs.push_back(std::move(run));
    }
    global.runs_.clear();
  }
  if (runs.empty()) runs.push_back(std::make_unique<SortRun>(spec_.sort.input_types));
  std::shared_ptr<RowStore> rows = ConcatenateRuns(*encoder_, runs);
  std::vector<uint8_t> entries;
  for (auto& run : runs) entries.insert(entries.end(), run->entries.begin(), run->entries.end());
  const size_t width = encoder_->entry_width();
  const size_t total = entries.size() / width;
  SortEntries(*encoder_, *rows, entries.data(), total);

  const size_t begin = std::min(spec_.offset, total);
  size_t end = std::min(capacity_, total);
  if (spec_.with_ties && end > begin) {
    while (end < total && encoder_->CompareKeys(entries.data() + end * width,
                                                entries.data() + (end - 1) * width, *rows) == 0) {
      ++end;
    }
  }
  std::vector<uint8_t> kept(entries.begin() + static_cast<ptrdiff_t>(begin * width),
                            entries.begin() + static_cast<ptrdiff_t>(end * width));
  return std::make_unique<SortedRows>(encoder_, std::move(rows), std::move(kept),
                                      spec_.sort.output_columns);
}

}  // namespace sluice::exec
