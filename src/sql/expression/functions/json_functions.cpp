// JSON text functions with Trino's names, over JSON held in VARCHAR (Sluice has no JSON
// type): json_extract_scalar(json, path) → varchar and json_extract(json, path) → varchar
// (the JSON text of the value, where Trino returns its JSON type). Paths are Trino's
// simple JSONPath subset: `$`, then `.name`, `["name"]` / `['name']` and `[index]`;
// wildcards and recursive descent are refused. A constant path is parsed once at bind
// time. Used by the jobs' flatten step (jobs/builtin_steps.cpp).
//
// NULL results, as Trino: a missing key or index, a value of the wrong kind (an object
// under json_extract_scalar; JSON null under either) and text that is not JSON where
// the path leads. Documents are read with simdjson's on-demand parser, so text after
// the value the path reaches is not checked.

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/value.h"
#include "sql/expression/function_registry.h"
#include "sql/expression/functions/builtin_functions.h"

namespace sluice::sql {

namespace {

std::string_view Text(const Operand& operand, uint32_t row) { return operand.Get<StringRef>(row).view(); }

/// One step of a path: an object key, or an array index when `index` ≥ 0.
struct JsonPathStep {
  std::string key;
  int64_t index = -1;
};

[[noreturn]] void InvalidPath(std::string_view path, const std::string& why) {
  throw InvalidArgumentError("Invalid JSON path: '" + std::string(path) + "' (" + why + ")");
}

/// `["name"]`, `['name']` (backslash escapes the next character) or `[123]` at path[i]
/// (the '['); advances i past the ']'.
JsonPathStep ParseBracket(std::string_view path, size_t* i) {
  size_t at = *i + 1;
  JsonPathStep step;
  if (at < path.size() && (path[at] == '"' || path[at] == '\'')) {
    const char quote = path[at++];
    while (at < path.size() && path[at] != quote) {
      if (path[at] == '\\' && at + 1 < path.size()) ++at;
      step.key.push_back(path[at++]);
    }
    if (at >= path.size()) InvalidPath(path, "unclosed quote");
    ++at;
  } else {
    const size_t start = at;
    while (at < path.size() && path[at] >= '0' && path[at] <= '9') ++at;
    if (at == start) InvalidPath(path, at < path.size() && path[at] == '*' ? "wildcards are not supported" : "expected an index or a quoted name after '['");
    if (at - start > 18) InvalidPath(path, "index too large");
    step.index = std::stoll(std::string(path.substr(start, at - start)));
  }
  if (at >= path.size() || path[at] != ']') InvalidPath(path, "expected ']'");
  *i = at + 1;
  return step;
}

/// Parses `$.a.b[0]["c d"]`; InvalidArgumentError naming the path otherwise.
std::vector<JsonPathStep> ParseJsonPath(std::string_view path) {
  size_t i = 0;
  while (i < path.size() && path[i] == ' ') ++i;
  if (i >= path.size() || path[i] != '$') InvalidPath(path, "a path starts with '$'");
  ++i;
  std::vector<JsonPathStep> steps;
  while (i < path.size()) {
    if (path[i] == '.') {
      const size_t start = ++i;
      while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
      if (i == start) InvalidPath(path, "'..' (recursive descent) and an empty name are not supported");
      JsonPathStep step;
      step.key.assign(path.substr(start, i - start));
      if (step.key == "*") InvalidPath(path, "wildcards are not supported");
      steps.push_back(std::move(step));
    } else if (path[i] == '[') {
      steps.push_back(ParseBracket(path, &i));
    } else {
      InvalidPath(path, "unexpected '" + std::string(1, path[i]) + "'");
    }
  }
  return steps;
}

struct JsonPathData : FunctionData {
  std::vector<JsonPathStep> steps;
};

std::shared_ptr<const FunctionData> BindJsonPath(std::span<const Value* const> constants) {
  const Value* path = constants[1];
  if (path == nullptr || path->is_null()) return nullptr;
  auto data = std::make_shared<JsonPathData>();
  data->steps = ParseJsonPath(path->string());
  return data;
}

/// The text of a scalar's token as written (the raw text of a number, a boolean, a
/// quoted string); empty on error.
std::string_view RawToken(simdjson::ondemand::value& value) { return value.raw_json_token(); }
std::string_view RawToken(simdjson::ondemand::document& document) {
  std::string_view view;
  return document.raw_json_token().get(view) == simdjson::SUCCESS ? view : std::string_view();
}

/// The text a function returns for `value` (a document or a value), or false for NULL.
/// kScalar: strings unescaped, numbers and booleans as written, no objects or arrays.
/// Otherwise: the value's JSON text as written (Trino re-serializes it).
template <bool kScalar, typename T>
bool Emit(T& value, std::string* text) {
  using simdjson::ondemand::json_type;
  json_type type;
  if (value.type().get(type) != simdjson::SUCCESS || type == json_type::null) return false;
  std::string_view view;
  if (type == json_type::string && kScalar) {
    if (value.get_string().get(view) != simdjson::SUCCESS) return false;
  } else if (type == json_type::object || type == json_type::array) {
    if (kScalar) return false;
    if (type == json_type::object) {
      simdjson::ondemand::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS || object.raw_json().get(view) != simdjson::SUCCESS) {
        return false;
      }
    } else {
      simdjson::ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS || array.raw_json().get(view) != simdjson::SUCCESS) {
        return false;
      }
    }
  } else {
    view = RawToken(value);
    if (view.empty()) return false;
  }
  while (!view.empty() && (view.back() == ' ' || view.back() == '\t' || view.back() == '\n' || view.back() == '\r')) {
    view.remove_suffix(1);
  }
  text->assign(view);
  return true;
}

