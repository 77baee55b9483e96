#pragma once
// Parses a run of records of one buffer into ParsedBatches: tokenize up to
// kChunkCapacity records, convert them column-wise, repeat. Used by the parallel
// block tasks and, for the few records around block boundaries, by the reader itself.

#include <cstddef>
#include <limits>
#include <memory>
#include <vector>

#include "formats/csv/converter.h"
#include "formats/csv/parsed_batch.h"
#include "formats/csv/read_context.h"
#include "formats/csv/tokenizer.h"

namespace sluice::csv {

inline constexpr size_t kNoCheckpoint = std::numeric_limits<size_t>::max();

/// Values a batch holds at most: wide files get batches of fewer rows (and chunks of
/// smaller capacity), so that memory per batch stays bounded.
inline constexpr size_t kMaxCellsPerBatch = kChunkCapacity * 64;
inline constexpr size_t kMinRowsPerBatch = 16;
/// Rows per batch for `num_columns` columns: kChunkCapacity up to 64 columns.
size_t RowsPerBatch(size_t num_columns);

/// Bytes to parse: [begin, end) of `buffer`, readable kPadding bytes past `end`.
struct ParseInput {
  std::shared_ptr<const void> owner;  ///< Keeps `buffer` alive for the strings.
  const char* buffer = nullptr;
  size_t begin = 0;
  size_t end = 0;
  /// `end` is the end of the input (or a known record boundary): the last record needs
  /// no line end.
  bool at_eof = false;
  /// Stop right after a record that ends exactly here (see ParseOutput).
  size_t checkpoint = kNoCheckpoint;
};

struct ParseOutput {
  std::vector<ParsedBatch> batches;
  /// Where parsing stopped: `end`, the start of the first record that does not end
  /// before `end`, or the checkpoint.
  size_t stop = 0;
  bool incomplete = false;         ///< Stopped at a record without a line end.
  bool reached_checkpoint = false;  ///< Stopped because a record ended at the checkpoint.
  bool passed_checkpoint = false;   ///< A record spanned the checkpoint (it is no boundary).
};

/// Parses records into batches; one instance per thread (it holds scratch space).
class BlockParser {
 public:
  BlockParser(const ReadContext& context, size_t num_columns);

  /// Parses from input.begin. `columns` are the types to start from; widened inferred
  /// types are written back. Issue and widening line numbers are line ends counted
  /// from the start of the buffer (offset 0).
  ParseOutput Parse(const ParseInput& input, std::vector<ColumnSpec>* columns);

  /// Finds where a record plausibly starts in [begin, end) when the parse state at
  /// `begin` is unknown: after a line end, where the next records have the expected
  /// number of fields. `previous_byte` is the byte before `begin` ('\n' when none).
  /// Returns `end` when none is found. A guess: the reader verifies it.
  size_t GuessRecordStart(const char* buffer, size_t begin, size_t end, char previous_byte);

 private:
  void AssignLines(const char* buffer, std::vector<ParsedBatch>* batches);

  const ReadContext& context_;
  Tokenizer tokenizer_;
  FieldTable table_;
  BatchConverter converter_;
  size_t rows_per_batch_;
};

}  // namespace sluice::csv
