// See yaml_reader.h.

#include "lake/yaml_reader.h"

#include <algorithm>
#include <map>

#include "core/error.h"

namespace sluice::lake {

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


YAML::Node LoadYaml(std::string_view yaml, std::string_view file) {
  try {
    return YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    throw InvalidArgumentError(std::string(file) + ":" + std::to_string(e.mark.line + 1) + ":" +
                               std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
  }
}

std::string YamlReader::Where(const YAML::Node& node, const YAML::Mark& fallback) const {
  YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  // A missing value (null) is placed by yaml-cpp at the next token: use its key's.
  if (mark.is_null() || (node.IsDefined() && node.IsNull() && !fallback.is_null())) mark = fallback;
  if (mark.is_null()) return file_;
  return file_ + ":" + std::to_string(mark.line + 1);
}

int YamlReader::Line(const YAML::Node& node, const YAML::Mark& fallback) const {
  YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  if (mark.is_null() || (node.IsDefined() && node.IsNull() && !fallback.is_null())) mark = fallback;
  return mark.is_null() ? 0 : mark.line + 1;
}

void YamlReader::Fail(const YAML::Node& node, const std::string& key, const std::string& message,
                      const YAML::Mark& fallback) const {
  throw InvalidArgumentError(Where(node, fallback) + ": " + (key.empty() ? "" : key + ": ") + message);
}

void YamlReader::ForEachEntry(
    const YAML::Node& map, const std::string& where, const std::vector<std::string>& allowed,
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

std::string YamlReader::String(const YAML::Node& value, const std::string& key, const YAML::Node& key_node,
                               bool required) const {
  if (value.IsNull()) {
    // A missing value has no position of its own (yaml-cpp gives the next token's).
    if (required) Fail(key_node, key, "needs a value");
    return "";
  }
  if (!value.IsScalar()) Fail(value, key, "expected a single value, got " + KindName(value), key_node.Mark());
  return value.Scalar();
}

bool YamlReader::Bool(const YAML::Node& value, const std::string& key, const YAML::Node& key_node) const {
  bool result = false;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result)) {
    Fail(value, key, "expected true or false, got " + Describe(value), key_node.Mark());
  }
  return result;
}

int YamlReader::Int(const YAML::Node& value, const std::string& key, const YAML::Node& key_node) const {
  const std::string text = value.IsScalar() ? value.Scalar() : "";
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    Fail(value, key, "expected a whole number ≥ 0, got " + Describe(value), key_node.Mark());
  }
  return std::stoi(text);
}

std::vector<std::string> YamlReader::StringList(const YAML::Node& value, const std::string& key,
                                                const YAML::Node& key_node) const {
  std::vector<std::string> items;
  if (value.IsNull()) return items;
  if (!value.IsSequence()) Fail(value, key, "expected a list ([a, b]), got " + Describe(value), key_node.Mark());
  for (size_t i = 0; i < value.size(); ++i) {
    const YAML::Node item = value[i];
    if (!item.IsScalar()) {
      Fail(item, key + "[" + std::to_string(i) + "]", "expected a single value, got " + KindName(item),
           key_node.Mark());
    }
    items.push_back(item.Scalar());
  }
  return items;
}

std::string YamlReader::KindName(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "a value";
}

std::string YamlReader::Describe(const YAML::Node& node) {
  return node.IsScalar() ? "'" + node.Scalar() + "'" : KindName(node);
}

}  // namespace sluice::lake
