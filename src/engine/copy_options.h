#pragma once
// The options of COPY … TO (DuckDB's names) and the WITH properties of CREATE TABLE AS
// (Athena's names), checked against the query's output and turned into the target of
// the writing sink (exec/operators/copy_to.h). Errors are BinderError messages with a
// caret at the option: an unknown option (the message lists the known ones), a value
// of the wrong kind, an option of another format, a partition column that is no
// column of the query.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"
#include "exec/operators/copy_to.h"
#include "sql/expression/kernel.h"
#include "sql/parser/statement.h"

namespace sluice::engine {

/// COPY's target. `schema`: the query's output.
///   FORMAT parquet|csv|json (default: by the path's extension, else csv),
///   PARTITION_BY (col, …) (a Hive-style folder tree at the path),
///   COMPRESSION snappy|zstd|gzip|lz4_raw|brotli|none (Parquet: per page; default
///     snappy) or gzip|zstd|bzip2|none|auto (CSV/JSON: the whole file; default auto, by
///     the path's extension), COMPRESSION_LEVEL n,
///   CSV: HEADER [bool] (default true), DELIMITER|DELIM|SEP 'c', QUOTE 'c', ESCAPE 'c',
///     NULL|NULLSTR 's', QUOTE_ALL [bool], PRESET 'redshift-unload'|'rfc4180',
///   Parquet: ROW_GROUP_SIZE n (rows), PARQUET_VERSION 1|2,
///   folders (PARTITION_BY): APPEND|OVERWRITE_OR_IGNORE [bool] (add files to a folder
///     that has some), OVERWRITE [bool] (replace the folder); without either a folder
///     that is not empty is an error. A file is always replaced.
///     MAX_ROWS_PER_FILE n (exactly n rows per file but a partition's last),
///     FILE_SIZE_BYTES n|'128MB' (a partition's file ends once it reaches about that
///     size): the next rows go to a new file (exec::CopyTarget's limits).
exec::CopyTarget CopyTargetFromOptions(std::string_view sql, const sql::CopyStatement& copy, const Schema& schema,
                                       const sql::SessionSettings& session);

/// Bytes from a size text: "128MB", "1GB", "500kB", "64 KiB", "1.5GB", "4096B" or "4096"
/// (units, case-insensitive: B, kB/KiB, MB/MiB, GB/GiB, TB/TiB, all powers of 1024 as
/// in Trino's data sizes). Empty for anything else, zero and negative sizes included.
std::optional<uint64_t> ParseByteSize(std::string_view text);

/// The table parameters (TBLPROPERTIES) that size a table's data files: a file ends
/// at about target_file_size bytes (a number or a size text such as '128MB'; default
/// kDefaultTableFileBytes) or after max_rows_per_file rows (default unlimited); '0'
/// turns a limit off.
inline constexpr char kTargetFileSizeParameter[] = "target_file_size";
inline constexpr char kMaxRowsPerFileParameter[] = "max_rows_per_file";
/// So that a large INSERT writes a few files per partition, not one huge one.
inline constexpr uint64_t kDefaultTableFileBytes = uint64_t{256} << 20;

/// What is wrong with `value` for the table parameter `key` ("target_file_size '12XB'
/// is no size (write e.g. '128MB', '1GB' or a number of bytes)"); empty when it is
/// good or `key` is not one of the two parameters above.
std::string CheckFileLimitParameter(std::string_view key, std::string_view value);

/// Sets `target`'s max_rows_per_file and target_file_bytes from a table's
/// parameters (defaults above). Throws BinderError at `position` naming `table` and
/// the parameter when a value is bad.
void ApplyTableFileLimits(std::string_view sql, sql::SourcePosition position,
                          const std::map<std::string, std::string>& parameters, const std::string& table,
                          exec::CopyTarget* target);

/// Where and how CREATE TABLE AS writes its table.
struct TableTarget {
  exec::CopyTarget target;
  /// The table parameters the properties set (target_file_size, max_rows_per_file, in
  /// their canonical text): the catalog stores them with the table, so that later
  /// writes size their files the same way.
  std::map<std::string, std::string> parameters;
  /// The location was given (`location` / `external_location`): DROP TABLE keeps
  /// the files. Otherwise the table is managed: the folder <name> in the current
  /// directory, and DROP TABLE deletes the files.
  bool external = false;
};

/// CREATE TABLE AS's target from its WITH properties. `name`: the table's name (the
/// default location is ./<name>); `schema`: the query's output (after the column
/// list). Properties:
///   format = 'PARQUET' (default) | 'CSV' | 'TEXTFILE' (CSV) | 'JSON',
///   location | external_location = 'folder' (must be new or empty),
///   partitioned_by = ARRAY['col', …],
///   write_compression | parquet_compression = 'SNAPPY' | 'ZSTD' | 'GZIP' | 'NONE' | …,
///   compression_level = n, field_delimiter = 'c' (CSV),
///   target_file_size = '128MB' | n (bytes; default kDefaultTableFileBytes; 0: one file
///     per folder or partition), max_rows_per_file = n (default unlimited).
/// CSV tables are written with a header line.
TableTarget TableTargetFromProperties(std::string_view sql, const sql::CreateTableAsStatement& create,
                                      const std::string& name, const Schema& schema,
                                      const sql::SessionSettings& session);

}  // namespace sluice::engine
