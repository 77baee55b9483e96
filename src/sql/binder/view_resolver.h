#pragma once
// Named queries the binder expands where FROM names them: the session's views and the
// tables CREATE TABLE AS wrote (engine/session_views.h), and the catalog's tables and
// views (engine/catalog_resolver.h). A name in FROM resolves to a WITH query first,
// then through the binder's ViewResolver (Binder::set_views): a session view or table,
// then the catalog. A view's SQL is parsed and bound again at every reference
// (sql/binder/bind_view.cpp), as Trino expands views; a catalog table becomes a scan
// (sql/binder/bind_catalog_table.cpp).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::sql {

struct QualifiedName;
struct TableSource;
class ViewResolver;

/// A query stored under a name.
struct ViewDefinition {
  enum class Kind : uint8_t {
    kView,   ///< CREATE VIEW: the query as the user wrote it.
    kTable,  ///< CREATE TABLE AS: a query over the files written (generated SQL).
  };
  Kind kind = Kind::kView;
  /// The name as created (lower case unless quoted), for messages.
  std::string name;
  /// One query, without a trailing semicolon: what a reference binds.
  std::string sql;
  /// The query's column names when it was defined. A reference renames the query's
  /// columns to these; a query whose column count changed since is an error.
  std::vector<std::string> columns;
};

/// A table or view of the catalog that a name in FROM found
/// (ViewResolver::FindCatalogRelation).
struct CatalogRelation {
  /// "database.name", for messages.
  std::string name;
  /// A table: its source, with the partitions still pending (planner/table_source.h:
  /// pruning drops partitions before any folder is listed).
  std::shared_ptr<const TableSource> table;
  /// A view: its definition, bound with `view_scope` resolving the names of its query
  /// (the view's database is the current one there; session views are not visible).
  std::optional<ViewDefinition> view;
  std::shared_ptr<const ViewResolver> view_scope;
};

/// Looks up named queries while a statement is bound. The binder keeps the returned
/// pointer only while it binds; the resolver must not change meanwhile.
class ViewResolver {
 public:
  virtual ~ViewResolver() = default;
  /// The definition named `name` (case-insensitive), or null when there is none.
  virtual const ViewDefinition* FindView(std::string_view name) const = 0;
  /// The catalog table or view `name` names — one part: in the current database;
  /// two: database.table; three: awsdatacatalog.database.table — or nullopt when no
  /// catalog is attached. With a catalog, an unknown database or table throws
  /// CatalogError naming it. Called after WITH queries and FindView found nothing.
  virtual std::optional<CatalogRelation> FindCatalogRelation(const QualifiedName& name) const {
    (void)name;
    return std::nullopt;
  }
};

}  // namespace sluice::sql
