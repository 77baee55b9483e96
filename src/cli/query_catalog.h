#pragma once
// The lake options of `sluice query` and `sluice sql`: --lake DIR (else $SLUICE_LAKE,
// else the nearest sluice.yaml upward; queries over files need no lake) and
// --database DB (the database unqualified table names resolve in, as USE sets it;
// `default` when not given).

#include <memory>
#include <string>

#include "cli/lake_flags.h"
#include "engine/query_engine.h"

namespace CLI {
class App;
}

namespace sluice::cli {

struct QueryCatalogFlags {
  LakeFlags lake;
  std::string database;  ///< Empty: `default` when there is a lake (lake::kDefaultDatabase).
};

/// Adds --lake and --database to `app`.
void AddQueryCatalogFlags(CLI::App* app, QueryCatalogFlags* flags);

/// Opens the lake the flags name (or finds one) and attaches its catalog to `engine`;
/// returns the lake, which must outlive the engine, or null when there is none (then
/// --database is an InvalidArgumentError). The current database is --database (lower
/// case; a CatalogError when it does not exist), else `default`.
std::unique_ptr<lake::Lake> AttachLakeCatalog(const QueryCatalogFlags& flags, engine::QueryEngine* engine);

}  // namespace sluice::cli
