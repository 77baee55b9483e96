#pragma once
// A Chunk is the one batch type that flows between readers, operators and writers.

#include <cstddef>
#include <vector>

#include "core/types.h"
#include "core/vector.h"

namespace sluice {

/// Up to `capacity()` rows (normally kChunkCapacity) as one Vector per column.
class Chunk {
 public:
  Chunk() = default;
  explicit Chunk(const std::vector<DataType>& types, size_t capacity = kChunkCapacity);
  Chunk(Chunk&&) noexcept = default;
  Chunk& operator=(Chunk&&) noexcept = default;

  size_t num_columns() const { return columns_.size(); }
  /// Number of rows filled.
  size_t size() const { return size_; }
  void set_size(size_t size);
  size_t capacity() const { return capacity_; }
  bool full() const { return size_ == capacity_; }

  Vector& column(size_t i) { return columns_[i]; }
  const Vector& column(size_t i) const { return columns_[i]; }
  std::vector<DataType> types() const;

  /// Empties the chunk (size 0, all valid, string bytes released) for reuse.
  void Reset();

 private:
  std::vector<Vector> columns_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace sluice
