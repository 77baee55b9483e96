#pragma once
// The subcommands of `sluice`: their flags and their entry points. One file per
// command (schema_command.cpp, convert_command.cpp, query_command.cpp).

#include <cstdint>
#include <string>

#include "cli/input_flags.h"

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
  std::string time_zone;
  bool no_header = false;
};
void RegisterQueryCommand(CLI::App* parent, QueryCommand* command);
int RunQueryCommand(const QueryCommand& command);

/// Every command's flags, filled by CLI11 while parsing.
struct CommandSet {
  SchemaCommand schema;
  ConvertCommand convert;
  QueryCommand query;
};

void RegisterCommands(CLI::App* app, CommandSet* commands);
/// Runs the subcommand that was parsed; returns the exit code.
int RunCommand(const CommandSet& commands, const CLI::App& app);

}  // namespace sluice::cli
