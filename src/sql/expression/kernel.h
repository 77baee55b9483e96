#pragma once
// The calling convention of vectorized scalar kernels (functions, casts, comparisons).
//
// Rows are *aligned*: a kernel reads argument row r and writes result row r, for every
// r in the rows it is given (a selection of row indices or the dense range 0..count).
// So a column of the input chunk is an argument as it is, a filter's selection needs no
// copy, and nested calls share one row space. A constant argument holds its value in
// row 0 (`Operand::constant`); kernels read it once.
//
// NULLs: for functions that propagate NULL (the default), the evaluator gives the
// kernel only rows where every argument is valid, and marks the other rows NULL itself;
// such kernels loop over plain arrays with no NULL checks. A kernel may still set a
// result row NULL (regexp_extract without a match, TRY_CAST of a bad value).
//
// Errors are thrown (ConversionError, InvalidArgumentError, …) and end the query,
// unless TRY() around the expression turns them into NULL for the failing rows.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <span>

#include "core/vector.h"

namespace sluice::sql {

/// Row indices, ascending, into a chunk (at most its capacity). Owned storage that
/// an operator reuses from chunk to chunk.
class SelectionVector {
 public:
  explicit SelectionVector(size_t capacity = kChunkCapacity)
      : rows_(new uint32_t[capacity]), capacity_(capacity) {}

  uint32_t* data() { return rows_.get(); }
  const uint32_t* data() const { return rows_.get(); }
  uint32_t operator[](size_t i) const { return rows_[i]; }
  size_t capacity() const { return capacity_; }

 private:
  std::unique_ptr<uint32_t[]> rows_;
  size_t capacity_;
};

/// The rows a kernel works on: `selection[0..count)` or, when `selection` is null,
/// 0..count.
struct Rows {
  const uint32_t* selection = nullptr;
  size_t count = 0;

  uint32_t operator[](size_t i) const {
    return selection ? selection[i] : static_cast<uint32_t>(i);
  }
  bool dense() const { return selection == nullptr; }
  /// Calls f(row) for each row; the dense case compiles to a plain counted loop.
  template <typename F>
  void ForEach(F&& f) const {
    if (selection == nullptr) {
      for (size_t i = 0; i < count; ++i) f(static_cast<uint32_t>(i));
    } else {
      for (size_t i = 0; i < count; ++i) f(selection[i]);
    }
  }
};

/// One kernel argument: a vector, which is constant when its row 0 holds the value
/// of every row.
struct Operand {
  const Vector* vector = nullptr;
  bool constant = false;

  const DataType& type() const { return vector->type(); }
  bool IsNull(uint32_t row) const { return vector->IsNull(constant ? 0 : row); }
  template <typename T>
  const T& Get(uint32_t row) const {
    return vector->data<T>()[constant ? 0 : row];
  }
};

/// Settings of the session an expression runs in (immutable while it runs).
struct SessionSettings {
  int32_t time_zone = 0;  ///< Session zone id (core/time_zone.h); UTC unless set.
  /// When the running statement started, UTC microseconds since the epoch: what
  /// current_timestamp, now(), current_date and localtimestamp return for every row.
  /// Set by the engine per statement; 0 = not set (those functions read the clock).
  int64_t statement_time_micros = 0;
};

/// Data computed once when a function call is bound — a compiled LIKE pattern or
/// regular expression for a constant argument. Immutable, so shared by all threads.
class FunctionData {
 public:
  virtual ~FunctionData() = default;
};

/// What a kernel may use besides its arguments.
struct KernelContext {
  const SessionSettings* session = nullptr;
  const FunctionData* data = nullptr;  ///< The call's bind data, or null.
  std::mt19937_64* random = nullptr;   ///< Per-thread generator (random()).
};

/// A vectorized scalar function body; see the file comment for the contract.
using ScalarKernel = void (*)(const KernelContext& context, std::span<const Operand> args,
                              const Rows& rows, Vector* out);

}  // namespace sluice::sql
