#include "sql/expression/functions/comparison.h"

#include "core/error.h"

namespace sluice::sql {

namespace {

struct Equal {
  template <typename T>
  static bool Apply(const T& a, const T& b) { return a == b; }
};
struct NotEqual {
  template <typename T>
  static bool Apply(const T& a, const T& b) { return !(a == b); }
};
struct Less {
  template <typename T>
  static bool Apply(const T& a, const T& b) { return a < b; }
};
struct LessEqual {
  template <typename T>
  static bool Apply(const T& a, const T& b) { return !(b < a) && !IsUnordered(a, b); }
  template <typename T>
  static bool IsUnordered(const T& a, const T& b) {
    if constexpr (std::is_floating_point_v<T>) return a != a || b != b;
    return false;
  }
};

struct Greater {
  template <typename T>
  static bool Apply(const T& a, const T& b) { return b < a; }
};
struct GreaterEqual {
  template <typename T>
  static bool Apply(const T& a, const T& b) { return LessEqual::Apply(b, a); }
};

/// Views of a TIMESTAMP WITH TIME ZONE that compare by instant only.
struct Instant {
  int64_t micros;
  friend bool operator==(Instant a, Instant b) { return a.micros == b.micros; }
  friend bool operator<(Instant a, Instant b) { return a.micros < b.micros; }
};

template <typename T>
struct Load {
  static T Get(const Operand& o, uint32_t row) { return o.Get<T>(row); }
};
template <>
struct Load<Instant> {
  static Instant Get(const Operand& o, uint32_t row) { return Instant{o.Get<TimestampTz>(row).micros}; }
};

/// Calls sink(row, result) for each row; swaps operands for > and >=.
template <typename T, typename Cmp, typename Sink>
void Run(const Operand& left, const Operand& right, const Rows& rows, Sink&& sink) {
  if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, __int128>) {
    if (rows.dense() && !left.constant) {
      const T* a = left.vector->template data<T>();
      if (right.constant) {
        const T b = right.Get<T>(0);
        for (size_t i = 0; i < rows.count; ++i) sink(static_cast<uint32_t>(i), Cmp::Apply(a[i], b));
        return;
      }
      if (!right.constant) {
        const T* b = right.vector->template data<T>();
        for (size_t i = 0; i < rows.count; ++i) sink(static_cast<uint32_t>(i), Cmp::Apply(a[i], b[i]));
        return;
      }
    }
  }
  rows.ForEach([&](uint32_t row) { sink(row, Cmp::Apply(Load<T>::Get(left, row), Load<T>::Get(right, row))); });
}

template <typename T, typename Sink>
void Dispatch(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows, Sink&& sink) {
  switch (op) {
    case ComparisonOperator::kEqual:
      return Run<T, Equal>(left, right, rows, sink);
    case ComparisonOperator::kNotEqual:
      return Run<T, NotEqual>(left, right, rows, sink);
    case ComparisonOperator::kLess:
      return Run<T, Less>(left, right, rows, sink);
    case ComparisonOperator::kLessEqual:
      return Run<T, LessEqual>(left, right, rows, sink);
    case ComparisonOperator::kGreater:
      return Run<T, Less>(right, left, rows, sink);
    case ComparisonOperator::kGreaterEqual:
      return Run<T, LessEqual>(right, left, rows, sink);
    default:
      SLUICE_ASSERT(false, "DISTINCT FROM is evaluated by the evaluator, not the comparison kernel");
  }
}

template <typename Sink>
void DispatchType(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows, Sink&& sink) {
  switch (left.type().physical_type()) {
    case PhysicalType::kBool:
      return Dispatch<uint8_t>(op, left, right, rows, sink);
    case PhysicalType::kInt8:
      return Dispatch<int8_t>(op, left, right, rows, sink);
    case PhysicalType::kInt16:
      return Dispatch<int16_t>(op, left, right, rows, sink);
    case PhysicalType::kInt32:
      return Dispatch<int32_t>(op, left, right, rows, sink);
    case PhysicalType::kInt64:
      return Dispatch<int64_t>(op, left, right, rows, sink);
    case PhysicalType::kInt128:
      return Dispatch<__int128>(op, left, right, rows, sink);
    case PhysicalType::kFloat:
      return Dispatch<float>(op, left, right, rows, sink);
    case PhysicalType::kDouble:
      return Dispatch<double>(op, left, right, rows, sink);
    case PhysicalType::kString:
      return Dispatch<StringRef>(op, left, right, rows, sink);
    case PhysicalType::kTimestampTz:
      return Dispatch<Instant>(op, left, right, rows, sink);
    default:
      throw NotImplementedError("comparison of " + left.type().ToString());
  }
}

/// Dense, flat-left loops written out for the two outputs so they vectorize.
template <typename T, typename Cmp>
bool DenseCompare(const Operand& left, const Operand& right, const Rows& rows, uint8_t* __restrict out) {
  if (!rows.dense() || left.constant) return false;
  const T* __restrict a = left.vector->template data<T>();
  if (right.constant) {
    const T b = right.Get<T>(0);
    for (size_t i = 0; i < rows.count; ++i) out[i] = Cmp::Apply(a[i], b);
  } else {
    const T* __restrict b = right.vector->template data<T>();
    for (size_t i = 0; i < rows.count; ++i) out[i] = Cmp::Apply(a[i], b[i]);
  }
  return true;
}

template <typename T>
bool DenseCompareOp(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows,
                    uint8_t* out) {
  if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, __int128>) {
    switch (op) {
      case ComparisonOperator::kEqual: return DenseCompare<T, Equal>(left, right, rows, out);
      case ComparisonOperator::kNotEqual: return DenseCompare<T, NotEqual>(left, right, rows, out);
      case ComparisonOperator::kLess: return DenseCompare<T, Less>(left, right, rows, out);
      case ComparisonOperator::kLessEqual: return DenseCompare<T, LessEqual>(left, right, rows, out);
      case ComparisonOperator::kGreater: return DenseCompare<T, Greater>(left, right, rows, out);
      case ComparisonOperator::kGreaterEqual: return DenseCompare<T, GreaterEqual>(left, right, rows, out);
      default: return false;
    }
  }
  return false;
}

