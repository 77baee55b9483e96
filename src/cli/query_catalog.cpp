#include "cli/query_catalog.h"

#include "lake/engine_context.h"

#include <CLI/CLI.hpp>

#include "core/ascii.h"
#include "core/error.h"

namespace sluice::cli {

void AddQueryCatalogFlags(CLI::App* app, QueryCatalogFlags* flags) {
  AddLakeFlags(app, &flags->lake);
  app->add_option("--database", flags->database,
                  "The current database: unqualified table names resolve in it, as after USE DB (default: default)")
      ->type_name("DB");
}

std::unique_ptr<lake::Lake> AttachLakeCatalog(const QueryCatalogFlags& flags, engine::QueryEngine* engine) {
  std::unique_ptr<lake::Lake> lake = OpenLakeIfAny(flags.lake);
  if (lake == nullptr) {
    if (!flags.database.empty()) {
      throw InvalidArgumentError("--database " + flags.database +
                                 " needs a lake: give --lake DIR, set SLUICE_LAKE, or run inside a lake "
                                 "(create one with `sluice init DIR`)");
    }
    return nullptr;
  }
  // Without --database the session starts in `default`, which every lake has.
  std::string database = flags.database.empty() ? std::string(lake::kDefaultDatabase) : AsciiLower(flags.database);
  if (!flags.database.empty() && !lake->catalog().GetDatabase(database)) {
    throw CatalogError("--database " + flags.database + ": database '" + database + "' does not exist in the lake " +
                       lake->root());
  }
  engine::CatalogContext context = lake::EngineContext(*lake, database);
  engine->AttachCatalog(std::move(context));
  return lake;
}

}  // namespace sluice::cli
