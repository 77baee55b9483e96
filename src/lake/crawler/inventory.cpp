#include "lake/crawler/inventory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <optional>
#include <set>

#include "core/error.h"

namespace sluice::lake::crawler {

namespace {

constexpr std::string_view kFolderKeyPrefix = "dir:";
constexpr std::string_view kRecordVersion = "v1";
constexpr size_t kMaxIgnoredListed = 1000;

// --- Text encoding -------------------------------------------------------------------

void AppendEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\t': *out += "\\t"; break;
      case '\r': *out += "\\r"; break;
      default: out->push_back(c);
    }
  }
}

std::string Unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    char next = text[++i];
    out.push_back(next == 'n' ? '\n' : next == 't' ? '\t' : next == 'r' ? '\r' : next);
  }
  return out;
}

std::string_view CompressionCode(io::Compression compression) {
  switch (compression) {
    case io::Compression::kGzip: return "gz";
    case io::Compression::kZstd: return "zst";
    case io::Compression::kBzip2: return "bz2";
    default: return "-";
  }
}

io::Compression CompressionFromCode(std::string_view code) {
  if (code == "gz") return io::Compression::kGzip;
  if (code == "zst") return io::Compression::kZstd;
  if (code == "bz2") return io::Compression::kBzip2;
  return io::Compression::kNone;
}

[[noreturn]] void ThrowDamaged(std::string_view line) {
  throw InvalidArgumentError("damaged crawler inventory record: '" + std::string(line.substr(0, 200)) + "'");
}

/// Reads the next space-separated field of `line` from `*pos`.
std::string_view NextField(std::string_view line, size_t* pos) {
  size_t start = *pos;
  size_t end = line.find(' ', start);
  if (end == std::string_view::npos) ThrowDamaged(line);
  *pos = end + 1;
  return line.substr(start, end - start);
}

int64_t ParseInt(std::string_view text, std::string_view line) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) ThrowDamaged(line);
  return value;
}

// --- File system ---------------------------------------------------------------------

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

/// The modification time of folder `path`, or nullopt when it is not a folder (any
/// more).
std::optional<int64_t> FolderTime(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  return MtimeNs(st);
}

struct ListedEntry {
  std::string name;
  bool is_folder = false;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  std::string problem;  ///< Why it is skipped (a link to a folder, not a regular file).
};

/// The entries of folder `path`, sorted by name. Symbolic links to files are
/// followed; links to folders are not (no cycles). IOError when it cannot be listed.
std::vector<ListedEntry> ListFolder(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) throw IOError("cannot list folder " + path + ": " + std::strerror(errno));
  std::vector<ListedEntry> entries;
  int fd = ::dirfd(dir);
  while (struct dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    ListedEntry listed;
    listed.name = std::string(name);
    struct stat st;
    if (::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      listed.problem = std::string("cannot stat: ") + std::strerror(errno);
    } else if (S_ISLNK(st.st_mode)) {
      struct stat target;
      if (::fstatat(fd, entry->d_name, &target, 0) != 0) {
        listed.problem = "broken symbolic link";
      } else if (S_ISDIR(target.st_mode)) {
        listed.problem = "symbolic link to a folder (not followed)";
      } else if (!S_ISREG(target.st_mode)) {
        listed.problem = "not a regular file";
      } else {
        listed.size = target.st_size;
        listed.mtime_ns = MtimeNs(target);
      }
    } else if (S_ISDIR(st.st_mode)) {
      listed.is_folder = true;
      listed.mtime_ns = MtimeNs(st);
    } else if (S_ISREG(st.st_mode)) {
      listed.size = st.st_size;
      listed.mtime_ns = MtimeNs(st);
    } else {
      listed.problem = "not a regular file";
    }
    entries.push_back(std::move(listed));
  }
  ::closedir(dir);
  std::sort(entries.begin(), entries.end(),
            [](const ListedEntry& a, const ListedEntry& b) { return a.name < b.name; });
  return entries;
}

std::string Join(const std::string& folder, std::string_view name) {
  return folder.empty() ? std::string(name) : folder + "/" + std::string(name);
}

/// The recursive walk of ScanFolders.
class Scanner {
 public:
  Scanner(std::string root, Inventory previous, const ScanOptions& options)
      : root_(std::move(root)), previous_(std::move(previous)), options_(options) {
    now_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    result_.inventory.schemas = std::move(previous_.schemas);
  }

  ScanResult Run() {
    std::optional<int64_t> root_time = FolderTime(root_);
    if (!root_time) throw IOError("crawler path " + root_ + " is not a folder");
    Walk("", *root_time);
    for (const auto& [key, record] : previous_.folders) {
      if (!result_.inventory.folders.contains(key)) {
        result_.removed_folders.push_back(key);
        result_.counts.files_removed += record.files.size();
      }
    }
    result_.counts.folders = result_.inventory.folders.size();
    result_.counts.folders_removed = result_.removed_folders.size();
    for (const auto& [key, record] : result_.inventory.folders) result_.counts.files += record.files.size();
    return std::move(result_);
  }

