#pragma once
// The catalog's reads and writes as SQL over one SQLite connection, without any
// transaction handling: SqliteStore (catalog/sqlite_store.h) opens the read or write
// transaction around each call and retries it while the file is busy. Every value is
// bound as a parameter.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/sqlite_connection.h"
#include "catalog/store.h"

namespace sluice::catalog {

/// CatalogWriter over an SQLite connection whose transaction the caller manages.
/// Not thread-safe (the store serializes calls).
class SqliteCatalog final : public CatalogWriter {
 public:
  explicit SqliteCatalog(SqliteConnection& connection) : connection_(connection) {}

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

  std::optional<StoredTable> FindTable(std::string_view database, std::string_view name);
  /// The table, or CatalogError "table db.name does not exist".
  StoredTable RequireTable(std::string_view database, std::string_view name);
  /// The table when it exists and is partitioned; CatalogError otherwise.
  StoredTable RequirePartitionedTable(std::string_view database, std::string_view name);
  /// CatalogError unless `values` has one value per partition key of `stored`.
  static void CheckPartitionValues(const StoredTable& stored, const std::vector<std::string>& values);
  void RequireDatabase(std::string_view name);
  void AddVersion(int64_t table_id, int64_t version, Micros time, const Table* before,
                  const Table& after, const ChangeCause& cause);

  SqliteConnection& connection_;
};

}  // namespace sluice::catalog
