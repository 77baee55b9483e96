#include "exec/join/range_keys.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace sluice::exec {
namespace {

int64_t DoubleCode(double value) {
  if (value == 0) value = 0.0;  // -0.0 == 0.0
  const int64_t bits = std::bit_cast<int64_t>(value);
  // Negative doubles grow in magnitude with their bits: flip all but the sign bit.
  return bits >= 0 ? bits : bits ^ std::numeric_limits<int64_t>::max();
}

/// Codes of a directly coded physical type.
template <typename T, typename ToCode>
void EncodeDirect(const Vector& values, size_t count, bool reversed, int64_t* codes, uint8_t* valid,
                  ToCode&& to_code) {
  const T* data = values.data<T>();
  for (size_t row = 0; row < count; ++row) {
    if (!values.IsValid(row)) {
      valid[row] = 0;
      continue;
    }
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(data[row])) {
        valid[row] = 0;
        continue;
      }
    }
    const int64_t code = to_code(data[row]);
    codes[row] = reversed ? ~code : code;
  }
}

/// 2i + 1 when `value` is values[i], else 2i where values[i] is the first greater one.
template <typename T, typename V>
int64_t RankCode(const std::vector<T>& values, const V& value) {
  auto it = std::lower_bound(values.begin(), values.end(), value);
  const int64_t index = it - values.begin();
  return it != values.end() && *it == value ? 2 * index + 1 : 2 * index;
}

}  // namespace

bool RangeKeyNeedsDictionary(const DataType& type) {
  const PhysicalType physical = type.physical_type();
  return physical == PhysicalType::kString || physical == PhysicalType::kInt128;
}

bool RangeKeySupported(const DataType& type) {
  switch (type.physical_type()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8:
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
    case PhysicalType::kInt128:
    case PhysicalType::kFloat:
    case PhysicalType::kDouble:
    case PhysicalType::kString:
    case PhysicalType::kTimestampTz:
      return true;
    default:
      return false;
  }
}

void RangeKeyDictionary::Add(const Vector& values, size_t count) {
  if (values.type().physical_type() == PhysicalType::kString) {
    const StringRef* data = values.data<StringRef>();
    for (size_t row = 0; row < count; ++row) {
      if (!values.IsValid(row)) continue;
      strings_.emplace_back(data[row].view());
      string_bytes_ += data[row].size();
    }
    return;
  }
  const __int128* data = values.data<__int128>();
  for (size_t row = 0; row < count; ++row) {
    if (values.IsValid(row)) wide_.push_back(data[row]);
  }
}

void RangeKeyDictionary::Merge(RangeKeyDictionary&& other) {
  strings_.insert(strings_.end(), std::make_move_iterator(other.strings_.begin()),
                  std::make_move_iterator(other.strings_.end()));
  wide_.insert(wide_.end(), other.wide_.begin(), other.wide_.end());
  string_bytes_ += other.string_bytes_;
  other = RangeKeyDictionary();
}

void RangeKeyDictionary::Finish() {
  std::sort(strings_.begin(), strings_.end());
  strings_.erase(std::unique(strings_.begin(), strings_.end()), strings_.end());
  strings_.shrink_to_fit();
  std::sort(wide_.begin(), wide_.end());
  wide_.erase(std::unique(wide_.begin(), wide_.end()), wide_.end());
  wide_.shrink_to_fit();
  string_bytes_ = 0;
  for (const std::string& value : strings_) string_bytes_ += value.capacity();
}

size_t RangeKeyDictionary::memory_bytes() const {
  return strings_.capacity() * sizeof(std::string) + string_bytes_ + wide_.capacity() * sizeof(__int128);
}

int64_t RangeKeyDictionary::CodeOf(std::string_view value) const { return RankCode(strings_, value); }
int64_t RangeKeyDictionary::CodeOf(__int128 value) const { return RankCode(wide_, value); }

void EncodeRangeKeys(const Vector& values, size_t count, const RangeKeyDictionary* dictionary, bool reversed,
                     int64_t* codes, uint8_t* valid) {
  const auto identity = [](auto value) { return static_cast<int64_t>(value); };
  switch (values.type().physical_type()) {
    case PhysicalType::kBool: return EncodeDirect<uint8_t>(values, count, reversed, codes, valid, identity);
    case PhysicalType::kInt8: return EncodeDirect<int8_t>(values, count, reversed, codes, valid, identity);
    case PhysicalType::kInt16: return EncodeDirect<int16_t>(values, count, reversed, codes, valid, identity);
    case PhysicalType::kInt32: return EncodeDirect<int32_t>(values, count, reversed, codes, valid, identity);
    case PhysicalType::kInt64: return EncodeDirect<int64_t>(values, count, reversed, codes, valid, identity);
    case PhysicalType::kFloat:
      return EncodeDirect<float>(values, count, reversed, codes, valid,
                                 [](float value) { return DoubleCode(static_cast<double>(value)); });
    case PhysicalType::kDouble: return EncodeDirect<double>(values, count, reversed, codes, valid, DoubleCode);
    case PhysicalType::kTimestampTz:
      return EncodeDirect<TimestampTz>(values, count, reversed, codes, valid,
                                       [](const TimestampTz& value) { return value.micros; });
    case PhysicalType::kString:
      SLUICE_ASSERT(dictionary != nullptr, "string range keys are coded through a dictionary");
      return EncodeDirect<StringRef>(values, count, reversed, codes, valid,
                                     [&](const StringRef& value) { return dictionary->CodeOf(value.view()); });
    case PhysicalType::kInt128:
      SLUICE_ASSERT(dictionary != nullptr, "long decimal range keys are coded through a dictionary");
      return EncodeDirect<__int128>(values, count, reversed, codes, valid,
                                    [&](__int128 value) { return dictionary->CodeOf(value); });
    default:
      throw NotImplementedError("range join on " + values.type().ToString() + " keys");
  }
}

}  // namespace sluice::exec
