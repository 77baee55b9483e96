#pragma once
// The names a statement's FROM can reach, in the order they are tried after WITH
// queries: the session's views and CREATE TABLE AS tables (session_views.h), then
// the attached catalog's tables and views — unqualified names in the current
// database, `db.table`, `awsdatacatalog.db.table`. The binder asks through
// sql::ViewResolver; a catalog view's query is bound with a resolver of its own
// whose current database is the view's and which sees no session views (a stored
// view must not depend on one session's objects).

#include <memory>
#include <optional>
#include <string>

#include "engine/catalog_context.h"
#include "engine/session_views.h"
#include "sql/binder/view_resolver.h"

namespace sluice::engine {

/// One statement's name resolution. Holds pointers only: `views` and `catalog` (both
/// may be null) must outlive it.
class CatalogResolver : public sql::ViewResolver {
 public:
  CatalogResolver(const SessionViews* views, const CatalogContext* catalog, std::string current_database)
      : views_(views), catalog_(catalog), current_database_(std::move(current_database)) {}

  const sql::ViewDefinition* FindView(std::string_view name) const override;
  std::optional<sql::CatalogRelation> FindCatalogRelation(const sql::QualifiedName& name) const override;

 private:
  const SessionViews* views_;
  const CatalogContext* catalog_;
  std::string current_database_;
};

/// The database and table a (one-, two- or three-part) name means with
/// `current_database`, lower case. CatalogError for a name without a database when
/// there is no current one, a catalog other than awsdatacatalog, or too many parts.
std::pair<std::string, std::string> ResolveTableName(const sql::QualifiedName& name,
                                                     const std::string& current_database);

}  // namespace sluice::engine
