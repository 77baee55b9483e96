#pragma once
// The result of a sort or a top-N: rows in order, read back as chunks.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/chunk.h"
#include "exec/sort/row_store.h"
#include "exec/sort/sort_key.h"

namespace sluice::exec {

/// Sorted sort entries plus the rows they refer to. Immutable once built: Scan() is
/// const and may run on many threads at once (each filling its own chunk).
class SortedRows {
 public:
  /// `entries` holds `entries.size() / encoder->entry_width()` sorted entries whose
  /// references point into `rows`; `output_columns` are the store columns to return.
  SortedRows(std::shared_ptr<const SortKeyEncoder> encoder,
             std::shared_ptr<const RowStore> rows, std::vector<uint8_t> entries,
             std::vector<size_t> output_columns);

  size_t num_rows() const { return num_rows_; }
  /// Output chunks of kChunkCapacity rows (the last one may be shorter).
  size_t num_chunks() const { return (num_rows_ + kChunkCapacity - 1) / kChunkCapacity; }
  std::vector<DataType> output_types() const;

  /// Fills `out` (a chunk of output_types()) with rows [begin, begin + count) of the
  /// order; count <= min(kChunkCapacity, out->capacity()). Long strings are not copied: out's vectors keep
  /// the row store alive (StringHeap::KeepAlive), so `out` stays valid on its own.
  void Scan(size_t begin, size_t count, Chunk* out) const;
  /// Scan of output chunk `index`.
  void ScanChunk(size_t index, Chunk* out) const {
    const size_t begin = index * kChunkCapacity;
    Scan(begin, std::min(kChunkCapacity, num_rows_ - begin), out);
  }
  /// The row reference of row `index` of the order (for operators that read the
  /// store's columns directly, e.g. window functions).
  uint64_t ref(size_t index) const {
    return SortKeyEncoder::LoadRef(entries_.data() + index * entry_width_ +
                                   encoder_->key_width());
  }
  const RowStore& rows() const { return *rows_; }
  /// Bytes held: entries and rows.
  size_t memory_bytes() const { return entries_.capacity() + rows_->memory_bytes(); }

 private:
  std::shared_ptr<const SortKeyEncoder> encoder_;
  std::shared_ptr<const RowStore> rows_;
  std::vector<uint8_t> entries_;
  std::vector<size_t> output_columns_;
  size_t entry_width_;
  size_t num_rows_;
};

}  // namespace sluice::exec
