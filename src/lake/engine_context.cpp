#include "lake/engine_context.h"

namespace sluice::lake {

engine::CatalogContext EngineContext(Lake& lake, std::string current_database) {
  engine::CatalogContext context;
  context.store = &lake.catalog();
  context.lake_root = lake.root();
  const Lake* owner = &lake;
  context.resolve_path = [owner](std::string_view path) { return owner->Resolve(path); };
  context.to_catalog_path = [owner](std::string_view absolute) { return owner->ToCatalogPath(absolute); };
  context.current_database = std::move(current_database);
  return context;
}

}  // namespace sluice::lake
