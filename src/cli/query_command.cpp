// `sluice query "SQL"`: runs SQL statements over files and prints their results.

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/result_format.h"
#include "core/error.h"
#include "engine/query_engine.h"
#include "io/file.h"
#include "sql/parser/parser.h"

namespace sluice::cli {
namespace {

void ThrowIfInterrupted() {
  if (InterruptGuard::TakeInterrupt()) throw InterruptedError("query cancelled");
}

}  // namespace

void RegisterQueryCommand(CLI::App* parent, QueryCommand* command) {
  CLI::App* app = parent->add_subcommand("query", "Run SQL (Trino/Athena dialect) over CSV, JSON lines and Parquet files");
  command->app = app;
  app->add_option("sql", command->sql, "Statements separated by ';', or - to read them from stdin")->required();
  app->add_option("--format", command->format, "Output: table (default), csv, tsv, jsonl");
  app->add_option("--output,-o", command->output, "Write results to FILE instead of stdout");
  app->add_flag("--no-header", command->no_header, "Omit the header line (table, csv, tsv)");
  AddEngineFlags(app, &command->engine);
  AddQueryCatalogFlags(app, &command->catalog);
  app->footer(
      "Ctrl-C cancels the running query (exit code 130).\n"
      "Inside a lake (or with --lake DIR) its catalog's tables are db.table.\n"
      "Examples:\n"
      "  sluice query \"SELECT city, count(*) FROM read_csv('people.csv') GROUP BY city ORDER BY 2 DESC\"\n"
      "  sluice query \"EXPLAIN ANALYZE SELECT * FROM read_parquet('events.parquet') WHERE id > 10\"\n"
      "  echo \"SELECT 1 AS x FROM read_csv('people.csv') LIMIT 1\" | sluice query - --format tsv\n"
      "  sluice query --lake demo \"SELECT count(*) FROM raw.space_events WHERE event_date = DATE '2024-05-01'\"");
}

int RunQueryCommand(const QueryCommand& command) {
  ResultFormat format = ParseResultFormat(command.format);
  engine::QueryEngine engine;
  ConfigureEngine(command.engine, &engine);
  std::unique_ptr<lake::Lake> lake = AttachLakeCatalog(command.catalog, &engine);
  InterruptGuard interrupts(&engine);
  std::string sql = command.sql;
  if (sql == "-") {
    sql.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    ThrowIfInterrupted();
  }
  // A file appears whole or not at all (AtomicFileWriter); stdout gets each result as
  // soon as it is ready.
  std::unique_ptr<io::AtomicFileWriter> file;
  if (!command.output.empty()) file = std::make_unique<io::AtomicFileWriter>(command.output);
  for (const auto& statement : sql::ParseStatements(sql)) {
    ThrowIfInterrupted();
    engine::QueryResult result = engine.Execute(sql, *statement);
    if (result.schema.num_fields() == 0) continue;  // SET TIME ZONE …
    if (file == nullptr) {
      WriteResult(result, format, !command.no_header, std::cout);
      std::cout.flush();
      if (!std::cout) throw IOError("stdout: write failed");
    } else {
      std::ostringstream text;
      WriteResult(result, format, !command.no_header, text);
      file->Write(text.str());
    }
  }
  if (file != nullptr) file->Commit();
  return 0;
}

}  // namespace sluice::cli
