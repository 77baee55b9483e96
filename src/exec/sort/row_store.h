#pragma once
// Rows a sort holds: copies of its input rows in chunks of its own, addressed by 64-bit
// row references that the sort entries carry (see sort_key.h).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/chunk.h"

namespace sluice::exec {

/// An append-only list of chunks of kChunkCapacity rows with the input's columns.
///
/// A row reference is `chunk_index * kChunkCapacity + row`: unique, increasing in
/// arrival order, and still valid after stores are concatenated (AppendStore adds a
/// multiple of kChunkCapacity). The rows are self-contained (string bytes copied into
/// the store's heaps), so a store could be written to disk and read back as it is
/// (spilling, later). Not thread-safe: one thread fills a store.
class RowStore {
 public:
  explicit RowStore(std::vector<DataType> types) : types_(std::move(types)) {}
  RowStore(RowStore&&) noexcept = default;
  RowStore& operator=(RowStore&&) noexcept = default;

  static uint64_t MakeRef(size_t chunk_index, size_t row) {
    return uint64_t{chunk_index} * kChunkCapacity + row;
  }
  static size_t ChunkOf(uint64_t ref) { return ref / kChunkCapacity; }
  static size_t RowOf(uint64_t ref) { return ref % kChunkCapacity; }

  /// Copies rows `rows` of `chunk` (which has this store's types) and writes the
  /// reference of each copy to `refs[i]`.
  void Append(const Chunk& chunk, std::span<const uint32_t> rows, uint64_t* refs);
  /// Moves every chunk of `other` behind ours; returns the amount (a multiple of
  /// kChunkCapacity) to add to `other`'s references.
  uint64_t AppendStore(RowStore&& other);

  size_t num_chunks() const { return chunks_.size(); }
  const Chunk& chunk(size_t index) const { return chunks_[index]; }
  const Vector& column(uint64_t ref, size_t column) const {
    return chunks_[ChunkOf(ref)].column(column);
  }
  const std::vector<DataType>& types() const { return types_; }

  /// Writes the rows `refs` to `out`, whose columns are `columns` of this store in that
  /// order, starting at row 0, and sets out's size. Long strings are not copied: they
  /// point into this store, which must outlive `out` (see SortedRows::Scan).
  void Gather(std::span<const uint64_t> refs, std::span<const size_t> columns, Chunk* out) const;

  /// Bytes held by the chunks (data, validity and string heaps).
  size_t memory_bytes() const { return memory_bytes_; }

 private:
  size_t ChunkBytes(const Chunk& chunk) const;

  std::vector<DataType> types_;
  std::vector<Chunk> chunks_;
  size_t memory_bytes_ = 0;
};

}  // namespace sluice::exec
