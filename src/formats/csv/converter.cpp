#include "formats/csv/converter.h"

#include <simdjson.h>

#include <array>
#include <cstring>

#include "core/error.h"
#include "core/time_zone.h"
#include "core/value_parse.h"
#include "formats/csv/block_parser.h"
#include "formats/csv/padded_parse.h"

namespace sluice::csv {

namespace {

/// Bytes of a row kept in the rejects file.
constexpr size_t kMaxRawBytes = 64 * 1024;
/// Bytes the number parsers may read past a value (padded_parse.h).
constexpr size_t kParsePadding = 16;
/// Bytes of a value quoted in messages.
constexpr size_t kMaxQuotedBytes = 100;

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

/// "0123" and "00.5" are codes, not numbers (for inferred numeric columns).
inline bool HasLeadingZero(std::string_view text) {
  size_t i = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  return text.size() >= i + 2 && text[i] == '0' && IsDigit(text[i + 1]);
}

inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool ParseInferredBoolean(std::string_view text, uint8_t* out) {
  if (text.size() == 1) {
    char c = LowerAscii(text[0]);
    if (c == 't' || c == 'f') {
      *out = c == 't';
      return true;
    }
    return false;
  }
  bool value;
  if ((text.size() == 4 || text.size() == 5) && ParseBoolean(text, &value)) {
    char c = LowerAscii(text[0]);
    if (c == 't' || c == 'f') {
      *out = value;
      return true;
    }
  }
  return false;
}

constexpr std::array<__int128, 39> kPowersOfTen = [] {
  std::array<__int128, 39> powers{};
  __int128 value = 1;
  for (int i = 0; i < 39; ++i) {
    powers[i] = value;
    if (i < 38) value *= 10;
  }
  return powers;
}();

enum class DecimalResult { kOk, kBad, kNeedsRounding };

/// A plain decimal ("-12.5") as an unscaled value of DECIMAL(precision, scale), exactly:
/// kNeedsRounding when it has more than `scale` fractional digits, kBad when it is not a
/// decimal or needs more than precision - scale integer digits.
DecimalResult ParseDecimalExact(std::string_view text, int precision, int scale,
                                __int128* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p == end) return DecimalResult::kBad;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
  }
  const char* digits_start = p;
  uint64_t value = 0;
  while (p < end && IsDigit(*p)) value = value * 10 + static_cast<uint64_t>(*p++ - '0');
  const char* integer_end = p;
  int fraction_digits = 0;
  if (p < end && *p == '.') {
    const char* fraction_start = ++p;
    while (p < end && IsDigit(*p)) value = value * 10 + static_cast<uint64_t>(*p++ - '0');
    fraction_digits = static_cast<int>(p - fraction_start);
  }
  if (p != end) return DecimalResult::kBad;
  const int total_digits = static_cast<int>(integer_end - digits_start) + fraction_digits;
  if (total_digits == 0) return DecimalResult::kBad;
  if (fraction_digits > scale) return DecimalResult::kNeedsRounding;
  __int128 unscaled;
  if (total_digits > 18) {
    // May overflow 64 bits: let the general parser do it (exact since fraction <= scale).
    if (!ParseDecimal(text, precision, scale, &unscaled)) return DecimalResult::kBad;
    *out = unscaled;
    return DecimalResult::kOk;
  }
  unscaled = static_cast<__int128>(value) * kPowersOfTen[scale - fraction_digits];
  if (unscaled >= kPowersOfTen[precision]) return DecimalResult::kBad;
  *out = negative ? -unscaled : unscaled;
  return DecimalResult::kOk;
}

}  // namespace

