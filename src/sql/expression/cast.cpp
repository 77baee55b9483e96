#include "sql/expression/cast.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "core/calendar.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/value.h"
#include "core/value_format.h"
#include "core/value_parse.h"
#include "sql/expression/decimal_text.h"
#include "sql/expression/functions/decimal_math.h"
#include "sql/expression/functions/number_text.h"
#include "sql/expression/functions/utf8.h"

namespace sluice::sql {

namespace {

enum class Family : uint8_t {
  kUnknown, kBoolean, kExact, kFloating, kString, kBinary, kDate, kTimestamp, kTimestampTz, kInterval, kOther
};

Family FamilyOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kUnknown:
      return Family::kUnknown;
    case TypeId::kBoolean:
      return Family::kBoolean;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      return Family::kExact;
    case TypeId::kReal:
    case TypeId::kDouble:
      return Family::kFloating;
    case TypeId::kVarchar:
      return Family::kString;
    case TypeId::kVarbinary:
      return Family::kBinary;
    case TypeId::kDate:
      return Family::kDate;
    case TypeId::kTimestamp:
      return Family::kTimestamp;
    case TypeId::kTimestampTz:
      return Family::kTimestampTz;
    case TypeId::kIntervalDayTime:
    case TypeId::kIntervalYearMonth:
      return Family::kInterval;
    default:
      return Family::kOther;
  }
}

[[noreturn]] void ThrowCastError(const Operand& input, uint32_t row, std::string_view to,
                                 const char* reason) {
  Value value = Value::FromVector(*input.vector, input.constant ? 0 : row);
  std::string text = value.type().is_string() ? "'" + value.ToString() + "'" : value.ToString();
  std::string message = "cannot cast " + text + " to " + std::string(to);
  if (reason != nullptr) message += std::string(" (") + reason + ")";
  throw ConversionError(message);
}

[[noreturn]] void ThrowCastError(const Operand& input, uint32_t row, const DataType& to,
                                 const char* reason) {
  ThrowCastError(input, row, to.ToString(), reason);
}

/// Runs convert(row, &result) -> bool over the rows; NULL in → NULL out; false →
/// NULL under TRY_CAST, else an error naming the value.
template <typename Out, typename F>
void Loop(const CastContext& context, const Operand& input, const Rows& rows, Vector* out,
          const char* reason, F&& convert) {
  Out* result = out->data<Out>();
  const bool may_be_null = !input.vector->all_valid();
  rows.ForEach([&](uint32_t row) {
    if (may_be_null && input.IsNull(row)) {
      out->SetNull(row);
      return;
    }
    if (!convert(row, &result[row])) [[unlikely]] {
      if (!context.null_on_error) ThrowCastError(input, row, out->type(), reason);
      out->SetNull(row);
    }
  });
}

// ---- reading a source row in a canonical form ---------------------------------------

/// Unscaled value of an exact number (integers: scale 0; booleans: 0/1).
__int128 ReadExact(const Operand& in, uint32_t row) {
  switch (in.type().id()) {
    case TypeId::kBoolean:
      return in.Get<uint8_t>(row);
    case TypeId::kTinyInt:
      return in.Get<int8_t>(row);
    case TypeId::kSmallInt:
      return in.Get<int16_t>(row);
    case TypeId::kInteger:
      return in.Get<int32_t>(row);
    case TypeId::kBigInt:
      return in.Get<int64_t>(row);
    default:
      return in.type().is_short_decimal() ? __int128{in.Get<int64_t>(row)} : in.Get<__int128>(row);
  }
}

