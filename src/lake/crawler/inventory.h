#pragma once
// A crawler's inventory: every folder below its path with the data files it held at
// the last crawl (size, modification time, schema), kept in the catalog's state API
// (namespace "crawler/<name>", one entry per folder) so that a re-crawl reads only
// what changed.
//
// Incremental scan (ScanFolders): every known folder is stat'ed; a folder whose
// modification time equals the recorded one is not listed and its files are taken
// from the inventory; a new folder, or one whose time changed, is listed, and only its
// new files and files whose size or modification time changed are read. Adding,
// removing or renaming an entry changes its folder's time, so new and deleted files
// and folders are always found. The limit: a file rewritten in place (same name) does
// not change its folder's time, so it is caught (by its own size / time) only when
// its folder is listed for another reason; `sluice crawl --full` lists and compares
// every folder. A folder whose time is within `racy_window_ns` of the scan's start is
// recorded with time 0 ("unknown"), so that an entry added in the same clock tick
// after the listing is not missed: it is listed again next time.
//
// Folder records are stored as small line-oriented text (EncodeFolder) rather than
// JSON: a 100,000-file inventory decodes in a few milliseconds.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/compression.h"
#include "lake/crawler/classify.h"

namespace sluice::lake::crawler {

/// One file the crawler saw in a folder (data or unreadable; ignored names are not
/// recorded).
struct FileRecord {
  std::string name;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  /// SchemaFingerprint of its schema; empty when the file could not be read.
  std::string fingerprint;
  io::Compression compression = io::Compression::kNone;
  /// Rows from a Parquet footer, else -1.
  int64_t rows = -1;
  /// Why the file could not be read (then `fingerprint` is empty).
  std::string error;

  bool readable() const { return !fingerprint.empty(); }
};

/// One folder below the crawler's path.
struct FolderRecord {
  /// Modification time when last listed; 0 = unknown (list it next time).
  int64_t mtime_ns = 0;
  std::vector<FileRecord> files;     ///< Sorted by name.
  std::vector<std::string> folders;  ///< Names of subfolders crawled, sorted.
};

/// Schemas by fingerprint, shared by every folder record.
using SchemaTable = std::unordered_map<std::string, std::shared_ptr<const FileSchema>>;

/// The whole inventory: folders by path relative to the crawler's folder ("" is the
/// folder itself, "a/b" below it).
struct Inventory {
  std::map<std::string, FolderRecord> folders;
  SchemaTable schemas;
};

/// The state namespace of crawler `name`: "crawler/<name>".
std::string StateNamespace(std::string_view name);
/// State keys: "dir:<relative folder>" for folder records; KeyForFolder/FolderForKey
/// convert. Other keys ("meta", "tables") belong to the crawler (crawler.cpp).
std::string KeyForFolder(std::string_view folder);
/// The folder of a "dir:" key, or false when `key` is not a folder key.
bool FolderForKey(std::string_view key, std::string* folder);

/// Folder record text: the record's lines plus one "schema" line per schema its files
/// use (looked up in `schemas`).
std::string EncodeFolder(const FolderRecord& folder, const SchemaTable& schemas);
/// The inverse; schemas it names are added to `schemas` (parsed only when new).
/// InvalidArgumentError for damaged text.
FolderRecord DecodeFolder(std::string_view text, SchemaTable* schemas);

/// An entry left out of the crawl (shown in the run's details).
struct IgnoredEntry {
  std::string path;  ///< Relative to the crawler's folder.
  std::string reason;
};

/// A file that must be read (classified) after the scan.
struct PendingFile {
  std::string folder;  ///< Key of its folder in ScanResult::inventory.folders.
  size_t index = 0;    ///< Index into that folder's `files`.
};

struct ScanOptions {
  /// Ignore recorded times: list every folder, read every file.
  bool full = false;
  std::vector<std::string> exclude;
  /// See the file comment.
  int64_t racy_window_ns = 2'000'000'000;
};

/// What the scan did, for the run's details.
struct ScanCounts {
  size_t folders = 0;          ///< Folders in the new inventory.
  size_t folders_listed = 0;   ///< Folders whose entries were listed.
  size_t folders_new = 0;
  size_t folders_removed = 0;
  size_t files = 0;            ///< Files in the new inventory (data and unreadable).
  size_t files_unchanged = 0;  ///< Taken from the previous inventory.
  size_t files_new = 0;
  size_t files_changed = 0;
  size_t files_removed = 0;
  size_t ignored = 0;          ///< Entries ignored in the listed folders.
};

struct ScanResult {
  /// The new inventory; files in `pending` still need ClassifyFile (their
  /// fingerprint is empty until then). Holds the previous one's `schemas`.
  Inventory inventory;
  std::vector<PendingFile> pending;
  /// Folders whose records must be written (listed ones) and removed.
  std::vector<std::string> changed_folders;
  std::vector<std::string> removed_folders;
  /// Ignored entries of the listed folders (first 1000).
  std::vector<IgnoredEntry> ignored;
  ScanCounts counts;
};

/// Scans `root` (absolute folder) against `previous` (see the file comment), whose
/// records of unchanged folders move into the result. IOError when `root` is not a
/// readable folder; subfolders that cannot be listed are reported as ignored entries.
ScanResult ScanFolders(const std::string& root, Inventory previous, const ScanOptions& options);

}  // namespace sluice::lake::crawler
