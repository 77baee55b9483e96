#include "formats/json/value_store.h"

#include <charconv>
#include <cmath>

#include "core/base64.h"
#include "core/time_zone.h"
#include "core/value_parse.h"

namespace sluice::json {

namespace {

bool IntegerInRange(TypeId id, int64_t value) {
  switch (id) {
    case TypeId::kTinyInt: return value >= INT8_MIN && value <= INT8_MAX;
    case TypeId::kSmallInt: return value >= INT16_MIN && value <= INT16_MAX;
    case TypeId::kInteger: return value >= INT32_MIN && value <= INT32_MAX;
    default: return true;
  }
}

void StoreInteger(Vector& vector, size_t row, int64_t value) {
  switch (vector.type().id()) {
    case TypeId::kTinyInt: vector.data<int8_t>()[row] = static_cast<int8_t>(value); return;
    case TypeId::kSmallInt: vector.data<int16_t>()[row] = static_cast<int16_t>(value); return;
    case TypeId::kInteger: vector.data<int32_t>()[row] = static_cast<int32_t>(value); return;
    default: vector.data<int64_t>()[row] = value; return;
  }
}

void StoreDecimal(Vector& vector, size_t row, __int128 unscaled) {
  if (vector.type().is_short_decimal()) {
    vector.data<int64_t>()[row] = static_cast<int64_t>(unscaled);
  } else {
    vector.data<__int128>()[row] = unscaled;
  }
}

/// A decimal from text, rounding extra digits; numbers with an exponent go through
/// a double (exact enough for what such numbers carry).
bool ParseDecimalText(std::string_view text, const DataType& type, __int128* out) {
  if (ParseDecimal(text, type.precision(), type.scale(), out)) return true;
  double value;
  if (text.find_first_of("eE") == std::string_view::npos || !ParseDouble(text, &value) ||
      !std::isfinite(value)) {
    return false;
  }
  long double scaled = std::roundl(static_cast<long double>(value) *
                                   std::pow(10.0L, static_cast<long double>(type.scale())));
  if (std::fabs(scaled) >= std::pow(10.0L, static_cast<long double>(type.precision()))) {
    return false;
  }
  *out = static_cast<__int128>(scaled);
  return true;
}

/// Inferred temporal columns take only ISO-shaped strings, as inference did.
bool StoreTemporalStrict(std::string_view text, Vector& vector, size_t row) {
  if (!HasIsoDateShape(text)) return false;
  switch (vector.type().id()) {
    case TypeId::kDate: return text.size() == 10 && ParseDate(text, &vector.data<int32_t>()[row]);
    case TypeId::kTimestamp: return ParseTimestamp(text, &vector.data<int64_t>()[row]);
    case TypeId::kTimestampTz:
      return ParseTimestampTz(text, kUtcZoneId, /*require_zone=*/true,
                              &vector.data<TimestampTz>()[row]);
    default: return false;
  }
}

}  // namespace

StoreOutcome ValueStore::Store(ondemand::value& value, bool explicit_type, Vector& vector,
                               size_t row) {
  StoreOutcome outcome = StoreValue(value, explicit_type, vector, row);
  if (outcome == StoreOutcome::kInvalid) error_at_ = value.raw_json_token().data();
  return outcome;
}

StoreOutcome ValueStore::StoreValue(ondemand::value& value, bool explicit_type, Vector& vector,
                                    size_t row) {
  ondemand::json_type type;
  if ((error_ = value.type().get(type))) return StoreOutcome::kInvalid;
  if (type == ondemand::json_type::null) {
    bool is_null;
    if ((error_ = value.is_null().get(is_null))) return StoreOutcome::kInvalid;
    if (!is_null) {
      error_ = simdjson::N_ATOM_ERROR;
      return StoreOutcome::kInvalid;
    }
    vector.SetNull(row);
    return StoreOutcome::kStored;
  }
  vector.SetValid(row);
  return explicit_type ? StoreExplicit(value, type, vector, row)
                       : StoreInferred(value, type, vector, row);
}

StoreOutcome ValueStore::StoreInferred(ondemand::value& value, ondemand::json_type type,
                                       Vector& vector, size_t row) {
  const DataType& target = vector.type();
  switch (target.id()) {
    case TypeId::kVarchar: return StoreJsonText(value, type, vector, row);
    case TypeId::kBigInt:
      if (type == ondemand::json_type::number &&
          !value.get_int64().get(vector.data<int64_t>()[row])) {
        return StoreOutcome::kStored;
      }
      break;
    case TypeId::kBoolean:
      if (type == ondemand::json_type::boolean) {
        bool flag;
        if ((error_ = value.get_bool().get(flag))) return StoreOutcome::kInvalid;
        vector.data<uint8_t>()[row] = flag ? 1 : 0;
        return StoreOutcome::kStored;
      }
      break;
    case TypeId::kDouble:
      if (type == ondemand::json_type::number) {
        if (!value.get_double().get(vector.data<double>()[row])) return StoreOutcome::kStored;
        std::string_view token = TrimJsonSpace(value.raw_json_token());
        if (!ClassifyNumber(token, &shape_) || !ParseDouble(token, &vector.data<double>()[row])) {
          error_ = simdjson::NUMBER_ERROR;
          return StoreOutcome::kInvalid;
        }
        return StoreOutcome::kStored;
      }
      if (type == ondemand::json_type::string) {
        std::string_view text;
        bool in_block;
        if ((error_ = ReadString(value, &text, &in_block))) return StoreOutcome::kInvalid;
        shape_ = ValueShape{ClassifyString(text)};
        if (shape_.kind == ValueKind::kSpecialFloat &&
            ParseDouble(text, &vector.data<double>()[row])) {
          return StoreOutcome::kStored;
        }
        return StoreOutcome::kWiden;
      }
      break;
    case TypeId::kDecimal:
      if (type == ondemand::json_type::number) {
        std::string_view token = TrimJsonSpace(value.raw_json_token());
        if (!ClassifyNumber(token, &shape_)) {
          error_ = simdjson::NUMBER_ERROR;
          return StoreOutcome::kInvalid;
        }
        __int128 unscaled;
        if (!ShapeFits(target, shape_) ||
            !ParseDecimal(token, target.precision(), target.scale(), &unscaled)) {
          return StoreOutcome::kWiden;
        }
        StoreDecimal(vector, row, unscaled);
        return StoreOutcome::kStored;
      }
      break;
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      if (type == ondemand::json_type::string) {
        std::string_view text;
        bool in_block;
        if ((error_ = ReadString(value, &text, &in_block))) return StoreOutcome::kInvalid;
        if (StoreTemporalStrict(text, vector, row)) return StoreOutcome::kStored;
        shape_ = ValueShape{ClassifyString(text)};
        return StoreOutcome::kWiden;
      }
      break;
    default: break;
  }
  if ((error_ = ShapeOf(value, &shape_))) return StoreOutcome::kInvalid;
  return StoreOutcome::kWiden;
}

StoreOutcome ValueStore::StoreExplicit(ondemand::value& value, ondemand::json_type type,
                                       Vector& vector, size_t row) {
  const DataType& target = vector.type();
  // Fast paths for the JSON kind that matches the type.
  switch (target.id()) {
    case TypeId::kUnknown: vector.SetNull(row); return StoreOutcome::kStored;
    case TypeId::kVarchar: return StoreJsonText(value, type, vector, row);
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      int64_t integer;
      if (type == ondemand::json_type::number && !value.get_int64().get(integer) &&
          IntegerInRange(target.id(), integer)) {
        StoreInteger(vector, row, integer);
        return StoreOutcome::kStored;
      }
      break;
    }
    case TypeId::kDouble:
      if (type == ondemand::json_type::number &&
          !value.get_double().get(vector.data<double>()[row])) {
        return StoreOutcome::kStored;
      }
      break;
    case TypeId::kReal:
      if (type == ondemand::json_type::number) {
        std::string_view token = TrimJsonSpace(value.raw_json_token());
        float* out = &vector.data<float>()[row];
        auto result = std::from_chars(token.data(), token.data() + token.size(), *out);
        if (result.ec == std::errc() && result.ptr == token.data() + token.size()) {
          return StoreOutcome::kStored;
        }
      }
      break;
    case TypeId::kBoolean:
      if (type == ondemand::json_type::boolean) {
        bool flag;
        if ((error_ = value.get_bool().get(flag))) return StoreOutcome::kInvalid;
        vector.data<uint8_t>()[row] = flag ? 1 : 0;
        return StoreOutcome::kStored;
      }
      break;
    default: break;
  }
  // Otherwise convert the scalar's text: "42" → 42, 1 → true, "NaN" → NaN.
  std::string_view text;
  switch (type) {
    case ondemand::json_type::string: {
      bool in_block;
      if ((error_ = ReadString(value, &text, &in_block))) return StoreOutcome::kInvalid;
      break;
    }
    case ondemand::json_type::number: {
      text = TrimJsonSpace(value.raw_json_token());
      if (!ClassifyNumber(text, &shape_)) {
        error_ = simdjson::NUMBER_ERROR;
        return StoreOutcome::kInvalid;
      }
      break;
    }
    case ondemand::json_type::boolean: {
      bool flag;
      if ((error_ = value.get_bool().get(flag))) return StoreOutcome::kInvalid;
      text = flag ? "true" : "false";
      break;
    }
    default: {
      // Objects and arrays only go into VARCHAR; validate them all the same.
      scratch_.clear();
      if ((error_ = AppendCompactJson(value, &scratch_))) return StoreOutcome::kInvalid;
      return StoreOutcome::kBad;
    }
  }
  bool needs_string = target.id() == TypeId::kDate || target.id() == TypeId::kTimestamp ||
                      target.id() == TypeId::kTimestampTz || target.id() == TypeId::kVarbinary;
  if (needs_string && type != ondemand::json_type::string) return StoreOutcome::kBad;
  return ConvertText(text, vector, row) ? StoreOutcome::kStored : StoreOutcome::kBad;
}

