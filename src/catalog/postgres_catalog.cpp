#include "catalog/postgres_catalog.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/postgres_migrations.h"
#include "catalog/sqlite_encoding.h"
#include "catalog/store_common.h"
#include "core/error.h"

namespace sluice::catalog {

namespace {

using Json = nlohmann::json;

constexpr const char* kDatabaseColumns = "name, description, location, parameters, created";

/// Of the tables table, aliased t.
constexpr const char* kTableColumns =
    "t.id, t.database, t.name, t.kind, t.columns, t.partition_keys, t.location, t.format, "
    "t.format_options, t.parameters, t.owner, t.comment, t.view_sql, t.created, t.updated, t.version, "
    "t.stats_files, t.stats_bytes, t.stats_rows";
constexpr int kNumTableColumns = 19;

/// Of the partitions table, aliased p; the key as hex (whatever bytea_output says).
constexpr const char* kPartitionColumns =
    "encode(p.value_key, 'hex'), p.location, p.stats_files, p.stats_bytes, p.stats_rows, p.deprecated, "
    "p.created, p.updated";

/// Replaces the definition of the table with id $19 (TableDefinition gives $1..$18).
constexpr const char* kUpdateTable =
    "UPDATE {s}.tables SET database = $1, name = $2, kind = $3, columns = $4, partition_keys = $5, "
    "location = $6, format = $7, format_options = $8, parameters = $9, owner = $10, "
    "comment = $11, view_sql = $12, created = $13::bigint, updated = $14::bigint, version = $15::bigint, "
    "stats_files = $16::bigint, stats_bytes = $17::bigint, stats_rows = $18::bigint WHERE id = $19::bigint";

constexpr const char* kRunColumns = "id, kind, name, started, finished, status, summary, details";

/// Partitions per upsert statement: large enough that 10,000 partitions take a few
/// round trips, small enough to keep one statement's JSON a few megabytes at most.
constexpr size_t kPartitionBatch = 2000;

[[noreturn]] void Damaged(std::string_view what, std::string_view why) {
  throw CatalogError("the catalog is damaged: " + std::string(what) + " " + std::string(why));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xF];
  }
  return hex;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string HexDecode(std::string_view hex, std::string_view what) {
  if (hex.size() % 2 != 0) Damaged(what, "have a malformed partition key");
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = HexDigit(hex[i]);
    const int low = HexDigit(hex[i + 1]);
    if (high < 0 || low < 0) Damaged(what, "have a malformed partition key");
    bytes += static_cast<char>((high << 4) | low);
  }
  return bytes;
}

/// The partition key of `values` as the hex text of a bytea parameter (decode($n, 'hex')).
std::string PartitionKeyHex(const std::vector<std::string>& values) {
  return HexEncode(EncodePartitionKey(values));
}

/// Text for a JSON parameter; CatalogError when it is not valid UTF-8, which
/// PostgreSQL text cannot hold (the SQLite store keeps any bytes).
std::string DumpStrict(const Json& json, std::string_view what) {
  try {
    return json.dump();
  } catch (const Json::type_error&) {
    throw CatalogError(std::string(what) + " are not valid UTF-8, which the PostgreSQL catalog cannot store");
  }
}

Database ReadDatabase(const PgResult& rows, int row, const std::string& in) {
  Database database;
  database.name = rows.Text(row, 0);
  database.description = rows.Text(row, 1);
  database.location = rows.Text(row, 2);
  database.parameters = StringMapFromJson(rows.Text(row, 3), "parameters of database " + database.name + in);
  database.created = rows.Int(row, 4);
  return database;
}

/// A row of kTableColumns; the id (column 0) is read by the caller.
Table ReadTable(const PgResult& rows, int row, const std::string& in) {
  Table table;
  table.database = rows.Text(row, 1);
  table.name = rows.Text(row, 2);
  const std::string what = " of table " + table.QualifiedName() + in;
  table.kind = ParseTableKind(rows.Text(row, 3));
  table.columns = ColumnsFromJson(rows.Text(row, 4), "columns" + what);
  table.partition_keys = ColumnsFromJson(rows.Text(row, 5), "partition keys" + what);
  table.location = rows.Text(row, 6);
  table.format = ParseStorageFormat(rows.Text(row, 7));
  table.format_options = StringMapFromJson(rows.Text(row, 8), "format options" + what);
  table.parameters = StringMapFromJson(rows.Text(row, 9), "parameters" + what);
  table.owner = rows.Text(row, 10);
  table.comment = rows.Text(row, 11);
  table.view_sql = rows.Text(row, 12);
  table.created = rows.Int(row, 13);
  table.updated = rows.Int(row, 14);
  table.version = rows.Int(row, 15);
  table.stats.files = rows.Int(row, 16);
  table.stats.bytes = rows.Int(row, 17);
  table.stats.rows = rows.Int(row, 18);
  return table;
}

