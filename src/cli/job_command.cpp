// `sluice job run NAME|FILE [--arg k=v …]`, `job validate`, `job runs [NAME]`,
// `job show RUN_ID`, `job bookmark show|reset NAME`: ETL jobs (jobs/job_runner.h).
// A run prints its log lines on stderr as they happen (on a terminal, or always
// without --quiet) and a summary on stdout; a failed run exits non-zero (1 failed,
// 124 timed out, 130 cancelled).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "catalog/store.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "core/error.h"
#include "engine/query_engine.h"
#include "engine/table_commit.h"
#include "jobs/job_runner.h"
#include "lake/engine_context.h"

namespace sluice::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string FormatTime(int64_t micros) {
  if (micros == 0) return "";
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::vector<std::pair<std::string, std::string>> ParseArgs(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> parsed;
  for (const std::string& arg : args) {
    size_t equals = arg.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw InvalidArgumentError("--arg " + arg + ": expected name=value");
    }
    parsed.emplace_back(arg.substr(0, equals), arg.substr(equals + 1));
  }
  return parsed;
}

/// The engine a signal cancels: the one the running attempt uses.
struct CancelTarget {
  std::unique_ptr<InterruptGuard> guard;
};

/// Completes interrupted commits (a run killed after its commit was decided is then
/// recorded as succeeded) and marks runs of dead processes failed, before listing.
void AttachForRollForward(lake::Lake& lake) {
  engine::RollForwardCommits(lake::EngineContext(lake));
  jobs::ReapDeadRuns(lake);
}

int RunOrValidate(const JobCommand& command, bool validate) {
  std::unique_ptr<lake::Lake> lake = OpenLake(command.lake);
  jobs::JobSpec spec = jobs::LoadJobSpec(lake.get(), command.job);
  jobs::JobRunOptions options;
  options.args = ParseArgs(command.args);
  options.validate_only = validate;
  bool show_log = !command.quiet && (validate || isatty(STDERR_FILENO) != 0 || command.format != "json");
  options.log = [&](const std::string& line) {
    if (show_log) std::fprintf(stderr, "%s\n", line.c_str());
  };
  CancelTarget cancel;
  options.on_engine = [&](engine::QueryEngine* engine) {
    cancel.guard.reset();
    if (engine != nullptr) cancel.guard = std::make_unique<InterruptGuard>(engine);
  };
  jobs::JobRunResult result = jobs::RunJob(*lake, spec, options);
  cancel.guard.reset();
  if (validate) {
    if (result.status != "succeeded") throw InvalidArgumentError(result.error);
    std::printf("%s: valid (%zu source(s), %zu step(s), %zu target(s))\n%s", spec.file.c_str(), spec.sources.size(),
                spec.steps.size(), spec.targets.size(), result.plan.c_str());
    return 0;
  }
  if (command.format == "json") {
    std::optional<catalog::Run> run = lake->catalog().GetRun(result.run_id);
    Json out;
    out["run_id"] = result.run_id;
    out["status"] = Upper(result.status);
    out["summary"] = result.summary;
    if (!result.error.empty()) out["error"] = result.error;
    if (run) out["details"] = Json::parse(run->details_json, nullptr, false);
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::printf("run %lld %s: %s\n", static_cast<long long>(result.run_id), Upper(result.status).c_str(),
                result.summary.c_str());
  }
  if (result.status == "succeeded") return 0;
  std::fprintf(stderr, "sluice: job %s run %lld %s: %s\n", spec.name.c_str(), static_cast<long long>(result.run_id),
               Upper(result.status).c_str(), result.error.c_str());
  if (result.status == "timeout") return 124;
  if (result.status == "cancelled") return 130;
  return 1;
}

