#pragma once
// Athena's and Hive's ways of naming a table's storage — ROW FORMAT DELIMITED …,
// ROW FORMAT SERDE 'class' WITH SERDEPROPERTIES (…), STORED AS …, TBLPROPERTIES —
// translated into the catalog's format and format_options (catalog/model.h), and
// back for SHOW CREATE TABLE:
//
//   ROW FORMAT DELIMITED FIELDS TERMINATED BY c   csv, delimiter c (default \001),
//     [ESCAPED BY e] [NULL DEFINED AS n]          quote none, escape e or none, null n (\N)
//   SERDE …LazySimpleSerDe ('field.delim',        the same, from the SERDEPROPERTIES
//     'serialization.format', 'escape.delim')
//   SERDE …OpenCSVSerde ('separatorChar',         csv, delimiter (,), quote ("), escape
//     'quoteChar', 'escapeChar')                  (the given byte, else doubled quotes)
//   SERDE …JsonSerDe (openx, hcatalog, hive)      json
//   STORED AS PARQUET / SERDE …ParquetHiveSerDe   parquet
//   STORED AS TEXTFILE                            csv (LazySimpleSerDe unless a SERDE says)
//   STORED AS JSON | JSONFILE                     json
//   'skip.header.line.count' = 'n'                skip_rows n
//   'serialization.null.format' = 's'             null s (TBLPROPERTIES or SERDEPROPERTIES)
//   'compressionType' | 'write.compression' = c   compression c (text formats)
// ORC, Avro, SequenceFile, RCFile, Ion, RegexSerDe and other SerDes are
// NotImplementedError naming what to use instead. TBLPROPERTIES are kept as the
// table's parameters as given.

#include <map>
#include <string>
#include <string_view>

#include "catalog/model.h"
#include "sql/parser/ddl_statement.h"

namespace sluice::engine {

/// The storage of a table as the catalog keeps it.
struct TableStorage {
  catalog::StorageFormat format = catalog::StorageFormat::kCsv;
  std::map<std::string, std::string> format_options;
};

/// The storage `create` names. NotImplementedError / BinderError with a caret into
/// `sql` at the clause that cannot be read.
TableStorage StorageFromDdl(std::string_view sql, const sql::CreateExternalTableStatement& create);

/// ROW FORMAT … STORED AS … for `table`'s format and options, as SHOW CREATE TABLE
/// prints it (one clause per line, no trailing newline); `table_properties` gets the
/// TBLPROPERTIES the options imply (skip.header.line.count …).
std::string StorageToDdl(const catalog::Table& table, std::map<std::string, std::string>* table_properties);

/// A Hive delimiter string as one byte: a number from -128 to 127 is that byte value
/// (Hive reads '9' as a tab, '1' as \001), else the string's first character.
char HiveDelimiterByte(std::string_view text);

}  // namespace sluice::engine
