#include "engine/table_commit.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "catalog/store.h"
#include "core/error.h"
#include "engine/catalog_files.h"
#include "io/file.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

/// The store-state namespace holding the ids of applied commits.
constexpr std::string_view kAppliedCommits = "sluice/commits";

std::string CommitsFolder(const CatalogContext& catalog) { return catalog.lake_root + "/.sluice/commits"; }
std::string JournalPath(const CatalogContext& catalog, const std::string& id) {
  return CommitsFolder(catalog) + "/" + id + ".json";
}
std::string LockPath(const CatalogContext& catalog, const std::string& id) {
  return CommitsFolder(catalog) + "/" + id + ".lock";
}

// ---- The journal as JSON ---------------------------------------------------------------

Json ColumnsToJson(const std::vector<catalog::Column>& columns) {
  Json list = Json::array();
  for (const catalog::Column& column : columns) {
    Json item = {{"name", column.name}, {"type", column.type.ToString()}, {"comment", column.comment}};
    if (column.not_null) item["not_null"] = true;
    list.push_back(std::move(item));
  }
  return list;
}

std::vector<catalog::Column> ColumnsFromJson(const Json& list) {
  std::vector<catalog::Column> columns;
  for (const Json& item : list) {
    catalog::Column column;
    column.name = item.at("name").get<std::string>();
    column.type = DataType::Parse(item.at("type").get<std::string>());
    column.comment = item.at("comment").get<std::string>();
    column.not_null = item.value("not_null", false);
    columns.push_back(std::move(column));
  }
  return columns;
}

Json TableToJson(const catalog::Table& table) {
  return {{"database", table.database},
          {"name", table.name},
          {"kind", std::string(catalog::TableKindName(table.kind))},
          {"columns", ColumnsToJson(table.columns)},
          {"partition_keys", ColumnsToJson(table.partition_keys)},
          {"location", table.location},
          {"format", std::string(catalog::StorageFormatName(table.format))},
          {"format_options", table.format_options},
          {"parameters", table.parameters},
          {"owner", table.owner},
          {"comment", table.comment}};
}

catalog::Table TableFromJson(const Json& json) {
  catalog::Table table;
  table.database = json.at("database").get<std::string>();
  table.name = json.at("name").get<std::string>();
  table.kind = catalog::ParseTableKind(json.at("kind").get<std::string>());
  table.columns = ColumnsFromJson(json.at("columns"));
  table.partition_keys = ColumnsFromJson(json.at("partition_keys"));
  table.location = json.at("location").get<std::string>();
  table.format = catalog::ParseStorageFormat(json.at("format").get<std::string>());
  table.format_options = json.at("format_options").get<std::map<std::string, std::string>>();
  table.parameters = json.at("parameters").get<std::map<std::string, std::string>>();
  table.owner = json.at("owner").get<std::string>();
  table.comment = json.at("comment").get<std::string>();
  return table;
}

Json TableCommitToJson(const TableCommit& commit) {
  auto moves_json = [](const std::vector<TableCommit::Move>& list) {
    Json moves = Json::array();
    for (const TableCommit::Move& move : list) moves.push_back({{"from", move.from}, {"to", move.to}});
    return moves;
  };
  Json partitions = Json::array();
  for (const CommitPartition& partition : commit.partitions) {
    partitions.push_back({{"values", partition.values},
                          {"location", partition.location},
                          {"rows", partition.rows},
                          {"rows_removed", partition.rows_removed}});
  }
  Json json = {{"id", commit.id},
               {"moves", moves_json(commit.moves)},
               {"removals", moves_json(commit.removals)},
               {"table_rows_removed", commit.table_rows_removed},
               {"database", commit.database},
               {"table", commit.table},
               {"partitions", partitions},
               {"table_rows", commit.table_rows},
               {"cause", {{"kind", commit.cause.kind}, {"detail", commit.cause.detail}, {"run_id", commit.cause.run_id}}}};
  if (commit.create_table) json["create_table"] = TableToJson(*commit.create_table);
  return json;
}

