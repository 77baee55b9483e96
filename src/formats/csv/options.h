#pragma once
// Options of the CSV reader and writer: the dialect (how bytes make fields and
// rows), presets, and what the reader does with types and bad rows.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "formats/format.h"
#include "io/compression.h"

namespace sluice::csv {

/// How a special byte inside a value is protected.
enum class EscapeMode {
  /// RFC 4180: only inside quotes, a quote is written twice ("").
  kDoubledQuote,
  /// A byte `escape` makes the next byte literal, inside or outside quotes
  /// (Redshift UNLOAD ... ESCAPE writes '\' before LF, CR, '|', '\', '"' and "'").
  kEscapeChar,
  /// No escaping at all.
  kNone,
};

/// How bytes make fields and rows. Line ends LF, CRLF and CR are all accepted on read.
struct Dialect {
  char delimiter = ',';
  /// '\0' means fields are never quoted.
  char quote = '"';
  EscapeMode escape_mode = EscapeMode::kDoubledQuote;
  /// The escape byte under kEscapeChar (usually '\\').
  char escape = '\\';
  /// Field texts that mean NULL, compared with the raw text (before unescaping) of an
  /// unquoted field — and of a quoted one when `null_if_quoted`.
  std::vector<std::string> null_strings = {""};
  bool null_if_quoted = false;
  /// First line holds column names.
  bool header = false;
  /// Lines skipped before the header / first row.
  size_t skip_rows = 0;
  /// Lines starting with this prefix are skipped (empty: none).
  std::string comment;

  // Writer only.
  /// Quote every non-NULL field (Redshift ADDQUOTES); else only when needed.
  bool quote_all = false;
  /// Write NULL as the first null string inside quotes (default: bare).
  bool quote_null = false;
  /// Line terminator the writer uses.
  std::string line_end = "\n";
  /// Extra bytes the writer escapes under kEscapeChar, besides the delimiter, quote,
  /// escape byte, CR and LF (Redshift UNLOAD ... ESCAPE also escapes "'").
  std::string escape_also;

  friend bool operator==(const Dialect&, const Dialect&) = default;
};

/// The dialect of Redshift's UNLOAD ... DELIMITER '|' NULL AS '\N' ESCAPE ADDQUOTES.
Dialect RedshiftUnloadDialect();
/// RFC 4180 with a header line.
Dialect Rfc4180Dialect();
/// Looks up a preset by name ("redshift-unload", "rfc4180"); throws
/// InvalidArgumentError listing the presets otherwise.
Dialect PresetDialect(std::string_view name);

/// Options of the CSV reader. Unset optionals are sniffed from a sample.
struct ReadOptions {
  std::optional<char> delimiter;
  std::optional<char> quote;  ///< '\0' for none.
  std::optional<EscapeMode> escape_mode;
  std::optional<char> escape;
  std::optional<std::vector<std::string>> null_strings;
  std::optional<bool> null_if_quoted;
  std::optional<bool> header;
  size_t skip_rows = 0;
  std::string comment;
  /// A preset fills every dialect field not given explicitly.
  std::optional<std::string> preset;

  /// Column names to use (overrides header names; count must match).
  std::vector<std::string> column_names;
  /// Explicit types by column name (or by position when `column_names` is empty and
  /// there is no header: names column0, column1, ...). Others are inferred.
  std::vector<std::pair<std::string, DataType>> column_types;
  /// Every column is VARCHAR; no inference.
  bool all_varchar = false;
  /// A value that contradicts an inferred type fails the read instead of widening.
  bool strict_types = false;
  /// Rows sampled for sniffing (spread over the file when it can seek).
  size_t sample_rows = 20480;

  formats::OnError on_error = formats::OnError::kFail;
  /// Where rejected rows go under kSkip (JSON lines); empty: only counted.
  std::string rejects_path;

  io::Compression compression = io::Compression::kAuto;
  /// Threads used to parse; 0 means the task scheduler's size.
  size_t num_threads = 0;

  /// strptime-style patterns (core/datetime_pattern.h) that DATE / TIMESTAMP values
  /// follow, like Redshift's DATEFORMAT / TIMEFORMAT: "%d.%m.%Y", "%m/%d/%Y %H:%M:%S".
  /// Empty: ISO, plus common forms (MM/DD/YYYY, DD/MM/YYYY...) resolved from the sample.
  /// ISO values are accepted in either case.
  std::string date_format;
  std::string timestamp_format;
  /// Bytes the input is cut into for parallel parsing. Small values are for tests
  /// (they make multi-block paths run on small inputs).
  size_t block_size = size_t{8} << 20;
  /// A record longer than this (usually an unterminated quote) is a bad row.
  size_t max_record_size = size_t{64} << 20;
};

/// Options of the CSV writer.
struct WriteOptions {
  Dialect dialect;
  /// Compression of the output; kAuto picks by the output file's extension.
  io::Compression compression = io::Compression::kAuto;
  int compression_level = 0;
  /// Threads that format the rows of a chunk (in order); 0 means the task scheduler's
  /// size. 1 formats on the caller's thread.
  size_t num_threads = 1;
};

}  // namespace sluice::csv