void StoreStringRef(StringRef* out, const char* data, uint32_t size) {
  // Built in two registers and stored once: constructing a StringRef and copying it
  // costs a store-forwarding stall per value. Layout as string_ref.h documents it:
  // [0,4) size; inlined: [4,16) the bytes, zero-padded; else [4,8) prefix, [8,16) pointer.
  // Reads up to 12 bytes at `data` whatever `size` is (the block's padding allows it).
  uint64_t first, second;
  uint64_t head;
  std::memcpy(&head, data, 8);
  if (size <= StringRef::kInlineLength) {
    uint32_t tail;
    std::memcpy(&tail, data + 8, 4);
    if (size < 8) {
      head &= (uint64_t{1} << (size * 8)) - 1;
      tail = 0;
    } else if (size < 12) {
      tail &= (uint32_t{1} << ((size - 8) * 8)) - 1;
    }
    first = size | (head << 32);
    second = (head >> 32) | (uint64_t{tail} << 32);
  } else {
    first = size | (head << 32);
    second = reinterpret_cast<uintptr_t>(data);
  }
  std::memcpy(reinterpret_cast<char*>(out), &first, 8);
  std::memcpy(reinterpret_cast<char*>(out) + 8, &second, 8);
}

namespace {

/// A value as messages quote it: at most kMaxQuotedBytes, control bytes and invalid
/// UTF-8 as \xHH.
std::string QuoteValue(std::string_view text) {
  bool cut = text.size() > kMaxQuotedBytes;
  if (cut) text = text.substr(0, kMaxQuotedBytes);
  bool valid = simdjson::validate_utf8(text.data(), text.size());
  std::string out = "'";
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && !valid)) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += cut ? "'..." : "'";
  return out;
}

}  // namespace

void BatchConverter::Convert(const char* buffer, const std::shared_ptr<const void>& owner,
                             const FieldTable& table, std::vector<ColumnSpec>* columns,
                             ParsedBatch* batch) {
  buffer_ = buffer;
  owner_ = &owner;
  table_ = &table;
  columns_ = columns;
  batch_ = batch;
  utf8_state_ = -1;
  const size_t num_rows = table.num_rows;
  row_flags_.assign(num_rows, 0);

  std::vector<DataType> types;
  for (const ColumnSpec& column : *columns) types.push_back(column.type.type);
  const size_t capacity = RowsPerBatch(types.size());
  if (capacity == kChunkCapacity && context_.chunks != nullptr) {
    batch->chunk = context_.chunks->Take(types);
  } else {
    batch->chunk = Chunk(types, capacity);
  }

  for (size_t r = 0; r < num_rows; ++r) {
    const RecordSpan& record = table.records[r];
    if (record.num_fields != table.num_columns || record.problem != RecordProblem::kNone) {
      CheckRecord(r);
    }
  }
  // Explicit columns first: a row they reject must not widen an inferred column.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t c = 0; c < columns->size(); ++c) {
      if ((*columns)[c].inferred != (pass == 1)) continue;
      while (!ConvertColumn(c)) {
      }
    }
  }
  batch->chunk.set_size(num_rows);
  for (size_t r = 0; r < num_rows; ++r) {
    if (row_flags_[r] & kRowNulled) ++batch->rows_nulled;
  }
  batch->types.clear();
  for (const ColumnSpec& column : *columns) batch->types.push_back(column.type);
  if (context_.on_error == formats::OnError::kSkip) RemoveBadRows();
}

std::string BatchConverter::ColumnLabel(size_t c) const {
  std::string label = "column " + std::to_string(c + 1);
  if (c < columns_->size()) label += " '" + (*columns_)[c].name + "'";
  return label;
}

void BatchConverter::AddIssue(size_t row, int column, uint32_t offset, std::string message,
                              bool fatal) {
  if (row_flags_[row] & kRowBad) return;  // one issue per row
  row_flags_[row] |= kRowBad;
  RowIssue issue;
  issue.offset = offset;
  issue.row = static_cast<uint32_t>(row);
  issue.column = column;
  issue.message = std::move(message);
  issue.fatal = fatal;
  if (context_.on_error == formats::OnError::kSkip) {
    const RecordSpan& record = table_->records[row];
    size_t size = std::min<size_t>(record.end - record.begin, kMaxRawBytes);
    issue.raw.assign(buffer_ + record.begin, size);
  }
  batch_->issues.push_back(std::move(issue));
}

