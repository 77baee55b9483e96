#pragma once
// The CSV reader: sniffs what the options leave open, then parses the input on all
// cores in blocks while keeping row order (see docs/ARCHITECTURE.md, "CSV reader").

#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "formats/csv/options.h"
#include "formats/format.h"
#include "io/compression.h"

namespace sluice::csv {

/// What `sluice schema` prints: the dialect, header and columns a read would use.
struct SniffResult {
  Dialect dialect;
  Schema schema;
  bool header = false;
  /// Why the header was (not) taken: "given", or what the sniffer saw.
  std::string header_reason;
  io::Compression compression = io::Compression::kNone;
  size_t rows_sampled = 0;
  /// Remarks: the dialect evidence, ambiguous date forms, a BOM...
  std::vector<std::string> notes;
};

/// Sniffs `path` without reading it all. Throws IOError / InvalidArgumentError.
SniffResult Sniff(const std::string& path, const ReadOptions& options);

/// Opens a CSV file for reading (sniffs what the options leave open).
std::unique_ptr<formats::Reader> OpenReader(const std::string& path, const ReadOptions& options);

/// Same over bytes in memory (tests, fuzzing); `name` is used in messages. The bytes
/// are read as they are (no decompression).
std::unique_ptr<formats::Reader> OpenReaderFromBuffer(std::string data, std::string name,
                                                      const ReadOptions& options);

}  // namespace sluice::csv
