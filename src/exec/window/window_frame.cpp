#include "exec/window/window_frame.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/datetime_functions.h"
#include "core/error.h"
#include "core/value.h"
#include "exec/expression/evaluator.h"

namespace sluice::exec {
namespace {

using BoundKind = WindowFrameBound::Kind;

constexpr __int128 kMaxExact = static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);
constexpr __int128 kMinExact = -kMaxExact;

[[noreturn]] void ThrowBadOffset() {
  throw InvalidArgumentError("Window frame offset value must not be negative or null");
}

bool IsOffset(BoundKind kind) { return kind == BoundKind::kPreceding || kind == BoundKind::kFollowing; }

__int128 SaturatingAdd(__int128 a, __int128 b) {
  __int128 result;
  if (__builtin_add_overflow(a, b, &result)) return b > 0 ? kMaxExact : kMinExact;
  return std::clamp(result, kMinExact, kMaxExact);
}

__int128 SaturatingMultiply(__int128 value, __int128 factor) {
  if (factor == 1) return value;
  __int128 result;
  if (__builtin_mul_overflow(value, factor, &result)) return value > 0 ? kMaxExact : kMinExact;
  return result;
}

constexpr int64_t kMicrosPerMilli = 1000;
constexpr __int128 kMicrosPerDay = __int128{86400} * 1000 * 1000;

bool IsTemporal(const DataType& type) {
  return type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampTz;
}

int ScaleOf(const DataType& type) { return type.id() == TypeId::kDecimal ? type.scale() : 0; }

bool IsFloating(const DataType& type) { return type.id() == TypeId::kReal || type.id() == TypeId::kDouble; }

/// The offset of a bound, evaluated; NULL throws.
Value EvaluateOffset(const WindowFrameBound& bound, const sql::SessionSettings& session) {
  Value value = EvaluateConstant(*bound.offset, session);
  if (value.is_null()) ThrowBadOffset();
  return value;
}

/// A ROWS/GROUPS offset as a count (saturated).
uint64_t CountOf(const WindowFrameBound& bound, const sql::SessionSettings& session) {
  if (!IsOffset(bound.kind)) return 0;
  const Value value = EvaluateOffset(bound, session);
  const __int128 count = value.type().id() == TypeId::kDecimal ? value.unscaled() : value.int64();
  if (count < 0) ThrowBadOffset();
  return count > std::numeric_limits<uint64_t>::max() ? std::numeric_limits<uint64_t>::max()
                                                        : static_cast<uint64_t>(count);
}

double AsDouble(const Value& value) {
  switch (value.type().id()) {
    case TypeId::kReal:
    case TypeId::kDouble: return value.float64();
    case TypeId::kDecimal:
      return static_cast<double>(value.unscaled()) / static_cast<double>(PowerOfTen(value.type().scale()));
    default: return static_cast<double>(value.int64());
  }
}

__int128 UnscaledOf(const Value& value) {
  return value.type().id() == TypeId::kDecimal ? value.unscaled() : value.int64();
}

}  // namespace

WindowFrameBounds::WindowFrameBounds(const WindowFrame& frame, const std::vector<WindowOrderKey>& order_by,
                                     const sql::SessionSettings& session)
    : mode_(frame.mode), start_kind_(frame.start.kind), end_kind_(frame.end.kind) {
  if (mode_ != WindowFrame::Mode::kRange) {
    start_count_ = CountOf(frame.start, session);
    end_count_ = CountOf(frame.end, session);
    return;
  }
  if (!IsOffset(start_kind_) && !IsOffset(end_kind_)) return;
  SLUICE_ASSERT(order_by.size() == 1, "RANGE offsets have one ORDER BY key (ValidateWindowCall)");
  key_type_ = order_by[0].expression->type();
  descending_ = order_by[0].descending;
  std::vector<std::pair<const WindowFrameBound*, RangeOffset*>> bounds;
  if (IsOffset(start_kind_)) bounds.emplace_back(&frame.start, &start_range_);
  if (IsOffset(end_kind_)) bounds.emplace_back(&frame.end, &end_range_);
  std::vector<Value> values;
  floating_ = IsFloating(key_type_);
  int scale = ScaleOf(key_type_);
  for (const auto& [bound, offset] : bounds) {
    values.push_back(EvaluateOffset(*bound, session));
    floating_ = floating_ || IsFloating(values.back().type());
    scale = std::max(scale, ScaleOf(values.back().type()));
  }
  if (IsTemporal(key_type_)) {
    // Microseconds: DATE keys are days, intervals day-to-second milliseconds.
    key_factor_ = key_type_.id() == TypeId::kDate ? kMicrosPerDay : 1;
    for (size_t i = 0; i < bounds.size(); ++i) {
      RangeOffset* offset = bounds[i].second;
      const Value& value = values[i];
      if (value.int64() < 0) ThrowBadOffset();
      if (value.type().id() == TypeId::kIntervalYearMonth) {
        offset->in_months = true;
        offset->months = value.int64();
      } else {
        offset->exact = SaturatingMultiply(value.int64(), kMicrosPerMilli);
      }
    }
    return;
  }
  key_factor_ = PowerOfTen(scale - ScaleOf(key_type_));
  for (size_t i = 0; i < bounds.size(); ++i) {
    RangeOffset* offset = bounds[i].second;
    const Value& value = values[i];
    if (floating_) {
      offset->floating = AsDouble(value);
      if (!(offset->floating >= 0) || std::isinf(offset->floating)) ThrowBadOffset();
    } else {
      const __int128 unscaled = UnscaledOf(value);
      if (unscaled < 0) ThrowBadOffset();
      offset->exact = SaturatingMultiply(unscaled, PowerOfTen(scale - ScaleOf(value.type())));
    }
  }
}

