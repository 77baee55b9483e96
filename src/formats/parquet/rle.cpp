#include "formats/parquet/rle.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <utility>

#include "core/error.h"
#include "formats/parquet/thrift_compact.h"

namespace sluice::parquet {

static_assert(std::endian::native == std::endian::little,
              "bit unpacking loads little-endian words straight from memory");

namespace {

/// Longest run the specification allows (runs must fit a signed 32-bit length).
constexpr size_t kMaxRunLength = (size_t{1} << 31) - 1;
/// A bit-packed run whose header is one byte: (63 << 1) | 1 = 127.
constexpr size_t kMaxGroupsPerPackedRun = 63;

std::string Num(uint64_t value) { return std::to_string(value); }

// ---- Bit unpacking ----------------------------------------------------------------
//
// Values of a bit-packed group are packed LSB first: value i occupies bits
// [i * W, (i + 1) * W) of the group's W bytes. A value starts inside byte (i * W) / 8 at
// bit (i * W) % 8 and spans at most 39 bits, so one unaligned 64-bit load from its first
// byte holds it. The width is a template parameter, so each of the 8 shifts and loads
// has a constant offset. Callers guarantee that W + 8 bytes are readable from `in`.

template <int kWidth>
inline void Unpack8(const uint8_t* in, uint32_t* out) {
  if constexpr (kWidth == 0) {
    std::fill_n(out, 8, 0u);
  } else if constexpr (kWidth == 32) {
    std::memcpy(out, in, 32);
  } else {
    constexpr uint64_t kMask = (uint64_t{1} << kWidth) - 1;
#pragma GCC unroll 8
    for (int i = 0; i < 8; ++i) {
      const int bit = i * kWidth;
      uint64_t word;
      std::memcpy(&word, in + bit / 8, sizeof(word));
      out[i] = static_cast<uint32_t>((word >> (bit % 8)) & kMask);
    }
  }
}

template <int kWidth>
void UnpackGroups(const uint8_t* in, uint32_t* out, size_t num_groups) {
  for (size_t group = 0; group < num_groups; ++group) {
    Unpack8<kWidth>(in, out);
    in += kWidth;
    out += 8;
  }
}

using UnpackGroupsFn = void (*)(const uint8_t*, uint32_t*, size_t);

template <size_t... kWidths>
constexpr std::array<UnpackGroupsFn, sizeof...(kWidths)> MakeUnpackTable(
    std::index_sequence<kWidths...>) {
  return {&UnpackGroups<static_cast<int>(kWidths)>...};
}

/// UnpackGroups for each bit width 0..32.
constexpr auto kUnpackGroups = MakeUnpackTable(std::make_index_sequence<33>());

/// Groups of `width` bytes starting at `in` whose reads stay before `end`.
size_t GroupsSafeToLoad(const uint8_t* in, const uint8_t* end, int width, size_t num_groups) {
  if (width == 0) return num_groups;
  size_t available = static_cast<size_t>(end - in);
  if (available < 8) return 0;
  return std::min(num_groups, (available - 8) / static_cast<size_t>(width));
}

}  // namespace

// ---- RleBitPackedDecoder ----------------------------------------------------------

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
    : data_(data), end_(data + size), bit_width_(bit_width) {
  if (bit_width < 0 || bit_width > 32) {
    throw FormatError("RLE/bit-packed data: bit width " + std::to_string(bit_width) +
                      " is not in 0..32");
  }
}

bool RleBitPackedDecoder::NextRun() {
  if (data_ == end_) return false;
  uint64_t header;
  if (!ReadVarint(&data_, end_, &header, 5) || header > std::numeric_limits<uint32_t>::max()) {
    throw FormatError("RLE/bit-packed data: invalid or truncated run header");
  }
  size_t available = static_cast<size_t>(end_ - data_);
  if ((header & 1) != 0) {
    // Bit-packed: header >> 1 groups of 8 values, `bit_width_` bytes each.
    size_t values = static_cast<size_t>(header >> 1) * 8;
    size_t bytes = static_cast<size_t>(header >> 1) * static_cast<size_t>(bit_width_);
    if (bytes > available) {
      values = available * 8 / static_cast<size_t>(bit_width_);  // the whole ones
      bytes = available;
    }
    is_rle_ = false;
    packed_data_ = data_;
    packed_index_ = 0;
    remaining_ = values;
    data_ += bytes;
    return true;
  }
  // RLE: the value in ceil(bit_width / 8) little-endian bytes.
  size_t value_bytes = static_cast<size_t>(bit_width_ + 7) / 8;
  if (value_bytes > available) {
    throw FormatError("RLE/bit-packed data: RLE run value truncated (needs " + Num(value_bytes) +
                      " bytes, " + Num(available) + " left)");
  }
  uint32_t value = 0;
  for (size_t i = 0; i < value_bytes; ++i) value |= static_cast<uint32_t>(data_[i]) << (8 * i);
  if (bit_width_ < 32 && (value >> bit_width_) != 0) {
    throw FormatError("RLE/bit-packed data: repeated value " + Num(value) + " does not fit in " +
                      Num(bit_width_) + " bits");
  }
  data_ += value_bytes;
  is_rle_ = true;
  rle_value_ = value;
  remaining_ = static_cast<size_t>(header >> 1);
  return true;
}

void RleBitPackedDecoder::UnpackGroup(const uint8_t* group, uint32_t* out) const {
  if (GroupsSafeToLoad(group, end_, bit_width_, 1) == 1) {
    kUnpackGroups[bit_width_](group, out, 1);
    return;
  }
  // Near the end of the data: unpack from a zero-padded copy.
  uint8_t padded[32 + 8] = {};
  std::memcpy(padded, group,
              std::min(static_cast<size_t>(bit_width_), static_cast<size_t>(end_ - group)));
  kUnpackGroups[bit_width_](padded, out, 1);
}

void RleBitPackedDecoder::UnpackPacked(uint32_t* out, size_t count) {
  const size_t width = static_cast<size_t>(bit_width_);
  size_t index = packed_index_;
  packed_index_ += count;
  if (index % 8 != 0) {  // finish a group started by an earlier call
    uint32_t group[8];
    UnpackGroup(packed_data_ + index / 8 * width, group);
    size_t n = std::min(count, 8 - index % 8);
    std::copy_n(group + index % 8, n, out);
    out += n;
    index += n;
    count -= n;
  }
  size_t whole = count / 8;
  if (whole > 0) {
    const uint8_t* in = packed_data_ + index / 8 * width;
    size_t fast = GroupsSafeToLoad(in, end_, bit_width_, whole);
    kUnpackGroups[bit_width_](in, out, fast);
    for (size_t group = fast; group < whole; ++group) {
      UnpackGroup(in + group * width, out + group * 8);
    }
    out += whole * 8;
    index += whole * 8;
    count -= whole * 8;
  }
  if (count > 0) {  // the start of a group
    uint32_t group[8];
    UnpackGroup(packed_data_ + index / 8 * width, group);
    std::copy_n(group, count, out);
  }
}

size_t RleBitPackedDecoder::GetBatch(uint32_t* out, size_t count) {
  size_t done = 0;
  while (done < count) {
    if (remaining_ == 0) {
      if (!NextRun()) break;
      continue;  // runs may be empty
    }
    size_t n = std::min(remaining_, count - done);
    if (is_rle_) {
      std::fill_n(out + done, n, rle_value_);
    } else {
      UnpackPacked(out + done, n);
    }
    remaining_ -= n;
    done += n;
  }
  return done;
}

size_t RleBitPackedDecoder::GetIndices(uint32_t* out, size_t count, uint32_t dictionary_size) {
  size_t done = GetBatch(out, count);
  // Every `bit_width_`-bit value is in range when the dictionary is big enough.
  if (bit_width_ < 32 && (uint64_t{1} << bit_width_) <= dictionary_size) return done;
  uint32_t max = 0;
  for (size_t i = 0; i < done; ++i) max = std::max(max, out[i]);
  if (done > 0 && max >= dictionary_size) {
    size_t at = static_cast<size_t>(std::find_if(out, out + done, [&](uint32_t index) {
                                      return index >= dictionary_size;
                                    }) -
                                    out);
    throw FormatError("dictionary index " + Num(out[at]) + " out of range (the dictionary has " +
                      Num(dictionary_size) + " entries)");
  }
  return done;
}

size_t RleBitPackedDecoder::Skip(size_t count) {
  size_t done = 0;
  while (done < count) {
    if (remaining_ == 0) {
      if (!NextRun()) break;
      continue;
    }
    size_t n = std::min(remaining_, count - done);
    if (!is_rle_) packed_index_ += n;
    remaining_ -= n;
    done += n;
  }
  return done;
}

// ---- RleBitPackedEncoder ----------------------------------------------------------
//
// Values are gathered in groups of 8. A group of 8 equal values starts an RLE run that
// lasts as long as the value repeats (those values are not buffered); other groups are
// appended to the open bit-packed run, whose one-byte header is reserved when it opens
// and filled in when it closes (at 63 groups, or when an RLE run starts, or at Flush).
// RLE runs therefore always start at a multiple of 8 values into the stream.

RleBitPackedEncoder::RleBitPackedEncoder(int bit_width) : bit_width_(bit_width) {
  SLUICE_ASSERT(bit_width >= 0 && bit_width <= 32, "RLE bit width is 0..32");
}

void RleBitPackedEncoder::Put(uint32_t value) {
  SLUICE_ASSERT(bit_width_ == 32 || (value >> bit_width_) == 0,
                "RLE values fit in the encoder's bit width");
  if (repeat_count_ > 0 && value == repeat_value_) {
    ++repeat_count_;
    if (repeat_count_ > 8) {  // an RLE run goes on
      if (repeat_count_ == kMaxRunLength) WriteRleRun();
      return;
    }
  } else {
    if (repeat_count_ >= 8) WriteRleRun();
    repeat_value_ = value;
    repeat_count_ = 1;
  }
  buffered_[num_buffered_++] = value;
  if (num_buffered_ == 8) FlushBuffered();
}

void RleBitPackedEncoder::PutBatch(const uint32_t* values, size_t count) {
  size_t i = 0;
  while (i < count) {
    // At a group boundary with no run under way, a group of 8 values that are not all
    // equal is a bit-packed group whatever follows: append it without the per-value
    // bookkeeping of Put.
    if (num_buffered_ == 0 && repeat_count_ == 0 && count - i >= 8) {
      const uint32_t* group = values + i;
      uint32_t any_bits = 0;
      bool all_equal = true;
      for (int j = 0; j < 8; ++j) {
        any_bits |= group[j];
        all_equal &= group[j] == group[0];
      }
      if (!all_equal) {
        SLUICE_ASSERT(bit_width_ == 32 || (any_bits >> bit_width_) == 0,
                      "RLE values fit in the encoder's bit width");
        if (packed_header_at_ == std::string::npos) {
          packed_header_at_ = bytes_.size();
          bytes_.push_back(0);
        }
        AppendGroup(group);
        if (++packed_groups_ == kMaxGroupsPerPackedRun) CloseBitPackedRun();
        i += 8;
        continue;
      }
    }
    Put(values[i++]);
  }
}

void RleBitPackedEncoder::FlushBuffered() {
  if (repeat_count_ >= 8) {
    // Eight equal values: they open an RLE run instead of joining a bit-packed one.
    num_buffered_ = 0;
    CloseBitPackedRun();
    return;
  }
  if (packed_header_at_ == std::string::npos) {
    packed_header_at_ = bytes_.size();
    bytes_.push_back(0);  // the header, written when the run closes
  }
  std::fill(buffered_ + num_buffered_, buffered_ + 8, 0u);  // pads the last group
  AppendGroup(buffered_);
  num_buffered_ = 0;
  repeat_count_ = 0;  // RLE runs start at group boundaries
  if (++packed_groups_ == kMaxGroupsPerPackedRun) CloseBitPackedRun();
}

void RleBitPackedEncoder::AppendGroup(const uint32_t* values) {
  // 8 values of W bits are exactly W bytes: pack them into a little-endian scratch
  // buffer 64 bits at a time, then append.
  uint8_t packed[32 + 8];
  size_t length = 0;
  uint64_t bits = 0;
  int num_bits = 0;
  for (int i = 0; i < 8; ++i) {
    bits |= static_cast<uint64_t>(values[i]) << num_bits;
    num_bits += bit_width_;
    if (num_bits >= 32) {
      uint32_t word = static_cast<uint32_t>(bits);
      std::memcpy(packed + length, &word, 4);
      length += 4;
      bits >>= 32;
      num_bits -= 32;
    }
  }
  for (; num_bits > 0; num_bits -= 8, bits >>= 8) packed[length++] = static_cast<uint8_t>(bits);
  bytes_.append(reinterpret_cast<const char*>(packed), length);
}

void RleBitPackedEncoder::CloseBitPackedRun() {
  if (packed_header_at_ == std::string::npos) return;
  bytes_[packed_header_at_] = static_cast<char>((packed_groups_ << 1) | 1);
  packed_header_at_ = std::string::npos;
  packed_groups_ = 0;
}

void RleBitPackedEncoder::WriteRleRun() {
  CloseBitPackedRun();
  AppendVarint(static_cast<uint64_t>(repeat_count_) << 1, &bytes_);
  for (int i = 0; i < (bit_width_ + 7) / 8; ++i) {
    bytes_.push_back(static_cast<char>(repeat_value_ >> (8 * i)));
  }
  repeat_count_ = 0;
}

void RleBitPackedEncoder::Flush(std::string* out) {
  if (repeat_count_ >= 8) {
    SLUICE_ASSERT(num_buffered_ == 0, "a pending RLE run has no buffered values");
    WriteRleRun();
  } else if (num_buffered_ > 0) {
    repeat_count_ = 0;  // the padded group goes into the bit-packed run
    FlushBuffered();
  }
  CloseBitPackedRun();
  out->append(bytes_);
  bytes_.clear();
  num_buffered_ = 0;
  repeat_count_ = 0;
}

size_t RleBitPackedEncoder::EstimatedSize() const {
  size_t size = bytes_.size();
  if (repeat_count_ >= 8) size += 5 + static_cast<size_t>(bit_width_ + 7) / 8;
  if (num_buffered_ > 0) {
    size += static_cast<size_t>(bit_width_) + (packed_header_at_ == std::string::npos ? 1 : 0);
  }
  return size;
}

// ---- Deprecated BIT_PACKED levels -------------------------------------------------

void DecodeBitPackedLevels(const uint8_t* data, size_t size, int bit_width, size_t count,
                           uint32_t* out) {
  if (bit_width < 0 || bit_width > 32) {
    throw FormatError("BIT_PACKED levels: bit width " + std::to_string(bit_width) +
                      " is not in 0..32");
  }
  const size_t width = static_cast<size_t>(bit_width);
  if (count > (size * 8) / std::max<size_t>(width, 1) && width != 0) {
    throw FormatError("BIT_PACKED levels: " + Num(count) + " values of " + Num(width) +
                      " bits need more than the " + Num(size) + " bytes given");
  }
  // Most significant bit first: shift whole bytes into an accumulator from the right
  // and take values from its top.
  const uint64_t mask = width == 32 ? 0xFFFFFFFFu : (uint64_t{1} << width) - 1;
  uint64_t bits = 0;
  size_t num_bits = 0;
  for (size_t i = 0; i < count; ++i) {
    while (num_bits < width) {
      bits = (bits << 8) | *data++;
      num_bits += 8;
    }
    num_bits -= width;
    out[i] = static_cast<uint32_t>((bits >> num_bits) & mask);
  }
}

}  // namespace sluice::parquet
