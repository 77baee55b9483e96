#pragma once
// The JSON-lines writer: one object per row in one canonical form, so that any
// other program that follows the same rules (bench/datagen does) writes the same bytes.
//
//   {"event_id":1,"company_id":7,"event_ts":"2024-03-01 08:15:30.25","people_count":null}
//
// - One object per line, LF-terminated, keys in column order, no spaces; a NULL is
//   `null` with its key present.
// - TINYINT..BIGINT: JSON integers. DECIMAL(p,s): a number with exactly s fractional
//   digits (12.50). DOUBLE/REAL: the shortest text that reads back as the same value,
//   always with '.' or an exponent (3.0, 1e+20); NaN and ±infinity, which JSON numbers
//   cannot hold, as the strings "NaN", "Infinity", "-Infinity".
// - BOOLEAN: true/false. DATE, TIMESTAMP, TIMESTAMP WITH TIME ZONE: strings as
//   core/value_format.h writes them, fractions trimmed ("2024-03-01 09:15:30.5 Europe/Berlin").
// - VARCHAR: a string escaped as json_text.h describes (invalid UTF-8 bytes become
//   \u00XX, one per byte). VARBINARY: a base64 string.
// Reading the output back with the writer's schema as explicit types gives the same
// values; with inferred types, DOUBLE/REAL/TINYINT..INTEGER/VARBINARY come back as
// DECIMAL/DOUBLE, BIGINT and VARCHAR (JSON text does not carry those types).

#include <memory>

#include "core/types.h"
#include "formats/format.h"
#include "formats/json/options.h"
#include "io/file.h"

namespace sluice::json {

/// Makes a writer of `schema`'s rows into `out` (not owned; it must outlive the
/// writer). Compression is the caller's (io::MakeCompressingStream). Writes go to
/// `out` in blocks of about 1 MiB; Finish() flushes the rest.
std::unique_ptr<formats::Writer> MakeWriter(io::OutputStream* out, const Schema& schema,
                                            const WriteOptions& options = {});

}  // namespace sluice::json
