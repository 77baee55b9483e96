// Math functions: abs, sign, round, truncate, ceil/ceiling, floor, power/pow, sqrt, cbrt,
// exp, ln, log10, greatest, least, random.

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/value.h"
#include "sql/expression/function_registry.h"
#include "sql/expression/functions/builtin_functions.h"
#include "sql/expression/functions/decimal_math.h"

namespace sluice::sql {

namespace {

template <typename T, typename F>
void Unary(std::span<const Operand> args, const Rows& rows, Vector* out, F&& f) {
  T* result = out->data<T>();
  if (rows.dense() && !args[0].constant) {
    const T* in = args[0].vector->data<T>();
    for (size_t i = 0; i < rows.count; ++i) result[i] = f(in[i]);
    return;
  }
  rows.ForEach([&](uint32_t row) { result[row] = f(args[0].Get<T>(row)); });
}

__int128 ReadDecimal(const Operand& operand, uint32_t row) {
  return operand.type().is_short_decimal() ? __int128{operand.Get<int64_t>(row)} : operand.Get<__int128>(row);
}

void WriteDecimal(Vector* out, uint32_t row, __int128 value) {
  if (out->type().is_short_decimal()) {
    out->data<int64_t>()[row] = static_cast<int64_t>(value);
  } else {
    out->data<__int128>()[row] = value;
  }
}

template <typename T>
void AbsInteger(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Unary<T>(args, rows, out, [&](T v) -> T {
    if (v == std::numeric_limits<T>::min()) [[unlikely]] {
      throw ConversionError(out->type().ToString() + " overflow: abs(" + std::to_string(v) + ")");
    }
    return v < 0 ? static_cast<T>(-v) : v;
  });
}

template <typename T>
void AbsFloating(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Unary<T>(args, rows, out, [](T v) { return std::fabs(v); });
}

void AbsDecimal(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  rows.ForEach([&](uint32_t row) {
    __int128 v = ReadDecimal(args[0], row);
    WriteDecimal(out, row, v < 0 ? -v : v);
  });
}

template <typename T>
void SignInteger(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Unary<T>(args, rows, out, [](T v) { return static_cast<T>((v > 0) - (v < 0)); });
}

/// Trino's sign on REAL/DOUBLE (Java's Math.signum): NaN and ±0 are returned as they are.
template <typename T>
void SignFloating(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Unary<T>(args, rows, out, [](T v) { return std::isnan(v) || v == 0 ? v : (v > 0 ? T{1} : T{-1}); });
}

/// sign(decimal(p,s)) -> decimal(1,0).
void SignDecimal(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  rows.ForEach([&](uint32_t row) {
    const __int128 v = ReadDecimal(args[0], row);
    WriteDecimal(out, row, (v > 0) - (v < 0));
  });
}

DataType DecimalSignType(std::vector<DataType>*) { return DataType::Decimal(1, 0); }

/// truncate(decimal(p,s)) -> decimal(max(1, p - s), 0): the digits after the point dropped.
void TruncateDecimal(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const __int128 divisor = PowerOfTen(args[0].type().scale());
  rows.ForEach([&](uint32_t row) { WriteDecimal(out, row, ReadDecimal(args[0], row) / divisor); });
}

DataType DecimalTruncateType(std::vector<DataType>* args) {
  const DataType& t = (*args)[0];
  return DataType::Decimal(std::max(1, t.precision() - t.scale()), 0);
}

/// truncate(decimal(p,s), d) -> decimal(p,s): digits past d decimal places (left of the
/// point for a negative d) set to zero, toward zero.
void TruncateDecimalDigits(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const int scale = args[0].type().scale();
  rows.ForEach([&](uint32_t row) {
    const __int128 v = ReadDecimal(args[0], row);
    const int64_t digits = args[1].Get<int32_t>(row);
    __int128 r = v;
    if (digits < scale) {
      const int64_t drop = scale - digits;
      r = drop > 38 ? 0 : v / PowerOfTen(static_cast<int>(drop)) * PowerOfTen(static_cast<int>(drop));
    }
    WriteDecimal(out, row, r);
  });
}

template <typename T, T (*kFunction)(T)>
void FloatingFunction(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Unary<T>(args, rows, out, kFunction);
}

double RoundDouble(double v) { return std::round(v); }
float RoundFloat(float v) { return std::round(v); }
double CeilDouble(double v) { return std::ceil(v); }
float CeilFloat(float v) { return std::ceil(v); }
double FloorDouble(double v) { return std::floor(v); }
double TruncateDouble(double v) { return std::trunc(v); }
float TruncateFloat(float v) { return std::trunc(v); }
float FloorFloat(float v) { return std::floor(v); }
double Sqrt(double v) { return std::sqrt(v); }
double Cbrt(double v) { return std::cbrt(v); }
double Exp(double v) { return std::exp(v); }
double Ln(double v) { return std::log(v); }
double Log10(double v) { return std::log10(v); }

template <typename T>
void Identity(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Unary<T>(args, rows, out, [](T v) { return v; });
}

/// round/ceil/floor of a decimal to scale 0 (result type decimal(p - s + 1, 0) or so).
enum class Rounding { kHalfUp, kCeil, kFloor };

template <Rounding kMode>
void DecimalToInteger(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const __int128 divisor = PowerOfTen(args[0].type().scale());
  rows.ForEach([&](uint32_t row) {
    const __int128 v = ReadDecimal(args[0], row);
    __int128 r;
    if constexpr (kMode == Rounding::kHalfUp) {
      r = DivideRoundHalfUp(v, divisor);
    } else {
      r = v / divisor;
      const __int128 remainder = v % divisor;
      if constexpr (kMode == Rounding::kCeil) {
        if (remainder > 0) ++r;
      } else {
        if (remainder < 0) --r;
      }
    }
    WriteDecimal(out, row, r);
  });
}

DataType DecimalIntegralType(std::vector<DataType>* args) {
  const DataType& t = (*args)[0];
  const int integer_digits = t.precision() - t.scale();
  return DataType::Decimal(std::min(kMaxDecimalPrecision, integer_digits + (t.scale() > 0 ? 1 : 0)), 0);
}

DataType DecimalRoundDigitsType(std::vector<DataType>* args) {
  const DataType& t = (*args)[0];
  return DataType::Decimal(std::min(kMaxDecimalPrecision, t.precision() + 1), t.scale());
}

void RoundDecimalDigits(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const int scale = args[0].type().scale();
  const __int128 limit = PowerOfTen(out->type().precision());
  rows.ForEach([&](uint32_t row) {
    const __int128 v = ReadDecimal(args[0], row);
    const int64_t digits = args[1].Get<int32_t>(row);
    __int128 r = v;
    if (digits < scale) {
      const int drop = static_cast<int>(std::min<int64_t>(scale - digits, 38));
      const __int128 unit = PowerOfTen(drop);
      r = DivideRoundHalfUp(v, unit);
      if (__builtin_mul_overflow(r, unit, &r) || r >= limit || r <= -limit) {
        r = 0;  // rounding away every digit of a 38-digit number
      }
    }
    WriteDecimal(out, row, r);
  });
}

template <typename T>
void RoundFloatingDigits(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  T* result = out->data<T>();
  rows.ForEach([&](uint32_t row) {
    const T v = args[0].Get<T>(row);
    const int32_t digits = args[1].Get<int32_t>(row);
    if (!std::isfinite(v)) {
      result[row] = v;
      return;
    }
    const double factor = std::pow(10.0, digits);
    const double scaled = static_cast<double>(v) * factor;
    result[row] = std::isfinite(scaled) ? static_cast<T>(std::round(scaled) / factor) : v;
  });
}

template <typename T>
void RoundIntegerDigits(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  T* result = out->data<T>();
  rows.ForEach([&](uint32_t row) {
    const T v = args[0].Get<T>(row);
    const int32_t digits = args[1].Get<int32_t>(row);
    if (digits >= 0) {
      result[row] = v;
      return;
    }
    if (digits < -18) {
      result[row] = 0;
      return;
    }
    const __int128 r = DivideRoundHalfUp(v, PowerOfTen(-digits)) * PowerOfTen(-digits);
    if (r < std::numeric_limits<T>::min() || r > std::numeric_limits<T>::max()) {
      throw ConversionError(out->type().ToString() + " overflow: round(" + std::to_string(v) + ", " + std::to_string(digits) + ")");
    }
    result[row] = static_cast<T>(r);
  });
}

void Power(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  double* result = out->data<double>();
  rows.ForEach([&](uint32_t row) { result[row] = std::pow(args[0].Get<double>(row), args[1].Get<double>(row)); });
}

void RandomDouble(const KernelContext& context, std::span<const Operand>, const Rows& rows, Vector* out) {
  double* result = out->data<double>();
  std::uniform_real_distribution<double> distribution(0.0, 1.0);
  rows.ForEach([&](uint32_t row) { result[row] = distribution(*context.random); });
}

void RandomBounded(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) {
    const int64_t bound = args[0].Get<int64_t>(row);
    if (bound <= 0) throw InvalidArgumentError("random(n): bound must be positive, got " + std::to_string(bound));
    result[row] = std::uniform_int_distribution<int64_t>(0, bound - 1)(*context.random);
  });
}

