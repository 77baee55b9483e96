#pragma once
// How the SQLite catalog stores the model's composite values in single columns:
// columns and string maps as JSON text (readable with the sqlite3 shell), partition
// values as a binary key whose byte order is the order of ListPartitions.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"

namespace sluice::catalog {

/// Columns as a JSON array of {"name", "type" (DataType::ToString), "comment" (when
/// not empty), "not_null": true (only when set; absent reads as false)}.
std::string ColumnsToJson(const std::vector<Column>& columns);
/// The inverse of ColumnsToJson; CatalogError naming `what` (e.g. "columns of table
/// raw.events") when the text is damaged or a type does not parse.
std::vector<Column> ColumnsFromJson(std::string_view json, std::string_view what);

/// A string map as a JSON object.
std::string StringMapToJson(const std::map<std::string, std::string>& map);
std::map<std::string, std::string> StringMapFromJson(std::string_view json, std::string_view what);

/// Partition values as a JSON array of strings (for people reading the catalog).
std::string PartitionValuesToJson(const std::vector<std::string>& values);

/// Partition values as a key whose memcmp order is the values' order compared key by
/// key as byte strings: each value with 0x00 escaped as 0x00 0xFF, ended by 0x00 0x01.
/// Lossless for any bytes (folder names need not be UTF-8), so the store reads the
/// values back from it.
std::string EncodePartitionKey(const std::vector<std::string>& values);
/// The inverse of EncodePartitionKey; CatalogError naming `what` for a damaged key.
std::vector<std::string> DecodePartitionKey(std::string_view key, std::string_view what);

}  // namespace sluice::catalog
