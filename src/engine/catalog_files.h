#pragma once
// The files of catalog tables on disk: which files under a table's or partition's
// folder are data (the crawler's rules: hidden, temporary and marker files are not),
// and the key=value folders of a table that discovers its partitions at query time.

#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"

namespace sluice::engine {

/// Whether a file (or folder, `is_folder`) named `name` is skipped when looking for
/// data: the crawler's rule, io::IgnoredNameReason (hidden, marker, temporary and
/// checksum names; `_key=value` folders are data).
bool IsIgnoredName(std::string_view name, bool is_folder);

/// The data files under `folder`, recursively (ignored names and their folders
/// skipped, empty files skipped): absolute paths, sorted. A missing folder has none;
/// a location naming one file (Sluice allows it, Athena does not) is that file.
std::vector<std::string> ListDataFiles(const std::string& folder);

/// The data files (ListDataFiles) under `folder` and their bytes, as the catalog's
/// statistics of a partition or table (rows unknown: -1). A file whose size cannot be
/// read counts as a file of 0 bytes.
catalog::PartitionStats FolderStats(const std::string& folder);

/// One partition folder found on disk: its raw (unescaped) values, one per key, and
/// its absolute path.
struct DiscoveredPartition {
  std::vector<std::string> values;
  std::string folder;
};

/// The key=value folders `keys.size()` levels deep under `location` whose keys are
/// `keys` in order (case-insensitive), sorted by path. Other folders are skipped.
std::vector<DiscoveredPartition> DiscoverPartitionFolders(const std::string& location,
                                                          const std::vector<std::string>& keys);

}  // namespace sluice::engine
