// Parsing sluice.yaml (yaml-cpp). Every error names the file, the line and the key,
// and for a misspelt key suggests the one meant.

#include <yaml-cpp/yaml.h>

#include <algorithm>
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

namespace sluice::lake {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kLakeKeys = {"name", "catalog", "catalog_schema", "zones", "external_locations",
                                            "crawlers"};
const std::vector<std::string> kCrawlerKeys = {
    "name", "path", "database", "table_prefix", "exclude", "schema_change",
    "deletion", "table_per_folder", "table_level", "csv", "partition_discovery"};

/// Levenshtein distance, for "did you mean" (names are short).
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

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

/// Reads typed values out of the YAML tree, turning every problem into an
/// InvalidArgumentError "FILE:LINE: KEY: what is wrong".
class ConfigReader {
 public:
  explicit ConfigReader(std::string_view file) : file_(file) {}

  /// "FILE:LINE" for `node` (or for `fallback` when `node` carries no position).
  std::string Where(const YAML::Node& node, const YAML::Mark& fallback = YAML::Mark::null_mark()) const {
    YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
    // A missing value (null) is placed by yaml-cpp at the next token: use its key's.
    if (mark.is_null() || (node.IsDefined() && node.IsNull() && !fallback.is_null())) mark = fallback;
    if (mark.is_null()) return file_;
    return file_ + ":" + std::to_string(mark.line + 1);
  }

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& key, const std::string& message,
                         const YAML::Mark& fallback = YAML::Mark::null_mark()) const {
    throw InvalidArgumentError(Where(node, fallback) + ": " + (key.empty() ? "" : key + ": ") + message);
  }

  /// Calls `fn(name, key_node, value)` for every entry of the map `map`, refusing keys
  /// outside `allowed` and keys given twice.
  void ForEachEntry(const YAML::Node& map, const std::string& where, const std::vector<std::string>& allowed,
                    const std::function<void(const std::string&, const YAML::Node&, const YAML::Node&)>& fn) const {
    if (!map.IsMap()) Fail(map, where, "expected a mapping of keys (" + JoinNames(allowed) + ")");
    std::map<std::string, int> seen;  // key → line (1-based)
    for (const auto& entry : map) {
      const YAML::Node& key_node = entry.first;
      if (!key_node.IsScalar()) Fail(key_node, where, "keys must be plain names");
      std::string key = key_node.Scalar();
      std::string path = where.empty() ? key : where + "." + key;
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string hint;
        for (const std::string& candidate : allowed) {
          if (EditDistance(key, candidate) <= 2) hint = "did you mean '" + candidate + "'? ";
        }
        Fail(key_node, "", "unknown key '" + path + "' (" + hint + "expected one of " + JoinNames(allowed) + ")");
      }
      auto [it, inserted] = seen.emplace(key, key_node.Mark().line + 1);
      if (!inserted) Fail(key_node, path, "given twice (first on line " + std::to_string(it->second) + ")");
      fn(key, key_node, entry.second);
    }
  }

  /// A scalar as text; null (no value) is "" unless `required`.
  std::string String(const YAML::Node& value, const std::string& key, const YAML::Node& key_node,
                     bool required = false) const {
    if (value.IsNull()) {
      // A missing value has no position of its own (yaml-cpp gives the next token's).
      if (required) Fail(key_node, key, "needs a value");
      return "";
    }
    if (!value.IsScalar()) Fail(value, key, "expected a single value, got " + KindName(value), key_node.Mark());
    return value.Scalar();
  }

  bool Bool(const YAML::Node& value, const std::string& key, const YAML::Node& key_node) const {
    bool result = false;
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result)) {
      Fail(value, key, "expected true or false, got " + Describe(value), key_node.Mark());
    }
    return result;
  }

  int Int(const YAML::Node& value, const std::string& key, const YAML::Node& key_node) const {
    const std::string text = value.IsScalar() ? value.Scalar() : "";
    if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      Fail(value, key, "expected a whole number ≥ 0, got " + Describe(value), key_node.Mark());
    }
    return std::stoi(text);
  }

  /// A list of scalars; null is the empty list.
  std::vector<std::string> StringList(const YAML::Node& value, const std::string& key,
                                      const YAML::Node& key_node) const {
    std::vector<std::string> items;
    if (value.IsNull()) return items;
    if (!value.IsSequence()) Fail(value, key, "expected a list ([a, b]), got " + Describe(value), key_node.Mark());
    for (size_t i = 0; i < value.size(); ++i) {
      const YAML::Node item = value[i];
      if (!item.IsScalar()) Fail(item, key + "[" + std::to_string(i) + "]", "expected a single value, got " + KindName(item), key_node.Mark());
      items.push_back(item.Scalar());
    }
    return items;
  }

  static std::string KindName(const YAML::Node& node) {
    if (node.IsMap()) return "a mapping";
    if (node.IsSequence()) return "a list";
    if (node.IsNull()) return "nothing";
    return "a value";
  }
  static std::string Describe(const YAML::Node& node) {
    return node.IsScalar() ? "'" + node.Scalar() + "'" : KindName(node);
  }

 private:
  std::string file_;
};

/// Refuses a catalog: value Sluice cannot open or that holds a password.
void CheckCatalog(const ConfigReader& reader, const YAML::Node& value, const std::string& catalog) {
  bool url = catalog.rfind("postgresql://", 0) == 0 || catalog.rfind("postgres://", 0) == 0;
  bool key_values = !url && catalog.find('=') != std::string::npos;
  if (catalog != "sqlite" && !url && !key_values) {
    reader.Fail(value, "catalog",
                "'" + catalog + "' is not a catalog (expected sqlite, or a PostgreSQL URL postgresql://user@host:port/db)");
  }
  bool password = catalog.find("password=") != std::string::npos;
  if (url) {
    size_t start = catalog.find("://") + 3;
    size_t end = catalog.find_first_of("/?", start);
    std::string authority = catalog.substr(start, end == std::string::npos ? std::string::npos : end - start);
    size_t at = authority.rfind('@');
    if (at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos) password = true;
  }
  if (password) {
    reader.Fail(value, "catalog",
                "holds a password; remove it and set SLUICE_CATALOG_PASSWORD (or PGPASSWORD, or ~/.pgpass): "
                "sluice.yaml must not hold secrets");
  }
}

/// Refuses a crawler path that leaves the lake as written (links are checked on use).
void CheckCrawlerPath(const ConfigReader& reader, const YAML::Node& value, const std::string& key,
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
std::map<std::string, std::string> ParseCsvOptions(const ConfigReader& reader, const YAML::Node& value,
                                                   const std::string& path, const YAML::Node& key_node) {
  std::map<std::string, std::string> options;
  if (value.IsNull()) return options;
  if (!value.IsMap()) {
    reader.Fail(value, path, "expected a mapping of CSV options, got " + ConfigReader::KindName(value), key_node.Mark());
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

CrawlerConfig ParseCrawler(const ConfigReader& reader, const YAML::Node& node, const std::string& where,
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
  ConfigReader reader(file);
  YAML::Node document;
  try {
    document = YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    throw InvalidArgumentError(std::string(file) + ":" + std::to_string(e.mark.line + 1) + ":" +
                               std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
  }
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
    }
  });
  if (crawlers && !crawlers.IsNull()) {
    if (!crawlers.IsSequence()) {
      reader.Fail(crawlers, "crawlers", "expected a list of crawlers (- name: …), got " + ConfigReader::KindName(crawlers),
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