StoreOutcome ValueStore::StoreJsonText(ondemand::value& value, ondemand::json_type type,
                                       Vector& vector, size_t row) {
  switch (type) {
    case ondemand::json_type::string: {
      std::string_view text;
      bool in_block;
      if ((error_ = ReadString(value, &text, &in_block))) return StoreOutcome::kInvalid;
      StoreText(vector, row, text, in_block);
      return StoreOutcome::kStored;
    }
    case ondemand::json_type::number: {
      std::string_view token = TrimJsonSpace(value.raw_json_token());
      if (!ClassifyNumber(token, &shape_)) {
        error_ = simdjson::NUMBER_ERROR;
        return StoreOutcome::kInvalid;
      }
      StoreText(vector, row, token, true);
      return StoreOutcome::kStored;
    }
    case ondemand::json_type::boolean: {
      bool flag;
      if ((error_ = value.get_bool().get(flag))) return StoreOutcome::kInvalid;
      vector.SetString(row, flag ? "true" : "false");
      return StoreOutcome::kStored;
    }
    default: {
      scratch_.clear();
      if ((error_ = AppendCompactJson(value, &scratch_))) return StoreOutcome::kInvalid;
      vector.SetString(row, scratch_);
      return StoreOutcome::kStored;
    }
  }
}

