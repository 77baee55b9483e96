#pragma once
// The subcommands of `sluice`: their flags and their entry points. One file per
// command (schema_command.cpp, convert_command.cpp, query_command.cpp, sql_shell.cpp).

#include <cstdint>
#include <string>
#include <vector>

#include "cli/engine_flags.h"
#include "cli/input_flags.h"
#include "cli/lake_flags.h"
#include "cli/query_catalog.h"

namespace CLI {
class App;
}

namespace sluice::cli {

/// `sluice schema FILE`: detected format, dialect and inferred schema.
struct SchemaCommand {
  CLI::App* app = nullptr;
  std::string input;
  std::string from;
  DataFlags flags;
};
void RegisterSchemaCommand(CLI::App* parent, SchemaCommand* command);
int RunSchemaCommand(const SchemaCommand& command);

/// `sluice convert INPUT OUTPUT`: between CSV dialects, JSON lines and Parquet, to one
/// file or a Hive-style partitioned folder tree.
struct ConvertCommand {
  CLI::App* app = nullptr;
  std::string input;
  std::string output;
  std::string from;
  std::string to;
  std::string compression = "auto";
  int compression_level = 0;
  int64_t row_group_size = 0;   ///< 0: the Parquet writer's default.
  int64_t row_group_bytes = 0;  ///< 0: the Parquet writer's default.
  int64_t page_size = 0;        ///< 0: the Parquet writer's default.
  int parquet_version = 1;     ///< 1: PLAIN/dictionary; 2: also DELTA encodings.
  std::string partition_by;
  bool quiet = false;
  DataFlags flags;
};
void RegisterConvertCommand(CLI::App* parent, ConvertCommand* command);
int RunConvertCommand(const ConvertCommand& command);

/// `sluice query "SQL"`: runs statements and prints their results.
struct QueryCommand {
  CLI::App* app = nullptr;
  std::string sql;
  std::string format = "table";
  std::string output;
  bool no_header = false;
  EngineFlags engine;
  QueryCatalogFlags catalog;  ///< --lake, --database (query_catalog.h).
};
void RegisterQueryCommand(CLI::App* parent, QueryCommand* command);
int RunQueryCommand(const QueryCommand& command);

/// `sluice sql`: the interactive SQL shell (statements from a pipe without a terminal).
struct SqlShellCommand {
  CLI::App* app = nullptr;
  std::string format = "table";
  size_t max_rows = 40;  ///< Rows a table shows (0: all).
  std::string history;   ///< History file; default ~/.sluice_history.
  EngineFlags engine;
  QueryCatalogFlags catalog;  ///< --lake, --database (query_catalog.h).
};
void RegisterSqlShellCommand(CLI::App* parent, SqlShellCommand* command);
int RunSqlShellCommand(const SqlShellCommand& command);

/// `sluice init DIR`: scaffolds a lake (init_command.cpp).
struct InitCommand {
  CLI::App* app = nullptr;
  std::string dir;
  std::string name;
  std::vector<std::string> zones;  ///< Empty: drop, raw, curated.
  std::string catalog;             ///< Empty: sqlite.
  std::string catalog_schema;      ///< Empty: sluice.
};
void RegisterInitCommand(CLI::App* parent, InitCommand* command);
int RunInitCommand(const InitCommand& command);

/// `sluice catalog databases | tables [DB] | describe DB.TABLE | partitions DB.TABLE |
/// versions DB.TABLE | runs`: the lake's catalog as a table or JSON (catalog_command.cpp).
struct CatalogCommand {
  CLI::App* app = nullptr;
  CLI::App* databases = nullptr;
  CLI::App* tables = nullptr;
  CLI::App* describe = nullptr;
  CLI::App* partitions = nullptr;
  CLI::App* versions = nullptr;
  CLI::App* runs = nullptr;
  std::string target;  ///< tables: DB (optional); describe, partitions, versions: DB.TABLE.
  std::string format = "table";
  size_t limit = 20;   ///< runs: at most this many, newest first (0: all).
  std::string kind;    ///< runs: only this kind.
  std::string name;    ///< runs: only this crawler's.
  LakeFlags lake;
};
void RegisterCatalogCommand(CLI::App* parent, CatalogCommand* command);
int RunCatalogCommand(const CatalogCommand& command);

/// `sluice crawl NAME | --path DIR --database DB …`: runs a crawler and prints what
/// changed (crawl_command.cpp).
struct CrawlCommand {
  CLI::App* app = nullptr;
  std::string name;          ///< A crawler of sluice.yaml.
  std::string path;          ///< Ad hoc: the folder to crawl.
  std::string database;      ///< Ad hoc: the tables' database.
  std::string crawler_name;  ///< Ad hoc: --name (default from path and database).
  std::string table_prefix;
  std::vector<std::string> exclude;
  std::string schema_change;  ///< Empty: update.
  std::string deletion;       ///< Empty: delete.
  bool table_per_folder = false;
  int table_level = 0;
  std::vector<std::string> csv;  ///< key=value forced CSV options.
  bool partition_discovery = false;
  bool full = false;
  std::string format = "table";
  LakeFlags lake;
};
void RegisterCrawlCommand(CLI::App* parent, CrawlCommand* command);
int RunCrawlCommand(const CrawlCommand& command);

/// `sluice job run|validate|runs|show|bookmark …`: ETL jobs (job_command.cpp).
struct JobCommand {
  CLI::App* app = nullptr;
  CLI::App* run = nullptr;
  CLI::App* validate = nullptr;
  CLI::App* runs = nullptr;
  CLI::App* show = nullptr;
  CLI::App* bookmark = nullptr;
  CLI::App* bookmark_show = nullptr;
  CLI::App* bookmark_reset = nullptr;
  std::string job;                ///< NAME (jobs/NAME.yaml) or FILE.
  std::vector<std::string> args;  ///< --arg name=value.
  int64_t run_id = 0;             ///< show RUN_ID.
  int64_t to_run = 0;             ///< bookmark reset --to-run N (0: forget all).
  std::string source;             ///< bookmark reset --source S.
  size_t limit = 20;
  std::string format = "table";
  bool quiet = false;
  LakeFlags lake;
};
void RegisterJobCommand(CLI::App* parent, JobCommand* command);
int RunJobCommand(const JobCommand& command);

/// Every command's flags, filled by CLI11 while parsing.
struct CommandSet {
  SchemaCommand schema;
  ConvertCommand convert;
  QueryCommand query;
  SqlShellCommand sql;
  InitCommand init;
  CatalogCommand catalog;
  CrawlCommand crawl;
  JobCommand job;
};

void RegisterCommands(CLI::App* app, CommandSet* commands);
/// Runs the subcommand that was parsed; returns the exit code.
int RunCommand(const CommandSet& commands, const CLI::App& app);

}  // namespace sluice::cli
