#include "sql/parser/sql_error.h"

#include <algorithm>

#include "core/error.h"

namespace sluice::sql {

namespace {

/// Bytes of context kept on each side of the position in a long line.
constexpr size_t kContextBytes = 60;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Moves `offset` back to the start of the UTF-8 character it points into.
size_t CharacterStart(std::string_view text, size_t offset) {
  while (offset > 0 && offset < text.size() && IsContinuationByte(text[offset])) --offset;
  return offset;
}

}  // namespace

std::string FormatSqlError(std::string_view sql, SourcePosition position,
                           std::string_view message) {
  std::string result = "line " + std::to_string(position.line) + ":" +
                       std::to_string(position.column) + ": " + std::string(message);
  size_t offset = std::min(position.offset, sql.size());
  size_t line_start = 0;
  if (offset > 0) {
    size_t newline = sql.rfind('\n', offset - 1);
    if (newline != std::string_view::npos) line_start = newline + 1;
  }
  size_t line_end = sql.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = sql.size();
  if (line_end > line_start && sql[line_end - 1] == '\r') --line_end;
  if (offset > line_end) offset = line_end;

  size_t shown_start = line_start;
  size_t shown_end = line_end;
  bool cut_before = false;
  bool cut_after = false;
  if (offset - line_start > 2 * kContextBytes) {
    shown_start = CharacterStart(sql, offset - kContextBytes);
    cut_before = true;
  }
  if (line_end - offset > 2 * kContextBytes) {
    shown_end = CharacterStart(sql, offset + kContextBytes);
    cut_after = true;
  }
  std::string line = cut_before ? "..." : "";
  line.append(sql.substr(shown_start, shown_end - shown_start));
  if (cut_after) line += "...";
  std::string caret = cut_before ? "   " : "";
  for (size_t i = shown_start; i < offset; ++i) {
    if (sql[i] == '\t') {
      caret += '\t';
    } else if (!IsContinuationByte(sql[i])) {
      caret += ' ';
    }
  }
  caret += '^';
  result += "\n" + line + "\n" + caret;
  return result;
}

void ThrowParseError(std::string_view sql, SourcePosition position, std::string_view message) {
  throw ParseError(FormatSqlError(sql, position, message));
}

void ThrowNotImplemented(std::string_view sql, SourcePosition position,
                         std::string_view message) {
  throw NotImplementedError(FormatSqlError(sql, position, message));
}

}  // namespace sluice::sql