/// greatest/least over one physical type; strings by bytes, NaN is greatest (Trino).
template <typename T, bool kGreatest>
void Extreme(std::span<const Operand> args, const Rows& rows, Vector* out) {
  T* result = out->data<T>();
  const bool is_string = std::is_same_v<T, StringRef>;
  auto better = [](const T& a, const T& b) {
    if constexpr (std::is_same_v<T, TimestampTz>) {
      return kGreatest ? a.micros > b.micros : a.micros < b.micros;
    } else if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a) || std::isnan(b)) return kGreatest ? std::isnan(a) && !std::isnan(b) : std::isnan(b) && !std::isnan(a);
      return kGreatest ? a > b : a < b;
    } else if constexpr (std::is_same_v<T, StringRef>) {
      return kGreatest ? b < a : a < b;
    } else {
      return kGreatest ? a > b : a < b;
    }
  };
  rows.ForEach([&](uint32_t row) {
    T best = args[0].Get<T>(row);
    for (size_t i = 1; i < args.size(); ++i) {
      const T& candidate = args[i].Get<T>(row);
      if (better(candidate, best)) best = candidate;
    }
    if constexpr (is_string) {
      result[row] = out->heap().Add(best.view());
    } else {
      result[row] = best;
    }
  });
}

template <bool kGreatest>
void ExtremeKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  switch (out->type().physical_type()) {
    case PhysicalType::kBool:
      return Extreme<uint8_t, kGreatest>(args, rows, out);
    case PhysicalType::kInt8:
      return Extreme<int8_t, kGreatest>(args, rows, out);
    case PhysicalType::kInt16:
      return Extreme<int16_t, kGreatest>(args, rows, out);
    case PhysicalType::kInt32:
      return Extreme<int32_t, kGreatest>(args, rows, out);
    case PhysicalType::kInt64:
      return Extreme<int64_t, kGreatest>(args, rows, out);
    case PhysicalType::kInt128:
      return Extreme<__int128, kGreatest>(args, rows, out);
    case PhysicalType::kFloat:
      return Extreme<float, kGreatest>(args, rows, out);
    case PhysicalType::kDouble:
      return Extreme<double, kGreatest>(args, rows, out);
    case PhysicalType::kString:
      return Extreme<StringRef, kGreatest>(args, rows, out);
    case PhysicalType::kTimestampTz:
      return Extreme<TimestampTz, kGreatest>(args, rows, out);
    default:
      throw NotImplementedError("greatest/least of " + out->type().ToString());
  }
}

