#pragma once
// Grouping a crawler's files into tables, as AWS Glue's crawlers do, with rules
// written down so that the outcome is predictable (docs/LAKE.md, "Crawlers").
//
// Schemas. Two file schemas are *similar* when they have the same format and format
// options (for CSV: the same dialect and header decision), every column they share
// (names compared case-insensitively) has types that unify (sql::UnifyColumnType, the
// widening read_csv / read_json / read_parquet apply across files), and they share at
// least 70% of the narrower schema's columns and at least half of the wider one's.
// A set of files is *compatible* when the similarity graph over its distinct schemas
// is connected: a column added on day 2 and another on day 30 keep one table, while
// events(id, ts, kind) and users(user_id, email) are two.
//
// Shape. A folder's subtree is *partition-shaped* when all its data files lie at the
// same depth below it and, at each level, the folder names are either all key=value
// with one key (Hive partitions, key = the partition key) or all plain names (unnamed
// levels, keys partition_0, partition_1, … numbered by level, as Glue names them).
//
// Tables (automatic, table_level 0). Top-down from the crawler's folder:
//   - A folder whose subtree is partition-shaped and compatible is one table named
//     after the folder; its levels are the partition keys (types by
//     sql::InferPartitionType over the level's values), each leaf folder a partition.
//   - When the first level below a folder is Hive (key=value), the folder is a table
//     even if its files are not all compatible: the largest compatible group (by
//     files) makes the table, other files are reported as warnings and skipped (a
//     key=value folder is never a table of its own).
//   - The crawler's folder itself becomes a table only when it holds data files
//     directly or all its subfolders look like partitions (key=value, or values made
//     of digits and -_. such as 2024 or 2024-01-05); otherwise each subfolder is a
//     table candidate (so drop/ with events/ and users/ gives tables events and users,
//     never a table "drop" with a partition_0 of event and user values).
//   - Otherwise the folder is not a table: its own files become one table per file
//     (location = the file, name = the file's stem; Glue does the same), and its
//     subfolders are examined.
// A table's location is read recursively (every data file below it), so two tables
// never share files.
// Options: table_per_folder makes every folder that directly holds data files one
// unpartitioned table of those files (one per file when they are not compatible, or
// when the folder also has data subfolders: a folder table's files are read
// recursively);
// table_level N makes the folders N levels below the crawler's folder the tables
// (their whole subtree, the largest compatible group, files at the most common depth;
// other files are warnings), with mixed levels read as unnamed.
//
// Names: table_prefix + the folder's (or file stem's) name, lower-cased, characters
// other than [a-z0-9_] replaced by '_'. When two tables get one name, a table that had
// the name at the previous crawl (same location) keeps it; the others get their parent
// folder's name in front ("a_events"), then a number ("events_2").
// A partition key named like a data column wins: the data column is left out, with a
// warning.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "lake/crawler/classify.h"
#include "lake/crawler/inventory.h"

namespace sluice::lake::crawler {

/// Something the crawl could not use, reported in the run: the path is relative to the
/// crawler's folder.
struct CrawlWarning {
  std::string path;
  std::string message;
};

/// One partition of a planned table.
struct PartitionPlan {
  /// One value per partition key (key=value values unescaped, as catalog::Partition).
  std::vector<std::string> values;
  /// Folder relative to the crawler's folder.
  std::string folder;
  catalog::PartitionStats stats;
};

/// A table as the files say it should be.
struct TablePlan {
  /// The catalog name (prefix included).
  std::string name;
  /// Relative to the crawler's folder: the table's root folder, or its one file.
  std::string location;
  bool location_is_file = false;
  /// Format, format options, and the columns unified over the table's files (lower
  /// case names, widened types, partition keys removed).
  FileSchema schema;
  std::vector<catalog::Column> partition_keys;
  /// Sorted by values.
  std::vector<PartitionPlan> partitions;
  /// Of all the table's files.
  catalog::PartitionStats stats;
  /// "none", "gzip", "zstd", "bzip2", or "mixed".
  std::string compression;
};

struct GroupingOptions {
  /// The name of the crawler's folder (for a table made of it).
  std::string root_name;
  std::string table_prefix;
  bool table_per_folder = false;
  int table_level = 0;
  /// Table names and locations the crawler had at its previous run (for stable names).
  std::map<std::string, std::string> previous_tables;
};

struct GroupingResult {
  /// Sorted by name.
  std::vector<TablePlan> tables;
  std::vector<CrawlWarning> warnings;
};

/// Groups the readable files of `inventory` into tables (see the file comment).
GroupingResult GroupIntoTables(const Inventory& inventory, const GroupingOptions& options);

/// A folder or file name as a catalog name: lower case, [a-z0-9_] only.
std::string SanitizeTableName(std::string_view name);

}  // namespace sluice::lake::crawler
