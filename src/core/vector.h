#pragma once
// Columnar vectors: a typed data buffer, a validity bitmap and string storage.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/string_ref.h"
#include "core/types.h"

namespace sluice {

/// Rows a Chunk holds at most; operators size their work to it.
inline constexpr size_t kChunkCapacity = 2048;

/// A TIMESTAMP WITH TIME ZONE value: a UTC instant plus the zone it is shown in.
struct TimestampTz {
  int64_t micros;    ///< Microseconds since 1970-01-01 00:00:00 UTC.
  int32_t zone_id;   ///< See core/time_zone.h; 0 is UTC.
  int32_t reserved;  ///< Always 0, so that equal values compare equal byte-wise.

  friend bool operator==(const TimestampTz&, const TimestampTz&) = default;
};
static_assert(sizeof(TimestampTz) == 16);

/// Arena for the bytes of long strings in one vector, plus references that keep
/// foreign buffers (e.g. a file block that strings point into) alive.
/// Not thread-safe: a vector is filled by one thread at a time.
class StringHeap {
 public:
  StringHeap() = default;
  StringHeap(StringHeap&&) noexcept = default;
  StringHeap& operator=(StringHeap&&) noexcept = default;

  /// Returns `size` writable bytes that stay valid until Clear() or destruction.
  char* Allocate(size_t size);
  /// Makes a StringRef for `text`, copying its bytes into the heap when they
  /// are too long to be inlined.
  StringRef Add(std::string_view text);
  /// Keeps `buffer` alive as long as this heap (for strings that point into it).
  void KeepAlive(std::shared_ptr<const void> buffer);
  /// Releases all strings and kept buffers; keeps the first block for reuse.
  void Clear();
  /// Bytes held in arena blocks (for memory accounting).
  size_t allocated_bytes() const { return allocated_bytes_; }

 private:
  static constexpr size_t kFirstBlockSize = 16 * 1024;
  static constexpr size_t kMaxBlockSize = 1024 * 1024;

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_sizes_;
  char* cursor_ = nullptr;
  size_t remaining_ = 0;
  size_t next_block_size_ = kFirstBlockSize;
  size_t allocated_bytes_ = 0;
  std::vector<std::shared_ptr<const void>> kept_alive_;
};

/// A column of up to `capacity()` values of one type.
///
/// Fixed-width values live in `data<T>()`; VARCHAR/VARBINARY values are StringRefs
/// whose long bytes live in `heap()`. The validity bitmap has bit i set when row i is
/// not NULL; no bitmap at all means every row is valid. Nested types (later) keep
/// their values in `children()`.
class Vector {
 public:
  Vector() = default;
  explicit Vector(DataType type, size_t capacity = kChunkCapacity);
  Vector(Vector&&) noexcept = default;
  Vector& operator=(Vector&&) noexcept = default;

  const DataType& type() const { return type_; }
  size_t capacity() const { return capacity_; }

  template <typename T>
  T* data() { return reinterpret_cast<T*>(data_.get()); }
  template <typename T>
  const T* data() const { return reinterpret_cast<const T*>(data_.get()); }
  uint8_t* raw_data() { return data_.get(); }

  bool IsValid(size_t row) const {
    return validity_ == nullptr || ((validity_[row >> 6] >> (row & 63)) & 1) != 0;
  }
  bool IsNull(size_t row) const { return !IsValid(row); }
  void SetNull(size_t row) {
    if (validity_ == nullptr) AllocateValidity();
    validity_[row >> 6] &= ~(uint64_t{1} << (row & 63));
  }
  void SetValid(size_t row) {
    if (validity_ != nullptr) validity_[row >> 6] |= uint64_t{1} << (row & 63);
  }
  /// True when no row can be NULL (no bitmap allocated).
  bool all_valid() const { return validity_ == nullptr; }
  /// The bitmap words, or nullptr when every row is valid.
  const uint64_t* validity() const { return validity_.get(); }
  /// Number of NULL rows among the first `num_rows`.
  size_t CountNulls(size_t num_rows) const;

  StringHeap& heap() { return heap_; }
  /// Stores a string value at `row`, copying long bytes into the heap.
  void SetString(size_t row, std::string_view text) { data<StringRef>()[row] = heap_.Add(text); }
  std::string_view GetString(size_t row) const { return data<StringRef>()[row].view(); }

  std::vector<Vector>& children() { return children_; }
  const std::vector<Vector>& children() const { return children_; }

  /// Makes every row valid and drops string bytes, ready to be filled again.
  void Reset();

 private:
  struct AlignedDelete {
    void operator()(uint8_t* p) const;
  };
  void AllocateValidity();

  DataType type_;
  size_t capacity_ = 0;
  std::unique_ptr<uint8_t[], AlignedDelete> data_;
  std::unique_ptr<uint64_t[]> validity_;
  StringHeap heap_;
  std::vector<Vector> children_;
};

}  // namespace sluice
