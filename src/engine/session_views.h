#pragma once
// The views and tables a QueryEngine session knows, without a catalog: CREATE VIEW
// stores a view's SQL text and column names; CREATE TABLE AS stores the files it wrote
// and a generated query that reads them back. Both live as long as the engine (one
// `sluice query` run, one `sluice sql` shell) and are the binder's ViewResolver: a
// name in FROM binds the stored query where it stands (sql/binder/bind_view.cpp).
// The catalog of a later issue plugs into the same resolver interface.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "sql/binder/view_resolver.h"
#include "sql/parser/identifier.h"

namespace sluice::engine {

/// Where the rows of a CREATE TABLE AS table live.
struct SessionTable {
  /// The table's folder, absolute.
  std::string location;
  /// Absolute paths of the data files the statement wrote, in the order written.
  std::vector<std::string> files;
  /// True when Sluice chose the location (no `location` property): DROP TABLE then
  /// deletes the files (and the folders they leave empty), as Trino's Hive connector
  /// drops a managed table. A table with an explicit location is external: DROP TABLE
  /// only forgets it.
  bool managed = false;
};

/// Session-scoped named queries. Names are case-insensitive (Trino folds identifiers
/// to lower case); one namespace holds views and tables. Not thread-safe: the engine
/// runs one statement at a time.
class SessionViews : public sql::ViewResolver {
 public:
  const sql::ViewDefinition* FindView(std::string_view name) const override;
  /// The table named `name`, or null when `name` is a view or unknown.
  const SessionTable* FindTable(std::string_view name) const;

  /// Adds `view`, replacing any view or table of its name.
  void PutView(sql::ViewDefinition view);
  /// Adds a table: `definition` reads `table`'s files back.
  void PutTable(sql::ViewDefinition definition, SessionTable table);
  /// Forgets `name`; false when there is no such view or table.
  bool Erase(std::string_view name);

  /// Every definition, by name.
  std::vector<const sql::ViewDefinition*> List() const;

 private:
  struct Entry {
    sql::ViewDefinition definition;
    std::optional<SessionTable> table;
  };
  std::map<std::string, Entry> entries_;  ///< By lower-case name.
};

/// The one-part name a view or table is stored under (lower case unless quoted).
/// Throws NotImplementedError for a qualified name: schemas come with the catalog.
std::string SessionObjectName(std::string_view sql, const sql::QualifiedName& name);

/// Checks that `schema` can be the columns of a stored view or table, as Trino does:
/// every column has a name (an expression without AS is named _colN: an error) and
/// no two names are equal (case-insensitive). BinderError at `position` otherwise;
/// `what` is "view" or "table".
void CheckStoredColumns(std::string_view sql, sql::SourcePosition position, const Schema& schema,
                        std::string_view what);

}  // namespace sluice::engine
