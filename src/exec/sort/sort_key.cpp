#include "exec/sort/sort_key.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string>

#include "core/error.h"

namespace sluice::exec {

namespace {

constexpr size_t kMaxStringPrefixBytes = 200;

/// Bytes a value of `type` takes in a normalized key (without the NULL byte).
size_t ValueWidth(const DataType& type, size_t string_prefix_bytes) {
  switch (type.id()) {
    case TypeId::kUnknown: return 0;
    case TypeId::kBoolean:
    case TypeId::kTinyInt: return 1;
    case TypeId::kSmallInt: return 2;
    case TypeId::kInteger:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
    case TypeId::kReal: return 4;
    case TypeId::kBigInt:
    case TypeId::kDouble:
    case TypeId::kTimestamp:
    case TypeId::kIntervalDayTime:
    case TypeId::kTimestampTz: return 8;
    case TypeId::kDecimal: return type.is_short_decimal() ? 8 : 16;
    case TypeId::kVarchar:
    case TypeId::kVarbinary: return string_prefix_bytes + 1;
    default:
      throw NotImplementedError("ORDER BY on values of type " + type.ToString() +
                                " is not supported yet");
  }
}

/// Writes `value` big-endian with its sign bit flipped, so that memcmp orders signed
/// integers.
template <typename Unsigned>
void StoreOrderedBits(Unsigned bits, uint8_t* out) {
  constexpr int kBytes = sizeof(Unsigned);
  for (int i = kBytes - 1; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(bits);
    bits = static_cast<Unsigned>(bits >> 8);
  }
}

template <typename Signed, typename Unsigned>
void StoreSigned(Signed value, uint8_t* out) {
  constexpr Unsigned kSignBit = Unsigned{1} << (sizeof(Unsigned) * 8 - 1);
  StoreOrderedBits<Unsigned>(static_cast<Unsigned>(value) ^ kSignBit, out);
}

template <typename Float, typename Unsigned>
void StoreFloat(Float value, uint8_t* out) {
  if (std::isnan(value)) value = std::numeric_limits<Float>::quiet_NaN();
  Unsigned bits = std::bit_cast<Unsigned>(value);
  constexpr Unsigned kSignBit = Unsigned{1} << (sizeof(Unsigned) * 8 - 1);
  bits = (bits & kSignBit) != 0 ? static_cast<Unsigned>(~bits) : (bits | kSignBit);
  StoreOrderedBits<Unsigned>(bits, out);
}

/// Calls `store(row, value_bytes)` for every valid row; writes the NULL byte of all.
template <typename Store>
void EncodeRows(const Vector& vector, size_t num_rows, bool nulls_first, size_t value_width,
                uint8_t* out, size_t stride, Store store) {
  const uint8_t valid_byte = nulls_first ? 1 : 0;
  const uint8_t null_byte = nulls_first ? 0 : 1;
  for (size_t r = 0; r < num_rows; ++r) {
    uint8_t* key = out + r * stride;
    if (vector.IsValid(r)) {
      key[0] = valid_byte;
      store(r, key + 1);
    } else {
      key[0] = null_byte;
      std::memset(key + 1, 0, value_width);
    }
  }
}

}  // namespace

SortKeyEncoder::SortKeyEncoder(std::vector<DataType> input_types, std::vector<SortKey> keys,
                               size_t string_prefix_bytes)
    : input_types_(std::move(input_types)), keys_(std::move(keys)),
      string_prefix_bytes_(string_prefix_bytes) {
  if (string_prefix_bytes_ == 0 || string_prefix_bytes_ > kMaxStringPrefixBytes) {
    throw InvalidArgumentError("sort string prefix must be 1 to 200 bytes, not " +
                               std::to_string(string_prefix_bytes_));
  }
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (keys_[k].column >= input_types_.size()) {
      throw InvalidArgumentError("sort key column " + std::to_string(keys_[k].column) +
                                 " is out of range");
    }
    const DataType& type = input_types_[keys_[k].column];
    KeyLayout layout{key_width_, 1 + ValueWidth(type, string_prefix_bytes_)};
    layouts_.push_back(layout);
    key_width_ += layout.width;
    if (type.is_string()) {
      const auto truncated = static_cast<uint8_t>(string_prefix_bytes_ + 1);
      tie_segments_.push_back(
          {key_width_, k, keys_[k].ascending ? truncated : static_cast<uint8_t>(~truncated)});
    }
  }
}

void SortKeyEncoder::Encode(const Chunk& chunk, size_t num_rows, uint8_t* out,
                            size_t stride) const {
  for (size_t k = 0; k < keys_.size(); ++k) {
    EncodeKey(k, chunk.column(keys_[k].column), num_rows, out + layouts_[k].offset, stride);
    if (!keys_[k].ascending) {
      // Invert the value bytes of valid rows; NULLs keep zeros and their NULL byte.
      const size_t width = layouts_[k].width;
      const uint8_t valid_byte = keys_[k].nulls_first ? 1 : 0;
      for (size_t r = 0; r < num_rows; ++r) {
        uint8_t* key = out + layouts_[k].offset + r * stride;
        if (key[0] != valid_byte) continue;
        for (size_t i = 1; i < width; ++i) key[i] = static_cast<uint8_t>(~key[i]);
      }
    }
  }
}

