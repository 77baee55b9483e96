#pragma once
// What the built-in steps (builtin_steps.h) share: reading a step's options with
// positions for messages (StepOptions), finding the input's columns, and writing SQL
// text (identifiers and literals quoted). Each kind lives in its own file
// (builtin_<kind>.cpp) as one Check/Compile pair, listed at the end.

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "jobs/builtin_steps.h"
#include "lake/yaml_reader.h"

namespace sluice::jobs::builtin {

/// `"name"`, embedded double quotes doubled: any column name is safe in SQL text.
std::string QuoteIdentifier(std::string_view name);
/// `'text'`, embedded single quotes doubled.
std::string QuoteLiteral(std::string_view text);

/// One given option: its value, its key's node (the position of a missing value) and
/// its key path ("steps[2].dedupe.keys").
struct Option {
  YAML::Node value;
  YAML::Node key_node;
  std::string key;
};

/// A step's options, read once: keys outside the kind's list refused (with "did you
/// mean"), `from:` required. Every error is InvalidArgumentError "FILE:LINE: KEY: …"
/// through the reader.
class StepOptions {
 public:
  /// `allowed` are the kind's keys besides `from`.
  StepOptions(const BuiltinStep& step, const lake::YamlReader& reader, std::vector<std::string> allowed);

  const BuiltinStep& step() const { return step_; }
  const lake::YamlReader& reader() const { return reader_; }
  /// The step or source the step reads.
  const std::string& from() const { return from_; }

  /// The option `name`, or null when not given.
  const Option* Find(const std::string& name) const;
  /// The option `name`; "missing key 'name' (why)" at the step when not given.
  const Option& Require(const std::string& name, const std::string& why) const;
  /// `key` under the step: "steps[2].dedupe" + ".keys[1]".
  std::string Key(const std::string& suffix) const { return step_.key + suffix; }

  /// Fails at `node` (or, for a node without a position, at the step's mapping).
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& key, const std::string& message) const;

 private:
  const BuiltinStep& step_;
  const lake::YamlReader& reader_;
  std::map<std::string, Option> options_;
  std::string from_;
};

/// An item of a list option with its node and key path ("…columns[1]").
struct ListItem {
  YAML::Node node;
  std::string key;
};
/// The items of the list `option` (a scalar counts as a list of one when
/// `scalar_is_list`); "expected a list" otherwise; "needs at least one entry" when
/// empty and `non_empty`.
std::vector<ListItem> Items(const StepOptions& options, const Option& option, bool non_empty,
                            bool scalar_is_list = false);
/// A scalar item as text; "expected a single value" otherwise; "needs a value" when
/// empty.
std::string ScalarText(const StepOptions& options, const YAML::Node& node, const std::string& key);
/// A list of column names (a single name allowed), each a non-empty scalar, no name
/// twice (case-insensitive).
std::vector<std::pair<std::string, ListItem>> ColumnNames(const StepOptions& options, const Option& option,
                                                          bool non_empty);
/// The type `text` names (DataType::Parse); "unknown type …" at `node` otherwise.
DataType ParseType(const StepOptions& options, const YAML::Node& node, const std::string& key,
                   const std::string& text);

/// The index of column `name` in the input (exact name first, then ignoring case); at
/// `node` "the input 'FROM' has no column 'name' (its columns: …)" otherwise.
size_t InputColumn(const StepOptions& options, const BuiltinContext& context, const YAML::Node& node,
                   const std::string& key, const std::string& name);
/// The input column `index` as a select item passing it through: `"name"`.
std::string PassThrough(const BuiltinContext& context, size_t index);
/// The input as the FROM of the compiled SQL: context.input_name quoted, unless it is
/// already a double-quoted identifier.
std::string InputRelation(const BuiltinContext& context);
/// `SELECT items FROM "input"`.
std::string SelectFrom(const std::vector<std::string>& items, const BuiltinContext& context);
/// Lower case (ASCII), for comparing names as the engine does.
std::string LowerName(std::string_view name);

// ---- the kinds: Check<Kind> validates the options without data; Compile<Kind> returns
// ---- the step's query over context.input_name.

extern const std::vector<std::string> kApplyMappingKeys;
void CheckApplyMapping(const StepOptions& options);
std::string CompileApplyMapping(const StepOptions& options, const BuiltinContext& context);

extern const std::vector<std::string> kResolveChoiceKeys;
void CheckResolveChoice(const StepOptions& options);
std::string CompileResolveChoice(const StepOptions& options, const BuiltinContext& context);

extern const std::vector<std::string> kDropNullFieldsKeys;
void CheckDropNullFields(const StepOptions& options);
std::string CompileDropNullFields(const StepOptions& options, const BuiltinContext& context);

extern const std::vector<std::string> kDedupeKeys;
void CheckDedupe(const StepOptions& options);
std::string CompileDedupe(const StepOptions& options, const BuiltinContext& context);

extern const std::vector<std::string> kFlattenKeys;
void CheckFlatten(const StepOptions& options);
std::string CompileFlatten(const StepOptions& options, const BuiltinContext& context);

extern const std::vector<std::string> kPiiKeys;
void CheckPii(const StepOptions& options);
std::string CompilePii(const StepOptions& options, const BuiltinContext& context);

extern const std::vector<std::string> kNormalizeTimeZoneKeys;
void CheckNormalizeTimeZone(const StepOptions& options);
std::string CompileNormalizeTimeZone(const StepOptions& options, const BuiltinContext& context);

}  // namespace sluice::jobs::builtin
