#include "engine/catalog_serde.h"

#include <cctype>
#include <charconv>
#include <optional>

#include "core/ascii.h"
#include "engine/catalog_format.h"
#include "sql/binder/bind_scope.h"
#include "sql/parser/hive_string.h"
#include "sql/parser/sql_error.h"

namespace sluice::engine {
namespace {

constexpr std::string_view kLazySimpleSerDe = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
constexpr std::string_view kOpenCsvSerDe = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
constexpr std::string_view kParquetSerDe = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
constexpr std::string_view kJsonSerDe = "org.openx.data.jsonserde.JsonSerDe";

/// How the row format reads text: which SerDe family.
enum class TextSerDe : uint8_t { kNone, kLazySimple, kOpenCsv, kJson, kParquet };

/// The SerDe a class names; NotImplementedError for the ones Sluice cannot read.
TextSerDe SerDeOfClass(std::string_view sql, const sql::StringValue& serde) {
  std::string name = AsciiLower(serde.value);
  if (name == AsciiLower(kLazySimpleSerDe) || name == "org.apache.hadoop.hive.serde2.lazy.lazysimpleserde") {
    return TextSerDe::kLazySimple;
  }
  if (name == AsciiLower(kOpenCsvSerDe)) return TextSerDe::kOpenCsv;
  if (name == AsciiLower(kJsonSerDe) || name == "org.apache.hive.hcatalog.data.jsonserde" ||
      name == "org.apache.hadoop.hive.serde2.jsonserde") {
    return TextSerDe::kJson;
  }
  if (name == AsciiLower(kParquetSerDe)) return TextSerDe::kParquet;
  std::string what = "SerDe '" + serde.value + "' is not supported";
  if (name.find("orc") != std::string::npos || name.find("avro") != std::string::npos) {
    what += ": Sluice reads CSV, JSON and Parquet tables (convert the files with `sluice convert`)";
  } else {
    what += "; supported: LazySimpleSerDe, OpenCSVSerde, JsonSerDe (openx, hcatalog), ParquetHiveSerDe";
  }
  sql::ThrowNotImplemented(sql, serde.position, what);
}

/// The format STORED AS names (kNone: text, decided by the SerDe).
TextSerDe SerDeOfStoredAs(std::string_view sql, const sql::StoredAs& stored) {
  if (stored.format.empty()) {
    std::string input = stored.input_format ? AsciiLower(stored.input_format->value) : std::string();
    if (input.find("parquet") != std::string::npos) return TextSerDe::kParquet;
    if (input == "org.apache.hadoop.mapred.textinputformat") return TextSerDe::kNone;
    sql::ThrowNotImplemented(sql, stored.position,
                             "INPUTFORMAT '" + (stored.input_format ? stored.input_format->value : std::string()) +
                                 "' is not supported; supported: TextInputFormat, MapredParquetInputFormat");
  }
  if (stored.format == "parquet") return TextSerDe::kParquet;
  if (stored.format == "textfile") return TextSerDe::kNone;
  if (stored.format == "json" || stored.format == "jsonfile") return TextSerDe::kJson;
  sql::ThrowNotImplemented(
      sql, stored.position,
      "STORED AS " + stored.format + " is not supported: Sluice reads PARQUET, TEXTFILE (CSV) and JSON tables");
}

std::string ByteOption(char byte) { return ShowDialectByte(byte); }

/// A SERDEPROPERTIES value by key (case-sensitive, as Hive), or null.
const std::string* SerDeProperty(const sql::CreateExternalTableStatement& create, std::string_view key) {
  const std::string* found = nullptr;
  for (const sql::StringProperty& property : create.serde_properties) {
    if (property.key == key) found = &property.value;
  }
  return found;
}

const sql::StringProperty* TableProperty(const sql::CreateExternalTableStatement& create, std::string_view key) {
  const sql::StringProperty* found = nullptr;
  for (const sql::StringProperty& property : create.table_properties) {
    if (property.key == key) found = &property;
  }
  return found;
}

void LazySimpleOptions(std::string_view sql, const sql::CreateExternalTableStatement& create,
                       std::map<std::string, std::string>* options) {
  char delimiter = '\001';
  std::optional<char> escape;
  std::string null_text = "\\N";
  if (create.row_format && create.row_format->kind == sql::RowFormatKind::kDelimited) {
    const sql::RowFormat& format = *create.row_format;
    if (format.fields_terminated_by) delimiter = HiveDelimiterByte(format.fields_terminated_by->value);
    if (format.escaped_by) escape = HiveDelimiterByte(format.escaped_by->value);
    if (format.null_defined_as) null_text = format.null_defined_as->value;
    if (format.lines_terminated_by && format.lines_terminated_by->value != "\n") {
      sql::ThrowNotImplemented(sql, format.lines_terminated_by->position,
                               "LINES TERMINATED BY other than '\\n' is not supported (Athena allows only '\\n')");
    }
  }
  if (const std::string* value = SerDeProperty(create, "field.delim")) {
    delimiter = HiveDelimiterByte(*value);
  } else if (const std::string* format = SerDeProperty(create, "serialization.format")) {
    delimiter = HiveDelimiterByte(*format);
  }
  if (const std::string* value = SerDeProperty(create, "escape.delim")) escape = HiveDelimiterByte(*value);
  if (delimiter == '\0') delimiter = '\001';
  (*options)["delimiter"] = ByteOption(delimiter);
  (*options)["quote"] = "none";
  (*options)["escape"] = escape ? ByteOption(*escape) : "none";
  (*options)["null"] = null_text;
}

void OpenCsvOptions(const sql::CreateExternalTableStatement& create, std::map<std::string, std::string>* options) {
  char delimiter = ',';
  char quote = '"';
  if (const std::string* value = SerDeProperty(create, "separatorChar"); value && !value->empty()) {
    delimiter = (*value)[0];
  }
  if (const std::string* value = SerDeProperty(create, "quoteChar"); value && !value->empty()) quote = (*value)[0];
  (*options)["delimiter"] = ByteOption(delimiter);
  (*options)["quote"] = ByteOption(quote);
  // OpenCSV reads both a doubled quote and its escape byte inside quotes; our reader
  // takes one rule: the escape byte when the table names one, else doubled quotes
  // (what CSV writers produce).
  if (const std::string* value = SerDeProperty(create, "escapeChar"); value && !value->empty()) {
    (*options)["escape"] = (*value)[0] == quote ? "double" : ByteOption((*value)[0]);
  } else {
    (*options)["escape"] = "double";
  }
  (*options)["null"] = "";
}

/// Text-format options common to every SerDe: header lines, null text, compression.
void TableTextOptions(std::string_view sql, const sql::CreateExternalTableStatement& create, bool csv,
                      std::map<std::string, std::string>* options) {
  if (const sql::StringProperty* skip = TableProperty(create, "skip.header.line.count"); skip && csv) {
    size_t lines = 0;
    auto [end, error] = std::from_chars(skip->value.data(), skip->value.data() + skip->value.size(), lines);
    if (error != std::errc() || end != skip->value.data() + skip->value.size()) {
      sql::ThrowBinderError(sql, skip->position,
                            "'skip.header.line.count' must be a number of lines, not '" + skip->value + "'");
    }
    if (lines > 0) (*options)["skip_rows"] = std::to_string(lines);
  }
  if (csv) {
    if (const std::string* value = SerDeProperty(create, "serialization.null.format")) (*options)["null"] = *value;
    if (const sql::StringProperty* value = TableProperty(create, "serialization.null.format")) {
      (*options)["null"] = value->value;
    }
  }
  for (std::string_view key : {"compressionType", "write.compression", "compression"}) {
    const sql::StringProperty* value = TableProperty(create, key);
    if (value == nullptr) continue;
    std::string codec = AsciiLower(value->value);
    if (codec == "gzip" || codec == "zstd" || codec == "bzip2" || codec == "none") {
      (*options)["compression"] = codec;
    } else if (codec != "snappy" || csv) {
      sql::ThrowNotImplemented(sql, value->position,
                               "compression '" + value->value +
                                   "' is not supported for text tables; supported: "
                                   "gzip, zstd, bzip2, none");
    }
  }
}

}  // namespace

char HiveDelimiterByte(std::string_view text) {
  if (text.empty()) return '\0';
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size() && value >= -128 && value <= 127) {
    return static_cast<char>(value);
  }
  return text[0];
}

