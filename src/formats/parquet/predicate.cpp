#include "formats/parquet/predicate.h"

#include <cmath>

#include "core/calendar.h"
#include "core/value_format.h"

namespace sluice::parquet {

namespace {

constexpr int64_t kMicrosPerDayValue = int64_t{86400} * 1000 * 1000;

bool IsExactNumber(const DataType& type) { return type.is_integer() || type.id() == TypeId::kDecimal; }
bool IsFloating(const DataType& type) { return type.id() == TypeId::kReal || type.id() == TypeId::kDouble; }

template <typename T>
int ThreeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

long double AsLongDouble(const ScalarValue& value) {
  if (IsFloating(value.type)) return value.floating;
  long double result = static_cast<long double>(value.integer);
  for (int i = 0; i < value.type.scale(); ++i) result /= 10;
  return result;
}

/// Exact comparison of two unscaled decimals with different scales when rescaling fits.
std::optional<int> CompareExact(const ScalarValue& a, const ScalarValue& b) {
  int scale_a = a.type.scale(), scale_b = b.type.scale();
  __int128 x = a.integer, y = b.integer;
  constexpr __int128 kLimit = static_cast<__int128>(1) << 100;
  while (scale_a < scale_b) {
    if (x > kLimit || x < -kLimit) return std::nullopt;
    x *= 10;
    ++scale_a;
  }
  while (scale_b < scale_a) {
    if (y > kLimit || y < -kLimit) return std::nullopt;
    y *= 10;
    ++scale_b;
  }
  return ThreeWay(x, y);
}

}  // namespace

ScalarValue ScalarValue::Null(DataType type) {
  ScalarValue value;
  value.type = type;
  return value;
}

ScalarValue ScalarValue::Boolean(bool v) { return Integer(DataType::Boolean(), v ? 1 : 0); }
ScalarValue ScalarValue::BigInt(int64_t v) { return Integer(DataType::BigInt(), v); }

ScalarValue ScalarValue::Integer(DataType type, __int128 v) {
  ScalarValue value;
  value.type = type;
  value.is_null = false;
  value.integer = v;
  return value;
}

ScalarValue ScalarValue::Double(double v) { return Floating(DataType::Double(), v); }

ScalarValue ScalarValue::Floating(DataType type, double v) {
  ScalarValue value;
  value.type = type;
  value.is_null = false;
  value.floating = v;
  return value;
}

ScalarValue ScalarValue::Varchar(std::string v) { return Bytes(DataType::Varchar(), std::move(v)); }

ScalarValue ScalarValue::Bytes(DataType type, std::string v) {
  ScalarValue value;
  value.type = type;
  value.is_null = false;
  value.bytes = std::move(v);
  return value;
}

std::string ScalarValue::ToString() const {
  if (is_null) return "NULL";
  std::string out;
  switch (type.id()) {
    case TypeId::kBoolean: AppendBoolean(&out, integer != 0); break;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: AppendInt128(&out, integer); break;
    case TypeId::kDecimal: AppendDecimal(&out, integer, type.scale()); break;
    case TypeId::kReal: AppendFloat(&out, static_cast<float>(floating)); break;
    case TypeId::kDouble: AppendDouble(&out, floating); break;
    case TypeId::kDate: AppendDate(&out, static_cast<int32_t>(integer)); break;
    case TypeId::kTimestamp: AppendTimestamp(&out, static_cast<int64_t>(integer), FractionStyle::kTrimmed); break;
    case TypeId::kTimestampTz:
      AppendTimestampTz(&out, TimestampTz{static_cast<int64_t>(integer), 0, 0}, FractionStyle::kTrimmed,
                        ZoneStyle::kSpaceName);
      break;
    case TypeId::kVarchar: out = bytes; break;
    case TypeId::kVarbinary: AppendHex(&out, bytes); break;
    default: out = "?"; break;
  }
  return out;
}

std::optional<int> CompareScalars(const ScalarValue& a, const ScalarValue& b) {
  if (a.is_null || b.is_null) return std::nullopt;
  const DataType& x = a.type;
  const DataType& y = b.type;
  if ((IsFloating(x) && std::isnan(a.floating)) || (IsFloating(y) && std::isnan(b.floating))) {
    return std::nullopt;
  }
  if (x.is_string() && y.is_string()) return ThreeWay(a.bytes, b.bytes);
  if (x.id() == TypeId::kBoolean && y.id() == TypeId::kBoolean) return ThreeWay(a.integer, b.integer);
  if (IsExactNumber(x) && IsExactNumber(y)) {
    if (x.scale() == y.scale()) return ThreeWay(a.integer, b.integer);
    if (auto result = CompareExact(a, b)) return result;
    return ThreeWay(AsLongDouble(a), AsLongDouble(b));
  }
  if ((IsExactNumber(x) || IsFloating(x)) && (IsExactNumber(y) || IsFloating(y))) {
    return ThreeWay(AsLongDouble(a), AsLongDouble(b));
  }
  auto micros = [](const ScalarValue& v) {
    return v.type.id() == TypeId::kDate ? v.integer * kMicrosPerDayValue : v.integer;
  };
  bool x_local = x.id() == TypeId::kDate || x.id() == TypeId::kTimestamp;
  bool y_local = y.id() == TypeId::kDate || y.id() == TypeId::kTimestamp;
  if (x_local && y_local) return ThreeWay(micros(a), micros(b));
  if (x.id() == TypeId::kTimestampTz && y.id() == TypeId::kTimestampTz) return ThreeWay(a.integer, b.integer);
  return std::nullopt;
}

const char* CompareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEqual: return "=";
    case CompareOp::kLess: return "<";
    case CompareOp::kLessEqual: return "<=";
    case CompareOp::kGreater: return ">";
    case CompareOp::kGreaterEqual: return ">=";
    case CompareOp::kIsNull: return "IS NULL";
    case CompareOp::kIsNotNull: return "IS NOT NULL";
  }
  return "?";
}

bool MayMatch(const ColumnPredicate& predicate, const ValueRange& range) {
  if (range.num_rows == 0) return false;
  const bool all_null = range.null_count && *range.null_count >= range.num_rows;
  switch (predicate.op) {
    case CompareOp::kIsNull: return !range.null_count || *range.null_count > 0;
    case CompareOp::kIsNotNull: return !all_null;
    default: break;
  }
  if (predicate.value.is_null) return false;  // A comparison with NULL is never true.
  if (all_null) return false;
  if (!range.min || !range.max) return true;
  std::optional<int> vs_min = CompareScalars(predicate.value, *range.min);
  std::optional<int> vs_max = CompareScalars(predicate.value, *range.max);
  if (!vs_min || !vs_max) return true;
  switch (predicate.op) {
    case CompareOp::kEqual: return *vs_min >= 0 && *vs_max <= 0;   // min <= v <= max
    case CompareOp::kLess: return *vs_min > 0;                      // min < v
    case CompareOp::kLessEqual: return *vs_min >= 0;                // min <= v
    case CompareOp::kGreater: return *vs_max < 0;                   // max > v
    case CompareOp::kGreaterEqual: return *vs_max <= 0;             // max >= v
    default: return true;
  }
}

}  // namespace sluice::parquet