/// The kPartitionColumns of `row` starting at column `first`.
Partition ReadPartition(const PgResult& rows, int row, int first, std::string_view what) {
  Partition partition;
  partition.values = DecodePartitionKey(HexDecode(rows.Text(row, first), what), what);
  partition.location = rows.Text(row, first + 1);
  partition.stats.files = rows.Int(row, first + 2);
  partition.stats.bytes = rows.Int(row, first + 3);
  partition.stats.rows = rows.Int(row, first + 4);
  partition.deprecated = rows.Bool(row, first + 5);
  partition.created = rows.Int(row, first + 6);
  partition.updated = rows.Int(row, first + 7);
  return partition;
}

Run ReadRun(const PgResult& rows, int row) {
  Run run;
  run.id = rows.Int(row, 0);
  run.kind = rows.Text(row, 1);
  run.name = rows.Text(row, 2);
  run.started = rows.Int(row, 3);
  run.finished = rows.Int(row, 4);
  run.status = rows.Text(row, 5);
  run.summary = rows.Text(row, 6);
  run.details_json = rows.Text(row, 7);
  return run;
}

/// The definition of `table` as parameters $1..$18 in the order of the INSERT and
/// UPDATE statements below.
std::vector<PgValue> TableDefinition(const Table& table) {
  return {table.database,
          table.name,
          TableKindName(table.kind),
          ColumnsToJson(table.columns),
          ColumnsToJson(table.partition_keys),
          table.location,
          StorageFormatName(table.format),
          StringMapToJson(table.format_options),
          StringMapToJson(table.parameters),
          table.owner,
          table.comment,
          table.view_sql,
          table.created,
          table.updated,
          table.version,
          table.stats.files,
          table.stats.bytes,
          table.stats.rows};
}

}  // namespace

std::string PostgresCatalog::In() const {
  return " in " + connection_.Describe() + " (schema " + quoted_schema_ + ")";
}

PgResult PostgresCatalog::Exec(std::string_view sql, const std::vector<PgValue>& params) {
  return connection_.Exec(WithSchema(sql, quoted_schema_), params);
}

// ---- Databases ------------------------------------------------------------------------

std::vector<Database> PostgresCatalog::ListDatabases() {
  PgResult rows = Exec(std::string("SELECT ") + kDatabaseColumns + " FROM {s}.databases ORDER BY name");
  std::vector<Database> databases;
  for (int row = 0; row < rows.num_rows(); ++row) databases.push_back(ReadDatabase(rows, row, In()));
  return databases;
}

std::optional<Database> PostgresCatalog::GetDatabase(std::string_view name) {
  PgResult rows =
      Exec(std::string("SELECT ") + kDatabaseColumns + " FROM {s}.databases WHERE name = $1", {name});
  if (rows.num_rows() == 0) return std::nullopt;
  return ReadDatabase(rows, 0, In());
}

void PostgresCatalog::RequireDatabase(std::string_view name) {
  if (Exec("SELECT 1 FROM {s}.databases WHERE name = $1", {name}).num_rows() == 0) {
    throw CatalogError("database " + std::string(name) + " does not exist");
  }
}

bool PostgresCatalog::CreateDatabase(const Database& database, bool if_not_exists) {
  PgResult inserted = Exec(
      "INSERT INTO {s}.databases (name, description, location, parameters, created) "
      "VALUES ($1, $2, $3, $4, $5::bigint) ON CONFLICT (name) DO NOTHING",
      {database.name, database.description, database.location, StringMapToJson(database.parameters),
       database.created != 0 ? database.created : NowMicros()});
  if (inserted.affected_rows() > 0) return true;
  if (if_not_exists) return false;
  throw CatalogError("database " + database.name + " already exists");
}

