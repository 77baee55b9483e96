#pragma once
// Cuts a byte stream into blocks of whole lines for parallel parsing.
//
// JSON lines cannot hold a raw LF inside a value, so every LF ends a row and a block
// can end after any LF. Blocks are read one after the other from an io::InputStream
// (decompressing as it goes), so memory holds only the blocks in flight.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "io/compression.h"

namespace sluice::json {

/// Readable bytes after the end of every block, as simdjson requires.
inline constexpr size_t kBlockPadding = 64;

/// Whole lines of the input, followed by kBlockPadding readable bytes.
struct Block {
  std::shared_ptr<char[]> storage;
  size_t size = 0;          ///< Bytes of lines; the last ends with LF except at EOF.
  uint64_t first_line = 1;  ///< 1-based line number of the first line.
  uint64_t num_lines = 0;   ///< Lines in the block (blank ones included).
  uint64_t index = 0;       ///< 0-based position of the block in the input.

  const char* data() const { return storage.get(); }
};

/// Produces the blocks of a stream in order. Not thread-safe (one producer).
class BlockSource {
 public:
  /// `block_size` is a target: a block ends at the last LF within it, or extends to
  /// the next LF when one line is longer.
  BlockSource(std::unique_ptr<io::InputStream> stream, size_t block_size);

  /// The next block, or nullptr after the last one. A UTF-8 byte order mark at the
  /// start of the input is dropped.
  std::shared_ptr<const Block> Next();

 private:
  /// Reads into [filled, capacity) until full or EOF; returns the new fill.
  size_t Fill(char* buffer, size_t filled, size_t capacity);

  std::unique_ptr<io::InputStream> stream_;
  size_t block_size_;
  std::unique_ptr<char[]> carry_;  ///< Bytes after the last LF of the previous block.
  size_t carry_size_ = 0;
  bool at_eof_ = false;
  bool at_start_ = true;
  uint64_t next_line_ = 1;
  uint64_t next_index_ = 0;
};

}  // namespace sluice::json
