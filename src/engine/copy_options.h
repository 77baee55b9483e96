#pragma once
// The options of COPY … TO (DuckDB's names) and the WITH properties of CREATE TABLE AS
// (Athena's names), checked against the query's output and turned into the target of
// the writing sink (exec/operators/copy_to.h). Errors are BinderError messages with a
// caret at the option: an unknown option (the message lists the known ones), a value
// of the wrong kind, an option of another format, a partition column that is no
// column of the query.

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
exec::CopyTarget CopyTargetFromOptions(std::string_view sql, const sql::CopyStatement& copy, const Schema& schema,
                                       const sql::SessionSettings& session);

/// Where and how CREATE TABLE AS writes its table.
struct TableTarget {
  exec::CopyTarget target;
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
///   compression_level = n, field_delimiter = 'c' (CSV).
/// CSV tables are written with a header line.
TableTarget TableTargetFromProperties(std::string_view sql, const sql::CreateTableAsStatement& create,
                                      const std::string& name, const Schema& schema,
                                      const sql::SessionSettings& session);

}  // namespace sluice::engine
