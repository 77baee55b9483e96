// Arithmetic operators: integers with overflow errors (__builtin_*_overflow), Trino's
// truncating integer division, IEEE real/double, and decimals with Trino's result
// types and half-up rounding.

#include <cmath>
#include <string>
#include <type_traits>

#include "core/error.h"
#include "core/value.h"
#include "sql/expression/coercion.h"
#include "sql/expression/function_registry.h"
#include "sql/expression/functions/builtin_functions.h"
#include "sql/expression/functions/decimal_math.h"

namespace sluice::sql {

namespace {

enum class Op { kAdd, kSubtract, kMultiply, kDivide, kModulus };

const char* OpName(Op op) {
  switch (op) {
    case Op::kAdd: return "addition";
    case Op::kSubtract: return "subtraction";
    case Op::kMultiply: return "multiplication";
    case Op::kDivide: return "division";
    default: return "modulus";
  }
}

const char* OpSymbol(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSubtract: return "-";
    case Op::kMultiply: return "*";
    case Op::kDivide: return "/";
    default: return "%";
  }
}

[[noreturn]] void ThrowOverflow(const DataType& type, Op op, const std::string& a, const std::string& b) {
  throw ConversionError(type.ToString() + " " + OpName(op) + " overflow: " + a + " " + OpSymbol(op) + " " + b);
}

[[noreturn]] void ThrowDivisionByZero() { throw ConversionError("division by zero"); }

/// One integer operation; true on overflow (division by zero throws).
template <Op kOp, typename T>
inline bool IntegerApply(T a, T b, T* out) {
  using Unsigned = std::make_unsigned_t<T>;
  if constexpr ((kOp == Op::kAdd || kOp == Op::kSubtract) && sizeof(T) >= 4) {
    // Wrapping arithmetic plus a sign test: branch-free, so the loops vectorize.
    const Unsigned ua = static_cast<Unsigned>(a), ub = static_cast<Unsigned>(b);
    const T r = static_cast<T>(kOp == Op::kAdd ? ua + ub : ua - ub);
    *out = r;
    return kOp == Op::kAdd ? ((a ^ r) & (b ^ r)) < 0 : ((a ^ b) & (a ^ r)) < 0;
  } else if constexpr (kOp == Op::kAdd) {
    return __builtin_add_overflow(a, b, out);
  } else if constexpr (kOp == Op::kSubtract) {
    return __builtin_sub_overflow(a, b, out);
  } else if constexpr (kOp == Op::kMultiply) {
    return __builtin_mul_overflow(a, b, out);
  } else if constexpr (kOp == Op::kDivide) {
    if (b == 0) ThrowDivisionByZero();
    if (b == -1) return __builtin_sub_overflow(T{0}, a, out);
    *out = static_cast<T>(a / b);  // truncation toward zero, as Trino
    return false;
  } else {
    if (b == 0) ThrowDivisionByZero();
    *out = b == -1 ? T{0} : static_cast<T>(a % b);
    return false;
  }
}

template <Op kOp, typename T>
void IntegerKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const Operand& left = args[0];
  const Operand& right = args[1];
  T* __restrict result = out->data<T>();
  const T* __restrict a = left.vector->data<T>();
  const T* __restrict b = right.vector->data<T>();
  bool overflow = false;
  // The flag is OR-ed so the loops stay branch-free; the failing row is found again.
  if (rows.dense() && !left.constant && !right.constant) {
    for (size_t i = 0; i < rows.count; ++i) overflow |= IntegerApply<kOp>(a[i], b[i], &result[i]);
  } else if (rows.dense() && !left.constant) {
    const T constant = b[0];
    for (size_t i = 0; i < rows.count; ++i) overflow |= IntegerApply<kOp>(a[i], constant, &result[i]);
  } else if (rows.dense() && !right.constant) {
    const T constant = a[0];
    for (size_t i = 0; i < rows.count; ++i) overflow |= IntegerApply<kOp>(constant, b[i], &result[i]);
  } else {
    rows.ForEach([&](uint32_t row) {
      overflow |= IntegerApply<kOp>(left.Get<T>(row), right.Get<T>(row), &result[row]);
    });
  }
  if (overflow) [[unlikely]] {
    for (size_t i = 0; i < rows.count; ++i) {
      const uint32_t row = rows[i];
      T ignored;
      if (IntegerApply<kOp>(left.Get<T>(row), right.Get<T>(row), &ignored)) {
        ThrowOverflow(out->type(), kOp, std::to_string(left.Get<T>(row)), std::to_string(right.Get<T>(row)));
      }
    }
  }
}

