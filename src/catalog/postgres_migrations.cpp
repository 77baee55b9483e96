#include "catalog/postgres_migrations.h"

#include <vector>

namespace sluice::catalog {

namespace {

/// One step of the catalog's schema; never edited once released, only appended to.
struct Migration {
  int version;
  const char* description;
  std::vector<const char*> statements;
};

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "databases, tables, partitions, table versions, runs, state",
       {
           R"(CREATE TABLE {s}.databases (
                name text COLLATE "C" PRIMARY KEY,
                description text NOT NULL,
                location text NOT NULL,
                parameters text NOT NULL,
                created bigint NOT NULL))",
           R"(CREATE TABLE {s}.tables (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                database text COLLATE "C" NOT NULL REFERENCES {s}.databases (name) ON DELETE CASCADE,
                name text COLLATE "C" NOT NULL,
                kind text NOT NULL,
                columns text NOT NULL,
                partition_keys text NOT NULL,
                location text NOT NULL,
                format text NOT NULL,
                format_options text NOT NULL,
                parameters text NOT NULL,
                owner text NOT NULL,
                comment text NOT NULL,
                view_sql text NOT NULL,
                created bigint NOT NULL,
                updated bigint NOT NULL,
                version bigint NOT NULL,
                stats_files bigint NOT NULL,
                stats_bytes bigint NOT NULL,
                stats_rows bigint NOT NULL,
                UNIQUE (database, name)))",
           R"(CREATE TABLE {s}.partitions (
                table_id bigint NOT NULL REFERENCES {s}.tables (id) ON DELETE CASCADE,
                value_key bytea NOT NULL,
                value_json text NOT NULL,
                location text NOT NULL,
                stats_files bigint NOT NULL,
                stats_bytes bigint NOT NULL,
                stats_rows bigint NOT NULL,
                deprecated boolean NOT NULL,
                created bigint NOT NULL,
                updated bigint NOT NULL,
                PRIMARY KEY (table_id, value_key)))",
           R"(CREATE TABLE {s}.table_versions (
                table_id bigint NOT NULL REFERENCES {s}.tables (id) ON DELETE CASCADE,
                version bigint NOT NULL,
                time bigint NOT NULL,
                old_columns text NOT NULL,
                new_columns text NOT NULL,
                old_partition_keys text NOT NULL,
                new_partition_keys text NOT NULL,
                cause_kind text NOT NULL,
                cause_detail text NOT NULL,
                cause_run_id bigint NOT NULL,
                PRIMARY KEY (table_id, version)))",
           R"(CREATE TABLE {s}.runs (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind text NOT NULL,
                name text NOT NULL,
                started bigint NOT NULL,
                finished bigint NOT NULL,
                status text NOT NULL,
                summary text NOT NULL,
                details text NOT NULL))",
           R"(CREATE INDEX runs_by_kind_name ON {s}.runs (kind, name, id))",
           R"(CREATE INDEX runs_by_name ON {s}.runs (name, id))",
           R"(CREATE TABLE {s}.state (
                ns text COLLATE "C" NOT NULL,
                key text COLLATE "C" NOT NULL,
                value text NOT NULL,
                PRIMARY KEY (ns, key)))",
       }},
  };
  return kMigrations;
}

std::string TooNewMessage(const std::string& store, const std::string& schema, int version) {
  return "the catalog in " + store + " (schema " + schema + ") has schema version " +
         std::to_string(version) + ", newer than this Sluice binary understands (" +
         std::to_string(kPostgresSchemaVersion) + "); upgrade Sluice";
}

void RollbackQuietly(PgConnection& conn) {
  try {
    if (conn.ok() && conn.in_transaction()) conn.Exec("ROLLBACK");
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the first error matters
  }
}

}  // namespace

std::string WithSchema(std::string_view sql, const std::string& quoted_schema) {
  std::string out;
  out.reserve(sql.size() + 8 * quoted_schema.size());
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql.compare(i, 3, "{s}") == 0) {
      out += quoted_schema;
      i += 2;
    } else {
      out += sql[i];
    }
  }
  return out;
}

int ReadPostgresSchemaVersion(PgConnection& conn, const std::string& quoted_schema) {
  PgResult exists = conn.Exec("SELECT to_regclass($1) IS NOT NULL", {quoted_schema + ".schema_migrations"});
  if (!exists.Bool(0, 0)) return 0;
  PgResult version =
      conn.Exec(WithSchema("SELECT coalesce(max(version), 0) FROM {s}.schema_migrations", quoted_schema));
  return static_cast<int>(version.Int(0, 0));
}

void MigratePostgresSchema(PgConnection& conn, const std::string& schema, const std::string& quoted_schema,
                           int64_t lock_key, const std::string& store) {
  // The common case, an up-to-date catalog, needs no lock and no privilege to create.
  int version = ReadPostgresSchemaVersion(conn, quoted_schema);
  if (version > kPostgresSchemaVersion) throw CatalogError(TooNewMessage(store, schema, version));
  if (version == kPostgresSchemaVersion) return;
  try {
    conn.Exec("BEGIN");
    conn.Exec("SELECT pg_advisory_xact_lock($1::bigint)", {lock_key});
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the
    // database even when the schema exists (a DBA may have made it for us).
    if (conn.Exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}).num_rows() == 0) {
      conn.Exec("CREATE SCHEMA " + quoted_schema);
    }
    conn.Exec(WithSchema(R"(CREATE TABLE IF NOT EXISTS {s}.schema_migrations (
                              version integer PRIMARY KEY,
                              description text NOT NULL,
                              applied bigint NOT NULL))",
                         quoted_schema));
    // Another process may have migrated while we waited for the lock.
    version = static_cast<int>(
        conn.Exec(WithSchema("SELECT coalesce(max(version), 0) FROM {s}.schema_migrations", quoted_schema))
            .Int(0, 0));
    if (version > kPostgresSchemaVersion) throw CatalogError(TooNewMessage(store, schema, version));
    for (const Migration& migration : Migrations()) {
      if (migration.version <= version) continue;
      for (const char* statement : migration.statements) conn.Exec(WithSchema(statement, quoted_schema));
      conn.Exec(
          WithSchema("INSERT INTO {s}.schema_migrations (version, description, applied) "
                     "VALUES ($1::integer, $2, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)",
                     quoted_schema),
          {migration.version, migration.description});
    }
    conn.Exec("COMMIT");
  } catch (const PostgresError& error) {
    RollbackQuietly(conn);
    throw CatalogError("cannot create or migrate the catalog schema " + schema + ": " + error.what());
  } catch (...) {
    RollbackQuietly(conn);
    throw;
  }
}

}  // namespace sluice::catalog
