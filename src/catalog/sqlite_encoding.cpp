#include "catalog/sqlite_encoding.h"

#include <nlohmann/json.hpp>

#include <string>

#include "core/error.h"

namespace sluice::catalog {

namespace {

using Json = nlohmann::json;

/// Text that is not valid UTF-8 (a Latin-1 comment) is stored with U+FFFD in place of
/// the bad bytes rather than refused: names and types are ASCII, only free text can
/// be affected.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

[[noreturn]] void Damaged(std::string_view what, std::string_view why) {
  throw CatalogError("the catalog is damaged: " + std::string(what) + " " + std::string(why));
}

Json Parse(std::string_view text, std::string_view what) {
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) Damaged(what, "are not valid JSON");
  return json;
}

std::string StringField(const Json& object, const char* field, std::string_view what) {
  auto it = object.find(field);
  if (it == object.end()) return std::string();
  if (!it->is_string()) Damaged(what, std::string("have a non-text \"") + field + "\"");
  return it->get<std::string>();
}

/// Absent is false.
bool BoolField(const Json& object, const char* field, std::string_view what) {
  auto it = object.find(field);
  if (it == object.end()) return false;
  if (!it->is_boolean()) Damaged(what, std::string("have a non-boolean \"") + field + "\"");
  return it->get<bool>();
}

}  // namespace

std::string ColumnsToJson(const std::vector<Column>& columns) {
  Json array = Json::array();
  for (const Column& column : columns) {
    Json object = {{"name", column.name}, {"type", column.type.ToString()}};
    if (!column.comment.empty()) object["comment"] = column.comment;
    // Written only when set, so catalogs from before NOT NULL read unchanged.
    if (column.not_null) object["not_null"] = true;
    array.push_back(std::move(object));
  }
  return Dump(array);
}

std::vector<Column> ColumnsFromJson(std::string_view json, std::string_view what) {
  const Json array = Parse(json, what);
  if (!array.is_array()) Damaged(what, "are not a JSON array");
  std::vector<Column> columns;
  columns.reserve(array.size());
  for (const Json& object : array) {
    if (!object.is_object()) Damaged(what, "hold a non-object entry");
    Column column;
    column.name = StringField(object, "name", what);
    column.comment = StringField(object, "comment", what);
    column.not_null = BoolField(object, "not_null", what);
    const std::string type = StringField(object, "type", what);
    try {
      column.type = DataType::Parse(type);
    } catch (const Error& e) {
      Damaged(what, "have column " + column.name + " of unknown type '" + type + "' (" + e.what() +
                        ")");
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

std::string StringMapToJson(const std::map<std::string, std::string>& map) {
  Json object = Json::object();
  for (const auto& [key, value] : map) object[key] = value;
  return Dump(object);
}

std::map<std::string, std::string> StringMapFromJson(std::string_view json, std::string_view what) {
  const Json object = Parse(json, what);
  if (!object.is_object()) Damaged(what, "are not a JSON object");
  std::map<std::string, std::string> map;
  for (const auto& [key, value] : object.items()) {
    if (!value.is_string()) Damaged(what, "have a non-text value for \"" + key + "\"");
    map.emplace(key, value.get<std::string>());
  }
  return map;
}

std::string PartitionValuesToJson(const std::vector<std::string>& values) {
  return Dump(Json(values));
}

std::string EncodePartitionKey(const std::vector<std::string>& values) {
  std::string key;
  for (const std::string& value : values) {
    for (char c : value) {
      key.push_back(c);
      if (c == '\0') key.push_back('\xff');
    }
    key.push_back('\0');
    key.push_back('\x01');
  }
  return key;
}

std::vector<std::string> DecodePartitionKey(std::string_view key, std::string_view what) {
  std::vector<std::string> values;
  std::string value;
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] != '\0') {
      value.push_back(key[i]);
      continue;
    }
    if (i + 1 >= key.size()) Damaged(what, "have a truncated partition key");
    ++i;
    if (key[i] == '\xff') {
      value.push_back('\0');
    } else if (key[i] == '\x01') {
      values.push_back(std::move(value));
      value.clear();
    } else {
      Damaged(what, "have a malformed partition key");
    }
  }
  if (!value.empty()) Damaged(what, "have a truncated partition key");
  return values;
}

}  // namespace sluice::catalog
