#include "formats/csv/options.h"

#include <string>

#include "core/error.h"

namespace sluice::csv {

namespace {
constexpr std::string_view kBackslashN = "\\N";
}  // namespace

Dialect RedshiftUnloadDialect() {
  Dialect dialect;
  dialect.delimiter = '|';
  dialect.quote = '"';
  dialect.escape_mode = EscapeMode::kEscapeChar;
  dialect.escape = '\\';
  dialect.escape_also = std::string(1, '\'');  // UNLOAD ... ESCAPE also escapes single quotes (writer only)
  // UNLOAD writes NULL as a bare \N; a quoted "\N" is read as NULL too, while "\\N"
  // (an escaped backslash) is the two-character text \N.
  dialect.null_strings = {std::string(kBackslashN)};
  dialect.null_if_quoted = true;
  dialect.header = false;
  dialect.quote_all = true;
  dialect.quote_null = false;
  dialect.line_end = std::string(1, '\n');
  return dialect;
}

Dialect Rfc4180Dialect() {
  Dialect dialect;
  dialect.delimiter = ',';
  dialect.quote = '"';
  dialect.escape_mode = EscapeMode::kDoubledQuote;
  dialect.null_strings = {std::string()};
  dialect.null_if_quoted = false;
  dialect.header = true;
  // RFC 4180 says CRLF; LF is what the tools we exchange files with write, and the
  // reader accepts both.
  dialect.line_end = std::string(1, '\n');
  return dialect;
}

Dialect PresetDialect(std::string_view name) {
  if (name == "redshift-unload" || name == "redshift") return RedshiftUnloadDialect();
  if (name == "rfc4180" || name == "csv") return Rfc4180Dialect();
  throw InvalidArgumentError("unknown CSV preset '" + std::string(name) +
                             "' (expected redshift-unload or rfc4180)");
}

}  // namespace sluice::csv
