#pragma once
// Statistics the Parquet writer records per column chunk (ColumnMetaData.statistics)
// and per page (ColumnIndex), by the rules of parquet.thrift for ColumnOrder
// TYPE_ORDER:
//  - INT32/INT64 (also DATE, TIMESTAMP, DECIMAL stored as integers): signed order;
//    DECIMAL as FIXED_LEN_BYTE_ARRAY: signed order of the unscaled value, written as
//    big-endian two's complement; BOOLEAN: false < true.
//  - FLOAT/DOUBLE: NaN never becomes min or max (all NaN → no min/max); a zero min is
//    written as -0.0 and a zero max as +0.0, so readers may not exclude either zero.
//  - BYTE_ARRAY (strings, binary): unsigned lexicographic byte order. Values longer
//    than the truncation length are shortened: min to a prefix, max to a prefix whose
//    last byte (for strings: last character) is incremented; is_*_value_exact says so.
//  - Only min_value/max_value are written, never the deprecated min/max, and never
//    distinct_count.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "formats/parquet/metadata.h"

namespace sluice::parquet {

/// Longest min/max a string column's statistics hold before being truncated.
inline constexpr size_t kDefaultStatisticsTruncateLength = 64;

/// Running min and max of a column's values (see the file comment for the order).
/// T is one of the writer's physical representations (encoding.h).
template <typename T>
class MinMax {
 public:
  void Update(const T* values, size_t count) {
    for (size_t i = 0; i < count; ++i) Update(values[i]);
  }
  void Update(const T& value) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(value)) return;
    }
    if (!has_value_) {
      min_ = max_ = value;
      has_value_ = true;
      return;
    }
    if (value < min_) min_ = value;
    if (max_ < value) max_ = value;
  }
  void Merge(const MinMax& other) {
    if (!other.has_value_) return;
    Update(other.min_);
    Update(other.max_);
  }
  /// False when there was no value, or (floats) only NaN.
  bool has_value() const { return has_value_; }
  const T& min() const { return min_; }
  const T& max() const { return max_; }

 private:
  bool has_value_ = false;
  T min_{};
  T max_{};
};

/// How statistics values of a column are written.
struct StatisticsFormat {
  int type_length = 0;   ///< FIXED_LEN_BYTE_ARRAY decimals: bytes per value.
  bool utf8 = false;     ///< BYTE_ARRAY strings: truncate at character boundaries.
  size_t truncate_length = kDefaultStatisticsTruncateLength;  ///< BYTE_ARRAY only.
};

/// Encoded min and max, ready for Statistics or ColumnIndex.
struct EncodedBounds {
  std::string min;
  std::string max;
  bool min_exact = true;
  bool max_exact = true;
};

/// The min/max as the specification encodes them (PLAIN, without BYTE_ARRAY's length
/// prefix; BOOLEAN as one byte), with the zero and truncation rules applied. Empty when
/// `minmax` has no value.
template <typename T>
std::optional<EncodedBounds> EncodeBounds(const MinMax<T>& minmax,
                                          const StatisticsFormat& format);

/// A Statistics struct with min_value/max_value (when `bounds`), their exactness
/// and null_count.
Statistics MakeStatistics(const std::optional<EncodedBounds>& bounds, int64_t null_count);

/// A lower bound of `value` of at most `limit` bytes: `value` itself when short enough
/// (`*exact` = true), else a prefix (cut at a UTF-8 character boundary when `utf8`).
std::string TruncateMin(std::string_view value, size_t limit, bool utf8, bool* exact);
/// An upper bound of `value` of at most `limit` bytes: `value` when short enough, else
/// a prefix whose last byte (`utf8`: last character) is incremented, dropping trailing
/// bytes (characters) that cannot be. nullopt when no shorter bound exists (e.g. all
/// bytes 0xFF).
std::optional<std::string> TruncateMax(std::string_view value, size_t limit, bool utf8,
                                       bool* exact);

/// BoundaryOrder of the pages' min/max in page order, ignoring pages without values:
/// ascending when neither min nor max ever decreases, descending when neither ever
/// increases, else unordered.
template <typename T>
BoundaryOrder ComputeBoundaryOrder(const std::vector<MinMax<T>>& pages) {
  bool ascending = true;
  bool descending = true;
  const MinMax<T>* previous = nullptr;
  for (const MinMax<T>& page : pages) {
    if (!page.has_value()) continue;
    if (previous != nullptr) {
      if (page.min() < previous->min() || page.max() < previous->max()) ascending = false;
      if (previous->min() < page.min() || previous->max() < page.max()) descending = false;
    }
    previous = &page;
  }
  if (ascending) return BoundaryOrder::kAscending;
  if (descending) return BoundaryOrder::kDescending;
  return BoundaryOrder::kUnordered;
}

}  // namespace sluice::parquet
