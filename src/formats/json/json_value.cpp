#include "formats/json/json_value.h"

#include <cstring>

namespace sluice::json {

namespace {

/// Deeper nesting is rejected (simdjson's own limit is 1024; ours keeps recursion small).
constexpr int kMaxNesting = 512;
/// Longest value text quoted in a message.
constexpr size_t kMaxMessageValue = 80;

/// End of the raw (escaped) key or string text starting after its opening quote.
/// The input passed simdjson's stage 1, so the closing quote exists.
const char* EndOfRawString(const char* p) {
  while (*p != '"') p += (*p == '\\') ? 2 : 1;
  return p;
}

simdjson::error_code AppendCompact(ondemand::value& value, std::string* out, int depth);

simdjson::error_code AppendCompactObject(ondemand::value& value, std::string* out, int depth) {
  ondemand::object object;
  if (auto error = value.get_object().get(object)) return error;
  out->push_back('{');
  bool first = true;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    if (!first) out->push_back(',');
    first = false;
    const char* raw = field.key().raw();
    out->push_back('"');
    out->append(raw, static_cast<size_t>(EndOfRawString(raw) - raw));
    out->append("\":");
    if (auto error = AppendCompact(field.value(), out, depth + 1)) return error;
  }
  out->push_back('}');
  return simdjson::SUCCESS;
}

simdjson::error_code AppendCompactArray(ondemand::value& value, std::string* out, int depth) {
  ondemand::array array;
  if (auto error = value.get_array().get(array)) return error;
  out->push_back('[');
  bool first = true;
  for (auto element_result : array) {
    ondemand::value element;
    if (auto error = std::move(element_result).get(element)) return error;
    if (!first) out->push_back(',');
    first = false;
    if (auto error = AppendCompact(element, out, depth + 1)) return error;
  }
  out->push_back(']');
  return simdjson::SUCCESS;
}

simdjson::error_code AppendCompact(ondemand::value& value, std::string* out, int depth) {
  if (depth > kMaxNesting) return simdjson::DEPTH_ERROR;
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::object: return AppendCompactObject(value, out, depth);
    case ondemand::json_type::array: return AppendCompactArray(value, out, depth);
    case ondemand::json_type::string: {
      std::string_view raw = TrimJsonSpace(value.raw_json_token());
      std::string_view contents;
      bool in_input;
      if (auto error = ReadString(value, &contents, &in_input)) return error;  // validates
      out->append(raw);
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::number: {
      std::string_view token = TrimJsonSpace(value.raw_json_token());
      ValueShape shape;
      if (!ClassifyNumber(token, &shape)) return simdjson::NUMBER_ERROR;
      out->append(token);
      return simdjson::SUCCESS;  // unconsumed scalars are skipped by the iteration
    }
    case ondemand::json_type::boolean: {
      bool flag;
      if (auto error = value.get_bool().get(flag)) return error;
      out->append(flag ? "true" : "false");
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::null: {
      bool is_null;
      if (auto error = value.is_null().get(is_null)) return error;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      out->append("null");
      return simdjson::SUCCESS;
    }
  }
  return simdjson::TAPE_ERROR;
}

}  // namespace

simdjson::error_code ShapeOf(ondemand::value& value, ValueShape* shape,
                             std::string_view* contents) {
  *shape = ValueShape{};
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::null: {
      bool is_null;
      if (auto error = value.is_null().get(is_null)) return error;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      shape->kind = ValueKind::kNull;
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::boolean: {
      bool flag;
      if (auto error = value.get_bool().get(flag)) return error;
      shape->kind = ValueKind::kBoolean;
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::number:
      return ClassifyNumber(TrimJsonSpace(value.raw_json_token()), shape) ? simdjson::SUCCESS
                                                                          : simdjson::NUMBER_ERROR;
    case ondemand::json_type::string: {
      std::string_view text;
      bool in_input;
      if (auto error = ReadString(value, &text, &in_input)) return error;
      shape->kind = ClassifyString(text);
      if (contents != nullptr) *contents = text;
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::object:
    case ondemand::json_type::array: shape->kind = ValueKind::kNested; return simdjson::SUCCESS;
  }
  return simdjson::TAPE_ERROR;
}

ValueShape PeekShape(ondemand::value& value) {
  ValueShape shape;
  ondemand::json_type type;
  if (value.type().get(type)) return shape;
  std::string_view raw = TrimJsonSpace(value.raw_json_token());
  switch (type) {
    case ondemand::json_type::null: break;
    case ondemand::json_type::boolean: shape.kind = ValueKind::kBoolean; break;
    case ondemand::json_type::number:
      if (!ClassifyNumber(raw, &shape)) shape.kind = ValueKind::kString;
      break;
    case ondemand::json_type::string: {
      std::string_view inner = raw.size() >= 2 ? raw.substr(1, raw.size() - 2) : std::string_view();
      shape.kind =
          inner.find('\\') == std::string_view::npos ? ClassifyString(inner) : ValueKind::kString;
      break;
    }
    case ondemand::json_type::object:
    case ondemand::json_type::array: shape.kind = ValueKind::kNested; break;
  }
  return shape;
}

simdjson::error_code AppendCompactJson(ondemand::value& value, std::string* out) {
  return AppendCompact(value, out, 0);
}

std::string DescribeJsonError(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::UNCLOSED_STRING: return "unclosed string";
    case simdjson::UNESCAPED_CHARS: return "unescaped control character in a string";
    case simdjson::STRING_ERROR: return "invalid escape sequence in a string";
    case simdjson::NUMBER_ERROR: return "malformed number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "malformed true/false/null";
    case simdjson::DEPTH_ERROR: return "nested too deeply";
    case simdjson::TRAILING_CONTENT: return "content after the object";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "object or array not closed";
    case simdjson::TAPE_ERROR: return "malformed JSON";
    case simdjson::INCORRECT_TYPE: return "malformed value";
    default: return std::string("invalid JSON (") + simdjson::error_message(error) + ")";
  }
}

std::string ValueForMessage(ondemand::value& value) {
  ondemand::json_type type;
  if (!value.type().get(type)) {
    if (type == ondemand::json_type::object) return "an object";
    if (type == ondemand::json_type::array) return "an array";
  }
  std::string_view token = TrimJsonSpace(value.raw_json_token());
  if (token.size() <= kMaxMessageValue) return std::string(token);
  return std::string(token.substr(0, kMaxMessageValue)) + "...";
}

}  // namespace sluice::json
