#pragma once
// Error messages that point into SQL text. Shared by the parser and the binder.

#include <string>
#include <string_view>

#include "sql/parser/source_position.h"

namespace sluice::sql {

/// "line 3:14: <message>", then the SQL line holding `position` and a caret under it:
///
///     line 1:18: expected ')' but found 'FROM'
///     SELECT sum(a + b FROM t
///                      ^
///
/// Tabs in the line are kept in the caret line so the caret stays aligned; lines longer
/// than about 120 characters are cut around the position and marked with "...".
std::string FormatSqlError(std::string_view sql, SourcePosition position,
                           std::string_view message);

/// Throws ParseError with FormatSqlError's text.
[[noreturn]] void ThrowParseError(std::string_view sql, SourcePosition position,
                                  std::string_view message);

/// Throws NotImplementedError with FormatSqlError's text: SQL that is valid Trino but
/// that Sluice does not support yet.
[[noreturn]] void ThrowNotImplemented(std::string_view sql, SourcePosition position,
                                      std::string_view message);

}  // namespace sluice::sql
