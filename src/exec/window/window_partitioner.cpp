#include "exec/window/window_partitioner.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <type_traits>

#include "core/error.h"
#include "core/scheduler.h"
#include "exec/aggregate/key_hash.h"
#include "exec/sort/entry_sort.h"

namespace sluice::exec {
namespace {

/// Hash of a NULL partition key (all NULLs are one partition).
constexpr uint64_t kNullHash = 0x6a09e667f3bcc909ULL;
/// A bucket smaller than this is sorted on one thread.
constexpr size_t kParallelSortMinRows = 64 * 1024;

/// Sets or folds into `hashes[r]` the hash of row r of `vector`, for r < count.
void HashColumn(const Vector& vector, size_t count, bool first, uint64_t* hashes) {
  DispatchPhysical(vector.type().physical_type(), [&]<typename T>() {
    if constexpr (std::is_void_v<T>) {
      SLUICE_ASSERT(false, "partition keys are scalar values");
    } else {
      const T* values = vector.data<T>();
      for (size_t r = 0; r < count; ++r) {
        const uint64_t hash = vector.IsValid(r) ? HashValue(values[r]) : kNullHash;
        hashes[r] = first ? hash : CombineHashes(hashes[r], hash);
      }
    }
  });
}

/// Equal as partition keys and as peers: NULL equals NULL, floats compare as values
/// (-0.0 = 0.0) with every NaN equal, TIMESTAMP WITH TIME ZONE by instant.
template <typename T>
bool SameValue(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a == b || (std::isnan(a) && std::isnan(b));
  } else if constexpr (std::is_same_v<T, TimestampTz>) {
    return a.micros == b.micros;
  } else if constexpr (std::is_same_v<T, StringRef>) {
    return a.view() == b.view();
  } else {
    return a == b;
  }
}

/// Marks `starts[p]` for each position p > 0 whose value of gathered column `column`
/// differs from position p - 1's.
void MarkChanges(const SortedBucket& bucket, size_t column, std::vector<uint8_t>* starts) {
  const size_t count = bucket.num_rows();
  if (count == 0) return;
  DispatchPhysical(bucket.columns[0].column(column).type().physical_type(), [&]<typename T>() {
    if constexpr (std::is_void_v<T>) {
      SLUICE_ASSERT(false, "window keys are scalar values");
    } else {
      const Vector* previous_vector = &bucket.column(column, 0);
      size_t previous_row = 0;
      for (size_t p = 1; p < count; ++p) {
        const Vector& vector = bucket.column(column, p);
        const size_t row = p % kChunkCapacity;
        if ((*starts)[p] == 0) {
          const bool valid = vector.IsValid(row);
          const bool previous_valid = previous_vector->IsValid(previous_row);
          if (valid != previous_valid ||
              (valid && !SameValue(vector.data<T>()[row], previous_vector->data<T>()[previous_row]))) {
            (*starts)[p] = 1;
          }
        }
        previous_vector = &vector;
        previous_row = row;
      }
    }
  });
}

/// Positions whose flag is set, then `count`.
std::vector<size_t> CollectStarts(const std::vector<uint8_t>& flags) {
  std::vector<size_t> starts;
  for (size_t p = 0; p < flags.size(); ++p) {
    if (flags[p] != 0) starts.push_back(p);
  }
  starts.push_back(flags.size());
  return starts;
}

/// Sorts `count` entries; with `parallel`, as contiguous runs sorted on the scheduler
/// and merged pairwise (each merge itself split across threads).
void SortAll(const SortKeyEncoder& encoder, const RowStore& rows, std::vector<uint8_t>* entries,
             size_t count, bool parallel) {
  const size_t width = encoder.entry_width();
  const size_t num_threads = TaskScheduler::Global().num_threads();
  if (!parallel || num_threads < 2 || count < kParallelSortMinRows) {
    SortEntries(encoder, rows, entries->data(), count);
    return;
  }
  std::vector<size_t> bounds;
  for (size_t i = 0; i <= num_threads; ++i) bounds.push_back(count * i / num_threads);
  {
    TaskGroup group;
    for (size_t i = 0; i < num_threads; ++i) {
      group.Run([&, i] {
        SortEntries(encoder, rows, entries->data() + bounds[i] * width, bounds[i + 1] - bounds[i]);
      });
    }
    group.Wait();
  }
  std::vector<uint8_t> scratch(entries->size());
  while (bounds.size() > 2) {
    std::vector<size_t> merged_bounds;
    const size_t num_runs = bounds.size() - 1;
    const size_t parts = std::max<size_t>(1, num_threads / std::max<size_t>(1, num_runs / 2));
    for (size_t i = 0; i + 1 < num_runs; i += 2) {
      const uint8_t* a = entries->data() + bounds[i] * width;
      const uint8_t* b = entries->data() + bounds[i + 1] * width;
      MergeEntries(encoder, rows, a, bounds[i + 1] - bounds[i], b, bounds[i + 2] - bounds[i + 1],
                   scratch.data() + bounds[i] * width, parts);
      merged_bounds.push_back(bounds[i]);
    }
    if (num_runs % 2 == 1) {
      const size_t begin = bounds[num_runs - 1];
      std::memcpy(scratch.data() + begin * width, entries->data() + begin * width, (count - begin) * width);
      merged_bounds.push_back(begin);
    }
    merged_bounds.push_back(count);
    bounds = std::move(merged_bounds);
    entries->swap(scratch);
  }
}

}  // namespace

