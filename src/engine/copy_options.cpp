#include "engine/copy_options.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <limits>
#include <optional>
#include <vector>

#include "core/error.h"
#include "exec/expression/evaluator.h"
#include "formats/parquet/codec.h"
#include "sql/binder/bind_scope.h"
#include "sql/binder/expression_binder.h"
#include "sql/parser/sql_error.h"

namespace sluice::engine {
namespace {

std::string Lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

/// One option or property with its value folded to a constant when first asked for
/// (so an unknown option is reported as such, whatever its value). A bare word
/// (`FORMAT parquet`) is the string "parquet"; no value (`HEADER`) is absent.
class OptionValue {
 public:
  OptionValue(std::string_view sql, std::string name, sql::SourcePosition position, const sql::Expression* value,
              const sql::SessionSettings& session)
      : sql_(sql), name_(std::move(name)), position_(position), expression_(value), session_(&session) {}

  const std::string& name() const { return name_; }
  sql::SourcePosition position() const { return position_; }
  bool has_value() const { return expression_ != nullptr; }

  std::string Text() const {
    Fold();
    if (!value_ || value_->is_null() || value_->type().id() != TypeId::kVarchar) Fail("a string");
    return value_->string();
  }
  /// Text, or the digits of an integer (`PARQUET_VERSION 2`).
  std::string TextOrInteger() const {
    Fold();
    if (value_ && !value_->is_null() && value_->type().is_integer()) return std::to_string(value_->int64());
    return Text();
  }
  /// Lower-case text: a name such as a format or a codec.
  std::string Word() const { return Lower(Text()); }
  /// No value means true (`HEADER`).
  bool Boolean() const {
    Fold();
    if (!value_) return true;
    if (!value_->is_null() && value_->type().id() == TypeId::kBoolean) return value_->boolean();
    if (!value_->is_null() && value_->type().is_integer() && (value_->int64() == 0 || value_->int64() == 1)) {
      return value_->int64() == 1;
    }
    if (!value_->is_null() && value_->type().id() == TypeId::kVarchar) {
      std::string word = Lower(value_->string());
      if (word == "true") return true;
      if (word == "false") return false;
    }
    Fail("true or false");
  }
  int64_t Integer(int64_t min, int64_t max) const {
    Fold();
    if (!value_ || value_->is_null() || !value_->type().is_integer() || value_->int64() < min ||
        value_->int64() > max) {
      Fail("an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return value_->int64();
  }
  /// One byte: 'c', '\t' or 'tab'.
  char Byte() const {
    std::string text = Text();
    if (text == "\\t" || Lower(text) == "tab") return '\t';
    if (text.size() != 1) Fail("one character");
    return text[0];
  }

  [[noreturn]] void Fail(const std::string& expected) const {
    Fold();
    std::string actual = !value_ ? "nothing" : value_->ToSqlLiteral();
    sql::ThrowBinderError(sql_, position_, "option '" + name_ + "' must be " + expected + ", not " + actual);
  }
  [[noreturn]] void FailMessage(const std::string& message) const {
    sql::ThrowBinderError(sql_, position_, message);
  }
  [[noreturn]] void FailNotImplemented(const std::string& message) const {
    sql::ThrowNotImplemented(sql_, position_, message);
  }

 private:
  void Fold() const {
    if (folded_ || expression_ == nullptr) return;
    folded_ = true;
    if (expression_->kind() == sql::ExpressionKind::kColumnRef &&
        expression_->As<sql::ColumnRefExpression>().parts.size() == 1) {
      value_ = Value::Varchar(expression_->As<sql::ColumnRefExpression>().parts[0].name);
      return;
    }
    static const sql::BindScope kNoColumns;
    sql::ExpressionBinder binder(sql_, kNoColumns, "option '" + name_ + "'");
    value_ = exec::EvaluateConstant(*binder.Bind(*expression_), *session_);
  }

  std::string_view sql_;
  std::string name_;
  sql::SourcePosition position_;
  const sql::Expression* expression_;
  const sql::SessionSettings* session_;
  mutable bool folded_ = false;
  mutable std::optional<Value> value_;
};

std::optional<formats::FileFormat> ParseFormat(std::string_view word) {
  if (word == "parquet") return formats::FileFormat::kParquet;
  if (word == "csv" || word == "textfile") return formats::FileFormat::kCsv;
  if (word == "json" || word == "jsonl" || word == "ndjson") return formats::FileFormat::kJson;
  return std::nullopt;
}

const char* FormatName(formats::FileFormat format) {
  switch (format) {
    case formats::FileFormat::kCsv: return "CSV";
    case formats::FileFormat::kJson: return "JSON";
    case formats::FileFormat::kParquet: return "Parquet";
  }
  return "?";
}

/// Sets the compression from a name: a Parquet codec, or a whole-file compression for
/// text (kAuto stays for the caller to resolve).
void ApplyCompression(const OptionValue& option, formats::FileWriteOptions* write) {
  std::string word = option.Word();
  if (write->format == formats::FileFormat::kParquet) {
    try {
      write->parquet.codec = parquet::ParseCodec(word);
    } catch (const NotImplementedError& error) {
      option.FailNotImplemented(error.what());
    } catch (const InvalidArgumentError&) {
      option.Fail("a Parquet codec (snappy, zstd, gzip, lz4_raw, brotli or none)");
    }
    return;
  }
  try {
    write->compression = io::ParseCompression(word);
  } catch (const InvalidArgumentError&) {
    option.Fail(std::string("a compression of ") + FormatName(write->format) +
                " files (gzip, zstd, bzip2, none or auto; Parquet codecs apply to Parquet only)");
  }
}

void RequireFormat(const OptionValue& option, const formats::FileWriteOptions& write, formats::FileFormat format) {
  if (write.format != format) {
    option.FailMessage("option '" + option.name() + "' applies to " + FormatName(format) + " output only, not " +
                       FormatName(write.format));
  }
}

/// The schema's spelling of column `name` (case-insensitive); BinderError otherwise.
std::string ResolveColumn(const OptionValue& option, const std::string& name, const Schema& schema,
                          const std::vector<std::string>& seen) {
  std::string found;
  for (const Field& field : schema.fields()) {
    if (sql::NamesEqual(field.name, name)) {
      found = field.name;
      break;
    }
  }
  if (found.empty()) {
    std::string names;
    for (const Field& field : schema.fields()) names += (names.empty() ? "" : ", ") + field.name;
    option.FailMessage("partition column '" + name + "' is not a column of the query (" + names + ")");
  }
  for (const std::string& other : seen) {
    if (other == found) option.FailMessage("partition column '" + name + "' is listed twice");
  }
  const DataType& type = schema.field(static_cast<size_t>(schema.FindField(found))).type;
  if (type.is_nested() || type.id() == TypeId::kVarbinary) {
    option.FailMessage("partition column '" + name + "' has type " + type.ToString() +
                       ", which cannot be a partition value");
  }
  return found;
}

void CheckPartitions(const OptionValue& option, const std::vector<std::string>& partition_by, const Schema& schema) {
  if (!partition_by.empty() && partition_by.size() >= schema.num_fields()) {
    option.FailMessage("every column is a partition column: the data files would have no columns");
  }
}

/// A byte count: a positive integer, or a size text (ParseByteSize).
uint64_t ByteSize(const OptionValue& option) {
  std::string text = option.TextOrInteger();
  std::optional<uint64_t> bytes = ParseByteSize(text);
  if (!bytes) option.Fail("a positive size such as 134217728, '128MB' or '1GB'");
  return *bytes;
}

/// A table parameter's limit: 0 for "0" (no limit), else a positive size text or a
/// positive row count; empty when the value is bad.
std::optional<uint64_t> ParseFileLimit(std::string_view key, std::string_view value) {
  if (value == "0") return 0;
  if (key == kTargetFileSizeParameter) return ParseByteSize(value);
  if (value.empty() || value.size() > 18 ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoull(std::string(value));
}

/// What `path` holds when it is written with `write`: the text compression kAuto
/// becomes the one the path's extension names (none for a folder).
void ResolveAutoCompression(const std::string& path, bool folder, formats::FileWriteOptions* write) {
  if (write->compression != io::Compression::kAuto) return;
  write->compression = folder ? io::Compression::kNone : io::CompressionFromPath(path);
}

}  // namespace

std::optional<uint64_t> ParseByteSize(std::string_view text) {
  std::string value = Lower(text);
  while (!value.empty() && value.back() == ' ') value.pop_back();
  size_t start = 0;
  while (start < value.size() && value[start] == ' ') ++start;
  size_t digits = start;
  bool point = false;
  while (digits < value.size() &&
         (std::isdigit(static_cast<unsigned char>(value[digits])) != 0 || (value[digits] == '.' && !point))) {
    point = point || value[digits] == '.';
    ++digits;
  }
  std::string number_text = value.substr(start, digits - start);
  if (number_text.empty() || number_text == ".") return std::nullopt;
  std::string unit = value.substr(digits);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"", 1.0},  {"b", 1.0},  {"kb", 0x1p10}, {"kib", 0x1p10}, {"mb", 0x1p20}, {"mib", 0x1p20},
      {"gb", 0x1p30}, {"gib", 0x1p30}, {"tb", 0x1p40}, {"tib", 0x1p40}};
  const auto* unit_entry =
      std::find_if(std::begin(kUnits), std::end(kUnits), [&](const auto& entry) { return entry.first == unit; });
  if (unit_entry == std::end(kUnits)) return std::nullopt;
  double bytes = std::strtod(number_text.c_str(), nullptr) * unit_entry->second;
  if (!(bytes >= 1) || bytes > 0x1p62) return std::nullopt;
  return static_cast<uint64_t>(bytes);
}

std::string CheckFileLimitParameter(std::string_view key, std::string_view value) {
  if (key != kTargetFileSizeParameter && key != kMaxRowsPerFileParameter) return "";
  if (ParseFileLimit(key, value)) return "";
  std::string what = "'" + std::string(value) + "'";
  if (key == kTargetFileSizeParameter) {
    return "target_file_size " + what + " is no size (write e.g. '128MB', '1GB' or a number of bytes; '0' for no limit)";
  }
  return "max_rows_per_file " + what + " is no row count (write a positive integer; '0' for no limit)";
}

void ApplyTableFileLimits(std::string_view sql, sql::SourcePosition position,
                          const std::map<std::string, std::string>& parameters, const std::string& table,
                          exec::CopyTarget* target) {
  target->target_file_bytes = kDefaultTableFileBytes;
  target->max_rows_per_file = 0;
  for (const char* key : {kTargetFileSizeParameter, kMaxRowsPerFileParameter}) {
    auto it = parameters.find(key);
    if (it == parameters.end()) continue;
    std::optional<uint64_t> limit = ParseFileLimit(key, it->second);
    if (!limit) {
      sql::ThrowBinderError(sql, position,
                            "table " + table + ": parameter " + CheckFileLimitParameter(key, it->second) +
                                " (fix it with ALTER TABLE … SET TBLPROPERTIES)");
    }
    (key == std::string_view(kTargetFileSizeParameter) ? target->target_file_bytes : target->max_rows_per_file) =
        *limit;
  }
}

exec::CopyTarget CopyTargetFromOptions(std::string_view sql, const sql::CopyStatement& copy, const Schema& schema,
                                       const sql::SessionSettings& session) {
  exec::CopyTarget target;
  target.path = copy.path;
  target.schema = schema;
  target.statement = "COPY";
  formats::FileWriteOptions& write = target.write;
  std::vector<OptionValue> options;
  for (const sql::CopyOption& option : copy.options) {
    std::string name = Lower(option.name);
    if (option.has_list) {
      if (name != "partition_by") {
        sql::ThrowBinderError(sql, option.position, "option '" + name + "' takes one value, not a list");
      }
      for (const sql::ExpressionPtr& column : option.list) {
        options.emplace_back(sql, name, column->position, column.get(), session);
      }
      if (option.list.empty()) sql::ThrowBinderError(sql, option.position, "PARTITION_BY needs at least one column");
      continue;
    }
    options.emplace_back(sql, name, option.position, option.value.get(), session);
  }

  // The format first: the other options depend on it.
  std::optional<formats::FileFormat> format = formats::FileFormatFromExtension(copy.path);
  for (const OptionValue& option : options) {
    if (option.name() != "format") continue;
    format = ParseFormat(option.Word());
    if (!format) option.Fail("parquet, csv or json");
  }
  write.format = format.value_or(formats::FileFormat::kCsv);  // DuckDB's default
  write.compression = io::Compression::kAuto;
  write.csv.dialect = csv::Rfc4180Dialect();

  bool append = false;
  bool overwrite = false;
  const OptionValue* partition_option = nullptr;
  std::vector<const OptionValue*> limit_options;
  for (const OptionValue& option : options) {
    const std::string& name = option.name();
    if (name == "format") continue;
    if (name == "partition_by") {
      target.partition_by.push_back(ResolveColumn(option, option.Text(), schema, target.partition_by));
      partition_option = &option;
    } else if (name == "compression" || name == "codec") {
      ApplyCompression(option, &write);
    } else if (name == "compression_level") {
      write.compression_level = static_cast<int>(option.Integer(-131072, 22));
      write.parquet.compression_level = write.compression_level;
    } else if (name == "header") {
      RequireFormat(option, write, formats::FileFormat::kCsv);
      write.csv.dialect.header = option.Boolean();
    } else if (name == "delimiter" || name == "delim" || name == "sep") {
      RequireFormat(option, write, formats::FileFormat::kCsv);
      write.csv.dialect.delimiter = option.Byte();
    } else if (name == "quote") {
      RequireFormat(option, write, formats::FileFormat::kCsv);
      write.csv.dialect.quote = option.Byte();
    } else if (name == "escape") {
      RequireFormat(option, write, formats::FileFormat::kCsv);
      char escape = option.Byte();
      if (escape == write.csv.dialect.quote) {
        write.csv.dialect.escape_mode = csv::EscapeMode::kDoubledQuote;
      } else {
        write.csv.dialect.escape_mode = csv::EscapeMode::kEscapeChar;
        write.csv.dialect.escape = escape;
      }
    } else if (name == "null" || name == "nullstr") {
      RequireFormat(option, write, formats::FileFormat::kCsv);
      write.csv.dialect.null_strings = {option.Text()};
    } else if (name == "quote_all" || name == "force_quote") {
      RequireFormat(option, write, formats::FileFormat::kCsv);
      write.csv.dialect.quote_all = option.Boolean();
    } else if (name == "preset") {
      RequireFormat(option, write, formats::FileFormat::kCsv);
      try {
        write.csv.dialect = csv::PresetDialect(option.Word());
      } catch (const InvalidArgumentError& error) {
        option.FailMessage(error.what());
      }
    } else if (name == "row_group_size") {
      RequireFormat(option, write, formats::FileFormat::kParquet);
      write.parquet.row_group_rows = option.Integer(1, int64_t{1} << 40);
    } else if (name == "parquet_version") {
      RequireFormat(option, write, formats::FileFormat::kParquet);
      std::string word = option.has_value() ? Lower(option.TextOrInteger()) : "";
      if (word == "1" || word == "v1") {
        write.parquet.writer_version = 1;
      } else if (word == "2" || word == "v2") {
        write.parquet.writer_version = 2;
      } else {
        option.Fail("'V1' or 'V2'");
      }
    } else if (name == "max_rows_per_file") {
      target.max_rows_per_file = static_cast<uint64_t>(option.Integer(1, std::numeric_limits<int64_t>::max()));
      limit_options.push_back(&option);
    } else if (name == "file_size_bytes") {
      target.target_file_bytes = ByteSize(option);
      limit_options.push_back(&option);
    } else if (name == "append" || name == "overwrite_or_ignore") {
      append = option.Boolean();
    } else if (name == "overwrite") {
      overwrite = option.Boolean();
    } else {
      option.FailMessage("unknown COPY option '" + name +
                         "'; options: FORMAT, PARTITION_BY, COMPRESSION, COMPRESSION_LEVEL, HEADER, DELIMITER, "
                         "QUOTE, ESCAPE, NULL, QUOTE_ALL, PRESET, ROW_GROUP_SIZE, PARQUET_VERSION, APPEND, "
                         "OVERWRITE, MAX_ROWS_PER_FILE, FILE_SIZE_BYTES");
    }
  }
  if (partition_option != nullptr) CheckPartitions(*partition_option, target.partition_by, schema);
  if (append && overwrite) {
    for (const OptionValue& option : options) {
      if (option.name() == "overwrite") option.FailMessage("APPEND and OVERWRITE contradict");
    }
  }
  if (target.partition_by.empty()) {
    for (const OptionValue* option : limit_options) {
      option->FailMessage("option '" + option->name() +
                          "' applies to PARTITION_BY output (a folder of files); without PARTITION_BY a COPY "
                          "writes one file");
    }
    if (append) {
      for (const OptionValue& option : options) {
        if (option.name() == "append" || option.name() == "overwrite_or_ignore") {
          option.FailMessage("option '" + option.name() +
                             "' applies to PARTITION_BY output (a folder); a file is always replaced");
        }
      }
    }
    target.layout = exec::CopyTarget::Layout::kFile;
  } else {
    target.layout = exec::CopyTarget::Layout::kFolder;
    target.existing = append      ? exec::CopyTarget::ExistingFolder::kAppend
                      : overwrite ? exec::CopyTarget::ExistingFolder::kReplace
                                  : exec::CopyTarget::ExistingFolder::kFail;
  }
  ResolveAutoCompression(copy.path, target.layout == exec::CopyTarget::Layout::kFolder, &write);
  return target;
}

TableTarget TableTargetFromProperties(std::string_view sql, const sql::CreateTableAsStatement& create,
                                      const std::string& name, const Schema& schema,
                                      const sql::SessionSettings& session) {
  TableTarget table;
  exec::CopyTarget& target = table.target;
  target.layout = exec::CopyTarget::Layout::kFolder;
  target.existing = exec::CopyTarget::ExistingFolder::kFail;
  target.create_parents = true;
  target.file_name = "data";
  target.schema = schema;
  target.statement = "CREATE TABLE AS";
  formats::FileWriteOptions& write = target.write;
  write.format = formats::FileFormat::kParquet;
  write.compression = io::Compression::kNone;
  write.csv.dialect = csv::Rfc4180Dialect();
  std::string location;
  target.target_file_bytes = kDefaultTableFileBytes;

  std::vector<OptionValue> properties;
  for (const sql::Property& property : create.properties) {
    std::string key = Lower(property.name.name);
    if (key == "partitioned_by" && property.value->kind() == sql::ExpressionKind::kArray) {
      for (const sql::ExpressionPtr& element : property.value->As<sql::ArrayExpression>().elements) {
        properties.emplace_back(sql, key, element->position, element.get(), session);
      }
      continue;
    }
    properties.emplace_back(sql, key, property.name.position, property.value.get(), session);
  }
  for (const OptionValue& property : properties) {
    if (property.name() != "format") continue;
    std::string word = property.Word();
    if (word == "orc" || word == "avro" || word == "parquet_legacy" || word == "ion") {
      sql::ThrowNotImplemented(sql, property.position(),
                               "format '" + property.Text() + "' is not supported; use PARQUET, CSV or JSON");
    }
    std::optional<formats::FileFormat> format = ParseFormat(word);
    if (!format) property.Fail("'PARQUET', 'CSV' or 'JSON'");
    write.format = *format;
  }
  const OptionValue* partition_property = nullptr;
  for (const OptionValue& property : properties) {
    const std::string& key = property.name();
    if (key == "format") continue;
    if (key == "location" || key == "external_location") {
      location = property.Text();
      if (location.empty()) property.Fail("a folder path");
      table.external = true;
    } else if (key == "partitioned_by") {
      target.partition_by.push_back(ResolveColumn(property, property.Text(), schema, target.partition_by));
      partition_property = &property;
    } else if (key == "write_compression" || key == "parquet_compression") {
      if (key == "parquet_compression") RequireFormat(property, write, formats::FileFormat::kParquet);
      ApplyCompression(property, &write);
      if (write.compression == io::Compression::kAuto) property.Fail("a compression name");
    } else if (key == "compression_level") {
      write.compression_level = static_cast<int>(property.Integer(-131072, 22));
      write.parquet.compression_level = write.compression_level;
    } else if (key == "field_delimiter") {
      RequireFormat(property, write, formats::FileFormat::kCsv);
      write.csv.dialect.delimiter = property.Byte();
    } else if (key == kTargetFileSizeParameter) {
      std::string text = property.TextOrInteger();
      target.target_file_bytes = text == "0" ? 0 : ByteSize(property);
      table.parameters[key] = text;
    } else if (key == kMaxRowsPerFileParameter) {
      std::string text = property.TextOrInteger();
      std::optional<uint64_t> rows = ParseFileLimit(key, text);
      if (!rows) property.Fail("a row count (a positive integer, or 0 for no limit)");
      target.max_rows_per_file = *rows;
      table.parameters[key] = std::to_string(*rows);
    } else if (key == "bucketed_by" || key == "bucket_count") {
      sql::ThrowNotImplemented(sql, property.position(), "bucketed tables are not supported");
    } else {
      property.FailMessage("unknown table property '" + key +
                           "'; properties: format, location (external_location), partitioned_by, "
                           "write_compression, compression_level, field_delimiter, target_file_size, max_rows_per_file");
    }
  }
  if (partition_property != nullptr) CheckPartitions(*partition_property, target.partition_by, schema);
  if (location.empty()) location = name;
  target.path = std::filesystem::absolute(location).lexically_normal().string();
  if (target.path.size() > 1 && target.path.back() == '/') target.path.pop_back();
  return table;
}

}  // namespace sluice::engine