bool PostgresCatalog::DropDatabase(std::string_view name, bool if_exists, bool cascade) {
  PgResult found = Exec(
      "SELECT count(t.id) FROM {s}.databases d LEFT JOIN {s}.tables t ON t.database = d.name "
      "WHERE d.name = $1 GROUP BY d.name",
      {name});
  if (found.num_rows() == 0) {
    if (if_exists) return false;
    throw CatalogError("database " + std::string(name) + " does not exist");
  }
  const int64_t num_tables = found.Int(0, 0);
  if (!cascade && num_tables > 0) {
    throw CatalogError("database " + std::string(name) + " is not empty: it holds " +
                       std::to_string(num_tables) + (num_tables == 1 ? " table" : " tables") +
                       " (drop them first, or use CASCADE)");
  }
  // Foreign keys cascade: the tables go, and with them their partitions and versions.
  Exec("DELETE FROM {s}.databases WHERE name = $1", {name});
  return true;
}

// ---- Tables ---------------------------------------------------------------------------

std::optional<PostgresCatalog::StoredTable> PostgresCatalog::FindTable(std::string_view database,
                                                                       std::string_view name) {
  PgResult rows = Exec(
      std::string("SELECT ") + kTableColumns + " FROM {s}.tables t WHERE t.database = $1 AND t.name = $2",
      {database, name});
  if (rows.num_rows() == 0) return std::nullopt;
  return StoredTable{rows.Int(0, 0), ReadTable(rows, 0, In())};
}

PostgresCatalog::StoredTable PostgresCatalog::RequireTable(std::string_view database, std::string_view name) {
  std::optional<StoredTable> stored = FindTable(database, name);
  if (!stored) throw CatalogError("table " + Qualified(database, name) + " does not exist");
  return std::move(*stored);
}

PostgresCatalog::StoredTable PostgresCatalog::RequirePartitionedTable(std::string_view database,
                                                                      std::string_view name) {
  StoredTable stored = RequireTable(database, name);
  if (!stored.table.is_partitioned()) {
    throw CatalogError("table " + stored.table.QualifiedName() + " is not partitioned");
  }
  return stored;
}

void PostgresCatalog::CheckPartitionValues(const StoredTable& stored,
                                           const std::vector<std::string>& values) {
  CheckPartitionValueCount(stored.table, values);
}

std::vector<Table> PostgresCatalog::ListTables(std::string_view database) {
  // One statement (one snapshot): a database without tables gives one row of NULLs.
  PgResult rows = Exec(std::string("SELECT ") + kTableColumns +
                           " FROM {s}.databases d LEFT JOIN {s}.tables t ON t.database = d.name "
                           "WHERE d.name = $1 ORDER BY t.name",
                       {database});
  if (rows.num_rows() == 0) throw CatalogError("database " + std::string(database) + " does not exist");
  const std::string in = In();
  std::vector<Table> tables;
  for (int row = 0; row < rows.num_rows(); ++row) {
    if (!rows.IsNull(row, 0)) tables.push_back(ReadTable(rows, row, in));
  }
  return tables;
}

std::optional<Table> PostgresCatalog::GetTable(std::string_view database, std::string_view name) {
  std::optional<StoredTable> stored = FindTable(database, name);
  if (!stored) return std::nullopt;
  return std::move(stored->table);
}

bool PostgresCatalog::CreateTable(const Table& table, const ChangeCause& cause, bool if_not_exists) {
  RequireDatabase(table.database);
  if (FindTable(table.database, table.name)) {
    if (if_not_exists) return false;
    throw CatalogError("table " + table.QualifiedName() + " already exists");
  }
  const Table stored = NewTableRow(table, NowMicros());
  PgResult inserted = Exec(
      "INSERT INTO {s}.tables (database, name, kind, columns, partition_keys, location, format, "
      "format_options, parameters, owner, comment, view_sql, created, updated, version, "
      "stats_files, stats_bytes, stats_rows) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::bigint, $14::bigint, $15::bigint, "
      "$16::bigint, $17::bigint, $18::bigint) RETURNING id",
      TableDefinition(stored));
  AddVersion(inserted.Int(0, 0), 1, stored.created, nullptr, stored, cause);
  return true;
}

int64_t PostgresCatalog::UpdateTable(const Table& table, const ChangeCause& cause) {
  const StoredTable before = RequireTable(table.database, table.name);
  const bool schema_changed = SchemaChanged(before.table, table);
  const Table stored = UpdatedTableRow(before.table, table, NowMicros());
  std::vector<PgValue> params = TableDefinition(stored);
  params.emplace_back(before.id);
  Exec(kUpdateTable, params);
  if (schema_changed) AddVersion(before.id, stored.version, stored.updated, &before.table, stored, cause);
  return stored.version;
}