/// Follows `steps` from `value`; false when a step finds nothing.
bool Follow(simdjson::ondemand::value value, const std::vector<JsonPathStep>& steps, size_t next,
            simdjson::ondemand::value* found) {
  for (; next < steps.size(); ++next) {
    const JsonPathStep& step = steps[next];
    if (step.index < 0) {
      simdjson::ondemand::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return false;
      if (object.find_field_unordered(step.key).get(value) != simdjson::SUCCESS) return false;
    } else {
      simdjson::ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return false;
      int64_t position = 0;
      bool hit = false;
      for (auto element : array) {
        simdjson::ondemand::value item;
        if (element.get(item) != simdjson::SUCCESS) return false;
        if (position++ == step.index) {
          value = item;
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
  }
  *found = value;
  return true;
}

/// The function's text for one document, or false for NULL.
template <bool kScalar>
bool Extract(simdjson::ondemand::parser& parser, std::string& padded, std::string_view json,
             const std::vector<JsonPathStep>& steps, std::string* text) {
  padded.assign(json);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  simdjson::ondemand::document document;
  if (parser.iterate(padded.data(), json.size(), padded.size()).get(document) != simdjson::SUCCESS) return false;
  if (steps.empty()) {
    if (!Emit<kScalar>(document, text)) return false;
  } else {
    simdjson::ondemand::value root, value;
    if (document.get_value().get(root) != simdjson::SUCCESS) return false;
    if (!Follow(root, steps, 0, &value) || !Emit<kScalar>(value, text)) return false;
  }
  return true;
}

template <bool kScalar>
void JsonExtract(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  thread_local simdjson::ondemand::parser parser;
  std::string padded, text, last_path;
  std::vector<JsonPathStep> row_steps;
  bool parsed = false;
  const auto* bound = static_cast<const JsonPathData*>(context.data);
  rows.ForEach([&](uint32_t row) {
    const std::vector<JsonPathStep>* steps = bound ? &bound->steps : &row_steps;
    if (bound == nullptr) {
      const std::string_view path = Text(args[1], row);
      if (!parsed || path != last_path) {
        row_steps = ParseJsonPath(path);
        last_path.assign(path);
        parsed = true;
      }
    }
    if (Extract<kScalar>(parser, padded, Text(args[0], row), *steps, &text)) {
      out->SetString(row, text);
    } else {
      out->SetNull(row);
    }
  });
}

}  // namespace

void RegisterJsonFunctions(FunctionRegistry* registry) {
  const DataType varchar = DataType::Varchar();
  registry->Register(ScalarFunction{.name = "json_extract_scalar", .parameters = {varchar, varchar},
                                    .return_type = varchar, .kernel = &JsonExtract<true>,
                                    .bind_data = &BindJsonPath});
  registry->Register(ScalarFunction{.name = "json_extract", .parameters = {varchar, varchar}, .return_type = varchar,
                                    .kernel = &JsonExtract<false>, .bind_data = &BindJsonPath});
}

}  // namespace sluice::sql
