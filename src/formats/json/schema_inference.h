#pragma once
// Sampling the first lines of a JSON-lines input and inferring its columns.

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "formats/json/block_parser.h"
#include "formats/json/block_source.h"
#include "formats/json/options.h"
#include "formats/json/reader.h"

namespace sluice::json {

/// Checks options.columns / column_types for consistency; throws InvalidArgumentError.
void ValidateReadOptions(const ReadOptions& options);

/// Reads blocks from `source` until `options.sample_rows` non-blank lines are seen
/// (the blocks are appended to `sampled`, to be parsed afterwards) and returns the
/// columns: explicit ones as given, the others inferred. Fills `result` (schema,
/// rows sampled, notes). No sample is read when every column is given with its type.
std::vector<ColumnSpec> InferColumns(BlockSource& source, const ReadOptions& options,
                                     std::deque<std::shared_ptr<const Block>>* sampled,
                                     InferResult* result);

/// The Schema of a list of columns.
Schema ToSchema(const std::vector<ColumnSpec>& columns);

}  // namespace sluice::json
