#pragma once
// Value encoders of the Parquet writer (Encodings.md): PLAIN, dictionary (values →
// indices, indices as RLE_DICTIONARY), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY and
// DELTA_BYTE_ARRAY. Each encoder appends the bytes of one page's values to a string;
// levels, page headers and compression are the column writer's (column_writer.h).
//
// Values arrive in the writer's physical representations: uint8_t booleans, int32_t,
// int64_t, float, double, __int128 (DECIMAL stored as FIXED_LEN_BYTE_ARRAY, big-endian
// two's complement) and std::string_view (BYTE_ARRAY).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::parquet {

// ---- PLAIN ----------------------------------------------------------------------

/// Booleans bit-packed, least significant bit first (values are 0 or 1).
void PlainEncodeBooleans(const uint8_t* values, size_t count, std::string* out);
/// INT32 / INT64 / FLOAT / DOUBLE: little-endian values back to back.
template <typename T>
void PlainEncodeFixed(const T* values, size_t count, std::string* out);
/// BYTE_ARRAY: a 4-byte little-endian length before each value's bytes.
void PlainEncodeByteArrays(const std::string_view* values, size_t count, std::string* out);
/// FIXED_LEN_BYTE_ARRAY decimals: each value as `type_length` big-endian bytes of its
/// two's complement (the value must fit, which the DECIMAL precision guarantees).
void PlainEncodeDecimals(const __int128* values, size_t count, int type_length,
                         std::string* out);
/// One decimal as `type_length` big-endian two's-complement bytes.
void AppendBigEndianDecimal(__int128 value, int type_length, std::string* out);
/// Smallest FIXED_LEN_BYTE_ARRAY length that holds every DECIMAL(precision) value.
int DecimalByteLength(int precision);

// ---- RLE / bit-packed hybrid helpers ----------------------------------------------

/// Appends one RLE run of `count` copies of `value` at `bit_width` (the run header and
/// the value's ceil(bit_width / 8) bytes), no length prefix.
void AppendRleRun(uint32_t value, size_t count, int bit_width, std::string* out);
/// A dictionary-indexed page body: one byte holding `bit_width`, then the indices in
/// the RLE / bit-packed hybrid (no length prefix), as RLE_DICTIONARY requires.
void EncodeDictionaryIndices(const uint32_t* indices, size_t count, int bit_width,
                             std::string* out);

// ---- DELTA_BINARY_PACKED ---------------------------------------------------------

/// Blocks of 128 deltas in 4 miniblocks of 32. Deltas wrap around in the values' own
/// width (two's complement), so INT32 bit widths never exceed 32.
void DeltaBinaryPackedEncode(const int32_t* values, size_t count, std::string* out);
void DeltaBinaryPackedEncode(const int64_t* values, size_t count, std::string* out);
/// The exact byte size DeltaBinaryPackedEncode would produce, without packing.
size_t DeltaBinaryPackedSize(const int32_t* values, size_t count);
size_t DeltaBinaryPackedSize(const int64_t* values, size_t count);

// ---- DELTA_LENGTH_BYTE_ARRAY / DELTA_BYTE_ARRAY ----------------------------------

/// The lengths as DELTA_BINARY_PACKED, then all bytes concatenated.
void DeltaLengthByteArrayEncode(const std::string_view* values, size_t count,
                                std::string* out);
/// Prefix lengths shared with the previous value (DELTA_BINARY_PACKED), then the
/// suffixes as DELTA_LENGTH_BYTE_ARRAY.
void DeltaByteArrayEncode(const std::string_view* values, size_t count, std::string* out);

// ---- Dictionary ------------------------------------------------------------------

/// Distinct values of one column chunk in first-seen order, mapping each value to its
/// index. Values are compared by their bits (NaN payloads and -0.0 stay distinct), so a
/// dictionary page decodes to exactly the values written. For std::string_view the
/// dictionary copies the distinct bytes into its own compact arena (lookups then stay
/// in cache); `values()` refer to it and live as long as the builder.
/// Not thread-safe; one per column chunk.
template <typename T>
class DictionaryBuilder {
 public:
  /// `max_plain_bytes`: largest PLAIN size the dictionary page may have.
  explicit DictionaryBuilder(size_t max_plain_bytes);

  /// Appends the index of each of `count` values to `indices`. Returns false, leaving
  /// the builder unusable, as soon as the dictionary would outgrow its limit.
  bool Add(const T* values, size_t count, std::vector<uint32_t>* indices);

  size_t size() const { return values_.size(); }
  const std::vector<T>& values() const { return values_; }
  /// PLAIN size of the dictionary page (4 + length per BYTE_ARRAY value; for
  /// __int128 the caller's type_length applies, counted here as 16).
  size_t plain_bytes() const { return plain_bytes_; }

 private:
  void Grow();

  /// The value as the dictionary keeps it (strings: copied into the arena).
  T Keep(const T& value);

  size_t max_plain_bytes_;
  size_t plain_bytes_ = 0;
  std::vector<T> values_;
  std::vector<uint64_t> hashes_;  // per dictionary entry, to rehash without recomputing
  /// Open addressing: 0 when empty, else the hash's upper 32 bits and entry + 1 below.
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
  std::vector<std::unique_ptr<char[]>> arena_;  // string bytes (std::string_view only)
  size_t arena_used_ = 0;      // bytes used of the last arena block
  size_t arena_capacity_ = 0;  // size of the last arena block
};

}  // namespace sluice::parquet
