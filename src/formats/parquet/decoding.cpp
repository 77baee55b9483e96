#include "formats/parquet/decoding.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace sluice::parquet {

namespace {

[[noreturn]] void Fail(const std::string& message) { throw FormatError(message); }

std::string Num(uint64_t value) { return std::to_string(value); }

inline uint64_t LoadLittle64(const uint8_t* p) {
  uint64_t value;
  std::memcpy(&value, p, 8);
  return value;  // Sluice targets little-endian machines (x86-64, arm64).
}

}  // namespace

uint64_t ReadUleb128(const uint8_t** pos, const uint8_t* end, const char* what) {
  uint64_t value = 0;
  const uint8_t* p = *pos;
  for (int shift = 0; shift < 70; shift += 7) {
    if (p >= end) Fail(std::string(what) + ": varint runs past the end of the data");
    uint8_t byte = *p++;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *pos = p;
      return value;
    }
  }
  Fail(std::string(what) + ": varint longer than 10 bytes");
}

int64_t ReadZigZag(const uint8_t** pos, const uint8_t* end, const char* what) {
  uint64_t value = ReadUleb128(pos, end, what);
  return static_cast<int64_t>((value >> 1) ^ (~(value & 1) + 1));
}

void UnpackBits(const uint8_t* data, size_t size, uint64_t bit_offset, int bit_width,
                size_t count, uint64_t* out) {
  if (bit_width == 0) {
    std::fill(out, out + count, uint64_t{0});
    return;
  }
  const uint64_t mask = bit_width == 64 ? ~uint64_t{0} : (uint64_t{1} << bit_width) - 1;
  const uint64_t width = static_cast<uint64_t>(bit_width);
  for (size_t i = 0; i < count; ++i) {
    uint64_t bit = bit_offset + i * width;
    size_t byte = static_cast<size_t>(bit >> 3);
    unsigned shift = static_cast<unsigned>(bit & 7);
    if (bit_width <= 56 && byte + 8 <= size) {
      out[i] = (LoadLittle64(data + byte) >> shift) & mask;
      continue;
    }
    unsigned __int128 bits = 0;
    size_t needed = (shift + width + 7) / 8;
    for (size_t k = 0; k < needed && byte + k < size; ++k) {
      bits |= static_cast<unsigned __int128>(data[byte + k]) << (8 * k);
    }
    out[i] = static_cast<uint64_t>(bits >> shift) & mask;
  }
}

// ---- PLAIN ---------------------------------------------------------------------------

const uint8_t* PlainFixedDecoder::Take(size_t count) {
  size_t left = static_cast<size_t>(end_ - pos_);
  if (count > left / width_) {
    Fail("PLAIN: page needs " + Num(count) + " more values of " + Num(width_) +
         " bytes but only " + Num(left) + " bytes are left");
  }
  const uint8_t* start = pos_;
  pos_ += count * width_;
  return start;
}

void PlainFixedDecoder::Decode(void* out, size_t count) {
  const uint8_t* start = Take(count);
  if (count > 0) std::memcpy(out, start, count * width_);
}

void PlainFixedDecoder::Skip(size_t count) { Take(count); }

void PlainBooleanDecoder::Decode(uint8_t* out, size_t count) {
  if (count > num_bits_ - bit_) {
    Fail("PLAIN BOOLEAN: page needs " + Num(count) + " more values but only " +
         Num(num_bits_ - bit_) + " bits are left");
  }
  for (size_t i = 0; i < count; ++i, ++bit_) out[i] = (data_[bit_ >> 3] >> (bit_ & 7)) & 1;
}

void PlainBooleanDecoder::Skip(size_t count) {
  if (count > num_bits_ - bit_) Fail("PLAIN BOOLEAN: page has fewer values than its header says");
  bit_ += count;
}

void PlainByteArrayDecoder::Decode(StringRef* out, size_t count) {
  if (fixed_length_ >= 0) {
    size_t length = static_cast<size_t>(fixed_length_);
    size_t left = static_cast<size_t>(end_ - pos_);
    if (length != 0 && count > left / length) {
      Fail("PLAIN FIXED_LEN_BYTE_ARRAY: page needs " + Num(count) + " more values of " +
           Num(length) + " bytes but only " + Num(left) + " bytes are left");
    }
    const char* p = reinterpret_cast<const char*>(pos_);
    for (size_t i = 0; i < count; ++i) out[i] = StringRef(p + i * length, static_cast<uint32_t>(length));
    pos_ += count * length;
    return;
  }
  const uint8_t* p = pos_;
  for (size_t i = 0; i < count; ++i) {
    if (end_ - p < 4) Fail("PLAIN BYTE_ARRAY: page has fewer values than its header says");
    uint32_t length;
    std::memcpy(&length, p, 4);
    p += 4;
    if (length > static_cast<size_t>(end_ - p)) {
      Fail("PLAIN BYTE_ARRAY: value length " + Num(length) + " exceeds the " + Num(end_ - p) +
           " bytes left in the page");
    }
    out[i] = StringRef(reinterpret_cast<const char*>(p), length);
    p += length;
  }
  pos_ = p;
}

