// `sluice catalog databases | tables [DB] | describe DB.TABLE | partitions DB.TABLE |
// versions DB.TABLE | runs`: what the lake's catalog holds, as aligned tables (the
// query result printer) or as one JSON document (--format json).

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "catalog/model.h"
#include "catalog/store.h"
#include "cli/commands.h"
#include "cli/result_format.h"
#include "core/chunk.h"
#include "core/error.h"

namespace sluice::cli {
namespace {

/// Keys in the order written (name first), not sorted.
using json = nlohmann::ordered_json;

/// A listing printed through WriteResult: text and number columns, NULL where a value
/// is unknown.
class Listing {
 public:
  using Cell = std::variant<std::monostate, std::string, int64_t>;

  /// `numbers[i]`: column i holds numbers (right-aligned).
  Listing(std::vector<std::string> names, std::vector<bool> numbers) {
    for (size_t i = 0; i < names.size(); ++i) {
      schema_.AddField({names[i], numbers[i] ? DataType::BigInt() : DataType::Varchar()});
    }
  }

  void AddRow(std::vector<Cell> row) {
    SLUICE_ASSERT(row.size() == schema_.num_fields(), "a listing row has one cell per column");
    rows_.push_back(std::move(row));
  }

  void Write(ResultFormat format, std::ostream& out) const {
    engine::QueryResult result;
    result.schema = schema_;
    for (size_t start = 0; start < rows_.size(); start += kChunkCapacity) {
      size_t count = std::min(kChunkCapacity, rows_.size() - start);
      Chunk chunk(schema_.types());
      for (size_t r = 0; r < count; ++r) {
        for (size_t c = 0; c < schema_.num_fields(); ++c) SetCell(rows_[start + r][c], &chunk.column(c), r);
      }
      chunk.set_size(count);
      result.chunks.push_back(std::move(chunk));
    }
    WriteResult(result, format, /*header=*/true, out);
  }

 private:
  static void SetCell(const Cell& cell, Vector* vector, size_t row) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
      vector->SetString(row, *text);
    } else if (const auto* number = std::get_if<int64_t>(&cell)) {
      vector->data<int64_t>()[row] = *number;
    } else {
      vector->SetNull(row);
    }
  }

  Schema schema_;
  std::vector<std::vector<Cell>> rows_;
};

/// -1 (unknown) as NULL.
Listing::Cell Count(int64_t value) {
  if (value < 0) return std::monostate{};
  return value;
}

json JsonCount(int64_t value) { return value < 0 ? json(nullptr) : json(value); }

/// "2026-11-22 10:15:03" (UTC); "" for 0.
std::string DisplayTime(catalog::Micros micros) {
  if (micros == 0) return "";
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &parts);
  return buffer;
}

/// "2026-11-22T10:15:03.123456Z"; null for 0.
json JsonTime(catalog::Micros micros) {
  if (micros == 0) return nullptr;
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[48];
  size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &parts);
  std::snprintf(buffer + length, sizeof buffer - length, ".%06lldZ", static_cast<long long>(micros % 1000000));
  return std::string(buffer);
}

std::string ToLower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

/// "external", "managed", "view".
std::string KindLabel(catalog::TableKind kind) {
  switch (kind) {
    case catalog::TableKind::kExternal: return "external";
    case catalog::TableKind::kManaged: return "managed";
    case catalog::TableKind::kView: return "view";
  }
  return "external";
}

/// "delimiter='|', header=true": values holding separators (or nothing) are quoted.
std::string JoinOptions(const std::map<std::string, std::string>& options) {
  std::string text;
  for (const auto& [key, value] : options) {
    bool quote = value.empty() || value.find_first_of(", ='\t") != std::string::npos;
    text += (text.empty() ? "" : ", ") + key + "=" + (quote ? "'" + value + "'" : value);
  }
  return text;
}

std::string ColumnList(const std::vector<catalog::Column>& columns) {
  std::string text;
  for (const auto& column : columns) text += (text.empty() ? "" : ", ") + column.name + " " + column.type.ToString();
  return text;
}

json ColumnsJson(const std::vector<catalog::Column>& columns) {
  json list = json::array();
  for (const auto& column : columns) {
    list.push_back({{"name", column.name}, {"type", column.type.ToString()}, {"comment", column.comment}});
  }
  return list;
}

