#include "sql/parser/keywords.h"

#include <algorithm>
#include <array>

namespace sluice::sql {

namespace {

// Sorted, for binary search.
constexpr std::array<std::string_view, 82> kReservedKeywords = {
    "alter",          "and",          "as",           "between",
    "by",             "case",         "cast",         "constraint",
    "create",         "cross",        "cube",         "current_catalog",
    "current_date",   "current_path", "current_role", "current_schema",
    "current_time",   "current_timestamp", "current_user", "deallocate",
    "delete",         "describe",     "distinct",     "drop",
    "else",           "end",          "escape",       "except",
    "execute",        "exists",       "extract",      "false",
    "for",            "from",         "full",         "group",
    "grouping",       "having",       "in",           "inner",
    "insert",         "intersect",    "into",         "is",
    "join",           "json_array",   "json_exists",  "json_object",
    "json_query",     "json_table",   "json_value",   "left",
    "like",           "listagg",      "localtime",    "localtimestamp",
    "natural",        "normalize",    "not",          "null",
    "on",             "or",           "order",        "outer",
    "prepare",        "recursive",    "right",        "rollup",
    "select",         "skip",         "table",        "then",
    "trim",           "true",         "uescape",      "union",
    "unnest",         "using",        "values",       "when",
    "where",          "with",
};

static_assert(std::is_sorted(kReservedKeywords.begin(), kReservedKeywords.end()));

}  // namespace

bool IsReservedKeyword(std::string_view lower_word) {
  return std::binary_search(kReservedKeywords.begin(), kReservedKeywords.end(), lower_word);
}

bool IsContextSensitiveWord(std::string_view lower_word) {
  for (std::string_view word : {"all", "any", "some", "array", "interval", "unbounded", "lateral"}) {
    if (lower_word == word) return true;
  }
  return false;
}

}  // namespace sluice::sql