bool ValueStore::ConvertText(std::string_view text, Vector& vector, size_t row) {
  const DataType& type = vector.type();
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool flag;
      if (!ParseBoolean(text, &flag)) return false;
      vector.data<uint8_t>()[row] = flag ? 1 : 0;
      return true;
    }
    case TypeId::kTinyInt: return ParseInt8(text, &vector.data<int8_t>()[row]);
    case TypeId::kSmallInt: return ParseInt16(text, &vector.data<int16_t>()[row]);
    case TypeId::kInteger: return ParseInt32(text, &vector.data<int32_t>()[row]);
    case TypeId::kBigInt: return ParseInt64(text, &vector.data<int64_t>()[row]);
    case TypeId::kReal: return ParseFloat(text, &vector.data<float>()[row]);
    case TypeId::kDouble: return ParseDouble(text, &vector.data<double>()[row]);
    case TypeId::kDecimal: {
      __int128 unscaled;
      if (!ParseDecimalText(text, type, &unscaled)) return false;
      StoreDecimal(vector, row, unscaled);
      return true;
    }
    case TypeId::kDate: return ParseDate(text, &vector.data<int32_t>()[row]);
    case TypeId::kTimestamp: return ParseTimestamp(text, &vector.data<int64_t>()[row]);
    case TypeId::kTimestampTz:
      return ParseTimestampTz(text, kUtcZoneId, /*require_zone=*/false,
                              &vector.data<TimestampTz>()[row]);
    case TypeId::kVarbinary:
      scratch_.clear();
      if (!DecodeBase64(text, &scratch_)) return false;
      vector.SetString(row, scratch_);
      return true;
    case TypeId::kVarchar: vector.SetString(row, text); return true;
    default: return false;
  }
}

}  // namespace sluice::json
