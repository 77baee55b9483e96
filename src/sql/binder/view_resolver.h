#pragma once
// Named queries the binder expands where FROM names them: the session's views and the
// tables CREATE TABLE AS wrote (engine/session_views.h), later the catalog's views.
// A name in FROM resolves to a WITH query first, then through the binder's
// ViewResolver (Binder::set_views); the definition's SQL is parsed and bound again at
// every reference (sql/binder/bind_view.cpp), as Trino expands views.

#include <string>
#include <string_view>
#include <vector>

namespace sluice::sql {

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

/// Looks up named queries while a statement is bound. The binder keeps the returned
/// pointer only while it binds; the resolver must not change meanwhile.
class ViewResolver {
 public:
  virtual ~ViewResolver() = default;
  /// The definition named `name` (case-insensitive), or null when there is none.
  virtual const ViewDefinition* FindView(std::string_view name) const = 0;
};

}  // namespace sluice::sql