void PlainByteArrayDecoder::Skip(size_t count) {
  StringRef scratch[64];
  while (count > 0) {
    size_t n = std::min<size_t>(count, 64);
    Decode(scratch, n);
    count -= n;
  }
}

// ---- Dictionary indices and RLE booleans ---------------------------------------------

DictionaryIndexDecoder::DictionaryIndexDecoder(const uint8_t* data, size_t size,
                                               uint32_t dictionary_size)
    : dictionary_size_(dictionary_size) {
  if (size == 0) return;  // Only valid when no value is read (an all-NULL page).
  int bit_width = data[0];
  if (bit_width > 32) Fail("dictionary indices: bit width " + Num(bit_width) + " exceeds 32");
  decoder_ = RleBitPackedDecoder(data + 1, size - 1, bit_width);
}

void DictionaryIndexDecoder::Decode(uint32_t* out, size_t count) {
  if (count == 0) return;
  if (dictionary_size_ == 0) Fail("dictionary-encoded page without a dictionary page");
  size_t got = decoder_.GetIndices(out, count, dictionary_size_);
  if (got < count) {
    Fail("dictionary indices: page holds fewer values than its header says (" + Num(got) +
         " of " + Num(count) + " in a batch)");
  }
}

void DictionaryIndexDecoder::Skip(size_t count) {
  if (decoder_.Skip(count) < count) Fail("dictionary indices: page has fewer values than its header says");
}

RleBooleanDecoder::RleBooleanDecoder(const uint8_t* data, size_t size) {
  if (size < 4) Fail("RLE BOOLEAN: missing the 4-byte length");
  uint32_t length;
  std::memcpy(&length, data, 4);
  if (length > size - 4) {
    Fail("RLE BOOLEAN: length " + Num(length) + " exceeds the " + Num(size - 4) + " bytes left");
  }
  decoder_ = RleBitPackedDecoder(data + 4, length, 1);
}

void RleBooleanDecoder::Decode(uint8_t* out, size_t count) {
  uint32_t buffer[256];
  while (count > 0) {
    size_t n = std::min<size_t>(count, 256);
    if (decoder_.GetBatch(buffer, n) < n) Fail("RLE BOOLEAN: page has fewer values than its header says");
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(buffer[i] & 1);
    out += n;
    count -= n;
  }
}

void RleBooleanDecoder::Skip(size_t count) {
  if (decoder_.Skip(count) < count) Fail("RLE BOOLEAN: page has fewer values than its header says");
}

// ---- DELTA_BINARY_PACKED -------------------------------------------------------------

DeltaBinaryPackedDecoder::DeltaBinaryPackedDecoder(const uint8_t* data, size_t size)
    : pos_(data), end_(data + size) {
  const char* what = "DELTA_BINARY_PACKED header";
  block_size_ = ReadUleb128(&pos_, end_, what);
  miniblocks_per_block_ = ReadUleb128(&pos_, end_, what);
  total_values_ = ReadUleb128(&pos_, end_, what);
  last_value_ = static_cast<uint64_t>(ReadZigZag(&pos_, end_, what));
  if (block_size_ == 0 || block_size_ % 128 != 0 || block_size_ > (uint64_t{1} << 31)) {
    Fail("DELTA_BINARY_PACKED: block size " + Num(block_size_) +
         " is not a positive multiple of 128");
  }
  if (miniblocks_per_block_ == 0 || block_size_ % miniblocks_per_block_ != 0 ||
      (block_size_ / miniblocks_per_block_) % 32 != 0) {
    Fail("DELTA_BINARY_PACKED: " + Num(miniblocks_per_block_) +
         " miniblocks do not divide a block of " + Num(block_size_) + " into multiples of 32");
  }
  values_per_miniblock_ = block_size_ / miniblocks_per_block_;
  remaining_ = total_values_;
  first_pending_ = total_values_ > 0;
  miniblock_index_ = miniblocks_per_block_;  // No block started yet.
  blocks_ = pos_;
}

void DeltaBinaryPackedDecoder::StartBlock() {
  min_delta_ = static_cast<uint64_t>(ReadZigZag(&pos_, end_, "DELTA_BINARY_PACKED block"));
  if (static_cast<uint64_t>(end_ - pos_) < miniblocks_per_block_) {
    Fail("DELTA_BINARY_PACKED: block header runs past the end of the page");
  }
  bit_widths_ = pos_;
  pos_ += miniblocks_per_block_;
  miniblock_index_ = 0;
}

