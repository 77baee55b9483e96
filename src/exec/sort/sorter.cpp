#include "exec/sort/sorter.h"

#include <numeric>
#include <string>

#include "core/error.h"
#include "exec/sort/entry_sort.h"

namespace sluice::exec {

std::vector<size_t> ResolveOutputColumns(const std::vector<size_t>& output_columns,
                                         size_t num_columns) {
  for (size_t column : output_columns) {
    if (column >= num_columns) {
      throw InvalidArgumentError("sort output column " + std::to_string(column) +
                                 " is out of range");
    }
  }
  if (!output_columns.empty()) return output_columns;
  std::vector<size_t> all(num_columns);
  std::iota(all.begin(), all.end(), 0);
  return all;
}

std::shared_ptr<RowStore> ConcatenateRuns(const SortKeyEncoder& encoder,
                                          std::vector<std::unique_ptr<SortRun>>& runs) {
  auto rows = std::make_shared<RowStore>(runs.empty() ? std::vector<DataType>{}
                                                      : runs.front()->rows.types());
  const size_t width = encoder.entry_width();
  for (auto& run : runs) {
    const uint64_t offset = rows->AppendStore(std::move(run->rows));
    if (offset == 0) continue;
    uint8_t* entries = run->entries.data();
    const size_t count = run->entries.size() / width;
    for (size_t i = 0; i < count; ++i) {
      uint8_t* ref = entries + i * width + encoder.key_width();
      SortKeyEncoder::StoreRef(SortKeyEncoder::LoadRef(ref) + offset, ref);
    }
  }
  return rows;
}

size_t SortGlobalState::memory_bytes() const {
  std::lock_guard lock(mutex_);
  return memory_bytes_;
}

Sorter::Sorter(SortSpec spec)
    : spec_(std::move(spec)),
      encoder_(std::make_shared<SortKeyEncoder>(spec_.input_types, spec_.keys,
                                                spec_.string_prefix_bytes)) {
  spec_.output_columns = ResolveOutputColumns(spec_.output_columns, spec_.input_types.size());
}

std::unique_ptr<SortGlobalState> Sorter::MakeGlobalState() const {
  return std::make_unique<SortGlobalState>();
}

std::unique_ptr<SortLocalState> Sorter::MakeLocalState(SortGlobalState& global) const {
  std::lock_guard lock(global.mutex_);
  return std::unique_ptr<SortLocalState>(
      new SortLocalState(spec_.input_types, global.next_sequence_++));
}

void Sorter::Sink(SortLocalState& local, const Chunk& chunk) const {
  const size_t num_rows = chunk.size();
  if (num_rows == 0) return;
  const size_t width = encoder_->entry_width();
  std::vector<uint8_t>& entries = local.run_.entries;
  const size_t first = entries.size();
  entries.resize(first + num_rows * width);
  uint8_t* out = entries.data() + first;
  encoder_->Encode(chunk, num_rows, out, width);

  local.row_numbers_.resize(num_rows);
  std::iota(local.row_numbers_.begin(), local.row_numbers_.end(), 0);
  local.refs_.resize(num_rows);
  local.run_.rows.Append(chunk, local.row_numbers_, local.refs_.data());
  for (size_t i = 0; i < num_rows; ++i) {
    SortKeyEncoder::StoreRef(local.refs_[i], out + i * width + encoder_->key_width());
  }
  local.num_rows_ += num_rows;
}

void Sorter::Combine(SortGlobalState& global, SortLocalState& local) const {
  SortRun& run = local.run_;
  SortEntries(*encoder_, run.rows, run.entries.data(),
              run.entries.size() / encoder_->entry_width());
  auto moved = std::make_unique<SortRun>(std::move(run));
  run = SortRun(spec_.input_types);
  local.num_rows_ = 0;
  std::lock_guard lock(global.mutex_);
  global.memory_bytes_ += moved->memory_bytes();
  if (global.runs_.size() <= local.sequence_) global.runs_.resize(local.sequence_ + 1);
  global.runs_[local.sequence_] = std::move(moved);
}

std::unique_ptr<SortedRows> Sorter::Finalize(SortGlobalState& global) const {
  std::vector<std::unique_ptr<SortRun>> runs;
  {
    std::lock_guard lock(global.mutex_);
    for (auto& run : global.runs_) {
      if (run != nullptr) runs.push_back(std::move(run));
    }
    global.runs_.clear();
  }
  if (runs.empty()) runs.push_back(std::make_unique<SortRun>(spec_.input_types));
  std::shared_ptr<RowStore> rows = ConcatenateRuns(*encoder_, runs);
  std::vector<std::vector<uint8_t>> sorted;
  for (auto& run : runs) sorted.push_back(std::move(run->entries));

  // Pairwise merge rounds; each merge is itself split across the scheduler's threads.
  const size_t width = encoder_->entry_width();
  const size_t num_threads = TaskScheduler::Global().num_threads();
  while (sorted.size() > 1) {
    std::vector<std::vector<uint8_t>> merged((sorted.size() + 1) / 2);
    const size_t num_pairs = sorted.size() / 2;
    const size_t parts_per_merge = std::max<size_t>(1, num_threads / num_pairs);
    TaskGroup group;
    for (size_t pair = 0; pair < num_pairs; ++pair) {
      group.Run([&, pair] {
        const std::vector<uint8_t>& a = sorted[2 * pair];
        const std::vector<uint8_t>& b = sorted[2 * pair + 1];
        merged[pair].resize(a.size() + b.size());
        MergeEntries(*encoder_, *rows, a.data(), a.size() / width, b.data(),
                     b.size() / width, merged[pair].data(), parts_per_merge);
      });
    }
    group.Wait();
    if (sorted.size() % 2 == 1) merged.back() = std::move(sorted.back());
    sorted = std::move(merged);
  }
  return std::make_unique<SortedRows>(encoder_, std::move(rows), std::move(sorted.front()),
                                      spec_.output_columns);
}

}  // namespace sluice::exec
