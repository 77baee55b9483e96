#include "cli/result_format.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/string_escape.h"
#include "core/value.h"

namespace sluice::cli {
namespace {

bool IsNumeric(const DataType& type) {
  return type.is_integer() || type.id() == TypeId::kDecimal || type.id() == TypeId::kReal ||
         type.id() == TypeId::kDouble;
}

/// The values of the result's first `max_rows` rows (0: all), row by row.
std::vector<std::vector<Value>> Rows(const engine::QueryResult& result, size_t max_rows = 0) {
  std::vector<std::vector<Value>> rows;
  for (const Chunk& chunk : result.chunks) {
    for (size_t r = 0; r < chunk.size(); ++r) {
      if (max_rows != 0 && rows.size() == max_rows) return rows;
      std::vector<Value> row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) row.push_back(Value::FromVector(chunk.column(c), r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string TsvField(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '\t': escaped += "\\t"; break;
      case '\n': escaped += "\\n"; break;
      case '\r': escaped += "\\r"; break;
      case '\\': escaped += "\\\\"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string JsonString(const std::string& text) { return DoubleQuoted(text, ControlEscape::kUnicode); }

std::string JsonValue(const Value& value) {
  if (value.is_null()) return "null";
  const DataType& type = value.type();
  if (type.id() == TypeId::kBoolean) return value.boolean() ? "true" : "false";
  if (type.is_integer() || type.id() == TypeId::kDecimal) return value.ToString();
  if ((type.id() == TypeId::kDouble || type.id() == TypeId::kReal) && std::isfinite(value.float64())) {
    return value.ToString();
  }
  return JsonString(value.ToString());
}

/// Display width in code points (UTF-8 continuation bytes do not count).
size_t Width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

/// `text` cut to `width` display columns, the last one "…" when cut.
std::string Truncate(const std::string& text, size_t width) {
  if (Width(text) <= width) return text;
  std::string out;
  size_t columns = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_character && ++columns == width) break;
    out += text[i];
  }
  return out + "\u2026";
}

/// Narrows `widths` so that a table line (" a | b ": sum + 3 per column - 1) fits
/// `max_width`: every column wider than a common level is cut to it, the level being
/// the highest that fits; no column goes below kMinWidth (or its own width).
void FitWidths(size_t max_width, std::vector<size_t>* widths) {
  constexpr size_t kMinWidth = 5;
  size_t n = widths->size();
  auto line_width = [&](size_t level) {
    size_t total = 3 * n - 1;
    for (size_t w : *widths) total += std::min(w, std::max(level, kMinWidth));
    return total;
  };
  size_t widest = n == 0 ? 0 : *std::max_element(widths->begin(), widths->end());
  if (n == 0 || line_width(widest) <= max_width) return;
  size_t low = 0;  // Binary search for the highest level that fits (or the minimum).
  size_t high = widest;
  while (low < high) {
    size_t mid = (low + high + 1) / 2;
    if (line_width(mid) <= max_width) low = mid;
    else high = mid - 1;
  }
  for (size_t& w : *widths) w = std::min(w, std::max(low, kMinWidth));
}

/// 12345 → "12,345".
std::string GroupDigits(size_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void WriteTable(const engine::QueryResult& result, bool header, std::ostream& out, const TableLimits& limits) {
  const Schema& schema = result.schema;
  size_t n = schema.num_fields();
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : Rows(result, limits.max_rows)) {
    std::vector<std::string> texts;
    for (const Value& v : row) texts.push_back(v.ToString());
    cells.push_back(std::move(texts));
  }
  std::vector<size_t> widths(n, 0);
  for (size_t c = 0; c < n; ++c) {
    if (header) widths[c] = Width(schema.field(c).name);
    for (const auto& row : cells) widths[c] = std::max(widths[c], Width(row[c]));
  }
  if (limits.max_width != 0) FitWidths(limits.max_width, &widths);
  auto pad = [](const std::string& full, size_t width, bool right) {
    std::string text = Truncate(full, width);
    std::string spaces(width - Width(text), ' ');
    return right ? spaces + text : text + spaces;
  };
  if (header) {
    for (size_t c = 0; c < n; ++c) {
      out << (c ? " | " : " ") << pad(schema.field(c).name, widths[c], false);
    }
    out << " \n";
    for (size_t c = 0; c < n; ++c) out << (c ? "-+-" : "-") << std::string(widths[c], '-');
    out << "-\n";
  }
  for (const auto& row : cells) {
    for (size_t c = 0; c < n; ++c) {
      out << (c ? " | " : " ") << pad(row[c], widths[c], IsNumeric(schema.field(c).type));
    }
    out << " \n";
  }
  size_t total = result.num_rows();
  if (total > cells.size()) {
    out << "\u2026 (" << GroupDigits(total) << " rows total)\n";
  } else {
    out << "(" << cells.size() << (cells.size() == 1 ? " row)\n" : " rows)\n");
  }
}

}  // namespace

ResultFormat ParseResultFormat(const std::string& name) {
  if (name == "table") return ResultFormat::kTable;
  if (name == "csv") return ResultFormat::kCsv;
  if (name == "tsv") return ResultFormat::kTsv;
  if (name == "jsonl" || name == "json") return ResultFormat::kJsonLines;
  throw InvalidArgumentError("--format: unknown format '" + name + "' (table, csv, tsv, jsonl)");
}

void WriteResult(const engine::QueryResult& result, ResultFormat format, bool header, std::ostream& out,
                 const TableLimits& limits) {
  const Schema& schema = result.schema;
  if (format == ResultFormat::kTable) return WriteTable(result, header, out, limits);
  const char* separator = format == ResultFormat::kCsv ? "," : "\t";
  if (header && format != ResultFormat::kJsonLines) {
    for (size_t c = 0; c < schema.num_fields(); ++c) {
      const std::string& name = schema.field(c).name;
      out << (c ? separator : "") << (format == ResultFormat::kCsv ? CsvField(name) : TsvField(name));
    }
    out << '\n';
  }
  for (const auto& row : Rows(result)) {
    if (format == ResultFormat::kJsonLines) {
      out << '{';
      for (size_t c = 0; c < row.size(); ++c) {
        out << (c ? "," : "") << JsonString(schema.field(c).name) << ':' << JsonValue(row[c]);
      }
      out << "}\n";
      continue;
    }
    for (size_t c = 0; c < row.size(); ++c) {
      out << (c ? separator : "");
      if (format == ResultFormat::kCsv) {
        out << (row[c].is_null() ? std::string() : CsvField(row[c].ToString()));
      } else {
        out << TsvField(row[c].ToString());
      }
    }
    out << '\n';
  }
}

}  // namespace sluice::cli
