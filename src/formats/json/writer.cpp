#include "formats/json/writer.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/base64.h"
#include "core/error.h"
#include "core/value_format.h"
#include "formats/json/json_text.h"

namespace sluice::json {

namespace {

constexpr size_t kFlushSize = 1 << 20;

/// How a column's values are written.
enum class ColumnKind {
  kNull,         ///< Type unknown: every value is null.
  kBoolean,
  kInteger,      ///< TINYINT..BIGINT and DECIMAL: core/value_format.h text as a number.
  kFloating,     ///< REAL, DOUBLE: numbers with '.' or 'e', specials as strings.
  kText,         ///< DATE, TIMESTAMP[TZ]: core/value_format.h text as a string.
  kString,       ///< VARCHAR.
  kBinary,       ///< VARBINARY as base64.
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
  JsonWriter(io::OutputStream* out, const Schema& schema) : out_(out) {
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
    for (size_t row = 0; row < chunk.size(); ++row) {
      AppendRow(chunk, row);
      if (buffer_.size() >= kFlushSize) Flush();
    }
  }

  void Finish() override { Flush(); }

 private:
  void AppendRow(const Chunk& chunk, size_t row) {
    if (kinds_.empty()) buffer_.push_back('{');
    for (size_t column = 0; column < kinds_.size(); ++column) {
      buffer_.append(key_prefixes_[column]);
      const Vector& vector = chunk.column(column);
      if (kinds_[column] == ColumnKind::kNull || vector.IsNull(row)) {
        buffer_.append("null");
      } else {
        AppendValue(kinds_[column], vector, row);
      }
    }
    buffer_.append("}\n");
  }

  void AppendValue(ColumnKind kind, const Vector& vector, size_t row) {
    switch (kind) {
      case ColumnKind::kNull: buffer_.append("null"); return;
      case ColumnKind::kBoolean: AppendBoolean(&buffer_, vector.data<uint8_t>()[row] != 0); return;
      case ColumnKind::kInteger: sluice::AppendValue(&buffer_, vector, row, style_); return;
      case ColumnKind::kFloating: AppendFloating(vector, row); return;
      case ColumnKind::kText: AppendText(vector, row); return;
      case ColumnKind::kString: AppendJsonString(&buffer_, vector.GetString(row)); return;
      case ColumnKind::kBinary:
        buffer_.push_back('"');
        AppendBase64(&buffer_, vector.GetString(row));
        buffer_.push_back('"');
        return;
    }
  }

  void AppendFloating(const Vector& vector, size_t row) {
    double value = vector.type().id() == TypeId::kReal ? vector.data<float>()[row]
                                                       : vector.data<double>()[row];
    if (std::isfinite(value)) {
      sluice::AppendValue(&buffer_, vector, row, style_);
    } else {
      buffer_.append(std::isnan(value) ? "\"NaN\"" : value < 0 ? "\"-Infinity\"" : "\"Infinity\"");
    }
  }

  /// Dates and timestamps: their text holds no byte that needs escaping (digits, '-',
  /// ':', '.', ' ' and zone names), which is checked rather than assumed.
  void AppendText(const Vector& vector, size_t row) {
    size_t start = buffer_.size();
    buffer_.push_back('"');
    sluice::AppendValue(&buffer_, vector, row, style_);
    for (size_t i = start + 1; i < buffer_.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(buffer_[i]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
        scratch_.assign(buffer_, start + 1);
        buffer_.resize(start);
        AppendJsonString(&buffer_, scratch_);
        return;
      }
    }
    buffer_.push_back('"');
  }

  void Flush() {
    if (buffer_.empty()) return;
    out_->Write(buffer_.data(), buffer_.size());
    buffer_.clear();
  }

  io::OutputStream* out_;
  std::vector<std::string> key_prefixes_;
  std::vector<ColumnKind> kinds_;
  TextStyle style_;
  std::string buffer_;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<formats::Writer> MakeWriter(io::OutputStream* out, const Schema& schema,
                                            const WriteOptions& /*options*/) {
  if (out == nullptr) throw InvalidArgumentError("JSON writer needs an output stream");
  return std::make_unique<JsonWriter>(out, schema);
}

}  // namespace sluice::json
