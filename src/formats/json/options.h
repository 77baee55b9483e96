#pragma once
// Options of the JSON-lines reader and writer.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/types.h"
#include "formats/format.h"
#include "io/compression.h"

namespace sluice::json {

/// Options of the JSON-lines reader (formats/json/reader.h).
struct ReadOptions {
  /// Keys to read, in this order; other keys are ignored. Empty: every key, in the
  /// order keys are first seen.
  std::vector<std::string> columns;
  /// Explicit types by key. They are never widened: a value that does not convert
  /// is a bad value (see on_error). Other keys get inferred types.
  std::vector<std::pair<std::string, DataType>> column_types;
  /// A value that contradicts an inferred type (or a key first seen after the
  /// sample) fails the read instead of widening the schema.
  bool strict_types = false;
  /// Non-blank lines read from the start of the file to infer types.
  size_t sample_rows = 20480;

  formats::OnError on_error = formats::OnError::kFail;
  /// Where rejected rows go under kSkip (JSON lines); empty: only counted.
  std::string rejects_path;

  io::Compression compression = io::Compression::kAuto;
  /// Threads used to parse; 0 means the task scheduler's size, 1 parses on the
  /// caller's thread.
  size_t num_threads = 0;
  /// Bytes per block handed to one parse task (blocks end at a line end; a longer
  /// line makes a longer block). At most about 2 blocks per thread are in memory.
  size_t block_size = 8 << 20;
};

/// Options of the JSON-lines writer (formats/json/writer.h).
struct WriteOptions {
  /// Compression of the output; kAuto picks by the output file's extension. Applied
  /// by the caller through io::MakeCompressingStream, not by the writer.
  io::Compression compression = io::Compression::kAuto;
  int compression_level = 0;
  /// Threads that format the rows of a chunk (in order); 0 means the task scheduler's
  /// size. 1 formats on the caller's thread.
  size_t num_threads = 1;
};

}  // namespace sluice::json
