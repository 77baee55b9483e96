#pragma once
// A small set of byte values and a fast search for the first byte in the set, for
// writers that scan values for bytes to quote or escape.
//
// Up to kMaxVectorBytes members are searched 16 bytes at a time with SSE2 (the x86-64
// baseline); bigger sets, or other targets, use a 256-entry table.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice {

class ByteSet {
 public:
  static constexpr size_t kMaxVectorBytes = 8;

  ByteSet() = default;
  explicit ByteSet(std::string_view bytes) {
    for (char c : bytes) Add(c);
  }

  void Add(char c) {
    auto u = static_cast<unsigned char>(c);
    if (table_[u]) return;
    table_[u] = true;
    if (size_ < kMaxVectorBytes) members_[size_] = c;
    ++size_;
  }
  bool Contains(char c) const { return table_[static_cast<unsigned char>(c)]; }
  bool empty() const { return size_ == 0; }

  /// First byte of [p, end) in the set, or end.
  const char* Find(const char* p, const char* end) const {
    if (size_ == 0) return end;
#if defined(__SSE2__)
    if (size_ <= kMaxVectorBytes) {
      while (end - p >= 16) {
        __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        __m128i hits = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(members_[0]));
        for (size_t i = 1; i < size_; ++i) {
          hits = _mm_or_si128(hits, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(members_[i])));
        }
        int mask = _mm_movemask_epi8(hits);
        if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
      }
    }
#endif
    while (p < end && !table_[static_cast<unsigned char>(*p)]) ++p;
    return p;
  }
  bool AnyIn(std::string_view text) const {
    return Find(text.data(), text.data() + text.size()) != text.data() + text.size();
  }

 private:
  std::array<bool, 256> table_{};
  std::array<char, kMaxVectorBytes> members_{};
  size_t size_ = 0;
};

}  // namespace sluice
