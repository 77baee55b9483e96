#pragma once
// The RLE / bit-packing hybrid encoding (Encodings.md "RLE"): definition and
// repetition levels, dictionary indices and booleans (RLE encoding). Also the
// deprecated BIT_PACKED level encoding (MSB-first bit order).
//
// Decoders never read past the bytes they are given: a run that claims more bytes
// than remain, or a bit width above 32, is a FormatError naming what is wrong.

#include <cstddef>
#include <cstdint>
#include <string>

namespace sluice::parquet {

/// Reads a stream of RLE and bit-packed runs of `bit_width`-bit values (0..32).
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width);

  /// Decodes up to `count` values into `out`; returns how many were decoded (fewer
  /// only when the data ends). Throws FormatError on malformed runs.
  size_t GetBatch(uint32_t* out, size_t count);
  /// Same, for values that index a dictionary of `dictionary_size` entries: throws
  /// FormatError when an index is out of range.
  size_t GetIndices(uint32_t* out, size_t count, uint32_t dictionary_size);
  /// Skips up to `count` values; returns how many were skipped.
  size_t Skip(size_t count);

 private:
  /// Starts the next run; false at the end of the data.
  bool NextRun();
  /// Unpacks `count` values of the current bit-packed run from `packed_index_` on.
  void UnpackPacked(uint32_t* out, size_t count);
  /// Unpacks one group of 8 values at `group`, reading nothing at or past `end_`.
  void UnpackGroup(const uint8_t* group, uint32_t* out) const;

  const uint8_t* data_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  // Current run: an RLE run repeats `rle_value_` `remaining_` times; a bit-packed run
  // has `remaining_` values left starting at value `packed_index_` of `packed_data_`.
  bool is_rle_ = false;
  uint32_t rle_value_ = 0;
  size_t remaining_ = 0;
  const uint8_t* packed_data_ = nullptr;
  size_t packed_index_ = 0;
};

/// Writes values as RLE runs (8 or more repeats) and bit-packed groups of 8.
class RleBitPackedEncoder {
 public:
  explicit RleBitPackedEncoder(int bit_width);
  void Put(uint32_t value);
  void PutBatch(const uint32_t* values, size_t count);
  /// Ends the stream and appends its bytes to `out`; the encoder is empty afterwards.
  void Flush(std::string* out);
  /// Bytes the stream would take if flushed now (an estimate within a few bytes).
  size_t EstimatedSize() const;
  int bit_width() const { return bit_width_; }

 private:
  /// Moves the 8 buffered values into the open bit-packed run (or drops them when they
  /// start an RLE run).
  void FlushBuffered();
  void WriteRleRun();
  /// Writes the header of the open bit-packed run, if any.
  void CloseBitPackedRun();
  void AppendGroup(const uint32_t* values);

  int bit_width_;
  std::string bytes_;
  uint32_t buffered_[8] = {};
  size_t num_buffered_ = 0;
  uint32_t repeat_value_ = 0;
  size_t repeat_count_ = 0;
  size_t packed_header_at_ = std::string::npos;  // where the open bit-packed run's header is
  size_t packed_groups_ = 0;
};

/// The deprecated BIT_PACKED encoding of levels: `count` values of `bit_width` bits,
/// most significant bit first. Throws FormatError if `size` is too small.
void DecodeBitPackedLevels(const uint8_t* data, size_t size, int bit_width, size_t count,
                           uint32_t* out);

/// Bits needed for values 0..max_value (0 for max_value 0).
inline int BitWidth(uint64_t max_value) {
  int width = 0;
  while (max_value != 0) {
    ++width;
    max_value >>= 1;
  }
  return width;
}

}  // namespace sluice::parquet
