#include "formats/json/block_source.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/error.h"

namespace sluice::json {

namespace {

/// Number of LF bytes in [data, data + size). With SSE2 (the x86-64 baseline): byte
/// lanes count matches (a match is -1, subtracted), summed every 255 steps.
uint64_t CountLineFeeds(const char* data, size_t size) {
  uint64_t count = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i line_feed = _mm_set1_epi8('\n');
  while (i + 16 <= size) {
    __m128i lanes = _mm_setzero_si128();
    size_t steps = std::min<size_t>((size - i) / 16, 255);
    for (size_t step = 0; step < steps; ++step, i += 16) {
      __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(bytes, line_feed));
    }
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    count += static_cast<uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i < size; ++i) count += data[i] == '\n';
  return count;
}

}  // namespace

BlockSource::BlockSource(std::unique_ptr<io::InputStream> stream, size_t block_size)
    : stream_(std::move(stream)), block_size_(std::max<size_t>(block_size, 1)) {}

size_t BlockSource::Fill(char* buffer, size_t filled, size_t capacity) {
  while (filled < capacity && !at_eof_) {
    size_t n = stream_->Read(buffer + filled, capacity - filled);
    if (n == 0) at_eof_ = true;
    filled += n;
  }
  return filled;
}

std::shared_ptr<const Block> BlockSource::Next() {
  if (at_eof_ && carry_size_ == 0) return nullptr;
  size_t capacity = std::max(block_size_, carry_size_ + 1);
  std::unique_ptr<char[]> buffer(new char[capacity + kBlockPadding]);
  if (carry_size_ > 0) std::memcpy(buffer.get(), carry_.get(), carry_size_);
  size_t filled = carry_size_;
  carry_size_ = 0;
  size_t searched = filled;  // bytes known to hold no LF
  size_t line_end = 0;       // one past the last LF, or 0
  for (;;) {
    filled = Fill(buffer.get(), filled, capacity);
    if (at_start_) {
      at_start_ = false;
      if (filled >= 3 && std::memcmp(buffer.get(), "\xEF\xBB\xBF", 3) == 0) {
        std::memmove(buffer.get(), buffer.get() + 3, filled - 3);
        filled -= 3;
        searched = 0;
        if (!at_eof_) continue;  // top the buffer up again
      }
    }
    const void* last_lf =
        filled > searched ? memrchr(buffer.get() + searched, '\n', filled - searched) : nullptr;
    if (last_lf != nullptr) {
      line_end = static_cast<size_t>(static_cast<const char*>(last_lf) - buffer.get()) + 1;
      break;
    }
    if (at_eof_) {
      line_end = filled;
      break;
    }
    // One line longer than the buffer: grow it.
    searched = filled;
    size_t bigger = capacity * 2;
    std::unique_ptr<char[]> grown(new char[bigger + kBlockPadding]);
    std::memcpy(grown.get(), buffer.get(), filled);
    buffer = std::move(grown);
    capacity = bigger;
  }
  if (filled == 0) return nullptr;
  if (line_end < filled) {
    carry_size_ = filled - line_end;
    carry_.reset(new char[carry_size_]);
    std::memcpy(carry_.get(), buffer.get() + line_end, carry_size_);
  }
  std::memset(buffer.get() + line_end, 0, kBlockPadding);
  auto block = std::make_shared<Block>();
  block->size = line_end;
  block->first_line = next_line_;
  block->index = next_index_++;
  uint64_t line_feeds = CountLineFeeds(buffer.get(), line_end);
  block->num_lines = line_feeds + (buffer[line_end - 1] != '\n' ? 1 : 0);
  next_line_ += line_feeds;
  block->storage = std::shared_ptr<char[]>(buffer.release());
  return block;
}

}  // namespace sluice::json