void BatchConverter::CheckRecord(size_t row) {
  const RecordSpan& record = table_->records[row];
  const size_t num_columns = table_->num_columns;
  if (context_.on_error == formats::OnError::kNull) {
    // Broken or missing fields are NULL (the tokenizer flagged them missing); extra
    // fields are dropped.
    uint64_t nulled = 0;
    if (record.problem != RecordProblem::kNone && record.problem_field < num_columns) ++nulled;
    if (record.num_fields < num_columns) nulled += num_columns - record.num_fields;
    if (record.num_fields > num_columns) ++batch_->rows_cut;
    if (nulled > 0) {
      batch_->values_nulled += nulled;
      row_flags_[row] |= kRowNulled;
    }
    return;
  }
  std::string message;
  int column = -1;
  uint32_t offset = record.begin;
  const char* hint = context_.dialect.escape_mode == EscapeMode::kEscapeChar
                         ? "escaped"
                         : "doubled";
  switch (record.problem) {
    case RecordProblem::kUnterminatedQuote:
      column = static_cast<int>(record.problem_field);
      offset = record.problem_offset;
      message = "unterminated quote: " + ColumnLabel(record.problem_field) +
                " starts with a quote that is never closed";
      break;
    case RecordProblem::kCharAfterQuote:
      column = static_cast<int>(record.problem_field);
      message = ColumnLabel(record.problem_field) +
                ": unexpected text after the closing quote (a quote inside a quoted value "
                "must be " + hint + ")";
      break;
    case RecordProblem::kNone:
      message = "expected " + std::to_string(num_columns) + " fields, found " +
                std::to_string(record.num_fields);
      break;
  }
  AddIssue(row, column >= static_cast<int>(num_columns) ? -1 : column, offset,
           std::move(message), false);
}

BatchConverter::Outcome BatchConverter::OnBadValue(size_t row, size_t c, std::string_view text) {
  ColumnSpec& spec = (*columns_)[c];
  bool fatal = false;
  if (spec.inferred) {
    ColumnType widened = JoinTypes(spec.type, TypeOfValue(text, *context_.widening_patterns));
    if (widened != spec.type) {
      if (!context_.strict_types) {
        Widening widening;
        widening.column = static_cast<int>(c);
        widening.offset = table_->records[row].begin;
        widening.value = std::string(text.substr(0, kMaxQuotedBytes));
        widening.from = spec.type;
        widening.to = widened;
        batch_->widenings.push_back(std::move(widening));
        spec.type = widened;
        batch_->chunk.column(c) = Vector(widened.type, batch_->chunk.capacity());
        return Outcome::kRestart;
      }
      fatal = true;
    }
  }
  Vector& vector = batch_->chunk.column(c);
  vector.SetNull(row);
  if (!fatal && context_.on_error == formats::OnError::kNull) {
    ++batch_->values_nulled;
    row_flags_[row] |= kRowNulled;
    return Outcome::kContinue;
  }
  std::string message = ColumnLabel(c) + ": ";
  if (spec.type.type.is_string()) {
    message += "invalid UTF-8 in " + QuoteValue(text);
  } else {
    message += QuoteValue(text) + " is not a valid " + spec.type.ToString();
  }
  if (fatal) {
    message += " (the type was inferred from a sample, and strict_types forbids widening it)";
  }
  AddIssue(row, static_cast<int>(c), table_->records[row].begin, std::move(message), fatal);
  return Outcome::kContinue;
}

