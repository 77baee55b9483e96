#pragma once
// The catalog's model, with the concepts of AWS Glue's Data Catalog and the Hive
// metastore: databases hold tables and views; a table has typed columns, partition
// keys, a location, a storage format with its options, parameters (TBLPROPERTIES),
// an owner and times; a partitioned table has partitions (values, location,
// statistics); every change of a table's schema is kept as a version with its time,
// old and new schema and what made it. Runs (crawls now, jobs later) are recorded.
//
// Plain values: stores (catalog/store.h) read and write them; nothing here does I/O.
// Names of databases, tables and columns are stored lower case (Trino folds unquoted
// identifiers; Glue lower-cases every name), and compared exactly.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace sluice::catalog {

/// Microseconds since the Unix epoch, UTC (times in the catalog).
using Micros = int64_t;

/// The current time as catalog Micros.
Micros NowMicros();

/// One column of a table: name (lower case), type, optional comment, and whether it
/// refuses NULL (CREATE TABLE … NOT NULL; writes check it, readers do not).
struct Column {
  std::string name;
  DataType type;
  std::string comment;
  bool not_null = false;
  bool operator==(const Column& other) const = default;
};

/// A database (Glue) / schema (Trino): a namespace of tables with a default location
/// under which its managed tables are written.
struct Database {
  std::string name;
  std::string description;
  /// Where tables created without LOCATION go: a path relative to the lake root
  /// ("raw"), or an absolute path / URI the lake config allows.
  std::string location;
  std::map<std::string, std::string> parameters;
  Micros created = 0;
  bool operator==(const Database& other) const = default;
};

enum class TableKind : uint8_t {
  kExternal,  ///< Over files Sluice did not write (CREATE EXTERNAL TABLE, crawlers):
              ///< DROP TABLE forgets it, the files stay.
  kManaged,   ///< Written by Sluice (CTAS, INSERT, jobs): DROP TABLE deletes its files.
  kView,      ///< A stored query (view_sql); no location, no partitions.
};
/// "EXTERNAL_TABLE", "MANAGED_TABLE", "VIRTUAL_VIEW" (the Hive/Glue table types).
std::string_view TableKindName(TableKind kind);
/// The inverse of TableKindName; CatalogError for anything else.
TableKind ParseTableKind(std::string_view name);

enum class StorageFormat : uint8_t { kCsv, kJson, kParquet };
/// "csv", "json", "parquet".
std::string_view StorageFormatName(StorageFormat format);
/// The inverse of StorageFormatName (case-insensitive); CatalogError otherwise.
StorageFormat ParseStorageFormat(std::string_view name);

/// Statistics of a partition (or of an unpartitioned table's location): what the last
/// crawl, MSCK REPAIR or write found. Unknown values are -1.
struct PartitionStats {
  int64_t files = -1;
  int64_t bytes = -1;
  int64_t rows = -1;
  bool operator==(const PartitionStats& other) const = default;
};

/// A table or view. Keys of `format_options` are the options of the table's format as
/// `sluice convert` and read_csv/read_json name them (the DDL and crawler translate
/// Hive/Athena SerDe properties into them):
///   csv:  delimiter, quote, escape, header ("true"/"false"), null ("\N"), preset
///         ("redshift-unload"), skip_rows ("1"), comment
///   all:  compression ("gzip", "zstd", "bzip2", "none"; absent = by file extension)
/// `parameters` are TBLPROPERTIES as given (e.g. "classification" = "csv",
/// "partition_discovery" = "true": list key=value folders at query time instead of
/// trusting the catalog's partitions).
struct Table {
  std::string database;
  std::string name;
  TableKind kind = TableKind::kExternal;
  /// Data columns, in file order.
  std::vector<Column> columns;
  /// Partition keys, outermost folder first; their values are folder names
  /// (key=value, or unnamed levels partition_0, partition_1, … from crawlers).
  std::vector<Column> partition_keys;
  /// The table's root folder: relative to the lake root, or absolute / a URI the lake
  /// config allows. Empty for views.
  std::string location;
  StorageFormat format = StorageFormat::kParquet;
  std::map<std::string, std::string> format_options;
  std::map<std::string, std::string> parameters;
  std::string owner;
  std::string comment;
  /// Views: the query (Trino SQL, no trailing semicolon). Its columns are `columns`.
  std::string view_sql;
  Micros created = 0;
  Micros updated = 0;
  /// The number of the table's newest version (1 when created); stores set it.
  int64_t version = 0;
  /// Statistics of an unpartitioned table's files (partitioned tables keep them per
  /// partition).
  PartitionStats stats;

  bool is_partitioned() const { return !partition_keys.empty(); }
  /// "database.name".
  std::string QualifiedName() const { return database + "." + name; }
  bool operator==(const Table& other) const = default;
};

/// One partition of a table.
struct Partition {
  /// One raw value per partition key, as in the folder name (unescaped; NULL is
  /// "__HIVE_DEFAULT_PARTITION__").
  std::vector<std::string> values;
  /// The partition's folder (relative to the lake root, or absolute / URI).
  std::string location;
  PartitionStats stats;
  /// Set by a crawler whose deletion policy is "deprecate" when the folder went away;
  /// queries skip deprecated partitions.
  bool deprecated = false;
  Micros created = 0;
  Micros updated = 0;
  bool operator==(const Partition& other) const = default;
};

/// What made a change: recorded with every table version and run.
struct ChangeCause {
  /// "ddl", "crawler", "job", "insert", "ctas", "msck", "cli".
  std::string kind;
  /// Which one: the crawler's or job's name, or the statement's text (truncated).
  std::string detail;
  /// The run that made it (Run::id), 0 when none.
  int64_t run_id = 0;
};

/// One version of a table's schema: kept whenever columns or partition keys change
/// (version 1 is the table as created).
struct TableVersion {
  int64_t version = 0;
  Micros time = 0;
  /// Before (empty for version 1) and after.
  std::vector<Column> old_columns;
  std::vector<Column> new_columns;
  std::vector<Column> old_partition_keys;
  std::vector<Column> new_partition_keys;
  ChangeCause cause;
};

/// A recorded run of a crawler (kind "crawl"), later of jobs and workflows.
struct Run {
  int64_t id = 0;  ///< Assigned by the store when the run starts.
  std::string kind;
  std::string name;
  Micros started = 0;
  Micros finished = 0;  ///< 0 while running.
  /// "running", "succeeded", "failed".
  std::string status = "running";
  /// A one-line summary for listings ("3 tables created, 120 partitions added").
  std::string summary;
  /// Everything the run did, as JSON text (for a crawl: tables created / updated /
  /// deleted, partitions added / removed, files classified, warnings).
  std::string details_json;
};

}  // namespace sluice::catalog
