// Parsing job specs (job_spec.h): every problem is "FILE:LINE: KEY: message".

#include "jobs/job_spec.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "core/ascii.h"
#include "core/error.h"
#include "engine/copy_options.h"
#include "lake/crawler/csv_format_options.h"
#include "lake/yaml_reader.h"

namespace sluice::jobs {
namespace {

using lake::YamlReader;

const std::vector<std::string> kJobKeys = {"name",    "description", "parameters", "sources", "steps",
                                           "targets", "timeout",     "retries",    "retry_backoff"};
const std::vector<std::string> kSourceKeys = {"table",      "path",           "format", "csv",
                                              "bookmark",   "archive",        "connection", "postgres_table",
                                              "query",      "partition_column", "partitions"};
const std::vector<std::string> kTargetKeys = {
    "from",   "table",   "partition_by",   "format",         "compression",   "target_file_size", "max_rows_per_file",
    "mode",   "connection", "postgres_table", "keys",        "replace_where", "create"};
const std::vector<std::string> kParameterKeys = {"type", "default"};

/// A name steps and targets refer to: a SQL identifier (it is a view in the run).
bool IsStepName(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

SpecPlace Place(const YamlReader& reader, const YAML::Node& node, const std::string& key) {
  return SpecPlace{reader.file(), reader.Line(node), key};
}

DataType ParseType(const YamlReader& reader, const YAML::Node& node, const std::string& key, const std::string& text) {
  try {
    return DataType::Parse(text);
  } catch (const Error& error) {
    reader.Fail(node, key, "'" + text + "' is not a type (" + error.what() + ")");
  }
}

std::vector<ParameterSpec> ParseParameters(const YamlReader& reader, const YAML::Node& value, const YAML::Node& key_node) {
  std::vector<ParameterSpec> parameters;
  if (value.IsNull()) return parameters;
  if (!value.IsMap()) reader.Fail(value, "parameters", "expected a mapping name: type", key_node.Mark());
  std::set<std::string> seen;
  for (const auto& entry : value) {
    ParameterSpec parameter;
    parameter.name = AsciiLower(entry.first.Scalar());
    std::string key = "parameters." + parameter.name;
    if (!IsStepName(parameter.name)) reader.Fail(entry.first, key, "a parameter name is a SQL identifier");
    if (!seen.insert(parameter.name).second) reader.Fail(entry.first, key, "given twice");
    parameter.place = Place(reader, entry.first, key);
    if (entry.second.IsScalar()) {
      parameter.type = ParseType(reader, entry.second, key, entry.second.Scalar());
    } else {
      bool typed = false;
      reader.ForEachEntry(entry.second, key, kParameterKeys,
                          [&](const std::string& name, const YAML::Node& name_node, const YAML::Node& item) {
                            if (name == "type") {
                              parameter.type =
                                  ParseType(reader, item, key + ".type", reader.String(item, key + ".type", name_node, true));
                              typed = true;
                            } else {
                              parameter.default_value = reader.String(item, key + ".default", name_node);
                            }
                          });
      if (!typed) reader.Fail(entry.first, key, "missing key 'type'");
    }
    parameters.push_back(std::move(parameter));
  }
  return parameters;
}

SourceSpec ParseSource(const YamlReader& reader, const std::string& name, const YAML::Node& name_node,
                       const YAML::Node& node) {
  SourceSpec source;
  source.name = name;
  std::string where = "sources." + name;
  source.place = Place(reader, name_node, where);
  if (!IsStepName(name)) {
    reader.Fail(name_node, where, "'" + name + "' cannot name a source: use letters, digits and _ (it is a name in SQL)");
  }
  std::set<std::string> given;
  reader.ForEachEntry(node, where, kSourceKeys, [&](const std::string& key, const YAML::Node& key_node,
                                                    const YAML::Node& value) {
    std::string path = where + "." + key;
    given.insert(key);
    if (key == "table") {
      source.table = AsciiLower(reader.String(value, path, key_node, true));
    } else if (key == "path") {
      source.path = reader.String(value, path, key_node, true);
      std::string normal = std::filesystem::path(source.path).lexically_normal().string();
      if (normal == ".." || normal.rfind("../", 0) == 0) {
        reader.Fail(value, path, "'" + source.path + "' leaves the lake; paths are relative to the lake's folder");
      }
    } else if (key == "format") {
      source.format = AsciiLower(reader.String(value, path, key_node, true));
      if (source.format != "csv" && source.format != "json" && source.format != "parquet") {
        reader.Fail(value, path, "'" + source.format + "' is not a format (expected csv, json or parquet)");
      }
    } else if (key == "csv") {
      if (!value.IsMap()) reader.Fail(value, path, "expected a mapping of CSV options", key_node.Mark());
      for (const auto& option : value) {
        std::string option_key = option.first.IsNull() ? "null" : option.first.Scalar();
        std::string option_path = path + "." + option_key;
        if (source.csv.count(option_key) != 0) reader.Fail(option.first, option_path, "given twice");
        std::string text = reader.String(option.second, option_path, option.first, true);
        lake::crawler::CsvReadOptionsFromMap({{option_key, text}}, reader.Where(option.first) + ": " + path);
        source.csv[option_key] = text;
      }
    } else if (key == "bookmark") {
      source.bookmark = reader.Bool(value, path, key_node);
    } else if (key == "archive") {
      source.archive = reader.String(value, path, key_node, true);
    } else if (key == "connection") {
      source.connection = reader.String(value, path, key_node, true);
    } else if (key == "postgres_table") {
      source.postgres_table = reader.String(value, path, key_node, true);
    } else if (key == "query") {
      source.query = reader.String(value, path, key_node, true);
    } else if (key == "partition_column") {
      source.partition_column = reader.String(value, path, key_node, true);
    } else if (key == "partitions") {
      source.partitions = reader.Int(value, path, key_node);
      if (source.partitions < 1 || source.partitions > 64) reader.Fail(value, path, "expected 1 to 64 parallel ranges");
    }
  });
  int kinds = static_cast<int>(given.count("table")) + static_cast<int>(given.count("path")) +
              static_cast<int>(given.count("connection"));
  if (kinds != 1) {
    reader.Fail(name_node, where,
                kinds == 0 ? "needs one of table: (a catalog table), path: (files in the lake) or connection: (PostgreSQL)"
                           : "give only one of table:, path: and connection:");
  }
  auto only_with = [&](const std::vector<std::string>& keys, const std::string& kind) {
    for (const std::string& key : keys) {
      if (given.count(key) != 0) reader.Fail(node[key], where + "." + key, "applies to " + kind + " sources only");
    }
  };
  if (given.count("table") != 0) {
    source.kind = SourceSpec::Kind::kTable;
    only_with({"format", "csv", "archive"}, "path:");
    only_with({"postgres_table", "query", "partition_column", "partitions"}, "connection:");
  } else if (given.count("path") != 0) {
    source.kind = SourceSpec::Kind::kPath;
    only_with({"postgres_table", "query", "partition_column", "partitions"}, "connection:");
    if (!source.csv.empty() && !source.format.empty() && source.format != "csv") {
      reader.Fail(node["csv"], where + ".csv", "CSV options with format " + source.format);
    }
    if (!source.archive.empty() && !source.bookmark) {
      reader.Fail(node["archive"], where + ".archive", "archive: moves consumed files: it needs bookmark: true");
    }
  } else {
    source.kind = SourceSpec::Kind::kPostgres;
    only_with({"format", "csv", "archive"}, "path:");
    if (source.bookmark) reader.Fail(node["bookmark"], where + ".bookmark", "PostgreSQL sources have no files to bookmark");
    if (source.postgres_table.empty() == source.query.empty()) {
      reader.Fail(name_node, where, "a connection: source needs one of postgres_table: or query:");
    }
  }
  return source;
}

StepSpec ParseStep(const YamlReader& reader, const YAML::Node& node, size_t index, std::string_view yaml) {
  StepSpec step;
  std::string where = "steps[" + std::to_string(index) + "]";
  step.place = Place(reader, node, where);
  std::vector<std::string> keys = {"name", "sql"};
  for (const std::string& kind : BuiltinStepKinds()) keys.push_back(kind);
  bool named = false;
  reader.ForEachEntry(node, where, keys, [&](const std::string& key, const YAML::Node& key_node,
                                             const YAML::Node& value) {
    std::string path = where + "." + key;
    if (key == "name") {
      step.name = reader.String(value, path, key_node, true);
      if (!IsStepName(step.name)) {
        reader.Fail(value, path, "'" + step.name + "' cannot name a step: use letters, digits and _ (it is a name in SQL)");
      }
      named = true;
      return;
    }
    if (!step.kind.empty()) {
      reader.Fail(key_node, path, "a step does one thing: it has " + step.kind + " already");
    }
    step.kind = key;
    step.place = Place(reader, key_node, path);
    if (key == "sql") {
      step.sql = reader.String(value, path, key_node, true);
      // A block scalar (sql: |) starts on the line after its key.
      step.sql_line = reader.Line(value, key_node.Mark());
      size_t at = static_cast<size_t>(std::max(0, value.Mark().pos));
      if (at < yaml.size() && (yaml[at] == '|' || yaml[at] == '>')) ++step.sql_line;
      while (!step.sql.empty() && (std::isspace(static_cast<unsigned char>(step.sql.back())) || step.sql.back() == ';')) {
        step.sql.pop_back();
      }
      if (step.sql.empty()) reader.Fail(key_node, path, "needs a query");
    } else {
      step.builtin.kind = key;
      step.builtin.options = value;
      step.builtin.key = path;
    }
  });
  if (!named) reader.Fail(node, where, "missing key 'name'");
  if (step.kind.empty()) {
    reader.Fail(node, where, "needs what it does: sql: or one of " + lake::JoinNames(BuiltinStepKinds()));
  }
  step.builtin.name = step.name;
  if (step.kind != "sql") step.from = CheckBuiltinStep(step.builtin, reader);
  return step;
}

TargetSpec ParseTarget(const YamlReader& reader, const YAML::Node& node, size_t index) {
  TargetSpec target;
  std::string where = "targets[" + std::to_string(index) + "]";
  target.place = Place(reader, node, where);
  std::set<std::string> given;
  std::string mode_text;
  YAML::Node mode_node;
  reader.ForEachEntry(node, where, kTargetKeys, [&](const std::string& key, const YAML::Node& key_node,
                                                    const YAML::Node& value) {
    std::string path = where + "." + key;
    given.insert(key);
    if (key == "from") {
      target.from = reader.String(value, path, key_node, true);
    } else if (key == "table") {
      target.table = AsciiLower(reader.String(value, path, key_node, true));
    } else if (key == "partition_by") {
      target.partition_by = reader.StringList(value, path, key_node);
      for (std::string& column : target.partition_by) column = AsciiLower(column);
    } else if (key == "format") {
      target.format = AsciiLower(reader.String(value, path, key_node, true));
      if (target.format != "csv" && target.format != "json" && target.format != "parquet") {
        reader.Fail(value, path, "'" + target.format + "' is not a format (expected parquet, csv or json)");
      }
    } else if (key == "compression") {
      target.compression = AsciiLower(reader.String(value, path, key_node, true));
    } else if (key == "target_file_size") {
      std::string text = reader.String(value, path, key_node, true);
      std::optional<uint64_t> bytes = engine::ParseByteSize(text);
      if (!bytes || *bytes == 0) reader.Fail(value, path, "'" + text + "' is not a size (e.g. 134217728, 128MB, 1GB)");
      target.target_file_size = *bytes;
    } else if (key == "max_rows_per_file") {
      target.max_rows_per_file = static_cast<uint64_t>(reader.Int(value, path, key_node));
      if (target.max_rows_per_file == 0) reader.Fail(value, path, "expected a number of rows ≥ 1");
    } else if (key == "mode") {
      mode_text = reader.String(value, path, key_node, true);
      mode_node = value;
    } else if (key == "connection") {
      target.connection = reader.String(value, path, key_node, true);
    } else if (key == "postgres_table") {
      target.postgres_table = reader.String(value, path, key_node, true);
    } else if (key == "keys") {
      target.keys = reader.StringList(value, path, key_node);
    } else if (key == "replace_where") {
      target.replace_where = reader.String(value, path, key_node, true);
    } else if (key == "create") {
      target.create = reader.Bool(value, path, key_node);
    }
  });
  if (given.count("from") == 0) reader.Fail(node, where, "missing key 'from' (the step or source whose rows it takes)");
  bool lake_target = given.count("table") != 0;
  bool pg_target = given.count("postgres_table") != 0 || given.count("connection") != 0;
  if (lake_target == pg_target) {
    reader.Fail(node, where,
                lake_target ? "give either table: (a lake table) or connection: + postgres_table: (PostgreSQL), not both"
                            : "needs table: (a lake table) or connection: + postgres_table: (PostgreSQL)");
  }
  auto refuse = [&](const std::vector<std::string>& keys, const std::string& why) {
    for (const std::string& key : keys) {
      if (given.count(key) != 0) reader.Fail(node[key], where + "." + key, why);
    }
  };
  if (lake_target) {
    target.kind = TargetSpec::Kind::kTable;
    refuse({"keys", "replace_where", "create"}, "applies to PostgreSQL targets only");
    static const std::map<std::string, TargetSpec::Mode> kModes = {
        {"append", TargetSpec::Mode::kAppend},
        {"overwrite", TargetSpec::Mode::kOverwrite},
        {"overwrite_partitions", TargetSpec::Mode::kOverwritePartitions},
        {"error_if_exists", TargetSpec::Mode::kErrorIfExists}};
    if (!mode_text.empty()) {
      auto it = kModes.find(mode_text);
      if (it == kModes.end()) {
        reader.Fail(mode_node, where + ".mode",
                    "'" + mode_text + "' is not a mode of a lake target (append, overwrite, overwrite_partitions, error_if_exists)");
      }
      target.mode = it->second;
    }
    if (target.mode == TargetSpec::Mode::kOverwritePartitions && target.partition_by.empty()) {
      reader.Fail(mode_node, where + ".mode", "overwrite_partitions needs partition_by: (the partitions it replaces)");
    }
  } else {
    target.kind = TargetSpec::Kind::kPostgres;
    refuse({"partition_by", "format", "compression", "target_file_size", "max_rows_per_file"},
           "applies to lake targets only");
    if (target.connection.empty()) reader.Fail(node, where, "missing key 'connection' (a connection of sluice.yaml)");
    if (target.postgres_table.empty()) reader.Fail(node, where, "missing key 'postgres_table'");
    static const std::map<std::string, TargetSpec::Mode> kModes = {
        {"append", TargetSpec::Mode::kAppend},
        {"truncate_insert", TargetSpec::Mode::kTruncateInsert},
        {"upsert", TargetSpec::Mode::kUpsert},
        {"replace_where", TargetSpec::Mode::kReplaceWhere}};
    if (!mode_text.empty()) {
      auto it = kModes.find(mode_text);
      if (it == kModes.end()) {
        reader.Fail(mode_node, where + ".mode",
                    "'" + mode_text + "' is not a mode of a PostgreSQL target (append, truncate_insert, upsert, replace_where)");
      }
      target.mode = it->second;
    }
    if (target.mode == TargetSpec::Mode::kUpsert && target.keys.empty()) {
      reader.Fail(mode_node, where + ".mode", "upsert needs keys: (the columns that identify a row)");
    }
    if (target.mode != TargetSpec::Mode::kUpsert && !target.keys.empty()) {
      reader.Fail(node["keys"], where + ".keys", "keys: apply to mode upsert only");
    }
    if ((target.mode == TargetSpec::Mode::kReplaceWhere) != !target.replace_where.empty()) {
      reader.Fail(target.replace_where.empty() ? mode_node : node["replace_where"], where + ".replace_where",
                  target.replace_where.empty() ? "mode replace_where needs replace_where: (a predicate on the table)"
                                               : "replace_where: applies to mode replace_where only");
    }
  }
  return target;
}

}  // namespace

std::string SpecPlace::ToString() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line);
  if (!key.empty()) text += ": " + key;
  return text;
}

