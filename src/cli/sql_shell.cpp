// `sluice sql`: an interactive SQL shell. From a terminal: line editing and history
// (libedit, ~/.sluice_history), results fitted to the terminal, Ctrl-C cancels the
// running query (or clears the line; twice at an empty prompt, or Ctrl-D, quits).
// From a pipe: statements are read from standard input without editing.

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/line_reader.h"
#include "cli/result_format.h"
#include "cli/statement_buffer.h"
#include "core/error.h"
#include "engine/query_engine.h"
#include "sql/parser/parser.h"

namespace sluice::cli {
namespace {

constexpr const char* kPrompt = "sluice> ";
constexpr const char* kContinuationPrompt = "     -> ";

constexpr const char* kHelp =
    "Statements end with ';' and may span lines. Commands:\n"
    "  .help                      this text\n"
    "  .mode table|csv|tsv|jsonl  how results print (now: %s)\n"
    "  .timer on|off              print each statement's run time (now: %s)\n"
    "  .maxrows N                 rows a table shows, 0 for all (now: %zu)\n"
    "  .quit, .exit               leave (also Ctrl-D)\n"
    "Ctrl-C cancels the running query, or clears the statement being typed.\n";

/// The terminal's width when standard output is one, else $COLUMNS, else 0 (none).
size_t OutputWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) return static_cast<size_t>(std::strtoul(columns, nullptr, 10));
  return 0;
}

std::string DefaultHistoryPath() {
  const char* home = std::getenv("HOME");
  return home != nullptr && *home != '\0' ? std::string(home) + "/.sluice_history" : std::string();
}

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

/// The shell's state between lines.
class SqlShell {
 public:
  SqlShell(const SqlShellCommand& command, LineReader* reader)
      : reader_(*reader), format_(ParseResultFormat(command.format)), format_name_(command.format),
        max_rows_(command.max_rows) {
    ConfigureEngine(command.engine, &engine_);
    lake_ = AttachLakeCatalog(command.catalog, &engine_);
  }

  /// Reads and runs until the end of input or .quit; returns the exit code.
  int Run() {
    InterruptGuard interrupts(&engine_);
    bool interrupted_at_empty_prompt = false;
    std::string line;
    while (!quit_) {
      InterruptGuard::TakeInterrupt();  // a Ctrl-C that came after a query finished is stale
      LineReader::Status status = reader_.ReadLine(buffer_.empty() ? kPrompt : kContinuationPrompt, &line);
      if (status == LineReader::Status::kEndOfInput) break;
      if (status == LineReader::Status::kInterrupted) {
        if (!reader_.interactive()) return 130;
        if (buffer_.empty()) {
          if (interrupted_at_empty_prompt) break;
          interrupted_at_empty_prompt = true;
          std::fputs("(Ctrl-C again or Ctrl-D to quit)\n", stdout);
        }
        buffer_.Clear();
        continue;
      }
      interrupted_at_empty_prompt = false;
      if (buffer_.empty() && Trim(line).starts_with('.')) {
        reader_.AddHistory(Trim(line));
        RunCommand(Trim(line));
        continue;
      }
      buffer_.Append(line);
      for (const std::string& statement : buffer_.TakeComplete()) {
        reader_.AddHistory(Trim(statement));
        RunSql(statement);
      }
    }
    // Piped input may end without a final ';'.
    if (!reader_.interactive() && !quit_ && !buffer_.empty()) RunSql(buffer_.TakeRest());
    if (reader_.interactive() && !quit_) std::fputs("\n", stdout);
    return failed_ && !reader_.interactive() ? 1 : 0;
  }