template <Op kOp, typename T>
void FloatingKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const Operand& left = args[0];
  const Operand& right = args[1];
  T* result = out->data<T>();
  auto apply = [](T a, T b) -> T {
    if constexpr (kOp == Op::kAdd) return a + b;
    if constexpr (kOp == Op::kSubtract) return a - b;
    if constexpr (kOp == Op::kMultiply) return a * b;
    if constexpr (kOp == Op::kDivide) return a / b;
    return std::fmod(a, b);
  };
  if (rows.dense() && !left.constant && !right.constant) {
    const T* a = left.vector->data<T>();
    const T* b = right.vector->data<T>();
    for (size_t i = 0; i < rows.count; ++i) result[i] = apply(a[i], b[i]);
    return;
  }
  rows.ForEach([&](uint32_t row) { result[row] = apply(left.Get<T>(row), right.Get<T>(row)); });
}

__int128 ReadDecimal(const Operand& operand, uint32_t row) {
  return operand.type().is_short_decimal() ? __int128{operand.Get<int64_t>(row)} : operand.Get<__int128>(row);
}

std::string DecimalText(__int128 unscaled, int scale) {
  return Value::Decimal(unscaled, kMaxDecimalPrecision, scale).ToString();
}

/// The general decimal path: any widths, every operation, per-row checks.
template <Op kOp>
void DecimalGeneric(std::span<const Operand> args, const Rows& rows, Vector* out) {
  const Operand& left = args[0];
  const Operand& right = args[1];
  const int left_scale = left.type().scale(), right_scale = right.type().scale();
  const int scale = out->type().scale();
  const __int128 limit = PowerOfTen(out->type().precision());
  const bool short_result = out->type().is_short_decimal();
  rows.ForEach([&](uint32_t row) {
    const __int128 a = ReadDecimal(left, row), b = ReadDecimal(right, row);
    __int128 result = 0;
    bool overflow = false;
    if constexpr (kOp == Op::kAdd || kOp == Op::kSubtract || kOp == Op::kModulus) {
      __int128 x, y;
      overflow = !RescaleDecimal(a, left_scale, scale, &x) || !RescaleDecimal(b, right_scale, scale, &y);
      if constexpr (kOp == Op::kAdd) {
        overflow = overflow || __builtin_add_overflow(x, y, &result);
      } else if constexpr (kOp == Op::kSubtract) {
        overflow = overflow || __builtin_sub_overflow(x, y, &result);
      } else {
        if (b == 0) ThrowDivisionByZero();
        if (!overflow) result = x % y;
      }
    } else if constexpr (kOp == Op::kMultiply) {
      overflow = __builtin_mul_overflow(a, b, &result);
    } else {
      if (b == 0) ThrowDivisionByZero();
      // a/10^ls ÷ b/10^rs = result/10^s  ⇒  result = a·10^(s − ls + rs) / b.
      __int128 dividend;
      const int exponent = scale - left_scale + right_scale;
      if (RescaleDecimal(a, 0, exponent, &dividend)) {
        result = DivideRoundHalfUp(dividend, b);
      } else {
        // a·10^exponent needs more than 128 bits; the quotient may still fit.
        overflow = !ScaledDivideRoundHalfUp(a, exponent, b, &result);
      }
    }
    if (overflow || result >= limit || result <= -limit) [[unlikely]] {
      ThrowOverflow(out->type(), kOp, DecimalText(a, left_scale), DecimalText(b, right_scale));
    }
    if (short_result) {
      out->data<int64_t>()[row] = static_cast<int64_t>(result);
    } else {
      out->data<__int128>()[row] = result;
    }
  });
}

/// Runs body(row, index_left, index_right) over the rows: a constant operand is read at
/// index 0 (a zero stride, so the dense loop stays a plain counted loop).
template <typename F>
inline void ForEachOperandRow(const Operand& left, const Operand& right, const Rows& rows, F&& body) {
  const size_t left_step = left.constant ? 0 : 1;
  const size_t right_step = right.constant ? 0 : 1;
  if (rows.dense()) {
    for (size_t i = 0; i < rows.count; ++i) body(i, i * left_step, i * right_step);
  } else {
    for (size_t i = 0; i < rows.count; ++i) {
      const size_t row = rows.selection[i];
      body(row, row * left_step, row * right_step);
    }
  }
}

