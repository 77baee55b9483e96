#pragma once
// The SQL lexer: text → tokens, each with its byte offset, line and column.

#include <string_view>
#include <vector>

#include "sql/parser/token.h"

namespace sluice::sql {

/// Splits `sql` into tokens, skipping white space and comments (`-- …` to the end of
/// the line, `/* … */` nested). The last token is always kEnd. Tokens' `raw` views
/// point into `sql`, which must outlive them.
///
/// Throws ParseError (formatted by FormatSqlError) for unterminated strings, quoted
/// identifiers and comments, bad escapes in U&'…', bad hex digits in X'…', numbers run
/// into letters (`12abc`), empty quoted identifiers and characters outside the language.
std::vector<Token> Tokenize(std::string_view sql);

}  // namespace sluice::sql
