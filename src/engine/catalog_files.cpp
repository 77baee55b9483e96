#include "engine/catalog_files.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "core/error.h"
#include "formats/hive_partitioning.h"
#include "io/data_file_names.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;

bool KeysEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void CollectPartitions(const fs::path& folder, const std::vector<std::string>& keys, size_t level,
                       std::vector<std::string>* values, std::vector<DiscoveredPartition>* found) {
  std::error_code error;
  fs::directory_iterator it(folder, error);
  if (error) return;
  for (const fs::directory_entry& entry : it) {
    std::string name = entry.path().filename().string();
    if (!entry.is_directory(error) || IsIgnoredName(name, true)) continue;
    size_t equals = name.find('=');
    if (equals == std::string::npos) continue;
    if (!KeysEqual(formats::UnescapeHivePathValue(name.substr(0, equals)), keys[level])) continue;
    values->push_back(formats::UnescapeHivePathValue(name.substr(equals + 1)));
    if (name.substr(equals + 1) == formats::kHiveDefaultPartition) {
      values->back() = std::string(formats::kHiveDefaultPartition);
    }
    if (level + 1 == keys.size()) {
      found->push_back({*values, entry.path().string()});
    } else {
      CollectPartitions(entry.path(), keys, level + 1, values, found);
    }
    values->pop_back();
  }
}

}  // namespace

bool IsIgnoredName(std::string_view name, bool is_folder) {
  return !io::IgnoredNameReason(name, is_folder).empty();
}

std::vector<std::string> ListDataFiles(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code error;
  if (fs::is_regular_file(folder, error)) {  // a location naming one file
    files.push_back(folder);
    return files;
  }
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return files;
    throw IOError(folder + ": cannot list the folder: " + error.message());
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) throw IOError(folder + ": cannot list the folder: " + error.message());
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    const bool is_folder = entry.is_directory(error);
    if (IsIgnoredName(name, is_folder)) {
      if (is_folder) it.disable_recursion_pending();
      continue;
    }
    if (!entry.is_regular_file(error)) continue;
    if (entry.file_size(error) == 0 || error) continue;
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<DiscoveredPartition> DiscoverPartitionFolders(const std::string& location,
                                                          const std::vector<std::string>& keys) {
  std::vector<DiscoveredPartition> found;
  if (keys.empty()) return found;
  std::vector<std::string> values;
  CollectPartitions(location, keys, 0, &values, &found);
  std::sort(found.begin(), found.end(),
            [](const DiscoveredPartition& a, const DiscoveredPartition& b) { return a.folder < b.folder; });
  return found;
}

catalog::PartitionStats FolderStats(const std::string& folder) {
  catalog::PartitionStats stats;
  stats.files = 0;
  stats.bytes = 0;
  for (const std::string& file : ListDataFiles(folder)) {
    std::error_code error;
    uint64_t size = fs::file_size(file, error);
    ++stats.files;
    if (!error) stats.bytes += static_cast<int64_t>(size);
  }
  return stats;
}

}  // namespace sluice::engine
