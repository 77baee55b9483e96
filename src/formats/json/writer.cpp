#include "formats/json/writer.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/base64.h"
#include "core/error.h"
#include "core/row_ranges.h"
#include "core/value_format.h"
#include "formats/json/json_text.h"

namespace sluice::json {

namespace {

constexpr size_t kFlushSize = 1 << 20;

/// How a column's values are written.
enum class ColumnKind {
  kNull,  ///< Type unknown: every value is null.
  kBoolean,
  kInteger,   ///< TINYINT..BIGINT and DECIMAL: core/value_format.h text as a number.
  kFloating,  ///< REAL, DOUBLE: numbers with '.' or 'e', specials as strings.
  kText,      ///< DATE, TIMESTAMP[TZ]: core/value_format.h text as a string.
  kString,    ///< VARCHAR.
  kBinary,    ///< VARBINARY as base64.
};

ColumnKind KindOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kUnknown: return ColumnKind::kNull;
    case TypeId::kBoolean: return ColumnKind::kBoolean;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDecimal: return ColumnKind::kInteger;
    case TypeId::kReal:
    case TypeId::kDouble: return ColumnKind::kFloating;
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return ColumnKind::kText;
    case TypeId::kVarchar: return ColumnKind::kString;
    case TypeId::kVarbinary: return ColumnKind::kBinary;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kRow: break;
  }
  throw NotImplementedError("the JSON writer cannot write columns of type " + type.ToString() +
                            " yet");
}

class JsonWriter final : public formats::Writer {
 public:
  JsonWriter(io::OutputStream* out, const Schema& schema, const WriteOptions& options)
      : out_(out), num_threads_(ResolveThreads(options.num_threads)), scratches_(num_threads_) {
    for (size_t i = 0; i < schema.num_fields(); ++i) {
      const Field& field = schema.field(i);
      std::string prefix = i == 0 ? "{" : ",";
      AppendJsonString(&prefix, field.name);
      prefix.push_back(':');
      key_prefixes_.push_back(std::move(prefix));
      kinds_.push_back(KindOf(field.type));
    }
    style_.fraction = FractionStyle::kTrimmed;
    style_.zone = ZoneStyle::kSpaceName;
    style_.double_force_point = true;
    buffer_.reserve(kFlushSize + (kFlushSize >> 2));
  }

  void Write(const Chunk& chunk) override {
    SLUICE_ASSERT(chunk.num_columns() == kinds_.size(),
                  "JSON writer: chunk columns must match the schema");
    FormatRowRanges(chunk.size(), num_threads_, &buffer_, &range_buffers_,
                    [&](size_t begin, size_t end, std::string* out, size_t part) {
                      RowFormatter formatter{*this, *out, scratches_[part]};
                      for (size_t row = begin; row < end; ++row) formatter.AppendRow(chunk, row);
                    });
    if (buffer_.size() >= kFlushSize) Flush();
  }

  void Finish() override { Flush(); }

  /// Exact: the text flushed plus the text buffered (compression is the stream's).
  uint64_t EstimatedFileBytes() const override { return flushed_bytes_ + buffer_.size(); }

 private:
  /// Appends rows to one buffer. It reads only the writer's fixed state, so several
  /// formatters can work at once on ranges of one chunk.
  struct RowFormatter {
    const JsonWriter& writer;
    std::string& out;
    std::string& scratch;

    void AppendRow(const Chunk& chunk, size_t row);
    void AppendValue(ColumnKind kind, const Vector& vector, size_t row);
    void AppendFloating(const Vector& vector, size_t row);
    void AppendText(const Vector& vector, size_t row);
  };

  void Flush() {
    if (buffer_.empty()) return;
    out_->Write(buffer_.data(), buffer_.size());
    flushed_bytes_ += buffer_.size();
    buffer_.clear();
  }

  io::OutputStream* out_;
  size_t num_threads_;
  std::vector<std::string> key_prefixes_;
  std::vector<ColumnKind> kinds_;
  TextStyle style_;
  std::string buffer_;
  uint64_t flushed_bytes_ = 0;
  /// Per formatting thread: the text of its rows (range 0 goes to buffer_) and scratch.
  std::vector<std::string> range_buffers_;
  std::vector<std::string> scratches_;
};

void JsonWriter::RowFormatter::AppendRow(const Chunk& chunk, size_t row) {
  if (writer.kinds_.empty()) out.push_back('{');
  for (size_t column = 0; column < writer.kinds_.size(); ++column) {
    out.append(writer.key_prefixes_[column]);
    const Vector& vector = chunk.column(column);
    ColumnKind kind = writer.kinds_[column];
    if (kind == ColumnKind::kNull || vector.IsNull(row)) {
      out.append("null");
    } else {
      AppendValue(kind, vector, row);
    }
  }
  out.append("}\n");
}

void JsonWriter::RowFormatter::AppendValue(ColumnKind kind, const Vector& vector, size_t row) {
  switch (kind) {
    case ColumnKind::kNull: out.append("null"); return;
    case ColumnKind::kBoolean: AppendBoolean(&out, vector.data<uint8_t>()[row] != 0); return;
    case ColumnKind::kInteger: sluice::AppendValue(&out, vector, row, writer.style_); return;
    case ColumnKind::kFloating: AppendFloating(vector, row); return;
    case ColumnKind::kText: AppendText(vector, row); return;
    case ColumnKind::kString: AppendJsonString(&out, vector.GetString(row)); return;
    case ColumnKind::kBinary:
      out.push_back('"');
      AppendBase64(&out, vector.GetString(row));
      out.push_back('"');
      return;
  }
}

void JsonWriter::RowFormatter::AppendFloating(const Vector& vector, size_t row) {
  double value =
      vector.type().id() == TypeId::kReal ? vector.data<float>()[row] : vector.data<double>()[row];
  if (std::isfinite(value)) {
    sluice::AppendValue(&out, vector, row, writer.style_);
  } else {
    out.append(std::isnan(value) ? "\"NaN\"" : value < 0 ? "\"-Infinity\"" : "\"Infinity\"");
  }
}

/// Dates and timestamps: their text holds no byte that needs escaping (digits, '-',
/// ':', '.', ' ' and zone names), which is checked rather than assumed.
void JsonWriter::RowFormatter::AppendText(const Vector& vector, size_t row) {
  size_t start = out.size();
  out.push_back('"');
  sluice::AppendValue(&out, vector, row, writer.style_);
  for (size_t i = start + 1; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
      scratch.assign(out, start + 1);
      out.resize(start);
      AppendJsonString(&out, scratch);
      return;
    }
  }
  out.push_back('"');
}

}  // namespace

std::unique_ptr<formats::Writer> MakeWriter(io::OutputStream* out, const Schema& schema,
                                            const WriteOptions& options) {
  if (out == nullptr) throw InvalidArgumentError("JSON writer needs an output stream");
  return std::make_unique<JsonWriter>(out, schema, options);
}

}  // namespace sluice::json
