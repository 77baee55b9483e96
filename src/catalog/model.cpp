#include "catalog/model.h"

#include <cctype>
#include <chrono>
#include <string>

#include "core/error.h"

namespace sluice::catalog {

Micros NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string_view TableKindName(TableKind kind) {
  switch (kind) {
    case TableKind::kExternal: return "EXTERNAL_TABLE";
    case TableKind::kManaged: return "MANAGED_TABLE";
    case TableKind::kView: return "VIRTUAL_VIEW";
  }
  return "EXTERNAL_TABLE";
}

TableKind ParseTableKind(std::string_view name) {
  if (name == "EXTERNAL_TABLE") return TableKind::kExternal;
  if (name == "MANAGED_TABLE") return TableKind::kManaged;
  if (name == "VIRTUAL_VIEW") return TableKind::kView;
  throw CatalogError("unknown table kind '" + std::string(name) +
                     "' in the catalog (expected EXTERNAL_TABLE, MANAGED_TABLE or VIRTUAL_VIEW)");
}

std::string_view StorageFormatName(StorageFormat format) {
  switch (format) {
    case StorageFormat::kCsv: return "csv";
    case StorageFormat::kJson: return "json";
    case StorageFormat::kParquet: return "parquet";
  }
  return "parquet";
}

StorageFormat ParseStorageFormat(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "csv") return StorageFormat::kCsv;
  if (lower == "json") return StorageFormat::kJson;
  if (lower == "parquet") return StorageFormat::kParquet;
  throw CatalogError("unknown storage format '" + std::string(name) + "' (expected csv, json or parquet)");
}

}  // namespace sluice::catalog
