#pragma once
// The fixed-width row a hash join keeps per build row, and the per-column kernels that
// move values between vectors and such rows (store, gather), hash key columns and
// compare keys.
//
// Row layout (every access through memcpy, so fields need no alignment):
//   [0, 8)   the row's 64-bit key hash;
//   [8, 16)  pointer to the next build row with the same key (the chain; see
//            join_hash_table.h), null at the chain's end;
//   fields   one per stored build column (the Vector element layout: StringRef,
//            TimestampTz, __int128, …), then one per key that is not simply a build
//            column (an evaluated key expression), widest first;
//   NULL bytes, one per field (1 = NULL);
//   matched  byte set by the probe (RIGHT/FULL joins) when a probe row joined the row;
//   excluded byte set when a key that never matches NULL is NULL: the row stays out of
//            the hash directory (a RIGHT/FULL join still emits it as unmatched).
// String bytes past StringRef's inline 12 live in the join's own heaps, so rows (and
// output vectors that point at them) do not depend on the build input's buffers.
//
// Kernels are chosen once per column (function pointers over the physical type), so
// every loop over rows is monomorphic: no per-row dispatch.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "core/types.h"
#include "core/vector.h"

namespace sluice::exec {

/// Type-specific loops over rows for one field. `offset` / `null_offset` locate the
/// field's value and NULL byte inside a row.
struct JoinFieldKernels {
  /// Writes source[rows[i]] (value and NULL flag) into targets[i]; long string bytes
  /// are copied into `heap`.
  void (*store)(const Vector& source, const uint32_t* rows, size_t count, uint8_t* const* targets,
                size_t offset, size_t null_offset, StringHeap* heap) = nullptr;
  /// Writes the field of sources[i] to row out_row + i of `out` (strings by reference).
  void (*gather)(const uint8_t* const* sources, size_t count, size_t offset, size_t null_offset, Vector* out,
                 size_t out_row) = nullptr;
  /// matches[i] &= (probe key at rows[i] equals the field of build[i]). Without
  /// `nulls_equal` both sides are known to be non-NULL.
  void (*match)(const Vector& probe, const uint32_t* rows, const uint8_t* const* build, size_t count, size_t offset,
                size_t null_offset, bool nulls_equal, uint8_t* matches) = nullptr;
  /// Equality of two stored non-NULL values (join key semantics).
  bool (*equal_stored)(const uint8_t* a, const uint8_t* b) = nullptr;
  /// hashes[i] (or its combination with the earlier columns' hash unless `first`) for
  /// rows 0..count of `keys`; NULL hashes to a constant.
  void (*hash)(const Vector& keys, size_t count, uint64_t* hashes, bool first) = nullptr;
};

/// The kernels for values of `type`; throws NotImplementedError for nested types.
JoinFieldKernels JoinKernelsFor(const DataType& type);

/// Hash of the key tuple of rows 0..count of `keys` into `hashes` (the same function
/// on the build and the probe side, so equal keys hash alike: -0.0 and 0.0, every
/// NaN, and TIMESTAMP WITH TIME ZONE values of one instant).
void HashKeyColumns(std::span<const Vector* const> keys, size_t count, uint64_t* hashes);

/// Where a build row keeps each stored column and key. Immutable; shared by all
/// threads of a join.
class JoinRowLayout {
 public:
  static constexpr size_t kHashOffset = 0;
  static constexpr size_t kNextOffset = 8;

  struct Field {
    DataType type;
    size_t offset = 0;
    size_t null_offset = 0;
    size_t width = 0;  ///< 0 for a column that is not stored (or of the unknown type).
    JoinFieldKernels kernels;
  };

  JoinRowLayout() = default;
  /// `build_types`: the build side's columns; `stored_columns[c]` whether column c is
  /// kept (output or residual needs it); `key_types[k]`, `key_columns[k]` (the build
  /// column key k is exactly, or nullopt for an expression stored as a field of its
  /// own) and `nulls_equal[k]` describe the keys.
  JoinRowLayout(const std::vector<DataType>& build_types, const std::vector<bool>& stored_columns,
                const std::vector<DataType>& key_types, const std::vector<std::optional<size_t>>& key_columns,
                std::vector<bool> nulls_equal);

  size_t row_width() const { return row_width_; }
  size_t num_columns() const { return num_columns_; }
  size_t num_keys() const { return key_fields_.size(); }
  /// Fields 0..num_columns() are the build columns; then the expression keys.
  size_t num_fields() const { return fields_.size(); }
  const Field& field(size_t index) const { return fields_[index]; }
  /// The field holding key k.
  const Field& key_field(size_t k) const { return fields_[key_fields_[k]]; }
  bool nulls_equal(size_t k) const { return nulls_equal_[k]; }
  /// True when the expression key k is stored as a field of its own.
  bool key_is_expression(size_t k) const { return key_fields_[k] >= num_columns_; }
  size_t key_field_index(size_t k) const { return key_fields_[k]; }
  size_t matched_offset() const { return matched_offset_; }
  size_t excluded_offset() const { return excluded_offset_; }

  static uint64_t HashOf(const uint8_t* row) {
    uint64_t hash;
    std::memcpy(&hash, row + kHashOffset, 8);
    return hash;
  }
  static uint8_t* NextOf(const uint8_t* row) {
    uint8_t* next;
    std::memcpy(&next, row + kNextOffset, sizeof(next));
    return next;
  }
  static void SetNext(uint8_t* row, const uint8_t* next) { std::memcpy(row + kNextOffset, &next, sizeof(next)); }

  /// True when the keys of two stored rows are equal (NULL = NULL only where
  /// nulls_equal; rows with other NULL keys are never compared).
  bool KeysEqual(const uint8_t* a, const uint8_t* b) const;

 private:
  std::vector<Field> fields_;
  std::vector<size_t> key_fields_;
  std::vector<bool> nulls_equal_;
  size_t num_columns_ = 0;
  size_t matched_offset_ = 0;
  size_t excluded_offset_ = 0;
  size_t row_width_ = 0;
};

}  // namespace sluice::exec
