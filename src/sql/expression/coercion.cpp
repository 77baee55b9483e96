#include "sql/expression/coercion.h"

#include <algorithm>

#include "core/error.h"

namespace sluice::sql {

namespace {

/// Position on the numeric widening ladder, or -1.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
      return 0;
    case TypeId::kSmallInt:
      return 1;
    case TypeId::kInteger:
      return 2;
    case TypeId::kBigInt:
      return 3;
    case TypeId::kDecimal:
      return 4;
    case TypeId::kReal:
      return 5;
    case TypeId::kDouble:
      return 6;
    default:
      return -1;
  }
}

int TemporalRank(TypeId id) {
  switch (id) {
    case TypeId::kDate:
      return 0;
    case TypeId::kTimestamp:
      return 1;
    case TypeId::kTimestampTz:
      return 2;
    default:
      return -1;
  }
}

int IntegerDigits(const DataType& decimal) { return decimal.precision() - decimal.scale(); }

/// decimal(p,s) fits in decimal(p',s') without losing digits.
bool DecimalFits(const DataType& from, const DataType& to) {
  return to.scale() >= from.scale() && IntegerDigits(to) >= IntegerDigits(from);
}

DataType CommonDecimal(const DataType& a, const DataType& b) {
  const int scale = std::max(a.scale(), b.scale());
  const int integer_digits = std::max(IntegerDigits(a), IntegerDigits(b));
  return DataType::Decimal(std::min(kMaxDecimalPrecision, scale + integer_digits), scale);
}

}  // namespace

DataType DecimalOf(const DataType& exact) {
  switch (exact.id()) {
    case TypeId::kTinyInt:
      return DataType::Decimal(3, 0);
    case TypeId::kSmallInt:
      return DataType::Decimal(5, 0);
    case TypeId::kInteger:
      return DataType::Decimal(10, 0);
    case TypeId::kBigInt:
      return DataType::Decimal(19, 0);
    case TypeId::kUnknown:
      return DataType::Decimal(1, 0);
    default:
      SLUICE_ASSERT(exact.id() == TypeId::kDecimal, "DecimalOf needs an exact numeric type");
      return exact;
  }
}

int CoercionCost(const DataType& from, const DataType& to) {
  if (from == to) return 0;
  if (from.id() == TypeId::kUnknown) return 1;
  const int from_rank = NumericRank(from.id()), to_rank = NumericRank(to.id());
  if (from_rank >= 0 && to_rank >= 0) {
    if (to.id() == TypeId::kDecimal) {
      if (from_rank > 4) return -1;
      if (!DecimalFits(DecimalOf(from), to)) return -1;
      return to_rank - from_rank + (from_rank == 4 ? 1 : 0);
    }
    return to_rank > from_rank ? to_rank - from_rank : -1;
  }
  const int from_time = TemporalRank(from.id()), to_time = TemporalRank(to.id());
  if (from_time >= 0 && to_time >= 0) return to_time > from_time ? to_time - from_time : -1;
  if (from.id() == to.id() && (from.is_string() || from.id() == TypeId::kTimestamp)) return 0;
  return -1;
}

bool CanCoerce(const DataType& from, const DataType& to) { return CoercionCost(from, to) >= 0; }

std::optional<DataType> CommonSuperType(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kUnknown) return b;
  if (b.id() == TypeId::kUnknown) return a;
  const int ra = NumericRank(a.id()), rb = NumericRank(b.id());
  if (ra >= 0 && rb >= 0) {
    if (ra <= 4 && rb <= 4 && (ra == 4 || rb == 4)) return CommonDecimal(DecimalOf(a), DecimalOf(b));
    return ra > rb ? a : b;
  }
  const int ta = TemporalRank(a.id()), tb = TemporalRank(b.id());
  if (ta >= 0 && tb >= 0) return ta > tb ? a : b;
  if (a.id() == b.id()) return a;  // varchar(n) vs varchar(m) and the like
  return std::nullopt;
}

std::optional<DataType> CommonSuperType(std::span<const DataType> types) {
  DataType result = DataType::Unknown();
  for (const DataType& type : types) {
    std::optional<DataType> common = CommonSuperType(result, type);
    if (!common) return std::nullopt;
    result = *common;
  }
  return result;
}

bool IsComparable(const DataType& type) { return !type.is_nested(); }

std::optional<DataType> ComparisonType(const DataType& left, bool left_is_string_literal,
                                       const DataType& right, bool right_is_string_literal) {
  if (left_is_string_literal && TemporalRank(right.id()) >= 0) return right;
  if (right_is_string_literal && TemporalRank(left.id()) >= 0) return left;
  std::optional<DataType> common = CommonSuperType(left, right);
  if (common && !IsComparable(*common)) return std::nullopt;
  return common;
}

DataType DecimalAddType(const DataType& a, const DataType& b) {
  const int scale = std::max(a.scale(), b.scale());
  const int precision = 1 + scale + std::max(IntegerDigits(a), IntegerDigits(b));
  return DataType::Decimal(std::min(kMaxDecimalPrecision, precision), scale);
}

DataType DecimalMultiplyType(const DataType& a, const DataType& b) {
  const int scale = a.scale() + b.scale();
  if (scale > kMaxDecimalPrecision) {
    throw BinderError("decimal scale of " + a.ToString() + " * " + b.ToString() +
                      " exceeds the maximum precision 38");
  }
  return DataType::Decimal(std::min(kMaxDecimalPrecision, a.precision() + b.precision()), scale);
}

DataType DecimalDivideType(const DataType& a, const DataType& b) {
  const int scale = std::max(a.scale(), b.scale());
  const int precision = a.precision() + b.scale() + std::max(0, b.scale() - a.scale());
  return DataType::Decimal(std::min(kMaxDecimalPrecision, std::max(precision, scale)), scale);
}

DataType DecimalModulusType(const DataType& a, const DataType& b) {
  const int scale = std::max(a.scale(), b.scale());
  const int precision = std::min(IntegerDigits(a), IntegerDigits(b)) + scale;
  return DataType::Decimal(std::min(kMaxDecimalPrecision, std::max(precision, 1)), scale);
}

}  // namespace sluice::sql
