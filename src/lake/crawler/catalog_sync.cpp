#include "lake/crawler/catalog_sync.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/error.h"
#include "formats/hive_partitioning.h"
#include "sql/planner/table_source.h"

namespace sluice::lake::crawler {

namespace {

constexpr size_t kMaxExamples = 20;
constexpr std::string_view kDeprecatedParameter = "deprecated_by_crawler";

const catalog::Column* FindColumn(const std::vector<catalog::Column>& columns, const std::string& name) {
  for (const catalog::Column& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

std::string ColumnsText(const std::vector<catalog::Column>& columns) {
  std::string text = "(";
  for (const catalog::Column& column : columns) {
    if (text.size() > 1) text += ", ";
    text += column.name + " " + column.type.ToString();
  }
  return text + ")";
}

std::string OptionsText(const std::map<std::string, std::string>& options) {
  std::string text;
  for (const auto& [key, value] : options) text += (text.empty() ? "" : ", ") + key + "=" + value;
  return "{" + text + "}";
}

std::vector<std::string> DescribeColumnChanges(const std::vector<catalog::Column>& before,
                                               const std::vector<catalog::Column>& after) {
  std::vector<std::string> changes;
  for (const catalog::Column& column : after) {
    const catalog::Column* old = FindColumn(before, column.name);
    if (old == nullptr) {
      changes.push_back("added column " + column.name + " " + column.type.ToString());
    } else if (old->type != column.type) {
      changes.push_back("column " + column.name + ": " + old->type.ToString() + " -> " + column.type.ToString());
    }
  }
  for (const catalog::Column& column : before) {
    if (FindColumn(after, column.name) == nullptr) changes.push_back("removed column " + column.name);
  }
  if (changes.empty() && before != after) changes.push_back("columns reordered");
  return changes;
}

/// add_new_columns: `before` with types widened and new columns appended.
std::vector<catalog::Column> AddNewColumns(const std::vector<catalog::Column>& before,
                                           const std::vector<catalog::Column>& desired, sql::TableFormat format,
                                           bool* everything_applied) {
  std::vector<catalog::Column> merged = before;
  for (const catalog::Column& column : desired) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const catalog::Column& c) { return c.name == column.name; });
    if (it == merged.end()) {
      merged.push_back(column);
      continue;
    }
    std::optional<DataType> widened = sql::UnifyColumnType(format, it->type, column.type);
    if (!widened) {
      *everything_applied = false;
    } else {
      if (*widened != column.type) *everything_applied = false;  // the table stays wider
      it->type = *widened;
    }
  }
  for (const catalog::Column& column : before) {
    if (FindColumn(desired, column.name) == nullptr) *everything_applied = false;
  }
  return merged;
}

bool SameKeyNames(const std::vector<catalog::Column>& a, const std::vector<catalog::Column>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name) return false;
  }
  return true;
}

/// Everything but the times and version, which the store sets.
bool SameDefinition(const catalog::Table& a, const catalog::Table& b) {
  return a.columns == b.columns && a.partition_keys == b.partition_keys && a.location == b.location &&
         a.format == b.format && a.format_options == b.format_options && a.parameters == b.parameters &&
         a.stats == b.stats && a.kind == b.kind;
}

class Syncer {
 public:
  Syncer(catalog::CatalogWriter& writer, const SyncRequest& request)
      : writer_(writer), request_(request), cause_{"crawler", request.crawler, request.run_id} {}

  SyncResult Run() {
    std::set<std::string> planned;
    for (const TablePlan& plan : *request_.plans) {
      planned.insert(plan.name);
      SyncTable(plan);
    }
    for (const auto& [name, location] : request_.previous_tables) {
      if (!planned.contains(name)) VanishedTable(name, location);
    }
    std::sort(result_.tables.begin(), result_.tables.end(),
              [](const TableOutcome& a, const TableOutcome& b) { return a.table < b.table; });
    return std::move(result_);
  }