/// + - of two short decimals (|value| < 10^18, scales <= 18) whose rescaled operands
/// stay below 10^18: the sum fits 64 bits, so the loop is int64 arithmetic plus one range
/// check OR-ed into a flag. False when a row overflowed (the general path then reports
/// it).
template <Op kOp, typename R>
bool ShortAddLoop(std::span<const Operand> args, const Rows& rows, Vector* out) {
  const Operand& left = args[0];
  const Operand& right = args[1];
  const int scale = out->type().scale();
  const auto left_factor = static_cast<int64_t>(PowerOfTen(scale - left.type().scale()));
  const auto right_factor = static_cast<int64_t>(PowerOfTen(scale - right.type().scale()));
  // Operands are below 10^18 and the sum below 2·10^18; a precision above 18 cannot overflow.
  const int64_t limit = out->type().precision() >= 19 ? INT64_MAX : static_cast<int64_t>(PowerOfTen(out->type().precision()));
  const int64_t* __restrict a = left.vector->data<int64_t>();
  const int64_t* __restrict b = right.vector->data<int64_t>();
  R* __restrict result = out->data<R>();
  bool overflow = false;
  ForEachOperandRow(left, right, rows, [&](size_t row, size_t l, size_t r) {
    const int64_t x = a[l] * left_factor, y = b[r] * right_factor;
    const int64_t v = kOp == Op::kAdd ? x + y : x - y;
    overflow |= (v >= limit) | (v <= -limit);
    result[row] = static_cast<R>(v);
  });
  return !overflow;
}

/// + - * of two short decimals through int128: rescaled operands and products stay below
/// 10^36, so the arithmetic cannot overflow and one range check per row is left.
template <Op kOp, typename R>
bool ShortDecimalLoop(std::span<const Operand> args, const Rows& rows, Vector* out) {
  const Operand& left = args[0];
  const Operand& right = args[1];
  const int scale = out->type().scale();
  const __int128 left_factor = kOp == Op::kMultiply ? 1 : PowerOfTen(scale - left.type().scale());
  const __int128 right_factor = kOp == Op::kMultiply ? 1 : PowerOfTen(scale - right.type().scale());
  const __int128 limit = PowerOfTen(out->type().precision());
  const int64_t* __restrict a = left.vector->data<int64_t>();
  const int64_t* __restrict b = right.vector->data<int64_t>();
  R* __restrict result = out->data<R>();
  if (kOp == Op::kMultiply && left.type().precision() + right.type().precision() <= out->type().precision()) {
    // |a·b| < 10^(p1 + p2) <= 10^precision: no row can overflow.
    ForEachOperandRow(left, right, rows, [&](size_t row, size_t l, size_t r) {
      result[row] = static_cast<R>(__int128{a[l]} * b[r]);
    });
    return true;
  }
  bool overflow = false;
  ForEachOperandRow(left, right, rows, [&](size_t row, size_t l, size_t r) {
    __int128 v;
    if constexpr (kOp == Op::kAdd) v = __int128{a[l]} * left_factor + __int128{b[r]} * right_factor;
    if constexpr (kOp == Op::kSubtract) v = __int128{a[l]} * left_factor - __int128{b[r]} * right_factor;
    if constexpr (kOp == Op::kMultiply) v = __int128{a[l]} * b[r];
    overflow |= (v >= limit) | (v <= -limit);
    result[row] = static_cast<R>(v);
  });
  return !overflow;
}

/// True when an int128 holds a value of 64 bits.
inline bool FitsInt64(__int128 value) { return value == static_cast<int64_t>(value); }

/// * with a long decimal operand and a long result (e.g. a product of products): when
/// both values fit 64 bits (the usual case) the product is one widening multiply, else
/// the checked 128-bit multiply. False when a row overflowed.
template <typename L, typename Rt>
bool LongMultiplyLoop(std::span<const Operand> args, const Rows& rows, Vector* out) {
  const Operand& left = args[0];
  const Operand& right = args[1];
  const __int128 limit = PowerOfTen(out->type().precision());
  const L* __restrict a = left.vector->data<L>();
  const Rt* __restrict b = right.vector->data<Rt>();
  __int128* __restrict result = out->data<__int128>();
  bool overflow = false;
  ForEachOperandRow(left, right, rows, [&](size_t row, size_t l, size_t r) {
    const __int128 x = a[l], y = b[r];
    __int128 v;
    if (FitsInt64(x) && FitsInt64(y)) [[likely]] {
      v = __int128{static_cast<int64_t>(x)} * static_cast<int64_t>(y);
    } else {
      overflow |= __builtin_mul_overflow(x, y, &v);
    }
    overflow |= (v >= limit) | (v <= -limit);
    result[row] = v;
  });
  return !overflow;
}