void WindowFrameBounds::Compute(const WindowPartition& partition, size_t order_key, std::vector<size_t>* starts,
                                std::vector<size_t>* ends) const {
  starts->resize(partition.size());
  ends->resize(partition.size());
  switch (mode_) {
    case WindowFrame::Mode::kRows: ComputeRows(partition, starts->data(), ends->data()); break;
    case WindowFrame::Mode::kGroups: ComputeGroups(partition, starts->data(), ends->data()); break;
    case WindowFrame::Mode::kRange: ComputeRange(partition, order_key, starts->data(), ends->data()); break;
  }
  for (size_t i = 0; i < partition.size(); ++i) (*ends)[i] = std::max((*ends)[i], (*starts)[i]);
}

void WindowFrameBounds::ComputeRows(const WindowPartition& partition, size_t* starts, size_t* ends) const {
  const size_t begin = partition.begin;
  const size_t end = partition.end;
  for (size_t p = begin; p < end; ++p) {
    const size_t before = p - begin;  // rows before p in the partition
    const size_t after = end - p - 1;  // rows after p
    size_t start = begin;
    switch (start_kind_) {
      case BoundKind::kPreceding: start = start_count_ > before ? begin : p - start_count_; break;
      case BoundKind::kCurrentRow: start = p; break;
      case BoundKind::kFollowing: start = start_count_ > after ? end : p + start_count_; break;
      default: break;
    }
    size_t stop = end;
    switch (end_kind_) {
      case BoundKind::kPreceding: stop = end_count_ > before ? begin : p - end_count_ + 1; break;
      case BoundKind::kCurrentRow: stop = p + 1; break;
      case BoundKind::kFollowing: stop = end_count_ >= after ? end : p + end_count_ + 1; break;
      default: break;
    }
    starts[p - begin] = start;
    ends[p - begin] = stop;
  }
}

void WindowFrameBounds::ComputeGroups(const WindowPartition& partition, size_t* starts, size_t* ends) const {
  const std::span<const size_t> peers = partition.peer_starts;
  const size_t num_groups = partition.num_peer_groups();
  for (size_t g = 0; g < num_groups; ++g) {
    size_t start = partition.begin;
    switch (start_kind_) {
      case BoundKind::kPreceding: start = peers[start_count_ > g ? 0 : g - start_count_]; break;
      case BoundKind::kCurrentRow: start = peers[g]; break;
      case BoundKind::kFollowing:
        start = start_count_ >= num_groups - g ? partition.end : peers[g + start_count_];
        break;
      default: break;
    }
    size_t stop = partition.end;
    switch (end_kind_) {
      case BoundKind::kPreceding: stop = end_count_ > g ? partition.begin : peers[g - end_count_ + 1]; break;
      case BoundKind::kCurrentRow: stop = peers[g + 1]; break;
      case BoundKind::kFollowing:
        stop = end_count_ >= num_groups - g ? partition.end : peers[g + end_count_ + 1];
        break;
      default: break;
    }
    for (size_t p = peers[g]; p < peers[g + 1]; ++p) {
      starts[p - partition.begin] = start;
      ends[p - partition.begin] = stop;
    }
  }
}

void WindowFrameBounds::ComputeRange(const WindowPartition& partition, size_t order_key, size_t* starts,
                                     size_t* ends) const {
  // Bounds without offsets: the partition's ends and the peer group.
  const std::span<const size_t> peers = partition.peer_starts;
  for (size_t g = 0; g + 1 < peers.size(); ++g) {
    for (size_t p = peers[g]; p < peers[g + 1]; ++p) {
      starts[p - partition.begin] = start_kind_ == BoundKind::kUnboundedPreceding ? partition.begin : peers[g];
      ends[p - partition.begin] = end_kind_ == BoundKind::kUnboundedFollowing ? partition.end : peers[g + 1];
    }
  }
  if (!IsOffset(start_kind_) && !IsOffset(end_kind_)) return;
  if (floating_) {
    ComputeRangeOffsets<double>(partition, order_key, starts, ends);
  } else {
    ComputeRangeOffsets<__int128>(partition, order_key, starts, ends);
  }
}

