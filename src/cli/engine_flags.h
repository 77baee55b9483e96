#pragma once
// Flags that configure the query engine, shared by `sluice query` and `sluice sql`.

#include <string>

#include "engine/query_engine.h"

namespace CLI {
class App;
}

namespace sluice::cli {

struct EngineFlags {
  std::string time_zone;     ///< Empty: UTC.
  std::string memory_limit;  ///< Empty: the engine's default (80% of RAM).
};

/// Adds --time-zone and --memory-limit to `app`.
void AddEngineFlags(CLI::App* app, EngineFlags* flags);
/// Applies the flags to `engine`; InvalidArgumentError for a bad zone or size.
void ConfigureEngine(const EngineFlags& flags, engine::QueryEngine* engine);

}  // namespace sluice::cli
