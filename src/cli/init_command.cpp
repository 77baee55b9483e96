// `sluice init DIR`: scaffolds a lake (sluice.yaml, zones, the catalog, a README) and
// says what it made and what to do next.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "lake/lake.h"

namespace sluice::cli {
namespace {

namespace fs = std::filesystem;

/// "  name" padded to a column, then the explanation.
void PrintItem(const std::string& name, const std::string& what) {
  std::string line = "  " + name;
  line.resize(std::max<size_t>(line.size() + 2, 24), ' ');
  std::cout << line << what << "\n";
}

}  // namespace

void RegisterInitCommand(CLI::App* parent, InitCommand* command) {
  CLI::App* app = parent->add_subcommand("init", "Create a lake in DIR: sluice.yaml, zone folders, the catalog, a README");
  command->app = app;
  app->add_option("dir", command->dir, "The lake's folder (created when missing; must not hold sluice.yaml)")
      ->required();
  app->add_option("--name", command->name, "The lake's name (default: the folder's name)");
  app->add_option("--zones", command->zones, "Zone folders and databases (default: drop,raw,curated)")
      ->delimiter(',');
  app->add_option("--catalog", command->catalog,
                  "sqlite (default: .sluice/catalog.db) or postgresql://user@host:port/db (password from "
                  "SLUICE_CATALOG_PASSWORD, PGPASSWORD or ~/.pgpass)");
  app->add_option("--catalog-schema", command->catalog_schema, "PostgreSQL schema for the catalog (default sluice)");
  app->footer(
      "Examples:\n"
      "  sluice init demo\n"
      "  sluice init lake --zones landing,bronze,silver,gold\n"
      "  sluice init team --catalog postgresql://sluice@db.internal:5432/lake");
}

int RunInitCommand(const InitCommand& command) {
  lake::LakeConfig config;
  config.name = command.name;
  if (!command.zones.empty()) config.zones = command.zones;
  if (!command.catalog.empty()) config.catalog = command.catalog;
  if (!command.catalog_schema.empty()) config.catalog_schema = command.catalog_schema;
  std::error_code error;
  bool had_readme = fs::exists(fs::path(command.dir) / "README.md", error);
  std::unique_ptr<lake::Lake> lake = lake::InitLake(command.dir, config);
  const lake::LakeConfig& made = lake->config();
  catalog::CatalogStore& catalog = lake->catalog();

  std::cout << "Created the lake '" << made.name << "' in " << lake->root() << ":\n";
  PrintItem("sluice.yaml", "the config: zones, catalog, crawlers (commented)");
  PrintItem("README.md", had_readme ? "kept as it was (the lake's README was not written)"
                                    : "what the folders are, how to crawl and query");
  for (const std::string& zone : made.zones) {
    std::optional<catalog::Database> database = catalog.GetDatabase(zone);
    PrintItem(zone + "/", (database ? database->description : std::string("zone")) + " (database " + zone + ")");
  }
  PrintItem(".sluice/", "Sluice's private folder (staging for writes)");
  PrintItem("catalog", catalog.Describe());

  std::string cd = command.dir;
  std::cout << "\nNext steps:\n";
  std::cout << "  cd " << cd << "\n";
  if (!made.crawlers.empty()) {
    const lake::CrawlerConfig& crawler = made.crawlers.front();
    std::cout << "  # put files under " << crawler.path << "/, one folder per table (e.g. " << crawler.path
              << "/events/)\n";
    std::cout << "  sluice crawl " << crawler.name << "            # tables in database " << crawler.database << "\n";
    std::cout << "  sluice catalog tables " << crawler.database << "\n";
    std::cout << "  sluice query \"SELECT * FROM " << crawler.database << ".events LIMIT 10\"\n";
  } else {
    std::cout << "  sluice catalog databases\n";
  }
  return 0;
}

}  // namespace sluice::cli