void DeltaBinaryPackedDecoder::StartMiniblock() {
  if (miniblock_index_ == miniblocks_per_block_) StartBlock();
  int width = bit_widths_[miniblock_index_++];
  if (width > 64) Fail("DELTA_BINARY_PACKED: miniblock bit width " + Num(width) + " exceeds 64");
  uint64_t in_blocks = remaining_ - (first_pending_ ? 1 : 0);
  uint64_t used = std::min(values_per_miniblock_, in_blocks);
  uint64_t needed = (used * static_cast<uint64_t>(width) + 7) / 8;
  uint64_t full = values_per_miniblock_ * static_cast<uint64_t>(width) / 8;
  uint64_t left = static_cast<uint64_t>(end_ - pos_);
  if (needed > left) {
    Fail("DELTA_BINARY_PACKED: miniblock needs " + Num(needed) + " bytes but only " +
         Num(left) + " are left");
  }
  miniblock_data_ = pos_;
  pos_ += std::min(full, left);
  miniblock_end_ = pos_;
  miniblock_left_ = values_per_miniblock_;
  miniblock_bit_ = 0;
  bit_width_ = width;
}

size_t DeltaBinaryPackedDecoder::NextDeltas(size_t wanted) {
  if (miniblock_left_ == 0) StartMiniblock();
  size_t n = static_cast<size_t>(std::min<uint64_t>({wanted, miniblock_left_, kBatch}));
  UnpackBits(miniblock_data_, static_cast<size_t>(miniblock_end_ - miniblock_data_),
             miniblock_bit_, bit_width_, n, buffer_);
  miniblock_bit_ += n * static_cast<uint64_t>(bit_width_);
  miniblock_left_ -= n;
  return n;
}

template <typename T>
void DeltaBinaryPackedDecoder::DecodeTo(T* out, size_t count) {
  if (count > remaining_) {
    Fail("DELTA_BINARY_PACKED: page needs " + Num(count) + " more values but only " +
         Num(remaining_) + " are encoded");
  }
  remaining_ -= count;
  if (count > 0 && first_pending_) {
    *out++ = static_cast<T>(last_value_);
    first_pending_ = false;
    --count;
  }
  uint64_t value = last_value_;
  while (count > 0) {
    size_t n = NextDeltas(count);
    const uint64_t delta_base = min_delta_;  // NextDeltas may have started a new block.
    for (size_t i = 0; i < n; ++i) {
      value += delta_base + buffer_[i];
      out[i] = static_cast<T>(value);
    }
    out += n;
    count -= n;
  }
  last_value_ = value;
}

template void DeltaBinaryPackedDecoder::DecodeTo<int32_t>(int32_t*, size_t);
template void DeltaBinaryPackedDecoder::DecodeTo<int64_t>(int64_t*, size_t);

void DeltaBinaryPackedDecoder::Skip(size_t count) {
  int64_t scratch[kBatch];
  while (count > 0) {
    size_t n = std::min(count, kBatch);
    DecodeTo(scratch, n);
    count -= n;
  }
}

const uint8_t* DeltaBinaryPackedDecoder::FindEnd() const {
  const uint8_t* p = blocks_;
  uint64_t values = total_values_ > 0 ? total_values_ - 1 : 0;
  while (values > 0) {
    ReadZigZag(&p, end_, "DELTA_BINARY_PACKED block");
    if (static_cast<uint64_t>(end_ - p) < miniblocks_per_block_) {
      Fail("DELTA_BINARY_PACKED: block header runs past the end of the page");
    }
    const uint8_t* widths = p;
    p += miniblocks_per_block_;
    for (uint64_t m = 0; m < miniblocks_per_block_ && values > 0; ++m) {
      uint64_t width = widths[m];
      if (width > 64) Fail("DELTA_BINARY_PACKED: miniblock bit width " + Num(width) + " exceeds 64");
      uint64_t used = std::min(values_per_miniblock_, values);
      uint64_t needed = (used * width + 7) / 8;
      uint64_t left = static_cast<uint64_t>(end_ - p);
      if (needed > left) {
        Fail("DELTA_BINARY_PACKED: miniblock needs " + Num(needed) + " bytes but only " +
             Num(left) + " are left");
      }
      p += std::min(values_per_miniblock_ * width / 8, left);
      values -= used;
    }
  }
  return p;
}

// ---- DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY -------------------------------------

DeltaLengthByteArrayDecoder::DeltaLengthByteArrayDecoder(const uint8_t* data, size_t size)
    : lengths_(data, size), pos_(lengths_.FindEnd()), end_(data + size) {}