json TableJson(const catalog::Table& table) {
  return {{"database", table.database},
          {"name", table.name},
          {"kind", KindLabel(table.kind)},
          {"columns", ColumnsJson(table.columns)},
          {"partition_keys", ColumnsJson(table.partition_keys)},
          {"location", table.location},
          {"format", std::string(catalog::StorageFormatName(table.format))},
          {"format_options", table.format_options},
          {"parameters", table.parameters},
          {"owner", table.owner},
          {"comment", table.comment},
          {"view_sql", table.view_sql},
          {"created", JsonTime(table.created)},
          {"updated", JsonTime(table.updated)},
          {"version", table.version},
          {"stats",
           {{"files", JsonCount(table.stats.files)},
            {"bytes", JsonCount(table.stats.bytes)},
            {"rows", JsonCount(table.stats.rows)}}}};
}

/// What changed from one version to the next: "+x bigint, -y, z integer → bigint".
std::string ChangeSummary(const catalog::TableVersion& version) {
  if (version.version == 1 || (version.old_columns.empty() && version.old_partition_keys.empty())) {
    std::string text = "created: " + ColumnList(version.new_columns);
    if (!version.new_partition_keys.empty()) text += "; partitioned by " + ColumnList(version.new_partition_keys);
    return text;
  }
  std::vector<std::string> changes;
  for (const auto& column : version.new_columns) {
    auto old = std::find_if(version.old_columns.begin(), version.old_columns.end(),
                            [&](const catalog::Column& c) { return c.name == column.name; });
    if (old == version.old_columns.end()) {
      changes.push_back("+" + column.name + " " + column.type.ToString());
    } else if (old->type != column.type) {
      changes.push_back(column.name + " " + old->type.ToString() + " \u2192 " + column.type.ToString());
    }
  }
  for (const auto& column : version.old_columns) {
    bool kept = std::any_of(version.new_columns.begin(), version.new_columns.end(),
                            [&](const catalog::Column& c) { return c.name == column.name; });
    if (!kept) changes.push_back("-" + column.name);
  }
  if (version.old_partition_keys != version.new_partition_keys) {
    changes.push_back("partition keys (" + ColumnList(version.old_partition_keys) + ") \u2192 (" +
                      ColumnList(version.new_partition_keys) + ")");
  }
  if (changes.empty()) return "columns reordered or comments changed";
  std::string text;
  for (const std::string& change : changes) text += (text.empty() ? "" : ", ") + change;
  return text;
}

/// DB.TABLE, names lower-cased as the catalog stores them.
std::pair<std::string, std::string> ParseTableName(const std::string& text) {
  size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() || text.find('.', dot + 1) != std::string::npos) {
    throw InvalidArgumentError("expected DB.TABLE (e.g. raw.events), got '" + text + "'");
  }
  return {ToLower(text.substr(0, dot)), ToLower(text.substr(dot + 1))};
}

void RequireDatabase(catalog::CatalogReader& catalog, const std::string& database) {
  if (!catalog.GetDatabase(database).has_value()) {
    throw CatalogError("database '" + database + "' does not exist (`sluice catalog databases` lists them)");
  }
}

catalog::Table RequireTable(catalog::CatalogReader& catalog, const std::string& target) {
  auto [database, name] = ParseTableName(target);
  RequireDatabase(catalog, database);
  std::optional<catalog::Table> table = catalog.GetTable(database, name);
  if (!table.has_value()) {
    throw CatalogError("table " + database + "." + name + " does not exist (`sluice catalog tables " + database +
                       "` lists them)");
  }
  return *table;
}

/// Prints a JSON document (pretty, one trailing newline).
void PrintJson(const json& document) { std::cout << document.dump(2) << "\n"; }

