#include "formats/csv/writer.h"

#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_set.h"
#include "core/error.h"
#include "core/row_ranges.h"
#include "core/value_format.h"

namespace sluice::csv {

namespace {

/// Output is handed to the stream in blocks of about this size.
constexpr size_t kFlushSize = 1 << 20;

/// Turns values into protected field text for one dialect. Stateless once built, so
/// that several threads could share it; the buffers it writes to are the caller's.
class FieldEncoder {
 public:
  explicit FieldEncoder(const Dialect& dialect);

  /// Appends `text` as one field: fast when nothing in it needs protection.
  void AppendText(std::string* out, std::string_view text) const {
    if (NeedsProtection(text)) {
      AppendProtected(out, text);
      return;
    }
    if (quote_every_field_) out->push_back(quote_);
    out->append(text);
    if (quote_every_field_) out->push_back(quote_);
  }

  /// Appends the value at `row` of `vector` (not NULL), formatting it in place and
  /// redoing it through the slow path only when its text needs protection.
  void AppendValue(std::string* out, std::string* scratch, const Vector& vector, size_t row) const {
    size_t start = out->size();
    if (quote_every_field_) out->push_back(quote_);
    size_t value_start = out->size();
    sluice::AppendValue(out, vector, row, style_);
    std::string_view text(out->data() + value_start, out->size() - value_start);
    if (!NeedsProtection(text)) {
      if (quote_every_field_) out->push_back(quote_);
      return;
    }
    scratch->assign(text);
    out->resize(start);
    AppendProtected(out, *scratch);
  }

  /// A value whose text can never need protection (IsAlwaysPlain of its type).
  void AppendPlainValue(std::string* out, const Vector& vector, size_t row) const {
    if (quote_every_field_) out->push_back(quote_);
    sluice::AppendValue(out, vector, row, style_);
    if (quote_every_field_) out->push_back(quote_);
  }

  void AppendNull(std::string* out) const { out->append(null_field_); }

  /// True when no text of `type` can hold a byte to protect or equal a null string:
  /// numbers, dates and timestamps under the usual dialects. Such columns skip the scan.
  bool IsAlwaysPlain(const DataType& type) const;

 private:
  bool HasSpecialByte(std::string_view text) const { return special_.AnyIn(text); }
  bool IsNullLike(std::string_view text) const {
    for (const std::string& null_string : null_strings_) {
      if (text == null_string) return true;
    }
    return false;
  }
  bool NeedsProtection(std::string_view text) const {
    if (HasSpecialByte(text)) return true;
    if (check_null_like_ && IsNullLike(text)) return true;
    return check_edge_spaces_ && !text.empty() && (text.front() == ' ' || text.back() == ' ');
  }
  void AppendProtected(std::string* out, std::string_view text) const;
  void AppendDoubledQuote(std::string* out, std::string_view text) const;
  void AppendEscaped(std::string* out, std::string_view text) const;
  void AppendBare(std::string* out, std::string_view text) const;