size_t SortedBucket::memory_bytes() const {
  size_t bytes = refs.capacity() * sizeof(uint64_t) +
                 (partition_starts.capacity() + peer_starts.capacity()) * sizeof(size_t);
  for (const Chunk& chunk : columns) {
    for (size_t c = 0; c < chunk.num_columns(); ++c) {
      bytes += chunk.capacity() * chunk.column(c).type().fixed_width();
    }
  }
  return bytes;
}

WindowLocalRows::WindowLocalRows(const WindowLayout& layout)
    : layout_(layout), rows_(layout.stored_types()) {
  for (const WindowSortGroup& group : layout.groups()) {
    const size_t num_buckets = group.partition_columns.empty() ? 1 : size_t{1} << kWindowBucketBits;
    entries_.emplace_back(num_buckets);
  }
}

size_t WindowLocalRows::EstimateAppendBytes(const Chunk& chunk) const {
  size_t row_width = 0;
  for (const DataType& type : layout_.stored_types()) row_width += type.fixed_width();
  for (const WindowSortGroup& group : layout_.groups()) row_width += 2 * group.encoder->entry_width();
  size_t bytes = chunk.size() * row_width;
  for (size_t c = 0; c < chunk.num_columns(); ++c) {
    const Vector& vector = chunk.column(c);
    if (!vector.type().is_string()) continue;
    const StringRef* values = vector.data<StringRef>();
    for (size_t r = 0; r < chunk.size(); ++r) {
      if (vector.IsValid(r) && !values[r].is_inlined()) bytes += values[r].size();
    }
  }
  return bytes;
}

void WindowLocalRows::Append(const Chunk& chunk) {
  const size_t count = chunk.size();
  if (count == 0) return;
  row_numbers_.resize(count);
  std::iota(row_numbers_.begin(), row_numbers_.end(), uint32_t{0});
  refs_.resize(count);
  rows_.Append(chunk, row_numbers_, refs_.data());

  const auto& groups = layout_.groups();
  for (size_t g = 0; g < groups.size(); ++g) {
    const SortKeyEncoder& encoder = *groups[g].encoder;
    const size_t width = encoder.entry_width();
    keys_.resize(count * width);
    encoder.Encode(chunk, count, keys_.data(), width);
    for (size_t r = 0; r < count; ++r) {
      SortKeyEncoder::StoreRef(refs_[r], keys_.data() + r * width + encoder.key_width());
    }
    std::vector<std::vector<uint8_t>>& buckets = entries_[g];
    for (const auto& bucket : buckets) entry_bytes_ -= bucket.capacity();
    if (buckets.size() == 1) {
      buckets[0].insert(buckets[0].end(), keys_.begin(), keys_.end());
    } else {
      hashes_.resize(count);
      const auto& columns = groups[g].partition_columns;
      for (size_t k = 0; k < columns.size(); ++k) {
        HashColumn(chunk.column(columns[k]), count, k == 0, hashes_.data());
      }
      // Grow each bucket once, then copy the entries into place.
      size_t counts[size_t{1} << kWindowBucketBits] = {};
      for (size_t r = 0; r < count; ++r) ++counts[hashes_[r] >> (64 - kWindowBucketBits)];
      size_t ends[size_t{1} << kWindowBucketBits];
      for (size_t b = 0; b < buckets.size(); ++b) {
        ends[b] = buckets[b].size();
        buckets[b].resize(ends[b] + counts[b] * width);
      }
      for (size_t r = 0; r < count; ++r) {
        const size_t b = hashes_[r] >> (64 - kWindowBucketBits);
        std::memcpy(buckets[b].data() + ends[b], keys_.data() + r * width, width);
        ends[b] += width;
      }
    }
    for (const auto& bucket : buckets) entry_bytes_ += bucket.capacity();
  }
}

