// The sluice command line: parses flags (CLI11), runs one subcommand, and is the one
// place that turns errors into messages and exit codes (docs/CLI.md lists them).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.h"
#include "core/error.h"
#include "core/scheduler.h"

namespace {

/// Exit codes by error kind (sysexits.h where one fits).
int ExitCode(sluice::ErrorKind kind) {
  switch (kind) {
    case sluice::ErrorKind::kInvalidArgument: return 2;
    case sluice::ErrorKind::kFormat:
    case sluice::ErrorKind::kConversion:
    case sluice::ErrorKind::kConstraint: return 65;  // EX_DATAERR
    case sluice::ErrorKind::kIO: return 74;          // EX_IOERR
    case sluice::ErrorKind::kInternal: return 70;    // EX_SOFTWARE
    case sluice::ErrorKind::kInterrupted: return 130;
    default: return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Sluice: a self-hosted data-lake engine in one binary."};
  app.name("sluice");
  app.set_version_flag("--version", std::string("sluice ") + SLUICE_VERSION);
  app.require_subcommand(0, 1);
  size_t threads = 0;
  app.add_option("--threads", threads, "Worker threads (default: all cores, or SLUICE_THREADS)")
      ->check(CLI::Range(1, 1024));
  app.footer(
      "Examples:\n"
      "  sluice schema data.csv\n"
      "  sluice convert unload_000.gz events.jsonl --preset redshift-unload\n"
      "  sluice query \"SELECT count(*) FROM read_parquet('events.parquet')\"\n"
      "  sluice sql\n"
      "Run 'sluice COMMAND --help' for the flags of a command; docs/CLI.md has them all.");

  sluice::cli::CommandSet commands;
  sluice::cli::RegisterCommands(&app, &commands);
  CLI::App* help = app.add_subcommand("help", "Show help for sluice or for one command");
  std::string help_topic;
  help->add_option("command", help_topic, "Command to explain");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end parsing with code 0; every real usage error exits 2.
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  if (app.get_subcommands().empty() || help->parsed()) {
    CLI::App* target = &app;
    if (!help_topic.empty()) {
      try {
        target = app.get_subcommand(help_topic);
      } catch (const CLI::OptionNotFound&) {
        std::fprintf(stderr, "sluice: no command '%s' (try 'sluice help')\n", help_topic.c_str());
        return 2;
      }
    }
    std::fputs(target->help().c_str(), stdout);
    return 0;
  }

  try {
    if (threads > 0) sluice::TaskScheduler::SetGlobalThreads(threads);
    return sluice::cli::RunCommand(commands, app);
  } catch (const sluice::Error& e) {
    std::fprintf(stderr, "sluice: %s: %s\n", sluice::ErrorKindName(e.kind()), e.what());
    return ExitCode(e.kind());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "sluice: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sluice: internal error: %s\n", e.what());
    return 70;
  }
}
