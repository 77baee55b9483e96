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

std::string CommitToJson(const TableCommit& commit) {
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
  std::set<std::string> folders;
  for (const TableCommit::Move& move : commit.removals) {
    MoveFile(move, commit.id);
    folders.insert(fs::path(move.from).parent_path().string());
  }
  for (const TableCommit::Move& move : commit.moves) {
    MoveFile(move, commit.id);
    folders.insert(fs::path(move.to).parent_path().string());
  }
  for (const std::string& folder : folders) FsyncPath(folder, true);
}

/// Undoes the moves of a commit that cannot apply (best effort).
void UndoMoves(const TableCommit& commit) {
  std::error_code error;
  for (const TableCommit::Move& move : commit.moves) {
    if (fs::exists(move.to, error) && !fs::exists(move.from, error)) fs::remove(move.to, error);
  }
}

/// `existing` rows plus `added` minus `removed`; -1 (unknown) when any is unknown.
int64_t AddRows(int64_t existing, int64_t added, int64_t removed = 0) {
  if (existing < 0 || added < 0 || removed < 0) return -1;
  return std::max<int64_t>(0, existing + added - removed);
}

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
      int64_t rows = AddRows(current->stats.rows, commit.table_rows, commit.table_rows_removed);
      current->stats = table_stats;
      current->stats.rows = rows;
      writer.UpdateTable(*current, commit.cause);
    }
    std::vector<catalog::Partition> partitions;
    std::vector<std::vector<std::string>> emptied;
    for (size_t i = 0; i < commit.partitions.size(); ++i) {
      const CommitPartition& written = commit.partitions[i];
      std::optional<catalog::Partition> existing = writer.GetPartition(commit.database, commit.table, written.values);
      if (!commit.removals.empty() && stats[i].files == 0) {
        // Every file of the partition was replaced by nothing (DELETE).
        if (existing) emptied.push_back(written.values);
        continue;
      }
      catalog::Partition partition = existing ? *existing : catalog::Partition{};
      if (!existing) {
        partition.values = written.values;
        partition.location = written.location;
      }
      int64_t rows = existing ? AddRows(existing->stats.rows, written.rows, written.rows_removed) : written.rows;
      partition.stats = stats[i];
      partition.stats.rows = rows;
      partition.deprecated = false;
      partitions.push_back(std::move(partition));
    }
    if (!partitions.empty()) writer.PutPartitions(commit.database, commit.table, partitions);
    if (!emptied.empty()) writer.DropPartitions(commit.database, commit.table, emptied);
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
  CrashPointForTesting("after-moves");
  if (!ApplyCatalogChanges(commit, catalog)) {
    UndoMoves(commit);
    RemoveJournal(commit, catalog);
    throw CatalogError("table " + commit.database + "." + commit.table +
                       " was created by someone else meanwhile; nothing was written");
  }
  CrashPointForTesting("after-catalog");
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

void CommitTable(const TableCommit& commit, const CatalogContext& catalog, const TableWriteLock* held) {
  std::error_code error;
  std::optional<TableWriteLock> table_lock;
  try {
    fs::create_directories(CommitsFolder(catalog));
    if (held == nullptr) table_lock.emplace(catalog, commit.database, commit.table);
  } catch (...) {
    fs::remove_all(StagingFolder(catalog, commit.id), error);
    throw;
  }
  CommitLock lock(LockPath(catalog, commit.id), /*try_only=*/false);
  CrashPointForTesting("before-journal");
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
  CrashPointForTesting("after-journal");
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
  CommitLock lock(LockPath(catalog, commit.id), /*try_only=*/false);
  WriteJournal(commit, catalog);
  MoveFiles(commit);
  if (crash == CommitCrashPoint::kBeforeJournalRemoval) ApplyCatalogChanges(commit, catalog);
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
      TableCommit commit = CommitFromJson(ReadText(path));
      std::optional<TableWriteLock> table_lock;
      if (held == nullptr || held->database() != commit.database || held->table() != commit.table) {
        try {
          table_lock.emplace(catalog, commit.database, commit.table, /*timeout_seconds=*/0);
        } catch (const CatalogError&) {
          continue;  // a statement holds the table: it, or a later open, completes this
        }
      }
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