TableCommit TableCommitFromJson(const Json& json) {
  TableCommit commit;
  commit.id = json.at("id").get<std::string>();
  for (const Json& move : json.at("moves")) {
    commit.moves.push_back({move.at("from").get<std::string>(), move.at("to").get<std::string>()});
  }
  for (const Json& move : json.value("removals", Json::array())) {
    commit.removals.push_back({move.at("from").get<std::string>(), move.at("to").get<std::string>()});
  }
  commit.table_rows_removed = json.value("table_rows_removed", int64_t{0});
  commit.database = json.at("database").get<std::string>();
  commit.table = json.at("table").get<std::string>();
  for (const Json& partition : json.at("partitions")) {
    commit.partitions.push_back({partition.at("values").get<std::vector<std::string>>(),
                                 partition.at("location").get<std::string>(), partition.at("rows").get<int64_t>(),
                                 partition.value("rows_removed", int64_t{0})});
  }
  commit.table_rows = json.at("table_rows").get<int64_t>();
  commit.cause.kind = json.at("cause").at("kind").get<std::string>();
  commit.cause.detail = json.at("cause").at("detail").get<std::string>();
  commit.cause.run_id = json.at("cause").value("run_id", int64_t{0});
  if (json.contains("create_table")) commit.create_table = TableFromJson(json.at("create_table"));
  return commit;
}

std::string CommitToJson(const LakeCommit& commit) {
  Json tables = Json::array();
  for (const TableCommit& table : commit.tables) tables.push_back(TableCommitToJson(table));
  Json state = Json::array();
  for (const StateChange& change : commit.state) {
    state.push_back({{"ns", change.ns}, {"key", change.key}, {"value", change.value ? Json(*change.value) : Json()}});
  }
  Json json = {{"id", commit.id}, {"tables", tables}, {"state", state}};
  if (commit.finish_run) {
    const catalog::Run& run = *commit.finish_run;
    json["run"] = {{"id", run.id},          {"kind", run.kind},       {"name", run.name},
                   {"started", run.started}, {"finished", run.finished}, {"status", run.status},
                   {"summary", run.summary}, {"details", run.details_json}};
  }
  return json.dump(2);
}

LakeCommit CommitFromJson(const std::string& text) {
  Json json = Json::parse(text);
  LakeCommit commit;
  commit.id = json.at("id").get<std::string>();
  if (!json.contains("tables")) {  // a one-table journal (before lake commits)
    commit.tables.push_back(TableCommitFromJson(json));
    return commit;
  }
  for (const Json& table : json.at("tables")) commit.tables.push_back(TableCommitFromJson(table));
  for (const Json& change : json.at("state")) {
    StateChange parsed{change.at("ns").get<std::string>(), change.at("key").get<std::string>(), std::nullopt};
    if (!change.at("value").is_null()) parsed.value = change.at("value").get<std::string>();
    commit.state.push_back(std::move(parsed));
  }
  if (json.contains("run")) {
    const Json& run_json = json.at("run");
    catalog::Run run;
    run.id = run_json.at("id").get<int64_t>();
    run.kind = run_json.at("kind").get<std::string>();
    run.name = run_json.at("name").get<std::string>();
    run.started = run_json.at("started").get<int64_t>();
    run.finished = run_json.at("finished").get<int64_t>();
    run.status = run_json.at("status").get<std::string>();
    run.summary = run_json.at("summary").get<std::string>();
    run.details_json = run_json.at("details").get<std::string>();
    commit.finish_run = std::move(run);
  }
  return commit;
}

// ---- Files -----------------------------------------------------------------------------

void FsyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

