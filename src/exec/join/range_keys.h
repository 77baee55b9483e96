#pragma once
// Range-join keys as 64-bit codes: every key value becomes an int64 whose order is the
// order SQL's <, <=, >, >= give the values, so the sorted index (range_index.h) is one
// piece of non-template code for every key type.
//
//   - integers, DATE, TIMESTAMP, intervals, short DECIMAL, BOOLEAN: the value itself;
//   - TIMESTAMP WITH TIME ZONE: the UTC instant (values compare by instant);
//   - REAL, DOUBLE: the IEEE bits made order-preserving as a signed integer, with -0.0
//     coded as 0.0 (they compare equal). NaN compares false with everything, so a NaN
//     key, like a NULL key, never matches and gets no code;
//   - VARCHAR, VARBINARY, DECIMAL(p > 18): by rank among the distinct values of the
//     build side (a dictionary): build value number i is 2i + 1; a probe value equal to
//     it is 2i + 1 too, one between values i - 1 and i is 2i. Order is kept exactly.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/types.h"
#include "core/vector.h"

namespace sluice::exec {

/// The sorted distinct build values of a dictionary-coded key.
class RangeKeyDictionary {
 public:
  /// Adds the valid values of rows 0..count of `values` (of the key's type).
  void Add(const Vector& values, size_t count);
  /// Folds another builder's values in (parallel collection).
  void Merge(RangeKeyDictionary&& other);
  /// Sorts and deduplicates; call once after the last Add/Merge.
  void Finish();
  /// Bytes held (memory accounting).
  size_t memory_bytes() const;

  /// The code of `value` (see the file comment).
  int64_t CodeOf(std::string_view value) const;
  int64_t CodeOf(__int128 value) const;

 private:
  std::vector<std::string> strings_;
  std::vector<__int128> wide_;
  size_t string_bytes_ = 0;
};

/// Whether keys of `type` are coded through a dictionary of the build's values.
bool RangeKeyNeedsDictionary(const DataType& type);
/// Whether the range join can order keys of `type` (scalar, comparable types).
bool RangeKeySupported(const DataType& type);

/// Writes the codes of rows 0..count of `values` to `codes` and clears `valid[row]`
/// for NULL and NaN values (leaving the others untouched). `dictionary` is needed for
/// dictionary-coded types. With `reversed` each code is bit-inverted (~code), which
/// reverses the order: a > b becomes ~a < ~b.
void EncodeRangeKeys(const Vector& values, size_t count, const RangeKeyDictionary* dictionary, bool reversed,
                     int64_t* codes, uint8_t* valid);

}  // namespace sluice::exec
