// DOUBLE-valued math beyond the basics: trigonometric and hyperbolic functions, log2 and
// log(b, x), degrees/radians, the constants pi(), e(), infinity(), nan(), and the
// predicates is_nan, is_finite, is_infinite. IEEE semantics as Trino (Java's Math): no
// errors, NaN or ±Infinity outside a function's domain.

#include <cmath>
#include <limits>
#include <numbers>

#include "sql/expression/function_registry.h"
#include "sql/expression/functions/builtin_functions.h"

namespace sluice::sql {

namespace {

template <double (*kFunction)(double)>
void UnaryDouble(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  double* result = out->data<double>();
  rows.ForEach([&](uint32_t row) { result[row] = kFunction(args[0].Get<double>(row)); });
}

template <double (*kFunction)(double, double)>
void BinaryDouble(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  double* result = out->data<double>();
  rows.ForEach([&](uint32_t row) { result[row] = kFunction(args[0].Get<double>(row), args[1].Get<double>(row)); });
}

template <bool (*kPredicate)(double)>
void DoublePredicate(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  uint8_t* result = out->data<uint8_t>();
  rows.ForEach([&](uint32_t row) { result[row] = kPredicate(args[0].Get<double>(row)) ? 1 : 0; });
}

template <double kValue>
void ConstantDouble(const KernelContext&, std::span<const Operand>, const Rows& rows, Vector* out) {
  double* result = out->data<double>();
  rows.ForEach([&](uint32_t row) { result[row] = kValue; });
}

void NanKernel(const KernelContext&, std::span<const Operand>, const Rows& rows, Vector* out) {
  double* result = out->data<double>();
  rows.ForEach([&](uint32_t row) { result[row] = std::numeric_limits<double>::quiet_NaN(); });
}

double Sin(double v) { return std::sin(v); }
double Cos(double v) { return std::cos(v); }
double Tan(double v) { return std::tan(v); }
double Asin(double v) { return std::asin(v); }
double Acos(double v) { return std::acos(v); }
double Atan(double v) { return std::atan(v); }
double Sinh(double v) { return std::sinh(v); }
double Cosh(double v) { return std::cosh(v); }
double Tanh(double v) { return std::tanh(v); }
double Atan2(double y, double x) { return std::atan2(y, x); }
double Log2(double v) { return std::log2(v); }
/// log(b, x) = ln(x) / ln(b), as Trino's MathFunctions.log.
double LogBase(double base, double v) { return std::log(v) / std::log(base); }
double Degrees(double v) { return v * (180.0 / std::numbers::pi); }
double Radians(double v) { return v / 180.0 * std::numbers::pi; }
bool IsNan(double v) { return std::isnan(v); }
bool IsFinite(double v) { return std::isfinite(v); }
bool IsInfinite(double v) { return std::isinf(v); }

}  // namespace

void RegisterFloatingFunctions(FunctionRegistry* registry) {
  const DataType dbl = DataType::Double();
  auto add = [&](const char* name, std::vector<ParameterType> params, DataType ret, ScalarKernel kernel) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(params), .return_type = std::move(ret), .kernel = kernel});
  };
  add("sin", {dbl}, dbl, &UnaryDouble<Sin>);
  add("cos", {dbl}, dbl, &UnaryDouble<Cos>);
  add("tan", {dbl}, dbl, &UnaryDouble<Tan>);
  add("asin", {dbl}, dbl, &UnaryDouble<Asin>);
  add("acos", {dbl}, dbl, &UnaryDouble<Acos>);
  add("atan", {dbl}, dbl, &UnaryDouble<Atan>);
  add("sinh", {dbl}, dbl, &UnaryDouble<Sinh>);
  add("cosh", {dbl}, dbl, &UnaryDouble<Cosh>);
  add("tanh", {dbl}, dbl, &UnaryDouble<Tanh>);
  add("atan2", {dbl, dbl}, dbl, &BinaryDouble<Atan2>);
  add("log2", {dbl}, dbl, &UnaryDouble<Log2>);
  add("log", {dbl, dbl}, dbl, &BinaryDouble<LogBase>);
  add("degrees", {dbl}, dbl, &UnaryDouble<Degrees>);
  add("radians", {dbl}, dbl, &UnaryDouble<Radians>);
  add("pi", {}, dbl, &ConstantDouble<std::numbers::pi>);
  add("e", {}, dbl, &ConstantDouble<std::numbers::e>);
  add("infinity", {}, dbl, &ConstantDouble<std::numeric_limits<double>::infinity()>);
  add("nan", {}, dbl, &NanKernel);
  add("is_nan", {dbl}, DataType::Boolean(), &DoublePredicate<IsNan>);
  add("is_finite", {dbl}, DataType::Boolean(), &DoublePredicate<IsFinite>);
  add("is_infinite", {dbl}, DataType::Boolean(), &DoublePredicate<IsInfinite>);
}

}  // namespace sluice::sql
