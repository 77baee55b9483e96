#pragma once
// What parsing a run of CSV records produces: a chunk of rows plus, as values, what
// went wrong (bad rows) and which column types had to widen. Line numbers are local
// to the buffer parsed; the reader makes them absolute when it commits batches in
// file order.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "formats/csv/type_inference.h"

namespace sluice::csv {

/// A bad row (or value) found while parsing.
struct RowIssue {
  uint32_t offset = 0;  ///< Byte whose line the message names (record or field start).
  uint64_t line = 0;    ///< Line ends in the buffer before `offset` (0-based line).
  uint32_t row = 0;     ///< Row of the batch, before rejected rows were removed.
  int column = -1;      ///< 0-based column, or -1 when the whole row is bad.
  std::string message;  ///< "column 6 'people_count': 'abc' is not a valid bigint".
  std::string raw;      ///< The row's bytes, for the rejects file (kSkip only).
  /// Ends the read whatever the policy (a contradicted type under strict_types).
  bool fatal = false;
};

/// A column whose type a value contradicted.
struct Widening {
  int column = 0;
  uint32_t offset = 0;  ///< Start of the record holding the value.
  uint64_t line = 0;    ///< As in RowIssue.
  std::string value;
  ColumnType from;
  ColumnType to;
};

/// Up to kChunkCapacity rows parsed from bytes [begin, end) of one buffer.
struct ParsedBatch {
  Chunk chunk;
  std::vector<ColumnType> types;  ///< Per column, as the chunk holds them.
  std::shared_ptr<const void> owner;  ///< Keeps `buffer` alive.
  const char* buffer = nullptr;
  size_t begin = 0;  ///< Where the first record (or skipped line) starts.
  size_t end = 0;    ///< After the last record's line end: a record boundary.
  std::vector<RowIssue> issues;  ///< In row order.
  std::vector<Widening> widenings;
  uint64_t rows_rejected = 0;
  uint64_t rows_nulled = 0;
  uint64_t values_nulled = 0;
  uint64_t rows_cut = 0;  ///< Rows with extra fields dropped (kNull).
};

}  // namespace sluice::csv
