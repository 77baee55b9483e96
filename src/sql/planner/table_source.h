#pragma once
// A file-backed relation of a query: a table function call (read_csv, read_json,
// read_parquet) with its options and the schema found by opening the file at bind
// time. Immutable; shared by the logical plan and the scan operator.

#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "formats/csv/options.h"
#include "formats/format.h"
#include "formats/json/options.h"
#include "formats/parquet/predicate.h"

namespace sluice::sql {

enum class TableFormat : uint8_t { kCsv, kJson, kParquet };

struct TableSource {
  TableFormat format = TableFormat::kCsv;
  std::string path;
  csv::ReadOptions csv_options;
  json::ReadOptions json_options;
  /// Every column of the file, as the binder saw it.
  Schema schema;
  /// The call as written, for EXPLAIN: "read_csv('people.csv', header => true)".
  std::string description;
  /// Rows the source holds: exact for Parquet (the footer), guessed from the file
  /// size for CSV and JSON. The optimizer's cardinality estimates start here.
  uint64_t estimated_rows = 0;

  /// Opens a reader of `columns` (indices into `schema`). CSV and JSON are read with
  /// the bound types pinned, so every chunk has the schema the plan was bound with;
  /// `predicates` are row-group hints for Parquet (ignored by the other formats).
  /// Chunks of CSV and JSON readers hold every column of `schema`; Parquet readers
  /// only `columns` (see ReadsAllColumns()).
  std::unique_ptr<formats::Reader> OpenReader(
      const std::vector<size_t>& columns,
      const std::vector<parquet::ColumnPredicate>& predicates) const;
  /// True when OpenReader's chunks hold every column rather than only those asked for.
  bool ReadsAllColumns() const { return format != TableFormat::kParquet; }
};

}  // namespace sluice::sql