TableStorage StorageFromDdl(std::string_view sql, const sql::CreateExternalTableStatement& create) {
  TextSerDe stored = create.stored_as ? SerDeOfStoredAs(sql, *create.stored_as) : TextSerDe::kNone;
  TextSerDe serde = TextSerDe::kNone;
  if (create.row_format && create.row_format->kind == sql::RowFormatKind::kSerde) {
    serde = SerDeOfClass(sql, *create.row_format->serde);
  } else if (create.row_format) {
    serde = TextSerDe::kLazySimple;
  }
  if (stored != TextSerDe::kNone && serde != TextSerDe::kNone && serde != stored &&
      !(stored == TextSerDe::kJson && serde == TextSerDe::kJson)) {
    sql::ThrowBinderError(sql, create.row_format->position,
                          "this ROW FORMAT does not read STORED AS " + create.stored_as->format + " files");
  }
  TableStorage storage;
  TextSerDe kind = stored;
  if (stored == TextSerDe::kNone) kind = serde == TextSerDe::kNone ? TextSerDe::kLazySimple : serde;
  switch (kind) {
    case TextSerDe::kParquet:
      storage.format = catalog::StorageFormat::kParquet;
      break;
    case TextSerDe::kJson:
      storage.format = catalog::StorageFormat::kJson;
      TableTextOptions(sql, create, false, &storage.format_options);
      break;
    case TextSerDe::kOpenCsv:
      storage.format = catalog::StorageFormat::kCsv;
      OpenCsvOptions(create, &storage.format_options);
      TableTextOptions(sql, create, true, &storage.format_options);
      break;
    default:
      storage.format = catalog::StorageFormat::kCsv;
      LazySimpleOptions(sql, create, &storage.format_options);
      TableTextOptions(sql, create, true, &storage.format_options);
      break;
  }
  return storage;
}