int ListRuns(const JobCommand& command) {
  std::unique_ptr<lake::Lake> lake = OpenLake(command.lake);
  AttachForRollForward(*lake);
  std::string name = command.job;
  std::vector<catalog::Run> runs = lake->catalog().ListRuns("job", name, command.limit == 0 ? SIZE_MAX : command.limit);
  if (command.format == "json") {
    Json list = Json::array();
    for (const catalog::Run& run : runs) {
      list.push_back({{"run_id", run.id},
                      {"job", run.name},
                      {"status", Upper(run.status)},
                      {"started", FormatTime(run.started)},
                      {"finished", FormatTime(run.finished)},
                      {"summary", run.summary}});
    }
    std::printf("%s\n", list.dump(2).c_str());
    return 0;
  }
  int width = 3;  // the job column fits the longest name
  for (const catalog::Run& run : runs) width = std::max(width, static_cast<int>(run.name.size()));
  std::printf("%-6s  %-*s  %-10s  %-19s  %-8s  %s\n", "run", width, "job", "status", "started (UTC)", "seconds",
              "summary");
  for (const catalog::Run& run : runs) {
    std::string seconds =
        run.finished == 0 ? "" : std::to_string((run.finished - run.started + 500000) / 1000000);
    std::printf("%-6lld  %-*s  %-10s  %-19s  %-8s  %s\n", static_cast<long long>(run.id), width, run.name.c_str(),
                Upper(run.status).c_str(), FormatTime(run.started).c_str(), seconds.c_str(), run.summary.c_str());
  }
  return 0;
}

