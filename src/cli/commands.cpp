#include "cli/commands.h"

#include <CLI/CLI.hpp>

namespace sluice::cli {

void RegisterCommands(CLI::App* app, CommandSet* commands) {
  RegisterSchemaCommand(app, &commands->schema);
  RegisterConvertCommand(app, &commands->convert);
  RegisterQueryCommand(app, &commands->query);
  RegisterSqlShellCommand(app, &commands->sql);
  RegisterInitCommand(app, &commands->init);
  RegisterCatalogCommand(app, &commands->catalog);
  RegisterCrawlCommand(app, &commands->crawl);
  RegisterJobCommand(app, &commands->job);
}

int RunCommand(const CommandSet& commands, const CLI::App& /*app*/) {
  if (commands.schema.app->parsed()) return RunSchemaCommand(commands.schema);
  if (commands.convert.app->parsed()) return RunConvertCommand(commands.convert);
  if (commands.query.app->parsed()) return RunQueryCommand(commands.query);
  if (commands.sql.app->parsed()) return RunSqlShellCommand(commands.sql);
  if (commands.init.app->parsed()) return RunInitCommand(commands.init);
  if (commands.catalog.app->parsed()) return RunCatalogCommand(commands.catalog);
  if (commands.crawl.app->parsed()) return RunCrawlCommand(commands.crawl);
  if (commands.job.app->parsed()) return RunJobCommand(commands.job);
  return 2;
}

}  // namespace sluice::cli