WindowPartitionedRows::WindowPartitionedRows(const WindowLayout& layout)
    : layout_(layout), rows_(std::make_shared<RowStore>(layout.stored_types())) {
  for (const WindowSortGroup& group : layout.groups()) {
    const size_t num_buckets = group.partition_columns.empty() ? 1 : size_t{1} << kWindowBucketBits;
    pieces_.emplace_back(num_buckets);
  }
}

void WindowPartitionedRows::Add(WindowLocalRows&& local) {
  const uint64_t offset = rows_->AppendStore(std::move(local.rows_));
  for (size_t g = 0; g < pieces_.size(); ++g) {
    for (size_t b = 0; b < pieces_[g].size(); ++b) {
      std::vector<uint8_t>& entries = local.entries_[g][b];
      if (entries.empty()) continue;
      pieces_[g][b].push_back(Piece{std::move(entries), offset});
    }
  }
  local.entry_bytes_ = 0;
}

size_t WindowPartitionedRows::bucket_rows(size_t group, size_t bucket) const {
  size_t bytes = 0;
  for (const Piece& piece : pieces_[group][bucket]) bytes += piece.entries.size();
  return bytes / layout_.groups()[group].encoder->entry_width();
}

SortedBucket WindowPartitionedRows::SortBucket(size_t group_index, size_t bucket_index, bool parallel_sort) {
  const WindowSortGroup& group = layout_.groups()[group_index];
  const SortKeyEncoder& encoder = *group.encoder;
  const size_t width = encoder.entry_width();
  std::vector<Piece> pieces = std::move(pieces_[group_index][bucket_index]);

  // One run in reference order (pieces were added in store order).
  std::vector<uint8_t> entries;
  if (pieces.size() == 1 && pieces[0].ref_offset == 0) {
    entries = std::move(pieces[0].entries);
  } else {
    size_t total = 0;
    for (const Piece& piece : pieces) total += piece.entries.size();
    entries.reserve(total);
    for (Piece& piece : pieces) {
      const size_t first = entries.size();
      entries.insert(entries.end(), piece.entries.begin(), piece.entries.end());
      if (piece.ref_offset != 0) {
        for (size_t at = first + encoder.key_width(); at < entries.size(); at += width) {
          SortKeyEncoder::StoreRef(SortKeyEncoder::LoadRef(&entries[at]) + piece.ref_offset, &entries[at]);
        }
      }
      piece.entries = {};
    }
  }
  const size_t count = entries.size() / width;
  if (group.has_keys() && count > 1) SortAll(encoder, *rows_, &entries, count, parallel_sort);

  SortedBucket bucket;
  bucket.refs.resize(count);
  for (size_t i = 0; i < count; ++i) bucket.refs[i] = encoder.EntryRef(entries.data() + i * width);
  entries = {};

  const std::vector<DataType> types = group.gathered_types(rows_->types());
  for (size_t begin = 0; begin < count; begin += kChunkCapacity) {
    const size_t rows = std::min(kChunkCapacity, count - begin);
    Chunk chunk(types);
    rows_->Gather(std::span<const uint64_t>(bucket.refs.data() + begin, rows), group.gathered_columns, &chunk);
    bucket.columns.push_back(std::move(chunk));
  }

  std::vector<uint8_t> flags(count, 0);
  if (count > 0) flags[0] = 1;
  for (size_t column : group.partition_keys) MarkChanges(bucket, column, &flags);
  bucket.partition_starts = CollectStarts(flags);
  for (size_t column : group.order_keys) MarkChanges(bucket, column, &flags);
  bucket.peer_starts = CollectStarts(flags);
  return bucket;
}

}  // namespace sluice::exec
