#pragma once
// The PostgreSQL catalog's own schema: its tables in one PostgreSQL schema (default
// "sluice") and the versioned migrations that create and evolve them. The applied
// versions are rows of <schema>.schema_migrations; a catalog whose newest version is
// above kPostgresSchemaVersion was written by a newer Sluice and is refused.
//
// Tables (the same logical schema as the SQLite store, catalog/sqlite_store.h):
//   databases(name PK, description, location, parameters JSON, created)
//   tables(id PK, database → databases ON DELETE CASCADE, name, kind, columns JSON,
//          partition_keys JSON, location, format, format_options JSON, parameters
//          JSON, owner, comment, view_sql, created, updated, version, stats_*)
//          UNIQUE (database, name)
//   partitions(table_id → tables ON DELETE CASCADE, value_key bytea, value_json,
//          location, stats_*, deprecated, created, updated)
//          PK (table_id, value_key): one index scan lists a table's partitions in
//          value order (value_key is EncodePartitionKey's bytes, compared bytewise)
//   table_versions(table_id → tables ON DELETE CASCADE, version, time, old/new
//          columns and partition keys JSON, cause_kind, cause_detail, cause_run_id)
//   runs(id PK identity, kind, name, started, finished, status, summary, details)
//   state(ns, key, value) PK (ns, key)
// Values are encoded as the SQLite store encodes them (catalog/sqlite_encoding.h):
// JSON text for columns and maps, a binary key for partition values — its byte order is
// the partitions' order, cheap to compare (a sort of text[] costs PostgreSQL ten times
// more and lures the planner into it), and it holds any bytes.
// Times are bigint microseconds since the epoch (catalog::Micros); names and keys
// compare bytewise (COLLATE "C"), whatever the database's locale.

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/postgres_connection.h"

namespace sluice::catalog {

/// The newest migration this binary knows.
inline constexpr int kPostgresSchemaVersion = 1;

/// `sql` with every "{s}" replaced by `quoted_schema` (an identifier already quoted
/// with PgConnection::QuoteIdentifier).
std::string WithSchema(std::string_view sql, const std::string& quoted_schema);

/// The applied schema version of the catalog in `quoted_schema` (0 when it holds none yet).
int ReadPostgresSchemaVersion(PgConnection& conn, const std::string& quoted_schema);

/// Brings `schema` to kPostgresSchemaVersion: creates the schema when missing and
/// applies the missing migrations in one transaction under the advisory lock
/// `lock_key` (the store's write lock), so concurrent openers migrate once.
/// CatalogError when the catalog is newer than this binary or a migration fails;
/// `store` names the catalog in messages.
void MigratePostgresSchema(PgConnection& conn, const std::string& schema, const std::string& quoted_schema,
                           int64_t lock_key, const std::string& store);

}  // namespace sluice::catalog
