#include "lake/crawler/csv_format_options.h"

#include <cctype>
#include <charconv>
#include <string>

#include "core/ascii.h"
#include "core/error.h"
#include "io/compression.h"

namespace sluice::lake::crawler {

namespace {

[[noreturn]] void ThrowBadValue(std::string_view context, const std::string& key, const std::string& value,
                                std::string_view expected) {
  throw InvalidArgumentError(std::string(context) + ": " + key + ": '" + value + "' is not valid (expected " +
                             std::string(expected) + ")");
}

/// One byte as the CLI flags accept it: the byte itself, or tab / pipe / comma /
/// semicolon / none.
char ParseByte(std::string_view context, const std::string& key, const std::string& value) {
  std::string v = AsciiLower(value);
  if (v == "none" || v == "off") return '\0';
  if (v == "tab" || v == "\\t") return '\t';
  if (v == "\\\\") return '\\';
  if (v == "pipe") return '|';
  if (v == "comma") return ',';
  if (v == "semicolon") return ';';
  if (value.size() == 1) return value[0];
  ThrowBadValue(context, key, value, "one byte, or tab, pipe, comma, semicolon, none");
}

bool ParseBool(std::string_view context, const std::string& key, const std::string& value) {
  std::string v = AsciiLower(value);
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  ThrowBadValue(context, key, value, "true or false");
}

/// The text a byte is stored as: "\t" for tab, "none" for no byte, else the byte.
std::string ShowByte(char c) {
  if (c == '\0') return "none";
  if (c == '\t') return "\\t";
  return std::string(1, c);
}

}  // namespace

csv::ReadOptions CsvReadOptionsFromMap(const std::map<std::string, std::string>& options,
                                       std::string_view context) {
  csv::ReadOptions read;
  for (const auto& [key, value] : options) {
    if (key == "delimiter") {
      read.delimiter = ParseByte(context, key, value);
      if (*read.delimiter == '\0') ThrowBadValue(context, key, value, "a delimiter byte");
    } else if (key == "quote") {
      read.quote = ParseByte(context, key, value);
    } else if (key == "escape") {
      std::string e = AsciiLower(value);
      if (e == "double" || e == "doubled" || e == "\"") {
        read.escape_mode = csv::EscapeMode::kDoubledQuote;
      } else if (e == "none") {
        read.escape_mode = csv::EscapeMode::kNone;
      } else {
        read.escape_mode = csv::EscapeMode::kEscapeChar;
        read.escape = ParseByte(context, key, value);
      }
    } else if (key == "header") {
      read.header = ParseBool(context, key, value);
    } else if (key == "null") {
      read.null_strings = std::vector<std::string>{value};
    } else if (key == "null_if_quoted") {
      read.null_if_quoted = ParseBool(context, key, value);
    } else if (key == "preset") {
      csv::PresetDialect(value);  // validates the name
      read.preset = value;
    } else if (key == "skip_rows") {
      size_t rows = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), rows);
      if (error != std::errc() || end != value.data() + value.size()) {
        ThrowBadValue(context, key, value, "a number of lines");
      }
      read.skip_rows = rows;
    } else if (key == "comment") {
      read.comment = value;
    } else if (key == "compression") {
      read.compression = io::ParseCompression(AsciiLower(value));
    } else {
      throw InvalidArgumentError(std::string(context) + ": unknown CSV option '" + key +
                                 "' (expected delimiter, quote, escape, header, null, null_if_quoted, "
                                 "preset, skip_rows, comment, compression)");
    }
  }
  return read;
}

std::map<std::string, std::string> FormatOptionsFromDialect(const csv::Dialect& dialect, bool header,
                                                            std::string_view preset) {
  std::map<std::string, std::string> options;
  options["delimiter"] = ShowByte(dialect.delimiter);
  options["quote"] = ShowByte(dialect.quote);
  switch (dialect.escape_mode) {
    case csv::EscapeMode::kDoubledQuote: options["escape"] = "double"; break;
    case csv::EscapeMode::kEscapeChar: options["escape"] = ShowByte(dialect.escape); break;
    case csv::EscapeMode::kNone: options["escape"] = "none"; break;
  }
  options["header"] = header ? "true" : "false";
  options["null"] = dialect.null_strings.empty() ? std::string() : dialect.null_strings.front();
  if (dialect.null_if_quoted) options["null_if_quoted"] = "true";
  if (dialect.skip_rows > 0) options["skip_rows"] = std::to_string(dialect.skip_rows);
  if (!dialect.comment.empty()) options["comment"] = dialect.comment;
  if (!preset.empty()) {
    options["preset"] = std::string(preset);
  } else {
    const csv::Dialect redshift = csv::RedshiftUnloadDialect();
    if (dialect.delimiter == redshift.delimiter && dialect.escape_mode == redshift.escape_mode &&
        dialect.escape == redshift.escape && dialect.null_strings == redshift.null_strings && !header) {
      options["preset"] = "redshift-unload";
    }
  }
  return options;
}

}  // namespace sluice::lake::crawler
