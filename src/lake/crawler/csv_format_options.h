#pragma once
// CSV options as text key → value maps, the form sluice.yaml's `csv:` entries and a
// catalog table's format_options take (keys as `sluice convert` names its flags):
//   delimiter   one byte, or tab / pipe / comma / semicolon / "\t"
//   quote       one byte, or none
//   escape      double (RFC 4180 doubled quotes), none, or the escape byte ("\\")
//   header      true / false
//   null        the text that means NULL ("\N"; "" for the empty field)
//   null_if_quoted  true when a quoted null text is NULL too (Redshift UNLOAD)
//   preset      redshift-unload / rfc4180 (fills every field not given)
//   skip_rows   lines skipped before the header / first row
//   comment     lines starting with this prefix are skipped
// The crawler reads forced options with CsvReadOptionsFromMap and writes what it sniffed
// into the table's format_options with FormatOptionsFromDialect, so a reader that
// applies CsvReadOptionsFromMap to a table's format_options reads its files as the
// crawler saw them.

#include <map>
#include <string>
#include <string_view>

#include "formats/csv/options.h"

namespace sluice::lake::crawler {

/// Reader options from `options` (keys above; "compression" is accepted and applied).
/// InvalidArgumentError naming `context` (e.g. "crawler drop_events: csv") and the key
/// for an unknown key or a bad value.
csv::ReadOptions CsvReadOptionsFromMap(const std::map<std::string, std::string>& options,
                                       std::string_view context);

/// The format_options describing a sniffed (or forced) dialect with its header
/// decision: delimiter, quote, escape, header, null (the first null text), and, when
/// set, null_if_quoted, skip_rows, comment. `preset` (possibly empty) is recorded as
/// given; a dialect that reads like Redshift UNLOAD's records preset redshift-unload.
std::map<std::string, std::string> FormatOptionsFromDialect(const csv::Dialect& dialect, bool header,
                                                            std::string_view preset);

}  // namespace sluice::lake::crawler
