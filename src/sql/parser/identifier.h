#pragma once
// Names in SQL: identifiers and dotted qualified names.

#include <string>
#include <string_view>
#include <vector>

#include "sql/parser/source_position.h"

namespace sluice::sql {

/// One name. Unquoted names are lower-cased by the lexer (Trino's names are
/// case-insensitive); quoted ones ("Name", `Name`) keep their case and `quoted` is set,
/// so a binder may match them exactly.
struct Identifier {
  std::string name;
  bool quoted = false;
  SourcePosition position;

  /// The name as SQL: bare when that reads back the same, else in double quotes.
  std::string ToString() const;
};

/// a.b.c — a table, view, function or session property name.
struct QualifiedName {
  std::vector<Identifier> parts;
  SourcePosition position() const { return parts.empty() ? SourcePosition{} : parts[0].position; }
  std::string ToString() const;
};

/// `name` in double quotes when it is not a plain lower-case identifier, is a reserved
/// keyword or a context-sensitive word (keywords.h); as is otherwise.
std::string QuoteIdentifierIfNeeded(std::string_view name);

/// "(" + text + ")", built by appending (GCC 12 reports a false -Wrestrict for
/// "literal" + temporary string).
std::string Parenthesize(std::string_view text);

/// 'text' with embedded quotes doubled.
std::string QuoteString(std::string_view text);

}  // namespace sluice::sql