 private:
  void Warn(const std::string& path, std::string message) {
    result_.warnings.push_back(CrawlWarning{path, std::move(message)});
  }

  catalog::Table Desired(const TablePlan& plan) const {
    catalog::Table table;
    table.database = request_.database;
    table.name = plan.name;
    table.kind = catalog::TableKind::kExternal;
    table.columns = plan.schema.columns;
    table.partition_keys = plan.partition_keys;
    table.location = request_.catalog_path(plan.location);
    table.format = plan.schema.format;
    table.format_options = plan.schema.format_options;
    table.parameters = DesiredParameters(plan);
    if (plan.partition_keys.empty()) table.stats = plan.stats;
    return table;
  }

  std::map<std::string, std::string> DesiredParameters(const TablePlan& plan) const {
    std::map<std::string, std::string> parameters;
    parameters["classification"] = std::string(catalog::StorageFormatName(plan.schema.format));
    parameters["compressionType"] = plan.compression;
    parameters["crawler"] = request_.crawler;
    if (request_.partition_discovery) parameters["partition_discovery"] = "true";
    return parameters;
  }

  std::vector<catalog::Partition> DesiredPartitions(const TablePlan& plan) const {
    std::vector<catalog::Partition> partitions;
    partitions.reserve(plan.partitions.size());
    for (const PartitionPlan& partition : plan.partitions) {
      catalog::Partition p;
      p.values = partition.values;
      p.location = request_.catalog_path(partition.folder);
      p.stats = partition.stats;
      partitions.push_back(std::move(p));
    }
    return partitions;
  }

  void SyncTable(const TablePlan& plan) {
    TableOutcome outcome;
    outcome.table = plan.name;
    catalog::Table desired = Desired(plan);
    std::optional<catalog::Table> existing = writer_.GetTable(request_.database, plan.name);
    if (!existing) {
      writer_.CreateTable(desired, cause_, false);
      std::vector<catalog::Partition> partitions = DesiredPartitions(plan);
      if (!partitions.empty()) writer_.PutPartitions(request_.database, plan.name, partitions);
      outcome.action = "created";
      outcome.version = 1;
      outcome.partitions_added = partitions.size();
      for (size_t i = 0; i < partitions.size() && i < kMaxExamples; ++i) {
        outcome.added_examples.push_back(PartitionName(desired.partition_keys, partitions[i].values));
      }
      result_.owned_tables[plan.name] = plan.location;
      result_.tables.push_back(std::move(outcome));
      return;
    }
    bool ours = existing->parameters.count("crawler") && existing->parameters.at("crawler") == request_.crawler;
    ours = ours || request_.previous_tables.contains(plan.name) || existing->location == desired.location;
    if (existing->kind == catalog::TableKind::kView || !ours) {
      Warn(plan.location, "table " + request_.database + "." + plan.name + " exists (" +
                              (existing->kind == catalog::TableKind::kView ? std::string("a view")
                                                                           : "location " + existing->location) +
                              ") and was not made by crawler " + request_.crawler + "; left as it is");
      outcome.action = "skipped";
      result_.tables.push_back(std::move(outcome));
      return;
    }
    catalog::Table next = ApplySchemaPolicy(*existing, desired, &outcome);
    for (const auto& [key, value] : desired.parameters) next.parameters[key] = value;
    if (!request_.partition_discovery) next.parameters.erase("partition_discovery");
    next.parameters.erase(std::string(kDeprecatedParameter));
    next.stats = next.partition_keys.empty() ? desired.stats : catalog::PartitionStats{};
    bool keys_replaced = !SameKeyNames(existing->partition_keys, next.partition_keys);
    outcome.version = existing->version;
    if (!SameDefinition(*existing, next)) {
      outcome.version = writer_.UpdateTable(next, cause_);
      outcome.action = "updated";
    } else {
      outcome.action = "unchanged";
    }
    SyncPartitions(plan, *existing, next, keys_replaced, &outcome);
    if (outcome.action == "unchanged" && (outcome.partitions_added || outcome.partitions_updated ||
                                          outcome.partitions_removed || outcome.partitions_deprecated)) {
      outcome.action = "updated";
    }
    result_.owned_tables[plan.name] = plan.location;
    result_.tables.push_back(std::move(outcome));
  }

