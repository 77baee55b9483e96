#pragma once
// A catalog table's format_options (catalog/model.h; the keys `sluice convert` and
// the crawler use: delimiter, quote, escape, header, null, null_if_quoted, preset,
// skip_rows, comment, compression) as reader options. A catalog table is read with
// everything spelled out — nothing is sniffed: the dialect is the preset's (RFC 4180
// without a header when there is none) with the given keys on top.

#include <map>
#include <string>
#include <string_view>

#include "formats/csv/options.h"
#include "io/compression.h"

namespace sluice::engine {

/// The CSV dialect `options` describe (with skip_rows and comment). CatalogError
/// naming `table` and the key for an unknown key or a bad value.
csv::Dialect CsvDialectFromOptions(const std::map<std::string, std::string>& options, std::string_view table);

/// The "compression" option (absent: kAuto, by each file's extension).
io::Compression CompressionFromOptions(const std::map<std::string, std::string>& options, std::string_view table);

/// The text a dialect byte is stored as: "\t" for tab, "none" for no byte, else the byte.
std::string ShowDialectByte(char byte);

}  // namespace sluice::engine