std::string_view TargetModeName(TargetSpec::Mode mode) {
  switch (mode) {
    case TargetSpec::Mode::kAppend: return "append";
    case TargetSpec::Mode::kOverwrite: return "overwrite";
    case TargetSpec::Mode::kOverwritePartitions: return "overwrite_partitions";
    case TargetSpec::Mode::kErrorIfExists: return "error_if_exists";
    case TargetSpec::Mode::kTruncateInsert: return "truncate_insert";
    case TargetSpec::Mode::kUpsert: return "upsert";
    case TargetSpec::Mode::kReplaceWhere: return "replace_where";
  }
  return "append";
}

bool IsJobName(std::string_view name) {
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
         }) && name[0] != '.';
}

std::optional<int> ParseDurationSeconds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 7) return std::nullopt;
  int value = std::stoi(std::string(text.substr(0, digits)));
  std::string_view unit = text.substr(digits);
  if (unit.empty() || unit == "s") return value;
  if (unit == "m" || unit == "min") return value * 60;
  if (unit == "h") return value * 3600;
  return std::nullopt;
}

JobSpec ParseJobSpec(std::string_view yaml, std::string_view file) {
  YamlReader reader(file);
  YAML::Node document = lake::LoadYaml(yaml, file);
  JobSpec spec;
  spec.file = std::string(file);
  spec.text = std::string(yaml);
  if (!document.IsMap()) reader.Fail(document, "", "a job spec is a mapping with name:, sources:, steps:, targets:");
  std::set<std::string> given;
  YAML::Node sources;
  YAML::Node steps;
  YAML::Node targets;
  reader.ForEachEntry(document, "", kJobKeys, [&](const std::string& key, const YAML::Node& key_node,
                                                  const YAML::Node& value) {
    given.insert(key);
    if (key == "name") {
      spec.name = reader.String(value, key, key_node, true);
      if (!IsJobName(spec.name)) reader.Fail(value, key, "'" + spec.name + "' is not a job name (letters, digits, _ - .)");
    } else if (key == "description") {
      spec.description = reader.String(value, key, key_node);
    } else if (key == "parameters") {
      spec.parameters = ParseParameters(reader, value, key_node);
    } else if (key == "timeout" || key == "retry_backoff") {
      std::string text = reader.String(value, key, key_node, true);
      std::optional<int> seconds = ParseDurationSeconds(text);
      if (!seconds) reader.Fail(value, key, "'" + text + "' is not a duration (e.g. 90, 90s, 15m, 2h)");
      (key == "timeout" ? spec.timeout_seconds : spec.retry_backoff_seconds) = *seconds;
    } else if (key == "retries") {
      spec.retries = reader.Int(value, key, key_node);
      if (spec.retries > 10) reader.Fail(value, key, "at most 10 retries");
    } else if (key == "sources") {
      if (!value.IsMap()) reader.Fail(value, key, "expected a mapping of source names (events: { table: … })", key_node.Mark());
      sources = value;
    } else if (key == "steps") {
      if (!value.IsNull() && !value.IsSequence()) reader.Fail(value, key, "expected a list of steps (- name: …)", key_node.Mark());
      steps = value;
    } else if (key == "targets") {
      if (!value.IsSequence()) reader.Fail(value, key, "expected a list of targets (- from: …)", key_node.Mark());
      targets = value;
    }
  });
  for (const char* required : {"name", "sources", "targets"}) {
    if (given.count(required) == 0) reader.Fail(document, "", std::string("missing key '") + required + "'");
  }
  // Names: sources, then steps in order; a `from` must name one defined before it.
  std::map<std::string, std::string> defined;  // lower-case name → where
  for (const auto& entry : sources) {
    SourceSpec source = ParseSource(reader, entry.first.Scalar(), entry.first, entry.second);
    std::string lower = AsciiLower(source.name);
    if (!defined.emplace(lower, source.place.ToString()).second) {
      reader.Fail(entry.first, source.place.key, "the name '" + source.name + "' is taken");
    }
    spec.sources.push_back(std::move(source));
  }
  if (spec.sources.empty()) reader.Fail(sources, "sources", "a job needs at least one source");
  // A bookmarked table is read through its new files wherever the run names it, so
  // another source cannot read all of it in the same run.
  for (const SourceSpec& a : spec.sources) {
    for (const SourceSpec& b : spec.sources) {
      if (&a == &b || a.kind != SourceSpec::Kind::kTable || b.kind != SourceSpec::Kind::kTable) continue;
      if (a.table == b.table && a.bookmark && !b.bookmark) {
        reader.Fail(sources[b.name], "sources." + b.name,
                    "reads table " + b.table + ", which source " + a.name +
                        " reads with a bookmark: within a run a bookmarked table yields only its new files, so "
                        "read it from one source (or from another job)");
      }
    }
  }
  for (size_t i = 0; steps && i < steps.size(); ++i) {
    StepSpec step = ParseStep(reader, steps[i], i, yaml);
    if (step.kind != "sql" && defined.count(AsciiLower(step.from)) == 0) {
      reader.Fail(step.builtin.options["from"], step.builtin.key + ".from",
                  "'" + step.from + "' is no source or earlier step (" + [&] {
                    std::vector<std::string> names;
                    for (const auto& [name, where] : defined) names.push_back(name);
                    return lake::JoinNames(names);
                  }() + ")");
    }
    auto [it, inserted] = defined.emplace(AsciiLower(step.name), step.place.ToString());
    if (!inserted) reader.Fail(steps[i]["name"], step.place.key + ".name", "the name '" + step.name + "' is taken (" + it->second + ")");
    spec.steps.push_back(std::move(step));
  }
  std::set<std::string> lake_tables;
  std::set<std::string> pg_tables;
  for (size_t i = 0; i < targets.size(); ++i) {
    TargetSpec target = ParseTarget(reader, targets[i], i);
    if (defined.count(AsciiLower(target.from)) == 0) {
      reader.Fail(targets[i]["from"], target.place.key + ".from", "'" + target.from + "' is no source or step of this job");
    }
    bool fresh = target.kind == TargetSpec::Kind::kTable ? lake_tables.insert(target.table).second
                                                         : pg_tables.insert(target.connection + "/" + target.postgres_table).second;
    if (!fresh) reader.Fail(targets[i], target.place.key, "another target of this job writes the same table");
    spec.targets.push_back(std::move(target));
  }
  if (spec.targets.empty()) reader.Fail(targets, "targets", "a job needs at least one target");
  return spec;
}

}  // namespace sluice::jobs