 private:
  /// Runs every statement of `text`, printing results or errors.
  void RunSql(const std::string& text) {
    try {
      for (const auto& statement : sql::ParseStatements(text)) {
        auto start = std::chrono::steady_clock::now();
        engine::QueryResult result = engine_.Execute(text, *statement);
        auto elapsed = std::chrono::steady_clock::now() - start;
        if (result.schema.num_fields() > 0) Print(result);
        if (timer_) {
          std::printf("Run time: %.3f s\n", std::chrono::duration<double>(elapsed).count());
        }
        std::fflush(stdout);
      }
    } catch (const InterruptedError& e) {
      std::fflush(stdout);
      // On a terminal the line holds the echoed ^C.
      std::fprintf(stderr, "%s%s\n", reader_.interactive() ? "\n" : "", e.what());
      InterruptGuard::TakeInterrupt();  // this Ctrl-C is spent
      failed_ = true;
    } catch (const Error& e) {
      std::fflush(stdout);
      std::fprintf(stderr, "Error: %s: %s\n", ErrorKindName(e.kind()), e.what());
      failed_ = true;
    } catch (const std::bad_alloc&) {
      std::fprintf(stderr, "Error: out of memory\n");
      failed_ = true;
    }
  }

  void Print(const engine::QueryResult& result) {
    TableLimits limits;
    limits.max_rows = max_rows_;
    limits.max_width = OutputWidth();
    std::ostringstream text;
    WriteResult(result, format_, true, text, limits);
    std::fputs(text.str().c_str(), stdout);
  }

  void RunCommand(const std::string& line) {
    std::istringstream words(line);
    std::string name;
    std::string argument;
    words >> name >> argument;
    if (name == ".quit" || name == ".exit") {
      quit_ = true;
    } else if (name == ".help") {
      std::printf(kHelp, format_name_.c_str(), timer_ ? "on" : "off", max_rows_);
    } else if (name == ".timer" && (argument == "on" || argument == "off")) {
      timer_ = argument == "on";
    } else if (name == ".mode" && !argument.empty()) {
      try {
        format_ = ParseResultFormat(argument);
        format_name_ = argument;
      } catch (const Error&) {
        std::fprintf(stderr, "Error: unknown mode '%s' (table, csv, tsv, jsonl)\n", argument.c_str());
      }
    } else if (name == ".maxrows" && !argument.empty() &&
               argument.find_first_not_of("0123456789") == std::string::npos) {
      max_rows_ = std::strtoull(argument.c_str(), nullptr, 10);
    } else {
      std::fprintf(stderr, "Error: unknown or incomplete command '%s' (try .help)\n", line.c_str());
    }
    std::fflush(stdout);
  }

  LineReader& reader_;
  engine::QueryEngine engine_;
  std::unique_ptr<lake::Lake> lake_;  ///< The lake whose catalog the engine uses, or null.
  StatementBuffer buffer_;
  ResultFormat format_;
  std::string format_name_;
  size_t max_rows_;
  bool timer_ = false;
  bool quit_ = false;
  bool failed_ = false;  ///< A statement failed (the exit code of piped input).
};

}  // namespace

void RegisterSqlShellCommand(CLI::App* parent, SqlShellCommand* command) {
  CLI::App* app = parent->add_subcommand("sql", "Interactive SQL shell (reads statements from stdin when piped)");
  command->app = app;
  app->add_option("--format", command->format, "Output: table (default), csv, tsv, jsonl (also .mode)");
  app->add_option("--max-rows", command->max_rows, "Rows a table shows, 0 for all (default 40; also .maxrows)");
  app->add_option("--history", command->history, "History file (default ~/.sluice_history)");
  AddEngineFlags(app, &command->engine);
  AddQueryCatalogFlags(app, &command->catalog);
  app->footer(
      "Type .help in the shell for its commands.\n"
      "Inside a lake (or with --lake DIR) its catalog's tables are db.table; USE db picks a database.\n"
      "Examples:\n"
      "  sluice sql\n"
      "  echo \"SELECT count(*) FROM read_csv('people.csv');\" | sluice sql --format csv");
}

int RunSqlShellCommand(const SqlShellCommand& command) {
  bool interactive = isatty(STDIN_FILENO) != 0;
  LineReader reader(interactive, command.history.empty() ? DefaultHistoryPath() : command.history);
  SqlShell shell(command, &reader);
  if (interactive) std::printf("sluice %s SQL shell; .help for help, Ctrl-D to quit.\n", SLUICE_VERSION);
  return shell.Run();
}

}  // namespace sluice::cli
