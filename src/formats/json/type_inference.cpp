#include "formats/json/type_inference.h"

#include <algorithm>

#include "core/time_zone.h"
#include "core/value_parse.h"

namespace sluice::json {

namespace {

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

/// Significant digits of a BIGINT: enough for every value it holds.
constexpr int kBigIntDigits = 19;

}  // namespace

bool ClassifyNumber(std::string_view token, ValueShape* shape) {
  const char* p = token.data();
  const char* end = p + token.size();
  if (p != end && *p == '-') ++p;
  if (p == end || !IsDigit(*p)) return false;
  const char* integer_start = p;
  if (*p == '0') {
    ++p;  // JSON allows no other leading zero
  } else {
    while (p != end && IsDigit(*p)) ++p;
  }
  int integer_digits = (*integer_start == '0') ? 0 : static_cast<int>(p - integer_start);
  int fraction_digits = 0;
  bool has_fraction = false;
  bool has_exponent = false;
  if (p != end && *p == '.') {
    ++p;
    const char* fraction_start = p;
    while (p != end && IsDigit(*p)) ++p;
    if (p == fraction_start) return false;
    fraction_digits = static_cast<int>(p - fraction_start);
    has_fraction = true;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    const char* exponent_start = p;
    while (p != end && IsDigit(*p)) ++p;
    if (p == exponent_start) return false;
    has_exponent = true;
  }
  if (p != end) return false;
  *shape = ValueShape{};
  if (has_exponent) {
    shape->kind = ValueKind::kFloat;
    return true;
  }
  shape->integer_digits = integer_digits;
  if (has_fraction) {
    shape->kind = ValueKind::kDecimal;
    shape->fraction_digits = fraction_digits;
    return true;
  }
  shape->kind = ValueKind::kInteger;
  if (integer_digits >= kBigIntDigits) {
    int64_t ignored;
    shape->fits_int64 = integer_digits == kBigIntDigits && ParseInt64(token, &ignored);
  }
  return true;
}

bool HasIsoDateShape(std::string_view text) {
  if (text.size() < 10) return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return false;
  }
  if (text[4] != '-' || text[7] != '-') return false;
  if (text.size() == 10) return true;
  char next = text[10];
  return next == ' ' || next == 'T' || next == 'Z' || next == '+' || next == '-';
}

ValueKind ClassifyString(std::string_view text) {
  if (text == "NaN" || text == "Infinity" || text == "-Infinity") return ValueKind::kSpecialFloat;
  if (!HasIsoDateShape(text)) return ValueKind::kString;
  if (text.size() == 10) {
    int32_t days;
    return ParseDate(text, &days) ? ValueKind::kDate : ValueKind::kString;
  }
  int64_t micros;
  if (ParseTimestamp(text, &micros)) return ValueKind::kTimestamp;
  TimestampTz value;
  if (ParseTimestampTz(text, kUtcZoneId, /*require_zone=*/true, &value)) {
    return ValueKind::kTimestampTz;
  }
  return ValueKind::kString;
}

TypeSummary TypeSummary::Of(const DataType& type) {
  TypeSummary summary;
  ValueShape shape;
  switch (type.id()) {
    case TypeId::kUnknown: return summary;
    case TypeId::kBoolean: shape.kind = ValueKind::kBoolean; break;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      shape.kind = ValueKind::kInteger;
      shape.integer_digits = kBigIntDigits;
      break;
    case TypeId::kDecimal:
      shape.kind = type.scale() > 0 ? ValueKind::kDecimal : ValueKind::kInteger;
      shape.integer_digits = type.precision() - type.scale();
      shape.fraction_digits = type.scale();
      shape.fits_int64 = type.precision() < kBigIntDigits;
      break;
    case TypeId::kReal:
    case TypeId::kDouble: shape.kind = ValueKind::kFloat; break;
    case TypeId::kDate: shape.kind = ValueKind::kDate; break;
    case TypeId::kTimestamp: shape.kind = ValueKind::kTimestamp; break;
    case TypeId::kTimestampTz: shape.kind = ValueKind::kTimestampTz; break;
    default: shape.kind = ValueKind::kString; break;
  }
  summary.Add(shape);
  return summary;
}