double ReadFloating(const Operand& in, uint32_t row) {
  return in.type().id() == TypeId::kReal ? static_cast<double>(in.Get<float>(row))
                                         : in.Get<double>(row);
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// ---- writing an exact value ----------------------------------------------------------

/// Stores unscaled `value` (already at the target's scale) into row `row` if it fits
/// the target exact type.
bool StoreExact(__int128 value, Vector* out, uint32_t row) {
  const DataType& type = out->type();
  switch (type.id()) {
    case TypeId::kTinyInt:
      if (value < INT8_MIN || value > INT8_MAX) return false;
      out->data<int8_t>()[row] = static_cast<int8_t>(value);
      return true;
    case TypeId::kSmallInt:
      if (value < INT16_MIN || value > INT16_MAX) return false;
      out->data<int16_t>()[row] = static_cast<int16_t>(value);
      return true;
    case TypeId::kInteger:
      if (value < INT32_MIN || value > INT32_MAX) return false;
      out->data<int32_t>()[row] = static_cast<int32_t>(value);
      return true;
    case TypeId::kBigInt:
      if (value < INT64_MIN || value > INT64_MAX) return false;
      out->data<int64_t>()[row] = static_cast<int64_t>(value);
      return true;
    default: {
      const __int128 limit = PowerOfTen(type.precision());
      if (value >= limit || value <= -limit) return false;
      if (type.is_short_decimal()) {
        out->data<int64_t>()[row] = static_cast<int64_t>(value);
      } else {
        out->data<__int128>()[row] = value;
      }
      return true;
    }
  }
}

int ScaleOf(const DataType& type) { return type.id() == TypeId::kDecimal ? type.scale() : 0; }

/// Rows of any exact/boolean source into an exact target; same-row loop with a
/// per-row switch kept out by reading through the canonical int128 form.
void ExactToExact(const CastContext& context, const Operand& in, const Rows& rows, Vector* out) {
  const int from_scale = ScaleOf(in.type()), to_scale = ScaleOf(out->type());
  const bool may_be_null = !in.vector->all_valid();
  rows.ForEach([&](uint32_t row) {
    if (may_be_null && in.IsNull(row)) {
      out->SetNull(row);
      return;
    }
    __int128 value;
    bool ok = RescaleDecimal(ReadExact(in, row), from_scale, to_scale, &value) &&
              StoreExact(value, out, row);
    if (!ok) [[unlikely]] {
      if (!context.null_on_error) ThrowCastError(in, row, out->type(), "out of range");
      out->SetNull(row);
    }
  });
}

/// Fast path: integer → wider integer (never fails).
template <typename From, typename To>
void WidenInteger(const Operand& in, const Rows& rows, Vector* out) {
  To* result = out->data<To>();
  if (!in.vector->all_valid()) {
    rows.ForEach([&](uint32_t row) {
      if (in.IsNull(row)) out->SetNull(row);
    });
  }
  if (in.constant) {
    result[0] = static_cast<To>(in.Get<From>(0));
    return;
  }
  const From* source = in.vector->data<From>();
  rows.ForEach([&](uint32_t row) { result[row] = static_cast<To>(source[row]); });
}

bool FloatingToExact(double value, Vector* out, uint32_t row) {
  if (!std::isfinite(value)) return false;
  const DataType& type = out->type();
  if (type.id() == TypeId::kDecimal) {
    __int128 unscaled;
    return DoubleToDecimal(value, type.precision(), type.scale(), &unscaled) &&
           StoreExact(unscaled, out, row);
  }
  const double rounded = std::round(value);  // half away from zero, as Trino
  if (!(rounded >= -9223372036854775808.0 && rounded < 9223372036854775808.0)) return false;
  return StoreExact(static_cast<int64_t>(rounded), out, row);
}

void StoreFloating(double value, Vector* out, uint32_t row) {
  if (out->type().id() == TypeId::kReal) {
    out->data<float>()[row] = static_cast<float>(value);
  } else {
    out->data<double>()[row] = value;
  }
}

double ExactToDouble(__int128 unscaled, int scale) {
  if (scale == 0) return static_cast<double>(unscaled);
  return static_cast<double>(static_cast<long double>(unscaled) /
                             static_cast<long double>(PowerOfTen(scale)));
}

// ---- text ----------------------------------------------------------------------------

/// Trino's FromVarchar.toBoolean: t/true/1 and f/false/0 in any letter case, no spaces.
bool ParseTrinoBoolean(std::string_view text, bool* out) {
  auto equals = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  if (equals("true") || equals("t") || equals("1")) {
    *out = true;
    return true;
  }
  if (equals("false") || equals("f") || equals("0")) {
    *out = false;
    return true;
  }
  return false;
}

/// Integers and decimals take no surrounding spaces (Java's parseLong and BigDecimal, as
/// Trino); doubles and dates do (Double.parseDouble and Trino's date parser trim).
/// Decimals take exponents ('1e3'), integers do not (parseLong). A number too large for
/// the type is kOutOfRange.
DecimalTextResult ParseExactText(std::string_view text, Vector* out, uint32_t row) {
  const DataType& type = out->type();
  if (type.id() == TypeId::kDecimal) {
    __int128 unscaled = 0;
    DecimalTextResult result = ParseDecimalText(text, type.precision(), type.scale(), &unscaled);
    if (result == DecimalTextResult::kOk && !StoreExact(unscaled, out, row)) result = DecimalTextResult::kOutOfRange;
    return result;
  }
  int64_t value;
  return ParseInt64(text, &value) && StoreExact(value, out, row) ? DecimalTextResult::kOk
                                                                  : DecimalTextResult::kInvalid;
}

/// Bytes of the first `length` characters (code points) of `text`, or of all of it.
size_t PrefixBytes(std::string_view text, int64_t length) {
  size_t i = 0;
  for (int64_t n = 0; n < length && i < text.size(); ++n) {
    size_t bytes = 1;
    DecodeCodePoint(text, i, &bytes);
    i += bytes;
  }
  return i;
}

/// Appends the text of an input row for CAST(… AS varchar).
void AppendText(std::string* text, const Operand& in, uint32_t row) {
  const DataType& type = in.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      text->append(in.Get<uint8_t>(row) ? "true" : "false");
      return;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      AppendInt64(text, static_cast<int64_t>(ReadExact(in, row)));
      return;
    case TypeId::kDecimal:
      AppendDecimal(text, ReadExact(in, row), type.scale());
      return;
    case TypeId::kReal:
      AppendJavaFloat(text, in.Get<float>(row));
      return;
    case TypeId::kDouble:
      AppendJavaDouble(text, in.Get<double>(row));
      return;
    case TypeId::kDate:
      AppendDate(text, in.Get<int32_t>(row));
      return;
    case TypeId::kTimestamp:
      AppendTimestamp(text, in.Get<int64_t>(row), FractionStyle::kFixed);
      return;
    case TypeId::kTimestampTz:
      AppendTimestampTz(text, in.Get<TimestampTz>(row), FractionStyle::kFixed, ZoneStyle::kSpaceName);
      return;
    case TypeId::kIntervalDayTime:
      AppendIntervalDayTime(text, in.Get<int64_t>(row));
      return;
    case TypeId::kIntervalYearMonth:
      AppendIntervalYearMonth(text, in.Get<int32_t>(row));
      return;
    default:
      text->append(in.Get<StringRef>(row).view());
      return;
  }
}

