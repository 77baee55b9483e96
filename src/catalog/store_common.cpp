#include "catalog/store_common.h"

#include <cstdint>
#include <random>

#include "core/error.h"

namespace sluice::catalog {

std::string FormatSeconds(int ms) {
  std::string text = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
    while (fraction.back() == '0') fraction.pop_back();
    text += "." + fraction;
  }
  return text + " s";
}

std::chrono::milliseconds Jittered(std::chrono::milliseconds delay) {
  std::random_device device;
  std::uniform_int_distribution<int64_t> distribution(delay.count() / 2, delay.count());
  return std::chrono::milliseconds(distribution(device));
}

std::string Qualified(std::string_view database, std::string_view name) {
  return std::string(database) + "." + std::string(name);
}

std::string JoinValues(const std::vector<std::string>& values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ", ";
    text += values[i];
  }
  return text + ")";
}

void CheckPartitionValueCount(const Table& table, const std::vector<std::string>& values) {
  const size_t num_keys = table.partition_keys.size();
  if (values.size() == num_keys) return;
  throw CatalogError("partition " + JoinValues(values) + " of table " + table.QualifiedName() + " has " +
                     std::to_string(values.size()) + (values.size() == 1 ? " value" : " values") +
                     "; the table has " + std::to_string(num_keys) +
                     (num_keys == 1 ? " partition key" : " partition keys"));
}

Table NewTableRow(const Table& table, Micros now) {
  Table stored = table;
  if (stored.created == 0) stored.created = now;
  if (stored.updated == 0) stored.updated = now;
  stored.version = 1;
  return stored;
}

bool SchemaChanged(const Table& before, const Table& after) {
  return after.columns != before.columns || after.partition_keys != before.partition_keys;
}

Table UpdatedTableRow(const Table& before, const Table& table, Micros now) {
  Table stored = table;
  stored.created = before.created;
  stored.updated = now;
  stored.version = before.version + (SchemaChanged(before, table) ? 1 : 0);
  return stored;
}

Table RenamedTableRow(const Table& before, const Table& renamed, Micros now, bool target_taken) {
  if (target_taken) {
    throw CatalogError("cannot rename table " + before.QualifiedName() + " to " + renamed.QualifiedName() +
                       ": table " + renamed.QualifiedName() + " already exists");
  }
  Table stored = renamed;
  stored.created = before.created;
  stored.updated = now;
  stored.version = before.version + 1;
  return stored;
}

std::string LocationPrefix(std::string_view location) {
  while (location.size() > 1 && location.back() == '/') location.remove_suffix(1);
  return std::string(location);
}

}  // namespace sluice::catalog
