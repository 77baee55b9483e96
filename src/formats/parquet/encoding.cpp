#include "formats/parquet/encoding.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/error.h"
#include "formats/parquet/rle.h"

namespace sluice::parquet {

static_assert(std::endian::native == std::endian::little,
              "the Parquet writer copies little-endian values as they are in memory");

namespace {

void AppendUleb128(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

size_t Uleb128Size(uint64_t value) {
  size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}

int BitWidth64(uint64_t value) { return value == 0 ? 0 : 64 - std::countl_zero(value); }

constexpr size_t kBlockSize = 128;
constexpr size_t kMiniblocks = 4;
constexpr size_t kMiniblockSize = kBlockSize / kMiniblocks;

/// Packs 32 values of `bit_width` bits, least significant bit first, into exactly
/// 4 * bit_width bytes at the end of `out`.
void PackMiniblock(const uint64_t* values, int bit_width, std::string* out) {
  if (bit_width == 0) return;
  size_t start = out->size();
  out->resize(start + 4 * static_cast<size_t>(bit_width));
  char* p = out->data() + start;
  uint64_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < kMiniblockSize; ++i) {
    uint64_t v = values[i];
    acc |= v << bits;
    bits += bit_width;
    if (bits >= 64) {
      std::memcpy(p, &acc, 8);
      p += 8;
      bits -= 64;
      acc = bits == 0 ? 0 : v >> (bit_width - bits);
    }
  }
  if (bits > 0) {
    SLUICE_ASSERT(bits == 32, "32 packed values end on a 32-bit boundary");
    std::memcpy(p, &acc, 4);
  }
}

/// Delta computations in the values' own unsigned width, so that overflow wraps.
template <typename T>
struct DeltaTraits;
template <>
struct DeltaTraits<int32_t> {
  using Unsigned = uint32_t;
};
template <>
struct DeltaTraits<int64_t> {
  using Unsigned = uint64_t;
};

/// Runs the DELTA_BINARY_PACKED layout over `values`, calling `emit_block` with each
/// block's minimum delta, the miniblock widths and the adjusted deltas.
template <typename T, typename EmitBlock>
void ForEachDeltaBlock(const T* values, size_t count, EmitBlock emit_block) {
  using U = typename DeltaTraits<T>::Unsigned;
  uint64_t adjusted[kBlockSize];
  T deltas[kBlockSize];
  for (size_t start = 1; start < count; start += kBlockSize) {
    size_t n = std::min(kBlockSize, count - start);
    T min_delta = 0;
    for (size_t i = 0; i < n; ++i) {
      U delta = static_cast<U>(static_cast<U>(values[start + i]) -
                               static_cast<U>(values[start + i - 1]));
      deltas[i] = static_cast<T>(delta);
      if (i == 0 || deltas[i] < min_delta) min_delta = deltas[i];
    }
    int widths[kMiniblocks] = {0, 0, 0, 0};
    for (size_t i = 0; i < kBlockSize; ++i) {
      uint64_t value = 0;
      if (i < n) value = static_cast<U>(static_cast<U>(deltas[i]) - static_cast<U>(min_delta));
      adjusted[i] = value;
    }
    for (size_t m = 0; m < kMiniblocks; ++m) {
      if (m * kMiniblockSize >= n) break;  // unused miniblocks: width 0, no bytes
      uint64_t bits = 0;
      for (size_t i = 0; i < kMiniblockSize; ++i) bits |= adjusted[m * kMiniblockSize + i];
      widths[m] = BitWidth64(bits);
    }
    emit_block(static_cast<int64_t>(min_delta), widths, adjusted, n);
  }
}

template <typename T>
void DeltaEncode(const T* values, size_t count, std::string* out) {
  AppendUleb128(kBlockSize, out);
  AppendUleb128(kMiniblocks, out);
  AppendUleb128(count, out);
  AppendUleb128(ZigZag(count == 0 ? 0 : static_cast<int64_t>(values[0])), out);
  ForEachDeltaBlock(values, count,
                    [&](int64_t min_delta, const int* widths, const uint64_t* adjusted,
                        size_t n) {
                      AppendUleb128(ZigZag(min_delta), out);
                      for (size_t m = 0; m < kMiniblocks; ++m) {
                        out->push_back(static_cast<char>(widths[m]));
                      }
                      for (size_t m = 0; m < kMiniblocks && m * kMiniblockSize < n; ++m) {
                        PackMiniblock(adjusted + m * kMiniblockSize, widths[m], out);
                      }
                    });
}

template <typename T>
size_t DeltaSize(const T* values, size_t count) {
  size_t size = Uleb128Size(kBlockSize) + Uleb128Size(kMiniblocks) + Uleb128Size(count) +
                Uleb128Size(ZigZag(count == 0 ? 0 : static_cast<int64_t>(values[0])));
  ForEachDeltaBlock(values, count,
                    [&](int64_t min_delta, const int* widths, const uint64_t*, size_t n) {
                      size += Uleb128Size(ZigZag(min_delta)) + kMiniblocks;
                      for (size_t m = 0; m < kMiniblocks && m * kMiniblockSize < n; ++m) {
                        size += 4 * static_cast<size_t>(widths[m]);
                      }
                    });
  return size;
}

// ---- hashing for the dictionary ----

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

uint64_t HashBytes(const char* data, size_t size) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (size * 0x100000001B3ULL);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    h = (h ^ Mix(word)) * 0x9E3779B97F4A7C15ULL;
    h = std::rotl(h, 29);
  }
  if (i < size) {
    uint64_t word = 0;
    std::memcpy(&word, data + i, size - i);
    h = (h ^ Mix(word)) * 0x9E3779B97F4A7C15ULL;
  }
  return Mix(h);
}

