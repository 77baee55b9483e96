#include "catalog/sqlite_migrations.h"

#include <string>

#include "catalog/model.h"
#include "core/error.h"

namespace sluice::catalog {

namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Composite values are JSON text (catalog/sqlite_encoding.h). Tables are referenced by
// an integer id so that partitions and versions stay small and cascade on delete.
// Partitions are clustered by (table_id, value_key) (WITHOUT ROWID): listing a table's
// partitions in order is one range scan of the primary key.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied INTEGER NOT NULL
);

CREATE TABLE databases (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  location TEXT NOT NULL,
  parameters TEXT NOT NULL,
  created INTEGER NOT NULL
);

CREATE TABLE tables (
  id INTEGER PRIMARY KEY,
  database TEXT NOT NULL REFERENCES databases (name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  columns TEXT NOT NULL,
  partition_keys TEXT NOT NULL,
  location TEXT NOT NULL,
  format TEXT NOT NULL,
  format_options TEXT NOT NULL,
  parameters TEXT NOT NULL,
  owner TEXT NOT NULL,
  comment TEXT NOT NULL,
  view_sql TEXT NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  version INTEGER NOT NULL,
  stats_files INTEGER NOT NULL,
  stats_bytes INTEGER NOT NULL,
  stats_rows INTEGER NOT NULL,
  UNIQUE (database, name)
);

CREATE TABLE partitions (
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  value_key BLOB NOT NULL,
  value_json TEXT NOT NULL,
  location TEXT NOT NULL,
  stats_files INTEGER NOT NULL,
  stats_bytes INTEGER NOT NULL,
  stats_rows INTEGER NOT NULL,
  deprecated INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  PRIMARY KEY (table_id, value_key)
) WITHOUT ROWID;

CREATE TABLE table_versions (
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  time INTEGER NOT NULL,
  old_columns TEXT NOT NULL,
  new_columns TEXT NOT NULL,
  old_partition_keys TEXT NOT NULL,
  new_partition_keys TEXT NOT NULL,
  cause_kind TEXT NOT NULL,
  cause_detail TEXT NOT NULL,
  cause_run_id INTEGER NOT NULL,
  PRIMARY KEY (table_id, version)
) WITHOUT ROWID;

CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  started INTEGER NOT NULL,
  finished INTEGER NOT NULL,
  status TEXT NOT NULL,
  summary TEXT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX runs_by_kind_name ON runs (kind, name, id);
CREATE INDEX runs_by_name ON runs (name, id);

CREATE TABLE state (
  ns TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
)sql";

constexpr Migration kMigrations[] = {
    {1, "databases, tables, partitions, table versions, runs, state", kMigration1},
};

}  // namespace

int SqliteSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

int ReadSqliteSchemaVersion(SqliteConnection& connection) {
  return static_cast<int>(connection.QueryInt64("PRAGMA user_version"));
}

void MigrateSqliteCatalog(SqliteConnection& connection) {
  const int current = ReadSqliteSchemaVersion(connection);
  const int newest = SqliteSchemaVersion();
  if (current > newest) {
    throw CatalogError("the catalog " + connection.path() + " has schema version " +
                       std::to_string(current) + ", newer than this binary's " +
                       std::to_string(newest) + ": upgrade sluice to use it");
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    connection.Exec(migration.sql);
    connection.Prepare("INSERT INTO schema_migrations (version, description, applied) VALUES (?1, ?2, ?3)")
        .Bind(1, int64_t{migration.version})
        .Bind(2, std::string_view(migration.description))
        .Bind(3, NowMicros())
        .Run();
    // PRAGMA takes no parameters; the version is our own integer constant.
    connection.Exec("PRAGMA user_version = " + std::to_string(migration.version));
  }
}

}  // namespace sluice::catalog
