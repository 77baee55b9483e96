#pragma once
// Value decoders of Parquet data pages (Encodings.md): PLAIN, dictionary indices,
// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT and
// RLE booleans.
//
// Every decoder works on the bytes of one page section it is given and never reads
// past them: a value that would need more bytes than remain is a FormatError that says
// what is wrong ("PLAIN BYTE_ARRAY: value length 900 exceeds the 12 bytes left"). The
// column reader adds the file, row group and column to the message.
//
// Decoders produce values in batches (no virtual call per value). Byte arrays come
// out as StringRefs that point into the page bytes (zero-copy); the caller keeps the
// page alive. Only DELTA_BYTE_ARRAY materializes values (prefix + suffix), into a
// StringHeap the caller gives.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/string_ref.h"
#include "core/vector.h"
#include "formats/parquet/rle.h"

namespace sluice::parquet {

/// The 12 bytes of an INT96 value: nanoseconds of the day (8 bytes, little endian),
/// then the Julian day number (4 bytes, little endian).
struct Int96 {
  uint8_t bytes[12];
};
static_assert(sizeof(Int96) == 12);

/// Reads an unsigned LEB128 varint at `*pos`; throws FormatError naming `what` if it
/// runs past `end` or is longer than 10 bytes.
uint64_t ReadUleb128(const uint8_t** pos, const uint8_t* end, const char* what);
/// A zigzag-encoded varint.
int64_t ReadZigZag(const uint8_t** pos, const uint8_t* end, const char* what);

/// PLAIN values of one width: INT32 (4), INT64 (8), INT96 (12), FLOAT (4), DOUBLE (8).
class PlainFixedDecoder {
 public:
  PlainFixedDecoder() = default;
  PlainFixedDecoder(const uint8_t* data, size_t size, size_t width)
      : pos_(data), end_(data + size), width_(width) {}
  /// Copies `count` values to `out`.
  void Decode(void* out, size_t count);
  void Skip(size_t count);
  size_t remaining() const { return static_cast<size_t>(end_ - pos_) / width_; }

 private:
  const uint8_t* Take(size_t count);
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  size_t width_ = 1;
};

/// PLAIN BOOLEAN: one bit per value, least significant bit first.
class PlainBooleanDecoder {
 public:
  PlainBooleanDecoder() = default;
  PlainBooleanDecoder(const uint8_t* data, size_t size) : data_(data), num_bits_(size * 8) {}
  /// Writes `count` values as 0/1 bytes.
  void Decode(uint8_t* out, size_t count);
  void Skip(size_t count);

 private:
  const uint8_t* data_ = nullptr;
  size_t num_bits_ = 0;
  size_t bit_ = 0;
};

/// PLAIN BYTE_ARRAY (4-byte little-endian length, then the bytes) or
/// FIXED_LEN_BYTE_ARRAY (`fixed_length` bytes each, no prefix).
class PlainByteArrayDecoder {
 public:
  PlainByteArrayDecoder() = default;
  /// `fixed_length` < 0: BYTE_ARRAY.
  PlainByteArrayDecoder(const uint8_t* data, size_t size, int32_t fixed_length)
      : pos_(data), end_(data + size), fixed_length_(fixed_length) {}
  /// Writes `count` StringRefs pointing into the page bytes.
  void Decode(StringRef* out, size_t count);
  void Skip(size_t count);

 private:
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int32_t fixed_length_ = -1;
};

/// RLE_DICTIONARY / PLAIN_DICTIONARY indices: one byte of bit width, then the
/// RLE/bit-packed hybrid without a length prefix.
class DictionaryIndexDecoder {
 public:
  DictionaryIndexDecoder() = default;
  DictionaryIndexDecoder(const uint8_t* data, size_t size, uint32_t dictionary_size);
  /// Writes `count` indices, each checked to be below the dictionary size.
  void Decode(uint32_t* out, size_t count);
  void Skip(size_t count);

 private:
  RleBitPackedDecoder decoder_;
  uint32_t dictionary_size_ = 0;
};

/// RLE-encoded BOOLEAN values: a 4-byte length, then the hybrid with bit width 1.
class RleBooleanDecoder {
 public:
  RleBooleanDecoder() = default;
  RleBooleanDecoder(const uint8_t* data, size_t size);
  void Decode(uint8_t* out, size_t count);
  void Skip(size_t count);

 private:
  RleBitPackedDecoder decoder_;
};

/// DELTA_BINARY_PACKED integers (INT32 and INT64; both decoded with 64-bit wrap-around
/// arithmetic, which truncates to the right INT32 values).
class DeltaBinaryPackedDecoder {
 public:
  DeltaBinaryPackedDecoder() = default;
  /// Reads the header; throws FormatError when it is malformed.
  DeltaBinaryPackedDecoder(const uint8_t* data, size_t size);

