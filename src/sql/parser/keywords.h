#pragma once
// Trino's reserved keywords. Every other word (including keywords such as DATE, LIMIT,
// FILTER or YEAR) is non-reserved and can be used as an identifier without quotes;
// the parser recognizes non-reserved keywords by context.

#include <string_view>

namespace sluice::sql {

/// True when `lower_word` (lower-case) is reserved in Trino and must be quoted to be
/// used as a name (https://trino.io/docs/current/language/reserved.html).
bool IsReservedKeyword(std::string_view lower_word);

/// Non-reserved words that start a special form in some position (`ARRAY[`, `ALL` in
/// SELECT ALL / count(ALL x) / GROUP BY ALL, `= ANY (`, `INTERVAL -'1'`, `UNBOUNDED
/// PRECEDING`, `LATERAL (`). Printed in quotes when they are names, so that printed SQL
/// reads back as the same tree.
bool IsContextSensitiveWord(std::string_view lower_word);

}  // namespace sluice::sql