  EscapeMode mode_;
  char delimiter_;
  char quote_;
  char escape_;
  bool quote_all_;
  bool null_if_quoted_;
  /// quote_all with a quote byte: the fast path wraps every field in quotes.
  bool quote_every_field_;
  /// Whether a value equal to a null string needs the slow path (not when quoting
  /// every field already keeps it distinct).
  bool check_null_like_;
  /// kDoubledQuote without quote_all: fields with edge spaces get quoted.
  bool check_edge_spaces_;
  /// Bytes that send a value through the slow path.
  ByteSet special_;
  /// Bytes the escape byte goes before (kEscapeChar).
  ByteSet escaped_;
  std::vector<std::string> null_strings_;
  std::string null_field_;
  TextStyle style_;
};

FieldEncoder::FieldEncoder(const Dialect& dialect)
    : mode_(dialect.escape_mode),
      delimiter_(dialect.delimiter),
      quote_(dialect.quote),
      escape_(dialect.escape),
      quote_all_(dialect.quote_all),
      null_if_quoted_(dialect.null_if_quoted),
      null_strings_(dialect.null_strings) {
  bool has_quote = quote_ != '\0';
  quote_every_field_ = quote_all_ && has_quote;
  check_null_like_ = !(quote_every_field_ && !null_if_quoted_);
  check_edge_spaces_ = mode_ == EscapeMode::kDoubledQuote && !quote_every_field_;
  switch (mode_) {
    case EscapeMode::kDoubledQuote:
      if (has_quote) special_.Add(quote_);
      if (!quote_every_field_) {
        for (char c : {delimiter_, '\r', '\n'}) special_.Add(c);
      }
      break;
    case EscapeMode::kEscapeChar:
      for (char c : {delimiter_, escape_, '\r', '\n'}) escaped_.Add(c);
      if (has_quote) escaped_.Add(quote_);
      for (char c : dialect.escape_also) escaped_.Add(c);
      special_ = escaped_;
      break;
    case EscapeMode::kNone:
      if (!quote_every_field_) {
        for (char c : {delimiter_, '\r', '\n'}) special_.Add(c);
      }
      break;
  }
  if (!null_strings_.empty()) {
    if (dialect.quote_null && has_quote) null_field_.push_back(quote_);
    null_field_.append(null_strings_.front());
    if (dialect.quote_null && has_quote) null_field_.push_back(quote_);
  }
  style_.fraction = FractionStyle::kTrimmed;
  style_.zone = ZoneStyle::kSpaceName;
}

/// Every byte the text of a type may hold (see core/value_format.h), or empty when
/// it is not a short known set (zone names, strings).
std::string_view TextAlphabet(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return "truefals";
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: return "-0123456789";
    case TypeId::kDecimal: return "-.0123456789";
    case TypeId::kReal:
    case TypeId::kDouble: return "-+.0123456789eNaInfity";
    case TypeId::kDate: return "-0123456789";
    case TypeId::kTimestamp: return "-0123456789 :.";
    default: return "";
  }
}

bool FieldEncoder::IsAlwaysPlain(const DataType& type) const {
  std::string_view alphabet = TextAlphabet(type);
  if (alphabet.empty()) return false;
  for (char c : alphabet) {
    if (special_.Contains(c)) return false;
  }
  if (check_null_like_) {
    for (const std::string& null_string : null_strings_) {
      if (!null_string.empty() && null_string.find_first_not_of(alphabet) == std::string::npos) {
        return false;
      }
    }
  }
  return true;
}

void FieldEncoder::AppendProtected(std::string* out, std::string_view text) const {
  switch (mode_) {
    case EscapeMode::kDoubledQuote: AppendDoubledQuote(out, text); return;
    case EscapeMode::kEscapeChar: AppendEscaped(out, text); return;
    case EscapeMode::kNone: AppendBare(out, text); return;
  }
}

void FieldEncoder::AppendDoubledQuote(std::string* out, std::string_view text) const {
  if (quote_ == '\0') {  // nothing can protect the value
    out->append(text);
    return;
  }
  out->push_back(quote_);
  while (!text.empty()) {
    const void* found = std::memchr(text.data(), quote_, text.size());
    size_t length = found == nullptr
                        ? text.size()
                        : static_cast<size_t>(static_cast<const char*>(found) - text.data()) + 1;
    out->append(text.data(), length);
    if (found != nullptr) out->push_back(quote_);
    text.remove_prefix(length);
  }
  out->push_back(quote_);
}

void FieldEncoder::AppendEscaped(std::string* out, std::string_view text) const {
  bool has_quote = quote_ != '\0';
  bool null_like = IsNullLike(text);
  // Quotes keep a null-looking value distinct unless quoted null strings mean NULL too.
  bool quoted = has_quote && (quote_all_ || (null_like && !null_if_quoted_));
  bool escape_first = null_like && !(quoted && !null_if_quoted_) && !text.empty();
  if (quoted) out->push_back(quote_);
  const char* p = text.data();
  const char* end = p + text.size();
  if (escape_first && !escaped_.Contains(*p)) {
    out->push_back(escape_);
    out->push_back(*p++);
  }
  while (p < end) {
    const char* special = escaped_.Find(p, end);
    out->append(p, static_cast<size_t>(special - p));
    if (special == end) break;
    out->push_back(escape_);
    out->push_back(*special);
    p = special + 1;
  }
  if (quoted) out->push_back(quote_);
}

void FieldEncoder::AppendBare(std::string* out, std::string_view text) const {
  bool quoted = quote_ != '\0' && (quote_all_ || HasSpecialByte(text) || IsNullLike(text));
  if (quoted) out->push_back(quote_);
  out->append(text);
  if (quoted) out->push_back(quote_);
}

/// How a column's values are turned into text.
enum class ColumnKind {
  kBytes,      ///< VARCHAR / VARBINARY: the bytes themselves.
  kPlain,      ///< Formatted text that never needs protection (no scan).
  kFormatted,  ///< Other types: core/value_format.h text, scanned.
};

class CsvWriter final : public formats::Writer {
 public:
  CsvWriter(io::OutputStream* out, const Schema& schema, const WriteOptions& options)
      : out_(out),
        encoder_(options.dialect),
        delimiter_(options.dialect.delimiter),
        line_end_(options.dialect.line_end),
        num_threads_(ResolveThreads(options.num_threads)),
        scratches_(num_threads_) {
    const Dialect& dialect = options.dialect;
    for (const Field& field : schema.fields()) {
      kinds_.push_back(field.type.is_string()               ? ColumnKind::kBytes
                       : encoder_.IsAlwaysPlain(field.type) ? ColumnKind::kPlain
                                                            : ColumnKind::kFormatted);
    }
    buffer_.reserve(kFlushSize + (kFlushSize >> 2));
    if (dialect.header) WriteHeader(schema);
  }

