#include "cli/engine_flags.h"

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/query_memory.h"
#include "core/time_zone.h"

namespace sluice::cli {

void AddEngineFlags(CLI::App* app, EngineFlags* flags) {
  app->add_option("--time-zone", flags->time_zone, "Session time zone (default UTC)");
  app->add_option("--memory-limit", flags->memory_limit,
                  "Memory one query may hold: 4GB, 512MiB, 80% (of RAM, the default), or 0 for no limit");
}

void ConfigureEngine(const EngineFlags& flags, engine::QueryEngine* engine) {
  if (!flags.time_zone.empty() && !LookupTimeZone(flags.time_zone, &engine->session().time_zone)) {
    throw InvalidArgumentError("--time-zone: unknown time zone '" + flags.time_zone + "'");
  }
  if (flags.memory_limit == "0" || flags.memory_limit == "none") {
    engine->set_memory_limit(0);
  } else if (!flags.memory_limit.empty()) {
    try {
      engine->set_memory_limit(QueryMemory::ParseLimit(flags.memory_limit));
    } catch (const InvalidArgumentError& e) {
      throw InvalidArgumentError(std::string("--memory-limit: ") + e.what());
    }
  }
}

}  // namespace sluice::cli
