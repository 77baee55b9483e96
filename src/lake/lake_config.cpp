// Parsing sluice.yaml (yaml-cpp). Every error names the file, the line and the key,
// and for a misspelt key suggests the one meant.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "lake/crawler/csv_format_options.h"
#include "lake/lake.h"
#include "lake/paths.h"
#include "lake/yaml_reader.h"

namespace sluice::lake {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kLakeKeys = {"name",    "catalog",     "catalog_schema", "zones", "external_locations",
                                            "crawlers", "connections", "secrets_file"};
const std::vector<std::string> kConnectionKeys = {"url", "password_env", "password_file"};
const std::vector<std::string> kCrawlerKeys = {
    "name", "path", "database", "table_prefix", "exclude", "schema_change",
    "deletion", "table_per_folder", "table_level", "csv", "partition_discovery"};

/// A lower-case SQL identifier: it names a folder and a catalog database.
bool IsLowerIdentifier(const std::string& name) {
  if (name.empty() || !(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

/// A crawler name: it appears in commands and in the catalog's run records.
bool IsCrawlerName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string Normal(const std::string& path) {
  std::string text = fs::path(path).lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

bool IsPostgresUri(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

/// A PostgreSQL URL, or a libpq key=value string.
bool IsPostgresConnectionString(const std::string& url) {
  return IsPostgresUri(url) || url.find('=') != std::string::npos;
}

/// True when a PostgreSQL URL or key=value string carries a password (password=…, or
/// user:password@ in a URL's authority).
bool HoldsPassword(const std::string& url) {
  if (url.find("password=") != std::string::npos) return true;
  if (!IsPostgresUri(url)) return false;
  size_t start = url.find("://") + 3;
  size_t end = url.find_first_of("/?", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  return at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos;
}

/// Refuses a catalog: value Sluice cannot open or that holds a password.
void CheckCatalog(const YamlReader& reader, const YAML::Node& value, const std::string& catalog) {
  if (catalog != "sqlite" && !IsPostgresConnectionString(catalog)) {
    reader.Fail(value, "catalog",
                "'" + catalog + "' is not a catalog (expected sqlite, or a PostgreSQL URL postgresql://user@host:port/db)");
  }
  if (HoldsPassword(catalog)) {
    reader.Fail(value, "catalog",
                "holds a password; remove it and set SLUICE_CATALOG_PASSWORD (or PGPASSWORD, or ~/.pgpass): "
                "sluice.yaml must not hold secrets");
  }
}

/// Refuses a crawler path that leaves the lake as written (links are checked on use).
void CheckCrawlerPath(const YamlReader& reader, const YAML::Node& value, const std::string& key,
                      const std::string& path, const LakeConfig& config, std::string_view root) {
  std::string normal = Normal(path.empty() ? "." : path);
  auto outside = [&] {
    reader.Fail(value, key,
                "'" + path + "' is outside the lake; crawler paths are relative to the lake, or under one of "
                "external_locations");
  };
  if (fs::path(normal).is_absolute()) {
    // Without the root an absolute path cannot be judged here; Lake::Resolve checks
    // it when the crawler runs.
    if (root.empty()) return;
    bool allowed = PathIsUnder(normal, Normal(std::string(root)));
    for (const std::string& external : config.external_locations) allowed = allowed || PathIsUnder(normal, external);
    if (!allowed) outside();
    return;
  }
  if (normal == ".." || normal.rfind("../", 0) == 0) outside();
  if (normal == kLakePrivateDirName || normal.rfind(std::string(kLakePrivateDirName) + "/", 0) == 0) {
    reader.Fail(value, key, "'" + path + "' is Sluice's private folder, not data");
  }
}

/// A crawler's `csv:` mapping, each option checked by the crawler's own parser (whose
/// message names the key and the value).
std::map<std::string, std::string> ParseCsvOptions(const YamlReader& reader, const YAML::Node& value,
                                                   const std::string& path, const YAML::Node& key_node) {
  std::map<std::string, std::string> options;
  if (value.IsNull()) return options;
  if (!value.IsMap()) {
    reader.Fail(value, path, "expected a mapping of CSV options, got " + YamlReader::KindName(value), key_node.Mark());
  }
  for (const auto& option : value) {
    // `null: '\N'`: YAML reads the key null as a null node, not as text.
    std::string option_key = option.first.IsNull() ? "null" : option.first.Scalar();
    std::string option_path = path + "." + option_key;
    if (options.count(option_key) != 0) reader.Fail(option.first, option_path, "given twice");
    std::string text = reader.String(option.second, option_path, option.first, true);
    std::map<std::string, std::string> single;
    single.emplace(option_key, text);
    crawler::CsvReadOptionsFromMap(single, reader.Where(option.first) + ": " + path);
    options[option_key] = text;
  }
  return options;
}

CrawlerConfig ParseCrawler(const YamlReader& reader, const YAML::Node& node, const std::string& where,
                           const LakeConfig& config, std::string_view root) {
  CrawlerConfig crawler;
  std::set<std::string> given;
  reader.ForEachEntry(node, where, kCrawlerKeys, [&](const std::string& key, const YAML::Node& key_node,
                                                     const YAML::Node& value) {
    std::string path = where + "." + key;
    given.insert(key);
    if (key == "name") {
      crawler.name = reader.String(value, path, key_node, true);
      if (!IsCrawlerName(crawler.name)) {
        reader.Fail(value, path, "'" + crawler.name + "' is not a crawler name (letters, digits, _ - .)");
      }
    } else if (key == "path") {
      crawler.path = reader.String(value, path, key_node, true);
      CheckCrawlerPath(reader, value, path, crawler.path, config, root);
    } else if (key == "database") {
      crawler.database = reader.String(value, path, key_node, true);
      if (!IsLowerIdentifier(crawler.database)) {
        reader.Fail(value, path, "'" + crawler.database +
                                     "' is not a database name (lower-case letters, digits and _, not starting with a digit)");
      }
    } else if (key == "table_prefix") {
      crawler.table_prefix = reader.String(value, path, key_node);
      if (!crawler.table_prefix.empty() && !IsLowerIdentifier(crawler.table_prefix)) {
        reader.Fail(value, path, "'" + crawler.table_prefix + "' cannot start a table name (lower-case letters, digits and _)");
      }
    } else if (key == "exclude") {
      crawler.exclude = reader.StringList(value, path, key_node);
    } else if (key == "schema_change") {
      std::string text = reader.String(value, path, key_node, true);
      try {
        crawler.schema_change = ParseSchemaChangePolicy(text);
      } catch (const InvalidArgumentError& e) {
        reader.Fail(value, path, e.what());
      }
    } else if (key == "deletion") {
      std::string text = reader.String(value, path, key_node, true);
      try {
        crawler.deletion = ParseDeletionPolicy(text);
      } catch (const InvalidArgumentError& e) {
        reader.Fail(value, path, e.what());
      }
    } else if (key == "table_per_folder") {
      crawler.table_per_folder = reader.Bool(value, path, key_node);
    } else if (key == "table_level") {
      crawler.table_level = reader.Int(value, path, key_node);
    } else if (key == "csv") {
      crawler.csv = ParseCsvOptions(reader, value, path, key_node);
    } else if (key == "partition_discovery") {
      crawler.partition_discovery = reader.Bool(value, path, key_node);
    }
  });
  for (const char* required : {"name", "path", "database"}) {
    if (given.count(required) == 0) reader.Fail(node, where, std::string("missing key '") + required + "'");
  }
  if (crawler.table_per_folder && crawler.table_level != 0) {
    reader.Fail(node, where, "table_per_folder and table_level both given; use one of them");
  }
  return crawler;
}

/// An environment variable's name: letters, digits and _, not starting with a digit.
bool IsVariableName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

/// Refuses a path of a secret (a password file, the secrets file) that is relative or,
/// with `root`, inside the lake: secrets never live in the lake.
std::string CheckSecretPath(const YamlReader& reader, const YAML::Node& value, const std::string& key,
                            const std::string& path, std::string_view root) {
  if (!fs::path(path).is_absolute()) {
    reader.Fail(value, key, "'" + path + "' must be an absolute path (secrets live outside the lake)");
  }
  std::string normal = Normal(path);
  if (!root.empty() && PathIsUnder(normal, Normal(std::string(root)))) {
    reader.Fail(value, key, "'" + path + "' is inside the lake; secrets must live outside it");
  }
  return normal;
}

/// Refuses a connection url that is not PostgreSQL's or that holds a password (the
/// value is then not repeated).
void CheckConnectionUrl(const YamlReader& reader, const YAML::Node& value, const std::string& key,
                        const std::string& url) {
  if (HoldsPassword(url)) {
    reader.Fail(value, key,
                "holds a password; remove it and name the password with password_env or password_file: "
                "sluice.yaml must not hold secrets");
  }
  if (!IsPostgresConnectionString(url)) {
    reader.Fail(value, key,
                "'" + url + "' is not a PostgreSQL URL (expected postgresql://user@host:port/db or "
                "key=value pairs)");
  }
}

/// One connection; `name_node` (its name) places the errors about the whole entry.
ConnectionConfig ParseConnection(const YamlReader& reader, const YAML::Node& name_node, const YAML::Node& node,
                                 const std::string& where, std::string_view root) {
  const std::string name = name_node.Scalar();
  ConnectionConfig connection;
  connection.name = name;
  bool has_url = false;
  reader.ForEachEntry(node, where, kConnectionKeys, [&](const std::string& key, const YAML::Node& key_node,
                                                        const YAML::Node& value) {
    std::string path = where + "." + key;
    if (key == "url") {
      connection.url = reader.String(value, path, key_node, true);
      CheckConnectionUrl(reader, value, path, connection.url);
      has_url = true;
    } else if (key == "password_env") {
      connection.password_env = reader.String(value, path, key_node, true);
      if (!IsVariableName(connection.password_env)) {
        reader.Fail(value, path, "'" + connection.password_env +
                                     "' is not an environment variable name (letters, digits and _)");
      }
    } else if (key == "password_file") {
      std::string file = reader.String(value, path, key_node, true);
      connection.password_file = CheckSecretPath(reader, value, path, file, root);
    }
  });
  if (!has_url) reader.Fail(name_node, where, "missing key 'url'");
  if (!connection.password_env.empty() && !connection.password_file.empty()) {
    reader.Fail(name_node, where, "password_env and password_file both given; use one of them");
  }
  return connection;
}

/// `connections:`, a mapping of names to connections.
std::vector<ConnectionConfig> ParseConnections(const YamlReader& reader, const YAML::Node& value,
                                               const YAML::Node& key_node, std::string_view root) {
  std::vector<ConnectionConfig> connections;
  if (value.IsNull()) return connections;
  if (!value.IsMap()) {
    reader.Fail(value, "connections",
                "expected a mapping of connection names to connections (warehouse: {url: …}), got " +
                    YamlReader::KindName(value),
                key_node.Mark());
  }
  std::map<std::string, int> lines;  // connection name → line (1-based)
  for (const auto& entry : value) {
    if (!entry.first.IsScalar()) reader.Fail(entry.first, "connections", "connection names must be plain names");
    std::string name = entry.first.Scalar();
    std::string where = "connections." + name;
    if (!IsCrawlerName(name)) {
      reader.Fail(entry.first, where, "'" + name + "' is not a connection name (letters, digits, _ - .)");
    }
    auto [it, inserted] = lines.emplace(name, entry.first.Mark().line + 1);
    if (!inserted) {
      reader.Fail(entry.first, where,
                  "a connection named '" + name + "' is already defined on line " + std::to_string(it->second));
    }
    if (entry.second.IsNull()) reader.Fail(entry.first, where, "missing key 'url'");
    connections.push_back(ParseConnection(reader, entry.first, entry.second, where, root));
  }
  return connections;
}

}  // namespace

std::string_view SchemaChangePolicyName(SchemaChangePolicy policy) {
  switch (policy) {
    case SchemaChangePolicy::kUpdate: return "update";
    case SchemaChangePolicy::kAddNewColumns: return "add_new_columns";
    case SchemaChangePolicy::kLog: return "log";
  }
  return "update";
}

SchemaChangePolicy ParseSchemaChangePolicy(std::string_view name) {
  for (auto policy : {SchemaChangePolicy::kUpdate, SchemaChangePolicy::kAddNewColumns, SchemaChangePolicy::kLog}) {
    if (name == SchemaChangePolicyName(policy)) return policy;
  }
  throw InvalidArgumentError("unknown schema-change policy '" + std::string(name) +
                             "' (expected update, add_new_columns or log)");
}

std::string_view DeletionPolicyName(DeletionPolicy policy) {
  switch (policy) {
    case DeletionPolicy::kDelete: return "delete";
    case DeletionPolicy::kDeprecate: return "deprecate";
    case DeletionPolicy::kIgnore: return "ignore";
  }
  return "delete";
}

DeletionPolicy ParseDeletionPolicy(std::string_view name) {
  for (auto policy : {DeletionPolicy::kDelete, DeletionPolicy::kDeprecate, DeletionPolicy::kIgnore}) {
    if (name == DeletionPolicyName(policy)) return policy;
  }
  throw InvalidArgumentError("unknown deletion policy '" + std::string(name) +
                             "' (expected delete, deprecate or ignore)");
}

LakeConfig ParseLakeConfig(std::string_view yaml, std::string_view file, std::string_view root) {
  YamlReader reader(file);
  YAML::Node document = LoadYaml(yaml, file);
  LakeConfig config;
  if (document.IsNull()) return config;
  // Crawler paths are checked against external_locations, so read those first.
  YAML::Node crawlers;
  YAML::Node crawlers_key;
  reader.ForEachEntry(document, "", kLakeKeys, [&](const std::string& key, const YAML::Node& key_node,
                                                   const YAML::Node& value) {
    if (key == "name") {
      config.name = reader.String(value, key, key_node);
    } else if (key == "catalog") {
      config.catalog = reader.String(value, key, key_node, true);
      CheckCatalog(reader, value, config.catalog);
    } else if (key == "catalog_schema") {
      config.catalog_schema = reader.String(value, key, key_node, true);
      if (!IsLowerIdentifier(config.catalog_schema)) {
        reader.Fail(value, key, "'" + config.catalog_schema + "' is not a schema name (lower-case letters, digits and _)");
      }
    } else if (key == "zones") {
      config.zones = reader.StringList(value, key, key_node);
      std::set<std::string> seen;
      for (size_t i = 0; i < config.zones.size(); ++i) {
        const std::string& zone = config.zones[i];
        std::string item = "zones[" + std::to_string(i) + "]";
        if (!IsLowerIdentifier(zone)) {
          reader.Fail(value[i], item, "'" + zone + "' is not a zone name: use lower-case letters, digits and _ "
                                      "(it names a folder and a catalog database)");
        }
        if (!seen.insert(zone).second) reader.Fail(value[i], item, "zone '" + zone + "' is listed twice");
      }
    } else if (key == "external_locations") {
      config.external_locations = reader.StringList(value, key, key_node);
      for (size_t i = 0; i < config.external_locations.size(); ++i) {
        std::string& location = config.external_locations[i];
        if (!fs::path(location).is_absolute()) {
          reader.Fail(value[i], key + "[" + std::to_string(i) + "]",
                      "'" + location + "' must be an absolute path (external locations lie outside the lake)");
        }
        location = Normal(location);
      }
    } else if (key == "crawlers") {
      crawlers = value;
      crawlers_key = key_node;
    } else if (key == "connections") {
      config.connections = ParseConnections(reader, value, key_node, root);
    } else if (key == "secrets_file") {
      std::string file = reader.String(value, key, key_node);
      if (!file.empty()) config.secrets_file = CheckSecretPath(reader, value, key, file, root);
    }
  });
  if (crawlers && !crawlers.IsNull()) {
    if (!crawlers.IsSequence()) {
      reader.Fail(crawlers, "crawlers", "expected a list of crawlers (- name: …), got " + YamlReader::KindName(crawlers),
                  crawlers_key.Mark());
    }
    std::map<std::string, int> lines;  // crawler name → line (1-based)
    for (size_t i = 0; i < crawlers.size(); ++i) {
      const YAML::Node node = crawlers[i];
      CrawlerConfig crawler = ParseCrawler(reader, node, "crawlers[" + std::to_string(i) + "]", config, root);
      auto [it, inserted] = lines.emplace(crawler.name, node.Mark().line + 1);
      if (!inserted) {
        reader.Fail(node["name"], "crawlers[" + std::to_string(i) + "].name",
                    "a crawler named '" + crawler.name + "' is already defined on line " + std::to_string(it->second));
      }
      config.crawlers.push_back(std::move(crawler));
    }
  }
  return config;
}

}  // namespace sluice::lake