  void Write(const Chunk& chunk) override {
    SLUICE_ASSERT(chunk.num_columns() == kinds_.size(),
                  "CSV writer: chunk columns must match the schema");
    FormatRowRanges(chunk.size(), num_threads_, &buffer_, &range_buffers_,
                    [&](size_t begin, size_t end, std::string* out, size_t part) {
                      std::string& scratch = scratches_[part];
                      for (size_t row = begin; row < end; ++row)
                        AppendRow(chunk, row, out, &scratch);
                    });
    if (buffer_.size() >= kFlushSize) Flush();
  }

  void Finish() override { Flush(); }

  /// Exact: the text flushed plus the text buffered (compression is the stream's).
  uint64_t EstimatedFileBytes() const override { return flushed_bytes_ + buffer_.size(); }

 private:
  void WriteHeader(const Schema& schema) {
    for (size_t i = 0; i < schema.num_fields(); ++i) {
      if (i > 0) buffer_.push_back(delimiter_);
      encoder_.AppendText(&buffer_, schema.field(i).name);
    }
    buffer_.append(line_end_);
  }

  /// Appends one row; reads only state that is fixed after construction, so ranges of
  /// rows can be formatted on several threads (each with its own `out` and `scratch`).
  void AppendRow(const Chunk& chunk, size_t row, std::string* out, std::string* scratch) const {
    for (size_t column = 0; column < kinds_.size(); ++column) {
      if (column > 0) out->push_back(delimiter_);
      const Vector& vector = chunk.column(column);
      if (vector.IsNull(row)) {
        encoder_.AppendNull(out);
        continue;
      }
      switch (kinds_[column]) {
        case ColumnKind::kBytes: encoder_.AppendText(out, vector.GetString(row)); break;
        case ColumnKind::kPlain: encoder_.AppendPlainValue(out, vector, row); break;
        case ColumnKind::kFormatted: encoder_.AppendValue(out, scratch, vector, row); break;
      }
    }
    out->append(line_end_);
  }

  void Flush() {
    if (buffer_.empty()) return;
    out_->Write(buffer_.data(), buffer_.size());
    flushed_bytes_ += buffer_.size();
    buffer_.clear();
  }

  io::OutputStream* out_;
  FieldEncoder encoder_;
  char delimiter_;
  std::string line_end_;
  std::vector<ColumnKind> kinds_;
  size_t num_threads_;
  std::string buffer_;
  uint64_t flushed_bytes_ = 0;
  /// Per formatting thread: the text of its rows (range 0 goes to buffer_) and scratch.
  std::vector<std::string> range_buffers_;
  std::vector<std::string> scratches_;
};

}  // namespace

std::unique_ptr<formats::Writer> MakeWriter(io::OutputStream* out, const Schema& schema,
                                            const WriteOptions& options) {
  if (out == nullptr) throw InvalidArgumentError("CSV writer needs an output stream");
  return std::make_unique<CsvWriter>(out, schema, options);
}

}  // namespace sluice::csv
