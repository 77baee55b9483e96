#pragma once
// One data file of any format we write: the format's writer and, for CSV and JSON
// lines, the compressing stream between it and the file. Shared by `sluice convert`
// and by SQL's COPY … TO and CREATE TABLE AS (exec/operators/copy_to.h), so that both
// write the same bytes for the same options.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"
#include "formats/csv/options.h"
#include "formats/format.h"
#include "formats/json/options.h"
#include "formats/parquet/writer.h"
#include "io/compression.h"
#include "io/file.h"

namespace sluice::formats {

/// The file formats Sluice reads and writes.
enum class FileFormat { kCsv, kJson, kParquet };

/// By the extension after any compression extension ("a.csv.gz" → CSV): csv, tsv, txt,
/// tbl, psv, dat → CSV; json, jsonl, ndjson → JSON lines; parquet, pq → Parquet.
/// Empty for other names and for "-".
std::optional<FileFormat> FileFormatFromExtension(std::string_view path);

/// Everything that decides the bytes of one written file.
struct FileWriteOptions {
  FileFormat format = FileFormat::kParquet;
  /// Parquet: the codec and layout of the pages (compression is per page, inside the
  /// format; `compression` below is ignored).
  parquet::ParquetWriteOptions parquet;
  /// CSV: the dialect (csv.compression is ignored: see `compression`).
  csv::WriteOptions csv;
  json::WriteOptions json;
  /// CSV and JSON lines: whole-file compression (kAuto is not allowed here: the caller
  /// resolves it, e.g. from the output path).
  io::Compression compression = io::Compression::kNone;
  int compression_level = 0;
};

/// A writer of `schema`'s rows as one file into `out` (not owned; it must outlive the
/// writer). Finish() finishes the format; for CSV and JSON lines it also finishes the
/// (compressing) stream and so `out`; for Parquet finishing `out` is the caller's (an
/// io::AtomicFileWriter finishes in its Commit()). Throws InvalidArgumentError for bad
/// options.
std::unique_ptr<Writer> MakeFileWriter(io::OutputStream* out, const Schema& schema,
                                       const FileWriteOptions& options);

/// The name suffix of a data file: ".parquet", ".jsonl" or ".csv", then ".gz", ".zst"
/// or ".bz2" for compressed text.
std::string DataFileExtension(const FileWriteOptions& options);

}  // namespace sluice::formats
