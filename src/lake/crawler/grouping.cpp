#include "lake/crawler/grouping.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/ascii.h"
#include "formats/hive_partitioning.h"
#include "sql/planner/table_source.h"

namespace sluice::lake::crawler {

namespace {

/// "key=value" with a non-empty key.
bool IsHiveName(std::string_view name) {
  size_t eq = name.find('=');
  return eq != std::string_view::npos && eq > 0;
}

/// Names like 2024, 01, 2024-01-05, 2024_01, 1.5: unnamed partition values.
bool IsValueLikeName(std::string_view name) {
  if (name.empty() || !std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

/// The name without compression and format extensions ("users.csv.gz" → "users").
std::string FileStem(std::string_view name) {
  std::string_view stem = io::StripCompressionExtension(name);
  size_t dot = stem.rfind('.');
  if (dot != std::string_view::npos && dot > 0) stem = stem.substr(0, dot);
  return std::string(stem);
}

/// A readable data file in the tree.
struct FileRef {
  const FileRecord* record = nullptr;
  const FileSchema* schema = nullptr;
  const std::string* folder = nullptr;  ///< Relative to the crawler's folder.

  std::string Path() const { return folder->empty() ? record->name : *folder + "/" + record->name; }
};

/// A folder of the inventory as a tree node.
struct Node {
  std::string name;
  std::string path;
  int depth = 0;
  std::vector<Node*> children;  ///< Sorted by name.
  std::vector<FileRef> files;   ///< Sorted by name.
  size_t subtree_files = 0;
};

/// The folder names between a candidate table root and a file.
using LevelNames = std::vector<std::string_view>;
const LevelNames kNoLevels;

/// A file below a candidate table root, with the folder names between them.
struct PlacedFile {
  const FileRef* file;
  const LevelNames* levels;  ///< Shared by the files of one folder.
};

/// The files below a candidate table root, in path order.
struct Subtree {
  std::vector<PlacedFile> files;
  std::deque<LevelNames> levels;  ///< What PlacedFile::levels point to (stable).
};

/// One partition level of a candidate table.
struct Level {
  bool hive = false;
  std::string key;  ///< Lower case Hive key; empty for unnamed levels.
  bool consistent = true;
};

bool Similar(const FileSchema& a, const FileSchema& b) {
  if (&a == &b) return true;
  if (a.format != b.format || a.format_options != b.format_options) return false;
  const sql::TableFormat format = ToTableFormat(a.format);
  size_t shared = 0;
  for (const catalog::Column& column : a.columns) {
    for (const catalog::Column& other : b.columns) {
      if (AsciiLower(column.name) != AsciiLower(other.name)) continue;
      if (!sql::UnifyColumnType(format, column.type, other.type)) return false;
      ++shared;
      break;
    }
  }
  size_t narrow = std::min(a.columns.size(), b.columns.size());
  size_t wide = std::max(a.columns.size(), b.columns.size());
  return shared * 10 >= narrow * 7 && shared * 2 >= wide && shared > 0;
}

/// Connected components of the similarity graph over the files' distinct schemas; the
/// files of the largest one (by files; ties: the one holding the first file), in
/// order, and whether every file is in it.
std::vector<const PlacedFile*> LargestCompatibleGroup(const std::vector<const PlacedFile*>& files,
                                                      bool* all_compatible) {
  std::vector<const FileSchema*> distinct;
  std::unordered_map<const FileSchema*, size_t> index;
  for (const PlacedFile* placed : files) {
    if (index.emplace(placed->file->schema, distinct.size()).second) distinct.push_back(placed->file->schema);
  }
  std::vector<size_t> parent(distinct.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (size_t i = 0; i < distinct.size(); ++i) {
    for (size_t j = i + 1; j < distinct.size(); ++j) {
      if (find(i) != find(j) && Similar(*distinct[i], *distinct[j])) parent[find(i)] = find(j);
    }
  }
  std::unordered_map<size_t, size_t> sizes;
  for (const PlacedFile* placed : files) ++sizes[find(index[placed->file->schema])];
  size_t best = find(index[files.front()->file->schema]);
  for (const auto& [component, size] : sizes) {
    if (size > sizes[best]) best = component;
  }
  *all_compatible = sizes.size() == 1;
  std::vector<const PlacedFile*> chosen;
  for (const PlacedFile* placed : files) {
    if (find(index[placed->file->schema]) == best) chosen.push_back(placed);
  }
  return chosen;
}

/// A planned table with the name it would like, before names are made unique.
struct NamedPlan {
  TablePlan plan;
  std::string base;         ///< Sanitized name without prefix.
  std::string parent_name;  ///< Sanitized name of the location's parent folder.
};

class Grouper {
 public:
  Grouper(const Inventory& inventory, const GroupingOptions& options) : options_(options) {
    BuildTree(inventory);
  }

  GroupingResult Run() {
    if (root_ != nullptr && root_->subtree_files > 0) {
      if (options_.table_per_folder) {
        PerFolder(*root_);
      } else if (options_.table_level > 0) {
        AtLevel(*root_);
      } else {
        Auto(*root_);
      }
    }
    GroupingResult result;
    result.tables = AssignNames();
    result.warnings = std::move(warnings_);
    return result;
  }

 private:
  void BuildTree(const Inventory& inventory) {
    std::unordered_map<std::string_view, Node*> by_path;
    auto node_for = [&](const std::string& path, auto&& self) -> Node* {
      auto it = by_path.find(path);
      if (it != by_path.end()) return it->second;
      auto node = std::make_unique<Node>();
      node->path = path;
      Node* raw = node.get();
      if (!path.empty()) {
        size_t slash = path.rfind('/');
        std::string parent_path = slash == std::string::npos ? std::string() : path.substr(0, slash);
        Node* parent = self(parent_path, self);
        raw->name = slash == std::string::npos ? path : path.substr(slash + 1);
        raw->depth = parent->depth + 1;
        parent->children.push_back(raw);
      } else {
        raw->name = options_.root_name;
      }
      nodes_.push_back(std::move(node));
      by_path.emplace(raw->path, raw);
      return raw;
    };
    for (const auto& [path, folder] : inventory.folders) {
      Node* node = node_for(path, node_for);
      for (const FileRecord& file : folder.files) {
        if (!file.readable()) continue;
        auto schema = inventory.schemas.find(file.fingerprint);
        if (schema == inventory.schemas.end()) continue;
        node->files.push_back(FileRef{&file, schema->second.get(), &path});
      }
    }
    if (nodes_.empty()) return;
    root_ = node_for("", node_for);
    for (const auto& node : nodes_) {
      std::sort(node->children.begin(), node->children.end(),
                [](const Node* a, const Node* b) { return a->name < b->name; });
    }
    CountFiles(*root_);
  }

  size_t CountFiles(Node& node) {
    node.subtree_files = node.files.size();
    for (Node* child : node.children) node.subtree_files += CountFiles(*child);
    return node.subtree_files;
  }

  /// The files below `node`, in path order, with the folder names between.
  void Collect(const Node& node, LevelNames* levels, Subtree* out) const {
    if (!node.files.empty()) {
      out->levels.push_back(*levels);
      for (const FileRef& file : node.files) out->files.push_back(PlacedFile{&file, &out->levels.back()});
    }
    for (const Node* child : node.children) {
      levels->push_back(child->name);
      Collect(*child, levels, out);
      levels->pop_back();
    }
  }

  Subtree FilesBelow(const Node& node) const {
    Subtree subtree;
    LevelNames levels;
    Collect(node, &levels, &subtree);
    return subtree;
  }

  static std::vector<Level> AnalyzeLevels(const std::vector<const PlacedFile*>& files, size_t depth) {
    std::vector<Level> levels(depth);
    for (size_t l = 0; l < depth; ++l) {
      Level& level = levels[l];
      bool first = true;
      for (const PlacedFile* placed : files) {
        std::string_view name = (*placed->levels)[l];
        bool hive = IsHiveName(name);
        std::string key = hive ? AsciiLower(name.substr(0, name.find('='))) : std::string();
        if (first) {
          level.hive = hive;
          level.key = key;
          first = false;
        } else if (hive != level.hive || key != level.key) {
          level.consistent = false;
        }
      }
    }
    return levels;
  }

  void Warn(std::string path, std::string message) {
    warnings_.push_back(CrawlWarning{std::move(path), std::move(message)});
  }

  /// Tries `node` as a table under the automatic rules; true when it made one.
  bool TryTable(const Node& node) {
    Subtree subtree = FilesBelow(node);
    const std::vector<PlacedFile>& files = subtree.files;
    std::vector<const PlacedFile*> all;
    for (const PlacedFile& placed : files) all.push_back(&placed);
    size_t depth = files.front().levels->size();
    bool uniform = std::all_of(files.begin(), files.end(),
                               [&](const PlacedFile& placed) { return placed.levels->size() == depth; });
    if (uniform) {
      std::vector<Level> levels = AnalyzeLevels(all, depth);
      bool consistent = std::all_of(levels.begin(), levels.end(), [](const Level& l) { return l.consistent; });
      if (consistent) {
        bool compatible = false;
        std::vector<const PlacedFile*> chosen = LargestCompatibleGroup(all, &compatible);
        if (compatible || (!levels.empty() && levels.front().hive)) {
          if (!compatible) WarnLeftOut(node, all, chosen);
          MakeTable(node, chosen, levels);
          return true;
        }
        return false;
      }
    }
    // Not partition-shaped, but a folder whose subfolders are key=value folders of one
    // key is still one table: stray files and odd depths are reported.
    if (HasHiveChildren(node)) {
      ForcedTable(node, 1);
      return true;
    }
    return false;
  }

  /// Every subfolder holding data is key=value, all with one key.
  static bool HasHiveChildren(const Node& node) {
    std::string key;
    bool any = false;
    for (const Node* child : node.children) {
      if (child->subtree_files == 0) continue;
      if (!IsHiveName(child->name)) return false;
      std::string child_key = AsciiLower(child->name.substr(0, child->name.find('=')));
      if (any && child_key != key) return false;
      key = child_key;
      any = true;
    }
    return any;
  }

  /// `node` as a table whatever its subtree holds (table_level, or Hive subfolders):
  /// the files at the most common depth of at least `min_depth`, the largest
  /// compatible group of them.
  void ForcedTable(const Node& node, size_t min_depth) {
    Subtree subtree = FilesBelow(node);
    const std::vector<PlacedFile>& files = subtree.files;
    std::map<size_t, size_t> by_depth;
    for (const PlacedFile& placed : files) {
      if (placed.levels->size() >= min_depth) ++by_depth[placed.levels->size()];
    }
    size_t depth = by_depth.empty() ? 0 : by_depth.begin()->first;
    for (const auto& [d, count] : by_depth) {
      if (count >= by_depth[depth]) depth = d;
    }
    std::vector<const PlacedFile*> at_depth;
    for (const PlacedFile& placed : files) {
      if (placed.levels->size() == depth) {
        at_depth.push_back(&placed);
      } else {
        Warn(placed.file->Path(), "not at the partition depth of table folder '" + TableFolder(node) + "'; skipped");
      }
    }
    if (at_depth.empty()) return;
    std::vector<Level> levels = AnalyzeLevels(at_depth, depth);
    for (Level& level : levels) {
      if (!level.consistent) level = Level{};  // mixed names: an unnamed level
    }
    bool compatible = false;
    std::vector<const PlacedFile*> chosen = LargestCompatibleGroup(at_depth, &compatible);
    if (!compatible) WarnLeftOut(node, at_depth, chosen);
    MakeTable(node, chosen, levels);
  }

  std::string TableFolder(const Node& node) const { return node.path.empty() ? options_.root_name : node.path; }

  void WarnLeftOut(const Node& node, const std::vector<const PlacedFile*>& all,
                   const std::vector<const PlacedFile*>& chosen) {
    std::set<const PlacedFile*> kept(chosen.begin(), chosen.end());
    std::string table = TableFolder(node);
    for (const PlacedFile* placed : all) {
      if (kept.contains(placed)) continue;
      Warn(placed->file->Path(), "schema (" + std::string(catalog::StorageFormatName(placed->file->schema->format)) +
                                     ", " + std::to_string(placed->file->schema->columns.size()) +
                                     " columns) is not compatible with the rest of table folder '" + table +
                                     "'; skipped");
    }
  }

  /// The table of `files` (all below `node`, at depth levels.size()).
  void MakeTable(const Node& node, const std::vector<const PlacedFile*>& files, const std::vector<Level>& levels) {
    NamedPlan named;
    TablePlan& plan = named.plan;
    plan.location = node.path;
    named.base = SanitizeTableName(node.name);
    named.parent_name = ParentName(node.path);
    const FileSchema& first = *files.front()->file->schema;
    plan.schema.format = first.format;
    plan.schema.format_options = first.format_options;
    UnifyColumns(files, node, &plan.schema.columns);

    for (size_t l = 0; l < levels.size(); ++l) {
      std::string key = levels[l].hive ? levels[l].key : "partition_" + std::to_string(l);
      plan.partition_keys.push_back(catalog::Column{key, DataType::Varchar(), ""});
    }
    RemoveShadowedColumns(node, &plan);

    std::map<std::vector<std::string>, PartitionPlan> partitions;
    std::map<std::vector<std::string>, const std::string*> folder_of;
    std::set<io::Compression> compressions;
    // Files come in path order: the files of one folder are consecutive and share
    // their partition, which is looked up once.
    const std::string* last_folder = nullptr;
    const std::string* same_values = nullptr;  // the folder that has them, when not this one
    PartitionPlan* partition = nullptr;
    for (const PlacedFile* placed : files) {
      const std::string* folder = placed->file->folder;
      if (folder != last_folder) {
        last_folder = folder;
        std::vector<std::string> values;
        for (size_t l = 0; l < levels.size(); ++l) {
          std::string_view name = (*placed->levels)[l];
          values.push_back(levels[l].hive ? formats::UnescapeHivePathValue(name.substr(name.find('=') + 1))
                                          : std::string(name));
        }
        auto [it, inserted] = folder_of.emplace(values, folder);
        partition = nullptr;
        same_values = it->second;
        if (inserted || it->second == folder) {
          partition = &partitions[values];
          partition->values = std::move(values);
          partition->folder = *folder;
        }
      }
      if (partition == nullptr) {
        Warn(placed->file->Path(), "partition folder '" + *folder + "' has the same values as '" +
                                       *same_values + "'; skipped");
        continue;
      }
      AddToStats(*placed->file->record, &partition->stats);
      AddToStats(*placed->file->record, &plan.stats);
      compressions.insert(placed->file->record->compression);
    }
    plan.compression = compressions.size() == 1 ? std::string(CompressionLabel(*compressions.begin())) : "mixed";
    for (size_t l = 0; l < levels.size(); ++l) {
      std::vector<std::string> values;
      for (const auto& [key, partition] : partitions) {
        if (partition.values[l] != formats::kHiveDefaultPartition) values.push_back(partition.values[l]);
      }
      plan.partition_keys[l].type = sql::InferPartitionType(values);
    }
    if (!levels.empty()) {
      for (auto& [key, partition] : partitions) plan.partitions.push_back(std::move(partition));
    }
    plans_.push_back(std::move(named));
  }

  /// A table of one file (its folder holds files of other schemas or data folders).
  void FileTable(const FileRef& file, const Node& node) {
    NamedPlan named;
    TablePlan& plan = named.plan;
    plan.location = file.Path();
    plan.location_is_file = true;
    named.base = SanitizeTableName(FileStem(file.record->name));
    named.parent_name = SanitizeTableName(node.name);
    plan.schema.format = file.schema->format;
    plan.schema.format_options = file.schema->format_options;
    PlacedFile placed{&file, &kNoLevels};
    UnifyColumns({&placed}, node, &plan.schema.columns);
    AddToStats(*file.record, &plan.stats);
    plan.compression = std::string(CompressionLabel(file.record->compression));
    plans_.push_back(std::move(named));
  }

  /// Direct files of `node` as one unpartitioned table when compatible, else one per file.
  void DirectFilesTable(const Node& node) {
    std::vector<PlacedFile> placed;
    for (const FileRef& file : node.files) placed.push_back(PlacedFile{&file, &kNoLevels});
    std::vector<const PlacedFile*> all;
    for (const PlacedFile& p : placed) all.push_back(&p);
    bool compatible = false;
    LargestCompatibleGroup(all, &compatible);
    if (compatible) {
      MakeTable(node, all, {});
    } else {
      for (const FileRef& file : node.files) FileTable(file, node);
    }
  }

  static void AddToStats(const FileRecord& file, catalog::PartitionStats* stats) {
    bool first = stats->files < 0;
    stats->files = (first ? 0 : stats->files) + 1;
    stats->bytes = (first ? 0 : stats->bytes) + file.size;
    if (first) {
      stats->rows = file.rows;
    } else if (stats->rows >= 0) {
      stats->rows = file.rows >= 0 ? stats->rows + file.rows : -1;
    }
  }

  /// Columns by name (lower case) in order of first appearance over the files (in path
  /// order), each of the type its files' types unify to.
  void UnifyColumns(const std::vector<const PlacedFile*>& files, const Node& node,
                    std::vector<catalog::Column>* columns) {
    std::set<const FileSchema*> seen;
    const sql::TableFormat format = ToTableFormat(files.front()->file->schema->format);
    for (const PlacedFile* placed : files) {
      if (!seen.insert(placed->file->schema).second) continue;
      for (const catalog::Column& column : placed->file->schema->columns) {
        std::string name = AsciiLower(column.name);
        auto existing = std::find_if(columns->begin(), columns->end(),
                                     [&](const catalog::Column& c) { return c.name == name; });
        if (existing == columns->end()) {
          columns->push_back(catalog::Column{name, column.type, ""});
          continue;
        }
        std::optional<DataType> unified = sql::UnifyColumnType(format, existing->type, column.type);
        if (unified) {
          existing->type = *unified;
        } else {
          Warn(placed->file->Path(), "column '" + name + "' is " + column.type.ToString() + " here but " +
                                         existing->type.ToString() + " elsewhere in table folder '" + node.path +
                                         "'; the table keeps " + existing->type.ToString());
        }
      }
    }
    // Columns with only nulls in every file (JSON) read as VARCHAR.
    for (catalog::Column& column : *columns) {
      if (column.type.id() == TypeId::kUnknown) column.type = DataType::Varchar();
    }
  }

  void RemoveShadowedColumns(const Node& node, TablePlan* plan) {
    for (const catalog::Column& key : plan->partition_keys) {
      auto it = std::find_if(plan->schema.columns.begin(), plan->schema.columns.end(),
                             [&](const catalog::Column& c) { return c.name == key.name; });
      if (it == plan->schema.columns.end()) continue;
      Warn(node.path, "column '" + key.name + "' of the files is also a partition key; the partition value is used");
      plan->schema.columns.erase(it);
    }
  }

  std::string ParentName(const std::string& path) const {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return SanitizeTableName(path.empty() ? "" : options_.root_name);
    size_t before = path.rfind('/', slash - 1);
    return SanitizeTableName(path.substr(before == std::string::npos ? 0 : before + 1,
                                         slash - (before == std::string::npos ? 0 : before + 1)));
  }

  bool RootMayBeTable(const Node& root) const {
    if (!root.files.empty()) return true;
    for (const Node* child : root.children) {
      if (child->subtree_files == 0) continue;
      if (!IsHiveName(child->name) && !IsValueLikeName(child->name)) return false;
    }
    return true;
  }

  void Auto(const Node& node) {
    if (node.subtree_files == 0) return;
    bool may_be_table = node.depth > 0 || RootMayBeTable(node);
    if (may_be_table && TryTable(node)) return;
    for (const FileRef& file : node.files) FileTable(file, node);
    for (const Node* child : node.children) Auto(*child);
  }

  void PerFolder(const Node& node) {
    bool data_below = std::any_of(node.children.begin(), node.children.end(),
                                  [](const Node* child) { return child->subtree_files > 0; });
    if (data_below) {
      // Readers take a folder table's files recursively: files beside data folders
      // can only be tables of their own.
      for (const FileRef& file : node.files) FileTable(file, node);
    } else if (!node.files.empty()) {
      DirectFilesTable(node);
    }
    for (const Node* child : node.children) PerFolder(*child);
  }

  void AtLevel(const Node& node) {
    if (node.subtree_files == 0) return;
    if (node.depth == options_.table_level) {
      ForcedTable(node, 0);
      return;
    }
    for (const FileRef& file : node.files) {
      Warn(file.Path(), "above the crawler's table_level " + std::to_string(options_.table_level) + "; skipped");
    }
    for (const Node* child : node.children) AtLevel(*child);
  }

  /// Makes names unique (see the header) and returns the plans sorted by name.
  std::vector<TablePlan> AssignNames() {
    std::sort(plans_.begin(), plans_.end(),
              [](const NamedPlan& a, const NamedPlan& b) { return a.plan.location < b.plan.location; });
    std::map<std::string, std::vector<NamedPlan*>> by_name;
    for (NamedPlan& named : plans_) {
      named.plan.name = options_.table_prefix + named.base;
      by_name[named.plan.name].push_back(&named);
    }
    std::set<std::string> taken;
    std::vector<NamedPlan*> renamed;
    for (auto& [name, group] : by_name) {
      NamedPlan* keeper = group.front();
      auto previous = options_.previous_tables.find(name);
      if (previous != options_.previous_tables.end()) {
        for (NamedPlan* named : group) {
          if (named->plan.location == previous->second) keeper = named;
        }
      }
      taken.insert(name);
      for (NamedPlan* named : group) {
        if (named != keeper) renamed.push_back(named);
      }
    }
    for (NamedPlan* named : renamed) {
      std::string name = options_.table_prefix + SanitizeTableName(named->parent_name + "_" + named->base);
      std::string candidate = name;
      for (int n = 2; taken.contains(candidate); ++n) candidate = name + "_" + std::to_string(n);
      named->plan.name = candidate;
      taken.insert(candidate);
    }
    std::vector<TablePlan> tables;
    for (NamedPlan& named : plans_) tables.push_back(std::move(named.plan));
    std::sort(tables.begin(), tables.end(), [](const TablePlan& a, const TablePlan& b) { return a.name < b.name; });
    return tables;
  }

  const GroupingOptions& options_;
  std::vector<std::unique_ptr<Node>> nodes_;
  Node* root_ = nullptr;
  std::vector<NamedPlan> plans_;
  std::vector<CrawlWarning> warnings_;
};

}  // namespace

std::string SanitizeTableName(std::string_view name) {
  std::string out;
  for (char c : name) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '_';
    char next = ok ? lower : '_';
    if (next == '_' && !out.empty() && out.back() == '_') continue;
    out.push_back(next);
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  size_t start = 0;
  while (start < out.size() && out[start] == '_') ++start;
  out.erase(0, start);
  return out.empty() ? "table" : out;
}

GroupingResult GroupIntoTables(const Inventory& inventory, const GroupingOptions& options) {
  return Grouper(inventory, options).Run();
}

}  // namespace sluice::lake::crawler