  /// Values the header announces (including the first).
  uint64_t total_values() const { return total_values_; }
  /// Values not decoded yet.
  uint64_t remaining() const { return remaining_; }
  /// Decodes `count` values (throws FormatError when fewer remain or the data ends).
  void DecodeInt32(int32_t* out, size_t count) { DecodeTo(out, count); }
  void DecodeInt64(int64_t* out, size_t count) { DecodeTo(out, count); }
  void Skip(size_t count);
  /// Where the encoded values end, found by walking the block headers (no value is
  /// unpacked); throws FormatError when the blocks run past the data.
  const uint8_t* FindEnd() const;

 private:
  static constexpr size_t kBatch = 256;
  template <typename T>
  void DecodeTo(T* out, size_t count);
  /// Fills `buffer_` with the next deltas; returns how many (≤ kBatch).
  size_t NextDeltas(size_t wanted);
  void StartBlock();
  void StartMiniblock();

  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  const uint8_t* blocks_ = nullptr;  ///< First block, right after the header.
  uint64_t block_size_ = 0;
  uint64_t miniblocks_per_block_ = 0;
  uint64_t values_per_miniblock_ = 0;
  uint64_t total_values_ = 0;
  uint64_t remaining_ = 0;
  bool first_pending_ = false;
  uint64_t last_value_ = 0;
  // Current block and miniblock.
  uint64_t min_delta_ = 0;
  const uint8_t* bit_widths_ = nullptr;
  uint64_t miniblock_index_ = 0;
  uint64_t miniblock_left_ = 0;  ///< Values left in the current miniblock.
  const uint8_t* miniblock_data_ = nullptr;
  const uint8_t* miniblock_end_ = nullptr;
  uint64_t miniblock_bit_ = 0;
  int bit_width_ = 0;
  uint64_t buffer_[kBatch];
};

/// DELTA_LENGTH_BYTE_ARRAY: DELTA_BINARY_PACKED lengths, then all bytes concatenated.
class DeltaLengthByteArrayDecoder {
 public:
  DeltaLengthByteArrayDecoder() = default;
  DeltaLengthByteArrayDecoder(const uint8_t* data, size_t size);
  /// Writes `count` StringRefs pointing into the page bytes.
  void Decode(StringRef* out, size_t count);
  void Skip(size_t count);

 private:
  DeltaBinaryPackedDecoder lengths_;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int32_t length_buffer_[256];
};

/// DELTA_BYTE_ARRAY: DELTA_BINARY_PACKED prefix lengths, then the suffixes as
/// DELTA_LENGTH_BYTE_ARRAY; value i = first prefix_length[i] bytes of value i-1 +
/// suffix i. Values that need both parts are materialized into a heap.
class DeltaByteArrayDecoder {
 public:
  DeltaByteArrayDecoder() = default;
  /// `max_materialized_bytes` bounds the bytes built from prefixes over the page
  /// (a hostile page could otherwise expand quadratically).
  DeltaByteArrayDecoder(const uint8_t* data, size_t size, size_t max_materialized_bytes);
  /// Writes `count` values; new bytes go to `heap`.
  void Decode(StringRef* out, size_t count, StringHeap* heap);
  void Skip(size_t count);

 private:
  void Next(StringRef* out, size_t count, StringHeap* heap);
  DeltaBinaryPackedDecoder prefixes_;
  DeltaLengthByteArrayDecoder suffixes_;
  std::string previous_;
  size_t materialized_ = 0;
  size_t max_materialized_ = 0;
  int32_t prefix_buffer_[256];
  StringRef suffix_buffer_[256];
};

/// BYTE_STREAM_SPLIT: byte k of value i is at k * N + i, N = size / width.
class ByteStreamSplitDecoder {
 public:
  ByteStreamSplitDecoder() = default;
  /// Throws FormatError when `size` is not a multiple of `width`.
  ByteStreamSplitDecoder(const uint8_t* data, size_t size, size_t width);
  /// Writes `count` values of `width` bytes each to `out`.
  void Decode(uint8_t* out, size_t count);
  void Skip(size_t count);

 private:
  const uint8_t* data_ = nullptr;
  size_t num_values_ = 0;
  size_t width_ = 1;
  size_t next_ = 0;
};

/// Unpacks `count` values of `bit_width` (0..64) bits, least significant bit first,
/// starting `bit_offset` bits into `data` (`size` bytes, checked by the caller).
void UnpackBits(const uint8_t* data, size_t size, uint64_t bit_offset, int bit_width,
                size_t count, uint64_t* out);

}  // namespace sluice::parquet
