#pragma once
// A window call's argument columns and result column, both addressed by position in
// the sorted bucket (kChunkCapacity positions per chunk).

#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

#include "core/chunk.h"
#include "exec/window/window_layout.h"
#include "exec/window/window_partitioner.h"
#include "sql/expression/kernel.h"

namespace sluice::exec {

/// Copies one value (or NULL) of `from`'s type; string bytes are copied into `to`'s
/// heap. `from_row` is the row in `from` (0 for a constant operand).
inline void CopyValue(const Vector& from, size_t from_row, Vector* to, size_t to_row) {
  if (from.IsNull(from_row)) {
    to->SetNull(to_row);
    return;
  }
  if (from.type().is_string()) {
    to->SetString(to_row, from.GetString(from_row));
  } else {
    const size_t width = from.type().fixed_width();
    std::memcpy(to->raw_data() + to_row * width, from.data<uint8_t>() + from_row * width, width);
  }
}

/// A call's arguments as kernel operands for each sorted chunk; constant arguments
/// repeat one shared vector. Read-only.
class WindowArguments {
 public:
  /// `constants[i]` holds constant i in row 0.
  WindowArguments(const SortedBucket& bucket, const std::vector<WindowInput>& inputs,
                  const std::vector<Vector>& constants)
      : num_arguments_(inputs.size()) {
    operands_.resize(bucket.columns.size());
    for (size_t k = 0; k < bucket.columns.size(); ++k) {
      for (const WindowInput& input : inputs) {
        operands_[k].push_back(input.is_constant ? sql::Operand{&constants[input.index], true}
                                                 : sql::Operand{&bucket.columns[k].column(input.index), false});
      }
    }
  }

  size_t num_arguments() const { return num_arguments_; }
  /// The operands of sorted chunk `index` (positions index * kChunkCapacity …).
  std::span<const sql::Operand> chunk(size_t index) const { return operands_[index]; }
  /// Argument `argument` around position `position`; read row `Row(position)` of it.
  const sql::Operand& at(size_t argument, size_t position) const {
    return operands_[position / kChunkCapacity][argument];
  }
  static uint32_t Row(size_t position) { return static_cast<uint32_t>(position % kChunkCapacity); }
  bool IsNull(size_t argument, size_t position) const { return at(argument, position).IsNull(Row(position)); }
  /// Copies argument `argument` at `position` to row `to_row` of `to`.
  void CopyTo(size_t argument, size_t position, Vector* to, size_t to_row) const {
    const sql::Operand& operand = at(argument, position);
    CopyValue(*operand.vector, operand.constant ? 0 : Row(position), to, to_row);
  }

 private:
  size_t num_arguments_;
  std::vector<std::vector<sql::Operand>> operands_;  ///< [chunk][argument]
};

/// One result column in sorted order: column `column` of the bucket's result chunks.
/// Each bucket's results are written by one thread.
class WindowResults {
 public:
  WindowResults(std::vector<Chunk>* chunks, size_t column) : chunks_(chunks), column_(column) {}
  Vector& vector(size_t position) { return (*chunks_)[position / kChunkCapacity].column(column_); }
  static size_t Row(size_t position) { return position % kChunkCapacity; }
  void SetNull(size_t position) { vector(position).SetNull(Row(position)); }
  template <typename T>
  void Set(size_t position, T value) {
    vector(position).data<T>()[Row(position)] = value;
  }

 private:
  std::vector<Chunk>* chunks_;
  size_t column_;
};

}  // namespace sluice::exec
