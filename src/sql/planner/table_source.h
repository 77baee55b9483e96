#pragma once
// A file-backed relation of a query: a table function call (read_csv, read_json,
// read_parquet) over one file, a list of files or a glob, with its options and the
// schema found by opening the files at bind time. Immutable; shared by the logical
// plan and the scan operator. Partition pruning makes a copy with fewer files.
//
// Columns of `schema`, in this order (LogicalScan::columns index them):
//   1. data columns: the union by name of the files' columns (case-insensitive, the
//      first spelling seen wins), in order of first appearance, each of the widest
//      type its files have (see UnifyColumnType);
//   2. Hive partition columns (hive_partitioning => true): one per key of the
//      key=value folders, in order of first appearance;
//   3. `filename` (filename => true): the path of the row's file, as the glob found it.
// Columns 2 and 3 are constant within a file ("file constants"): the scan fills them
// from SourceFile::partition_values / path, and the partition pruning rule evaluates
// filters over them per file.
//
// What is read when: the binder reads every file's schema (CSV sniff, JSON sample,
// Parquet footer, in parallel) to unify them, or only the first file's under
// union_by_name => false; pruning then drops files before any of their rows is read;
// the scan opens each remaining file once. estimated_rows is exact from footers read
// for the schema, else guessed from file sizes (never a footer read just to count).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.h"
#include "core/value.h"
#include "formats/csv/options.h"
#include "formats/format.h"
#include "formats/json/options.h"
#include "formats/parquet/predicate.h"

namespace sluice::sql {

enum class TableFormat : uint8_t { kCsv, kJson, kParquet };

/// "read_csv", "read_json", "read_parquet".
std::string_view TableFormatFunction(TableFormat format);

/// One file of a source.
struct SourceFile {
  std::string path;
  /// The file's own columns and types as its format reads them (sniffed, sampled or
  /// from the footer). Absent when the source was bound from its first file only
  /// (union_by_name => false): the scan learns it when it opens the file.
  std::optional<Schema> schema;
  /// CSV: the dialect (and header) sniffed at bind time, given to the reader so that
  /// it does not sniff the file again.
  std::optional<csv::Dialect> csv_dialect;
  /// One value per partition column of the source (typed as the column; NULL for
  /// __HIVE_DEFAULT_PARTITION__ or a key this file's path lacks).
  std::vector<Value> partition_values;
  /// Rows: exact from a Parquet footer read at bind time, else guessed from the size.
  uint64_t estimated_rows = 0;
};

/// How the scan gets one requested column from one file's reader chunks.
struct ColumnFill {
  enum class Kind : uint8_t {
    kRead,      ///< Column `position` of the reader's chunk, of the bound type.
    kCast,      ///< Column `position`, of `file_type`: cast to the bound type (Parquet).
    kNull,      ///< The file lacks the column: NULL.
    kConstant,  ///< A file constant (partition value or file name): `constant`.
  };
  Kind kind = Kind::kNull;
  size_t position = 0;
  DataType file_type;
  Value constant;
};

/// One file opened for a scan: its reader and how each requested column is filled.
struct OpenedFile {
  std::unique_ptr<formats::Reader> reader;
  std::vector<ColumnFill> fills;  ///< One per requested column, in request order.
};

/// A catalog table's partition before its folder is listed: the binder makes one per
/// catalog partition (one with no values for an unpartitioned table), pruning drops
/// those whose values cannot match, and the optimizer's ListPartitionFiles rule lists
/// the folders of the rest (rules/list_partition_files.cpp). So a filter on the
/// partition keys of a table of 10,000 partitions lists one folder, not 10,000.
struct PendingPartition {
  /// One value per partition column of the source, typed as the column.
  std::vector<Value> values;
  /// The folder, as the catalog stores it (PartitionList::list_files resolves it).
  std::string location;
  /// Rows the catalog's statistics give for the partition, or -1 when unknown.
  int64_t rows = -1;
};

/// The partitions of a catalog table still to be listed (see PendingPartition).
struct PartitionList {
  std::vector<PendingPartition> partitions;
  /// What every listed file starts as: its schema (the catalog's columns) and CSV
  /// dialect, so that the scan neither sniffs nor infers anything.
  SourceFile file_template;
  /// The data files under one partition folder (a catalog location): absolute
  /// paths, sorted; an empty list when the folder is missing. Throws for a location
  /// outside the lake. Called from several threads at once.
  std::function<std::vector<std::string>(const std::string& location)> list_files;
};

struct TableSource {
  TableFormat format = TableFormat::kCsv;
  /// The files to read, sorted by path (after pruning: the files that may match).
  std::vector<SourceFile> files;
  /// Files the call named before partition pruning (EXPLAIN's "files=3/12").
  size_t total_files = 0;
  csv::ReadOptions csv_options;
  json::ReadOptions json_options;
  /// Every column: data columns, then partition columns, then `filename` (see above).
  Schema schema;
  /// Leading columns of `schema` that come from the files' contents.
  size_t num_data_columns = 0;
  /// Partition columns follow the data columns.
  size_t num_partition_columns = 0;
  /// Whether the last column is the file name.
  bool filename_column = false;
  /// The call as written, for EXPLAIN: "read_csv('people.csv', header => true)".
  std::string description;
  /// Rows the source holds: the sum over `files`. The optimizer's cardinality
  /// estimates start here.
  uint64_t estimated_rows = 0;

