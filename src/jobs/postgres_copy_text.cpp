// See postgres_copy_text.h.

#include "jobs/postgres_copy_text.h"

#include <array>
#include <cctype>
#include <cstring>

#include "core/calendar.h"
#include "core/error.h"
#include "core/value_format.h"
#include "core/value_parse.h"

namespace sluice::jobs {
namespace {

// ---- Encoding ------------------------------------------------------------------------

/// Bytes COPY text escapes: backslash, tab, newline, carriage return.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> table{};
  table['\\'] = table['\t'] = table['\n'] = table['\r'] = true;
  return table;
}();

/// Writes `value` with at least `width` digits (zero-padded) at `p`; returns the end.
char* WriteDigits(char* p, int64_t value, int width) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n < width) digits[n++] = '0';
  while (n > 0) *p++ = digits[--n];
  return p;
}

/// "YYYY-MM-DD" (PostgreSQL's year for years ≤ 0: 1 - year, marked BC by the caller).
char* WriteDate(char* p, const CivilDate& date) {
  int64_t year = date.year > 0 ? date.year : 1 - int64_t{date.year};
  p = WriteDigits(p, year, 4);
  *p++ = '-';
  p = WriteDigits(p, date.month, 2);
  *p++ = '-';
  return WriteDigits(p, date.day, 2);
}

/// "HH:MM:SS[.ffffff]" (the fraction only when not zero, trailing zeros dropped).
char* WriteTime(char* p, const CivilTime& time) {
  p = WriteDigits(p, time.hour, 2);
  *p++ = ':';
  p = WriteDigits(p, time.minute, 2);
  *p++ = ':';
  p = WriteDigits(p, time.second, 2);
  if (time.micros != 0) {
    *p++ = '.';
    int micros = time.micros;
    int width = 6;
    while (micros % 10 == 0) {
      micros /= 10;
      --width;
    }
    p = WriteDigits(p, micros, width);
  }
  return p;
}

void AppendPostgresDate(std::string* out, int32_t days) {
  char buffer[40];
  CivilDate date = CivilFromDays(days);
  char* end = WriteDate(buffer, date);
  if (date.year <= 0) end = std::strcpy(end, " BC") + 3;
  out->append(buffer, static_cast<size_t>(end - buffer));
}

void AppendPostgresTimestamp(std::string* out, int64_t micros, bool utc_offset) {
  char buffer[64];
  CivilDate date;
  CivilTime time;
  SplitTimestamp(micros, &date, &time);
  char* end = WriteDate(buffer, date);
  *end++ = ' ';
  end = WriteTime(end, time);
  if (utc_offset) end = std::strcpy(end, "+00") + 3;
  if (date.year <= 0) end = std::strcpy(end, " BC") + 3;
  out->append(buffer, static_cast<size_t>(end - buffer));
}

void AppendBytea(std::string* out, std::string_view bytes, bool copy_escaped) {
  out->append(copy_escaped ? "\\\\x" : "\\x");
  AppendHex(out, bytes);
}

void EncodeBoolean(const Vector& v, size_t row, std::string* out) {
  out->push_back(v.data<uint8_t>()[row] != 0 ? 't' : 'f');
}
template <typename T>
void EncodeInteger(const Vector& v, size_t row, std::string* out) {
  AppendInt64(out, v.data<T>()[row]);
}
void EncodeReal(const Vector& v, size_t row, std::string* out) { AppendFloat(out, v.data<float>()[row]); }
void EncodeDouble(const Vector& v, size_t row, std::string* out) { AppendDouble(out, v.data<double>()[row]); }
void EncodeShortDecimal(const Vector& v, size_t row, std::string* out) {
  AppendDecimal(out, v.data<int64_t>()[row], v.type().scale());
}
void EncodeLongDecimal(const Vector& v, size_t row, std::string* out) {
  AppendDecimal(out, v.data<__int128>()[row], v.type().scale());
}
void EncodeVarchar(const Vector& v, size_t row, std::string* out) { AppendCopyEscaped(v.GetString(row), out); }
void EncodeVarbinary(const Vector& v, size_t row, std::string* out) { AppendBytea(out, v.GetString(row), true); }
void EncodeDate(const Vector& v, size_t row, std::string* out) { AppendPostgresDate(out, v.data<int32_t>()[row]); }
void EncodeTimestamp(const Vector& v, size_t row, std::string* out) {
  AppendPostgresTimestamp(out, v.data<int64_t>()[row], false);
}
void EncodeTimestampTz(const Vector& v, size_t row, std::string* out) {
  AppendPostgresTimestamp(out, v.data<TimestampTz>()[row].micros, true);
}

