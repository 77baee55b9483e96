// SQL printing of DELETE, TRUNCATE, UPDATE and OPTIMIZE: normalized, and read back by
// the parser as the same tree.
#include "sql/parser/dml_statement.h"

namespace sluice::sql {

std::string DeleteStatement::ToString() const {
  if (truncate) return "TRUNCATE TABLE " + table.ToString();
  std::string result = "DELETE FROM " + table.ToString();
  if (alias) result += " AS " + alias->ToString();
  if (where) result += " WHERE " + where->ToString();
  return result;
}

std::string UpdateStatement::ToString() const {
  std::string result = "UPDATE " + table.ToString();
  if (alias) result += " AS " + alias->ToString();
  result += " SET ";
  for (size_t i = 0; i < assignments.size(); ++i) {
    if (i > 0) result += ", ";
    result += assignments[i].column.ToString() + " = " + assignments[i].value->ToString();
  }
  if (where) result += " WHERE " + where->ToString();
  return result;
}

std::string OptimizeStatement::ToString() const {
  std::string result;
  if (trino_form) {
    result = "ALTER TABLE " + table.ToString() + " EXECUTE optimize";
    if (file_size_threshold) result += "(file_size_threshold => " + QuoteString(file_size_threshold->value) + ")";
  } else {
    result = "OPTIMIZE " + table.ToString();
  }
  if (where) result += " WHERE " + where->ToString();
  return result;
}

}  // namespace sluice::sql
