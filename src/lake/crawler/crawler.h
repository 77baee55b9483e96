#pragma once
// A crawl: a folder of files becomes tables in the catalog, and stays true as data
// lands. One run =
//   1. StartRun (kind "crawl") in its own catalog transaction;
//   2. scan the folder against the inventory of the previous run (inventory.h): only
//      new or changed folders are listed, only new or changed files are read;
//   3. classify the files to read, in parallel on the task scheduler (classify.h); a
//      file that cannot be read is a warning of the run and is skipped;
//   4. group all known files into tables (grouping.h);
//   5. one catalog transaction applies everything: tables and partitions under the
//      crawler's policies (catalog_sync.h), the new inventory, and FinishRun with the
//      run's summary and details — so a crash leaves either the whole crawl or none of
//      it (the run then stays "running"; a failure that is caught records "failed").
// Two runs of one crawler at the same time: the second to commit fails with
// CatalogError (its inventory was read before the first committed) and changes
// nothing; run it again.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/store.h"
#include "lake/crawler/catalog_sync.h"
#include "lake/crawler/grouping.h"
#include "lake/crawler/inventory.h"
#include "lake/lake.h"

namespace sluice::lake {

struct CrawlOptions {
  /// List every folder and read every file (`sluice crawl --full`).
  bool full = false;
  /// See inventory.h: folders modified this recently are listed again next time.
  int64_t racy_window_ns = 2'000'000'000;
};

/// Where a crawl runs: both absolute and normal.
struct CrawlTarget {
  std::string lake_root;
  /// The crawler's folder (its config path, resolved).
  std::string folder;
};

/// What a crawl did. `run.details_json` holds all of it as JSON (see crawler.cpp
/// DetailsJson for the keys).
struct CrawlReport {
  /// The finished run as recorded (id, status "succeeded", summary, details_json).
  catalog::Run run;
  bool full = false;
  /// Every planned or previously owned table, by name.
  std::vector<crawler::TableOutcome> tables;
  crawler::ScanCounts scan;
  /// Files classified during this run.
  size_t files_read = 0;
  /// Files known to be unreadable (read now or before, unchanged since).
  size_t files_unreadable = 0;
  /// Readable files of the inventory by format ("csv", "json", "parquet") and by
  /// compression ("none", "gzip", "zstd", "bzip2").
  std::map<std::string, size_t> files_by_format;
  std::map<std::string, size_t> files_by_compression;
  /// Unreadable files, files left out of tables, tables left alone.
  std::vector<crawler::CrawlWarning> warnings;
  /// Entries ignored in the folders listed (hidden, markers, temporary, excluded).
  std::vector<crawler::IgnoredEntry> ignored;
  int64_t duration_ms = 0;
};

/// Runs crawler `config` over `target.folder` into `store` (see the file comment).
/// Throws before any run is recorded when the folder is not a folder
/// (InvalidArgumentError), the database does not exist (CatalogError) or the csv
/// options are invalid (InvalidArgumentError); later failures are recorded as a
/// failed run and rethrown.
CrawlReport RunCrawl(catalog::CatalogStore& store, const CrawlTarget& target, const CrawlerConfig& config,
                     const CrawlOptions& options = {});

/// The same inside `lake`: config.path resolved by lake.Resolve, the lake's catalog.
CrawlReport RunCrawl(Lake& lake, const CrawlerConfig& config, const CrawlOptions& options = {});

/// The one-line summary of a report ("2 tables created, 1 updated; 120 partitions
/// added; 10 files read; 1 warning").
std::string CrawlSummary(const CrawlReport& report);

}  // namespace sluice::lake
