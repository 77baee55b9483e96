#pragma once
// The catalog context an engine gets for a lake (engine/catalog_context.h): the lake's
// store, its root, its path rules (Lake::Resolve refuses paths outside the lake and its
// external locations) — for `sluice query`, the job runner and commands that roll
// interrupted commits forward.

#include <string>

#include "engine/catalog_context.h"
#include "lake/lake.h"

namespace sluice::lake {

/// `lake` must outlive the context.
engine::CatalogContext EngineContext(Lake& lake, std::string current_database = std::string(kDefaultDatabase));

}  // namespace sluice::lake
