#include "exec/sort/row_store.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "core/vector_copy.h"

namespace sluice::exec {

namespace {

/// Copies `count` fixed-width values or NULLs from the referenced rows of `column`.
template <size_t kWidth>
void GatherFixed(const RowStore& store, std::span<const uint64_t> refs, size_t column,
                 Vector* out) {
  uint8_t* target = out->raw_data();
  for (size_t i = 0; i < refs.size(); ++i) {
    const Vector& from = store.column(refs[i], column);
    const size_t row = RowStore::RowOf(refs[i]);
    std::memcpy(target + i * kWidth, from.data<uint8_t>() + row * kWidth, kWidth);
    if (!from.IsValid(row)) out->SetNull(i);
  }
}

}  // namespace

size_t RowStore::ChunkBytes(const Chunk& chunk) const {
  size_t bytes = 0;
  for (size_t c = 0; c < chunk.num_columns(); ++c) {
    const Vector& vector = chunk.column(c);
    // Vector has no const heap() accessor; allocated_bytes() only reads.
    const StringHeap& heap = const_cast<Vector&>(vector).heap();
    bytes += vector.capacity() * vector.type().fixed_width() + heap.allocated_bytes();
    if (!vector.all_valid()) bytes += (vector.capacity() + 63) / 64 * 8;
  }
  return bytes;
}

void RowStore::Append(const Chunk& chunk, std::span<const uint32_t> rows, uint64_t* refs) {
  const size_t num_columns = types_.size();
  std::vector<size_t> all_columns(num_columns);
  for (size_t c = 0; c < num_columns; ++c) all_columns[c] = c;
  size_t done = 0;
  while (done < rows.size()) {
    if (chunks_.empty() || chunks_.back().full()) {
      chunks_.emplace_back(types_, kChunkCapacity);
      memory_bytes_ += ChunkBytes(chunks_.back());
    }
    Chunk& target = chunks_.back();
    const size_t before_bytes = ChunkBytes(target);
    const size_t first_row = target.size();
    const size_t count = std::min(rows.size() - done, target.capacity() - first_row);
    AppendRows(chunk, all_columns, rows.subspan(done, count), &target);
    for (size_t i = 0; i < count; ++i) {
      refs[done + i] = MakeRef(chunks_.size() - 1, first_row + i);
    }
    memory_bytes_ += ChunkBytes(target) - before_bytes;
    done += count;
  }
}

uint64_t RowStore::AppendStore(RowStore&& other) {
  const uint64_t offset = MakeRef(chunks_.size(), 0);
  for (Chunk& chunk : other.chunks_) chunks_.push_back(std::move(chunk));
  memory_bytes_ += other.memory_bytes_;
  other.chunks_.clear();
  other.memory_bytes_ = 0;
  return offset;
}

void RowStore::Gather(std::span<const uint64_t> refs, std::span<const size_t> columns,
                      Chunk* out) const {
  SLUICE_ASSERT(refs.size() <= out->capacity(), "Gather needs room for every row");
  out->Reset();
  for (size_t i = 0; i < columns.size(); ++i) {
    Vector* target = &out->column(i);
    switch (types_[columns[i]].fixed_width()) {
      case 1: GatherFixed<1>(*this, refs, columns[i], target); break;
      case 2: GatherFixed<2>(*this, refs, columns[i], target); break;
      case 4: GatherFixed<4>(*this, refs, columns[i], target); break;
      case 8: GatherFixed<8>(*this, refs, columns[i], target); break;
      case 16: GatherFixed<16>(*this, refs, columns[i], target); break;
      default: SLUICE_ASSERT(false, "sort payload columns are scalar types");
    }
  }
  out->set_size(refs.size());
}

}  // namespace sluice::exec