int ShowRun(const JobCommand& command) {
  std::unique_ptr<lake::Lake> lake = OpenLake(command.lake);
  AttachForRollForward(*lake);
  std::optional<catalog::Run> run = lake->catalog().GetRun(command.run_id);
  if (!run || run->kind != "job") {
    throw InvalidArgumentError("no job run " + std::to_string(command.run_id) + " in " + lake->root() +
                               " (sluice job runs lists them)");
  }
  Json details = Json::parse(run->details_json, nullptr, false);
  if (command.format == "json") {
    Json out = {{"run_id", run->id},
                {"job", run->name},
                {"status", Upper(run->status)},
                {"started", FormatTime(run->started)},
                {"finished", FormatTime(run->finished)},
                {"summary", run->summary},
                {"details", details}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("run %lld of job %s: %s\n", static_cast<long long>(run->id), run->name.c_str(), Upper(run->status).c_str());
  std::printf("started   %s UTC\nfinished  %s%s\nsummary   %s\n", FormatTime(run->started).c_str(),
              FormatTime(run->finished).c_str(), run->finished == 0 ? "" : " UTC", run->summary.c_str());
  if (details.is_discarded()) return 0;
  if (details.contains("arguments") && !details["arguments"].empty()) {
    std::printf("arguments");
    for (auto& [name, value] : details["arguments"].items()) std::printf(" %s=%s", name.c_str(), value.get<std::string>().c_str());
    std::printf("\n");
  }
  for (const Json& source : details.value("sources", Json::array())) {
    std::string rows = source["rows"].is_null() ? "" : ", " + std::to_string(source["rows"].get<int64_t>()) + " rows";
    std::printf("source    %s (%s %s): %zu file(s), %llu bytes%s, %zu consumed\n",
                source["name"].get<std::string>().c_str(), source["kind"].get<std::string>().c_str(),
                source["what"].get<std::string>().c_str(), source["files"].get<size_t>(),
                static_cast<unsigned long long>(source["bytes"].get<uint64_t>()), rows.c_str(),
                source["files_consumed"].size());
  }
  for (const Json& target : details.value("targets", Json::array())) {
    std::printf("target    %s (%s, %s): %llu rows, %zu file(s), %llu bytes\n", target["name"].get<std::string>().c_str(),
                target["kind"].get<std::string>().c_str(), target["mode"].get<std::string>().c_str(),
                static_cast<unsigned long long>(target["rows"].get<uint64_t>()), target["files"].get<size_t>(),
                static_cast<unsigned long long>(target["bytes"].get<uint64_t>()));
  }
  if (details.contains("error")) std::printf("error     %s\n", details["error"].get<std::string>().c_str());
  if (details.contains("log")) {
    std::printf("log:\n");
    for (const Json& line : details["log"]) std::printf("  %s\n", line.get<std::string>().c_str());
  }
  return 0;
}

int Bookmarks(const JobCommand& command, bool reset) {
  std::unique_ptr<lake::Lake> lake = OpenLake(command.lake);
  jobs::JobSpec spec = jobs::LoadJobSpec(lake.get(), command.job);
  bool any = false;
  for (const jobs::SourceSpec& source : spec.sources) any = any || source.bookmark;
  if (!any) throw InvalidArgumentError("job " + spec.name + " has no source with bookmark: true");
  if (reset) {
    std::optional<int64_t> to_run;
    if (command.to_run > 0) to_run = command.to_run;
    size_t removed = jobs::ResetBookmarks(lake->catalog(), spec, to_run, command.source);
    std::printf("%zu consumed file(s) forgotten%s; the next run reads them again\n", removed,
                to_run ? (" (runs after " + std::to_string(*to_run) + ")").c_str() : "");
    return 0;
  }
  std::vector<jobs::BookmarkEntry> entries = jobs::ListBookmarks(lake->catalog(), spec);
  if (command.format == "json") {
    Json list = Json::array();
    for (const jobs::BookmarkEntry& entry : entries) {
      list.push_back({{"source", entry.source},
                      {"path", entry.path},
                      {"size", entry.size},
                      {"modified", FormatTime(entry.modified_micros)},
                      {"run_id", entry.run_id}});
    }
    std::printf("%s\n", list.dump(2).c_str());
    return 0;
  }
  std::printf("%-16s  %-6s  %-12s  %s\n", "source", "run", "bytes", "file");
  for (const jobs::BookmarkEntry& entry : entries) {
    std::printf("%-16s  %-6lld  %-12llu  %s\n", entry.source.c_str(), static_cast<long long>(entry.run_id),
                static_cast<unsigned long long>(entry.size), entry.path.c_str());
  }
  return 0;
}

}  // namespace

void RegisterJobCommand(CLI::App* parent, JobCommand* command) {
  CLI::App* app = parent->add_subcommand("job", "ETL jobs: run, validate, list runs, show a run, bookmarks");
  command->app = app;
  app->require_subcommand(1);
  auto add_job = [&](CLI::App* sub, const char* what) {
    sub->add_option("job", command->job, what)->required();
    AddLakeFlags(sub, &command->lake);
  };
  command->run = app->add_subcommand("run", "Run a job: NAME (jobs/NAME.yaml in the lake) or a spec FILE");
  add_job(command->run, "NAME or FILE");
  command->run->add_option("--arg", command->args, "A parameter: name=value (bound as :name in the job's SQL)");
  command->run->add_option("--format", command->format, "table or json (the run's record)")
      ->check(CLI::IsMember({"table", "json"}));
  command->run->add_flag("--quiet,-q", command->quiet, "No log lines on stderr");

  command->validate = app->add_subcommand("validate", "Check a spec and plan its SQL without running it");
  add_job(command->validate, "NAME or FILE");
  command->validate->add_option("--arg", command->args, "A parameter: name=value");

  command->runs = app->add_subcommand("runs", "Recorded job runs, newest first");
  command->runs->add_option("job", command->job, "Only the runs of this job");
  command->runs->add_option("--limit", command->limit, "At most N runs (default 20; 0: all)");
  command->runs->add_option("--format", command->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  AddLakeFlags(command->runs, &command->lake);

  command->show = app->add_subcommand("show", "One run: arguments, status, rows per source and target, log");
  command->show->add_option("run_id", command->run_id, "RUN_ID (sluice job runs)")->required();
  command->show->add_option("--format", command->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  AddLakeFlags(command->show, &command->lake);

  command->bookmark = app->add_subcommand("bookmark", "The files a job's bookmarked sources consumed");
  command->bookmark->require_subcommand(1);
  command->bookmark_show = command->bookmark->add_subcommand("show", "List the consumed files");
  add_job(command->bookmark_show, "NAME or FILE");
  command->bookmark_show->add_option("--format", command->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->bookmark_reset =
      command->bookmark->add_subcommand("reset", "Forget consumed files (all, or those of runs after --to-run)");
  add_job(command->bookmark_reset, "NAME or FILE");
  command->bookmark_reset->add_option("--to-run", command->to_run,
                                      "Rewind: keep what runs up to RUN_ID consumed, forget later runs'");
  command->bookmark_reset->add_option("--source", command->source, "Only this source");
}

int RunJobCommand(const JobCommand& command) {
  if (command.run->parsed()) return RunOrValidate(command, false);
  if (command.validate->parsed()) return RunOrValidate(command, true);
  if (command.runs->parsed()) return ListRuns(command);
  if (command.show->parsed()) return ShowRun(command);
  if (command.bookmark_show->parsed()) return Bookmarks(command, false);
  if (command.bookmark_reset->parsed()) return Bookmarks(command, true);
  return 2;
}

}  // namespace sluice::cli