template <typename T, typename Parse>
bool BatchConverter::ConvertFixed(size_t c, Parse&& parse) {
  Vector& vector = batch_->chunk.column(c);
  T* data = vector.data<T>();
  const size_t num_rows = table_->num_rows;
  const size_t num_columns = table_->num_columns;
  const FieldSpan* fields = table_->fields.data() + c;
  const NullMatcher& nulls = context_.nulls;
  for (size_t r = 0; r < num_rows; ++r) {
    const FieldSpan field = fields[r * num_columns];
    if (row_flags_[r] & kRowBad) [[unlikely]] {
      vector.SetNull(r);
      continue;
    }
    if (nulls.IsNull(buffer_, field)) {
      vector.SetNull(r);
      continue;
    }
    std::string_view text;
    if (field.escaped()) [[unlikely]] {
      scratch_.reserve(field.size() + kParsePadding);  // the parsers read ahead
      text = FieldValue(context_.dialect, buffer_, field, &scratch_);
    } else {
      text = RawFieldText(buffer_, field);
    }
    if (!parse(text, &data[r])) [[unlikely]] {
      std::string copy(text);  // scratch_ may be reused while handling it
      if (OnBadValue(r, c, copy) == Outcome::kRestart) return false;
    }
  }
  return true;
}

bool BatchConverter::BatchIsValidUtf8() {
  if (utf8_state_ < 0) {
    const size_t num_rows = table_->num_rows;
    size_t begin = num_rows > 0 ? table_->records[0].begin : 0;
    size_t end = num_rows > 0 ? table_->records[num_rows - 1].end : 0;
    utf8_state_ = simdjson::validate_utf8(buffer_ + begin, end - begin) ? 1 : 0;
  }
  return utf8_state_ == 1;
}

bool BatchConverter::ConvertString(size_t c, bool check_utf8) {
  Vector& vector = batch_->chunk.column(c);
  StringRef* data = vector.data<StringRef>();
  const size_t num_rows = table_->num_rows;
  const size_t num_columns = table_->num_columns;
  const FieldSpan* fields = table_->fields.data() + c;
  const NullMatcher& nulls = context_.nulls;
  const bool per_value_check = check_utf8 && !BatchIsValidUtf8();
  bool points_into_buffer = false;
  for (size_t r = 0; r < num_rows; ++r) {
    const FieldSpan field = fields[r * num_columns];
    if ((row_flags_[r] & kRowBad) || nulls.IsNull(buffer_, field)) {
      vector.SetNull(r);
      continue;
    }
    if (field.escaped()) [[unlikely]] {
      char* bytes = vector.heap().Allocate(field.size());
      size_t size = UnescapeField(context_.dialect, buffer_, field, bytes);
      ::new (static_cast<void*>(&data[r])) StringRef(bytes, static_cast<uint32_t>(size));
    } else {
      StoreStringRef(&data[r], buffer_ + field.offset, field.size());
      points_into_buffer |= field.size() > StringRef::kInlineLength;
    }
    if (per_value_check) [[unlikely]] {
      std::string_view text = data[r].view();
      if (!simdjson::validate_utf8(text.data(), text.size())) {
        OnBadValue(r, c, text);  // a string column cannot widen: never kRestart
      }
    }
  }
  if (points_into_buffer) vector.heap().KeepAlive(*owner_);
  return true;
}