/// A non-text value into VARCHAR; into VARCHAR(n) its text must fit n characters
/// (Trino: "Value 12345 cannot be represented as varchar(3)").
void ToVarchar(const CastContext& context, const Operand& in, const Rows& rows, Vector* out) {
  std::string text;
  StringRef* result = out->data<StringRef>();
  const int64_t length = context.varchar_length;
  rows.ForEach([&](uint32_t row) {
    if (in.IsNull(row)) {
      out->SetNull(row);
      return;
    }
    text.clear();
    AppendText(&text, in, row);
    if (length != kUnboundedVarchar && PrefixBytes(text, length) < text.size()) [[unlikely]] {
      if (!context.null_on_error) {
        const std::string limit = std::to_string(length);
        ThrowCastError(in, row, "varchar(" + limit + ")",
                       ("its text '" + text + "' is longer than " + limit + " characters").c_str());
      }
      out->SetNull(row);
      return;
    }
    result[row] = out->heap().Add(text);
  });
}

/// VARCHAR into VARCHAR(n): cut to n characters (Trino's explicit cast truncates).
void VarcharToVarchar(const CastContext& context, const Operand& in, const Rows& rows, Vector* out) {
  StringRef* result = out->data<StringRef>();
  const int64_t length = context.varchar_length;
  rows.ForEach([&](uint32_t row) {
    if (in.IsNull(row)) {
      out->SetNull(row);
      return;
    }
    std::string_view text = in.Get<StringRef>(row).view();
    if (length != kUnboundedVarchar) text = text.substr(0, PrefixBytes(text, length));
    result[row] = out->heap().Add(text);
  });
}

// ---- temporal ------------------------------------------------------------------------