 private:
  std::string Absolute(const std::string& folder) const { return folder.empty() ? root_ : root_ + "/" + folder; }

  void Ignore(std::string path, std::string reason) {
    ++result_.counts.ignored;
    if (result_.ignored.size() < kMaxIgnoredListed) {
      result_.ignored.push_back(IgnoredEntry{std::move(path), std::move(reason)});
    }
  }

  /// The time to record for a folder listed now: 0 when it is too recent to trust.
  int64_t RecordedTime(int64_t mtime_ns) const {
    return mtime_ns >= now_ns_ - options_.racy_window_ns ? 0 : mtime_ns;
  }

  void Walk(const std::string& folder, int64_t mtime_ns) {
    auto old = previous_.folders.find(folder);
    FolderRecord* previous = old == previous_.folders.end() ? nullptr : &old->second;
    if (previous == nullptr) ++result_.counts.folders_new;
    if (previous != nullptr && !options_.full && previous->mtime_ns != 0 && previous->mtime_ns == mtime_ns) {
      KeepUnlisted(folder, *previous);
    } else {
      List(folder, mtime_ns, previous);
    }
  }

  /// An unchanged folder: its files as recorded (moved out of the previous
  /// inventory); its subfolders walked.
  void KeepUnlisted(const std::string& folder, FolderRecord& previous) {
    FolderRecord& record = result_.inventory.folders[folder];  // std::map: stays valid
    record = std::move(previous);
    result_.counts.files_unchanged += record.files.size();
    const std::vector<std::string> names = record.folders;
    std::vector<std::string> kept;
    for (const std::string& name : names) {
      std::string child = Join(folder, name);
      std::optional<int64_t> time = FolderTime(Absolute(child));
      if (!time) continue;  // gone without its parent's time changing: dropped below
      kept.push_back(name);
      Walk(child, *time);
    }
    if (kept.size() != names.size()) {
      record.folders = std::move(kept);
      record.mtime_ns = 0;
      result_.changed_folders.push_back(folder);
    }
  }

  void List(const std::string& folder, int64_t mtime_ns, const FolderRecord* previous) {
    ++result_.counts.folders_listed;
    std::vector<ListedEntry> entries;
    try {
      entries = ListFolder(Absolute(folder));
    } catch (const IOError& e) {
      if (folder.empty()) throw;
      Ignore(folder, e.what());
      return;
    }
    FolderRecord record;
    record.mtime_ns = RecordedTime(mtime_ns);
    std::vector<std::pair<std::string, int64_t>> subfolders;
    for (ListedEntry& entry : entries) {
      std::string path = Join(folder, entry.name);
      if (std::string_view reason = IgnoredNameReason(entry.name, entry.is_folder); !reason.empty()) {
        Ignore(path + (entry.is_folder ? "/" : ""), std::string(reason));
        continue;
      }
      if (IsExcluded(path, options_.exclude)) {
        Ignore(path + (entry.is_folder ? "/" : ""), "excluded");
        continue;
      }
      if (!entry.problem.empty()) {
        Ignore(path, entry.problem);
        continue;
      }
      if (entry.is_folder) {
        record.folders.push_back(entry.name);
        subfolders.emplace_back(std::move(path), entry.mtime_ns);
        continue;
      }
      if (entry.size == 0) {
        Ignore(path, "empty");
        continue;
      }
      AddFile(folder, previous, std::move(entry), &record);
    }
    if (previous != nullptr) {
      std::set<std::string_view> present;
      for (const FileRecord& file : record.files) present.insert(file.name);
      for (const FileRecord& file : previous->files) {
        if (!present.contains(file.name)) ++result_.counts.files_removed;
      }
    }
    // The record is complete before the subfolders are walked: pending indices point
    // into `files`, which must not move any more.
    result_.inventory.folders[folder] = std::move(record);
    result_.changed_folders.push_back(folder);
    for (const auto& [child, time] : subfolders) Walk(child, time);
  }

  void AddFile(const std::string& folder, const FolderRecord* previous, ListedEntry entry, FolderRecord* record) {
    const FileRecord* known = nullptr;
    if (previous != nullptr) {
      auto it = std::lower_bound(previous->files.begin(), previous->files.end(), entry.name,
                                 [](const FileRecord& file, const std::string& name) { return file.name < name; });
      if (it != previous->files.end() && it->name == entry.name) known = &*it;
    }
    if (known != nullptr && !options_.full && known->size == entry.size && known->mtime_ns == entry.mtime_ns) {
      record->files.push_back(*known);
      ++result_.counts.files_unchanged;
      return;
    }
    ++(known != nullptr ? result_.counts.files_changed : result_.counts.files_new);
    FileRecord file;
    file.name = std::move(entry.name);
    file.size = entry.size;
    file.mtime_ns = entry.mtime_ns;
    result_.pending.push_back(PendingFile{folder, record->files.size()});
    record->files.push_back(std::move(file));
  }

