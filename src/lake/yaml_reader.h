#pragma once
// Reading typed values out of a YAML document (yaml-cpp) with errors that name the
// file, the line and the key: "jobs/hourly.yaml:12: steps[1].sql: needs a value".
// Shared by sluice.yaml (lake/lake_config.cpp) and job specs (jobs/job_spec.cpp).

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::lake {

/// Levenshtein distance, for "did you mean" hints (names are short).
size_t EditDistance(const std::string& a, const std::string& b);
/// "a, b, c".
std::string JoinNames(const std::vector<std::string>& names);

/// Parses `yaml`; InvalidArgumentError "FILE:LINE:COLUMN: not valid YAML: …" otherwise.
YAML::Node LoadYaml(std::string_view yaml, std::string_view file);

/// Turns every problem with a value into InvalidArgumentError "FILE:LINE: KEY: what is
/// wrong". `key` arguments are paths as the user reads them ("crawlers[0].path").
class YamlReader {
 public:
  explicit YamlReader(std::string_view file) : file_(file) {}
  const std::string& file() const { return file_; }

  /// "FILE:LINE" for `node` (or for `fallback` when `node` carries no position).
  std::string Where(const YAML::Node& node, const YAML::Mark& fallback = YAML::Mark::null_mark()) const;
  /// The 1-based line of `node`, or of `fallback`; 0 when neither has one.
  int Line(const YAML::Node& node, const YAML::Mark& fallback = YAML::Mark::null_mark()) const;

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& key, const std::string& message,
                         const YAML::Mark& fallback = YAML::Mark::null_mark()) const;

  /// Calls `fn(name, key_node, value)` for every entry of the map `map`, refusing keys
  /// outside `allowed` (with a "did you mean" hint) and keys given twice.
  void ForEachEntry(const YAML::Node& map, const std::string& where, const std::vector<std::string>& allowed,
                    const std::function<void(const std::string&, const YAML::Node&, const YAML::Node&)>& fn) const;

  /// A scalar as text; null (no value) is "" unless `required`.
  std::string String(const YAML::Node& value, const std::string& key, const YAML::Node& key_node,
                     bool required = false) const;
  bool Bool(const YAML::Node& value, const std::string& key, const YAML::Node& key_node) const;
  /// A whole number ≥ 0 of at most 9 digits.
  int Int(const YAML::Node& value, const std::string& key, const YAML::Node& key_node) const;
  /// A list of scalars; null is the empty list.
  std::vector<std::string> StringList(const YAML::Node& value, const std::string& key,
                                      const YAML::Node& key_node) const;

  /// "a mapping", "a list", "nothing", "a value".
  static std::string KindName(const YAML::Node& node);
  /// A scalar quoted, else its kind.
  static std::string Describe(const YAML::Node& node);

 private:
  std::string file_;
};

}  // namespace sluice::lake
