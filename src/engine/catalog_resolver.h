#pragma once
// The names a statement's FROM can reach, in the order they are tried after WITH
// queries: the session's views and CREATE TABLE AS tables (session_views.h), then
// the attached catalog's tables and views — unqualified names in the current
// database, `db.table`, `awsdatacatalog.db.table`. The binder asks through
// sql::ViewResolver; a catalog view's query is bound with a resolver of its own
// whose current database is the view's and which sees no session views (a stored
// view must not depend on one session's objects).

#include <map>
#include <memory>
#include <optional>
#include <set>
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

  /// The session's temporary tables (database "temp" of `temp`, may be null): an
  /// unqualified name finds them before the current database.
  void set_temporary(const CatalogContext* temp) { temp_ = temp; }
  /// Scans of `database`.`table` in `context` get one more column, "$path" (varchar):
  /// the data file a row comes from (DELETE and UPDATE find the files to rewrite).
  /// With `only_files`, the first reference to the table — the FROM of a rewrite
  /// query, which the binder resolves before any subquery — reads just those files
  /// (absolute paths); later references (a subquery over the same table) read it all.
  void set_path_column(const CatalogContext* context, std::string database, std::string table,
                       std::shared_ptr<const std::set<std::string>> only_files = nullptr) {
    path_context_ = context;
    path_database_ = std::move(database);
    path_table_ = std::move(table);
    only_files_ = std::move(only_files);
  }

  /// Tables of the attached catalog whose every reference reads only the listed files
  /// (absolute paths; a job's bookmarked sources), by (database, table).
  using FileRestrictions = std::map<std::pair<std::string, std::string>, std::shared_ptr<const std::set<std::string>>>;
  void set_file_restrictions(const FileRestrictions* restrictions) { restrictions_ = restrictions; }

  const sql::ViewDefinition* FindView(std::string_view name) const override;
  std::optional<sql::CatalogRelation> FindCatalogRelation(const sql::QualifiedName& name) const override;

 private:
  std::optional<sql::CatalogRelation> Relation(const CatalogContext& context, const catalog::Table& table) const;

  const SessionViews* views_;
  const CatalogContext* catalog_;
  std::string current_database_;
  const CatalogContext* temp_ = nullptr;
  const CatalogContext* path_context_ = nullptr;
  std::string path_database_;
  std::string path_table_;
  std::shared_ptr<const std::set<std::string>> only_files_;
  mutable bool restricted_ = false;
  const FileRestrictions* restrictions_ = nullptr;  ///< only_files_ applied (to the first reference).
};

/// The column set_path_column adds.
inline constexpr std::string_view kPathColumn = "$path";

/// The name of the database that holds a session's temporary tables.
inline constexpr std::string_view kTemporaryDatabase = "temp";

/// The database and table a (one-, two- or three-part) name means with
/// `current_database`, lower case. CatalogError for a name without a database when
/// there is no current one, a catalog other than awsdatacatalog, or too many parts.
std::pair<std::string, std::string> ResolveTableName(const sql::QualifiedName& name,
                                                     const std::string& current_database);

}  // namespace sluice::engine