void ListDatabases(catalog::CatalogStore& catalog, std::optional<ResultFormat> format) {
  auto databases = catalog.ListDatabases();
  if (!format) {
    json list = json::array();
    for (const auto& database : databases) {
      list.push_back({{"name", database.name},
                      {"description", database.description},
                      {"location", database.location},
                      {"parameters", database.parameters},
                      {"created", JsonTime(database.created)},
                      {"tables", catalog.ListTables(database.name).size()}});
    }
    return PrintJson(list);
  }
  Listing listing({"database", "location", "tables", "description"}, {false, false, true, false});
  for (const auto& database : databases) {
    listing.AddRow({database.name, database.location, static_cast<int64_t>(catalog.ListTables(database.name).size()),
                    database.description});
  }
  listing.Write(*format, std::cout);
}

void ListTables(catalog::CatalogStore& catalog, const std::string& only, std::optional<ResultFormat> format) {
  std::vector<catalog::Table> tables;
  if (!only.empty()) {
    RequireDatabase(catalog, ToLower(only));
    tables = catalog.ListTables(ToLower(only));
  } else {
    for (const auto& database : catalog.ListDatabases()) {
      for (auto& table : catalog.ListTables(database.name)) tables.push_back(std::move(table));
    }
  }
  if (!format) {
    json list = json::array();
    for (const auto& table : tables) list.push_back(TableJson(table));
    return PrintJson(list);
  }
  Listing listing({"database", "table", "kind", "format", "columns", "partitioned_by", "location", "version", "updated"},
                  {false, false, false, false, true, false, false, true, false});
  for (const auto& table : tables) {
    std::string keys;
    for (const auto& key : table.partition_keys) keys += (keys.empty() ? "" : ", ") + key.name;
    listing.AddRow({table.database, table.name, KindLabel(table.kind),
                    table.kind == catalog::TableKind::kView ? "" : std::string(catalog::StorageFormatName(table.format)),
                    static_cast<int64_t>(table.columns.size()), keys, table.location, table.version,
                    DisplayTime(table.updated)});
  }
  listing.Write(*format, std::cout);
}

void Describe(catalog::CatalogStore& catalog, const std::string& target, std::optional<ResultFormat> format) {
  catalog::Table table = RequireTable(catalog, target);
  size_t num_partitions = table.is_partitioned() ? catalog.ListPartitions(table.database, table.name).size() : 0;
  if (!format) {
    json document = TableJson(table);
    document["partitions"] = num_partitions;
    return PrintJson(document);
  }
  std::cout << "Table " << table.QualifiedName() << " (" << KindLabel(table.kind) << ")\n";
  Listing columns({"column", "type", "partition_key", "comment"}, {false, false, false, false});
  for (const auto& column : table.columns) columns.AddRow({column.name, column.type.ToString(), "", column.comment});
  for (const auto& column : table.partition_keys) {
    columns.AddRow({column.name, column.type.ToString(), "yes", column.comment});
  }
  columns.Write(*format, std::cout);
  std::cout << "\n";
  Listing properties({"property", "value"}, {false, false});
  auto add = [&](const std::string& name, const std::string& value) {
    if (!value.empty()) properties.AddRow({name, value});
  };
  add("location", table.location);
  if (table.kind != catalog::TableKind::kView) add("format", std::string(catalog::StorageFormatName(table.format)));
  add("format_options", JoinOptions(table.format_options));
  add("parameters", JoinOptions(table.parameters));
  add("owner", table.owner);
  add("comment", table.comment);
  add("view_sql", table.view_sql);
  add("created", DisplayTime(table.created) + (table.created ? " UTC" : ""));
  add("updated", DisplayTime(table.updated) + (table.updated ? " UTC" : ""));
  add("version", std::to_string(table.version));
  if (table.is_partitioned()) add("partitions", std::to_string(num_partitions));
  auto stat = [](int64_t value) { return value < 0 ? std::string("?") : std::to_string(value); };
  if (!table.is_partitioned() && table.kind != catalog::TableKind::kView) {
    add("files / bytes / rows", stat(table.stats.files) + " / " + stat(table.stats.bytes) + " / " + stat(table.stats.rows));
  }
  properties.Write(*format, std::cout);
}