template <Op kOp>
void DecimalKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  if constexpr (kOp == Op::kAdd || kOp == Op::kSubtract || kOp == Op::kMultiply) {
    const DataType& left = args[0].type();
    const DataType& right = args[1].type();
    const bool short_out = out->type().is_short_decimal();
    if (left.is_short_decimal() && right.is_short_decimal()) {
      bool ok;
      const int scale = out->type().scale();
      if (kOp != Op::kMultiply && left.precision() + scale - left.scale() <= 18 &&
          right.precision() + scale - right.scale() <= 18) {
        ok = short_out ? ShortAddLoop<kOp, int64_t>(args, rows, out) : ShortAddLoop<kOp, __int128>(args, rows, out);
      } else {
        ok = short_out ? ShortDecimalLoop<kOp, int64_t>(args, rows, out)
                       : ShortDecimalLoop<kOp, __int128>(args, rows, out);
      }
      if (ok) return;
    } else if (kOp == Op::kMultiply && !short_out) {
      bool ok;
      if (left.is_short_decimal()) {
        ok = LongMultiplyLoop<int64_t, __int128>(args, rows, out);
      } else if (right.is_short_decimal()) {
        ok = LongMultiplyLoop<__int128, int64_t>(args, rows, out);
      } else {
        ok = LongMultiplyLoop<__int128, __int128>(args, rows, out);
      }
      if (ok) return;
    }
  }
  DecimalGeneric<kOp>(args, rows, out);
}

template <typename T>
void NegateInteger(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  T* result = out->data<T>();
  rows.ForEach([&](uint32_t row) {
    const T value = args[0].Get<T>(row);
    if (__builtin_sub_overflow(T{0}, value, &result[row])) [[unlikely]] {
      throw ConversionError(out->type().ToString() + " negation overflow: -(" + std::to_string(value) + ")");
    }
  });
}

template <typename T>
void NegateFloating(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  T* result = out->data<T>();
  rows.ForEach([&](uint32_t row) { result[row] = -args[0].Get<T>(row); });
}

void NegateDecimal(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  rows.ForEach([&](uint32_t row) {
    if (out->type().is_short_decimal()) {
      out->data<int64_t>()[row] = -args[0].Get<int64_t>(row);
    } else {
      out->data<__int128>()[row] = -args[0].Get<__int128>(row);
    }
  });
}

template <Op kOp>
DataType DecimalResultType(std::vector<DataType>* args) {
  const DataType& a = (*args)[0];
  const DataType& b = (*args)[1];
  switch (kOp) {
    case Op::kAdd:
    case Op::kSubtract:
      return DecimalAddType(a, b);
    case Op::kMultiply:
      return DecimalMultiplyType(a, b);
    case Op::kDivide:
      return DecimalDivideType(a, b);
    default:
      return DecimalModulusType(a, b);
  }
}

DataType SameAsArgument(std::vector<DataType>* args) { return (*args)[0]; }

template <Op kOp>
void RegisterOperator(FunctionRegistry* registry, const char* name) {
  auto add = [&](DataType type, ScalarKernel kernel) {
    registry->Register(ScalarFunction{.name = name, .parameters = {type, type}, .return_type = type, .kernel = kernel});
  };
  add(DataType::TinyInt(), &IntegerKernel<kOp, int8_t>);
  add(DataType::SmallInt(), &IntegerKernel<kOp, int16_t>);
  add(DataType::Integer(), &IntegerKernel<kOp, int32_t>);
  add(DataType::BigInt(), &IntegerKernel<kOp, int64_t>);
  add(DataType::Real(), &FloatingKernel<kOp, float>);
  add(DataType::Double(), &FloatingKernel<kOp, double>);
  registry->Register(ScalarFunction{.name = name,
                                    .parameters = {ParameterType::AnyDecimal(), ParameterType::AnyDecimal()},
                                    .return_type = {}, .compute_return_type = &DecimalResultType<kOp>,
                                    .kernel = &DecimalKernel<kOp>});
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry* registry) {
  RegisterOperator<Op::kAdd>(registry, "+");
  RegisterOperator<Op::kSubtract>(registry, "-");
  RegisterOperator<Op::kMultiply>(registry, "*");
  RegisterOperator<Op::kDivide>(registry, "/");
  RegisterOperator<Op::kModulus>(registry, "%");
  RegisterOperator<Op::kModulus>(registry, "mod");
  auto negate = [&](DataType type, ScalarKernel kernel) {
    registry->Register(ScalarFunction{.name = "negate", .parameters = {type}, .return_type = type, .kernel = kernel});
  };
  negate(DataType::TinyInt(), &NegateInteger<int8_t>);
  negate(DataType::SmallInt(), &NegateInteger<int16_t>);
  negate(DataType::Integer(), &NegateInteger<int32_t>);
  negate(DataType::BigInt(), &NegateInteger<int64_t>);
  negate(DataType::Real(), &NegateFloating<float>);
  negate(DataType::Double(), &NegateFloating<double>);
  registry->Register(ScalarFunction{.name = "negate", .parameters = {ParameterType::AnyDecimal()},
                                    .return_type = {}, .compute_return_type = &SameAsArgument, .kernel = &NegateDecimal});
}

}  // namespace sluice::sql