template <typename T>
uint64_t HashValue(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return HashBytes(value.data(), value.size());
  } else if constexpr (sizeof(T) <= 8) {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    return Mix(bits);
  } else {
    uint64_t words[2];
    std::memcpy(words, &value, 16);
    return Mix(words[0] ^ Mix(words[1]));
  }
}

template <typename T>
bool SameValue(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return a == b;
  } else {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
  }
}

template <typename T>
size_t PlainSize(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return 4 + value.size();
  } else {
    return sizeof(T);
  }
}

}  // namespace

// ---- PLAIN ----

void PlainEncodeBooleans(const uint8_t* values, size_t count, std::string* out) {
  size_t start = out->size();
  out->resize(start + (count + 7) / 8, '\0');
  auto* bytes = reinterpret_cast<uint8_t*>(out->data() + start);
  for (size_t i = 0; i < count; ++i) {
    bytes[i >> 3] |= static_cast<uint8_t>((values[i] & 1) << (i & 7));
  }
}

template <typename T>
void PlainEncodeFixed(const T* values, size_t count, std::string* out) {
  out->append(reinterpret_cast<const char*>(values), count * sizeof(T));
}
template void PlainEncodeFixed<int32_t>(const int32_t*, size_t, std::string*);
template void PlainEncodeFixed<int64_t>(const int64_t*, size_t, std::string*);
template void PlainEncodeFixed<float>(const float*, size_t, std::string*);
template void PlainEncodeFixed<double>(const double*, size_t, std::string*);

void PlainEncodeByteArrays(const std::string_view* values, size_t count, std::string* out) {
  size_t total = 0;
  for (size_t i = 0; i < count; ++i) total += 4 + values[i].size();
  size_t start = out->size();
  out->resize(start + total);
  char* p = out->data() + start;
  for (size_t i = 0; i < count; ++i) {
    auto length = static_cast<uint32_t>(values[i].size());
    std::memcpy(p, &length, 4);
    if (length > 0) std::memcpy(p + 4, values[i].data(), length);
    p += 4 + length;
  }
}

void AppendBigEndianDecimal(__int128 value, int type_length, std::string* out) {
  SLUICE_ASSERT(type_length >= 1 && type_length <= 16, "decimal byte length is 1..16");
  auto bits = static_cast<unsigned __int128>(value);
  char bytes[16];
  for (int i = type_length - 1; i >= 0; --i) {
    bytes[i] = static_cast<char>(static_cast<uint8_t>(bits));
    bits >>= 8;
  }
  out->append(bytes, static_cast<size_t>(type_length));
}

void PlainEncodeDecimals(const __int128* values, size_t count, int type_length,
                         std::string* out) {
  out->reserve(out->size() + count * static_cast<size_t>(type_length));
  for (size_t i = 0; i < count; ++i) AppendBigEndianDecimal(values[i], type_length, out);
}

int DecimalByteLength(int precision) {
  SLUICE_ASSERT(precision >= 1 && precision <= 38, "decimal precision is 1..38");
  unsigned __int128 largest = 1;  // 10^precision - 1, the largest magnitude
  for (int i = 0; i < precision; ++i) largest *= 10;
  largest -= 1;
  for (int length = 1; length < 16; ++length) {
    // Largest positive value of a `length`-byte two's complement number (unsigned
    // arithmetic: 2^127 does not fit a signed 128-bit integer).
    const unsigned __int128 max = (static_cast<unsigned __int128>(1) << (8 * length - 1)) - 1;
    if (max >= largest) return length;
  }
  return 16;
}

// ---- RLE helpers ----

void AppendRleRun(uint32_t value, size_t count, int bit_width, std::string* out) {
  SLUICE_ASSERT(bit_width >= 0 && bit_width <= 32, "RLE bit width is 0..32");
  AppendUleb128(static_cast<uint64_t>(count) << 1, out);
  int value_bytes = (bit_width + 7) / 8;
  for (int i = 0; i < value_bytes; ++i) out->push_back(static_cast<char>(value >> (8 * i)));
}

