#pragma once
// Atomic writes to catalog tables (CREATE TABLE db.t AS …, INSERT INTO db.t …): the
// data files and the catalog's partitions appear together or not at all, also when
// the process dies halfway.
//
//   1. The statement writes its files under <lake>/.sluice/staging/<id>/ (a failure
//      removes that folder: nothing is left behind).
//   2. Commit: the staged files are flushed to disk, then a journal
//      <lake>/.sluice/commits/<id>.json — the file moves and the catalog changes — is
//      written to a temporary name, fsynced and renamed into place (and the folder
//      fsynced). From here on the commit is decided.
//   3. The files a statement replaces (DELETE, UPDATE, OPTIMIZE) are moved out of the
//      table into the staging folder, then the new files are moved into the table's
//      folders (renames; a move whose source is gone and whose target exists was done
//      before).
//   4. The catalog changes are applied in one CatalogStore::Write, which also records
//      the commit id in the store's state (namespace "sluice/commits"), so a change is
//      applied once even if the commit is rolled forward again.
//   5. The journal and the staging folder are removed.
//
// While a process commits it holds an exclusive lock (flock) on its journal. When a
// catalog is attached (QueryEngine::AttachCatalog), RollForwardCommits completes every
// journal nobody holds — a commit whose process died between 2 and 5 — and removes
// staging folders older than a day that have no journal (a statement that died
// before its commit was decided).
//
// Statements that rewrite a table's files (DELETE, UPDATE, OPTIMIZE, ALTER TABLE)
// hold a TableWriteLock from reading the files to the end of the commit, so two of
// them never replace the same file; every commit takes it while it commits.
//
// Testing hook: SLUICE_CRASH_AT=before-journal|after-journal|after-moves|after-catalog
// in the environment makes the process kill itself (SIGKILL) at that point of every
// commit, as kill -9 would (tests/integration/dml_crash.sh).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "engine/catalog_context.h"