bool PostgresCatalog::DropTable(std::string_view database, std::string_view name, bool if_exists) {
  // Foreign keys cascade to the table's partitions and versions.
  if (Exec("DELETE FROM {s}.tables WHERE database = $1 AND name = $2", {database, name}).affected_rows() >
      0) {
    return true;
  }
  if (if_exists) return false;
  throw CatalogError("table " + Qualified(database, name) + " does not exist");
}

void PostgresCatalog::RenameTable(std::string_view database, std::string_view name, const Table& renamed,
                                  const ChangeCause& cause) {
  const StoredTable before = RequireTable(database, name);
  RequireDatabase(renamed.database);
  std::optional<StoredTable> taken = FindTable(renamed.database, renamed.name);
  const Table stored = RenamedTableRow(before.table, renamed, NowMicros(), taken && taken->id != before.id);
  std::vector<PgValue> params = TableDefinition(stored);
  params.emplace_back(before.id);
  // The row keeps its id: partitions and versions, keyed by it, move with it.
  Exec(kUpdateTable, params);
  AddVersion(before.id, stored.version, stored.updated, &before.table, stored, cause);

  const std::string old_prefix = LocationPrefix(before.table.location);
  const std::string new_prefix = LocationPrefix(stored.location);
  if (old_prefix.empty() || old_prefix == new_prefix) return;
  Exec(
      "UPDATE {s}.partitions SET location = $2::text || substr(location, char_length($1::text) + 1) "
      "WHERE table_id = $3::bigint AND left(location, char_length($1::text) + 1) = $1::text || '/'",
      {old_prefix, new_prefix, before.id});
}

// ---- Versions -------------------------------------------------------------------------

void PostgresCatalog::AddVersion(int64_t table_id, int64_t version, Micros time, const Table* before,
                                 const Table& after, const ChangeCause& cause) {
  static const std::vector<Column> kNone;
  Exec(
      "INSERT INTO {s}.table_versions (table_id, version, time, old_columns, new_columns, "
      "old_partition_keys, new_partition_keys, cause_kind, cause_detail, cause_run_id) "
      "VALUES ($1::bigint, $2::bigint, $3::bigint, $4, $5, $6, $7, $8, $9, $10::bigint)",
      {table_id, version, time, ColumnsToJson(before != nullptr ? before->columns : kNone),
       ColumnsToJson(after.columns), ColumnsToJson(before != nullptr ? before->partition_keys : kNone),
       ColumnsToJson(after.partition_keys), cause.kind, cause.detail, cause.run_id});
}

std::vector<TableVersion> PostgresCatalog::ListVersions(std::string_view database, std::string_view table) {
  const StoredTable stored = RequireTable(database, table);
  const std::string what = " of a version of table " + stored.table.QualifiedName() + In();
  PgResult rows = Exec(
      "SELECT version, time, old_columns, new_columns, old_partition_keys, new_partition_keys, "
      "cause_kind, cause_detail, cause_run_id FROM {s}.table_versions WHERE table_id = $1::bigint "
      "ORDER BY version",
      {stored.id});
  std::vector<TableVersion> versions;
  for (int row = 0; row < rows.num_rows(); ++row) {
    TableVersion version;
    version.version = rows.Int(row, 0);
    version.time = rows.Int(row, 1);
    version.old_columns = ColumnsFromJson(rows.Text(row, 2), "old columns" + what);
    version.new_columns = ColumnsFromJson(rows.Text(row, 3), "new columns" + what);
    version.old_partition_keys = ColumnsFromJson(rows.Text(row, 4), "old partition keys" + what);
    version.new_partition_keys = ColumnsFromJson(rows.Text(row, 5), "new partition keys" + what);
    version.cause.kind = rows.Text(row, 6);
    version.cause.detail = rows.Text(row, 7);
    version.cause.run_id = rows.Int(row, 8);
    versions.push_back(std::move(version));
  }
  return versions;
}

// ---- Partitions -----------------------------------------------------------------------

