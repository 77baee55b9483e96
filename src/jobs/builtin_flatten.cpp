// flatten: JSON text in a varchar column into typed columns, one per listed path:
//
//   flatten: { from: raw, column: payload, fields: [ [$.user.id, user_id, bigint], [$.tags, tags, json] ] }
//   → SELECT "id", CAST(json_extract_scalar("payload", '$.user.id') AS bigint) AS "user_id",
//            json_extract("payload", '$.tags') AS "tags", … FROM "raw"
//
// A field is [json_path, name, type] or [json_path, name] (varchar). Paths are those
// of json_extract_scalar ($.a.b, $.a[0], $["a b"]). The type `json` keeps the value's
// JSON text (objects and arrays included) as varchar; any other type reads the scalar
// at the path (NULL when it is missing, JSON null, an object or an array) and CASTs it:
// a value that does not convert fails the run, unless `on_error: null` (TRY_CAST, the
// value becomes NULL). The new columns take the source column's place, which is left
// out unless `keep_source: true` (then they follow it). The fields are never inferred
// from data: a job's output schema must not depend on what one run happened to read.

#include <optional>
#include <set>

#include "jobs/builtin_step_options.h"

namespace sluice::jobs::builtin {

namespace {

struct FlattenField {
  std::string path;
  std::string name;
  std::optional<DataType> type;  ///< nullopt: `json` (the value's JSON text).
  ListItem item;
};

struct Flatten {
  std::string column;
  const Option* column_option = nullptr;
  std::vector<FlattenField> fields;
  bool keep_source = false;
  bool null_on_error = false;
};

FlattenField ReadField(const StepOptions& options, ListItem item) {
  if (!item.node.IsSequence() || item.node.size() < 2 || item.node.size() > 3) {
    options.Fail(item.node, item.key,
                 "expected [json_path, name, type] or [json_path, name], got " + lake::YamlReader::Describe(item.node));
  }
  FlattenField field;
  field.path = ScalarText(options, item.node[0], item.key + "[0]");
  if (field.path.front() != '$') {
    options.Fail(item.node[0], item.key + "[0]", "'" + field.path + "' is not a JSON path (they start with $: $.a.b)");
  }
  field.name = ScalarText(options, item.node[1], item.key + "[1]");
  field.type = DataType::Varchar();
  if (item.node.size() == 3) {
    const std::string type = ScalarText(options, item.node[2], item.key + "[2]");
    if (LowerName(type) == "json") {
      field.type.reset();
    } else {
      field.type = ParseType(options, item.node[2], item.key + "[2]", type);
    }
  }
  field.item = std::move(item);
  return field;
}

Flatten ReadFlatten(const StepOptions& options) {
  Flatten flatten;
  flatten.column_option = &options.Require("column", "the varchar column holding JSON text");
  flatten.column = options.reader().String(flatten.column_option->value, flatten.column_option->key,
                                           flatten.column_option->key_node, /*required=*/true);
  const Option& fields = options.Require(
      "fields", "[ [json_path, name, type], … ]: the columns to make; they are not inferred from data");
  std::set<std::string> names;
  for (ListItem& item : Items(options, fields, /*non_empty=*/true)) {
    FlattenField field = ReadField(options, std::move(item));
    if (!names.insert(LowerName(field.name)).second) {
      options.Fail(field.item.node, field.item.key, "the column '" + field.name + "' is given twice");
    }
    flatten.fields.push_back(std::move(field));
  }
  if (const Option* keep = options.Find("keep_source")) {
    flatten.keep_source = options.reader().Bool(keep->value, keep->key, keep->key_node);
  }
  if (const Option* on_error = options.Find("on_error")) {
    const std::string text = options.reader().String(on_error->value, on_error->key, on_error->key_node, true);
    if (text != "fail" && text != "null") {
      options.Fail(on_error->value, on_error->key, "expected fail or null, got '" + text + "'");
    }
    flatten.null_on_error = text == "null";
  }
  return flatten;
}

}  // namespace

const std::vector<std::string> kFlattenKeys = {"column", "fields", "keep_source", "on_error"};

void CheckFlatten(const StepOptions& options) { ReadFlatten(options); }

std::string CompileFlatten(const StepOptions& options, const BuiltinContext& context) {
  const Flatten flatten = ReadFlatten(options);
  const Option& column_option = *flatten.column_option;
  const size_t source = InputColumn(options, context, column_option.value, column_option.key, flatten.column);
  const Field& source_field = context.input.field(source);
  if (source_field.type.id() != TypeId::kVarchar) {
    options.Fail(column_option.value, column_option.key,
                 "'" + source_field.name + "' is " + source_field.type.ToString() + "; flatten reads JSON text (varchar)");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < context.input.num_fields(); ++i) {
    if (i != source || flatten.keep_source) names.insert(LowerName(context.input.field(i).name));
  }
  const std::string json = PassThrough(context, source);
  std::vector<std::string> items;
  for (size_t i = 0; i < context.input.num_fields(); ++i) {
    if (i != source || flatten.keep_source) items.push_back(PassThrough(context, i));
    if (i != source) continue;
    for (const FlattenField& field : flatten.fields) {
      if (!names.insert(LowerName(field.name)).second) {
        options.Fail(field.item.node[1], field.item.key + "[1]",
                     "the input '" + options.from() + "' already has a column '" + field.name + "'");
      }
      std::string value;
      if (!field.type) {
        value = "json_extract(" + json + ", " + QuoteLiteral(field.path) + ")";
      } else {
        value = "json_extract_scalar(" + json + ", " + QuoteLiteral(field.path) + ")";
        if (field.type->id() != TypeId::kVarchar) {
          value = std::string(flatten.null_on_error ? "TRY_CAST(" : "CAST(") + value + " AS " + field.type->ToString() + ")";
        }
      }
      items.push_back(value + " AS " + QuoteIdentifier(field.name));
    }
  }
  return SelectFrom(items, context);
}

}  // namespace sluice::jobs::builtin