int64_t LocalMicros(const Operand& in, uint32_t row) {
  switch (in.type().id()) {
    case TypeId::kDate:
      return int64_t{in.Get<int32_t>(row)} * kMicrosPerDay;
    case TypeId::kTimestamp:
      return in.Get<int64_t>(row);
    default: {
      const TimestampTz& value = in.Get<TimestampTz>(row);
      return UtcToLocalMicros(value.zone_id, value.micros);
    }
  }
}

void TemporalCast(const CastContext& context, const Operand& in, const Rows& rows, Vector* out) {
  const int32_t zone = context.session ? context.session->time_zone : kUtcZoneId;
  switch (out->type().id()) {
    case TypeId::kDate:
      Loop<int32_t>(context, in, rows, out, nullptr, [&](uint32_t row, int32_t* days) {
        *days = static_cast<int32_t>(FloorDiv(LocalMicros(in, row), kMicrosPerDay));
        return true;
      });
      return;
    case TypeId::kTimestamp:
      Loop<int64_t>(context, in, rows, out, nullptr, [&](uint32_t row, int64_t* micros) {
        *micros = LocalMicros(in, row);
        return true;
      });
      return;
    default:
      Loop<TimestampTz>(context, in, rows, out, nullptr, [&](uint32_t row, TimestampTz* value) {
        if (in.type().id() == TypeId::kTimestampTz) {
          *value = in.Get<TimestampTz>(row);
        } else {
          *value = TimestampTz{LocalToUtcMicros(zone, LocalMicros(in, row)), zone, 0};
        }
        return true;
      });
      return;
  }
}

void FromVarchar(const CastContext& context, const Operand& in, const Rows& rows, Vector* out) {
  auto text = [&](uint32_t row) { return in.Get<StringRef>(row).view(); };
  switch (FamilyOf(out->type())) {
    case Family::kBoolean:
      Loop<uint8_t>(context, in, rows, out, nullptr, [&](uint32_t row, uint8_t* value) {
        bool b;
        if (!ParseTrinoBoolean(text(row), &b)) return false;
        *value = b ? 1 : 0;
        return true;
      });
      return;
    case Family::kExact: {
      const bool may_be_null = !in.vector->all_valid();
      rows.ForEach([&](uint32_t row) {
        if (may_be_null && in.IsNull(row)) {
          out->SetNull(row);
          return;
        }
        const DecimalTextResult result = ParseExactText(text(row), out, row);
        if (result != DecimalTextResult::kOk) [[unlikely]] {
          if (!context.null_on_error) {
            ThrowCastError(in, row, out->type(), result == DecimalTextResult::kOutOfRange ? "out of range" : nullptr);
          }
          out->SetNull(row);
        }
      });
      return;
    }
    case Family::kFloating:
      if (out->type().id() == TypeId::kReal) {
        Loop<float>(context, in, rows, out, nullptr, [&](uint32_t row, float* value) {
          return ParseFloat(Trimmed(text(row)), value);
        });
      } else {
        Loop<double>(context, in, rows, out, nullptr, [&](uint32_t row, double* value) {
          return ParseDouble(Trimmed(text(row)), value);
        });
      }
      return;
    case Family::kDate:
      Loop<int32_t>(context, in, rows, out, nullptr, [&](uint32_t row, int32_t* days) {
        return ParseDateFast(Trimmed(text(row)), days);
      });
      return;
    case Family::kTimestamp:
      Loop<int64_t>(context, in, rows, out, nullptr, [&](uint32_t row, int64_t* micros) {
        return ParseTimestampFast(Trimmed(text(row)), micros);
      });
      return;
    case Family::kTimestampTz: {
      const int32_t zone = context.session ? context.session->time_zone : kUtcZoneId;
      Loop<TimestampTz>(context, in, rows, out, nullptr, [&](uint32_t row, TimestampTz* value) {
        return ParseTimestampTz(Trimmed(text(row)), zone, false, value);
      });
      return;
    }
    default:  // varbinary: the UTF-8 bytes
      Loop<StringRef>(context, in, rows, out, nullptr, [&](uint32_t row, StringRef* value) {
        *value = out->heap().Add(text(row));
        return true;
      });
      return;
  }
}

// ---- the dispatcher ------------------------------------------------------------------

void CastUnknown(const CastContext&, const Operand&, const Rows& rows, Vector* out) {
  rows.ForEach([&](uint32_t row) { out->SetNull(row); });
}

