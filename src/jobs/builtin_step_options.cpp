// See builtin_step_options.h.

#include "jobs/builtin_step_options.h"

#include <algorithm>
#include <set>

#include "core/error.h"

namespace sluice::jobs::builtin {

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    quoted.push_back(c);
    if (c == '"') quoted.push_back('"');
  }
  return quoted + "\"";
}

std::string QuoteLiteral(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted.push_back(c);
    if (c == '\'') quoted.push_back('\'');
  }
  return quoted + "'";
}

std::string LowerName(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
  return lower;
}

StepOptions::StepOptions(const BuiltinStep& step, const lake::YamlReader& reader, std::vector<std::string> allowed)
    : step_(step), reader_(reader) {
  allowed.insert(allowed.begin(), "from");
  reader.ForEachEntry(step.options, step.key, allowed,
                      [&](const std::string& name, const YAML::Node& key_node, const YAML::Node& value) {
                        options_[name] = Option{value, key_node, step.key + "." + name};
                      });
  const Option& from = Require("from", "the step or source the step reads");
  from_ = reader.String(from.value, from.key, from.key_node, /*required=*/true);
}

const Option* StepOptions::Find(const std::string& name) const {
  auto it = options_.find(name);
  return it == options_.end() ? nullptr : &it->second;
}

const Option& StepOptions::Require(const std::string& name, const std::string& why) const {
  const Option* option = Find(name);
  if (option == nullptr) reader_.Fail(step_.options, step_.key, "missing key '" + name + "' (" + why + ")");
  return *option;
}

void StepOptions::Fail(const YAML::Node& node, const std::string& key, const std::string& message) const {
  reader_.Fail(node, key, message, step_.options.IsDefined() ? step_.options.Mark() : YAML::Mark::null_mark());
}

std::vector<ListItem> Items(const StepOptions& options, const Option& option, bool non_empty, bool scalar_is_list) {
  std::vector<ListItem> items;
  if (option.value.IsScalar() && scalar_is_list) {
    items.push_back({option.value, option.key});
  } else if (option.value.IsSequence()) {
    for (size_t i = 0; i < option.value.size(); ++i) {
      items.push_back({option.value[i], option.key + "[" + std::to_string(i) + "]"});
    }
  } else if (!option.value.IsNull()) {
    options.Fail(option.value, option.key, "expected a list ([a, b]), got " + lake::YamlReader::Describe(option.value));
  }
  if (items.empty() && non_empty) {
    options.reader().Fail(option.key_node, option.key, "needs at least one entry");
  }
  return items;
}

std::string ScalarText(const StepOptions& options, const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) {
    options.Fail(node, key, "expected a single value, got " + lake::YamlReader::KindName(node));
  }
  if (node.Scalar().empty()) options.Fail(node, key, "needs a value");
  return node.Scalar();
}

std::vector<std::pair<std::string, ListItem>> ColumnNames(const StepOptions& options, const Option& option,
                                                          bool non_empty) {
  std::vector<std::pair<std::string, ListItem>> names;
  std::set<std::string> seen;
  for (ListItem& item : Items(options, option, non_empty, /*scalar_is_list=*/true)) {
    std::string name = ScalarText(options, item.node, item.key);
    if (!seen.insert(LowerName(name)).second) options.Fail(item.node, item.key, "column '" + name + "' given twice");
    names.emplace_back(std::move(name), std::move(item));
  }
  return names;
}

DataType ParseType(const StepOptions& options, const YAML::Node& node, const std::string& key,
                   const std::string& text) {
  try {
    DataType type = DataType::Parse(text);
    if (type.is_nested() || type.id() == TypeId::kUnknown) throw InvalidArgumentError("not a column type");
    return type;
  } catch (const InvalidArgumentError&) {
    options.Fail(node, key,
                 "unknown type '" + text +
                     "' (expected a SQL type: boolean, tinyint, smallint, integer, bigint, real, double, "
                     "decimal(p,s), varchar, varbinary, date, timestamp, timestamp with time zone, …)");
  }
}

size_t InputColumn(const StepOptions& options, const BuiltinContext& context, const YAML::Node& node,
                   const std::string& key, const std::string& name) {
  const int index = context.input.FindField(name);
  if (index >= 0) return static_cast<size_t>(index);
  std::vector<std::string> columns;
  for (const Field& field : context.input.fields()) columns.push_back(field.name);
  std::string hint;
  if (name.find('.') != std::string::npos) hint = "; nested fields (a.b) are not supported";
  options.Fail(node, key,
               "the input '" + options.from() + "' has no column '" + name + "' (its columns: " +
                   lake::JoinNames(columns) + hint + ")");
}

std::string PassThrough(const BuiltinContext& context, size_t index) {
  return QuoteIdentifier(context.input.field(index).name);
}

std::string InputRelation(const BuiltinContext& context) {
  const std::string& name = context.input_name;
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') return name;
  return QuoteIdentifier(name);
}

std::string SelectFrom(const std::vector<std::string>& items, const BuiltinContext& context) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < items.size(); ++i) sql += (i == 0 ? "" : ", ") + items[i];
  return sql + " FROM " + InputRelation(context);
}

}  // namespace sluice::jobs::builtin