void SortKeyEncoder::EncodeKey(size_t key_index, const Vector& vector, size_t num_rows,
                               uint8_t* out, size_t stride) const {
  const SortKey& key = keys_[key_index];
  const size_t value_width = layouts_[key_index].width - 1;
  const bool nulls_first = key.nulls_first;
  const auto run = [&](auto store) {
    EncodeRows(vector, num_rows, nulls_first, value_width, out, stride, store);
  };
  switch (vector.type().id()) {
    case TypeId::kUnknown:
      run([](size_t, uint8_t*) {});
      break;
    case TypeId::kBoolean: {
      const uint8_t* values = vector.data<uint8_t>();
      run([values](size_t r, uint8_t* o) { o[0] = values[r] != 0 ? 1 : 0; });
      break;
    }
    case TypeId::kTinyInt: {
      const int8_t* values = vector.data<int8_t>();
      run([values](size_t r, uint8_t* o) { StoreSigned<int8_t, uint8_t>(values[r], o); });
      break;
    }
    case TypeId::kSmallInt: {
      const int16_t* values = vector.data<int16_t>();
      run([values](size_t r, uint8_t* o) { StoreSigned<int16_t, uint16_t>(values[r], o); });
      break;
    }
    case TypeId::kInteger:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth: {
      const int32_t* values = vector.data<int32_t>();
      run([values](size_t r, uint8_t* o) { StoreSigned<int32_t, uint32_t>(values[r], o); });
      break;
    }
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kIntervalDayTime: {
      const int64_t* values = vector.data<int64_t>();
      run([values](size_t r, uint8_t* o) { StoreSigned<int64_t, uint64_t>(values[r], o); });
      break;
    }
    case TypeId::kTimestampTz: {
      const TimestampTz* values = vector.data<TimestampTz>();
      run([values](size_t r, uint8_t* o) {
        StoreSigned<int64_t, uint64_t>(values[r].micros, o);
      });
      break;
    }
    case TypeId::kDecimal:
      if (vector.type().is_short_decimal()) {
        const int64_t* values = vector.data<int64_t>();
        run([values](size_t r, uint8_t* o) { StoreSigned<int64_t, uint64_t>(values[r], o); });
      } else {
        const __int128* values = vector.data<__int128>();
        run([values](size_t r, uint8_t* o) {
          StoreSigned<__int128, unsigned __int128>(values[r], o);
        });
      }
      break;
    case TypeId::kReal: {
      const float* values = vector.data<float>();
      run([values](size_t r, uint8_t* o) { StoreFloat<float, uint32_t>(values[r], o); });
      break;
    }
    case TypeId::kDouble: {
      const double* values = vector.data<double>();
      run([values](size_t r, uint8_t* o) { StoreFloat<double, uint64_t>(values[r], o); });
      break;
    }
    case TypeId::kVarchar:
    case TypeId::kVarbinary: {
      const StringRef* values = vector.data<StringRef>();
      const size_t prefix = string_prefix_bytes_;
      run([values, prefix](size_t r, uint8_t* o) {
        const std::string_view text = values[r].view();
        const size_t copied = std::min(text.size(), prefix);
        std::memcpy(o, text.data(), copied);
        std::memset(o + copied, 0, prefix - copied);
        o[prefix] = static_cast<uint8_t>(std::min(text.size(), prefix + 1));
      });
      break;
    }
    default:
      SLUICE_ASSERT(false, "sort key types are checked in the constructor");
  }
}

int SortKeyEncoder::CompareKeys(const uint8_t* a, const uint8_t* b,
                                const RowStore& rows) const {
  return CompareKeysFrom(a, b, rows, 0);
}

int SortKeyEncoder::CompareKeysFrom(const uint8_t* a, const uint8_t* b, const RowStore& rows,
                                    size_t from) const {
  size_t begin = from;
  for (const TieSegment& segment : tie_segments_) {
    if (segment.end <= from) continue;
    const int c = std::memcmp(a + begin, b + begin, segment.end - begin);
    if (c != 0) return c;
    begin = segment.end;
    if (a[segment.end - 1] != segment.truncated_byte) continue;
    const SortKey& key = keys_[segment.key];
    const uint64_t ref_a = EntryRef(a);
    const uint64_t ref_b = EntryRef(b);
    const std::string_view text_a =
        rows.column(ref_a, key.column).data<StringRef>()[RowStore::RowOf(ref_a)].view();
    const std::string_view text_b =
        rows.column(ref_b, key.column).data<StringRef>()[RowStore::RowOf(ref_b)].view();
    const int order = text_a.compare(text_b);
    if (order != 0) return key.ascending == (order < 0) ? -1 : 1;
  }
  if (begin == key_width_) return 0;
  return std::memcmp(a + begin, b + begin, key_width_ - begin);
}

int SortKeyEncoder::CompareEntriesWithTies(const uint8_t* a, const uint8_t* b,
                                           const RowStore& rows, size_t from) const {
  const int c = CompareKeysFrom(a, b, rows, from);
  if (c != 0) return c;
  return std::memcmp(a + key_width_, b + key_width_, kRowRefBytes);
}

void SortKeyEncoder::StoreRef(uint64_t ref, uint8_t* out) {
  StoreOrderedBits<uint64_t>(ref, out);
}

uint64_t SortKeyEncoder::LoadRef(const uint8_t* in) {
  uint64_t ref = 0;
  for (size_t i = 0; i < kRowRefBytes; ++i) ref = (ref << 8) | in[i];
  return ref;
}

}  // namespace sluice::exec
