#pragma once
// The JSON-lines reader: one JSON object per line → chunks.
//
// Columns are the union of the keys, in the order they are first seen in a sample of
// the first `sample_rows` lines; types come from the values (formats/json/
// type_inference.h), or from ReadOptions::column_types. A missing key is NULL; nested
// objects and arrays are kept as compact JSON text in VARCHAR; a VARCHAR inferred for
// mixed kinds holds strings' contents and other values' JSON text.
//
// After the sample, a value that contradicts an inferred type widens the column (and
// a new key adds one): the change is reported in ReadStats::notices, later chunks carry
// the new types, and schema_widened() tells the consumer to restart with the final
// schema(). Under strict_types such a value fails the read instead.
//
// Lines that are not JSON objects and values that do not convert to an explicit type
// follow ReadOptions::on_error, with messages "file:line: what is wrong" (plus "at
// column N", a 1-based byte in the line, for malformed JSON inside an object). Under
// kSkip the rows go to the rejects file in file order; under kNull a bad value becomes
// NULL (values_nulled) and a line that is no JSON object a row of NULLs (rows_nulled).
// Blank lines are skipped but counted; a UTF-8 byte order mark is dropped; CRLF is fine.
//
// Big inputs are cut into blocks at line ends and parsed on the task scheduler; rows
// come out in file order, and the result (rows, types, notices, rejects) does not
// depend on the number of threads.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "formats/format.h"
#include "formats/json/options.h"

namespace sluice::json {

/// What schema inference found.
struct InferResult {
  Schema schema;
  /// Lines of the sample that were JSON objects.
  uint64_t rows_sampled = 0;
  /// Why some columns got the type they did ("key 'x': mixes kinds of values ...").
  std::vector<std::string> notes;
  /// One flag per column of `schema`: true when the sample held only nulls for it (or
  /// a listed column never appeared), so its VARCHAR is a default, not evidence. Schema
  /// unification across files (read_json over a glob, crawlers) lets the other files
  /// decide such a column's type.
  std::vector<bool> only_nulls;
};

/// Opens a JSON-lines file (compressed with gzip/zstd/bzip2 or not, see
/// options.compression). Reads the sample and the first block before returning, so
/// schema() is final unless a later block widens it; schema_widened() is true when
/// the schema changed after OpenReader returned.
/// Throws IOError, FormatError, or InvalidArgumentError for inconsistent options.
std::unique_ptr<formats::Reader> OpenReader(const std::string& path,
                                            const ReadOptions& options = {});

/// Same as OpenReader over uncompressed bytes in memory; `name` stands for the file
/// in messages.
std::unique_ptr<formats::Reader> OpenReaderFromBuffer(std::string data, std::string name,
                                                      const ReadOptions& options = {});

/// The schema a reader would start with, from the sample only.
InferResult InferSchema(const std::string& path, const ReadOptions& options = {});

}  // namespace sluice::json
