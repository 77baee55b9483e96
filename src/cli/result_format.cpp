#include "cli/result_format.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/value.h"

namespace sluice::cli {
namespace {

bool IsNumeric(const DataType& type) {
  return type.is_integer() || type.id() == TypeId::kDecimal || type.id() == TypeId::kReal ||
         type.id() == TypeId::kDouble;
}

/// Every value of the result as text (Trino's text; "NULL" for NULL), row by row.
std::vector<std::vector<Value>> Rows(const engine::QueryResult& result) {
  std::vector<std::vector<Value>> rows;
  for (const Chunk& chunk : result.chunks) {
    for (size_t r = 0; r < chunk.size(); ++r) {
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

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

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

void WriteTable(const engine::QueryResult& result, bool header, std::ostream& out) {
  const Schema& schema = result.schema;
  size_t n = schema.num_fields();
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : Rows(result)) {
    std::vector<std::string> texts;
    for (const Value& v : row) texts.push_back(v.ToString());
    cells.push_back(std::move(texts));
  }
  std::vector<size_t> widths(n, 0);
  for (size_t c = 0; c < n; ++c) {
    if (header) widths[c] = Width(schema.field(c).name);
    for (const auto& row : cells) widths[c] = std::max(widths[c], Width(row[c]));
  }
  auto pad = [](const std::string& text, size_t width, bool right) {
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
  out << "(" << cells.size() << (cells.size() == 1 ? " row)\n" : " rows)\n");
}

}  // namespace

ResultFormat ParseResultFormat(const std::string& name) {
  if (name == "table") return ResultFormat::kTable;
  if (name == "csv") return ResultFormat::kCsv;
  if (name == "tsv") return ResultFormat::kTsv;
  if (name == "jsonl" || name == "json") return ResultFormat::kJsonLines;
  throw InvalidArgumentError("--format: unknown format '" + name + "' (table, csv, tsv, jsonl)");
}

void WriteResult(const engine::QueryResult& result, ResultFormat format, bool header, std::ostream& out) {
  const Schema& schema = result.schema;
  if (format == ResultFormat::kTable) return WriteTable(result, header, out);
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
