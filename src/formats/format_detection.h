#pragma once
// Which format a file to read is in, when the caller did not say: shared by
// `sluice schema` / `sluice convert` (cli/input_flags.h DetectInputFormat) and the
// lake's crawlers (lake/crawler/classify.h), so both see a file the same way.

#include <string>

#include "formats/file_writer.h"

namespace sluice::formats {

/// By extension (compression extensions ignored, FileFormatFromExtension), else by the
/// content: "PAR1" magic → Parquet; else the first non-blank byte after decompression
/// and a UTF-8 BOM: '{' → JSON lines, anything else → CSV (Redshift's
/// unload_0000_part_00 has no extension). `path` "-" (standard input) has no extension
/// and is not checked for Parquet. Throws IOError / FormatError when it cannot be read.
FileFormat DetectFileFormat(const std::string& path);

}  // namespace sluice::formats
