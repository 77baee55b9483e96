#include "engine/catalog_resolver.h"

#include <cctype>

#include "core/ascii.h"
#include "core/error.h"
#include "engine/catalog_table_source.h"
#include "sql/parser/identifier.h"

namespace sluice::engine {

std::pair<std::string, std::string> ResolveTableName(const sql::QualifiedName& name,
                                                     const std::string& current_database) {
  const auto& parts = name.parts;
  switch (parts.size()) {
    case 1:
      if (current_database.empty()) {
        throw CatalogError("table '" + parts[0].name +
                           "' does not exist: there is no current database (USE db, or --database), so name "
                           "catalog tables as database.table");
      }
      return {current_database, AsciiLower(parts[0].name)};
    case 2:
      return {AsciiLower(parts[0].name), AsciiLower(parts[1].name)};
    case 3:
      if (AsciiLower(parts[0].name) != "awsdatacatalog") {
        throw CatalogError("catalog '" + parts[0].name + "' does not exist (the lake's catalog is awsdatacatalog)");
      }
      return {AsciiLower(parts[1].name), AsciiLower(parts[2].name)};
    default:
      throw CatalogError("'" + name.ToString() + "' has too many parts for a table name");
  }
}

const sql::ViewDefinition* CatalogResolver::FindView(std::string_view name) const {
  return views_ == nullptr ? nullptr : views_->FindView(name);
}

std::optional<sql::CatalogRelation> CatalogResolver::FindCatalogRelation(const sql::QualifiedName& name) const {
  if (temp_ != nullptr && name.parts.size() == 1) {
    if (std::optional<catalog::Table> table =
            temp_->store->GetTable(kTemporaryDatabase, AsciiLower(name.parts[0].name))) {
      return Relation(*temp_, *table);
    }
  }
  if (catalog_ == nullptr || catalog_->store == nullptr) {
    if (temp_ != nullptr && name.parts.size() == 1) {
      throw CatalogError("table '" + AsciiLower(name.parts[0].name) + "' does not exist");
    }
    return std::nullopt;
  }
  auto [database, table_name] = ResolveTableName(name, current_database_);
  catalog::CatalogStore& store = *catalog_->store;
  std::optional<catalog::Table> table = store.GetTable(database, table_name);
  if (!table) {
    if (!store.GetDatabase(database)) throw CatalogError("database '" + database + "' does not exist");
    throw CatalogError("table '" + database + "." + table_name + "' does not exist");
  }
  return Relation(*catalog_, *table);
}

namespace {

/// Cuts `source`'s pending partitions and their listings to the files of `only`.
void RestrictToFiles(sql::TableSource& source, const CatalogContext& context,
                     const std::shared_ptr<const std::set<std::string>>& only) {
  auto list = std::make_shared<sql::PartitionList>(*source.pending);
  std::vector<sql::PendingPartition> kept;
  for (sql::PendingPartition& partition : list->partitions) {
    // A partition none of whose folder holds a chosen file is not even listed.
    std::string folder = ResolveCatalogPath(context, partition.location) + "/";
    auto it = only->lower_bound(folder);
    if (it != only->end() && it->compare(0, folder.size(), folder) == 0) kept.push_back(std::move(partition));
  }
  list->partitions = std::move(kept);
  source.num_partitions = list->partitions.size();
  list->list_files = [inner = list->list_files, only](const std::string& location) {
    std::vector<std::string> files = inner(location);
    std::erase_if(files, [&](const std::string& file) { return only->count(file) == 0; });
    return files;
  };
  source.pending = std::move(list);
}

}  // namespace

std::optional<sql::CatalogRelation> CatalogResolver::Relation(const CatalogContext& context,
                                                              const catalog::Table& found) const {
  const catalog::Table* table = &found;
  catalog::CatalogStore& store = *context.store;
  const std::string& database = table->database;
  const std::string& table_name = table->name;
  sql::CatalogRelation relation;
  relation.name = table->QualifiedName();
  if (table->kind == catalog::TableKind::kView) {
    sql::ViewDefinition view;
    view.kind = sql::ViewDefinition::Kind::kView;
    view.name = relation.name;
    view.sql = table->view_sql;
    for (const catalog::Column& column : table->columns) view.columns.push_back(column.name);
    relation.view = std::move(view);
    relation.view_scope = std::make_shared<CatalogResolver>(nullptr, &context, table->database);
    return relation;
  }
  std::vector<catalog::Partition> partitions;
  if (table->is_partitioned()) partitions = store.ListPartitions(database, table_name);
  std::shared_ptr<const sql::TableSource> source = MakeCatalogTableSource(*table, partitions, context);
  if (path_context_ == &context && database == path_database_ && table_name == path_table_) {
    auto with_path = std::make_shared<sql::TableSource>(*source);
    with_path->schema.AddField(Field{std::string(kPathColumn), DataType::Varchar()});
    with_path->filename_column = true;
    if (only_files_ != nullptr && !restricted_ && with_path->pending != nullptr) {
      restricted_ = true;
      RestrictToFiles(*with_path, context, only_files_);
    }
    source = std::move(with_path);
  }
  if (restrictions_ != nullptr && &context == catalog_) {
    auto it = restrictions_->find({database, table_name});
    if (it != restrictions_->end() && source->pending != nullptr) {
      auto restricted = std::make_shared<sql::TableSource>(*source);
      RestrictToFiles(*restricted, context, it->second);
      source = std::move(restricted);
    }
  }
  relation.table = std::move(source);
  return relation;
}

}  // namespace sluice::engine