bool DenseCompareAny(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows,
                     uint8_t* out) {
  switch (left.type().physical_type()) {
    case PhysicalType::kInt32: return DenseCompareOp<int32_t>(op, left, right, rows, out);
    case PhysicalType::kInt64: return DenseCompareOp<int64_t>(op, left, right, rows, out);
    case PhysicalType::kDouble: return DenseCompareOp<double>(op, left, right, rows, out);
    default: return false;
  }
}

}  // namespace

void CompareRows(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows, uint8_t* out) {
  if (DenseCompareAny(op, left, right, rows, out)) return;
  DispatchType(op, left, right, rows, [out](uint32_t row, bool result) { out[row] = result ? 1 : 0; });
}

size_t SelectRows(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows,
                  uint32_t* selected) {
  // Dense numeric input: compare a block into bytes (vectorized), then compact.
  if (rows.dense() && rows.count <= 2048 && !left.constant) {
    uint8_t bytes[2048];
    if (DenseCompareAny(op, left, right, rows, bytes)) {
      size_t count = 0;
      for (size_t i = 0; i < rows.count; ++i) {
        selected[count] = static_cast<uint32_t>(i);
        count += bytes[i];
      }
      return count;
    }
  }
  size_t count = 0;
  uint32_t* __restrict target = selected;
  // Branch-free: always write, advance only on a match.
  DispatchType(op, left, right, rows, [&count, target](uint32_t row, bool result) {
    target[count] = row;
    count += result ? 1 : 0;
  });
  return count;
}

}  // namespace sluice::sql