// ---- Decoding ------------------------------------------------------------------------

/// A value that does not fit its column.
[[noreturn]] void Refuse(const Field& field, std::string_view text, const std::string& why = "") {
  std::string shown(text.substr(0, 80));
  throw ConversionError("column " + field.name + ": '" + shown + (text.size() > 80 ? "…" : "") +
                        "' is not a valid " + field.type.ToString() + (why.empty() ? "" : " (" + why + ")"));
}

/// Strips PostgreSQL's " BC" suffix; true when there was one.
bool StripBc(std::string_view* text) {
  if (text->size() > 3 && text->ends_with(" BC")) {
    text->remove_suffix(3);
    return true;
  }
  return false;
}

/// "YYYY-MM-DD" where a BC year may make 29 February valid that is not valid AD.
bool ParseBcDate(std::string_view text, int32_t* days) {
  // Read 29 February as 28 February and add the day back after moving the year.
  bool leap_day = text.ends_with("-02-29");
  std::string copy(text);
  if (leap_day) copy.replace(copy.size() - 2, 2, "28");
  if (!ParseDate(copy, days)) return false;
  CivilDate date = CivilFromDays(*days);
  int32_t year = 1 - date.year;
  if (leap_day && !IsLeapYear(year)) return false;
  *days = DaysFromCivil(year, date.month, date.day) + (leap_day ? 1 : 0);
  return true;
}

/// PostgreSQL's timestamp text (DateStyle ISO) as microseconds, with a trailing UTC
/// offset ("+00", "-05:30", "+05:30:15") when `with_offset`.
bool ParsePostgresTimestamp(std::string_view text, bool with_offset, int64_t* micros) {
  bool bc = StripBc(&text);
  int64_t offset_seconds = 0;
  if (with_offset) {
    size_t sign = text.find_last_of("+-");
    if (sign == std::string_view::npos || sign < 19) return false;
    std::string_view offset = text.substr(sign + 1);
    int64_t parts[3] = {0, 0, 0};
    int count = 0;
    while (!offset.empty() && count < 3) {
      if (offset.size() < 2) return false;
      int32_t value = 0;
      if (!value_parse_detail::TwoDigits(offset.data(), &value)) return false;
      parts[count++] = value;
      offset.remove_prefix(2);
      if (!offset.empty()) {
        if (offset.front() != ':') return false;
        offset.remove_prefix(1);
      }
    }
    if (count == 0 || !offset.empty()) return false;
    offset_seconds = (parts[0] * 3600 + parts[1] * 60 + parts[2]) * (text[sign] == '-' ? -1 : 1);
    text = text.substr(0, sign);
  }
  if (!bc) {
    if (!ParseTimestampFast(text, micros)) return false;
  } else {
    size_t space = text.find(' ');
    if (space == std::string_view::npos) return false;
    int32_t days = 0;
    int64_t time_of_day = 0;
    if (!ParseBcDate(text.substr(0, space), &days)) return false;
    if (!ParseTimestamp("1970-01-01 " + std::string(text.substr(space + 1)), &time_of_day)) return false;
    *micros = int64_t{days} * kMicrosPerDay + time_of_day;
  }
  *micros -= offset_seconds * kMicrosPerSecond;
  return true;
}