bool BatchConverter::ConvertColumn(size_t c) {
  const ColumnSpec& spec = (*columns_)[c];
  const DataType& type = spec.type.type;
  const bool inferred = spec.inferred;
  const DateTimePattern* pattern = spec.type.pattern.get();
  switch (type.id()) {
    case TypeId::kVarchar:
      return ConvertString(c, true);
    case TypeId::kVarbinary:
      return ConvertString(c, false);
    case TypeId::kBoolean:
      if (inferred) return ConvertFixed<uint8_t>(c, ParseInferredBoolean);
      return ConvertFixed<uint8_t>(c, [](std::string_view t, uint8_t* out) {
        bool value;
        if (!ParseBoolean(t, &value)) return false;
        *out = value;
        return true;
      });
    case TypeId::kTinyInt:
      return ConvertFixed<int8_t>(c, ParseInt8);
    case TypeId::kSmallInt:
      return ConvertFixed<int16_t>(c, ParseInt16);
    case TypeId::kInteger:
      return ConvertFixed<int32_t>(c, ParseInt32);
    case TypeId::kBigInt:
      if (inferred) {
        return ConvertFixed<int64_t>(c, [](std::string_view t, int64_t* out) {
          return ParsePaddedInt64(t, out) && !HasLeadingZero(t);
        });
      }
      return ConvertFixed<int64_t>(c, ParsePaddedInt64);
    case TypeId::kReal:
      return ConvertFixed<float>(c, ParseFloat);
    case TypeId::kDouble:
      if (inferred) {
        return ConvertFixed<double>(c, [](std::string_view t, double* out) {
          return ParseDouble(t, out) && !HasLeadingZero(t);
        });
      }
      return ConvertFixed<double>(c, ParseDouble);
    case TypeId::kDecimal: {
      const int precision = type.precision(), scale = type.scale();
      auto parse = [precision, scale, inferred](std::string_view t, __int128* out) {
        DecimalResult result = ParseDecimalExact(t, precision, scale, out);
        if (result == DecimalResult::kOk) return !inferred || !HasLeadingZero(t);
        // Explicit columns round extra digits, as CAST does; inferred ones widen.
        return result == DecimalResult::kNeedsRounding && !inferred &&
               ParseDecimal(t, precision, scale, out);
      };
      if (type.is_short_decimal()) {
        return ConvertFixed<int64_t>(c, [&parse, precision, scale, inferred](std::string_view t,
                                                                             int64_t* out) {
          int fast = ParsePaddedShortDecimal(t, precision, scale, out);
          if (fast >= 0) return fast == 1 && (!inferred || !HasLeadingZero(t));
          __int128 value;
          if (!parse(t, &value)) return false;
          *out = static_cast<int64_t>(value);
          return true;
        });
      }
      return ConvertFixed<__int128>(c, parse);
    }
    case TypeId::kDate:
      return ConvertFixed<int32_t>(c, [pattern](std::string_view t, int32_t* out) {
        return (pattern != nullptr && pattern->ParseDate(t, out)) || ParseDateFast(t, out);
      });
    case TypeId::kTimestamp:
      return ConvertFixed<int64_t>(c, [pattern](std::string_view t, int64_t* out) {
        return (pattern != nullptr && pattern->ParseTimestamp(t, out)) ||
               ParseTimestampFast(t, out);
      });
    case TypeId::kTimestampTz:
      return ConvertFixed<TimestampTz>(c, [pattern, inferred](std::string_view t, TimestampTz* out) {
        return (pattern != nullptr && pattern->ParseTimestampTz(t, kUtcZoneId, out)) ||
               ParseTimestampTz(t, kUtcZoneId, /*require_zone=*/inferred, out);
      });
    default:
      throw NotImplementedError("the CSV reader cannot read columns of type " + type.ToString());
  }
}

void BatchConverter::RemoveBadRows() {
  Chunk& chunk = batch_->chunk;
  const size_t num_rows = chunk.size();
  size_t kept = 0;
  for (size_t r = 0; r < num_rows; ++r) kept += (row_flags_[r] & kRowBad) ? 0 : 1;
  if (kept == num_rows) return;
  batch_->rows_rejected += num_rows - kept;
  for (size_t c = 0; c < chunk.num_columns(); ++c) {
    Vector& vector = chunk.column(c);
    const size_t width = vector.type().fixed_width();
    uint8_t* data = vector.raw_data();
    size_t out = 0;
    for (size_t r = 0; r < num_rows; ++r) {
      if (row_flags_[r] & kRowBad) continue;
      if (out != r) {
        std::memcpy(data + out * width, data + r * width, width);
        if (vector.IsNull(r)) {
          vector.SetNull(out);
        } else {
          vector.SetValid(out);
        }
      }
      ++out;
    }
  }
  chunk.set_size(kept);
}

}  // namespace sluice::csv
