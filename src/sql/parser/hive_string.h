#pragma once
// Strings of Athena's Hive DDL. Hive reads backslash escapes in every quoted string of
// its DDL ('\t' is a tab, '\\' one backslash, '\001' the byte 1), where Trino's SQL has
// none. The lexer reads quotes Trino's way; the DDL parser then decodes the escapes
// with DecodeHiveEscapes, and the printer writes values back with QuoteHiveString.

#include <string>
#include <string_view>

namespace sluice::sql {

/// Decodes Hive's backslash escapes in the content of a quoted string: \t \n \r \b \0
/// \Z (0x1A) \' \" \\ ; \ooo (three octal digits, the first 0 or 1) is that byte;
/// \uXXXX is that code point in UTF-8; \% and \_ stay as written (for LIKE patterns);
/// a backslash before any other character is dropped; a lone trailing backslash stays.
std::string DecodeHiveEscapes(std::string_view text);

/// `value` in single quotes such that DecodeHiveEscapes gives it back, readable by
/// Hive and by Sluice's lexer alike: \\ for a backslash, \t \n \r for those
/// characters, \047 for a single quote (Hive's \' would end the string for the lexer)
/// and three-digit octal escapes for the other control characters.
std::string QuoteHiveString(std::string_view value);

}  // namespace sluice::sql
