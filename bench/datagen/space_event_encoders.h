#pragma once
// The three text encodings of SpaceEvent rows. Each writes whole lines, LF-terminated.

#include "output_file.h"
#include "space_event.h"

namespace sluice::datagen {

/// Redshift `UNLOAD ... DELIMITER '|' NULL AS '\N' ESCAPE ADDQUOTES`: no header, every
/// non-NULL field in double quotes, '\' before LF, CR, '|', '\', '"' and "'" inside a
/// value, NULL as a bare \N.
void WriteUnloadRow(const SpaceEvent& event, OutputFile& file);

/// RFC 4180 header line: the column names separated by ','.
void WriteRfc4180Header(OutputFile& file);

/// RFC 4180 row: ',' separated, a field quoted only when it holds ',', '"', CR or LF
/// (quotes doubled); NULL is an empty field, the empty string is "".
void WriteRfc4180Row(const SpaceEvent& event, OutputFile& file);

/// Canonical JSON line: keys in column order, no spaces, integers as numbers, NULL as
/// null, strings escaped with \" \\ \n \r \t \b \f and \u00xx for other bytes < 0x20
/// and 0x7f; '/' and non-ASCII bytes raw.
void WriteJsonLine(const SpaceEvent& event, OutputFile& file);

}  // namespace sluice::datagen
