#pragma once
// Small helpers over simdjson's On-Demand values, shared by schema inference and the
// block parser. Internal to formats/json (includes simdjson).

#include <simdjson.h>

#include <cstring>
#include <string>
#include <string_view>

#include "formats/json/type_inference.h"

namespace sluice::json {

namespace ondemand = simdjson::ondemand;

/// Drops the JSON whitespace that simdjson's raw tokens carry after them.
inline std::string_view TrimJsonSpace(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

/// The key of `field`, unescaped. Points into the input when the key has no escapes,
/// else into the parser's string buffer (valid until the next document).
inline simdjson::error_code ReadKey(ondemand::field& field, std::string_view* key) {
  const char* raw = field.key().raw();
  const char* p = raw;
  while (*p != '"' && *p != '\\') ++p;  // stage 1 found the closing quote
  if (*p == '"') {
    *key = std::string_view(raw, static_cast<size_t>(p - raw));
    return simdjson::SUCCESS;
  }
  return field.unescaped_key().get(*key);
}

/// The contents of a string value, unescaped. `in_input` tells whether they point into
/// the input (no escapes: zero copy) or into the parser's string buffer.
inline simdjson::error_code ReadString(ondemand::value& value, std::string_view* contents,
                                       bool* in_input) {
  std::string_view raw = TrimJsonSpace(value.raw_json_token());
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
    std::string_view inner = raw.substr(1, raw.size() - 2);
    if (std::memchr(inner.data(), '\\', inner.size()) == nullptr) {
      ondemand::raw_json_string consumed;
      if (auto error = value.get_raw_json_string().get(consumed)) return error;
      *contents = inner;
      *in_input = true;
      return simdjson::SUCCESS;
    }
  }
  *in_input = false;
  return value.get_string().get(*contents);
}

/// The shape of any value (see type_inference.h). For strings, `contents` receives
/// the unescaped contents when given.
simdjson::error_code ShapeOf(ondemand::value& value, ValueShape* shape,
                             std::string_view* contents = nullptr);

/// The shape of a value without consuming it (strings with escapes count as plain
/// strings: no date has escapes). The value is validated only when it is read.
ValueShape PeekShape(ondemand::value& value);

/// Appends an object or array as compact JSON: whitespace between tokens dropped,
/// keys, strings and numbers exactly as they appear. Validates every value inside.
simdjson::error_code AppendCompactJson(ondemand::value& value, std::string* out);

/// A short user-facing description of a simdjson error ("unclosed string").
std::string DescribeJsonError(simdjson::error_code error);

/// The JSON text of a value for messages: its raw token (strings keep their quotes),
/// "an object"/"an array" for nested values, cut to a readable length.
std::string ValueForMessage(ondemand::value& value);

}  // namespace sluice::json
