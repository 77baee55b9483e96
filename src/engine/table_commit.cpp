#include "engine/table_commit.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

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
    list.push_back({{"name", column.name}, {"type", column.type.ToString()}, {"comment", column.comment}});
  }
  return list;
}

std::vector<catalog::Column> ColumnsFromJson(const Json& list) {
  std::vector<catalog::Column> columns;
  for (const Json& item : list) {
    columns.push_back({item.at("name").get<std::string>(), DataType::Parse(item.at("type").get<std::string>()),
                       item.at("comment").get<std::string>()});
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

std::string CommitToJson(const TableCommit& commit) {
  Json moves = Json::array();
  for (const TableCommit::Move& move : commit.moves) moves.push_back({{"from", move.from}, {"to", move.to}});
  Json partitions = Json::array();
  for (const CommitPartition& partition : commit.partitions) {
    partitions.push_back({{"values", partition.values}, {"location", partition.location}, {"rows", partition.rows}});
  }
  Json json = {{"id", commit.id},
               {"moves", moves},
               {"database", commit.database},
               {"table", commit.table},
               {"partitions", partitions},
               {"table_rows", commit.table_rows},
               {"cause", {{"kind", commit.cause.kind}, {"detail", commit.cause.detail}}}};
  if (commit.create_table) json["create_table"] = TableToJson(*commit.create_table);
  return json.dump(2);
}

TableCommit CommitFromJson(const std::string& text) {
  Json json = Json::parse(text);
  TableCommit commit;
  commit.id = json.at("id").get<std::string>();
  for (const Json& move : json.at("moves")) {
    commit.moves.push_back({move.at("from").get<std::string>(), move.at("to").get<std::string>()});
  }
  commit.database = json.at("database").get<std::string>();
  commit.table = json.at("table").get<std::string>();
  for (const Json& partition : json.at("partitions")) {
    commit.partitions.push_back({partition.at("values").get<std::vector<std::string>>(),
                                 partition.at("location").get<std::string>(), partition.at("rows").get<int64_t>()});
  }
  commit.table_rows = json.at("table_rows").get<int64_t>();
  commit.cause.kind = json.at("cause").at("kind").get<std::string>();
  commit.cause.detail = json.at("cause").at("detail").get<std::string>();
  if (json.contains("create_table")) commit.create_table = TableFromJson(json.at("create_table"));
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

void WriteJournal(const TableCommit& commit, const CatalogContext& catalog) {
  for (const TableCommit::Move& move : commit.moves) FsyncPath(move.from, false);
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

void MoveFiles(const TableCommit& commit) {
  for (const TableCommit::Move& move : commit.moves) MoveFile(move, commit.id);
  std::set<std::string> folders;
  for (const TableCommit::Move& move : commit.moves) folders.insert(fs::path(move.to).parent_path().string());
  for (const std::string& folder : folders) FsyncPath(folder, true);
}

/// Undoes the moves of a commit that cannot apply (best effort).
void UndoMoves(const TableCommit& commit) {
  std::error_code error;
  for (const TableCommit::Move& move : commit.moves) {
    if (fs::exists(move.to, error) && !fs::exists(move.from, error)) fs::remove(move.to, error);
  }
}

int64_t AddRows(int64_t existing, int64_t added) { return existing < 0 || added < 0 ? -1 : existing + added; }

/// Step 4: the catalog changes in one transaction, once per commit id. Returns false
/// when the table to create exists and was not created by this commit.
bool ApplyCatalogChanges(const TableCommit& commit, const CatalogContext& catalog) {
  // Statistics from the folders as they are now (listing is idempotent; done before
  // the transaction so that a retried transaction does no I/O).
  std::optional<catalog::Table> table = commit.create_table;
  if (!table) table = catalog.store->GetTable(commit.database, commit.table);
  std::vector<catalog::PartitionStats> stats;
  for (const CommitPartition& partition : commit.partitions) {
    stats.push_back(FolderStats(ResolveCatalogPath(catalog, partition.location)));
  }
  catalog::PartitionStats table_stats;
  if (table && !table->is_partitioned()) table_stats = FolderStats(ResolveCatalogPath(catalog, table->location));
  bool applied = true;
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    applied = true;
    if (writer.GetState(kAppliedCommits, commit.id)) return;
    if (commit.create_table) {
      catalog::Table created = *commit.create_table;
      if (!created.is_partitioned()) {
        created.stats = table_stats;
        created.stats.rows = commit.table_rows;
      }
      if (!writer.CreateTable(created, commit.cause, /*if_not_exists=*/true)) {
        applied = false;
        return;
      }
    } else if (table && !table->is_partitioned()) {
      std::optional<catalog::Table> current = writer.GetTable(commit.database, commit.table);
      if (!current)
        throw CatalogError("commit " + commit.id + ": table " + commit.database + "." + commit.table + " was dropped");
      int64_t rows = AddRows(current->stats.rows, commit.table_rows);
      current->stats = table_stats;
      current->stats.rows = rows;
      writer.UpdateTable(*current, commit.cause);
    }
    std::vector<catalog::Partition> partitions;
    for (size_t i = 0; i < commit.partitions.size(); ++i) {
      const CommitPartition& written = commit.partitions[i];
      std::optional<catalog::Partition> existing = writer.GetPartition(commit.database, commit.table, written.values);
      catalog::Partition partition = existing ? *existing : catalog::Partition{};
      if (!existing) {
        partition.values = written.values;
        partition.location = written.location;
      }
      int64_t rows = existing ? AddRows(existing->stats.rows, written.rows) : written.rows;
      partition.stats = stats[i];
      partition.stats.rows = rows;
      partition.deprecated = false;
      partitions.push_back(std::move(partition));
    }
    if (!partitions.empty()) writer.PutPartitions(commit.database, commit.table, partitions);
    writer.PutState(kAppliedCommits, commit.id, commit.cause.kind);
  });
  return applied;
}

void RemoveJournal(const TableCommit& commit, const CatalogContext& catalog) {
  std::error_code error;
  fs::remove(JournalPath(catalog, commit.id), error);
  FsyncPath(CommitsFolder(catalog), true);
  fs::remove_all(StagingFolder(catalog, commit.id), error);
  try {
    catalog.store->Write([&](catalog::CatalogWriter& writer) { writer.DeleteState(kAppliedCommits, commit.id); });
  } catch (const Error&) {
    // The commit is complete; a leftover marker only costs a row of state.
  }
}

/// Steps 3–5 for a commit whose journal is durable and whose lock is held.
void Complete(const TableCommit& commit, const CatalogContext& catalog) {
  MoveFiles(commit);
  if (!ApplyCatalogChanges(commit, catalog)) {
    UndoMoves(commit);
    RemoveJournal(commit, catalog);
    throw CatalogError("table " + commit.database + "." + commit.table +
                       " was created by someone else meanwhile; nothing was written");
  }
  RemoveJournal(commit, catalog);
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

void CommitTable(const TableCommit& commit, const CatalogContext& catalog) {
  std::error_code error;
  try {
    fs::create_directories(CommitsFolder(catalog));
  } catch (...) {
    fs::remove_all(StagingFolder(catalog, commit.id), error);
    throw;
  }
  CommitLock lock(LockPath(catalog, commit.id), /*try_only=*/false);
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

void CommitUntilCrashForTesting(const TableCommit& commit, const CatalogContext& catalog, CommitCrashPoint crash) {
  fs::create_directories(CommitsFolder(catalog));
  CommitLock lock(LockPath(catalog, commit.id), /*try_only=*/false);
  WriteJournal(commit, catalog);
  MoveFiles(commit);
  if (crash == CommitCrashPoint::kBeforeJournalRemoval) ApplyCatalogChanges(commit, catalog);
}

size_t RollForwardCommits(const CatalogContext& catalog) {
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
      TableCommit commit = CommitFromJson(ReadText(path));
      lock.RemoveOnRelease();
      Complete(commit, catalog);
      ++completed;
    } catch (const std::exception& problem) {
      std::cerr << "sluice: cannot complete the interrupted commit " << path << ": " << problem.what() << "\n";
    }
  }
  // Staging folders of statements that died before their commit was decided.
  auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(24);
  for (const fs::directory_entry& entry : fs::directory_iterator(catalog.lake_root + "/.sluice/staging", error)) {
    std::string id = entry.path().filename().string();
    if (pending.count(id) > 0) continue;
    std::error_code time_error;
    if (entry.last_write_time(time_error) < cutoff && !time_error) fs::remove_all(entry.path(), time_error);
  }
  return completed;
}

}  // namespace sluice::engine
