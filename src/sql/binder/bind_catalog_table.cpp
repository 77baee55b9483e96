// Catalog tables and views in FROM: a name that is no WITH query and no session view
// or table is looked up in the catalog through the statement's ViewResolver
// (FindCatalogRelation). A table becomes a scan of a TableSource whose schema is the
// catalog's (no file is opened while binding) and whose partitions are pending: the
// optimizer prunes them by their values and lists the folders of those left
// (planner/rules/partition_pruning.cpp, list_partition_files.cpp). A view is expanded
// as a session view is, its names resolved in its own database.

#include "core/error.h"
#include "sql/binder/binder.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/table_source.h"

namespace sluice::sql {

LogicalPlanPtr Binder::BindCatalogTable(const BaseTableRef& table) const {
  const Binder* root = this;
  while (root->views_ == nullptr && root->parent_ != nullptr) root = root->parent_;
  if (root->views_ == nullptr) return nullptr;
  std::optional<CatalogRelation> relation;
  try {
    relation = root->views_->FindCatalogRelation(table.name);
  } catch (const CatalogError& error) {
    ThrowBinderError(sql_, table.position, error.what());
  }
  if (!relation) return nullptr;
  if (relation->view) {
    return BindStoredView(*relation->view, relation->view_scope.get(), root->view_path_, table.position);
  }
  SLUICE_ASSERT(relation->table != nullptr, "a catalog relation is a table or a view");
  std::vector<size_t> columns;
  for (size_t i = 0; i < relation->table->schema.num_fields(); ++i) columns.push_back(i);
  return std::make_shared<LogicalScan>(relation->table, std::move(columns));
}

}  // namespace sluice::sql