  /// Catalog tables until the optimizer lists their folders: the partitions that may
  /// match (`files` is empty meanwhile). Null for table functions and once listed.
  std::shared_ptr<const PartitionList> pending;
  /// Catalog tables with partition keys: the partitions left after pruning and the
  /// partitions the catalog has (EXPLAIN's "partitions=1/365"); 0 otherwise.
  size_t num_partitions = 0;
  size_t total_partitions = 0;
  /// Whether the source is a catalog table (EXPLAIN prints its partitions).
  bool catalog_table = false;

  /// True for partition columns and the file name column.
  bool IsFileConstant(size_t column) const { return column >= num_data_columns; }
  /// The value of file constant `column` for files[file].
  Value FileConstant(size_t file, size_t column) const;

  /// Opens files[file] for reading `columns` (indices into `schema`). CSV and JSON
  /// are read with the bound types pinned; Parquet columns of a narrower type are
  /// cast by the scan (kCast). `predicates` are row-group hints for Parquet, passed
  /// on only for columns the file has (ignored by the other formats). Throws IOError
  /// / FormatError naming the file.
  OpenedFile OpenReader(size_t file, const std::vector<size_t>& columns,
                        const std::vector<parquet::ColumnPredicate>& predicates) const;

  /// A copy holding only the files whose indices are in `keep` (ascending), with
  /// estimated_rows summed again; total_files stays.
  std::shared_ptr<TableSource> WithFiles(const std::vector<size_t>& keep) const;
  /// A copy of a source with pending partitions holding only those whose indices are
  /// in `keep` (ascending); num_partitions becomes their count.
  std::shared_ptr<TableSource> WithPendingPartitions(const std::vector<size_t>& keep) const;
  /// A copy without pending partitions and with `files` (total_files their count).
  std::shared_ptr<TableSource> WithListedFiles(std::vector<SourceFile> listed) const;
};

/// The Hive partition keys and raw (still escaped) values in the folders of `path`:
/// every folder segment "key=value", outermost first. A key that appears twice keeps
/// its innermost value.
std::vector<std::pair<std::string, std::string>> ParseHivePartitions(std::string_view path);

/// The type `sluice convert --partition-by` values read back as: BIGINT when every
/// value is a canonical integer (-12, 0, 2024; not 007 or +1), DATE when every value
/// is a YYYY-MM-DD date, VARCHAR otherwise (and when there are no values). `values`
/// are unescaped, with the default partition already removed.
DataType InferPartitionType(const std::vector<std::string>& values);

/// One raw path value as a Value of `type`: unescaped (%XX), NULL for
/// __HIVE_DEFAULT_PARTITION__ and the empty string. `type` must be what
/// InferPartitionType chose for it.
Value ParsePartitionValue(std::string_view raw, const DataType& type);

/// The type a column has across files of `format`: for CSV and JSON the inference
/// lattice `sluice convert` widens by (BIGINT → DECIMAL → DOUBLE, DATE → TIMESTAMP,
/// anything else → VARCHAR; the text is read again as the wider type); for Parquet
/// Trino's implicit widening (integers → wider integers → DECIMAL → DOUBLE, REAL →
/// DOUBLE, DATE → TIMESTAMP), values cast by the scan. nullopt when the types do not
/// unify (Parquet only).
std::optional<DataType> UnifyColumnType(TableFormat format, const DataType& a, const DataType& b);

}  // namespace sluice::sql
