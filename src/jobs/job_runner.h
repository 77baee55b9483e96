#pragma once
// Running a job (docs/JOBS.md): one run reads its sources, defines its steps as views
// of one engine session, writes every target, and commits:
//
//   1. Sources become session views: a catalog table (`SELECT * FROM db.t`, its scans
//      cut to the files not yet consumed when bookmarked), files under a path
//      (read_csv / read_json / read_parquet over the chosen files), a PostgreSQL table
//      or query (read into Parquet files in the run's staging folder first).
//   2. Steps become session views in order (a built-in compiles to SQL first). Each is
//      bound when defined, so a mistake is reported at its step before any data moves.
//   3. A step that feeds more than one target is materialized once (a temporary table),
//      so every target gets the same rows.
//   4. PostgreSQL targets stream their rows into one transaction each (not committed
//      yet); lake targets write their files into the run's staging folder.
//   5. Commit: the PostgreSQL transactions commit, then ONE lake commit
//      (engine/table_commit.h CommitLake) makes every lake target's files and
//      partitions, the bookmarks' new positions and the run's SUCCEEDED record appear
//      together. A failure before it leaves every lake target and bookmark as it was
//      (PostgreSQL loads roll back when the failure comes before their commit; a
//      failure of the lake commit after them leaves PostgreSQL loaded and the bookmark
//      unmoved, so the next run loads the same rows again — idempotent for
//      truncate_insert, upsert and replace_where).
//   6. Archive: consumed files of sources with `archive:` move under that folder.
//
// Every run is recorded in the catalog (kind "job"): arguments, status (running,
// succeeded, failed, timeout, cancelled), times, rows/bytes per source and target,
// files consumed, the error with its context, and the log.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/model.h"
#include "jobs/job_spec.h"
#include "lake/lake.h"

namespace sluice::engine {
class QueryEngine;
}

namespace sluice::jobs {

struct JobRunOptions {
  /// --arg name=value, in order.
  std::vector<std::pair<std::string, std::string>> args;
  /// Progress and log lines as they happen (the CLI prints them on a terminal).
  std::function<void(const std::string&)> log;
  /// Called with the engine of each attempt while it runs (null when it ends), so a
  /// signal handler can cancel it (QueryEngine::Cancel).
  std::function<void(engine::QueryEngine*)> on_engine;
  /// Plan everything (sources listed, steps bound, targets checked) without writing
  /// or recording anything: `sluice job validate`.
  bool validate_only = false;
};

struct JobRunResult {
  int64_t run_id = 0;  ///< The last attempt's record (0 for validate_only).
  /// "succeeded", "failed", "timeout", "cancelled".
  std::string status;
  std::string summary;
  std::string error;
  /// validate_only: each step's and target's plan.
  std::string plan;
};

/// Runs `spec` on `lake` with retries (spec.retries, backoff doubling from
/// spec.retry_backoff_seconds) and its timeout; every attempt is its own run record.
/// Errors of the spec against the lake (a missing table, a bad argument) fail the run
/// without retrying. Never throws for a failed run: the result says why.
JobRunResult RunJob(lake::Lake& lake, const JobSpec& spec, const JobRunOptions& options);

/// Marks the RUNNING job runs whose process is gone (killed, crashed: its run lock is
/// free) as failed, unless a pending commit of theirs will complete them. Called by
/// RunJob and by `job runs` / `job show`. Returns how many.
size_t ReapDeadRuns(lake::Lake& lake);

/// The spec `name_or_file` names: a file path (when it exists or ends in .yaml/.yml),
/// else <lake>/jobs/<name>.yaml (or .yml). InvalidArgumentError listing the lake's jobs
/// when there is none.
JobSpec LoadJobSpec(const lake::Lake* lake, const std::string& name_or_file);

/// One consumed file of a bookmarked source.
struct BookmarkEntry {
  std::string source;
  std::string path;  ///< As the catalog stores paths (relative to the lake when inside).
  uint64_t size = 0;
  int64_t modified_micros = 0;
  int64_t run_id = 0;  ///< The run that consumed it.
};

/// Every consumed file of the bookmarked sources of `spec`, by source then path.
std::vector<BookmarkEntry> ListBookmarks(catalog::CatalogReader& store, const JobSpec& spec);

/// Forgets consumed files: all of them, or with `to_run` those consumed by runs after
/// it (a rewind: the next run re-reads what later runs read); `source` limits it to
/// one source. Returns how many entries were removed.
size_t ResetBookmarks(catalog::CatalogStore& store, const JobSpec& spec, std::optional<int64_t> to_run,
                      const std::string& source = "");

/// The state namespace of a source's bookmark: "job/<job>/bookmark/<source>".
std::string BookmarkNamespace(const std::string& job, const std::string& source);

}  // namespace sluice::jobs
