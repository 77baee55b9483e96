#pragma once
// Chunks the reader's consumer hands back, reused by the parsing tasks: a chunk's
// buffers are then allocated and zeroed once, not once per batch.

#include <cstddef>
#include <mutex>
#include <vector>

#include "core/chunk.h"

namespace sluice::csv {

/// A small thread-safe free list of chunks, matched by column types.
class ChunkPool {
 public:
  /// An empty chunk of these types and kChunkCapacity rows: a reused one if any.
  Chunk Take(const std::vector<DataType>& types) {
    {
      std::lock_guard lock(mutex_);
      for (size_t i = free_.size(); i-- > 0;) {
        if (SameTypes(free_[i], types)) {
          Chunk chunk = std::move(free_[i]);
          free_[i] = std::move(free_.back());
          free_.pop_back();
          return chunk;
        }
      }
    }
    return Chunk(types);
  }

  /// Takes back a chunk whose rows are no longer needed (its strings' buffers are
  /// released now).
  void Give(Chunk chunk) {
    if (chunk.capacity() != kChunkCapacity || chunk.num_columns() == 0) return;
    for (size_t c = 0; c < chunk.num_columns(); ++c) {
      // A consumer may have moved a vector out: then its buffer is gone.
      Vector& vector = chunk.column(c);
      if (vector.capacity() != kChunkCapacity ||
          (vector.type().fixed_width() > 0 && vector.raw_data() == nullptr)) {
        return;
      }
    }
    chunk.Reset();
    std::lock_guard lock(mutex_);
    if (free_.size() < kMaxFree) free_.push_back(std::move(chunk));
  }

 private:
  static constexpr size_t kMaxFree = 8;

  static bool SameTypes(const Chunk& chunk, const std::vector<DataType>& types) {
    if (chunk.num_columns() != types.size()) return false;
    for (size_t c = 0; c < types.size(); ++c) {
      if (chunk.column(c).type() != types[c]) return false;
    }
    return true;
  }

  std::mutex mutex_;
  std::vector<Chunk> free_;
};

}  // namespace sluice::csv
