// `sluice crawl NAME | --path P --database D …`: runs a crawler (from sluice.yaml, or
// made up from the flags) and prints what changed: one line per catalog table the
// crawl touched, file counts and warnings — or, with --format json, the run's details.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/lake_flags.h"
#include "core/error.h"
#include "lake/crawler/crawler.h"

namespace sluice::cli {

namespace {

lake::SchemaChangePolicy ParseSchemaChange(const std::string& text) {
  if (text == "update") return lake::SchemaChangePolicy::kUpdate;
  if (text == "add_new_columns") return lake::SchemaChangePolicy::kAddNewColumns;
  if (text == "log") return lake::SchemaChangePolicy::kLog;
  throw InvalidArgumentError("--schema-change: '" + text + "' (expected update, add_new_columns or log)");
}

lake::DeletionPolicy ParseDeletion(const std::string& text) {
  if (text == "delete") return lake::DeletionPolicy::kDelete;
  if (text == "deprecate") return lake::DeletionPolicy::kDeprecate;
  if (text == "ignore") return lake::DeletionPolicy::kIgnore;
  throw InvalidArgumentError("--deletion: '" + text + "' (expected delete, deprecate or ignore)");
}

/// The crawler to run: NAME from sluice.yaml, or one made of the flags.
lake::CrawlerConfig CrawlerFromCommand(const CrawlCommand& command, const lake::Lake& lake) {
  const bool ad_hoc_flags = !command.database.empty() || !command.table_prefix.empty() ||
                            !command.exclude.empty() || !command.schema_change.empty() ||
                            !command.deletion.empty() || command.table_per_folder || command.table_level > 0 ||
                            !command.csv.empty() || command.partition_discovery;
  if (!command.name.empty()) {
    if (!command.path.empty() || ad_hoc_flags) {
      throw InvalidArgumentError("crawler " + command.name +
                                 " is configured in sluice.yaml: give its name alone, or --path and --database "
                                 "for a crawl of its own");
    }
    const lake::CrawlerConfig* config = lake.FindCrawler(command.name);
    if (config == nullptr) {
      std::string names;
      for (const lake::CrawlerConfig& c : lake.config().crawlers) names += (names.empty() ? "" : ", ") + c.name;
      throw InvalidArgumentError("no crawler named '" + command.name + "' in " + lake.root() + "/sluice.yaml" +
                                 (names.empty() ? std::string(" (it has none)") : " (crawlers: " + names + ")"));
    }
    return *config;
  }
  if (command.path.empty() || command.database.empty()) {
    throw InvalidArgumentError("sluice crawl needs a crawler NAME from sluice.yaml, or --path and --database");
  }
  lake::CrawlerConfig config;
  config.path = command.path;
  config.database = command.database;
  config.name = command.crawler_name.empty()
                    ? "path:" + lake.ToCatalogPath(lake.Resolve(command.path)) + ":" + command.database
                    : command.crawler_name;
  config.table_prefix = command.table_prefix;
  config.exclude = command.exclude;
  if (!command.schema_change.empty()) config.schema_change = ParseSchemaChange(command.schema_change);
  if (!command.deletion.empty()) config.deletion = ParseDeletion(command.deletion);
  config.table_per_folder = command.table_per_folder;
  config.table_level = command.table_level;
  for (const std::string& option : command.csv) {
    size_t eq = option.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InvalidArgumentError("--csv: expected key=value (delimiter=|, header=true, preset=redshift-unload), got '" +
                                 option + "'");
    }
    config.csv[option.substr(0, eq)] = option.substr(eq + 1);
  }
  config.partition_discovery = command.partition_discovery;
  return config;
}

std::string PartitionsCell(const lake::crawler::TableOutcome& outcome) {
  std::string cell = "+" + std::to_string(outcome.partitions_added);
  if (outcome.partitions_updated > 0) cell += " ~" + std::to_string(outcome.partitions_updated);
  cell += " -" + std::to_string(outcome.partitions_removed);
  if (outcome.partitions_deprecated > 0) cell += " (" + std::to_string(outcome.partitions_deprecated) + " deprecated)";
  return cell;
}

std::string ChangesCell(const lake::crawler::TableOutcome& outcome) {
  std::string cell;
  for (const std::string& change : outcome.schema_changes) cell += (cell.empty() ? "" : "; ") + change;
  if (!cell.empty() && !outcome.schema_applied) cell += " [logged, not applied]";
  return cell;
}

void PrintRows(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }
}

