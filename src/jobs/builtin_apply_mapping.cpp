// apply_mapping (Glue's ApplyMapping): the output holds exactly the listed columns, in
// order, each a column of the input renamed and cast:
//
//   apply_mapping: { from: events, columns: [ [event_ts, event_ts, timestamp], [people_count, people, integer] ] }
//   → SELECT CAST("event_ts" AS timestamp(6)) AS "event_ts", CAST("people_count" AS integer) AS "people" FROM "events"
//
// An entry is [source, target, type], [source, target] (the type kept) or Glue's
// [source, source_type, target, target_type] (source_type is checked to be a type and
// otherwise ignored). A CAST to the column's own type is left out. A value that does
// not convert fails the run (CAST, not TRY_CAST: a mapping states the types).

#include <optional>
#include <set>

#include "jobs/builtin_step_options.h"

namespace sluice::jobs::builtin {

namespace {

struct Mapping {
  std::string source;
  std::string target;
  std::optional<DataType> type;  ///< nullopt: the input column's type.
  ListItem item;
};

std::vector<Mapping> ReadMappings(const StepOptions& options) {
  const Option& columns = options.Require("columns", "the output's columns: [ [source, target, type], … ]");
  std::vector<Mapping> mappings;
  std::set<std::string> targets;
  for (ListItem& item : Items(options, columns, /*non_empty=*/true)) {
    const size_t size = item.node.IsSequence() ? item.node.size() : 0;
    if (size < 2 || size > 4) {
      options.Fail(item.node, item.key,
                   "expected [source, target, type], [source, target] or [source, source_type, target, target_type], "
                   "got " + lake::YamlReader::Describe(item.node));
    }
    std::vector<std::string> parts;
    for (size_t i = 0; i < size; ++i) {
      parts.push_back(ScalarText(options, item.node[i], item.key + "[" + std::to_string(i) + "]"));
    }
    Mapping mapping;
    mapping.source = parts[0];
    mapping.target = size == 4 ? parts[2] : parts[1];
    const size_t type_at = size == 4 ? 3 : 2;
    if (size == 4) ParseType(options, item.node[1], item.key + "[1]", parts[1]);
    if (size >= 3) {
      mapping.type = ParseType(options, item.node[type_at], item.key + "[" + std::to_string(type_at) + "]",
                               parts[type_at]);
    }
    if (!targets.insert(LowerName(mapping.target)).second) {
      options.Fail(item.node, item.key, "the output column '" + mapping.target + "' is given twice");
    }
    mapping.item = std::move(item);
    mappings.push_back(std::move(mapping));
  }
  return mappings;
}

}  // namespace

const std::vector<std::string> kApplyMappingKeys = {"columns"};

void CheckApplyMapping(const StepOptions& options) { ReadMappings(options); }

std::string CompileApplyMapping(const StepOptions& options, const BuiltinContext& context) {
  std::vector<std::string> items;
  for (const Mapping& mapping : ReadMappings(options)) {
    const size_t index = InputColumn(options, context, mapping.item.node[0], mapping.item.key + "[0]", mapping.source);
    std::string value = PassThrough(context, index);
    if (mapping.type && *mapping.type != context.input.field(index).type) {
      value = "CAST(" + value + " AS " + mapping.type->ToString() + ")";
    }
    items.push_back(value + " AS " + QuoteIdentifier(mapping.target));
  }
  return SelectFrom(items, context);
}

}  // namespace sluice::jobs::builtin
