#pragma once
// Bringing the catalog in line with a crawl's planned tables, under the crawler's
// policies, inside one catalog write transaction.
//
// Per planned table:
//   - missing: created (version 1) with its partitions;
//   - existing and made by this crawler (parameters.crawler), or found at the planned
//     location: schema changes are handled by the schema-change policy —
//       update           columns, partition keys and format options as planned (a new
//                        table version, caused by {"crawler", name, run id});
//       add_new_columns  new columns are appended and types widened (never narrowed,
//                        never removed); a changed partition layout or format is
//                        reported, not applied;
//       log              nothing is applied; the changes are reported in the run;
//     then partitions are added for new folders and rewritten when their location or
//     statistics changed (only those: a re-crawl of an unchanged table writes nothing);
//   - existing but someone else's (another location): left alone, with a warning.
// Partitions whose folders went away, and tables this crawler made whose folders went
// away, follow the deletion policy: delete (dropped), deprecate (partitions marked
// deprecated; a table gets parameters.deprecated_by_crawler and all its partitions
// deprecated), ignore (left as they are). A deprecated partition whose folder comes
// back is restored.
//
// Parameters the crawler sets on its tables: classification (csv / json / parquet),
// compressionType (none / gzip / zstd / bzip2 / mixed), crawler (its name),
// partition_discovery ("true" when the crawler says so). Other parameters are kept.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "catalog/store.h"
#include "lake/crawler/grouping.h"
#include "lake/lake.h"

namespace sluice::lake::crawler {

/// What a crawl did to one table.
struct TableOutcome {
  std::string table;  ///< Name within the crawler's database.
  /// "created", "updated", "unchanged", "deleted", "deprecated", "skipped".
  std::string action;
  /// Schema differences found ("added column country varchar", "amount: bigint →
  /// double", "removed column x", "partition keys: …", "format options: …").
  std::vector<std::string> schema_changes;
  /// Whether those changes were applied (false under the log policy, and for the
  /// changes add_new_columns does not apply).
  bool schema_applied = true;
  /// The table's version after the crawl (0 when it was deleted or skipped).
  int64_t version = 0;
  size_t partitions_added = 0;
  size_t partitions_updated = 0;
  size_t partitions_removed = 0;
  size_t partitions_deprecated = 0;
  /// The first partitions added / removed, as "key=value/key=value".
  std::vector<std::string> added_examples;
  std::vector<std::string> removed_examples;
};

struct SyncRequest {
  std::string crawler;
  std::string database;
  int64_t run_id = 0;
  SchemaChangePolicy schema_change = SchemaChangePolicy::kUpdate;
  DeletionPolicy deletion = DeletionPolicy::kDelete;
  bool partition_discovery = false;
  /// A path relative to the crawler's folder as the catalog stores it.
  std::function<std::string(const std::string&)> catalog_path;
  const std::vector<TablePlan>* plans = nullptr;
  /// Tables the crawler owned after its previous run: name → location relative to the
  /// crawler's folder.
  std::map<std::string, std::string> previous_tables;
};

struct SyncResult {
  /// Every planned table and every previously owned one, by name.
  std::vector<TableOutcome> tables;
  /// Tables the crawler owns now (name → location relative to its folder), for the
  /// next run.
  std::map<std::string, std::string> owned_tables;
  std::vector<CrawlWarning> warnings;
};

/// Applies the plans through `writer` (see the file comment). Re-runnable: a store
/// that retries the transaction calls it again from scratch.
SyncResult SyncCatalog(catalog::CatalogWriter& writer, const SyncRequest& request);

/// "key=value/key=value" for a partition's values.
std::string PartitionName(const std::vector<catalog::Column>& keys, const std::vector<std::string>& values);

}  // namespace sluice::lake::crawler
