#pragma once
// The catalog statements that need nothing of the engine but the attached catalog:
// DDL (catalog_ddl.cpp: CREATE/DROP DATABASE, USE, CREATE EXTERNAL TABLE, CREATE
// TABLE, DROP TABLE/VIEW, ALTER TABLE …, MSCK REPAIR TABLE) and reads
// (catalog_show.cpp: SHOW …, DESCRIBE). The engine dispatches them here
// (QueryEngine::RunCatalogStatement); CREATE VIEW, CREATE TABLE AS and INSERT INTO a
// catalog table need the binder and the writers and live with the engine
// (view_statements.cpp, catalog_write.cpp).
//
// Every change is one CatalogStore::Write (so it is atomic and retried when the
// store is busy) recorded with cause {"ddl", statement text}. Errors: CatalogError
// with a caret at the name for unknown or duplicate databases, tables and
// partitions; BinderError for values of the wrong type; NotImplementedError for
// storage Sluice cannot read.

#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "engine/catalog_context.h"
#include "engine/query_engine.h"
#include "sql/parser/show_statement.h"

namespace sluice::engine {

/// Runs a DDL statement (see the file comment); null result for any other kind.
std::optional<QueryResult> RunCatalogDdl(std::string_view sql, const sql::Statement& statement,
                                         CatalogContext& catalog);
/// Runs SHOW … / DESCRIBE; null result for any other kind.
std::optional<QueryResult> RunCatalogShow(std::string_view sql, const sql::Statement& statement,
                                          const CatalogContext& catalog);

/// Throws CatalogError with a caret at `position` in `sql`.
[[noreturn]] void ThrowCatalogError(std::string_view sql, sql::SourcePosition position, std::string_view message);

/// The catalog table `name` names (CatalogError with a caret when there is none).
catalog::Table LookupCatalogTable(std::string_view sql, const sql::QualifiedName& name, const CatalogContext& catalog);

/// The cause recorded with a change made by a statement (kind "ddl", "ctas",
/// "insert"…): its text `sql` (the statement's ToString), cut to 500 bytes.
catalog::ChangeCause StatementCause(std::string_view kind, std::string_view sql);

/// A result of varchar columns `names` and `rows` (one string per column).
QueryResult TextTable(const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& rows);

/// Where a new managed table `name` of `database` goes: <database location>/<name>,
/// unless another table of the database uses that folder (a renamed table keeps its
/// folder) or it holds files — then <name>-<8 hex digits>, so two tables never share
/// a folder. A catalog path.
std::string NewManagedLocation(const catalog::Database& database, const std::string& name,
                               const CatalogContext& catalog);

/// The folder name of one partition key value: key=<escaped value>.
std::string PartitionFolderName(const std::string& key, const std::string& value);

}  // namespace sluice::engine
