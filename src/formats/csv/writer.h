#pragma once
// The CSV writer: chunks → delimited text in a dialect (formats/csv/options.h).
//
// Values are written as core/value_format.h writes them (fractions trimmed, zones as
// " Europe/Berlin"), VARBINARY as its raw bytes. How a value is protected depends on
// the dialect's escape mode:
//  - kDoubledQuote (RFC 4180): a field is quoted when it holds the delimiter, the
//    quote, CR or LF, starts or ends with a space, or always under quote_all; quotes
//    inside are doubled.
//  - kEscapeChar: the escape byte goes before every delimiter, quote, escape byte, LF,
//    CR and `escape_also` byte; under quote_all every non-NULL field is quoted too
//    (Redshift UNLOAD ... ESCAPE ADDQUOTES).
//  - kNone: bytes are written as they are; a field is quoted (when the dialect has a
//    quote) if it holds the delimiter, CR or LF, but quotes inside stay bare, so such
//    values do not read back intact.
// NULL is the first null string (the empty field when there is none), bare unless
// quote_null. A non-NULL value whose text equals one of the null strings is kept
// distinct: quoted, or under kEscapeChar without quotes its first byte is escaped.
// This cannot work when the dialect also reads quoted null strings as NULL
// (null_if_quoted) and has no escape byte; such values then read back as NULL.

#include <memory>

#include "core/types.h"
#include "formats/csv/options.h"
#include "formats/format.h"
#include "io/file.h"

namespace sluice::csv {

/// Makes a writer of `schema`'s rows into `out` (not owned; it must outlive the
/// writer). The header line, when the dialect has one, is written before the first
/// rows (also for an empty table). Compression is the caller's (wrap `out` with
/// io::MakeCompressingStream); options.compression is ignored here.
/// Writes go to `out` in blocks of about 1 MiB; Finish() flushes the rest.
std::unique_ptr<formats::Writer> MakeWriter(io::OutputStream* out, const Schema& schema,
                                            const WriteOptions& options);

}  // namespace sluice::csv
