#pragma once
// The SQLite catalog's own schema, as numbered migrations. The file's version is
// PRAGMA user_version (in the database header, so it changes atomically with the
// migration's transaction); schema_migrations keeps when each migration ran.
// A migration is never edited once released: a change of schema is a new migration
// appended to the list in sqlite_migrations.cpp.

#include "catalog/sqlite_connection.h"

namespace sluice::catalog {

/// The newest schema version this binary knows (its last migration).
int SqliteSchemaVersion();

/// The schema version of the open file (0 for a new, empty file).
int ReadSqliteSchemaVersion(SqliteConnection& connection);

/// Brings the file to SqliteSchemaVersion(): runs every migration newer than its
/// version. Call inside a write transaction (BEGIN IMMEDIATE), so that two processes
/// opening a new catalog at once migrate it once. CatalogError naming the file and
/// both versions when the file is newer than this binary.
void MigrateSqliteCatalog(SqliteConnection& connection);

}  // namespace sluice::catalog
