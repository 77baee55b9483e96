#pragma once
// Command-line flags that describe CSV and JSON-lines files, shared by the
// subcommands that read or write them, and their translation into reader and
// writer options.

#include <optional>
#include <string>
#include <vector>

#include "formats/csv/options.h"
#include "formats/file_writer.h"
#include "formats/json/reader.h"
#include "formats/json/writer.h"

namespace CLI {
class App;
}

namespace sluice::cli {

/// File formats the CLI reads and writes.
using FileFormat = formats::FileFormat;

/// "csv"/"tsv"/"txt"/"tbl"/"psv" → CSV, "json"/"jsonl"/"ndjson" → JSON lines,
/// "parquet"/"pq" → Parquet; throws InvalidArgumentError otherwise.
FileFormat ParseFileFormat(const std::string& name);
const char* FileFormatName(FileFormat format);
/// By extension (compression extensions ignored), else by the content for inputs
/// ("PAR1" magic → Parquet, first byte '{' → JSON). `path` "-" has no extension.
std::optional<FileFormat> FormatFromExtension(const std::string& path);
FileFormat DetectInputFormat(const std::string& path);

/// Flags of the CSV dialect, type and error handling, as given by the user.
struct DataFlags {
  std::string delimiter;
  std::string quote;
  std::string escape;
  std::vector<std::string> nulls;
  bool header = false;
  bool no_header = false;
  size_t skip_rows = 0;
  std::string comment;
  std::string preset;
  std::string columns;
  std::string types;
  std::string schema;
  bool all_varchar = false;
  bool strict_types = false;
  size_t sample_rows = 20480;
  std::string input_compression = "auto";
  std::string on_error = "fail";
  std::string rejects;

  // Output side of CSV → CSV conversions.
  std::string out_preset;
  std::string out_delimiter;
  bool out_header = false;
  bool out_no_header = false;
  std::vector<std::string> out_nulls;
  bool out_quote_all = false;

  /// Registers the reading flags on `app`.
  void AddReadFlags(CLI::App* app);
  /// Registers the --out-* flags on `app`.
  void AddWriteFlags(CLI::App* app);

  csv::ReadOptions CsvReadOptions() const;
  json::ReadOptions JsonReadOptions() const;
  /// The CSV dialect to write: --out-* flags over `base` (the input's dialect for
  /// CSV → CSV, else the reading flags' dialect).
  csv::Dialect CsvWriteDialect(const csv::Dialect& base) const;
  /// The dialect described by the reading flags alone (preset plus explicit flags),
  /// with defaults where nothing was said.
  csv::Dialect CsvDialectFromReadFlags() const;
};

/// Parses one delimiter/quote/escape byte: "|", "\t", "tab", "\\", "none" → '\0'.
char ParseByteFlag(const std::string& flag, const std::string& value);

}  // namespace sluice::cli