void DeltaLengthByteArrayDecoder::Decode(StringRef* out, size_t count) {
  while (count > 0) {
    size_t n = std::min<size_t>(count, 256);
    lengths_.DecodeInt32(length_buffer_, n);
    for (size_t i = 0; i < n; ++i) {
      int32_t length = length_buffer_[i];
      size_t left = static_cast<size_t>(end_ - pos_);
      if (length < 0 || static_cast<size_t>(length) > left) {
        Fail("DELTA_LENGTH_BYTE_ARRAY: value length " + std::to_string(length) +
             " is negative or exceeds the " + Num(left) + " bytes left");
      }
      out[i] = StringRef(reinterpret_cast<const char*>(pos_), static_cast<uint32_t>(length));
      pos_ += length;
    }
    out += n;
    count -= n;
  }
}

void DeltaLengthByteArrayDecoder::Skip(size_t count) {
  StringRef scratch[64];
  while (count > 0) {
    size_t n = std::min<size_t>(count, 64);
    Decode(scratch, n);
    count -= n;
  }
}

DeltaByteArrayDecoder::DeltaByteArrayDecoder(const uint8_t* data, size_t size,
                                             size_t max_materialized_bytes)
    : prefixes_(data, size), max_materialized_(max_materialized_bytes) {
  const uint8_t* suffixes = prefixes_.FindEnd();
  suffixes_ = DeltaLengthByteArrayDecoder(suffixes, static_cast<size_t>(data + size - suffixes));
}

void DeltaByteArrayDecoder::Next(StringRef* out, size_t count, StringHeap* heap) {
  prefixes_.DecodeInt32(prefix_buffer_, count);
  suffixes_.Decode(suffix_buffer_, count);
  for (size_t i = 0; i < count; ++i) {
    int32_t prefix = prefix_buffer_[i];
    const StringRef& suffix = suffix_buffer_[i];
    if (prefix < 0 || static_cast<size_t>(prefix) > previous_.size()) {
      Fail("DELTA_BYTE_ARRAY: prefix length " + std::to_string(prefix) +
           " exceeds the previous value's " + Num(previous_.size()) + " bytes");
    }
    if (prefix == 0) {
      previous_.assign(suffix.data(), suffix.size());
      out[i] = suffix.is_inlined() ? StringRef(previous_) : suffix;
      continue;
    }
    size_t size = static_cast<size_t>(prefix) + suffix.size();
    if (size > UINT32_MAX) Fail("DELTA_BYTE_ARRAY: value longer than 4 GiB");
    previous_.resize(static_cast<size_t>(prefix));
    previous_.append(suffix.data(), suffix.size());
    if (size <= StringRef::kInlineLength) {
      out[i] = StringRef(previous_);
      continue;
    }
    materialized_ += size;
    if (materialized_ > max_materialized_) {
      Fail("DELTA_BYTE_ARRAY: values expand to more than " + Num(max_materialized_) +
           " bytes in one page");
    }
    char* bytes = heap->Allocate(size);
    std::memcpy(bytes, previous_.data(), size);
    out[i] = StringRef(bytes, static_cast<uint32_t>(size));
  }
}

void DeltaByteArrayDecoder::Decode(StringRef* out, size_t count, StringHeap* heap) {
  while (count > 0) {
    size_t n = std::min<size_t>(count, 256);
    Next(out, n, heap);
    out += n;
    count -= n;
  }
}

void DeltaByteArrayDecoder::Skip(size_t count) {
  StringHeap scratch_heap;
  StringRef scratch[256];
  while (count > 0) {
    size_t n = std::min<size_t>(count, 256);
    Next(scratch, n, &scratch_heap);
    scratch_heap.Clear();
    count -= n;
  }
}

// ---- BYTE_STREAM_SPLIT ---------------------------------------------------------------

ByteStreamSplitDecoder::ByteStreamSplitDecoder(const uint8_t* data, size_t size, size_t width)
    : data_(data), width_(width) {
  if (width == 0 || size % width != 0) {
    Fail("BYTE_STREAM_SPLIT: " + Num(size) + " bytes are not a whole number of " + Num(width) +
         "-byte values");
  }
  num_values_ = size / width;
}

void ByteStreamSplitDecoder::Decode(uint8_t* out, size_t count) {
  if (count > num_values_ - next_) {
    Fail("BYTE_STREAM_SPLIT: page needs " + Num(count) + " more values but only " +
         Num(num_values_ - next_) + " are encoded");
  }
  for (size_t k = 0; k < width_; ++k) {
    const uint8_t* stream = data_ + k * num_values_ + next_;
    for (size_t i = 0; i < count; ++i) out[i * width_ + k] = stream[i];
  }
  next_ += count;
}

void ByteStreamSplitDecoder::Skip(size_t count) {
  if (count > num_values_ - next_) Fail("BYTE_STREAM_SPLIT: page has fewer values than its header says");
  next_ += count;
}

}  // namespace sluice::parquet