void CastIdentity(const CastContext&, const Operand& in, const Rows& rows, Vector* out) {
  rows.ForEach([&](uint32_t row) { Value::FromVector(*in.vector, in.constant ? 0 : row).WriteTo(out, row); });
}

void CastNumeric(const CastContext& context, const Operand& in, const Rows& rows, Vector* out) {
  const Family from = FamilyOf(in.type()), to = FamilyOf(out->type());
  const TypeId from_id = in.type().id(), to_id = out->type().id();
  if (to == Family::kBoolean) {
    Loop<uint8_t>(context, in, rows, out, nullptr, [&](uint32_t row, uint8_t* value) {
      *value = from == Family::kFloating ? ReadFloating(in, row) != 0 : ReadExact(in, row) != 0;
      return true;
    });
    return;
  }
  if (to == Family::kExact) {
    if (from == Family::kFloating) {
      const bool may_be_null = !in.vector->all_valid();
      rows.ForEach([&](uint32_t row) {
        if (may_be_null && in.IsNull(row)) {
          out->SetNull(row);
        } else if (!FloatingToExact(ReadFloating(in, row), out, row)) [[unlikely]] {
          if (!context.null_on_error) ThrowCastError(in, row, out->type(), "out of range");
          out->SetNull(row);
        }
      });
      return;
    }
    if (from_id == TypeId::kInteger && to_id == TypeId::kBigInt) return WidenInteger<int32_t, int64_t>(in, rows, out);
    if (from_id == TypeId::kSmallInt && to_id == TypeId::kBigInt) return WidenInteger<int16_t, int64_t>(in, rows, out);
    if (from_id == TypeId::kTinyInt && to_id == TypeId::kBigInt) return WidenInteger<int8_t, int64_t>(in, rows, out);
    if (from_id == TypeId::kSmallInt && to_id == TypeId::kInteger) return WidenInteger<int16_t, int32_t>(in, rows, out);
    if (from_id == TypeId::kTinyInt && to_id == TypeId::kInteger) return WidenInteger<int8_t, int32_t>(in, rows, out);
    if (from_id == TypeId::kTinyInt && to_id == TypeId::kSmallInt) return WidenInteger<int8_t, int16_t>(in, rows, out);
    ExactToExact(context, in, rows, out);
    return;
  }
  // Floating target.
  const int scale = ScaleOf(in.type());
  Loop<uint8_t>(context, in, rows, out, nullptr, [&](uint32_t row, uint8_t*) {
    StoreFloating(from == Family::kFloating ? ReadFloating(in, row) : ExactToDouble(ReadExact(in, row), scale), out, row);
    return true;
  });
}

bool IsNumberLike(Family f) { return f == Family::kBoolean || f == Family::kExact || f == Family::kFloating; }
bool IsTemporal(Family f) { return f == Family::kDate || f == Family::kTimestamp || f == Family::kTimestampTz; }

}  // namespace

bool CanCast(const DataType& from, const DataType& to) {
  const Family f = FamilyOf(from), t = FamilyOf(to);
  if (f == Family::kOther || t == Family::kOther) return false;
  if (f == Family::kUnknown || from == to) return true;
  if (IsNumberLike(f) && IsNumberLike(t)) return true;
  // Intervals print as text (Trino's "2 03:04:05.000", "1-2"); Trino reads no interval
  // from text and converts no interval to another type.
  if (f == Family::kInterval || t == Family::kInterval) return t == Family::kString;
  if (f == Family::kString) return t != Family::kUnknown;
  if (t == Family::kString) return f != Family::kBinary;
  if (IsTemporal(f) && IsTemporal(t)) return true;
  return false;
}

CastKernel GetCastKernel(const DataType& from, const DataType& to) {
  if (!CanCast(from, to)) {
    throw BinderError("cannot cast " + from.ToString() + " to " + to.ToString());
  }
  const Family f = FamilyOf(from), t = FamilyOf(to);
  if (f == Family::kUnknown) return &CastUnknown;
  if (f == Family::kString && t == Family::kString) return &VarcharToVarchar;
  if (from == to) return &CastIdentity;
  if (t == Family::kString) return &ToVarchar;
  if (f == Family::kString) return &FromVarchar;
  if (IsTemporal(f)) return &TemporalCast;
  return &CastNumeric;
}

}  // namespace sluice::sql
