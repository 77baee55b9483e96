#pragma once
// The catalog's reads and writes as SQL over one PostgreSQL connection, without any
// transaction handling: PostgresStore (catalog/postgres_store.h) opens the read or
// write transaction around each call, takes the write lock and retries. Every value is
// bound as a parameter; the schema name is quoted once and substituted for "{s}".
// Behaviour and messages match SqliteCatalog (catalog/sqlite_catalog.h): the shared
// conformance suite runs against both.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/postgres_connection.h"
#include "catalog/store.h"

namespace sluice::catalog {

/// CatalogWriter over a PostgreSQL connection whose transaction the caller manages.
/// Not thread-safe (the store serializes calls).
class PostgresCatalog final : public CatalogWriter {
 public:
  /// `quoted_schema`: the catalog's schema, already quoted as an identifier.
  PostgresCatalog(PgConnection& connection, const std::string& quoted_schema)
      : connection_(connection), quoted_schema_(quoted_schema) {}

  std::vector<Database> ListDatabases() override;
  std::optional<Database> GetDatabase(std::string_view name) override;
  std::vector<Table> ListTables(std::string_view database) override;
  std::optional<Table> GetTable(std::string_view database, std::string_view name) override;
  std::vector<Partition> ListPartitions(std::string_view database, std::string_view table) override;
  std::optional<Partition> GetPartition(std::string_view database, std::string_view table,
                                        const std::vector<std::string>& values) override;
  std::vector<TableVersion> ListVersions(std::string_view database, std::string_view table) override;
  std::vector<Run> ListRuns(std::string_view kind, std::string_view name, size_t limit) override;
  std::optional<Run> GetRun(int64_t id) override;
  std::vector<std::pair<std::string, std::string>> ListState(std::string_view ns) override;
  std::optional<std::string> GetState(std::string_view ns, std::string_view key) override;

  bool CreateDatabase(const Database& database, bool if_not_exists) override;
  bool DropDatabase(std::string_view name, bool if_exists, bool cascade) override;
  bool CreateTable(const Table& table, const ChangeCause& cause, bool if_not_exists) override;
  int64_t UpdateTable(const Table& table, const ChangeCause& cause) override;
  bool DropTable(std::string_view database, std::string_view name, bool if_exists) override;
  void RenameTable(std::string_view database, std::string_view name, const Table& renamed,
                   const ChangeCause& cause) override;
  /// One statement per batch of partitions (an upsert from a JSON array), so a crawl
  /// that adds 10,000 partitions makes a handful of round trips, not 10,000.
  void PutPartitions(std::string_view database, std::string_view table,
                     const std::vector<Partition>& partitions) override;
  size_t DropPartitions(std::string_view database, std::string_view table,
                        const std::vector<std::vector<std::string>>& values) override;
  int64_t StartRun(const Run& run) override;
  void FinishRun(const Run& run) override;
  void PutState(std::string_view ns, std::string_view key, std::string_view value) override;
  void DeleteState(std::string_view ns, std::string_view key) override;
  void ClearState(std::string_view ns) override;

 private:
  /// A stored table with its row id (the key of its partitions and versions).
  struct StoredTable {
    int64_t id = 0;
    Table table;
  };

  /// Runs `sql` (with "{s}" standing for the schema) with `params` bound.
  PgResult Exec(std::string_view sql, const std::vector<PgValue>& params = {});

  /// Where a damaged value was found, for messages: " in postgresql://…/db (schema "sluice")".
  std::string In() const;
  std::optional<StoredTable> FindTable(std::string_view database, std::string_view name);
  /// The table, or CatalogError "table db.name does not exist".
  StoredTable RequireTable(std::string_view database, std::string_view name);
  /// The table when it exists and is partitioned; CatalogError otherwise.
  StoredTable RequirePartitionedTable(std::string_view database, std::string_view name);
  /// CatalogError unless `values` has one value per partition key of `stored`.
  static void CheckPartitionValues(const StoredTable& stored, const std::vector<std::string>& values);
  void RequireDatabase(std::string_view name);
  void AddVersion(int64_t table_id, int64_t version, Micros time, const Table* before, const Table& after,
                  const ChangeCause& cause);

  PgConnection& connection_;
  const std::string& quoted_schema_;
};

}  // namespace sluice::catalog
