#pragma once
// PostgreSQL's COPY text format (one row per line, columns separated by tabs, NULL as
// \N, backslash escapes for backslash, tab, newline and carriage return) for every
// Sluice type that PostgreSQL has, both ways:
//
//   type          sent / read as                       PostgreSQL column
//   boolean       t, f                                 boolean
//   tinyint…      decimal digits                       smallint, integer, bigint
//   real, double  shortest text that reads back the    real, double precision
//                 same value; NaN, Infinity, -Infinity
//   decimal(p,s)  exactly s fractional digits          numeric(p,s)
//   varchar       the text, escaped                    text (also json, jsonb, …)
//   varbinary     bytea hex: \\x0a1b (escaped \x)      bytea
//   date          2024-01-31, 0044-03-15 BC            date
//   timestamp     2024-01-31 08:00:00.123456           timestamp
//   timestamptz   2024-01-31 08:00:00.123456+00 (UTC)  timestamptz
//
// Years before 1 are written as PostgreSQL writes them (year 0 is 1 BC). The zone of
// a TIMESTAMP WITH TIME ZONE is not sent: PostgreSQL keeps only the instant. Reading
// expects the session settings PostgresSession sets (DateStyle ISO, TimeZone UTC,
// bytea_output hex, extra_float_digits 3).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "core/value.h"

namespace sluice::jobs {

/// Writes chunks as COPY text. Construction checks that every type has a text form
/// (InvalidArgumentError naming the column otherwise).
class CopyTextEncoder {
 public:
  explicit CopyTextEncoder(const Schema& schema);

  /// Appends rows [begin, end) of `chunk` (whose columns are the schema's), each ending
  /// with '\n'.
  void AppendRows(const Chunk& chunk, size_t begin, size_t end, std::string* out) const;

 private:
  using AppendFunction = void (*)(const Vector& vector, size_t row, std::string* out);
  std::vector<AppendFunction> functions_;
};

/// The text PostgreSQL reads as `value` (not escaped for COPY): for bound parameters.
/// InvalidArgumentError for a type PostgreSQL has no column type for.
std::string PostgresValueText(const Value& value);

/// `text` with COPY text's escapes (backslash, tab, newline, carriage return) appended.
void AppendCopyEscaped(std::string_view text, std::string* out);

/// Reads COPY text rows into chunks of `schema`'s types.
class CopyTextDecoder {
 public:
  explicit CopyTextDecoder(const Schema& schema);

  /// Parses one line (with or without its '\n') into row chunk->size() of `chunk` and
  /// grows the chunk by one row. ConversionError naming the column and the text when
  /// a value does not fit its type (a number beyond a decimal's precision, an infinite
  /// date); FormatError when the line has the wrong number of columns.
  void AppendRow(std::string_view line, Chunk* chunk);

 private:
  Schema schema_;
  std::vector<std::string_view> fields_;
  std::string unescaped_;
};

/// `field` of a COPY text line with its backslash escapes resolved (\b \f \n \r \t \v,
/// \\, octal \NNN, hex \xHH; any other escaped character stands for itself).
std::string UnescapeCopyField(std::string_view field);

}  // namespace sluice::jobs