void EncodeDictionaryIndices(const uint32_t* indices, size_t count, int bit_width,
                             std::string* out) {
  out->push_back(static_cast<char>(bit_width));
  RleBitPackedEncoder encoder(bit_width);
  encoder.PutBatch(indices, count);
  encoder.Flush(out);
}

// ---- DELTA ----

void DeltaBinaryPackedEncode(const int32_t* values, size_t count, std::string* out) {
  DeltaEncode(values, count, out);
}
void DeltaBinaryPackedEncode(const int64_t* values, size_t count, std::string* out) {
  DeltaEncode(values, count, out);
}
size_t DeltaBinaryPackedSize(const int32_t* values, size_t count) {
  return DeltaSize(values, count);
}
size_t DeltaBinaryPackedSize(const int64_t* values, size_t count) {
  return DeltaSize(values, count);
}

void DeltaLengthByteArrayEncode(const std::string_view* values, size_t count,
                                std::string* out) {
  std::vector<int32_t> lengths(count);
  size_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    lengths[i] = static_cast<int32_t>(values[i].size());
    total += values[i].size();
  }
  DeltaEncode(lengths.data(), count, out);
  out->reserve(out->size() + total);
  for (size_t i = 0; i < count; ++i) out->append(values[i]);
}

void DeltaByteArrayEncode(const std::string_view* values, size_t count, std::string* out) {
  std::vector<int32_t> prefixes(count);
  std::vector<std::string_view> suffixes(count);
  std::string_view previous;
  for (size_t i = 0; i < count; ++i) {
    std::string_view value = values[i];
    size_t limit = std::min(previous.size(), value.size());
    size_t prefix = 0;
    while (prefix < limit && previous[prefix] == value[prefix]) ++prefix;
    prefixes[i] = static_cast<int32_t>(prefix);
    suffixes[i] = value.substr(prefix);
    previous = value;
  }
  DeltaEncode(prefixes.data(), count, out);
  DeltaLengthByteArrayEncode(suffixes.data(), count, out);
}

// ---- Dictionary ----

template <typename T>
DictionaryBuilder<T>::DictionaryBuilder(size_t max_plain_bytes)
    : max_plain_bytes_(max_plain_bytes) {
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

template <typename T>
void DictionaryBuilder<T>::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (size_t entry = 0; entry < values_.size(); ++entry) {
    uint64_t hash = hashes_[entry];
    size_t slot = hash & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = (hash & 0xFFFFFFFF00000000ULL) | (entry + 1);
  }
}

template <typename T>
T DictionaryBuilder<T>::Keep(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    if (value.empty()) return std::string_view();
    constexpr size_t kBlockSize = 64 * 1024;
    if (value.size() > arena_capacity_ - arena_used_) {
      arena_capacity_ = std::max(kBlockSize, value.size());
      arena_.push_back(std::make_unique<char[]>(arena_capacity_));
      arena_used_ = 0;
    }
    char* target = arena_.back().get() + arena_used_;
    std::memcpy(target, value.data(), value.size());
    arena_used_ += value.size();
    return std::string_view(target, value.size());
  } else {
    return value;
  }
}

template <typename T>
bool DictionaryBuilder<T>::Add(const T* values, size_t count, std::vector<uint32_t>* indices) {
  size_t first = indices->size();
  indices->resize(first + count);
  uint32_t* out = indices->data() + first;
  for (size_t i = 0; i < count; ++i) {
    const T& value = values[i];
    uint64_t hash = HashValue(value);
    uint64_t tag = hash & 0xFFFFFFFF00000000ULL;
    size_t slot = hash & mask_;
    uint64_t content;
    size_t entry = SIZE_MAX;
    while ((content = slots_[slot]) != 0) {
      if ((content & 0xFFFFFFFF00000000ULL) == tag) {
        size_t candidate = (content & 0xFFFFFFFFULL) - 1;
        if (SameValue(values_[candidate], value)) {
          entry = candidate;
          break;
        }
      }
      slot = (slot + 1) & mask_;
    }
    if (entry == SIZE_MAX) {
      size_t size = PlainSize(value);
      if (plain_bytes_ + size > max_plain_bytes_ || values_.size() >= 0xFFFFFFFEULL) {
        indices->resize(first + i);
        return false;
      }
      plain_bytes_ += size;
      entry = values_.size();
      values_.push_back(Keep(value));
      hashes_.push_back(hash);
      slots_[slot] = tag | (entry + 1);
      if (values_.size() * 2 > slots_.size()) Grow();
    }
    out[i] = static_cast<uint32_t>(entry);
  }
  return true;
}

template class DictionaryBuilder<int32_t>;
template class DictionaryBuilder<int64_t>;
template class DictionaryBuilder<float>;
template class DictionaryBuilder<double>;
template class DictionaryBuilder<__int128>;
template class DictionaryBuilder<std::string_view>;

}  // namespace sluice::parquet