  /// The table after the schema-change policy; fills outcome.schema_changes.
  catalog::Table ApplySchemaPolicy(const catalog::Table& existing, const catalog::Table& desired,
                                   TableOutcome* outcome) const {
    std::vector<std::string>& changes = outcome->schema_changes;
    changes = DescribeColumnChanges(existing.columns, desired.columns);
    if (existing.partition_keys != desired.partition_keys) {
      changes.push_back("partition keys: " + ColumnsText(existing.partition_keys) + " -> " +
                        ColumnsText(desired.partition_keys));
    }
    if (existing.format != desired.format || existing.format_options != desired.format_options) {
      changes.push_back("format: " + std::string(catalog::StorageFormatName(existing.format)) + " " +
                        OptionsText(existing.format_options) + " -> " +
                        std::string(catalog::StorageFormatName(desired.format)) + " " +
                        OptionsText(desired.format_options));
    }
    if (existing.location != desired.location) {
      changes.push_back("location: " + existing.location + " -> " + desired.location);
    }
    catalog::Table next = existing;
    switch (request_.schema_change) {
      case SchemaChangePolicy::kUpdate:
        next.columns = desired.columns;
        next.partition_keys = desired.partition_keys;
        next.format = desired.format;
        next.format_options = desired.format_options;
        next.location = desired.location;
        break;
      case SchemaChangePolicy::kAddNewColumns: {
        bool applied = true;
        next.columns = AddNewColumns(existing.columns, desired.columns, ToTableFormat(existing.format), &applied);
        if (SameKeyNames(existing.partition_keys, desired.partition_keys)) {
          next.partition_keys = AddNewColumns(existing.partition_keys, desired.partition_keys,
                                              sql::TableFormat::kCsv, &applied);
        } else {
          applied = false;
        }
        if (existing.format != desired.format || existing.format_options != desired.format_options ||
            existing.location != desired.location) {
          applied = false;
        }
        outcome->schema_applied = applied;
        break;
      }
      case SchemaChangePolicy::kLog: outcome->schema_applied = changes.empty(); break;
    }
    return next;
  }