void ListPartitions(catalog::CatalogStore& catalog, const std::string& target, std::optional<ResultFormat> format) {
  catalog::Table table = RequireTable(catalog, target);
  auto partitions = catalog.ListPartitions(table.database, table.name);
  if (!format) {
    json list = json::array();
    for (const auto& partition : partitions) {
      json values = json::object();
      for (size_t i = 0; i < partition.values.size() && i < table.partition_keys.size(); ++i) {
        values[table.partition_keys[i].name] = partition.values[i];
      }
      list.push_back({{"values", values},
                      {"location", partition.location},
                      {"files", JsonCount(partition.stats.files)},
                      {"bytes", JsonCount(partition.stats.bytes)},
                      {"rows", JsonCount(partition.stats.rows)},
                      {"deprecated", partition.deprecated},
                      {"created", JsonTime(partition.created)},
                      {"updated", JsonTime(partition.updated)}});
    }
    return PrintJson(list);
  }
  if (!table.is_partitioned()) {
    std::cerr << "table " << table.QualifiedName() << " is not partitioned\n";
  }
  std::vector<std::string> names;
  std::vector<bool> numbers;
  for (const auto& key : table.partition_keys) {
    names.push_back(key.name);
    numbers.push_back(false);
  }
  for (const char* name : {"location", "files", "bytes", "rows", "deprecated", "updated"}) {
    names.push_back(name);
    numbers.push_back(std::string(name) == "files" || std::string(name) == "bytes" || std::string(name) == "rows");
  }
  Listing listing(names, numbers);
  for (const auto& partition : partitions) {
    std::vector<Listing::Cell> row;
    for (size_t i = 0; i < table.partition_keys.size(); ++i) {
      row.push_back(i < partition.values.size() ? Listing::Cell(partition.values[i]) : Listing::Cell());
    }
    row.push_back(partition.location);
    row.push_back(Count(partition.stats.files));
    row.push_back(Count(partition.stats.bytes));
    row.push_back(Count(partition.stats.rows));
    row.push_back(std::string(partition.deprecated ? "yes" : ""));
    row.push_back(DisplayTime(partition.updated));
    listing.AddRow(std::move(row));
  }
  listing.Write(*format, std::cout);
}

void ListVersions(catalog::CatalogStore& catalog, const std::string& target, std::optional<ResultFormat> format) {
  catalog::Table table = RequireTable(catalog, target);
  auto versions = catalog.ListVersions(table.database, table.name);
  if (!format) {
    json list = json::array();
    for (const auto& version : versions) {
      list.push_back({{"version", version.version},
                      {"time", JsonTime(version.time)},
                      {"cause",
                       {{"kind", version.cause.kind},
                        {"detail", version.cause.detail},
                        {"run_id", version.cause.run_id == 0 ? json(nullptr) : json(version.cause.run_id)}}},
                      {"old_columns", ColumnsJson(version.old_columns)},
                      {"new_columns", ColumnsJson(version.new_columns)},
                      {"old_partition_keys", ColumnsJson(version.old_partition_keys)},
                      {"new_partition_keys", ColumnsJson(version.new_partition_keys)},
                      {"change", ChangeSummary(version)}});
    }
    return PrintJson(list);
  }
  Listing listing({"version", "time", "cause", "detail", "run", "change"}, {true, false, false, false, true, false});
  for (const auto& version : versions) {
    listing.AddRow({version.version, DisplayTime(version.time), version.cause.kind, version.cause.detail,
                    version.cause.run_id == 0 ? Listing::Cell() : Listing::Cell(version.cause.run_id),
                    ChangeSummary(version)});
  }
  listing.Write(*format, std::cout);
}

void ListRuns(catalog::CatalogStore& catalog, const CatalogCommand& command, std::optional<ResultFormat> format) {
  size_t limit = command.limit == 0 ? static_cast<size_t>(-1) : command.limit;
  auto runs = catalog.ListRuns(command.kind, command.name, limit);
  if (!format) {
    json list = json::array();
    for (const auto& run : runs) {
      json details = json::parse(run.details_json, nullptr, /*allow_exceptions=*/false);
      if (details.is_discarded()) details = run.details_json.empty() ? json(nullptr) : json(run.details_json);
      list.push_back({{"id", run.id},
                      {"kind", run.kind},
                      {"name", run.name},
                      {"status", run.status},
                      {"started", JsonTime(run.started)},
                      {"finished", JsonTime(run.finished)},
                      {"summary", run.summary},
                      {"details", details}});
    }
    return PrintJson(list);
  }
  Listing listing({"id", "kind", "name", "status", "started", "seconds", "summary"},
                  {true, false, false, false, false, false, false});
  for (const auto& run : runs) {
    std::string seconds;
    if (run.finished != 0) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.2f", static_cast<double>(run.finished - run.started) / 1e6);
      seconds = buffer;
    }
    listing.AddRow({run.id, run.kind, run.name, run.status, DisplayTime(run.started), seconds, run.summary});
  }
  listing.Write(*format, std::cout);
}