void PrintReport(const lake::CrawlReport& report, const lake::CrawlerConfig& config, const std::string& path) {
  std::printf("crawl %s (run %lld): %s -> database %s%s\n", config.name.c_str(),
              static_cast<long long>(report.run.id), path.c_str(), config.database.c_str(),
              report.full ? " (full)" : "");
  std::vector<std::vector<std::string>> rows = {{"table", "action", "version", "partitions", "schema changes"}};
  size_t unchanged = 0;
  for (const lake::crawler::TableOutcome& outcome : report.tables) {
    if (outcome.action == "unchanged" && outcome.schema_changes.empty()) {
      ++unchanged;
      continue;
    }
    rows.push_back({config.database + "." + outcome.table, outcome.action,
                    outcome.version > 0 ? std::to_string(outcome.version) : "", PartitionsCell(outcome),
                    ChangesCell(outcome)});
  }
  if (rows.size() > 1) {
    PrintRows(rows);
  }
  if (unchanged > 0) std::printf("%zu table%s unchanged\n", unchanged, unchanged == 1 ? "" : "s");
  std::string formats;
  for (const auto& [format, count] : report.files_by_format) {
    formats += (formats.empty() ? "" : ", ") + format + " " + std::to_string(count);
  }
  std::printf("files: %zu read, %zu unchanged, %zu unreadable, %zu ignored; folders: %zu listed of %zu%s%s%s\n",
              report.files_read, report.scan.files_unchanged, report.files_unreadable, report.scan.ignored,
              report.scan.folders_listed, report.scan.folders, formats.empty() ? "" : " (", formats.c_str(),
              formats.empty() ? "" : ")");
  if (!report.warnings.empty()) {
    std::printf("warnings:\n");
    constexpr size_t kShown = 20;
    for (size_t i = 0; i < report.warnings.size() && i < kShown; ++i) {
      std::printf("  %s: %s\n", report.warnings[i].path.c_str(), report.warnings[i].message.c_str());
    }
    if (report.warnings.size() > kShown) {
      std::printf("  … %zu more (sluice crawl --format json, or sluice catalog runs)\n",
                  report.warnings.size() - kShown);
    }
  }
  std::printf("%s\n", report.run.summary.c_str());
}

}  // namespace

void RegisterCrawlCommand(CLI::App* parent, CrawlCommand* command) {
  CLI::App* app = parent->add_subcommand("crawl", "Crawl a folder of the lake into catalog tables");
  command->app = app;
  app->add_option("name", command->name, "A crawler named in sluice.yaml");
  app->add_option("--path", command->path, "Crawl this folder (relative to the lake) instead");
  app->add_option("--database", command->database, "Catalog database of the tables (with --path)");
  app->add_option("--name", command->crawler_name,
                  "Name of an ad hoc crawler (its runs and incremental state); default from path and database");
  app->add_option("--table-prefix", command->table_prefix, "Prefix of the table names");
  app->add_option("--exclude", command->exclude, "Glob of paths below --path to skip (repeatable)");
  app->add_option("--schema-change", command->schema_change,
                  "When a table's schema changed: update (default), add_new_columns, log");
  app->add_option("--deletion", command->deletion,
                  "When a table's or partition's folder went away: delete (default), deprecate, ignore");
  app->add_flag("--table-per-folder", command->table_per_folder,
                "Every folder that holds data files is a table of its own");
  app->add_option("--table-level", command->table_level,
                  "Make the tables at this depth below --path (1 = its subfolders)")
      ->check(CLI::Range(1, 64));
  app->add_option("--csv", command->csv,
                  "Forced CSV option key=value (delimiter, quote, escape, header, null, preset; repeatable)");
  app->add_flag("--partition-discovery", command->partition_discovery,
                "Tables list key=value folders at query time");
  app->add_flag("--full", command->full,
                "List every folder and read every file again (a re-crawl reads only new or changed folders "
                "and files; a file rewritten in place without a new name is caught only by --full)");
  app->add_option("--format", command->format, "Output: table (default) or json (the run's details)")
      ->check(CLI::IsMember({"table", "json"}));
  AddLakeFlags(app, &command->lake);
  app->footer(
      "Examples:\n"
      "  sluice crawl drop_events\n"
      "  sluice crawl --path drop/ --database raw\n"
      "  sluice crawl --path drop/unload --database raw --csv preset=redshift-unload --table-prefix rs_\n"
      "  sluice crawl drop_events --full --format json");
}

int RunCrawlCommand(const CrawlCommand& command) {
  std::unique_ptr<lake::Lake> lake = OpenLake(command.lake);
  lake::CrawlerConfig config = CrawlerFromCommand(command, *lake);
  lake::CrawlOptions options;
  options.full = command.full;
  lake::CrawlReport report = lake::RunCrawl(*lake, config, options);
  if (command.format == "json") {
    nlohmann::ordered_json details = nlohmann::ordered_json::parse(report.run.details_json);
    nlohmann::ordered_json out;
    out["run_id"] = report.run.id;
    out["status"] = report.run.status;
    out["summary"] = report.run.summary;
    for (auto& [key, value] : details.items()) out[key] = value;
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    PrintReport(report, config, lake->ToCatalogPath(lake->Resolve(config.path)));
  }
  return 0;
}

}  // namespace sluice::cli