/// An exclusive lock on a commit (its .lock file), released when destroyed.
class CommitLock {
 public:
  /// Blocks for the lock unless `try_only` (then `held()` tells).
  CommitLock(const std::string& path, bool try_only) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw IOError(io::ErrnoMessage("cannot create the commit lock", path));
    if (::flock(fd_, LOCK_EX | (try_only ? LOCK_NB : 0)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~CommitLock() {
    if (fd_ < 0) return;
    if (remove_) ::unlink(path_.c_str());
    ::close(fd_);
  }
  CommitLock(const CommitLock&) = delete;
  CommitLock& operator=(const CommitLock&) = delete;
  bool held() const { return fd_ >= 0; }
  /// Delete the lock file when released (the commit is complete).
  void RemoveOnRelease() { remove_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool remove_ = false;
};

void WriteJournal(const LakeCommit& commit, const CatalogContext& catalog) {
  for (const TableCommit& table : commit.tables) {
    for (const TableCommit::Move& move : table.moves) FsyncPath(move.from, false);
  }
  fs::create_directories(CommitsFolder(catalog));
  io::AtomicFileWriter journal(JournalPath(catalog, commit.id));
  journal.Write(CommitToJson(commit));
  journal.Commit();
  FsyncPath(CommitsFolder(catalog), true);
}

/// Moves one file into place; true when done now or before.
void MoveFile(const TableCommit::Move& move, const std::string& id) {
  std::error_code error;
  if (!fs::exists(move.from, error)) {
    if (fs::exists(move.to, error)) return;  // moved by an earlier attempt
    throw CatalogError("commit " + id + ": the staged file " + move.from + " is missing");
  }
  fs::create_directories(fs::path(move.to).parent_path(), error);
  fs::rename(move.from, move.to, error);
  if (!error) return;
  if (error != std::errc::cross_device_link) {
    throw IOError("commit " + id + ": cannot move " + move.from + " to " + move.to + ": " + error.message());
  }
  // Another file system (an external location): copy beside the target, then rename.
  std::string temporary = move.to + ".sluice-tmp";
  fs::copy_file(move.from, temporary, fs::copy_options::overwrite_existing);
  FsyncPath(temporary, false);
  fs::rename(temporary, move.to);
  fs::remove(move.from);
}

void MoveFiles(const LakeCommit& commit) {
  std::set<std::string> folders;
  for (const TableCommit& table : commit.tables) {
    for (const TableCommit::Move& move : table.removals) {
      MoveFile(move, commit.id);
      folders.insert(fs::path(move.from).parent_path().string());
    }
    for (const TableCommit::Move& move : table.moves) {
      MoveFile(move, commit.id);
      folders.insert(fs::path(move.to).parent_path().string());
    }
  }
  for (const std::string& folder : folders) FsyncPath(folder, true);
}

/// Undoes the moves of a commit that cannot apply (best effort): new files out,
/// replaced files back.
void UndoMoves(const LakeCommit& commit) {
  std::error_code error;
  for (const TableCommit& table : commit.tables) {
    for (const TableCommit::Move& move : table.moves) {
      if (fs::exists(move.to, error) && !fs::exists(move.from, error)) fs::remove(move.to, error);
    }
    for (const TableCommit::Move& move : table.removals) {
      if (fs::exists(move.to, error) && !fs::exists(move.from, error)) fs::rename(move.to, move.from, error);
    }
  }
}

/// `existing` rows plus `added` minus `removed`; -1 (unknown) when any is unknown.
int64_t AddRows(int64_t existing, int64_t added, int64_t removed = 0) {
  if (existing < 0 || added < 0 || removed < 0) return -1;
  return std::max<int64_t>(0, existing + added - removed);
}

/// The statistics of one table's folders as they are after the moves.
struct TableStats {
  std::vector<catalog::PartitionStats> partitions;  ///< By commit.partitions.
  catalog::PartitionStats table;                    ///< Unpartitioned tables.
};

/// Thrown inside the catalog transaction when a table to create exists: rolls the whole
/// transaction back.
struct TableExists {
  std::string name;
};

/// One table's catalog changes inside the commit's transaction.
void ApplyTableChanges(catalog::CatalogWriter& writer, const TableCommit& commit, const TableStats& stats,
                       const std::string& id) {
  if (commit.create_table) {
    catalog::Table created = *commit.create_table;
    if (!created.is_partitioned()) {
      created.stats = stats.table;
      created.stats.rows = commit.table_rows;
    }
    if (!writer.CreateTable(created, commit.cause, /*if_not_exists=*/true)) throw TableExists{created.QualifiedName()};
  } else {
    std::optional<catalog::Table> current = writer.GetTable(commit.database, commit.table);
    if (!current) throw CatalogError("commit " + id + ": table " + commit.database + "." + commit.table + " was dropped");
    if (!current->is_partitioned()) {
      int64_t rows = AddRows(current->stats.rows, commit.table_rows, commit.table_rows_removed);
      current->stats = stats.table;
      current->stats.rows = rows;
      writer.UpdateTable(*current, commit.cause);
    }
  }
  std::vector<catalog::Partition> partitions;
  std::vector<std::vector<std::string>> emptied;
  for (size_t i = 0; i < commit.partitions.size(); ++i) {
    const CommitPartition& written = commit.partitions[i];
    std::optional<catalog::Partition> existing = writer.GetPartition(commit.database, commit.table, written.values);
    if (!commit.removals.empty() && stats.partitions[i].files == 0) {
      // Every file of the partition was replaced by nothing (DELETE, an overwrite).
      if (existing) emptied.push_back(written.values);
      continue;
    }
    catalog::Partition partition = existing ? *existing : catalog::Partition{};
    if (!existing) {
      partition.values = written.values;
      partition.location = written.location;
    }
    int64_t rows = existing ? AddRows(existing->stats.rows, written.rows, written.rows_removed) : written.rows;
    partition.stats = stats.partitions[i];
    partition.stats.rows = rows;
    partition.deprecated = false;
    partition.updated = 0;  // the store stamps the change
    partitions.push_back(std::move(partition));
  }
  if (!partitions.empty()) writer.PutPartitions(commit.database, commit.table, partitions);
  if (!emptied.empty()) writer.DropPartitions(commit.database, commit.table, emptied);
}

/// Step 4: the catalog changes in one transaction, once per commit id. Returns false
/// (and changes nothing) when a table to create exists and was not created by this
/// commit; sets `existing` to its name.
bool ApplyCatalogChanges(const LakeCommit& commit, const CatalogContext& catalog, std::string* existing) {
  // Statistics from the folders as they are now (listing is idempotent; done before
  // the transaction so that a retried transaction does no I/O).
  std::vector<TableStats> stats(commit.tables.size());
  for (size_t t = 0; t < commit.tables.size(); ++t) {
    const TableCommit& table_commit = commit.tables[t];
    std::optional<catalog::Table> table = table_commit.create_table;
    if (!table) table = catalog.store->GetTable(table_commit.database, table_commit.table);
    for (const CommitPartition& partition : table_commit.partitions) {
      stats[t].partitions.push_back(FolderStats(ResolveCatalogPath(catalog, partition.location)));
    }
    if (table && !table->is_partitioned()) stats[t].table = FolderStats(ResolveCatalogPath(catalog, table->location));
  }
  try {
    catalog.store->Write([&](catalog::CatalogWriter& writer) {
      if (writer.GetState(kAppliedCommits, commit.id)) return;
      for (size_t t = 0; t < commit.tables.size(); ++t) ApplyTableChanges(writer, commit.tables[t], stats[t], commit.id);
      for (const StateChange& change : commit.state) {
        if (change.value) {
          writer.PutState(change.ns, change.key, *change.value);
        } else {
          writer.DeleteState(change.ns, change.key);
        }
      }
      if (commit.finish_run) writer.FinishRun(*commit.finish_run);
      writer.PutState(kAppliedCommits, commit.id,
                      commit.tables.empty() ? std::string("state") : commit.tables.front().cause.kind);
    });
  } catch (const TableExists& exists) {
    *existing = exists.name;
    return false;
  }
  return true;
}

void RemoveJournal(const std::string& id, const CatalogContext& catalog) {
  std::error_code error;
  fs::remove(JournalPath(catalog, id), error);
  FsyncPath(CommitsFolder(catalog), true);
  fs::remove_all(StagingFolder(catalog, id), error);
  try {
    catalog.store->Write([&](catalog::CatalogWriter& writer) { writer.DeleteState(kAppliedCommits, id); });
  } catch (const Error&) {
    // The commit is complete; a leftover marker only costs a row of state.
  }
}

/// Steps 3–5 for a commit whose journal is durable and whose lock is held.
void Complete(const LakeCommit& commit, const CatalogContext& catalog) {
  MoveFiles(commit);
  if (!catalog.session_private) CrashPointForTesting("after-moves");
  std::string existing;
  if (!ApplyCatalogChanges(commit, catalog, &existing)) {
    UndoMoves(commit);
    RemoveJournal(commit.id, catalog);
    throw CatalogError("table " + existing + " was created by someone else meanwhile; nothing was written");
  }
  if (!catalog.session_private) CrashPointForTesting("after-catalog");
  RemoveJournal(commit.id, catalog);
}

/// The tables of `commit` whose locks a committer takes, in the order it takes them
/// (by name, so two commits never wait for each other crosswise): all but `held`'s.
std::vector<std::pair<std::string, std::string>> TablesToLock(const LakeCommit& commit, const TableWriteLock* held) {
  std::vector<std::pair<std::string, std::string>> names;
  for (const TableCommit& table : commit.tables) {
    if (held != nullptr && held->database() == table.database && held->table() == table.table) continue;
    names.emplace_back(table.database, table.table);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

/// Turns `commit.replace` into removals (moved to `staging`/replaced/) and, for kAll,
/// partitions to empty; called under the table's lock before the journal.
void ResolveReplace(TableCommit& commit, const CatalogContext& catalog, const std::string& staging) {
  if (commit.replace == ReplaceMode::kNone || commit.create_table) return;
  std::optional<catalog::Table> table = catalog.store->GetTable(commit.database, commit.table);
  if (!table) return;  // dropped meanwhile: the catalog write reports it
  std::set<std::string> incoming;
  for (const TableCommit::Move& move : commit.moves) incoming.insert(move.to);
  size_t counter = commit.removals.size();
  auto remove_folder = [&](const std::string& location) {
    for (const std::string& file : ListDataFiles(ResolveCatalogPath(catalog, location))) {
      if (incoming.count(file) > 0) continue;
      commit.removals.push_back(
          {file, staging + "/replaced/" + std::to_string(counter++) + "-" + fs::path(file).filename().string()});
    }
  };
  if (!table->is_partitioned()) {
    remove_folder(table->location);
    commit.table_rows_removed = table->stats.rows;
    return;
  }
  std::map<std::vector<std::string>, size_t> written;
  for (size_t i = 0; i < commit.partitions.size(); ++i) written.emplace(commit.partitions[i].values, i);
  for (const catalog::Partition& partition : catalog.store->ListPartitions(commit.database, commit.table)) {
    auto it = written.find(partition.values);
    if (it == written.end() && commit.replace == ReplaceMode::kPartitions) continue;
    remove_folder(partition.location);
    if (it == written.end()) {
      commit.partitions.push_back({partition.values, partition.location, 0, partition.stats.rows});
    } else {
      commit.partitions[it->second].rows_removed = partition.stats.rows;
    }
  }
  // A replace that removes nothing must not drop partitions: only a commit with
  // removals drops the partitions it leaves empty.
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string NewCommitId() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char time[32];
  std::strftime(time, sizeof(time), "%Y%m%dT%H%M%SZ", &utc);
  std::random_device device;
  char random[17];
  std::snprintf(random, sizeof(random), "%08x%08x", device(), device());
  return std::string(time) + "-" + random;
}

std::string StagingFolder(const CatalogContext& catalog, const std::string& id) {
  return catalog.lake_root + "/.sluice/staging/" + id;
}

void CommitLake(LakeCommit commit, const CatalogContext& catalog, const TableWriteLock* held) {
  std::error_code error;
  std::vector<std::unique_ptr<TableWriteLock>> table_locks;
  try {
    fs::create_directories(CommitsFolder(catalog));
    for (const auto& [database, table] : TablesToLock(commit, held)) {
      table_locks.push_back(std::make_unique<TableWriteLock>(catalog, database, table));
    }
    for (TableCommit& table : commit.tables) {
      table.id = commit.id;
      ResolveReplace(table, catalog, StagingFolder(catalog, commit.id));
    }
  } catch (...) {
    fs::remove_all(StagingFolder(catalog, commit.id), error);
    throw;
  }
  CommitLock lock(LockPath(catalog, commit.id), /*try_only=*/false);
  if (!catalog.session_private) CrashPointForTesting("before-journal");
  try {
    WriteJournal(commit, catalog);
  } catch (...) {
    // Not decided: nothing may remain.
    fs::remove(JournalPath(catalog, commit.id), error);
    fs::remove_all(StagingFolder(catalog, commit.id), error);
    lock.RemoveOnRelease();
    throw;
  }
  lock.RemoveOnRelease();
  if (!catalog.session_private) CrashPointForTesting("after-journal");
  try {
    Complete(commit, catalog);
  } catch (const CatalogError& problem) {
    if (!fs::exists(JournalPath(catalog, commit.id), error)) throw;  // undone (the table exists)
    throw CatalogError(std::string(problem.what()) + " (the write of commit " + commit.id +
                       " is recorded and completes the next time the lake's catalog is opened)");
  } catch (const Error& problem) {
    throw IOError(std::string(problem.what()) + " (the write of commit " + commit.id +
                  " is recorded and completes the next time the lake's catalog is opened)");
  }
}

void CommitTable(const TableCommit& commit, const CatalogContext& catalog, const TableWriteLock* held) {
  LakeCommit lake_commit;
  lake_commit.id = commit.id;
  lake_commit.tables.push_back(commit);
  CommitLake(std::move(lake_commit), catalog, held);
}

StagingGuard::StagingGuard(std::string folder) : folder_(std::move(folder)) {
  fs::create_directories(folder_);
  std::string owner = folder_ + "/.owner";
  // Locked under a private name, then renamed: a roll-forward that sees `.owner` sees
  // it locked for as long as its statement lives.
  std::string unnamed = owner + "-" + std::to_string(::getpid());
  fd_ = ::open(unnamed.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0 || ::flock(fd_, LOCK_EX | LOCK_NB) != 0 || ::rename(unnamed.c_str(), owner.c_str()) != 0) {
    std::string message = io::ErrnoMessage("cannot lock the staging folder", owner);
    if (fd_ >= 0) ::close(fd_);
    std::error_code error;
    fs::remove_all(folder_, error);
    throw IOError(message);
  }
}

StagingGuard::~StagingGuard() {
  if (!release_) {
    std::error_code error;
    fs::remove_all(folder_, error);
  }
  if (fd_ >= 0) ::close(fd_);
}

namespace {

/// A file-name-safe form of a database or table name: [a-z0-9_-] kept, others %XX.
std::string LockNamePart(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) != 0 || c == '_' || c == '-') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace

TableWriteLock::TableWriteLock(const CatalogContext& catalog, const std::string& database, const std::string& table,
                               int timeout_seconds)
    : database_(database), table_(table) {
  std::string folder = catalog.lake_root + "/.sluice/locks";
  std::error_code error;
  fs::create_directories(folder, error);
  std::string path = folder + "/" + LockNamePart(database) + "." + LockNamePart(table) + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IOError(io::ErrnoMessage("cannot create the table lock", path));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  auto pause = std::chrono::milliseconds(2);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd_);
      fd_ = -1;
      throw CatalogError("table " + database + "." + table + " is being changed by another statement (lock " + path +
                         " held for " + std::to_string(timeout_seconds) + " s)");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

TableWriteLock::~TableWriteLock() {
  if (fd_ >= 0) ::close(fd_);
}

void CrashPointForTesting(std::string_view point) {
  static const char* configured = std::getenv("SLUICE_CRASH_AT");
  if (configured != nullptr && point == configured) {
    std::cerr.flush();
    ::kill(::getpid(), SIGKILL);
  }
}

void CommitUntilCrashForTesting(const TableCommit& commit, const CatalogContext& catalog, CommitCrashPoint crash) {
  fs::create_directories(CommitsFolder(catalog));
  LakeCommit lake_commit;
  lake_commit.id = commit.id;
  lake_commit.tables.push_back(commit);
  CommitLock lock(LockPath(catalog, commit.id), /*try_only=*/false);
  WriteJournal(lake_commit, catalog);
  MoveFiles(lake_commit);
  std::string existing;
  if (crash == CommitCrashPoint::kBeforeJournalRemoval) ApplyCatalogChanges(lake_commit, catalog, &existing);
}

size_t RollForwardCommits(const CatalogContext& catalog, const TableWriteLock* held) {
  size_t completed = 0;
  std::error_code error;
  std::vector<std::string> journals;
  for (const fs::directory_entry& entry : fs::directory_iterator(CommitsFolder(catalog), error)) {
    if (entry.path().extension() == ".json") journals.push_back(entry.path().string());
  }
  std::sort(journals.begin(), journals.end());
  std::set<std::string> pending;
  for (const std::string& path : journals) {
    std::string id = fs::path(path).stem().string();
    pending.insert(id);
    CommitLock lock(LockPath(catalog, id), /*try_only=*/true);
    if (!lock.held() || !fs::exists(path, error)) continue;  // being committed, or just done
    try {
      LakeCommit commit = CommitFromJson(ReadText(path));
      std::vector<std::unique_ptr<TableWriteLock>> table_locks;
      bool busy = false;
      for (const auto& [database, table] : TablesToLock(commit, held)) {
        try {
          table_locks.push_back(std::make_unique<TableWriteLock>(catalog, database, table, /*timeout_seconds=*/0));
        } catch (const CatalogError&) {
          busy = true;  // a statement holds the table: it, or a later open, completes this
          break;
        }
      }
      if (busy) continue;
      lock.RemoveOnRelease();
      Complete(commit, catalog);
      ++completed;
    } catch (const std::exception& problem) {
      std::cerr << "sluice: cannot complete the interrupted commit " << path << ": " << problem.what() << "\n";
    }
  }
  // Lock files of commits that died before their journal was written (no journal):
  // removed once nobody holds them and they are an hour old (a committer creates its
  // lock a moment before it writes its journal).
  auto lock_cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const fs::directory_entry& entry : fs::directory_iterator(CommitsFolder(catalog), error)) {
    if (entry.path().extension() != ".lock") continue;
    std::string id = entry.path().stem().string();
    std::error_code time_error;
    if (pending.count(id) > 0 || entry.last_write_time(time_error) >= lock_cutoff || time_error) continue;
    CommitLock lock(entry.path().string(), /*try_only=*/true);
    if (lock.held() && !fs::exists(JournalPath(catalog, id), time_error)) lock.RemoveOnRelease();
  }
  // Staging folders of statements that died before their commit was decided: removed
  // at once when their owner's lock is free (StagingGuard), else after a day.
  auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(24);
  for (const fs::directory_entry& entry : fs::directory_iterator(catalog.lake_root + "/.sluice/staging", error)) {
    std::string id = entry.path().filename().string();
    if (pending.count(id) > 0) continue;
    std::error_code time_error;
    std::string owner = entry.path().string() + "/.owner";
    if (fs::exists(owner, time_error)) {
      int fd = ::open(owner.c_str(), O_RDWR | O_CLOEXEC);
      if (fd < 0) continue;
      bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
      // Removed while locked, so that its owner cannot be a new statement of this id.
      if (free && !fs::exists(JournalPath(catalog, id), time_error)) fs::remove_all(entry.path(), time_error);
      ::close(fd);
      continue;
    }
    if (entry.last_write_time(time_error) < cutoff && !time_error) fs::remove_all(entry.path(), time_error);
  }
  return completed;
}

}  // namespace sluice::engine
