#include "sql/parser/show_statement.h"

#include "sql/parser/hive_string.h"

namespace sluice::sql {

std::string ShowDatabasesStatement::ToString() const {
  std::string result = "SHOW DATABASES";
  if (pattern) result += " LIKE " + QuoteHiveString(pattern->value);
  return result;
}

std::string ShowTablesStatement::ToString() const {
  std::string result = views ? "SHOW VIEWS" : "SHOW TABLES";
  if (database) result += " IN " + database->ToString();
  if (pattern) result += " LIKE " + QuoteHiveString(pattern->value);
  return result;
}

std::string ShowPartitionsStatement::ToString() const { return "SHOW PARTITIONS " + table.ToString(); }

std::string ShowCreateTableStatement::ToString() const {
  return std::string(object_type == ObjectType::kTable ? "SHOW CREATE TABLE " : "SHOW CREATE VIEW ") +
         name.ToString();
}

std::string ShowColumnsStatement::ToString() const { return "SHOW COLUMNS FROM " + table.ToString(); }

std::string ShowTablePropertiesStatement::ToString() const {
  std::string result = "SHOW TBLPROPERTIES " + table.ToString();
  if (property) result += Parenthesize(QuoteHiveString(property->value));
  return result;
}

std::string DescribeStatement::ToString() const {
  std::string result = "DESCRIBE ";
  if (detail == DescribeDetail::kExtended) result += "EXTENDED ";
  if (detail == DescribeDetail::kFormatted) result += "FORMATTED ";
  result += table.ToString();
  if (partition) result += " " + PartitionSpecToString(*partition);
  return result;
}

std::string UseStatement::ToString() const { return "USE " + database.ToString(); }

}  // namespace sluice::sql