std::vector<Partition> PostgresCatalog::ListPartitions(std::string_view database, std::string_view table) {
  const StoredTable stored = RequireTable(database, table);
  const std::string what = "partitions of table " + stored.table.QualifiedName() + In();
  // One scan of the primary key (table_id, value_key), whose byte order is the
  // partitions' order (or, when the table holds most rows, a scan and a cheap sort).
  PgResult rows = Exec(std::string("SELECT ") + kPartitionColumns +
                           " FROM {s}.partitions p WHERE p.table_id = $1::bigint ORDER BY p.value_key",
                       {stored.id});
  std::vector<Partition> partitions;
  partitions.reserve(static_cast<size_t>(rows.num_rows()));
  for (int row = 0; row < rows.num_rows(); ++row) partitions.push_back(ReadPartition(rows, row, 0, what));
  return partitions;
}

std::optional<Partition> PostgresCatalog::GetPartition(std::string_view database, std::string_view table,
                                                       const std::vector<std::string>& values) {
  // One statement (one snapshot): the table, with the partition when there is one.
  PgResult rows = Exec(std::string("SELECT ") + kTableColumns + ", " + kPartitionColumns +
                           " FROM {s}.tables t LEFT JOIN {s}.partitions p ON p.table_id = t.id "
                           "AND p.value_key = decode($3, 'hex') WHERE t.database = $1 AND t.name = $2",
                       {database, table, PartitionKeyHex(values)});
  if (rows.num_rows() == 0) throw CatalogError("table " + Qualified(database, table) + " does not exist");
  const StoredTable stored{rows.Int(0, 0), ReadTable(rows, 0, In())};
  if (!stored.table.is_partitioned()) {
    throw CatalogError("table " + stored.table.QualifiedName() + " is not partitioned");
  }
  CheckPartitionValues(stored, values);
  if (rows.IsNull(0, kNumTableColumns)) return std::nullopt;
  return ReadPartition(rows, 0, kNumTableColumns,
                       "partitions of table " + stored.table.QualifiedName() + In());
}

void PostgresCatalog::PutPartitions(std::string_view database, std::string_view table,
                                    const std::vector<Partition>& partitions) {
  const StoredTable stored = RequirePartitionedTable(database, table);
  for (const Partition& partition : partitions) CheckPartitionValues(stored, partition.values);
  // One upsert cannot touch a row twice: the last of equal values wins, as it would
  // one statement at a time.
  std::map<std::vector<std::string>, const Partition*> unique;
  for (const Partition& partition : partitions) unique[partition.values] = &partition;
  const Micros now = NowMicros();
  const std::string what = "partition locations of table " + stored.table.QualifiedName();
  auto it = unique.begin();
  while (it != unique.end()) {
    Json batch = Json::array();
    for (size_t n = 0; n < kPartitionBatch && it != unique.end(); ++n, ++it) {
      const Partition& partition = *it->second;
      batch.push_back({{"k", PartitionKeyHex(partition.values)},
                       {"j", PartitionValuesToJson(partition.values)},
                       {"l", partition.location},
                       {"f", partition.stats.files},
                       {"b", partition.stats.bytes},
                       {"r", partition.stats.rows},
                       {"d", partition.deprecated},
                       {"c", partition.created != 0 ? partition.created : now},
                       {"u", partition.updated != 0 ? partition.updated : now}});
    }
    // A replaced partition keeps its created time: the upsert does not set it.
    Exec(
        "INSERT INTO {s}.partitions (table_id, value_key, value_json, location, stats_files, stats_bytes, "
        "stats_rows, deprecated, created, updated) "
        "SELECT $1::bigint, decode(x.k, 'hex'), x.j, x.l, x.f, x.b, x.r, x.d, x.c, x.u "
        "FROM jsonb_to_recordset($2::jsonb) "
        "AS x(k text, j text, l text, f bigint, b bigint, r bigint, d boolean, c bigint, u bigint) "
        "ON CONFLICT (table_id, value_key) DO UPDATE SET value_json = excluded.value_json, "
        "location = excluded.location, stats_files = excluded.stats_files, "
        "stats_bytes = excluded.stats_bytes, stats_rows = excluded.stats_rows, "
        "deprecated = excluded.deprecated, updated = excluded.updated",
        {stored.id, DumpStrict(batch, what)});
  }
}

