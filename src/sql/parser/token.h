#pragma once
// Tokens of Trino's SQL as the lexer produces them.

#include <string>
#include <string_view>

#include "sql/parser/source_position.h"

namespace sluice::sql {

enum class TokenType {
  kWord,              ///< Unquoted identifier or keyword; `text` is lower-cased.
  kQuotedIdentifier,  ///< "name" or `name`; `text` keeps case, escapes removed (may be empty).
  kString,            ///< '…' or U&'…'; `text` is the decoded value (UTF-8).
  kBinaryString,      ///< X'…'; `text` holds the decoded bytes.
  kInteger,           ///< 123; `text` is the digits.
  kDecimal,           ///< 1.5, .5, 5. ; `text` as written.
  kDouble,            ///< 1e3, 1.5E-3; `text` as written.
  kParameter,         ///< `?` (text empty) or `:name` (text is the lower-cased name).
  kOperator,          ///< Punctuation and operators: ( ) [ ] , . ; : + - * / % || = <> != < <= > >= => -> ::
  kEnd,               ///< End of input; positioned right after the last token.
};

/// One token. `raw` is the exact source text (a view into the SQL being parsed).
struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;
  std::string_view raw;
  SourcePosition position;
};

}  // namespace sluice::sql