std::string StorageToDdl(const catalog::Table& table, std::map<std::string, std::string>* table_properties) {
  const auto& options = table.format_options;
  auto option = [&](const std::string& key) -> std::optional<std::string> {
    auto it = options.find(key);
    return it == options.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  switch (table.format) {
    case catalog::StorageFormat::kParquet:
      return "ROW FORMAT SERDE '" + std::string(kParquetSerDe) + "'\nSTORED AS PARQUET";
    case catalog::StorageFormat::kJson:
      if (auto compression = option("compression")) (*table_properties)["compressionType"] = *compression;
      return "ROW FORMAT SERDE '" + std::string(kJsonSerDe) + "'\nSTORED AS TEXTFILE";
    case catalog::StorageFormat::kCsv:
      break;
  }
  csv::Dialect dialect = CsvDialectFromOptions(options, table.QualifiedName());
  size_t skip = dialect.skip_rows + (dialect.header ? 1 : 0);
  if (skip > 0) (*table_properties)["skip.header.line.count"] = std::to_string(skip);
  if (auto compression = option("compression")) (*table_properties)["compressionType"] = *compression;
  std::string null_text = dialect.null_strings.empty() ? std::string() : dialect.null_strings.front();
  if (dialect.quote != '\0') {
    std::string text = "ROW FORMAT SERDE '" + std::string(kOpenCsvSerDe) + "'\nWITH SERDEPROPERTIES (\n  " +
                       sql::QuoteHiveString("separatorChar") + " = " +
                       sql::QuoteHiveString(std::string(1, dialect.delimiter)) + ",\n  " +
                       sql::QuoteHiveString("quoteChar") + " = " + sql::QuoteHiveString(std::string(1, dialect.quote));
    if (dialect.escape_mode == csv::EscapeMode::kEscapeChar) {
      text +=
          ",\n  " + sql::QuoteHiveString("escapeChar") + " = " + sql::QuoteHiveString(std::string(1, dialect.escape));
    }
    if (!null_text.empty()) (*table_properties)["serialization.null.format"] = null_text;
    return text + ")\nSTORED AS TEXTFILE";
  }
  std::string text =
      "ROW FORMAT DELIMITED\n  FIELDS TERMINATED BY " + sql::QuoteHiveString(std::string(1, dialect.delimiter));
  if (dialect.escape_mode == csv::EscapeMode::kEscapeChar) {
    text += "\n  ESCAPED BY " + sql::QuoteHiveString(std::string(1, dialect.escape));
  }
  text += "\n  NULL DEFINED AS " + sql::QuoteHiveString(null_text);
  return text + "\nSTORED AS TEXTFILE";
}

}  // namespace sluice::engine
