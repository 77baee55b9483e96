#pragma once
// Where the CSV reader's bytes come from, in blocks: a plain file read with pread (any
// thread, any order), a sequential stream (decompressing), or bytes in memory. Every
// block stays readable kPadding bytes past its end (the tokenizer's SIMD loads).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/compression.h"
#include "io/file.h"

namespace sluice::csv {

/// A run of input bytes.
struct Block {
  uint64_t offset = 0;  ///< Position of data[0] in the (decompressed) input.
  size_t size = 0;
  const char* data = nullptr;
  std::shared_ptr<const void> owner;  ///< Keeps `data` alive.
  /// The input byte before data[0] ('\n' at the start of the input).
  char previous_byte = '\n';
};

class BlockSource {
 public:
  virtual ~BlockSource() = default;
  /// True when Load() may run on any thread in any order (then Next() only assigns
  /// offsets); false when Next() reads the bytes itself, in order.
  virtual bool parallel_load() const = 0;
  /// Claims the next block of the input; false at its end.
  virtual bool Next(Block* block) = 0;
  /// Reads the bytes of a block claimed by Next() (parallel sources only).
  virtual void Load(Block* block) = 0;
};

/// Blocks of a plain file, read with pread. `block_size` bytes each.
std::unique_ptr<BlockSource> MakeFileBlockSource(std::shared_ptr<io::InputFile> file,
                                                 size_t block_size);
/// Blocks read in order from a stream (e.g. a decompressing one).
std::unique_ptr<BlockSource> MakeStreamBlockSource(std::unique_ptr<io::InputStream> stream,
                                                   size_t block_size);
/// Views of `data`, which must be readable kPadding bytes past data + size.
std::unique_ptr<BlockSource> MakeMemoryBlockSource(std::shared_ptr<const void> owner,
                                                   const char* data, size_t size,
                                                   size_t block_size);

/// A zero-padded copy of `text` as a block-like buffer (for carries and stitches).
struct PaddedBuffer {
  std::shared_ptr<char[]> bytes;
  size_t size = 0;
};
PaddedBuffer MakePaddedBuffer(std::string_view first, std::string_view second = {});

}  // namespace sluice::csv