/// Writes the text of one field into `vector` at `row`.
void DecodeField(const Field& field, std::string_view text, Vector* vector, size_t row) {
  const DataType& type = field.type;
  switch (type.id()) {
    case TypeId::kBoolean:
      if (text == "t" || text == "f") {
        vector->data<uint8_t>()[row] = text == "t" ? 1 : 0;
        return;
      }
      break;
    case TypeId::kTinyInt:
      if (ParseInt8(text, &vector->data<int8_t>()[row])) return;
      break;
    case TypeId::kSmallInt:
      if (ParseInt16(text, &vector->data<int16_t>()[row])) return;
      break;
    case TypeId::kInteger:
      if (ParseInt32(text, &vector->data<int32_t>()[row])) return;
      break;
    case TypeId::kBigInt:
      if (ParseInt64Fast(text, &vector->data<int64_t>()[row])) return;
      break;
    case TypeId::kReal:
      if (ParseFloat(text, &vector->data<float>()[row])) return;
      break;
    case TypeId::kDouble:
      if (ParseDouble(text, &vector->data<double>()[row])) return;
      break;
    case TypeId::kDecimal: {
      int integer_digits = 0;
      int fraction_digits = 0;
      if (!MeasureDecimal(text, &integer_digits, &fraction_digits)) break;
      if (fraction_digits > type.scale()) Refuse(field, text, "more fractional digits than its scale");
      if (integer_digits > type.precision() - type.scale()) Refuse(field, text, "too many digits");
      __int128 unscaled = 0;
      if (!ParseDecimal(text, type.precision(), type.scale(), &unscaled)) break;
      if (type.is_short_decimal()) {
        vector->data<int64_t>()[row] = static_cast<int64_t>(unscaled);
      } else {
        vector->data<__int128>()[row] = unscaled;
      }
      return;
    }
    case TypeId::kVarchar:
      vector->SetString(row, text);
      return;
    case TypeId::kVarbinary: {
      if (!text.starts_with("\\x") || text.size() % 2 != 0) break;
      std::string bytes(text.size() / 2 - 1, '\0');
      size_t size = 0;
      if (!ParseHex(text.substr(2), bytes.data(), &size)) break;
      vector->SetString(row, std::string_view(bytes.data(), size));
      return;
    }
    case TypeId::kDate: {
      std::string_view date = text;
      bool bc = StripBc(&date);
      int32_t days = 0;
      if (bc ? ParseBcDate(date, &days) : ParseDateFast(date, &days)) {
        vector->data<int32_t>()[row] = days;
        return;
      }
      break;
    }
    case TypeId::kTimestamp:
      if (ParsePostgresTimestamp(text, false, &vector->data<int64_t>()[row])) return;
      break;
    case TypeId::kTimestampTz: {
      int64_t micros = 0;
      if (ParsePostgresTimestamp(text, true, &micros)) {
        vector->data<TimestampTz>()[row] = TimestampTz{micros, 0, 0};
        return;
      }
      break;
    }
    default:
      break;
  }
  Refuse(field, text);
}

}  // namespace

void AppendCopyEscaped(std::string_view text, std::string* out) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!kNeedsEscape[c]) [[likely]] continue;
    out->append(text.data() + start, i - start);
    out->push_back('\\');
    out->push_back(c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
    start = i + 1;
  }
  out->append(text.data() + start, text.size() - start);
}

CopyTextEncoder::CopyTextEncoder(const Schema& schema) {
  for (const Field& field : schema.fields()) {
    const DataType& type = field.type;
    AppendFunction function = nullptr;
    switch (type.id()) {
      case TypeId::kBoolean: function = &EncodeBoolean; break;
      case TypeId::kTinyInt: function = &EncodeInteger<int8_t>; break;
      case TypeId::kSmallInt: function = &EncodeInteger<int16_t>; break;
      case TypeId::kInteger: function = &EncodeInteger<int32_t>; break;
      case TypeId::kBigInt: function = &EncodeInteger<int64_t>; break;
      case TypeId::kReal: function = &EncodeReal; break;
      case TypeId::kDouble: function = &EncodeDouble; break;
      case TypeId::kDecimal: function = type.is_short_decimal() ? &EncodeShortDecimal : &EncodeLongDecimal; break;
      case TypeId::kVarchar: function = &EncodeVarchar; break;
      case TypeId::kVarbinary: function = &EncodeVarbinary; break;
      case TypeId::kDate: function = &EncodeDate; break;
      case TypeId::kTimestamp: function = &EncodeTimestamp; break;
      case TypeId::kTimestampTz: function = &EncodeTimestampTz; break;
      default:
        throw InvalidArgumentError("column " + field.name + " of type " + type.ToString() +
                                   " has no PostgreSQL text form");
    }
    functions_.push_back(function);
  }
}

