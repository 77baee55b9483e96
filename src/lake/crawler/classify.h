#pragma once
// Classifying the files under a crawler's folder: which names are not data (hidden,
// temporary and marker files, excluded globs), and for a data file its format
// (CSV with its dialect, JSON lines, Parquet; gzip/zstd/bzip2 forms of the text
// formats), compression, columns and, when cheap (Parquet footers), rows.
//
// The format and schema are found the way `sluice schema` and read_csv / read_json /
// read_parquet find them (formats::DetectFileFormat, csv::Sniff, json::InferSchema,
// the Parquet footer's schema mapping), so a crawled table's types are the types a
// query over its files infers.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "formats/csv/options.h"
#include "io/compression.h"
#include "sql/planner/table_source.h"

namespace sluice::lake::crawler {

/// Why a folder entry is not data, or empty when it may be. Ignored:
///   hidden        names starting with '.' (.DS_Store, .sluice-staging-*, .part.crc)
///   hidden        names starting with '_' unless they look like a partition (_a=b):
///                 _SUCCESS, _committed_*, _temporary/, _$folder$, _tmp/
///   checksum      *.crc
///   temporary     *.tmp, *.temp, *.inprogress, names ending in '~'
std::string_view IgnoredNameReason(std::string_view name, bool is_folder);

/// How read_csv / read_json / read_parquet name a catalog storage format (for
/// sql::UnifyColumnType).
sql::TableFormat ToTableFormat(catalog::StorageFormat format);

/// "gzip", "zstd", "bzip2", or "none": a file's compression as runs and the table
/// parameter compressionType report it.
std::string_view CompressionLabel(io::Compression compression);

/// Whether `relative` (a path below the crawler's folder, '/'-separated, no leading
/// '/') matches one of `globs` (io/glob.h syntax). A glob without '/' is also matched
/// against the last segment alone, as .gitignore does ("*.bak" skips a/b/c.bak).
bool IsExcluded(std::string_view relative, const std::vector<std::string>& globs);

/// What a data file holds, as far as grouping files into tables cares. Two files with
/// equal FileSchemas are interchangeable for the catalog.
struct FileSchema {
  catalog::StorageFormat format = catalog::StorageFormat::kCsv;
  /// The table format_options this file needs (CSV: the dialect and header, see
  /// csv_format_options.h); empty for JSON and Parquet. Compression is not among
  /// them: readers detect it per file.
  std::map<std::string, std::string> format_options;
  /// Columns as the file names them (not lower-cased), in file order.
  std::vector<catalog::Column> columns;

  bool operator==(const FileSchema& other) const = default;
};

/// Canonical JSON text of a FileSchema ({"format":…,"options":{…},"columns":[[name,
/// type],…]}); the inventory stores schemas in this form.
std::string FileSchemaToJson(const FileSchema& schema);
/// The inverse of FileSchemaToJson; InvalidArgumentError for damaged text.
FileSchema FileSchemaFromJson(std::string_view json);
/// 16 hex digits identifying a schema (a hash of its canonical JSON).
std::string SchemaFingerprint(const FileSchema& schema);

/// One classified data file.
struct ClassifiedFile {
  std::shared_ptr<const FileSchema> schema;
  io::Compression compression = io::Compression::kNone;
  /// Rows from a Parquet footer; -1 for the text formats (counting would read them).
  int64_t rows = -1;
};

/// How a crawler reads CSV files: options forced by its config (the rest is sniffed)
/// and the preset it names, recorded in format_options.
struct CsvCrawlOptions {
  csv::ReadOptions read;
  std::string preset;
};

/// Classifies the data file `path`: format by extension or content, then its schema.
/// Throws sluice::Error (FormatError, IOError, InvalidArgumentError) when the file
/// cannot be read as its format: corrupt Parquet, binary bytes in a text file, a file
/// without columns, a broken gzip stream. The crawler reports these and skips the file.
ClassifiedFile ClassifyFile(const std::string& path, const CsvCrawlOptions& csv_options);

}  // namespace sluice::lake::crawler
