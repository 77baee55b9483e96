#include "engine/catalog_format.h"

#include <cctype>
#include <charconv>

#include "core/ascii.h"
#include "core/error.h"

namespace sluice::engine {
namespace {

[[noreturn]] void BadValue(std::string_view table, const std::string& key, const std::string& value,
                           std::string_view expected) {
  throw CatalogError("table " + std::string(table) + ": format option " + key + " = '" + value +
                     "' is not valid (expected " + std::string(expected) + ")");
}

char ParseByte(std::string_view table, const std::string& key, const std::string& value) {
  std::string word = AsciiLower(value);
  if (word == "none" || word == "off") return '\0';
  if (word == "tab" || word == "\\t") return '\t';
  if (word == "\\\\") return '\\';
  if (word == "pipe") return '|';
  if (word == "comma") return ',';
  if (word == "semicolon") return ';';
  if (value.size() == 1) return value[0];
  BadValue(table, key, value, "one byte, or tab, pipe, comma, semicolon, none");
}

bool ParseBool(std::string_view table, const std::string& key, const std::string& value) {
  std::string word = AsciiLower(value);
  if (word == "true" || word == "yes" || word == "1") return true;
  if (word == "false" || word == "no" || word == "0") return false;
  BadValue(table, key, value, "true or false");
}

}  // namespace

csv::Dialect CsvDialectFromOptions(const std::map<std::string, std::string>& options, std::string_view table) {
  csv::Dialect dialect;
  auto preset = options.find("preset");
  if (preset != options.end() && !preset->second.empty()) {
    try {
      dialect = csv::PresetDialect(preset->second);
    } catch (const InvalidArgumentError& error) {
      throw CatalogError("table " + std::string(table) + ": " + error.what());
    }
  }
  for (const auto& [key, value] : options) {
    if (key == "delimiter") {
      dialect.delimiter = ParseByte(table, key, value);
      if (dialect.delimiter == '\0') BadValue(table, key, value, "a delimiter byte");
    } else if (key == "quote") {
      dialect.quote = ParseByte(table, key, value);
    } else if (key == "escape") {
      std::string word = AsciiLower(value);
      if (word == "double" || word == "doubled" || word == "\"") {
        dialect.escape_mode = csv::EscapeMode::kDoubledQuote;
      } else if (word == "none" || word.empty()) {
        dialect.escape_mode = csv::EscapeMode::kNone;
      } else {
        dialect.escape_mode = csv::EscapeMode::kEscapeChar;
        dialect.escape = ParseByte(table, key, value);
      }
    } else if (key == "header") {
      dialect.header = ParseBool(table, key, value);
    } else if (key == "null") {
      dialect.null_strings = {value};
    } else if (key == "null_if_quoted") {
      dialect.null_if_quoted = ParseBool(table, key, value);
    } else if (key == "skip_rows") {
      size_t rows = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), rows);
      if (error != std::errc() || end != value.data() + value.size()) BadValue(table, key, value, "a number of lines");
      dialect.skip_rows = rows;
    } else if (key == "comment") {
      dialect.comment = value;
    } else if (key != "preset" && key != "compression") {
      throw CatalogError("table " + std::string(table) + ": unknown CSV format option '" + key +
                         "' (expected delimiter, quote, escape, header, null, null_if_quoted, preset, "
                         "skip_rows, comment, compression)");
    }
  }
  return dialect;
}

io::Compression CompressionFromOptions(const std::map<std::string, std::string>& options, std::string_view table) {
  auto it = options.find("compression");
  if (it == options.end() || it->second.empty()) return io::Compression::kAuto;
  try {
    return io::ParseCompression(AsciiLower(it->second));
  } catch (const InvalidArgumentError&) {
    BadValue(table, "compression", it->second, "gzip, zstd, bzip2, none or auto");
  }
}

std::string ShowDialectByte(char byte) {
  if (byte == '\0') return "none";
  if (byte == '\t') return "\\t";
  return std::string(1, byte);
}

}  // namespace sluice::engine
