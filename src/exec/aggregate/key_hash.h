#pragma once
// 64-bit hashes of column values, shared by the group-by hash table and the
// approx_distinct sketch. Equal SQL values hash alike: -0.0 and 0.0, and every NaN,
// are canonicalized first (Trino groups them together); TIMESTAMP WITH TIME ZONE
// hashes its instant only.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/string_ref.h"
#include "core/vector.h"

namespace sluice::exec {

/// A strong 64-bit finalizer (every input bit affects every output bit).
inline uint64_t MixHash(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t CombineHashes(uint64_t a, uint64_t b) {
  return MixHash(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

/// Hash of a byte string. Words are folded with one multiply each and the result gets
/// MixHash's full avalanche; the tail is read with fixed-size loads (an overlapping last
/// word, or 4/2/1-byte pieces) — a variable-length memcpy costs a libc call and a
/// store-forwarding stall per string.
inline uint64_t HashBytes(const char* data, size_t size) {
  auto load64 = [](const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  auto load32 = [](const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return uint64_t{v};
  };
  uint64_t h = 0x243f6a8885a308d3ULL ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    h = (h ^ load64(data + i)) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 32;
  }
  if (i < size) {
    uint64_t tail;
    if (size >= 8) {
      tail = load64(data + size - 8);
    } else if (size >= 4) {
      tail = load32(data) | (load32(data + size - 4) << 32);
    } else {
      tail = uint64_t{static_cast<uint8_t>(data[0])} |
             uint64_t{static_cast<uint8_t>(data[size / 2])} << 8 |
             uint64_t{static_cast<uint8_t>(data[size - 1])} << 16;
    }
    h = (h ^ tail) * 0x9e3779b97f4a7c15ULL;
  }
  return MixHash(h);
}

template <typename T>
T CanonicalFloat(T value) {
  if (value == 0) return 0;  // -0.0
  if (std::isnan(value)) return std::numeric_limits<T>::quiet_NaN();
  return value;
}

/// Hash of one value of physical type `T` (the element type of its Vector).
template <typename T>
uint64_t HashValue(const T& value) {
  if constexpr (std::is_same_v<T, StringRef>) {
    return HashBytes(value.data(), value.size());
  } else if constexpr (std::is_same_v<T, TimestampTz>) {
    return MixHash(static_cast<uint64_t>(value.micros));
  } else if constexpr (std::is_same_v<T, __int128>) {
    auto u = static_cast<unsigned __int128>(value);
    return CombineHashes(MixHash(static_cast<uint64_t>(u)), static_cast<uint64_t>(u >> 64));
  } else if constexpr (std::is_floating_point_v<T>) {
    double canonical = CanonicalFloat<double>(value);
    uint64_t bits;
    std::memcpy(&bits, &canonical, 8);
    return MixHash(bits);
  } else {
    return MixHash(static_cast<uint64_t>(static_cast<int64_t>(value)));
  }
}

/// Calls f.template operator()<T>() with T the physical element type of `type`.
template <typename F>
decltype(auto) DispatchPhysical(PhysicalType type, F&& f) {
  switch (type) {
    case PhysicalType::kBool: return f.template operator()<uint8_t>();
    case PhysicalType::kInt8: return f.template operator()<int8_t>();
    case PhysicalType::kInt16: return f.template operator()<int16_t>();
    case PhysicalType::kInt32: return f.template operator()<int32_t>();
    case PhysicalType::kInt64: return f.template operator()<int64_t>();
    case PhysicalType::kInt128: return f.template operator()<__int128>();
    case PhysicalType::kFloat: return f.template operator()<float>();
    case PhysicalType::kDouble: return f.template operator()<double>();
    case PhysicalType::kString: return f.template operator()<StringRef>();
    case PhysicalType::kTimestampTz: return f.template operator()<TimestampTz>();
    default: return f.template operator()<void>();
  }
}

}  // namespace sluice::exec
