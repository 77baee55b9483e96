#pragma once
// Printing query results: an aligned table (Trino CLI style), CSV, TSV or JSON lines.

#include <ostream>
#include <string>

#include "engine/query_engine.h"

namespace sluice::cli {

enum class ResultFormat { kTable, kCsv, kTsv, kJsonLines };

/// "table", "csv", "tsv", "jsonl"; throws InvalidArgumentError otherwise.
ResultFormat ParseResultFormat(const std::string& name);

/// Writes `result`. `header` prints column names (table, csv, tsv). NULL prints as
/// NULL in table and tsv, as an empty field in csv and as null in JSON.
void WriteResult(const engine::QueryResult& result, ResultFormat format, bool header, std::ostream& out);

}  // namespace sluice::cli
