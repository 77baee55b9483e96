#include "lake/crawler/classify.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>

#include "core/error.h"
#include "formats/csv/reader.h"
#include "formats/format_detection.h"
#include "formats/json/reader.h"
#include "formats/parquet/reader.h"
#include "io/file.h"
#include "io/data_file_names.h"
#include "io/glob.h"
#include "lake/crawler/csv_format_options.h"

namespace sluice::lake::crawler {

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// Bytes of the decompressed head checked for binary content.
constexpr size_t kTextProbeBytes = 4096;

/// True when `head` cannot be CSV or JSON text: a NUL byte, or more than 1 in 32
/// bytes being control characters other than tab, CR, LF and form feed.
bool LooksBinary(std::string_view head) {
  size_t controls = 0;
  for (char c : head) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == 0) return true;
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f') ++controls;
  }
  return controls * 32 > head.size();
}

catalog::StorageFormat ToStorageFormat(formats::FileFormat format) {
  switch (format) {
    case formats::FileFormat::kCsv: return catalog::StorageFormat::kCsv;
    case formats::FileFormat::kJson: return catalog::StorageFormat::kJson;
    case formats::FileFormat::kParquet: return catalog::StorageFormat::kParquet;
  }
  return catalog::StorageFormat::kCsv;
}

std::vector<catalog::Column> ToColumns(const Schema& schema) {
  std::vector<catalog::Column> columns;
  columns.reserve(schema.num_fields());
  for (const Field& field : schema.fields()) columns.push_back(catalog::Column{field.name, field.type, ""});
  return columns;
}

/// The readable top-level columns of a Parquet file, as read_parquet binds them
/// (nested and unsupported columns are left out, as its reader skips them).
ClassifiedFile ClassifyParquet(const std::string& path) {
  std::shared_ptr<parquet::ParquetFile> file = parquet::ParquetFile::Open(path);
  const parquet::ParquetSchema& schema = file->schema();
  auto classified = std::make_shared<FileSchema>();
  classified->format = catalog::StorageFormat::kParquet;
  for (const parquet::TopLevelColumn& column : schema.columns) {
    if (column.nested()) continue;
    const parquet::LeafColumn& leaf = schema.leaves[column.leaves[0]];
    if (!leaf.error.empty()) continue;
    classified->columns.push_back(catalog::Column{column.name, leaf.type, ""});
  }
  if (classified->columns.empty()) {
    throw FormatError(path + ": the Parquet file has no column Sluice can read");
  }
  ClassifiedFile result;
  result.schema = std::move(classified);
  result.rows = file->metadata().num_rows;
  return result;
}

/// The compression of a text file by its magic bytes (then by extension), and a
/// check that its decompressed head is text.
io::Compression CheckTextFile(const std::string& path) {
  io::Compression compression = io::Compression::kNone;
  auto stream = io::OpenInputStream(path, io::Compression::kAuto, &compression);
  std::string head(kTextProbeBytes, '\0');
  size_t filled = 0;
  while (filled < head.size()) {
    size_t n = stream->Read(head.data() + filled, head.size() - filled);
    if (n == 0) break;
    filled += n;
  }
  head.resize(filled);
  if (LooksBinary(head)) {
    throw FormatError(path + ": binary content (not CSV or JSON-lines text)");
  }
  return compression;
}

}  // namespace

sql::TableFormat ToTableFormat(catalog::StorageFormat format) {
  switch (format) {
    case catalog::StorageFormat::kCsv: return sql::TableFormat::kCsv;
    case catalog::StorageFormat::kJson: return sql::TableFormat::kJson;
    case catalog::StorageFormat::kParquet: return sql::TableFormat::kParquet;
  }
  return sql::TableFormat::kCsv;
}

std::string_view CompressionLabel(io::Compression compression) {
  switch (compression) {
    case io::Compression::kGzip: return "gzip";
    case io::Compression::kZstd: return "zstd";
    case io::Compression::kBzip2: return "bzip2";
    default: return "none";
  }
}

std::string_view IgnoredNameReason(std::string_view name, bool is_folder) {
  return io::IgnoredNameReason(name, is_folder);
}

bool IsExcluded(std::string_view relative, const std::vector<std::string>& globs) {
  if (globs.empty()) return false;
  size_t slash = relative.rfind('/');
  std::string_view last = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
  for (const std::string& glob : globs) {
    std::string_view pattern = glob;
    while (pattern.starts_with("./")) pattern.remove_prefix(2);
    while (EndsWith(pattern, "/") && pattern.size() > 1) pattern.remove_suffix(1);
    if (io::MatchGlob(pattern, relative)) return true;
    if (pattern.find('/') == std::string_view::npos && io::MatchGlobSegment(pattern, last)) return true;
  }
  return false;
}

std::string FileSchemaToJson(const FileSchema& schema) {
  nlohmann::ordered_json json;
  json["format"] = std::string(catalog::StorageFormatName(schema.format));
  nlohmann::ordered_json options = nlohmann::ordered_json::object();
  for (const auto& [key, value] : schema.format_options) options[key] = value;
  json["options"] = std::move(options);
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const catalog::Column& column : schema.columns) {
    columns.push_back(nlohmann::ordered_json::array({column.name, column.type.ToString()}));
  }
  json["columns"] = std::move(columns);
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

FileSchema FileSchemaFromJson(std::string_view text) {
  try {
    nlohmann::json json = nlohmann::json::parse(text);
    FileSchema schema;
    schema.format = catalog::ParseStorageFormat(json.at("format").get<std::string>());
    for (const auto& [key, value] : json.at("options").items()) {
      schema.format_options[key] = value.get<std::string>();
    }
    for (const nlohmann::json& column : json.at("columns")) {
      schema.columns.push_back(catalog::Column{column.at(0).get<std::string>(),
                                               DataType::Parse(column.at(1).get<std::string>()), ""});
    }
    return schema;
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArgumentError(std::string("damaged crawler schema record: ") + e.what());
  }
}

std::string SchemaFingerprint(const FileSchema& schema) {
  // FNV-1a, 64 bits, over the canonical JSON.
  uint64_t hash = 14695981039346656037ULL;
  for (char c : FileSchemaToJson(schema)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

ClassifiedFile ClassifyFile(const std::string& path, const CsvCrawlOptions& csv_options) {
  formats::FileFormat format = formats::DetectFileFormat(path);
  if (format == formats::FileFormat::kParquet) return ClassifyParquet(path);

  ClassifiedFile result;
  result.compression = CheckTextFile(path);
  auto schema = std::make_shared<FileSchema>();
  schema->format = ToStorageFormat(format);
  if (format == formats::FileFormat::kCsv) {
    csv::SniffResult sniffed = csv::Sniff(path, csv_options.read);
    schema->columns = ToColumns(sniffed.schema);
    schema->format_options = FormatOptionsFromDialect(sniffed.dialect, sniffed.header, csv_options.preset);
  } else {
    json::ReadOptions options;
    options.num_threads = 1;
    // A key with only nulls in this file's sample is "unknown": the table's other
    // files decide its type (grouping makes it VARCHAR when none does), as read_json.
    json::InferResult inferred = json::InferSchema(path, options);
    schema->columns = ToColumns(inferred.schema);
    for (size_t i = 0; i < schema->columns.size() && i < inferred.only_nulls.size(); ++i) {
      if (inferred.only_nulls[i]) schema->columns[i].type = DataType::Unknown();
    }
  }
  if (schema->columns.empty()) throw FormatError(path + ": no columns found");
  result.schema = std::move(schema);
  return result;
}

}  // namespace sluice::lake::crawler
