#pragma once
// Sniffing: the dialect (dialect_sniffer.h), header and column types of a CSV input
// from a sample of it: the first bytes of the input plus, when the file can seek,
// blocks spread over it (they start mid-record; their first partial line is dropped).
// Options the user gave (and presets) are never second-guessed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/csv/options.h"
#include "formats/csv/read_context.h"

namespace sluice::csv {

/// Bytes sniffing looks at.
struct SampleText {
  std::string_view head;  ///< The first bytes of the (decompressed) input.
  bool head_is_all = false;  ///< The input ends with `head`.
  std::vector<std::string_view> spread;  ///< Blocks from further into the input.
};

/// Everything sniffing decides.
struct SniffOutcome {
  Dialect dialect;
  std::vector<ColumnSpec> columns;
  bool header = false;
  std::string header_reason;
  /// Input offset of the first byte after the BOM, skipped lines and header.
  uint64_t data_start = 0;
  size_t rows_sampled = 0;
  std::vector<std::string> notes;
};

/// Resolves dialect, header and columns. Throws InvalidArgumentError for contradictory
/// options (column names that do not match the field count, unknown typed columns...).
SniffOutcome SniffSample(const SampleText& sample, const ReadOptions& options);

}  // namespace sluice::csv