void TypeSummary::Add(const ValueShape& shape) {
  if (shape.kind == ValueKind::kNull) return;
  kinds_ |= Bit(shape.kind);
  if (shape.kind == ValueKind::kInteger || shape.kind == ValueKind::kDecimal) {
    integer_digits_ = std::max(integer_digits_, shape.integer_digits);
    fraction_digits_ = std::max(fraction_digits_, shape.fraction_digits);
    if (shape.kind == ValueKind::kInteger && !shape.fits_int64) beyond_int64_ = true;
  }
}

DataType TypeSummary::Resolve(std::string* reason) const {
  auto explain = [reason](const char* text) {
    if (reason != nullptr) *reason = text;
  };
  explain("");
  if (kinds_ == 0) {
    explain("only nulls");
    return DataType::Varchar();
  }
  const uint32_t numbers =
      Bit(ValueKind::kInteger) | Bit(ValueKind::kDecimal) | Bit(ValueKind::kFloat);
  const uint32_t temporals =
      Bit(ValueKind::kDate) | Bit(ValueKind::kTimestamp) | Bit(ValueKind::kTimestampTz);
  // "NaN"/"Infinity" are numbers beside numbers, plain strings otherwise.
  uint32_t kinds = kinds_;
  bool special_is_number = (kinds & numbers) != 0;
  if (Has(ValueKind::kSpecialFloat) && !special_is_number) {
    kinds = (kinds & ~Bit(ValueKind::kSpecialFloat)) | Bit(ValueKind::kString);
  }
  int families = ((kinds & Bit(ValueKind::kBoolean)) != 0) +
                 ((kinds & (numbers | Bit(ValueKind::kSpecialFloat))) != 0) +
                 ((kinds & temporals) != 0) + ((kinds & Bit(ValueKind::kString)) != 0) +
                 ((kinds & Bit(ValueKind::kNested)) != 0);
  if (families > 1) {
    explain("mixes kinds of values (kept as JSON text)");
    return DataType::Varchar();
  }
  if (kinds & Bit(ValueKind::kBoolean)) return DataType::Boolean();
  if (kinds & Bit(ValueKind::kNested)) {
    explain("objects or arrays (kept as JSON text)");
    return DataType::Varchar();
  }
  if (kinds & Bit(ValueKind::kString)) return DataType::Varchar();
  if (kinds & temporals) {
    if (kinds & Bit(ValueKind::kTimestampTz)) {
      if (kinds == Bit(ValueKind::kTimestampTz)) return DataType::TimestampTz();
      explain("mixes timestamps with and without a zone");
      return DataType::Varchar();
    }
    if (kinds & Bit(ValueKind::kTimestamp)) return DataType::Timestamp();
    return DataType::Date();
  }
  // Numbers.
  if (kinds & (Bit(ValueKind::kFloat) | Bit(ValueKind::kSpecialFloat))) return DataType::Double();
  if ((kinds & Bit(ValueKind::kDecimal)) || beyond_int64_) {
    int precision = integer_digits_ + fraction_digits_;
    if (precision > kMaxDecimalPrecision) {
      explain("needs more than 38 digits");
      return DataType::Double();
    }
    return DataType::Decimal(std::max(precision, 1), fraction_digits_);
  }
  return DataType::BigInt();
}

bool ShapeFits(const DataType& type, const ValueShape& shape) {
  ValueKind kind = shape.kind;
  if (kind == ValueKind::kNull) return true;
  switch (type.id()) {
    case TypeId::kBoolean: return kind == ValueKind::kBoolean;
    case TypeId::kBigInt: return kind == ValueKind::kInteger && shape.fits_int64;
    case TypeId::kDecimal:
      return (kind == ValueKind::kInteger || kind == ValueKind::kDecimal) &&
             shape.integer_digits <= type.precision() - type.scale() &&
             shape.fraction_digits <= type.scale();
    case TypeId::kReal:
    case TypeId::kDouble:
      return kind == ValueKind::kInteger || kind == ValueKind::kDecimal ||
             kind == ValueKind::kFloat || kind == ValueKind::kSpecialFloat;
    case TypeId::kDate: return kind == ValueKind::kDate;
    case TypeId::kTimestamp: return kind == ValueKind::kDate || kind == ValueKind::kTimestamp;
    case TypeId::kTimestampTz: return kind == ValueKind::kTimestampTz;
    case TypeId::kVarchar: return true;
    default: return false;
  }
}

}  // namespace sluice::json