  void SyncPartitions(const TablePlan& plan, const catalog::Table& existing, const catalog::Table& next,
                      bool keys_replaced, TableOutcome* outcome) {
    const std::string& db = request_.database;
    if (keys_replaced && !existing.partition_keys.empty()) {
      // The partition layout changed (and the policy applied it): the old partitions
      // cannot be matched with the new ones.
      std::vector<std::vector<std::string>> all;
      for (catalog::Partition& partition : writer_.ListPartitions(db, plan.name)) {
        AddExample(&outcome->removed_examples, existing.partition_keys, partition.values);
        all.push_back(std::move(partition.values));
      }
      if (!all.empty()) outcome->partitions_removed += writer_.DropPartitions(db, plan.name, all);
    }
    if (next.partition_keys.empty()) return;
    if (!SameKeyNames(next.partition_keys, plan.partition_keys)) {
      Warn(plan.location, "the folders of table " + db + "." + plan.name + " now have partition keys " +
                              ColumnsText(plan.partition_keys) + ", the table " + ColumnsText(next.partition_keys) +
                              "; partitions not updated under the schema-change policy");
      return;
    }
    std::map<std::vector<std::string>, catalog::Partition> current;
    for (catalog::Partition& partition : writer_.ListPartitions(db, plan.name)) {
      std::vector<std::string> values = partition.values;
      current.emplace(std::move(values), std::move(partition));
    }
    std::vector<catalog::Partition> put;
    std::set<std::vector<std::string>> seen;
    for (catalog::Partition& partition : DesiredPartitions(plan)) {
      seen.insert(partition.values);
      auto it = current.find(partition.values);
      if (it == current.end()) {
        ++outcome->partitions_added;
        AddExample(&outcome->added_examples, next.partition_keys, partition.values);
        put.push_back(std::move(partition));
      } else if (it->second.location != partition.location || it->second.stats != partition.stats ||
                 it->second.deprecated) {
        ++outcome->partitions_updated;
        put.push_back(std::move(partition));
      }
    }
    std::vector<std::vector<std::string>> drop;
    for (auto& [values, partition] : current) {
      if (seen.contains(values)) continue;
      switch (request_.deletion) {
        case DeletionPolicy::kDelete:
          AddExample(&outcome->removed_examples, next.partition_keys, values);
          drop.push_back(values);
          break;
        case DeletionPolicy::kDeprecate:
          if (!partition.deprecated) {
            ++outcome->partitions_deprecated;
            AddExample(&outcome->removed_examples, next.partition_keys, values);
            partition.deprecated = true;
            put.push_back(partition);
          }
          break;
        case DeletionPolicy::kIgnore: break;
      }
    }
    if (!put.empty()) writer_.PutPartitions(db, plan.name, put);
    if (!drop.empty()) outcome->partitions_removed += writer_.DropPartitions(db, plan.name, drop);
  }

  void VanishedTable(const std::string& name, const std::string& location) {
    std::optional<catalog::Table> existing = writer_.GetTable(request_.database, name);
    if (!existing) return;  // dropped by someone else: forgotten
    TableOutcome outcome;
    outcome.table = name;
    outcome.version = existing->version;
    switch (request_.deletion) {
      case DeletionPolicy::kDelete:
        writer_.DropTable(request_.database, name, true);
        outcome.action = "deleted";
        outcome.version = 0;
        result_.tables.push_back(std::move(outcome));
        return;
      case DeletionPolicy::kDeprecate: {
        result_.owned_tables[name] = location;
        if (existing->parameters.contains(std::string(kDeprecatedParameter))) return;
        catalog::Table next = *existing;
        next.parameters[std::string(kDeprecatedParameter)] = request_.crawler;
        outcome.version = writer_.UpdateTable(next, cause_);
        if (existing->is_partitioned()) {
          std::vector<catalog::Partition> put;
          for (catalog::Partition& partition : writer_.ListPartitions(request_.database, name)) {
            if (partition.deprecated) continue;
            partition.deprecated = true;
            put.push_back(std::move(partition));
          }
          outcome.partitions_deprecated = put.size();
          if (!put.empty()) writer_.PutPartitions(request_.database, name, put);
        }
        outcome.action = "deprecated";
        result_.tables.push_back(std::move(outcome));
        return;
      }
      case DeletionPolicy::kIgnore: result_.owned_tables[name] = location; return;
    }
  }

  static void AddExample(std::vector<std::string>* examples, const std::vector<catalog::Column>& keys,
                         const std::vector<std::string>& values) {
    if (examples->size() < kMaxExamples) examples->push_back(PartitionName(keys, values));
  }

  catalog::CatalogWriter& writer_;
  const SyncRequest& request_;
  catalog::ChangeCause cause_;
  SyncResult result_;
};

}  // namespace

std::string PartitionName(const std::vector<catalog::Column>& keys, const std::vector<std::string>& values) {
  std::string name;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) name += '/';
    name += i < keys.size() ? keys[i].name : "?";
    name += '=';
    name += formats::EscapeHivePathValue(values[i]);
  }
  return name;
}

SyncResult SyncCatalog(catalog::CatalogWriter& writer, const SyncRequest& request) {
  return Syncer(writer, request).Run();
}

}  // namespace sluice::lake::crawler
