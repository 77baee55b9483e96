#pragma once
// The SQL parser's public API: Trino (Athena) SQL text → AST.

#include <memory>
#include <string_view>
#include <vector>

#include "sql/parser/ast.h"

namespace sluice::sql {

/// Parses semicolon-separated statements (empty statements and a trailing semicolon
/// are fine). Throws ParseError for text that is not valid SQL and NotImplementedError
/// for valid Trino SQL that Sluice does not support yet (WITH RECURSIVE, NATURAL JOIN,
/// UNNEST…); both messages are formatted by FormatSqlError: "line L:C: …", the line
/// and a caret. Nothing else escapes.
std::vector<std::unique_ptr<Statement>> ParseStatements(std::string_view sql);

/// Parses exactly one statement (a trailing semicolon is fine).
std::unique_ptr<Statement> ParseStatement(std::string_view sql);

/// Parses one expression, for tests and for expressions kept as text (e.g. job specs).
std::unique_ptr<Expression> ParseExpression(std::string_view sql);

}  // namespace sluice::sql