DataType TypeVariableResult(std::vector<DataType>* args) { return (*args)[0]; }
DataType SameAsFirst(std::vector<DataType>* args) { return (*args)[0]; }

}  // namespace

void RegisterMathFunctions(FunctionRegistry* registry) {
  auto add = [&](const char* name, std::vector<ParameterType> params, DataType ret, ScalarKernel kernel) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(params), .return_type = std::move(ret), .kernel = kernel});
  };
  const DataType tinyint = DataType::TinyInt(), smallint = DataType::SmallInt(), integer = DataType::Integer(),
                 bigint = DataType::BigInt(), real = DataType::Real(), dbl = DataType::Double();
  // abs
  add("abs", {tinyint}, tinyint, &AbsInteger<int8_t>);
  add("abs", {smallint}, smallint, &AbsInteger<int16_t>);
  add("abs", {integer}, integer, &AbsInteger<int32_t>);
  add("abs", {bigint}, bigint, &AbsInteger<int64_t>);
  add("abs", {real}, real, &AbsFloating<float>);
  add("abs", {dbl}, dbl, &AbsFloating<double>);
  registry->Register(ScalarFunction{.name = "abs", .parameters = {ParameterType::AnyDecimal()},
                                    .return_type = {}, .compute_return_type = &SameAsFirst, .kernel = &AbsDecimal});
  // sign
  add("sign", {tinyint}, tinyint, &SignInteger<int8_t>);
  add("sign", {smallint}, smallint, &SignInteger<int16_t>);
  add("sign", {integer}, integer, &SignInteger<int32_t>);
  add("sign", {bigint}, bigint, &SignInteger<int64_t>);
  add("sign", {real}, real, &SignFloating<float>);
  add("sign", {dbl}, dbl, &SignFloating<double>);
  registry->Register(ScalarFunction{.name = "sign", .parameters = {ParameterType::AnyDecimal()},
                                    .return_type = {}, .compute_return_type = &DecimalSignType, .kernel = &SignDecimal});
  // truncate
  add("truncate", {real}, real, &FloatingFunction<float, TruncateFloat>);
  add("truncate", {dbl}, dbl, &FloatingFunction<double, TruncateDouble>);
  registry->Register(ScalarFunction{.name = "truncate", .parameters = {ParameterType::AnyDecimal()},
                                    .return_type = {}, .compute_return_type = &DecimalTruncateType, .kernel = &TruncateDecimal});
  registry->Register(ScalarFunction{.name = "truncate", .parameters = {ParameterType::AnyDecimal(), integer},
                                    .return_type = {}, .compute_return_type = &SameAsFirst, .kernel = &TruncateDecimalDigits});
  // round, ceil, floor
  for (const char* name : {"round", "ceil", "ceiling", "floor"}) {
    const std::string n = name;
    add(name, {tinyint}, tinyint, &Identity<int8_t>);
    add(name, {smallint}, smallint, &Identity<int16_t>);
    add(name, {integer}, integer, &Identity<int32_t>);
    add(name, {bigint}, bigint, &Identity<int64_t>);
    if (n == "round") {
      add(name, {real}, real, &FloatingFunction<float, RoundFloat>);
      add(name, {dbl}, dbl, &FloatingFunction<double, RoundDouble>);
    } else if (n == "floor") {
      add(name, {real}, real, &FloatingFunction<float, FloorFloat>);
      add(name, {dbl}, dbl, &FloatingFunction<double, FloorDouble>);
    } else {
      add(name, {real}, real, &FloatingFunction<float, CeilFloat>);
      add(name, {dbl}, dbl, &FloatingFunction<double, CeilDouble>);
    }
    ScalarKernel decimal_kernel = n == "round" ? &DecimalToInteger<Rounding::kHalfUp>
                                  : n == "floor" ? &DecimalToInteger<Rounding::kFloor>
                                                 : &DecimalToInteger<Rounding::kCeil>;
    registry->Register(ScalarFunction{.name = name, .parameters = {ParameterType::AnyDecimal()},
                                      .return_type = {}, .compute_return_type = &DecimalIntegralType, .kernel = decimal_kernel});
  }
  add("round", {tinyint, integer}, tinyint, &RoundIntegerDigits<int8_t>);
  add("round", {smallint, integer}, smallint, &RoundIntegerDigits<int16_t>);
  add("round", {integer, integer}, integer, &RoundIntegerDigits<int32_t>);
  add("round", {bigint, integer}, bigint, &RoundIntegerDigits<int64_t>);
  add("round", {real, integer}, real, &RoundFloatingDigits<float>);
  add("round", {dbl, integer}, dbl, &RoundFloatingDigits<double>);
  registry->Register(ScalarFunction{.name = "round", .parameters = {ParameterType::AnyDecimal(), integer},
                                    .return_type = {}, .compute_return_type = &DecimalRoundDigitsType, .kernel = &RoundDecimalDigits});
  // power, roots, logarithms
  add("power", {dbl, dbl}, dbl, &Power);
  add("pow", {dbl, dbl}, dbl, &Power);
  add("sqrt", {dbl}, dbl, &FloatingFunction<double, Sqrt>);
  add("cbrt", {dbl}, dbl, &FloatingFunction<double, Cbrt>);
  add("exp", {dbl}, dbl, &FloatingFunction<double, Exp>);
  add("ln", {dbl}, dbl, &FloatingFunction<double, Ln>);
  add("log10", {dbl}, dbl, &FloatingFunction<double, Log10>);
  // greatest, least: one type variable over every argument
  registry->Register(ScalarFunction{.name = "greatest", .parameters = {ParameterType::T()}, .variadic = true,
                                    .return_type = {}, .compute_return_type = &TypeVariableResult, .kernel = &ExtremeKernel<true>});
  registry->Register(ScalarFunction{.name = "least", .parameters = {ParameterType::T()}, .variadic = true,
                                    .return_type = {}, .compute_return_type = &TypeVariableResult, .kernel = &ExtremeKernel<false>});
  // random
  registry->Register(ScalarFunction{.name = "random", .parameters = {}, .return_type = dbl, .kernel = &RandomDouble, .deterministic = false});
  registry->Register(ScalarFunction{.name = "rand", .parameters = {}, .return_type = dbl, .kernel = &RandomDouble, .deterministic = false});
  registry->Register(ScalarFunction{.name = "random", .parameters = {bigint}, .return_type = bigint,
                                    .kernel = &RandomBounded, .deterministic = false});
}

}  // namespace sluice::sql