  std::string root_;
  /// Records of unchanged folders are moved out as the walk meets them; the others
  /// (removed folders) stay.
  Inventory previous_;
  const ScanOptions& options_;
  int64_t now_ns_ = 0;
  ScanResult result_;
};

}  // namespace

std::string StateNamespace(std::string_view name) { return "crawler/" + std::string(name); }

std::string KeyForFolder(std::string_view folder) { return std::string(kFolderKeyPrefix) + std::string(folder); }

bool FolderForKey(std::string_view key, std::string* folder) {
  if (!key.starts_with(kFolderKeyPrefix)) return false;
  *folder = std::string(key.substr(kFolderKeyPrefix.size()));
  return true;
}

std::string EncodeFolder(const FolderRecord& folder, const SchemaTable& schemas) {
  std::string out;
  out.reserve(64 + folder.files.size() * 64);
  out += kRecordVersion;
  out += ' ';
  out += std::to_string(folder.mtime_ns);
  out += '\n';
  std::set<std::string_view> written;
  for (const FileRecord& file : folder.files) {
    if (!file.readable() || !written.insert(file.fingerprint).second) continue;
    auto schema = schemas.find(file.fingerprint);
    SLUICE_ASSERT(schema != schemas.end(), "every fingerprint in an inventory has its schema");
    out += "s ";
    out += file.fingerprint;
    out += ' ';
    out += FileSchemaToJson(*schema->second);
    out += '\n';
  }
  for (const FileRecord& file : folder.files) {
    if (file.readable()) {
      out += "f ";
      out += std::to_string(file.size);
      out += ' ';
      out += std::to_string(file.mtime_ns);
      out += ' ';
      out += CompressionCode(file.compression);
      out += ' ';
      out += std::to_string(file.rows);
      out += ' ';
      out += file.fingerprint;
      out += ' ';
      AppendEscaped(file.name, &out);
    } else {
      out += "x ";
      out += std::to_string(file.size);
      out += ' ';
      out += std::to_string(file.mtime_ns);
      out += ' ';
      AppendEscaped(file.name, &out);
      out += '\t';
      AppendEscaped(file.error, &out);
    }
    out += '\n';
  }
  for (const std::string& name : folder.folders) {
    out += "d ";
    AppendEscaped(name, &out);
    out += '\n';
  }
  return out;
}

FolderRecord DecodeFolder(std::string_view text, SchemaTable* schemas) {
  FolderRecord folder;
  bool first = true;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) continue;
    if (first) {
      if (!line.starts_with(kRecordVersion) || line.size() <= kRecordVersion.size() + 1 ||
          line[kRecordVersion.size()] != ' ') {
        ThrowDamaged(line);
      }
      folder.mtime_ns = ParseInt(line.substr(kRecordVersion.size() + 1), line);
      first = false;
      continue;
    }
    if (line.size() < 2 || line[1] != ' ') ThrowDamaged(line);
    size_t pos = 2;
    switch (line[0]) {
      case 's': {
        std::string fingerprint(NextField(line, &pos));
        if (!schemas->contains(fingerprint)) {
          (*schemas)[fingerprint] = std::make_shared<const FileSchema>(FileSchemaFromJson(line.substr(pos)));
        }
        break;
      }
      case 'f': {
        FileRecord file;
        file.size = ParseInt(NextField(line, &pos), line);
        file.mtime_ns = ParseInt(NextField(line, &pos), line);
        file.compression = CompressionFromCode(NextField(line, &pos));
        file.rows = ParseInt(NextField(line, &pos), line);
        file.fingerprint = std::string(NextField(line, &pos));
        file.name = Unescape(line.substr(pos));
        if (!schemas->contains(file.fingerprint)) ThrowDamaged(line);
        folder.files.push_back(std::move(file));
        break;
      }
      case 'x': {
        FileRecord file;
        file.size = ParseInt(NextField(line, &pos), line);
        file.mtime_ns = ParseInt(NextField(line, &pos), line);
        std::string_view rest = line.substr(pos);
        size_t tab = rest.find('\t');
        if (tab == std::string_view::npos) ThrowDamaged(line);
        file.name = Unescape(rest.substr(0, tab));
        file.error = Unescape(rest.substr(tab + 1));
        folder.files.push_back(std::move(file));
        break;
      }
      case 'd': folder.folders.push_back(Unescape(line.substr(pos))); break;
      default: ThrowDamaged(line);
    }
  }
  if (first) ThrowDamaged("(empty)");
  return folder;
}

ScanResult ScanFolders(const std::string& root, Inventory previous, const ScanOptions& options) {
  return Scanner(root, std::move(previous), options).Run();
}

}  // namespace sluice::lake::crawler
