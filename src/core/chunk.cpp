#include "core/chunk.h"

#include "core/error.h"

namespace sluice {

Chunk::Chunk(const std::vector<DataType>& types, size_t capacity) : capacity_(capacity) {
  columns_.reserve(types.size());
  for (const DataType& type : types) columns_.emplace_back(type, capacity);
}

void Chunk::set_size(size_t size) {
  SLUICE_ASSERT(size <= capacity_, "chunk size beyond capacity");
  size_ = size;
}

std::vector<DataType> Chunk::types() const {
  std::vector<DataType> out;
  out.reserve(columns_.size());
  for (const Vector& v : columns_) out.push_back(v.type());
  return out;
}

void Chunk::Reset() {
  size_ = 0;
  for (Vector& v : columns_) v.Reset();
}

}  // namespace sluice
