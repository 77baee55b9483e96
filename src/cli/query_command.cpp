// `sluice query "SQL"`: runs SQL statements over files and prints their results.

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands.h"
#include "cli/result_format.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "engine/query_engine.h"
#include "sql/parser/parser.h"

namespace sluice::cli {

void RegisterQueryCommand(CLI::App* parent, QueryCommand* command) {
  CLI::App* app = parent->add_subcommand("query", "Run SQL (Trino/Athena dialect) over CSV, JSON lines and Parquet files");
  command->app = app;
  app->add_option("sql", command->sql, "Statements separated by ';', or - to read them from stdin")->required();
  app->add_option("--format", command->format, "Output: table (default), csv, tsv, jsonl");
  app->add_option("--output,-o", command->output, "Write results to FILE instead of stdout");
  app->add_option("--time-zone", command->time_zone, "Session time zone (default UTC)");
  app->add_flag("--no-header", command->no_header, "Omit the header line (table, csv, tsv)");
  app->footer(
      "Examples:\n"
      "  sluice query \"SELECT city, count(*) FROM read_csv('people.csv') GROUP BY city ORDER BY 2 DESC\"\n"
      "  sluice query \"EXPLAIN SELECT * FROM read_parquet('events.parquet') WHERE id > 10\"\n"
      "  echo \"SELECT 1 AS x FROM read_csv('people.csv') LIMIT 1\" | sluice query - --format tsv");
}

int RunQueryCommand(const QueryCommand& command) {
  ResultFormat format = ParseResultFormat(command.format);
  std::string sql = command.sql;
  if (sql == "-") sql.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  engine::QueryEngine engine;
  if (!command.time_zone.empty() && !LookupTimeZone(command.time_zone, &engine.session().time_zone)) {
    throw InvalidArgumentError("--time-zone: unknown time zone '" + command.time_zone + "'");
  }
  std::ofstream file;
  if (!command.output.empty()) {
    file.open(command.output, std::ios::binary | std::ios::trunc);
    if (!file) throw IOError(command.output + ": cannot open for writing");
  }
  std::ostream& out = command.output.empty() ? std::cout : file;
  for (const auto& statement : sql::ParseStatements(sql)) {
    engine::QueryResult result = engine.Execute(sql, *statement);
    if (result.schema.num_fields() == 0) continue;  // SET TIME ZONE …
    WriteResult(result, format, !command.no_header, out);
  }
  out.flush();
  if (!out) throw IOError((command.output.empty() ? std::string("stdout") : command.output) + ": write failed");
  return 0;
}

}  // namespace sluice::cli
