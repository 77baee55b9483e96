#pragma once
// A catalog attached to a QueryEngine (QueryEngine::AttachCatalog): the store, the
// lake it belongs to and the session's current database. The engine sits below the
// lake layer (src/lake), so the lake hands over what the engine needs as values and
// functions: the CLI opens the lake and attaches `lake.catalog()` with the lake's
// path rules; tests attach a store they opened themselves.
//
// Paths in the catalog are relative to the lake root when inside it, absolute
// otherwise (catalog/model.h). The engine turns them into absolute paths with
// `resolve_path` (which refuses paths outside the lake and its external locations)
// and stores paths it writes with `to_catalog_path`.

#include <functional>
#include <string>
#include <string_view>

#include "catalog/store.h"

namespace sluice::engine {

struct CatalogContext {
  /// Not owned; must outlive the engine it is attached to.
  catalog::CatalogStore* store = nullptr;
  /// The lake's root folder, absolute and normal. Sluice's private folder is
  /// <lake_root>/.sluice (staging/ and commits/ for atomic writes).
  std::string lake_root;
  /// A catalog path (relative to the lake, or absolute) → an absolute, normal path.
  /// Throws InvalidArgumentError for a path outside the lake and its external
  /// locations. Empty: relative paths are taken from lake_root, absolute ones kept.
  std::function<std::string(std::string_view)> resolve_path;
  /// An absolute path → the form the catalog stores (relative to the root when inside
  /// it). Empty: relative when under lake_root, else unchanged.
  std::function<std::string(std::string_view)> to_catalog_path;
  /// The database unqualified table names resolve in (USE changes it); empty: none,
  /// and an unqualified name that is no session view or table is an error.
  std::string current_database;
  /// A session's temporary catalog (temp_catalog.h): nothing in it outlives the
  /// session, so its commits skip the SLUICE_CRASH_AT testing hooks (table_commit.h),
  /// which then stop at the lake's commits only.
  bool session_private = false;
};

/// `path` from the catalog made absolute (context.resolve_path, or the default above).
std::string ResolveCatalogPath(const CatalogContext& context, std::string_view path);
/// `absolute` as the catalog stores it (context.to_catalog_path, or the default above).
std::string ToCatalogPath(const CatalogContext& context, std::string_view absolute);

}  // namespace sluice::engine