/// --format: nullopt for json (one document), else a printer format.
std::optional<ResultFormat> ParseCatalogFormat(const std::string& name) {
  if (name == "json") return std::nullopt;
  if (name == "table" || name == "csv" || name == "tsv" || name == "jsonl") return ParseResultFormat(name);
  throw InvalidArgumentError("--format: unknown format '" + name + "' (table, json, csv, tsv, jsonl)");
}

/// Adds the flags every `sluice catalog` subcommand takes.
void AddCommonFlags(CLI::App* app, CatalogCommand* command) {
  app->add_option("--format", command->format, "Output: table (default), json (one document), csv, tsv, jsonl");
  AddLakeFlags(app, &command->lake);
}

}  // namespace

void RegisterCatalogCommand(CLI::App* parent, CatalogCommand* command) {
  CLI::App* app = parent->add_subcommand("catalog", "Show the lake's catalog: databases, tables, partitions, versions, runs");
  command->app = app;
  app->require_subcommand(1);
  // Before the subcommand (`catalog --lake L tables`) or after it (`catalog tables --lake L`).
  AddCommonFlags(app, command);
  command->databases = app->add_subcommand("databases", "The catalog's databases (one per zone, and any created)");
  AddCommonFlags(command->databases, command);
  command->tables = app->add_subcommand("tables", "Tables and views, of one database or of all");
  command->tables->add_option("database", command->target, "Only this database");
  AddCommonFlags(command->tables, command);
  command->describe = app->add_subcommand("describe", "A table's columns, partition keys, location, format and properties");
  command->describe->add_option("table", command->target, "DB.TABLE")->required();
  AddCommonFlags(command->describe, command);
  command->partitions = app->add_subcommand("partitions", "A table's partitions with their locations and statistics");
  command->partitions->add_option("table", command->target, "DB.TABLE")->required();
  AddCommonFlags(command->partitions, command);
  command->versions = app->add_subcommand("versions", "A table's schema versions: when, what changed, what made it");
  command->versions->add_option("table", command->target, "DB.TABLE")->required();
  AddCommonFlags(command->versions, command);
  command->runs = app->add_subcommand("runs", "Recorded runs (crawls), newest first");
  command->runs->add_option("--limit", command->limit, "At most N runs (default 20; 0: all)");
  command->runs->add_option("--kind", command->kind, "Only runs of this kind (crawl)");
  command->runs->add_option("--name", command->name, "Only runs of this crawler");
  AddCommonFlags(command->runs, command);
  app->footer(
      "The lake is --lake DIR, else $SLUICE_LAKE, else the nearest folder upward holding sluice.yaml.\n"
      "Examples:\n"
      "  sluice catalog databases\n"
      "  sluice catalog tables raw\n"
      "  sluice catalog describe raw.events --format json\n"
      "  sluice catalog partitions raw.events\n"
      "  sluice catalog versions raw.events\n"
      "  sluice catalog runs --limit 5");
}

int RunCatalogCommand(const CatalogCommand& command) {
  std::optional<ResultFormat> format = ParseCatalogFormat(command.format);
  auto lake = OpenLake(command.lake);
  catalog::CatalogStore& catalog = lake->catalog();
  if (command.databases->parsed()) ListDatabases(catalog, format);
  else if (command.tables->parsed()) ListTables(catalog, command.target, format);
  else if (command.describe->parsed()) Describe(catalog, command.target, format);
  else if (command.partitions->parsed()) ListPartitions(catalog, command.target, format);
  else if (command.versions->parsed()) ListVersions(catalog, command.target, format);
  else if (command.runs->parsed()) ListRuns(catalog, command, format);
  std::cout.flush();
  if (!std::cout) throw IOError("stdout: write failed");
  return 0;
}

}  // namespace sluice::cli
