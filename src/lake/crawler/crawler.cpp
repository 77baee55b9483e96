#include "lake/crawler/crawler.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <optional>

#include "core/error.h"
#include "core/scheduler.h"
#include "lake/crawler/classify.h"
#include "lake/crawler/csv_format_options.h"
#include "lake/paths.h"

namespace sluice::lake {

namespace {

using crawler::CrawlWarning;
using Json = nlohmann::ordered_json;

constexpr std::string_view kMetaKey = "meta";
constexpr std::string_view kTablesKey = "tables";
/// Files classified by one scheduler task.
constexpr size_t kFilesPerTask = 16;
/// Warnings and ignored entries listed in a run's details (all are counted).
constexpr size_t kMaxListedWarnings = 1000;
constexpr size_t kMaxListedIgnored = 100;

/// What the previous run left in the crawler's state namespace.
struct PreviousState {
  crawler::Inventory inventory;
  std::map<std::string, std::string> tables;
  int64_t last_run = 0;
  std::string config;
};

/// What decides which files were read how: a change forces a full crawl.
std::string ConfigFingerprint(const CrawlTarget& target, const CrawlerConfig& config) {
  Json json;
  json["folder"] = target.folder;
  Json csv = Json::object();
  for (const auto& [key, value] : config.csv) csv[key] = value;
  json["csv"] = std::move(csv);
  json["exclude"] = config.exclude;
  return json.dump();
}

PreviousState LoadState(catalog::CatalogReader& reader, const std::string& ns) {
  PreviousState state;
  for (const auto& [key, value] : reader.ListState(ns)) {
    std::string folder;
    if (crawler::FolderForKey(key, &folder)) {
      state.inventory.folders.emplace(std::move(folder),
                                      crawler::DecodeFolder(value, &state.inventory.schemas));
    } else if (key == kTablesKey) {
      nlohmann::json tables = nlohmann::json::parse(value);
      for (const auto& [name, location] : tables.items()) state.tables[name] = location.get<std::string>();
    } else if (key == kMetaKey) {
      nlohmann::json meta = nlohmann::json::parse(value);
      state.last_run = meta.value("last_run", int64_t{0});
      state.config = meta.value("config", std::string());
    }
  }
  return state;
}

/// Classifies the scan's pending files in parallel and records the outcome in the
/// inventory (schemas interned by fingerprint, or the reason a file is unreadable).
void ClassifyPending(const std::string& folder, const crawler::CsvCrawlOptions& csv, crawler::ScanResult* scan) {
  struct Outcome {
    crawler::ClassifiedFile file;
    std::string error;
  };
  std::vector<Outcome> outcomes(scan->pending.size());
  std::vector<std::string> paths;
  paths.reserve(scan->pending.size());
  for (const crawler::PendingFile& pending : scan->pending) {
    const crawler::FileRecord& record = scan->inventory.folders.at(pending.folder).files[pending.index];
    paths.push_back(folder + "/" + (pending.folder.empty() ? "" : pending.folder + "/") + record.name);
  }
  TaskGroup group;
  for (size_t begin = 0; begin < paths.size(); begin += kFilesPerTask) {
    size_t end = std::min(paths.size(), begin + kFilesPerTask);
    group.Run([&, begin, end] {
      for (size_t i = begin; i < end; ++i) {
        try {
          outcomes[i].file = crawler::ClassifyFile(paths[i], csv);
        } catch (const std::exception& e) {
          // The warning names the file already: drop the path the message starts with.
          std::string_view message = e.what();
          if (message.starts_with(paths[i] + ": ")) message.remove_prefix(paths[i].size() + 2);
          outcomes[i].error = message.empty() ? "cannot be read" : std::string(message);
        }
      }
    });
  }
  group.Wait();
  for (size_t i = 0; i < scan->pending.size(); ++i) {
    const crawler::PendingFile& pending = scan->pending[i];
    crawler::FileRecord& record = scan->inventory.folders.at(pending.folder).files[pending.index];
    Outcome& outcome = outcomes[i];
    if (!outcome.error.empty()) {
      record.error = std::move(outcome.error);
      continue;
    }
    std::string fingerprint = crawler::SchemaFingerprint(*outcome.file.schema);
    scan->inventory.schemas.try_emplace(fingerprint, outcome.file.schema);
    record.fingerprint = std::move(fingerprint);
    record.rows = outcome.file.rows;
    record.compression = outcome.file.compression;
  }
}

/// Counts by format and compression, and a warning per unreadable file.
void SurveyInventory(const crawler::Inventory& inventory, CrawlReport* report) {
  for (const auto& [folder, record] : inventory.folders) {
    for (const crawler::FileRecord& file : record.files) {
      std::string path = folder.empty() ? file.name : folder + "/" + file.name;
      if (!file.readable()) {
        ++report->files_unreadable;
        report->warnings.push_back(CrawlWarning{path, "unreadable, skipped: " + file.error});
        continue;
      }
      const crawler::FileSchema& schema = *inventory.schemas.at(file.fingerprint);
      ++report->files_by_format[std::string(catalog::StorageFormatName(schema.format))];
      ++report->files_by_compression[std::string(crawler::CompressionLabel(file.compression))];
    }
  }
}

Json OutcomeJson(const std::string& database, const crawler::TableOutcome& outcome) {
  Json json;
  json["table"] = database + "." + outcome.table;
  json["action"] = outcome.action;
  json["version"] = outcome.version;
  json["schema_changes"] = outcome.schema_changes;
  json["schema_applied"] = outcome.schema_applied;
  json["partitions_added"] = outcome.partitions_added;
  json["partitions_updated"] = outcome.partitions_updated;
  json["partitions_removed"] = outcome.partitions_removed;
  json["partitions_deprecated"] = outcome.partitions_deprecated;
  json["added"] = outcome.added_examples;
  json["removed"] = outcome.removed_examples;
  return json;
}

/// The run's details_json:
///   crawler, path, database, full, duration_ms,
///   tables: [{table, action, version, schema_changes, schema_applied,
///             partitions_added/updated/removed/deprecated, added, removed}],
///   tables_created / tables_updated / tables_deleted / tables_deprecated /
///   tables_skipped: [db.name], schema_changes_logged: [{table, changes}],
///   partitions_added / partitions_updated / partitions_removed / partitions_deprecated,
///   folders: {total, listed, new, removed},
///   files: {total, read, unchanged, new, changed, removed, unreadable, ignored,
///           by_format: {csv, json, parquet}, by_compression: {…}},
///   ignored: [{path, reason}] (first 100), warnings: [{path, message}] (first 1000),
///   warnings_total.
std::string DetailsJson(const CrawlReport& report, const CrawlerConfig& config, const std::string& path) {
  Json json;
  json["crawler"] = config.name;
  json["path"] = path;
  json["database"] = config.database;
  json["full"] = report.full;
  json["duration_ms"] = report.duration_ms;
  Json tables = Json::array();
  std::map<std::string, Json> by_action;
  for (const char* action : {"created", "updated", "deleted", "deprecated", "skipped"}) {
    by_action[action] = Json::array();
  }
  Json logged = Json::array();
  size_t added = 0, updated = 0, removed = 0, deprecated = 0;
  for (const crawler::TableOutcome& outcome : report.tables) {
    tables.push_back(OutcomeJson(config.database, outcome));
    std::string qualified = config.database + "." + outcome.table;
    if (by_action.contains(outcome.action)) by_action[outcome.action].push_back(qualified);
    if (!outcome.schema_applied) {
      logged.push_back(Json{{"table", qualified}, {"changes", outcome.schema_changes}});
    }
    added += outcome.partitions_added;
    updated += outcome.partitions_updated;
    removed += outcome.partitions_removed;
    deprecated += outcome.partitions_deprecated;
  }
  json["tables"] = std::move(tables);
  for (auto& [action, names] : by_action) json["tables_" + action] = std::move(names);
  json["schema_changes_logged"] = std::move(logged);
  json["partitions_added"] = added;
  json["partitions_updated"] = updated;
  json["partitions_removed"] = removed;
  json["partitions_deprecated"] = deprecated;
  const crawler::ScanCounts& scan = report.scan;
  json["folders"] = Json{{"total", scan.folders},
                         {"listed", scan.folders_listed},
                         {"new", scan.folders_new},
                         {"removed", scan.folders_removed}};
  Json files{{"total", scan.files},
             {"read", report.files_read},
             {"unchanged", scan.files_unchanged},
             {"new", scan.files_new},
             {"changed", scan.files_changed},
             {"removed", scan.files_removed},
             {"unreadable", report.files_unreadable},
             {"ignored", scan.ignored}};
  files["by_format"] = Json::object();
  for (const auto& [format, count] : report.files_by_format) files["by_format"][format] = count;
  files["by_compression"] = Json::object();
  for (const auto& [compression, count] : report.files_by_compression) files["by_compression"][compression] = count;
  json["files"] = std::move(files);
  Json ignored = Json::array();
  for (size_t i = 0; i < report.ignored.size() && i < kMaxListedIgnored; ++i) {
    ignored.push_back(Json{{"path", report.ignored[i].path}, {"reason", report.ignored[i].reason}});
  }
  json["ignored"] = std::move(ignored);
  Json warnings = Json::array();
  for (size_t i = 0; i < report.warnings.size() && i < kMaxListedWarnings; ++i) {
    warnings.push_back(Json{{"path", report.warnings[i].path}, {"message", report.warnings[i].message}});
  }
  json["warnings"] = std::move(warnings);
  json["warnings_total"] = report.warnings.size();
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string Plural(size_t count, std::string_view word) {
  return std::to_string(count) + " " + std::string(word) + (count == 1 ? "" : "s");
}

int64_t ElapsedMs(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string CrawlSummary(const CrawlReport& report) {
  std::map<std::string, size_t> actions;
  size_t added = 0, removed = 0, deprecated = 0;
  for (const crawler::TableOutcome& outcome : report.tables) {
    ++actions[outcome.action];
    added += outcome.partitions_added;
    removed += outcome.partitions_removed;
    deprecated += outcome.partitions_deprecated;
  }
  std::string tables;
  for (const char* action : {"created", "updated", "deleted", "deprecated", "skipped"}) {
    if (actions[action] == 0) continue;
    tables += tables.empty() ? Plural(actions[action], "table") : ", " + std::to_string(actions[action]);
    tables += std::string(" ") + action;
  }
  if (tables.empty()) tables = "no table changed";
  std::string summary = tables + "; " + Plural(added, "partition") + " added, " + std::to_string(removed) +
                        " removed";
  if (deprecated > 0) summary += ", " + std::to_string(deprecated) + " deprecated";
  summary += "; " + Plural(report.files_read, "file") + " read";
  if (!report.warnings.empty()) summary += "; " + Plural(report.warnings.size(), "warning");
  return summary;
}

CrawlReport RunCrawl(catalog::CatalogStore& store, const CrawlTarget& target, const CrawlerConfig& config,
                     const CrawlOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code error;
  if (!std::filesystem::is_directory(target.folder, error)) {
    throw InvalidArgumentError("crawler " + config.name + ": path " + config.path + " (" + target.folder +
                               ") is not a folder");
  }
  if (!store.GetDatabase(config.database)) {
    throw CatalogError("crawler " + config.name + ": database " + config.database +
                       " does not exist (create it with CREATE DATABASE " + config.database +
                       ", or crawl into a zone's database)");
  }
  crawler::CsvCrawlOptions csv;
  csv.read = crawler::CsvReadOptionsFromMap(config.csv, "crawler " + config.name + ": csv");
  if (auto preset = config.csv.find("preset"); preset != config.csv.end()) csv.preset = preset->second;
  const std::string ns = crawler::StateNamespace(config.name);
  const std::string folder_path = RelativeToLake(target.lake_root, target.folder);

  CrawlReport report;
  catalog::Run& run = report.run;
  run.kind = "crawl";
  run.name = config.name;
  run.started = catalog::NowMicros();
  store.Write([&](catalog::CatalogWriter& writer) { run.id = writer.StartRun(run); });

  try {
    PreviousState previous = LoadState(store, ns);
    const std::string config_fingerprint = ConfigFingerprint(target, config);
    report.full = options.full || previous.config != config_fingerprint;

    crawler::ScanOptions scan_options;
    scan_options.full = report.full;
    scan_options.exclude = config.exclude;
    scan_options.racy_window_ns = options.racy_window_ns;
    crawler::ScanResult scan = crawler::ScanFolders(target.folder, std::move(previous.inventory), scan_options);
    ClassifyPending(target.folder, csv, &scan);
    report.scan = scan.counts;
    report.files_read = scan.pending.size();
    report.ignored = std::move(scan.ignored);
    SurveyInventory(scan.inventory, &report);

    crawler::GroupingOptions grouping;
    grouping.root_name = std::filesystem::path(target.folder).filename().string();
    grouping.table_prefix = config.table_prefix;
    grouping.table_per_folder = config.table_per_folder;
    grouping.table_level = config.table_level;
    grouping.previous_tables = previous.tables;
    crawler::GroupingResult groups = crawler::GroupIntoTables(scan.inventory, grouping);
    for (CrawlWarning& warning : groups.warnings) report.warnings.push_back(std::move(warning));

    std::vector<std::pair<std::string, std::string>> records;
    records.reserve(scan.changed_folders.size());
    for (const std::string& folder : scan.changed_folders) {
      records.emplace_back(crawler::KeyForFolder(folder),
                           crawler::EncodeFolder(scan.inventory.folders.at(folder), scan.inventory.schemas));
    }

    crawler::SyncRequest request;
    request.crawler = config.name;
    request.database = config.database;
    request.run_id = run.id;
    request.schema_change = config.schema_change;
    request.deletion = config.deletion;
    request.partition_discovery = config.partition_discovery;
    request.catalog_path = [&](const std::string& relative) {
      return RelativeToLake(target.lake_root, relative.empty() ? target.folder : target.folder + "/" + relative);
    };
    request.plans = &groups.tables;
    request.previous_tables = previous.tables;
    const size_t warnings_before_sync = report.warnings.size();

    store.Write([&](catalog::CatalogWriter& writer) {
      report.warnings.resize(warnings_before_sync);
      std::optional<std::string> meta = writer.GetState(ns, kMetaKey);
      int64_t last_run = meta ? nlohmann::json::parse(*meta).value("last_run", int64_t{0}) : 0;
      if (last_run != previous.last_run) {
        throw CatalogError("crawler " + config.name + " finished another run (" + std::to_string(last_run) +
                           ") while this one was scanning; nothing was changed, run it again");
      }
      crawler::SyncResult sync = crawler::SyncCatalog(writer, request);
      report.tables = std::move(sync.tables);
      for (CrawlWarning& warning : sync.warnings) report.warnings.push_back(std::move(warning));
      for (const auto& [key, text] : records) writer.PutState(ns, key, text);
      for (const std::string& folder : scan.removed_folders) writer.DeleteState(ns, crawler::KeyForFolder(folder));
      Json tables = Json::object();
      for (const auto& [name, location] : sync.owned_tables) tables[name] = location;
      writer.PutState(ns, kTablesKey, tables.dump());
      writer.PutState(ns, kMetaKey, Json{{"last_run", run.id}, {"config", config_fingerprint}}.dump());
      report.duration_ms = ElapsedMs(started);
      run.status = "succeeded";
      run.finished = catalog::NowMicros();
      run.summary = CrawlSummary(report);
      run.details_json = DetailsJson(report, config, folder_path);
      writer.FinishRun(run);
    });
  } catch (const std::exception& e) {
    run.status = "failed";
    run.finished = catalog::NowMicros();
    run.summary = e.what();
    run.details_json = Json{{"crawler", config.name}, {"path", folder_path}, {"error", e.what()}}.dump();
    try {
      store.Write([&](catalog::CatalogWriter& writer) { writer.FinishRun(run); });
    } catch (const std::exception&) {
      // The original error is the one to report; the run stays "running".
    }
    throw;
  }
  return report;
}

}  // namespace sluice::lake
