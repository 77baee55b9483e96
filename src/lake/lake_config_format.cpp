// Writing sluice.yaml: the text `sluice init` leaves in a new lake, with a comment on
// every key so that the file documents itself.

#include <algorithm>
#include <cctype>
#include <string>

#include "core/string_escape.h"
#include "lake/lake.h"

namespace sluice::lake {
namespace {

/// Plain YAML scalars that would not read back as the same string.
bool IsReservedWord(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}) {
    if (text == word) return true;
  }
  return false;
}

/// `text` as a YAML scalar: plain when that reads back unchanged, else double-quoted.
std::string Quote(const std::string& text) {
  bool plain = !text.empty() && !IsReservedWord(text) &&
               std::isalpha(static_cast<unsigned char>(text[0])) != 0 &&
               std::all_of(text.begin(), text.end(), [](unsigned char c) {
                 return std::isalnum(c) != 0 || c == '_' || c == '.' || c == '/' || c == '-';
               });
  if (plain) return text;
  return DoubleQuoted(text, ControlEscape::kHex);
}

std::string FlowList(const std::vector<std::string>& items) {
  std::string text = "[";
  for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + Quote(items[i]);
  return text + "]";
}

/// "key: value" padded so that the comment starts in one column.
std::string Line(const std::string& indent, const std::string& key_value, const std::string& comment) {
  std::string text = indent + key_value;
  if (!comment.empty()) {
    text.resize(std::max<size_t>(text.size() + 2, 32), ' ');
    text += "# " + comment;
  }
  return text + "\n";
}

std::string FormatCrawler(const CrawlerConfig& crawler) {
  const std::string indent = "    ";
  std::string text;
  text += Line("  - ", "name: " + Quote(crawler.name), "`sluice crawl " + crawler.name + "`");
  text += Line(indent, "path: " + Quote(crawler.path), "the folder to crawl, relative to the lake");
  text += Line(indent, "database: " + Quote(crawler.database), "the catalog database its tables go to");
  text += Line(indent, "table_prefix: " + (crawler.table_prefix.empty() ? "\"\"" : Quote(crawler.table_prefix)),
               "put before every table name it makes");
  text += Line(indent, "exclude: " + FlowList(crawler.exclude), "globs under path to skip, e.g. [\"**/_tmp/**\"]");
  text += Line(indent, "schema_change: " + std::string(SchemaChangePolicyName(crawler.schema_change)),
               "update | add_new_columns | log");
  text += Line(indent, "deletion: " + std::string(DeletionPolicyName(crawler.deletion)),
               "delete | deprecate | ignore (partitions whose folders went away)");
  text += Line(indent, std::string("table_per_folder: ") + (crawler.table_per_folder ? "true" : "false"),
               "true: every folder holding files is its own table");
  if (crawler.table_level != 0) {
    text += Line(indent, "table_level: " + std::to_string(crawler.table_level),
                 "tables at this depth below path (Glue's table level)");
  } else {
    text += Line(indent, "# table_level: 1", "or: tables at this depth below path (Glue's table level)");
  }
  if (!crawler.csv.empty()) {
    std::string csv = "csv: {";
    bool first = true;
    for (const auto& [key, value] : crawler.csv) {
      csv += (first ? "" : ", ") + key + ": " + (value.empty() ? "\"\"" : Quote(value));
      first = false;
    }
    text += Line(indent, csv + "}", "forced CSV options (not sniffed)");
  } else {
    text += Line(indent, "# csv: {preset: redshift-unload}", "force a CSV dialect instead of sniffing it");
  }
  text += Line(indent, std::string("partition_discovery: ") + (crawler.partition_discovery ? "true" : "false"),
               "true: its tables find new key=value folders at query time");
  return text;
}

std::string FormatConnections(const LakeConfig& config) {
  std::string text;
  text += "\n# Named PostgreSQL servers that jobs read from and load into. Never write a\n";
  text += "# password here: name an environment variable or a file outside the lake.\n";
  if (config.connections.empty()) {
    text += "connections: {}\n";
    text += "#   warehouse:\n";
    text += "#     url: \"postgresql://etl@db.internal:5432/analytics\"\n";
    text += "#     password_env: WAREHOUSE_PASSWORD         # or password_file: /etc/sluice/warehouse.password\n";
  } else {
    text += "connections:\n";
    for (const ConnectionConfig& connection : config.connections) {
      text += "  " + Quote(connection.name) + ":\n";
      text += Line("    ", "url: " + Quote(connection.url), "user@host:port/db, no password");
      if (!connection.password_env.empty()) {
        text += Line("    ", "password_env: " + Quote(connection.password_env), "the variable holding the password");
      }
      if (!connection.password_file.empty()) {
        text += Line("    ", "password_file: " + Quote(connection.password_file), "the file holding the password");
      }
    }
  }
  text += "\n# Secrets by name (e.g. a pii step's key_secret): the environment variable of that\n";
  text += "# name, else the NAME=VALUE line of this file (absolute, outside the lake;\n";
  text += "# $SLUICE_SECRETS_FILE overrides it).\n";
  if (config.secrets_file.empty()) {
    text += "# secrets_file: /etc/sluice/secrets\n";
  } else {
    text += "secrets_file: " + Quote(config.secrets_file) + "\n";
  }
  return text;
}

}  // namespace

std::string FormatLakeConfig(const LakeConfig& config) {
  std::string text;
  text += "# sluice.yaml: the config of this lake. docs/LAKE.md describes every key.\n";
  text += "# Paths are relative to this folder; nothing may point outside it unless it lies\n";
  text += "# under one of external_locations.\n\n";
  text += "# The lake's name.\n";
  text += "name: " + (config.name.empty() ? "\"\"" : Quote(config.name)) + "\n\n";
  text += "# Where the catalog lives: sqlite (.sluice/catalog.db inside the lake), or a\n";
  text += "# PostgreSQL database shared by a team: postgresql://user@host:5432/db. Never\n";
  text += "# write the password here: set SLUICE_CATALOG_PASSWORD (or PGPASSWORD, ~/.pgpass).\n";
  text += "catalog: " + Quote(config.catalog) + "\n";
  text += Line("", (config.catalog_schema == "sluice" ? "# " : "") + std::string("catalog_schema: ") +
                       Quote(config.catalog_schema),
               "PostgreSQL schema holding the catalog's tables");
  text += "\n# Zones: one folder and one catalog database (same name) each.\n";
  text += "zones: " + FlowList(config.zones) + "\n\n";
  text += "# Absolute folders outside the lake that its paths may point into.\n";
  text += "external_locations: " + FlowList(config.external_locations) + "\n\n";
  text += "# Crawlers turn folders of files into catalog tables, and keep them true as data\n";
  text += "# lands: `sluice crawl NAME` (or ad hoc: `sluice crawl --path drop/x --database raw`).\n";
  if (config.crawlers.empty()) {
    text += "crawlers: []\n";
  } else {
    text += "crawlers:\n";
    for (size_t i = 0; i < config.crawlers.size(); ++i) {
      if (i > 0) text += "\n";
      text += FormatCrawler(config.crawlers[i]);
    }
  }
  text += FormatConnections(config);
  return text;
}

}  // namespace sluice::lake
