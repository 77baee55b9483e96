#include "catalog/sqlite_catalog.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "catalog/sqlite_encoding.h"
#include "catalog/store_common.h"
#include "core/error.h"

namespace sluice::catalog {

namespace {

constexpr const char* kDatabaseColumns = "name, description, location, parameters, created";

constexpr const char* kTableColumns =
    "id, database, name, kind, columns, partition_keys, location, format, format_options, "
    "parameters, owner, comment, view_sql, created, updated, version, stats_files, stats_bytes, "
    "stats_rows";

constexpr const char* kPartitionColumns =
    "value_key, location, stats_files, stats_bytes, stats_rows, deprecated, created, updated";

/// Replaces the definition of the table with id ?19 (BindTableDefinition binds the rest).
constexpr const char* kUpdateTable =
    "UPDATE tables SET database = ?1, name = ?2, kind = ?3, columns = ?4, partition_keys = ?5, "
    "location = ?6, format = ?7, format_options = ?8, parameters = ?9, owner = ?10, "
    "comment = ?11, view_sql = ?12, created = ?13, updated = ?14, version = ?15, "
    "stats_files = ?16, stats_bytes = ?17, stats_rows = ?18 WHERE id = ?19";

constexpr const char* kRunColumns = "id, kind, name, started, finished, status, summary, details";

/// Where a damaged value was found, for messages: " in /lake/.sluice/catalog.db".
std::string In(const SqliteConnection& connection) { return " in " + connection.path(); }

Database ReadDatabase(const SqliteStatement& row, const std::string& in) {
  Database database;
  database.name = row.ColumnText(0);
  database.description = row.ColumnText(1);
  database.location = row.ColumnText(2);
  database.parameters = StringMapFromJson(row.ColumnText(3), "parameters of database " + database.name + in);
  database.created = row.ColumnInt64(4);
  return database;
}

/// A row of kTableColumns; the id (column 0) is read by the caller.
Table ReadTable(const SqliteStatement& row, const std::string& in) {
  Table table;
  table.database = row.ColumnText(1);
  table.name = row.ColumnText(2);
  const std::string what = " of table " + table.QualifiedName() + in;
  table.kind = ParseTableKind(row.ColumnText(3));
  table.columns = ColumnsFromJson(row.ColumnText(4), "columns" + what);
  table.partition_keys = ColumnsFromJson(row.ColumnText(5), "partition keys" + what);
  table.location = row.ColumnText(6);
  table.format = ParseStorageFormat(row.ColumnText(7));
  table.format_options = StringMapFromJson(row.ColumnText(8), "format options" + what);
  table.parameters = StringMapFromJson(row.ColumnText(9), "parameters" + what);
  table.owner = row.ColumnText(10);
  table.comment = row.ColumnText(11);
  table.view_sql = row.ColumnText(12);
  table.created = row.ColumnInt64(13);
  table.updated = row.ColumnInt64(14);
  table.version = row.ColumnInt64(15);
  table.stats.files = row.ColumnInt64(16);
  table.stats.bytes = row.ColumnInt64(17);
  table.stats.rows = row.ColumnInt64(18);
  return table;
}

Partition ReadPartition(const SqliteStatement& row, std::string_view what) {
  Partition partition;
  partition.values = DecodePartitionKey(row.ColumnText(0), what);
  partition.location = row.ColumnText(1);
  partition.stats.files = row.ColumnInt64(2);
  partition.stats.bytes = row.ColumnInt64(3);
  partition.stats.rows = row.ColumnInt64(4);
  partition.deprecated = row.ColumnInt64(5) != 0;
  partition.created = row.ColumnInt64(6);
  partition.updated = row.ColumnInt64(7);
  return partition;
}

Run ReadRun(const SqliteStatement& row) {
  Run run;
  run.id = row.ColumnInt64(0);
  run.kind = row.ColumnText(1);
  run.name = row.ColumnText(2);
  run.started = row.ColumnInt64(3);
  run.finished = row.ColumnInt64(4);
  run.status = row.ColumnText(5);
  run.summary = row.ColumnText(6);
  run.details_json = row.ColumnText(7);
  return run;
}

/// Binds the definition of `table` to parameters 1..18 in the order of the INSERT and
/// UPDATE statements below.
void BindTableDefinition(SqliteStatement& statement, const Table& table) {
  statement.Bind(1, table.database)
      .Bind(2, table.name)
      .Bind(3, TableKindName(table.kind))
      .Bind(4, ColumnsToJson(table.columns))
      .Bind(5, ColumnsToJson(table.partition_keys))
      .Bind(6, table.location)
      .Bind(7, StorageFormatName(table.format))
      .Bind(8, StringMapToJson(table.format_options))
      .Bind(9, StringMapToJson(table.parameters))
      .Bind(10, table.owner)
      .Bind(11, table.comment)
      .Bind(12, table.view_sql)
      .Bind(13, table.created)
      .Bind(14, table.updated)
      .Bind(15, table.version)
      .Bind(16, table.stats.files)
      .Bind(17, table.stats.bytes)
      .Bind(18, table.stats.rows);
}

}  // namespace

// ---- Databases ------------------------------------------------------------------------

std::vector<Database> SqliteCatalog::ListDatabases() {
  SqliteStatement statement =
      connection_.Prepare(std::string("SELECT ") + kDatabaseColumns + " FROM databases ORDER BY name");
  std::vector<Database> databases;
  while (statement.Step()) databases.push_back(ReadDatabase(statement, In(connection_)));
  return databases;
}

std::optional<Database> SqliteCatalog::GetDatabase(std::string_view name) {
  SqliteStatement statement =
      connection_.Prepare(std::string("SELECT ") + kDatabaseColumns + " FROM databases WHERE name = ?1");
  statement.Bind(1, name);
  if (!statement.Step()) return std::nullopt;
  return ReadDatabase(statement, In(connection_));
}

void SqliteCatalog::RequireDatabase(std::string_view name) {
  SqliteStatement statement = connection_.Prepare("SELECT 1 FROM databases WHERE name = ?1");
  statement.Bind(1, name);
  if (!statement.Step()) throw CatalogError("database " + std::string(name) + " does not exist");
}

bool SqliteCatalog::CreateDatabase(const Database& database, bool if_not_exists) {
  if (GetDatabase(database.name)) {
    if (if_not_exists) return false;
    throw CatalogError("database " + database.name + " already exists");
  }
  connection_
      .Prepare("INSERT INTO databases (name, description, location, parameters, created) "
               "VALUES (?1, ?2, ?3, ?4, ?5)")
      .Bind(1, database.name)
      .Bind(2, database.description)
      .Bind(3, database.location)
      .Bind(4, StringMapToJson(database.parameters))
      .Bind(5, database.created != 0 ? database.created : NowMicros())
      .Run();
  return true;
}

bool SqliteCatalog::DropDatabase(std::string_view name, bool if_exists, bool cascade) {
  if (!GetDatabase(name)) {
    if (if_exists) return false;
    throw CatalogError("database " + std::string(name) + " does not exist");
  }
  if (!cascade) {
    SqliteStatement count = connection_.Prepare("SELECT count(*) FROM tables WHERE database = ?1");
    count.Bind(1, name);
    count.Step();
    const int64_t num_tables = count.ColumnInt64(0);
    if (num_tables > 0) {
      throw CatalogError("database " + std::string(name) + " is not empty: it holds " +
                         std::to_string(num_tables) + (num_tables == 1 ? " table" : " tables") +
                         " (drop them first, or use CASCADE)");
    }
  }
  // Foreign keys cascade: the tables go, and with them their partitions and versions.
  connection_.Prepare("DELETE FROM databases WHERE name = ?1").Bind(1, name).Run();
  return true;
}

// ---- Tables ---------------------------------------------------------------------------

std::optional<SqliteCatalog::StoredTable> SqliteCatalog::FindTable(std::string_view database,
                                                                    std::string_view name) {
  SqliteStatement statement = connection_.Prepare(std::string("SELECT ") + kTableColumns +
                                                  " FROM tables WHERE database = ?1 AND name = ?2");
  statement.Bind(1, database).Bind(2, name);
  if (!statement.Step()) return std::nullopt;
  return StoredTable{statement.ColumnInt64(0), ReadTable(statement, In(connection_))};
}

SqliteCatalog::StoredTable SqliteCatalog::RequireTable(std::string_view database,
                                                       std::string_view name) {
  std::optional<StoredTable> stored = FindTable(database, name);
  if (!stored) throw CatalogError("table " + Qualified(database, name) + " does not exist");
  return std::move(*stored);
}

SqliteCatalog::StoredTable SqliteCatalog::RequirePartitionedTable(std::string_view database,
                                                                  std::string_view name) {
  StoredTable stored = RequireTable(database, name);
  if (!stored.table.is_partitioned()) {
    throw CatalogError("table " + stored.table.QualifiedName() + " is not partitioned");
  }
  return stored;
}

void SqliteCatalog::CheckPartitionValues(const StoredTable& stored,
                                         const std::vector<std::string>& values) {
  CheckPartitionValueCount(stored.table, values);
}

std::vector<Table> SqliteCatalog::ListTables(std::string_view database) {
  RequireDatabase(database);
  SqliteStatement statement = connection_.Prepare(std::string("SELECT ") + kTableColumns +
                                                  " FROM tables WHERE database = ?1 ORDER BY name");
  statement.Bind(1, database);
  std::vector<Table> tables;
  while (statement.Step()) tables.push_back(ReadTable(statement, In(connection_)));
  return tables;
}

std::optional<Table> SqliteCatalog::GetTable(std::string_view database, std::string_view name) {
  std::optional<StoredTable> stored = FindTable(database, name);
  if (!stored) return std::nullopt;
  return std::move(stored->table);
}

bool SqliteCatalog::CreateTable(const Table& table, const ChangeCause& cause, bool if_not_exists) {
  RequireDatabase(table.database);
  if (FindTable(table.database, table.name)) {
    if (if_not_exists) return false;
    throw CatalogError("table " + table.QualifiedName() + " already exists");
  }
  const Table stored = NewTableRow(table, NowMicros());
  SqliteStatement insert = connection_.Prepare(
      "INSERT INTO tables (database, name, kind, columns, partition_keys, location, format, "
      "format_options, parameters, owner, comment, view_sql, created, updated, version, "
      "stats_files, stats_bytes, stats_rows) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
  BindTableDefinition(insert, stored);
  insert.Run();
  AddVersion(connection_.last_insert_rowid(), 1, stored.created, nullptr, stored, cause);
  return true;
}

int64_t SqliteCatalog::UpdateTable(const Table& table, const ChangeCause& cause) {
  const StoredTable before = RequireTable(table.database, table.name);
  const bool schema_changed = SchemaChanged(before.table, table);
  const Table stored = UpdatedTableRow(before.table, table, NowMicros());
  SqliteStatement update = connection_.Prepare(kUpdateTable);
  BindTableDefinition(update, stored);
  update.Bind(19, before.id);
  update.Run();
  if (schema_changed) {
    AddVersion(before.id, stored.version, stored.updated, &before.table, stored, cause);
  }
  return stored.version;
}

bool SqliteCatalog::DropTable(std::string_view database, std::string_view name, bool if_exists) {
  // Foreign keys cascade to the table's partitions and versions.
  connection_.Prepare("DELETE FROM tables WHERE database = ?1 AND name = ?2")
      .Bind(1, database)
      .Bind(2, name)
      .Run();
  if (connection_.changes() > 0) return true;
  if (if_exists) return false;
  throw CatalogError("table " + Qualified(database, name) + " does not exist");
}

void SqliteCatalog::RenameTable(std::string_view database, std::string_view name, const Table& renamed,
                                const ChangeCause& cause) {
  const StoredTable before = RequireTable(database, name);
  RequireDatabase(renamed.database);
  std::optional<StoredTable> taken = FindTable(renamed.database, renamed.name);
  const Table stored = RenamedTableRow(before.table, renamed, NowMicros(), taken && taken->id != before.id);
  // The row keeps its id: partitions and versions, keyed by it, move with it.
  SqliteStatement update = connection_.Prepare(kUpdateTable);
  BindTableDefinition(update, stored);
  update.Bind(19, before.id);
  update.Run();
  AddVersion(before.id, stored.version, stored.updated, &before.table, stored, cause);

  const std::string old_prefix = LocationPrefix(before.table.location);
  const std::string new_prefix = LocationPrefix(stored.location);
  if (old_prefix.empty() || old_prefix == new_prefix) return;
  // Compared and cut as bytes (BLOB), so locations that are not UTF-8 are matched exactly.
  connection_
      .Prepare("UPDATE partitions SET location = ?2 || substr(CAST(location AS BLOB), length(CAST(?1 AS BLOB)) + 1) "
               "WHERE table_id = ?3 "
               "AND substr(CAST(location AS BLOB), 1, length(CAST(?1 AS BLOB)) + 1) = CAST(?1 || '/' AS BLOB)")
      .Bind(1, old_prefix)
      .Bind(2, new_prefix)
      .Bind(3, before.id)
      .Run();
}

// ---- Versions -------------------------------------------------------------------------

void SqliteCatalog::AddVersion(int64_t table_id, int64_t version, Micros time, const Table* before,
                               const Table& after, const ChangeCause& cause) {
  static const std::vector<Column> kNone;
  connection_
      .Prepare("INSERT INTO table_versions (table_id, version, time, old_columns, new_columns, "
               "old_partition_keys, new_partition_keys, cause_kind, cause_detail, cause_run_id) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .Bind(1, table_id)
      .Bind(2, version)
      .Bind(3, time)
      .Bind(4, ColumnsToJson(before != nullptr ? before->columns : kNone))
      .Bind(5, ColumnsToJson(after.columns))
      .Bind(6, ColumnsToJson(before != nullptr ? before->partition_keys : kNone))
      .Bind(7, ColumnsToJson(after.partition_keys))
      .Bind(8, cause.kind)
      .Bind(9, cause.detail)
      .Bind(10, cause.run_id)
      .Run();
}

std::vector<TableVersion> SqliteCatalog::ListVersions(std::string_view database,
                                                      std::string_view table) {
  const StoredTable stored = RequireTable(database, table);
  const std::string what = " of a version of table " + stored.table.QualifiedName() + In(connection_);
  SqliteStatement statement = connection_.Prepare(
      "SELECT version, time, old_columns, new_columns, old_partition_keys, new_partition_keys, "
      "cause_kind, cause_detail, cause_run_id FROM table_versions WHERE table_id = ?1 "
      "ORDER BY version");
  statement.Bind(1, stored.id);
  std::vector<TableVersion> versions;
  while (statement.Step()) {
    TableVersion version;
    version.version = statement.ColumnInt64(0);
    version.time = statement.ColumnInt64(1);
    version.old_columns = ColumnsFromJson(statement.ColumnText(2), "old columns" + what);
    version.new_columns = ColumnsFromJson(statement.ColumnText(3), "new columns" + what);
    version.old_partition_keys = ColumnsFromJson(statement.ColumnText(4), "old partition keys" + what);
    version.new_partition_keys = ColumnsFromJson(statement.ColumnText(5), "new partition keys" + what);
    version.cause.kind = statement.ColumnText(6);
    version.cause.detail = statement.ColumnText(7);
    version.cause.run_id = statement.ColumnInt64(8);
    versions.push_back(std::move(version));
  }
  return versions;
}

// ---- Partitions -----------------------------------------------------------------------

std::vector<Partition> SqliteCatalog::ListPartitions(std::string_view database,
                                                     std::string_view table) {
  const StoredTable stored = RequireTable(database, table);
  const std::string what = "partitions of table " + stored.table.QualifiedName() + In(connection_);
  // One range scan of the primary key (table_id, value_key): already in order.
  SqliteStatement statement = connection_.Prepare(std::string("SELECT ") + kPartitionColumns +
                                                  " FROM partitions WHERE table_id = ?1 ORDER BY value_key");
  statement.Bind(1, stored.id);
  std::vector<Partition> partitions;
  while (statement.Step()) partitions.push_back(ReadPartition(statement, what));
  return partitions;
}

std::optional<Partition> SqliteCatalog::GetPartition(std::string_view database,
                                                     std::string_view table,
                                                     const std::vector<std::string>& values) {
  const StoredTable stored = RequirePartitionedTable(database, table);
  CheckPartitionValues(stored, values);
  SqliteStatement statement = connection_.Prepare(std::string("SELECT ") + kPartitionColumns +
                                                  " FROM partitions WHERE table_id = ?1 AND value_key = ?2");
  statement.Bind(1, stored.id).BindBlob(2, EncodePartitionKey(values));
  if (!statement.Step()) return std::nullopt;
  return ReadPartition(statement, "partitions of table " + stored.table.QualifiedName() + In(connection_));
}

void SqliteCatalog::PutPartitions(std::string_view database, std::string_view table,
                                  const std::vector<Partition>& partitions) {
  const StoredTable stored = RequirePartitionedTable(database, table);
  for (const Partition& partition : partitions) CheckPartitionValues(stored, partition.values);
  const Micros now = NowMicros();
  // A replaced partition keeps its created time: the upsert does not set it.
  SqliteStatement upsert = connection_.Prepare(
      "INSERT INTO partitions (table_id, value_key, value_json, location, stats_files, "
      "stats_bytes, stats_rows, deprecated, created, updated) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (table_id, value_key) DO UPDATE SET value_json = excluded.value_json, "
      "location = excluded.location, stats_files = excluded.stats_files, "
      "stats_bytes = excluded.stats_bytes, stats_rows = excluded.stats_rows, "
      "deprecated = excluded.deprecated, updated = excluded.updated");
  for (const Partition& partition : partitions) {
    upsert.Bind(1, stored.id)
        .BindBlob(2, EncodePartitionKey(partition.values))
        .Bind(3, PartitionValuesToJson(partition.values))
        .Bind(4, partition.location)
        .Bind(5, partition.stats.files)
        .Bind(6, partition.stats.bytes)
        .Bind(7, partition.stats.rows)
        .Bind(8, int64_t{partition.deprecated ? 1 : 0})
        .Bind(9, partition.created != 0 ? partition.created : now)
        .Bind(10, partition.updated != 0 ? partition.updated : now);
    upsert.Run();
  }
}

size_t SqliteCatalog::DropPartitions(std::string_view database, std::string_view table,
                                     const std::vector<std::vector<std::string>>& values) {
  const StoredTable stored = RequirePartitionedTable(database, table);
  for (const std::vector<std::string>& partition_values : values) {
    CheckPartitionValues(stored, partition_values);
  }
  SqliteStatement remove =
      connection_.Prepare("DELETE FROM partitions WHERE table_id = ?1 AND value_key = ?2");
  size_t num_dropped = 0;
  for (const std::vector<std::string>& partition_values : values) {
    remove.Bind(1, stored.id).BindBlob(2, EncodePartitionKey(partition_values));
    remove.Run();
    num_dropped += static_cast<size_t>(connection_.changes());
  }
  return num_dropped;
}

// ---- Runs -----------------------------------------------------------------------------

int64_t SqliteCatalog::StartRun(const Run& run) {
  connection_
      .Prepare("INSERT INTO runs (kind, name, started, finished, status, summary, details) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .Bind(1, run.kind)
      .Bind(2, run.name)
      .Bind(3, run.started != 0 ? run.started : NowMicros())
      .Bind(4, run.finished)
      .Bind(5, run.status)
      .Bind(6, run.summary)
      .Bind(7, run.details_json)
      .Run();
  return connection_.last_insert_rowid();
}

void SqliteCatalog::FinishRun(const Run& run) {
  connection_
      .Prepare("UPDATE runs SET finished = ?1, status = ?2, summary = ?3, details = ?4 WHERE id = ?5")
      .Bind(1, run.finished != 0 ? run.finished : NowMicros())
      .Bind(2, run.status)
      .Bind(3, run.summary)
      .Bind(4, run.details_json)
      .Bind(5, run.id)
      .Run();
  if (connection_.changes() == 0) {
    throw CatalogError("run " + std::to_string(run.id) + " does not exist");
  }
}

std::vector<Run> SqliteCatalog::ListRuns(std::string_view kind, std::string_view name,
                                         size_t limit) {
  // One statement text per combination of filters, so that each can use its index.
  std::string sql = std::string("SELECT ") + kRunColumns + " FROM runs";
  if (!kind.empty() && !name.empty()) {
    sql += " WHERE kind = ?1 AND name = ?2";
  } else if (!kind.empty()) {
    sql += " WHERE kind = ?1";
  } else if (!name.empty()) {
    sql += " WHERE name = ?2";
  }
  sql += " ORDER BY id DESC LIMIT ?3";
  SqliteStatement statement = connection_.Prepare(sql);
  if (!kind.empty()) statement.Bind(1, kind);
  if (!name.empty()) statement.Bind(2, name);
  const auto max_limit = static_cast<size_t>(std::numeric_limits<int64_t>::max());
  statement.Bind(3, static_cast<int64_t>(std::min(limit, max_limit)));
  std::vector<Run> runs;
  while (statement.Step()) runs.push_back(ReadRun(statement));
  return runs;
}

std::optional<Run> SqliteCatalog::GetRun(int64_t id) {
  SqliteStatement statement =
      connection_.Prepare(std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?1");
  statement.Bind(1, id);
  if (!statement.Step()) return std::nullopt;
  return ReadRun(statement);
}

// ---- State ----------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> SqliteCatalog::ListState(std::string_view ns) {
  SqliteStatement statement =
      connection_.Prepare("SELECT key, value FROM state WHERE ns = ?1 ORDER BY key");
  statement.Bind(1, ns);
  std::vector<std::pair<std::string, std::string>> entries;
  while (statement.Step()) entries.emplace_back(statement.ColumnText(0), statement.ColumnText(1));
  return entries;
}

std::optional<std::string> SqliteCatalog::GetState(std::string_view ns, std::string_view key) {
  SqliteStatement statement = connection_.Prepare("SELECT value FROM state WHERE ns = ?1 AND key = ?2");
  statement.Bind(1, ns).Bind(2, key);
  if (!statement.Step()) return std::nullopt;
  return statement.ColumnText(0);
}

void SqliteCatalog::PutState(std::string_view ns, std::string_view key, std::string_view value) {
  connection_
      .Prepare("INSERT INTO state (ns, key, value) VALUES (?1, ?2, ?3) "
               "ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value")
      .Bind(1, ns)
      .Bind(2, key)
      .Bind(3, value)
      .Run();
}

void SqliteCatalog::DeleteState(std::string_view ns, std::string_view key) {
  connection_.Prepare("DELETE FROM state WHERE ns = ?1 AND key = ?2").Bind(1, ns).Bind(2, key).Run();
}

void SqliteCatalog::ClearState(std::string_view ns) {
  connection_.Prepare("DELETE FROM state WHERE ns = ?1").Bind(1, ns).Run();
}

}  // namespace sluice::catalog
