#include "core/value.h"

#include <cmath>
#include <cstring>
#include <functional>

#include "core/calendar.h"
#include "core/error.h"
#include "core/value_format.h"

namespace sluice {

namespace {

constexpr __int128 MakePower(int n) {
  __int128 value = 1;
  for (int i = 0; i < n; ++i) value *= 10;
  return value;
}

struct PowerTable {
  __int128 values[39];
  constexpr PowerTable() : values{} {
    for (int i = 0; i <= 38; ++i) values[i] = MakePower(i);
  }
};
constexpr PowerTable kPowers;

bool IsExactNumber(const DataType& type) {
  return type.is_integer() || type.id() == TypeId::kDecimal;
}

/// Unscaled value of an exact number (integers have scale 0).
__int128 ExactUnscaled(const Value& v) {
  return v.type().id() == TypeId::kDecimal ? v.unscaled() : __int128{v.int64()};
}

double AsDouble(const Value& v) {
  switch (v.type().id()) {
    case TypeId::kReal:
    case TypeId::kDouble:
      return v.float64();
    case TypeId::kDecimal:
      return static_cast<double>(static_cast<long double>(v.unscaled()) /
                                 static_cast<long double>(kPowers.values[v.type().scale()]));
    default:
      return static_cast<double>(v.int64());
  }
}

template <typename T>
int Order(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

/// Doubles ordered as Trino orders them: NaN after everything, -0.0 == 0.0.
int OrderDouble(double a, double b) {
  bool a_nan = std::isnan(a), b_nan = std::isnan(b);
  if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
  return Order(a, b);
}

int64_t TemporalMicros(const Value& v) {
  switch (v.type().id()) {
    case TypeId::kDate:
      return v.int64() * kMicrosPerDay;
    case TypeId::kTimestampTz:
      return v.timestamp_tz().micros;
    default:
      return v.int64();
  }
}

bool IsTemporal(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
}

}  // namespace

__int128 PowerOfTen(int n) {
  SLUICE_ASSERT(n >= 0 && n <= 38, "power of ten out of range");
  return kPowers.values[n];
}

Value Value::Null(DataType type) {
  Value v;
  v.type_ = std::move(type);
  return v;
}

Value Value::NonNull(DataType type) {
  Value v;
  v.type_ = std::move(type);
  v.is_null_ = false;
  return v;
}

Value Value::Boolean(bool value) {
  Value v = NonNull(DataType::Boolean());
  v.int_ = value ? 1 : 0;
  return v;
}

Value Value::Integral(DataType type, int64_t value) {
  SLUICE_ASSERT(type.is_integer(), "Value::Integral needs an integer type");
  Value v = NonNull(std::move(type));
  v.int_ = value;
  return v;
}

Value Value::TinyInt(int8_t value) { return Integral(DataType::TinyInt(), value); }
Value Value::SmallInt(int16_t value) { return Integral(DataType::SmallInt(), value); }
Value Value::Integer(int32_t value) { return Integral(DataType::Integer(), value); }
Value Value::BigInt(int64_t value) { return Integral(DataType::BigInt(), value); }

Value Value::Real(float value) {
  Value v = NonNull(DataType::Real());
  v.double_ = value;
  return v;
}

Value Value::Double(double value) {
  Value v = NonNull(DataType::Double());
  v.double_ = value;
  return v;
}

Value Value::Decimal(__int128 unscaled, int precision, int scale) {
  Value v;
  v.type_ = DataType::Decimal(precision, scale);
  SLUICE_ASSERT(unscaled < kPowers.values[precision] && unscaled > -kPowers.values[precision],
                "decimal value exceeds its precision");
  v.is_null_ = false;
  v.decimal_ = unscaled;
  return v;
}

Value Value::Varchar(std::string_view value) {
  Value v = NonNull(DataType::Varchar());
  v.string_ = std::string(value);
  return v;
}

Value Value::Varbinary(std::string_view value) {
  Value v = Varchar(value);
  v.type_ = DataType::Varbinary();
  return v;
}

Value Value::Date(int32_t days) {
  Value v = NonNull(DataType::Date());
  v.int_ = days;
  return v;
}

Value Value::Timestamp(int64_t micros) {
  Value v = NonNull(DataType::Timestamp());
  v.int_ = micros;
  return v;
}

Value Value::TimestampTz(int64_t utc_micros, int32_t zone_id) {
  Value v = NonNull(DataType::TimestampTz());
  v.timestamp_tz_ = sluice::TimestampTz{utc_micros, zone_id, 0};
  return v;
}

Value Value::IntervalDayTime(int64_t millis) {
  Value v = NonNull(DataType::IntervalDayTime());
  v.int_ = millis;
  return v;
}

Value Value::IntervalYearMonth(int32_t months) {
  Value v = NonNull(DataType::IntervalYearMonth());
  v.int_ = months;
  return v;
}

Value Value::FromVector(const Vector& vector, size_t row) {
  const DataType& type = vector.type();
  if (vector.IsNull(row) || type.id() == TypeId::kUnknown) return Null(type);
  switch (type.id()) {
    case TypeId::kBoolean:
      return Boolean(vector.data<uint8_t>()[row] != 0);
    case TypeId::kTinyInt:
      return TinyInt(vector.data<int8_t>()[row]);
    case TypeId::kSmallInt:
      return SmallInt(vector.data<int16_t>()[row]);
    case TypeId::kInteger:
      return Integer(vector.data<int32_t>()[row]);
    case TypeId::kBigInt:
      return BigInt(vector.data<int64_t>()[row]);
    case TypeId::kReal:
      return Real(vector.data<float>()[row]);
    case TypeId::kDouble:
      return Double(vector.data<double>()[row]);
    case TypeId::kDecimal:
      return Decimal(type.is_short_decimal() ? __int128{vector.data<int64_t>()[row]}
                                             : vector.data<__int128>()[row],
                     type.precision(), type.scale());
    case TypeId::kVarchar:
      return Varchar(vector.GetString(row));
    case TypeId::kVarbinary:
      return Varbinary(vector.GetString(row));
    case TypeId::kDate:
      return Date(vector.data<int32_t>()[row]);
    case TypeId::kTimestamp:
      return Timestamp(vector.data<int64_t>()[row]);
    case TypeId::kTimestampTz: {
      const sluice::TimestampTz& tz = vector.data<sluice::TimestampTz>()[row];
      return TimestampTz(tz.micros, tz.zone_id);
    }
    case TypeId::kIntervalDayTime:
      return IntervalDayTime(vector.data<int64_t>()[row]);
    case TypeId::kIntervalYearMonth:
      return IntervalYearMonth(vector.data<int32_t>()[row]);
    default:
      throw NotImplementedError("values of type " + type.ToString() + " are not supported yet");
  }
}

void Value::WriteTo(Vector* vector, size_t row) const {
  const DataType& type = vector->type();
  if (is_null_ || type.id() == TypeId::kUnknown) {
    vector->SetNull(row);
    return;
  }
  vector->SetValid(row);
  switch (type.id()) {
    case TypeId::kBoolean:
      vector->data<uint8_t>()[row] = int_ != 0 ? 1 : 0;
      return;
    case TypeId::kTinyInt:
      vector->data<int8_t>()[row] = static_cast<int8_t>(int_);
      return;
    case TypeId::kSmallInt:
      vector->data<int16_t>()[row] = static_cast<int16_t>(int_);
      return;
    case TypeId::kInteger:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      vector->data<int32_t>()[row] = static_cast<int32_t>(int_);
      return;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kIntervalDayTime:
      vector->data<int64_t>()[row] = int_;
      return;
    case TypeId::kReal:
      vector->data<float>()[row] = static_cast<float>(double_);
      return;
    case TypeId::kDouble:
      vector->data<double>()[row] = double_;
      return;
    case TypeId::kDecimal:
      if (type.is_short_decimal()) {
        vector->data<int64_t>()[row] = static_cast<int64_t>(decimal_);
      } else {
        vector->data<__int128>()[row] = decimal_;
      }
      return;
    case TypeId::kVarchar:
    case TypeId::kVarbinary:
      vector->SetString(row, string_);
      return;
    case TypeId::kTimestampTz:
      vector->data<sluice::TimestampTz>()[row] = timestamp_tz_;
      return;
    default:
      throw NotImplementedError("values of type " + type.ToString() + " are not supported yet");
  }
}

std::string Value::ToString() const {
  if (is_null_) return "NULL";
  std::string out;
  switch (type_.id()) {
    case TypeId::kBoolean:
      AppendBoolean(&out, int_ != 0);
      break;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      AppendInt64(&out, int_);
      break;
    case TypeId::kReal:
      AppendFloat(&out, static_cast<float>(double_));
      break;
    case TypeId::kDouble:
      AppendDouble(&out, double_);
      break;
    case TypeId::kDecimal:
      AppendDecimal(&out, decimal_, type_.scale());
      break;
    case TypeId::kVarchar:
      out = string_;
      break;
    case TypeId::kVarbinary:
      AppendHex(&out, string_);
      break;
    case TypeId::kDate:
      AppendDate(&out, static_cast<int32_t>(int_));
      break;
    case TypeId::kTimestamp:
      AppendTimestamp(&out, int_, FractionStyle::kFixed);
      break;
    case TypeId::kTimestampTz:
      AppendTimestampTz(&out, timestamp_tz_, FractionStyle::kFixed, ZoneStyle::kSpaceName);
      break;
    case TypeId::kIntervalDayTime:
      AppendIntervalDayTime(&out, int_);
      break;
    case TypeId::kIntervalYearMonth:
      AppendIntervalYearMonth(&out, static_cast<int32_t>(int_));
      break;
    default:
      out = "?";
  }
  return out;
}

std::string Value::ToSqlLiteral() const {
  if (is_null_) {
    return type_.id() == TypeId::kUnknown ? "NULL" : "CAST(NULL AS " + type_.ToString() + ")";
  }
  auto quoted = [](std::string_view text) {
    std::string out = "'";
    for (char c : text) {
      if (c == '\'') out.push_back('\'');
      out.push_back(c);
    }
    out.push_back('\'');
    return out;
  };
  switch (type_.id()) {
    case TypeId::kBoolean:
      return int_ != 0 ? "TRUE" : "FALSE";
    case TypeId::kInteger:
      return ToString();
    case TypeId::kBigInt:
      return int_ >= INT32_MIN && int_ <= INT32_MAX ? "BIGINT '" + ToString() + "'" : ToString();
    case TypeId::kTinyInt:
      return "TINYINT '" + ToString() + "'";
    case TypeId::kSmallInt:
      return "SMALLINT '" + ToString() + "'";
    case TypeId::kReal:
      return "REAL '" + ToString() + "'";
    case TypeId::kDouble:
      return std::isfinite(double_) ? "DOUBLE '" + ToString() + "'"
                                    : "CAST('" + ToString() + "' AS double)";
    case TypeId::kDecimal:
      return "DECIMAL '" + ToString() + "'";
    case TypeId::kVarchar:
      return quoted(string_);
    case TypeId::kVarbinary:
      return "X'" + ToString() + "'";
    case TypeId::kDate:
      return "DATE '" + ToString() + "'";
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + ToString() + "'";
    case TypeId::kTimestampTz:
      return "TIMESTAMP '" + ToString() + "'";
    case TypeId::kIntervalDayTime:
      return "INTERVAL '" + ToString() + "' DAY TO SECOND";
    case TypeId::kIntervalYearMonth:
      return "INTERVAL '" + ToString() + "' YEAR TO MONTH";
    default:
      return ToString();
  }
}

int Value::Compare(const Value& a, const Value& b) {
  if (a.is_null_ || b.is_null_) return a.is_null_ == b.is_null_ ? 0 : (a.is_null_ ? 1 : -1);
  const TypeId ta = a.type_.id(), tb = b.type_.id();
  if (IsExactNumber(a.type_) && IsExactNumber(b.type_)) {
    const int sa = ta == TypeId::kDecimal ? a.type_.scale() : 0;
    const int sb = tb == TypeId::kDecimal ? b.type_.scale() : 0;
    __int128 ua = ExactUnscaled(a), ub = ExactUnscaled(b);
    // Both fit 38 digits; rescaling the one with fewer fractional digits can overflow
    // only when the values differ widely, so fall back to doubles then.
    __int128 scaled;
    if (sa < sb) {
      if (!__builtin_mul_overflow(ua, kPowers.values[sb - sa], &scaled)) return Order(scaled, ub);
    } else if (sb < sa) {
      if (!__builtin_mul_overflow(ub, kPowers.values[sa - sb], &scaled)) return Order(ua, scaled);
    } else {
      return Order(ua, ub);
    }
    return OrderDouble(AsDouble(a), AsDouble(b));
  }
  if (a.type_.is_numeric() && b.type_.is_numeric()) return OrderDouble(AsDouble(a), AsDouble(b));
  if (ta == TypeId::kBoolean && tb == TypeId::kBoolean) return Order(a.int_, b.int_);
  if (a.type_.is_string() && b.type_.is_string()) {
    int c = a.string_.compare(b.string_);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (IsTemporal(ta) && IsTemporal(tb)) return Order(TemporalMicros(a), TemporalMicros(b));
  SLUICE_ASSERT(ta == tb, "Value::Compare of incomparable types");
  if (a.type_.is_interval()) return Order(a.int_, b.int_);
  return 0;
}

size_t Value::Hash() const {
  if (is_null_) return 0x9e3779b97f4a7c15ULL;
  switch (type_.id()) {
    case TypeId::kReal:
    case TypeId::kDouble: {
      double d = double_ == 0 ? 0.0 : double_;  // -0.0 equals 0.0
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      return std::hash<double>()(d);
    }
    case TypeId::kDecimal: {
      // Strip trailing zeros of the fraction so that 1.50 and 1.5 hash alike.
      __int128 u = decimal_;
      int scale = type_.scale();
      while (scale > 0 && u % 10 == 0) {
        u /= 10;
        --scale;
      }
      const uint64_t lo = static_cast<uint64_t>(u), hi = static_cast<uint64_t>(u >> 64);
      return std::hash<uint64_t>()(lo ^ (hi * 0x9e3779b97f4a7c15ULL)) ^ static_cast<size_t>(scale);
    }
    case TypeId::kVarchar:
    case TypeId::kVarbinary:
      return std::hash<std::string_view>()(string_);
    case TypeId::kTimestampTz:
      return std::hash<int64_t>()(timestamp_tz_.micros);
    case TypeId::kDate:
      return std::hash<int64_t>()(int_ * kMicrosPerDay);
    default:
      return std::hash<int64_t>()(int_);
  }
}

}  // namespace sluice