template <typename Domain>
Domain WindowFrameBounds::KeyAt(const Vector& vector, size_t row) const {
  Domain key;
  switch (key_type_.physical_type()) {
    case PhysicalType::kInt8: key = static_cast<Domain>(vector.data<int8_t>()[row]); break;
    case PhysicalType::kInt16: key = static_cast<Domain>(vector.data<int16_t>()[row]); break;
    case PhysicalType::kInt32: key = static_cast<Domain>(vector.data<int32_t>()[row]); break;
    case PhysicalType::kInt64: key = static_cast<Domain>(vector.data<int64_t>()[row]); break;
    case PhysicalType::kInt128: key = static_cast<Domain>(vector.data<__int128>()[row]); break;
    case PhysicalType::kFloat: key = static_cast<Domain>(vector.data<float>()[row]); break;
    case PhysicalType::kDouble: key = static_cast<Domain>(vector.data<double>()[row]); break;
    case PhysicalType::kTimestampTz: key = static_cast<Domain>(vector.data<TimestampTz>()[row].micros); break;
    default: SLUICE_ASSERT(false, "RANGE offsets need a numeric, date or timestamp key");
  }
  if constexpr (std::is_floating_point_v<Domain>) {
    if (key_type_.id() == TypeId::kDecimal) key /= static_cast<double>(PowerOfTen(key_type_.scale()));
    return descending_ ? -key : key;
  } else {
    key = SaturatingMultiply(key, key_factor_);
    return descending_ ? -key : key;
  }
}

__int128 WindowFrameBounds::ShiftedKey(const Vector& vector, size_t row, __int128 key, BoundKind kind,
                                       const RangeOffset& offset) const {
  // Months towards the frame's side along the ORDER BY direction.
  const bool earlier = (kind == BoundKind::kPreceding) != descending_;
  const int64_t months = earlier ? -offset.months : offset.months;
  __int128 shifted;
  switch (key_type_.id()) {
    case TypeId::kDate: shifted = DatePlusYearMonth(vector.data<int32_t>()[row], months); break;
    case TypeId::kTimestamp: shifted = TimestampPlusYearMonth(vector.data<int64_t>()[row], months); break;
    case TypeId::kTimestampTz: shifted = TimestampTzPlusYearMonth(vector.data<TimestampTz>()[row], months).micros; break;
    default: SLUICE_ASSERT(false, "month offsets need a date/time key"); return key;
  }
  shifted = SaturatingMultiply(shifted, key_factor_);
  return descending_ ? -shifted : shifted;
}

template <typename Domain>
void WindowFrameBounds::ComputeRangeOffsets(const WindowPartition& partition, size_t order_key, size_t* starts,
                                            size_t* ends) const {
  const SortedBucket& bucket = *partition.bucket;
  // Rows with a number as key are contiguous: NULLs sort first or last, NaN next to them.
  std::vector<Domain> keys;
  size_t first_number = partition.end;
  for (size_t p = partition.begin; p < partition.end; ++p) {
    const Vector& vector = bucket.column(order_key, p);
    const size_t row = p % kChunkCapacity;
    if (vector.IsNull(row)) continue;
    const Domain key = KeyAt<Domain>(vector, row);
    if constexpr (std::is_floating_point_v<Domain>) {
      if (std::isnan(key)) continue;
    }
    if (first_number == partition.end) first_number = p;
    SLUICE_ASSERT(p - first_number == keys.size(), "numeric RANGE keys are contiguous");
    keys.push_back(key);
  }
  const auto& start_offset = start_range_;
  const auto& end_offset = end_range_;
  auto offset_of = [](const RangeOffset& offset) {
    if constexpr (std::is_floating_point_v<Domain>) {
      return offset.floating;
    } else {
      return offset.exact;
    }
  };
  auto target = [&](size_t i, BoundKind kind, const RangeOffset& offset) -> Domain {
    const Domain amount = offset_of(offset);
    if constexpr (std::is_floating_point_v<Domain>) {
      return kind == BoundKind::kPreceding ? keys[i] - amount : keys[i] + amount;
    } else {
      if (!offset.in_months) return SaturatingAdd(keys[i], kind == BoundKind::kPreceding ? -amount : amount);
      const size_t p = first_number + i;
      return ShiftedKey(bucket.column(order_key, p), p % kChunkCapacity, keys[i], kind, offset);
    }
  };
  size_t low = 0;   // first key >= the start target
  size_t high = 0;  // first key > the end target
  for (size_t i = 0; i < keys.size(); ++i) {
    const size_t index = first_number + i - partition.begin;
    if (IsOffset(start_kind_)) {
      const Domain bound = target(i, start_kind_, start_offset);
      while (low < keys.size() && keys[low] < bound) ++low;
      starts[index] = first_number + low;
    }
    if (IsOffset(end_kind_)) {
      const Domain bound = target(i, end_kind_, end_offset);
      while (high < keys.size() && !(bound < keys[high])) ++high;
      ends[index] = first_number + high;
    }
  }
  // Rows without a number keep their peer group (set by ComputeRange) for offset bounds.
}

}  // namespace sluice::exec