namespace sluice::engine {

/// One partition a commit adds files to (created when missing).
struct CommitPartition {
  std::vector<std::string> values;
  /// Its folder in the catalog's form (a new partition's location).
  std::string location;
  /// Rows the commit adds, or -1 when unknown (CSV and JSON files).
  int64_t rows = -1;
  /// Rows the commit removes (with the files it replaces), or -1 when unknown.
  int64_t rows_removed = 0;
};

/// What a commit does with the files a table holds before it (job targets' modes).
enum class ReplaceMode : uint8_t {
  kNone,        ///< Keep them (INSERT; DELETE/UPDATE list their removals themselves).
  kPartitions,  ///< Remove the files of every partition the commit writes to (Spark's
                ///< dynamic partition overwrite); other partitions stay.
  kAll,         ///< Remove every file of the table; partitions not written are dropped.
};

/// What one table gets from a commit, as recorded in its journal.
struct TableCommit {
  std::string id;
  struct Move {
    std::string from;  ///< Absolute, under the staging folder.
    std::string to;    ///< Absolute, in the table's folder.
  };
  std::vector<Move> moves;
  /// Files of the table the commit replaces: `from` in the table's folders, `to` under
  /// the staging folder (removed with it when the commit completes).
  std::vector<Move> removals;
  std::string database;
  std::string table;
  /// CREATE TABLE AS: the table to create (with version 1).
  std::optional<catalog::Table> create_table;
  /// Partitioned tables: the partitions written to or removed from. A partition left
  /// without data files by a commit with removals is dropped from the catalog.
  std::vector<CommitPartition> partitions;
  /// Unpartitioned tables: rows added and removed (-1 unknown).
  int64_t table_rows = -1;
  int64_t table_rows_removed = 0;
  catalog::ChangeCause cause;
  /// Resolved into `removals` (and emptied partitions) under the table's lock, just
  /// before the journal is written, so no file another commit adds meanwhile is lost.
  ReplaceMode replace = ReplaceMode::kNone;
};

/// A change to the catalog store's state (CatalogWriter::PutState / DeleteState) made
/// in the same transaction as a commit's catalog changes: a job's bookmarks.
struct StateChange {
  std::string ns;
  std::string key;
  std::optional<std::string> value;  ///< nullopt: delete the key.
};

/// A commit of several tables and state at once (a job run's outputs and bookmarks):
/// one journal, one catalog transaction; every table's lock is held from before the
/// journal to the end.
struct LakeCommit {
  std::string id;
  std::vector<TableCommit> tables;  ///< At most one per table; their `id` is ignored.
  std::vector<StateChange> state;
  /// A run record finished in the same transaction (status, summary, details), so a
  /// run whose commit is rolled forward after a crash is recorded as succeeded.
  std::optional<catalog::Run> finish_run;
};

/// A new commit id: UTC time and random hex ("20261122T040102Z-9f3a…").
std::string NewCommitId();
/// <lake>/.sluice/staging/<id>.
std::string StagingFolder(const CatalogContext& catalog, const std::string& id);

class TableWriteLock;

/// Runs steps 2–5 for every table of `commit` (their files staged under
/// StagingFolder(commit.id)), resolving ReplaceMode first; the tables' locks are taken
/// in name order (or `held`, for the one table it names). Errors as CommitTable's; when
/// a table to create exists by now, nothing of the commit applies (moves undone).
void CommitLake(LakeCommit commit, const CatalogContext& catalog, const TableWriteLock* held = nullptr);

/// Runs steps 2–5 for `commit` (its files staged); the staging folder is its from
/// now on. Takes the table's TableWriteLock unless the caller holds it (`held`). Throws CatalogError or IOError: an error before the journal is durable
/// removes the staging folder (nothing is left); after it, the message says that the
/// commit completes at the next roll-forward — except when the table to create exists
/// by now (another process made it): then the moves are undone and the journal removed.
void CommitTable(const TableCommit& commit, const CatalogContext& catalog, const TableWriteLock* held = nullptr);

/// Completes the journals left in <lake>/.sluice/commits (see the file comment);
/// returns how many. A journal that cannot be completed stays and is reported on
/// stderr; it never stops the catalog from attaching.
/// Each is completed under its table's TableWriteLock, taken without waiting (a
/// journal whose table another statement holds is left to a later open) — or `held`,
/// when the caller holds the lock of that table already (DELETE, UPDATE and OPTIMIZE
/// complete what a crashed statement left before they read the table).
size_t RollForwardCommits(const CatalogContext& catalog, const TableWriteLock* held = nullptr);

/// A statement's staging folder (created with its parents) and an flock on
/// <folder>/.owner held while the object lives: RollForwardCommits removes a staging
/// folder without journal as soon as its owner is gone (a process killed before its
/// commit was decided), and never one whose owner lives (the owner file is locked
/// under a private name and renamed into place, so it is never seen unlocked). Removes the folder when
/// destroyed unless Release()d (the commit owns it then; the lock is still held until
/// destruction, so the folder stays protected until its journal exists).
class StagingGuard {
 public:
  explicit StagingGuard(std::string folder);
  ~StagingGuard();
  StagingGuard(const StagingGuard&) = delete;
  StagingGuard& operator=(const StagingGuard&) = delete;
  void Release() { release_ = true; }
  const std::string& folder() const { return folder_; }

 private:
  std::string folder_;
  int fd_ = -1;
  bool release_ = false;
};

/// The exclusive right to replace a table's files: an flock on
/// <lake>/.sluice/locks/<database>.<table>.lock, waited for (CatalogError "table … is
/// being changed by another statement" after `timeout_seconds`), released when
/// destroyed or when the process dies.
class TableWriteLock {
 public:
  TableWriteLock(const CatalogContext& catalog, const std::string& database, const std::string& table,
                 int timeout_seconds = 600);
  ~TableWriteLock();
  TableWriteLock(const TableWriteLock&) = delete;
  TableWriteLock& operator=(const TableWriteLock&) = delete;
  const std::string& database() const { return database_; }
  const std::string& table() const { return table_; }

 private:
  std::string database_;
  std::string table_;
  int fd_ = -1;
};

/// The testing hook (see the file comment): kills the process with SIGKILL when
/// SLUICE_CRASH_AT names `point`.
void CrashPointForTesting(std::string_view point);

/// Where a simulated crash stops a commit (tests of the protocol).
enum class CommitCrashPoint : uint8_t {
  kBeforeCatalogWrite,    ///< After the journal and the moves (steps 2–3).
  kBeforeJournalRemoval,  ///< After the catalog write too (step 4).
};
/// For tests: runs `commit` up to `crash` and returns as a process would that died
/// there (journal, lock file and staging folder left behind).
void CommitUntilCrashForTesting(const TableCommit& commit, const CatalogContext& catalog, CommitCrashPoint crash);

}  // namespace sluice::engine
