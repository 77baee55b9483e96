#include "cli/input_flags.h"

#include <CLI/CLI.hpp>

#include <cctype>
#include <string_view>

#include "core/error.h"
#include "formats/format_detection.h"
#include "io/compression.h"
#include "io/file.h"

namespace sluice::cli {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

/// Splits on commas that are not inside parentheses ("a decimal(10,2), b int").
std::vector<std::string> SplitTopLevel(const std::string& text) {
  std::vector<std::string> parts;
  int depth = 0;
  std::string current;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(Trim(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!Trim(current).empty() || !parts.empty()) parts.push_back(Trim(current));
  return parts;
}

/// "name type" or "name=type" / "name:type".
std::pair<std::string, DataType> ParseColumnSpec(const std::string& flag, const std::string& spec) {
  size_t split = spec.find_first_of("=: ");
  if (split == std::string::npos || split == 0) {
    throw InvalidArgumentError(flag + ": expected 'name type' or 'name=type', got '" + spec + "'");
  }
  std::string name = Trim(spec.substr(0, split));
  std::string type = Trim(spec.substr(split + 1));
  try {
    return {name, DataType::Parse(type)};
  } catch (const Error& e) {
    throw InvalidArgumentError(flag + ": column '" + name + "': " + e.what());
  }
}

void ApplyCompression(const std::string& value, io::Compression* out) {
  *out = io::ParseCompression(Lower(value));
}

}  // namespace

FileFormat ParseFileFormat(const std::string& name) {
  std::string n = Lower(name);
  if (n == "csv" || n == "tsv" || n == "txt" || n == "tbl" || n == "psv") return FileFormat::kCsv;
  if (n == "json" || n == "jsonl" || n == "ndjson") return FileFormat::kJson;
  if (n == "parquet" || n == "pq") return FileFormat::kParquet;
  throw InvalidArgumentError("unknown format '" + name + "' (expected csv, json or parquet)");
}

const char* FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv: return "csv";
    case FileFormat::kJson: return "json";
    case FileFormat::kParquet: return "parquet";
  }
  return "?";
}

std::optional<FileFormat> FormatFromExtension(const std::string& path) {
  return formats::FileFormatFromExtension(path);
}

FileFormat DetectInputFormat(const std::string& path) { return formats::DetectFileFormat(path); }

char ParseByteFlag(const std::string& flag, const std::string& value) {
  std::string v = Lower(value);
  if (v == "none" || v == "off") return '\0';
  if (v == "tab" || v == "\\t") return '\t';
  if (v == "\\\\") return '\\';
  if (v == "pipe") return '|';
  if (v == "comma") return ',';
  if (v == "semicolon") return ';';
  if (value.size() == 1) return value[0];
  throw InvalidArgumentError(flag + " must be one byte (or tab, pipe, comma, none), got '" +
                             value + "'");
}

void DataFlags::AddReadFlags(CLI::App* app) {
  app->add_option("--preset", preset, "CSV dialect preset: redshift-unload, rfc4180");
  app->add_option("--delimiter,-d", delimiter, "Field delimiter byte: ',' '|' tab ...");
  app->add_option("--quote", quote, "Quote byte, or 'none'");
  app->add_option("--escape", escape,
                  "Escape: 'double' (\"\" inside quotes, RFC 4180), a byte such as '\\' "
                  "(escapes the next byte anywhere, as Redshift), or 'none'");
  app->add_option("--null", nulls, "Text that means NULL (repeatable), e.g. '\\N' or ''");
  app->add_flag("--header", header, "The first line holds column names");
  app->add_flag("--no-header", no_header, "There is no header line");
  app->add_option("--skip-rows", skip_rows, "Lines to skip before the header/first row");
  app->add_option("--comment", comment, "Skip lines that start with this prefix");
  app->add_option("--columns", columns, "Column names, comma separated");
  app->add_option("--types", types,
                  "Types of some columns: 'people_count=integer,event_ts=timestamp'");
  app->add_option("--schema", schema,
                  "Names and types of all columns: 'event_id bigint, note varchar'");
  app->add_flag("--all-varchar", all_varchar, "Read every column as VARCHAR (no inference)");
  app->add_flag("--strict-types", strict_types,
                "Fail when a value contradicts an inferred type (default: widen the type)");
  app->add_option("--sample-rows", sample_rows, "Rows sampled to infer the dialect and types");
  app->add_option("--input-compression", input_compression,
                  "auto (magic bytes/extension), none, gzip, zstd, bzip2");
  app->add_option("--on-error", on_error,
                  "Bad rows: fail (default), skip (to --rejects), null (bad value → NULL)")
      ->check(CLI::IsMember({"fail", "skip", "null"}));
  app->add_option("--rejects", rejects, "JSON-lines file receiving rows rejected by --on-error skip");
}