size_t PostgresCatalog::DropPartitions(std::string_view database, std::string_view table,
                                       const std::vector<std::vector<std::string>>& values) {
  const StoredTable stored = RequirePartitionedTable(database, table);
  for (const std::vector<std::string>& partition_values : values)
    CheckPartitionValues(stored, partition_values);
  size_t num_dropped = 0;
  for (size_t start = 0; start < values.size(); start += kPartitionBatch) {
    Json keys = Json::array();
    for (size_t i = start; i < std::min(values.size(), start + kPartitionBatch); ++i) {
      keys.push_back(PartitionKeyHex(values[i]));
    }
    num_dropped +=
        static_cast<size_t>(Exec("DELETE FROM {s}.partitions WHERE table_id = $1::bigint AND value_key IN "
                                 "(SELECT decode(k, 'hex') FROM jsonb_array_elements_text($2::jsonb) AS k)",
                                 {stored.id, keys.dump()})
                                .affected_rows());
  }
  return num_dropped;
}

// ---- Runs -----------------------------------------------------------------------------

int64_t PostgresCatalog::StartRun(const Run& run) {
  return Exec(
             "INSERT INTO {s}.runs (kind, name, started, finished, status, summary, details) "
             "VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6, $7) RETURNING id",
             {run.kind, run.name, run.started != 0 ? run.started : NowMicros(), run.finished, run.status,
              run.summary, run.details_json})
      .Int(0, 0);
}

void PostgresCatalog::FinishRun(const Run& run) {
  PgResult updated = Exec(
      "UPDATE {s}.runs SET finished = $1::bigint, status = $2, summary = $3, details = $4 WHERE id = "
      "$5::bigint",
      {run.finished != 0 ? run.finished : NowMicros(), run.status, run.summary, run.details_json, run.id});
  if (updated.affected_rows() == 0) throw CatalogError("run " + std::to_string(run.id) + " does not exist");
}

std::vector<Run> PostgresCatalog::ListRuns(std::string_view kind, std::string_view name, size_t limit) {
  // One statement text per combination of filters, so that each can use its index.
  std::string sql = std::string("SELECT ") + kRunColumns + " FROM {s}.runs";
  std::vector<PgValue> params;
  if (!kind.empty()) {
    params.emplace_back(kind);
    sql += " WHERE kind = $1";
  }
  if (!name.empty()) {
    params.emplace_back(name);
    sql += (kind.empty() ? " WHERE name = $" : " AND name = $") + std::to_string(params.size());
  }
  const auto max_limit = static_cast<size_t>(std::numeric_limits<int64_t>::max());
  params.emplace_back(static_cast<int64_t>(std::min(limit, max_limit)));
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size()) + "::bigint";
  PgResult rows = Exec(sql, params);
  std::vector<Run> runs;
  for (int row = 0; row < rows.num_rows(); ++row) runs.push_back(ReadRun(rows, row));
  return runs;
}

std::optional<Run> PostgresCatalog::GetRun(int64_t id) {
  PgResult rows = Exec(std::string("SELECT ") + kRunColumns + " FROM {s}.runs WHERE id = $1::bigint", {id});
  if (rows.num_rows() == 0) return std::nullopt;
  return ReadRun(rows, 0);
}

// ---- State ----------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> PostgresCatalog::ListState(std::string_view ns) {
  PgResult rows = Exec("SELECT key, value FROM {s}.state WHERE ns = $1 ORDER BY key", {ns});
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(static_cast<size_t>(rows.num_rows()));
  for (int row = 0; row < rows.num_rows(); ++row) {
    entries.emplace_back(rows.Text(row, 0), rows.Text(row, 1));
  }
  return entries;
}

std::optional<std::string> PostgresCatalog::GetState(std::string_view ns, std::string_view key) {
  PgResult rows = Exec("SELECT value FROM {s}.state WHERE ns = $1 AND key = $2", {ns, key});
  if (rows.num_rows() == 0) return std::nullopt;
  return std::string(rows.Text(0, 0));
}

void PostgresCatalog::PutState(std::string_view ns, std::string_view key, std::string_view value) {
  Exec(
      "INSERT INTO {s}.state (ns, key, value) VALUES ($1, $2, $3) "
      "ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value",
      {ns, key, value});
}

void PostgresCatalog::DeleteState(std::string_view ns, std::string_view key) {
  Exec("DELETE FROM {s}.state WHERE ns = $1 AND key = $2", {ns, key});
}

void PostgresCatalog::ClearState(std::string_view ns) { Exec("DELETE FROM {s}.state WHERE ns = $1", {ns}); }

}  // namespace sluice::catalog
