#pragma once
// A 16-byte reference to string bytes, the element type of VARCHAR and VARBINARY vectors.
//
// Strings of up to 12 bytes are stored inline; longer strings keep their first 4 bytes
// inline (the prefix) and point to the rest, which lives in a buffer owned by the vector
// (its StringHeap) or kept alive by it. Equality and ordering usually decide on the
// first 8 bytes without touching the heap.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sluice {

class StringRef {
 public:
  static constexpr uint32_t kInlineLength = 12;

  StringRef() : bytes_{} {}
  /// Refers to `size` bytes at `data`. Bytes beyond kInlineLength are not copied:
  /// the caller keeps them alive as long as this reference is used.
  StringRef(const char* data, uint32_t size) : bytes_{} {
    std::memcpy(bytes_, &size, 4);
    if (size <= kInlineLength) {
      if (size > 0) std::memcpy(bytes_ + 4, data, size);
    } else {
      std::memcpy(bytes_ + 4, data, 4);
      std::memcpy(bytes_ + 8, &data, sizeof(data));
    }
  }
  explicit StringRef(std::string_view text)
      : StringRef(text.data(), static_cast<uint32_t>(text.size())) {}

  uint32_t size() const {
    uint32_t size;
    std::memcpy(&size, bytes_, 4);
    return size;
  }
  bool empty() const { return size() == 0; }
  bool is_inlined() const { return size() <= kInlineLength; }
  const char* data() const {
    if (is_inlined()) return bytes_ + 4;
    const char* pointer;
    std::memcpy(&pointer, bytes_ + 8, sizeof(pointer));
    return pointer;
  }
  std::string_view view() const { return {data(), size()}; }
  std::string ToString() const { return std::string(view()); }

  friend bool operator==(const StringRef& a, const StringRef& b) {
    if (std::memcmp(a.bytes_, b.bytes_, 8) != 0) return false;  // size or prefix differs
    if (a.is_inlined()) return std::memcmp(a.bytes_ + 8, b.bytes_ + 8, 8) == 0;
    return std::memcmp(a.data() + 4, b.data() + 4, a.size() - 4) == 0;
  }
  friend bool operator!=(const StringRef& a, const StringRef& b) { return !(a == b); }
  /// Byte-wise (memcmp) order, as Trino orders VARCHAR.
  friend bool operator<(const StringRef& a, const StringRef& b) { return a.view() < b.view(); }

 private:
  // [0,4): size. Inlined: [4,16) the bytes, zero-padded. Otherwise: [4,8) the first
  // four bytes, [8,16) the pointer to all bytes.
  alignas(8) char bytes_[16];
};

static_assert(sizeof(StringRef) == 16, "StringRef must stay 16 bytes");

}  // namespace sluice
