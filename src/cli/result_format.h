#pragma once
// Printing query results: an aligned table (Trino CLI style), CSV, TSV or JSON lines.

#include <ostream>
#include <string>

#include "engine/query_engine.h"

namespace sluice::cli {

enum class ResultFormat { kTable, kCsv, kTsv, kJsonLines };

/// "table", "csv", "tsv", "jsonl"; throws InvalidArgumentError otherwise.
ResultFormat ParseResultFormat(const std::string& name);

/// How much of a result a table shows (the SQL shell fits it to the terminal).
struct TableLimits {
  /// Rows shown at most (0: all); a longer result ends with "… (12,345 rows total)".
  size_t max_rows = 0;
  /// Display columns per line at most (0: no limit); the widest columns are narrowed
  /// and their values cut with "…" until the table fits (down to a few characters).
  size_t max_width = 0;
};

/// Writes `result`. `header` prints column names (table, csv, tsv). NULL prints as
/// NULL in table and tsv, as an empty field in csv and as null in JSON. `limits`
/// apply to the table format only.
void WriteResult(const engine::QueryResult& result, ResultFormat format, bool header, std::ostream& out,
                 const TableLimits& limits = {});

}  // namespace sluice::cli