void DataFlags::AddWriteFlags(CLI::App* app) {
  app->add_option("--out-preset", out_preset, "CSV dialect preset of the output");
  app->add_option("--out-delimiter", out_delimiter, "Field delimiter of the CSV output");
  app->add_flag("--out-header", out_header, "Write a header line");
  app->add_flag("--out-no-header", out_no_header, "Write no header line");
  app->add_option("--out-null", out_nulls, "Text written for NULL in the CSV output");
  app->add_flag("--out-quote-all", out_quote_all, "Quote every non-NULL field");
}

csv::Dialect DataFlags::CsvDialectFromReadFlags() const {
  csv::Dialect dialect = preset.empty() ? csv::Dialect{} : csv::PresetDialect(preset);
  csv::ReadOptions options = CsvReadOptions();
  if (options.delimiter) dialect.delimiter = *options.delimiter;
  if (options.quote) dialect.quote = *options.quote;
  if (options.escape_mode) dialect.escape_mode = *options.escape_mode;
  if (options.escape) dialect.escape = *options.escape;
  if (options.null_strings) dialect.null_strings = *options.null_strings;
  if (options.header) dialect.header = *options.header;
  return dialect;
}

csv::ReadOptions DataFlags::CsvReadOptions() const {
  csv::ReadOptions options;
  if (!preset.empty()) options.preset = preset;
  if (!delimiter.empty()) options.delimiter = ParseByteFlag("--delimiter", delimiter);
  if (!quote.empty()) options.quote = ParseByteFlag("--quote", quote);
  if (!escape.empty()) {
    std::string e = Lower(escape);
    if (e == "double" || e == "doubled" || e == "\"") {
      options.escape_mode = csv::EscapeMode::kDoubledQuote;
    } else if (e == "none") {
      options.escape_mode = csv::EscapeMode::kNone;
    } else {
      options.escape_mode = csv::EscapeMode::kEscapeChar;
      options.escape = ParseByteFlag("--escape", escape);
    }
  }
  if (!nulls.empty()) options.null_strings = nulls;
  if (header && no_header) throw InvalidArgumentError("--header and --no-header contradict");
  if (header) options.header = true;
  if (no_header) options.header = false;
  options.skip_rows = skip_rows;
  options.comment = comment;
  if (!schema.empty()) {
    if (!columns.empty()) throw InvalidArgumentError("give --schema or --columns, not both");
    for (const std::string& spec : SplitTopLevel(schema)) {
      auto column = ParseColumnSpec("--schema", spec);
      options.column_names.push_back(column.first);
      options.column_types.push_back(column);
    }
  }
  if (!columns.empty()) {
    for (const std::string& name : SplitTopLevel(columns)) {
      if (name.empty()) throw InvalidArgumentError("--columns: empty column name");
      options.column_names.push_back(name);
    }
  }
  if (!types.empty()) {
    for (const std::string& spec : SplitTopLevel(types)) {
      options.column_types.push_back(ParseColumnSpec("--types", spec));
    }
  }
  options.all_varchar = all_varchar;
  options.strict_types = strict_types;
  options.sample_rows = sample_rows;
  ApplyCompression(input_compression, &options.compression);
  options.on_error = formats::ParseOnError(on_error);
  options.rejects_path = rejects;
  if (!rejects.empty() && options.on_error != formats::OnError::kSkip) {
    throw InvalidArgumentError("--rejects needs --on-error skip");
  }
  return options;
}

csv::Dialect DataFlags::CsvWriteDialect(const csv::Dialect& base) const {
  csv::Dialect dialect = out_preset.empty() ? base : csv::PresetDialect(out_preset);
  if (!out_delimiter.empty()) dialect.delimiter = ParseByteFlag("--out-delimiter", out_delimiter);
  if (out_header && out_no_header) {
    throw InvalidArgumentError("--out-header and --out-no-header contradict");
  }
  if (out_header) dialect.header = true;
  if (out_no_header) dialect.header = false;
  if (!out_nulls.empty()) dialect.null_strings = out_nulls;
  if (out_quote_all) dialect.quote_all = true;
  return dialect;
}

}  // namespace sluice::cli

namespace sluice::cli {

json::ReadOptions DataFlags::JsonReadOptions() const {
  if (all_varchar) throw InvalidArgumentError("--all-varchar applies to CSV input only");
  json::ReadOptions options;
  csv::ReadOptions shared = CsvReadOptions();  // the same flag parsing and checks
  options.columns = shared.column_names;
  options.column_types = shared.column_types;
  options.strict_types = strict_types;
  options.sample_rows = sample_rows;
  options.on_error = shared.on_error;
  options.rejects_path = rejects;
  options.compression = shared.compression;
  return options;
}

}  // namespace sluice::cli