void CopyTextEncoder::AppendRows(const Chunk& chunk, size_t begin, size_t end, std::string* out) const {
  SLUICE_ASSERT(chunk.num_columns() == functions_.size(), "a COPY chunk has the encoder's columns");
  const size_t num_columns = functions_.size();
  for (size_t row = begin; row < end; ++row) {
    for (size_t column = 0; column < num_columns; ++column) {
      if (column > 0) out->push_back('\t');
      const Vector& vector = chunk.column(column);
      if (vector.IsNull(row)) {
        out->append("\\N");
      } else {
        functions_[column](vector, row, out);
      }
    }
    out->push_back('\n');
  }
}

std::string PostgresValueText(const Value& value) {
  std::string out;
  const DataType& type = value.type();
  switch (type.id()) {
    case TypeId::kBoolean: return value.boolean() ? "true" : "false";
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: AppendInt64(&out, value.int64()); return out;
    case TypeId::kReal: AppendFloat(&out, static_cast<float>(value.float64())); return out;
    case TypeId::kDouble: AppendDouble(&out, value.float64()); return out;
    case TypeId::kDecimal: AppendDecimal(&out, value.unscaled(), type.scale()); return out;
    case TypeId::kVarchar: return value.string();
    case TypeId::kVarbinary: AppendBytea(&out, value.string(), false); return out;
    case TypeId::kDate: AppendPostgresDate(&out, static_cast<int32_t>(value.int64())); return out;
    case TypeId::kTimestamp: AppendPostgresTimestamp(&out, value.int64(), false); return out;
    case TypeId::kTimestampTz: AppendPostgresTimestamp(&out, value.timestamp_tz().micros, true); return out;
    default: throw InvalidArgumentError("a value of type " + type.ToString() + " has no PostgreSQL text form");
  }
}

std::string UnescapeCopyField(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    if (c != '\\' || i + 1 == field.size()) {
      out.push_back(c);
      continue;
    }
    char next = field[++i];
    switch (next) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'v': out.push_back('\v'); break;
      case 'x': {
        int value = 0;
        int digits = 0;
        while (digits < 2 && i + 1 < field.size() && std::isxdigit(static_cast<unsigned char>(field[i + 1]))) {
          char h = field[++i];
          value = value * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          ++digits;
        }
        if (digits == 0) {
          out.push_back('x');
        } else {
          out.push_back(static_cast<char>(value));
        }
        break;
      }
      default:
        if (next >= '0' && next <= '7') {
          int value = next - '0';
          for (int digits = 1; digits < 3 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7';
               ++digits) {
            value = value * 8 + (field[++i] - '0');
          }
          out.push_back(static_cast<char>(value));
        } else {
          out.push_back(next);
        }
    }
  }
  return out;
}

CopyTextDecoder::CopyTextDecoder(const Schema& schema) : schema_(schema) { fields_.reserve(schema.num_fields()); }

void CopyTextDecoder::AppendRow(std::string_view line, Chunk* chunk) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  fields_.clear();
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields_.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (fields_.size() != schema_.num_fields()) {
    throw FormatError("PostgreSQL sent a row of " + std::to_string(fields_.size()) + " columns, expected " +
                      std::to_string(schema_.num_fields()));
  }
  const size_t row = chunk->size();
  for (size_t column = 0; column < fields_.size(); ++column) {
    Vector& vector = chunk->column(column);
    std::string_view field = fields_[column];
    if (field == "\\N") {
      vector.SetNull(row);
      continue;
    }
    vector.SetValid(row);
    if (field.find('\\') != std::string_view::npos) {
      unescaped_ = UnescapeCopyField(field);
      field = unescaped_;
    }
    DecodeField(schema_.field(column), field, &vector, row);
  }
  chunk->set_size(row + 1);
}

}  // namespace sluice::jobs
