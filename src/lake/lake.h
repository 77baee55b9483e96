#pragma once
// A lake: a folder with sluice.yaml at its root, zones (drop, raw, curated by
// default), Sluice's private folder .sluice/ (the SQLite catalog, staging for atomic
// commits) and a catalog store (SQLite inside the lake unless the config names a
// PostgreSQL URL). See docs/LAKE.md for the config reference.
//
//   DIR/sluice.yaml            the config (LakeConfig)
//   DIR/.sluice/catalog.db     the SQLite catalog (WAL mode)
//   DIR/.sluice/staging/       files being written, moved into place on commit
//   DIR/<zone>/                one folder and one catalog database per zone

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/store.h"

namespace sluice::lake {

/// What a crawler does when a table's schema changed since the last crawl.
enum class SchemaChangePolicy : uint8_t {
  kUpdate,         ///< Replace the table's columns (a new version).
  kAddNewColumns,  ///< Add new columns and widen types; keep columns that went missing.
  kLog,            ///< Record the change in the run, leave the table as it is.
};
/// What a crawler does with partitions (and tables) whose folders went away.
enum class DeletionPolicy : uint8_t {
  kDelete,     ///< Remove them from the catalog.
  kDeprecate,  ///< Keep them, marked deprecated (queries skip them).
  kIgnore,     ///< Leave the catalog as it is.
};

/// "update", "add_new_columns", "log" (as sluice.yaml spells them).
std::string_view SchemaChangePolicyName(SchemaChangePolicy policy);
/// The inverse; InvalidArgumentError listing the choices otherwise.
SchemaChangePolicy ParseSchemaChangePolicy(std::string_view name);
/// "delete", "deprecate", "ignore".
std::string_view DeletionPolicyName(DeletionPolicy policy);
/// The inverse; InvalidArgumentError listing the choices otherwise.
DeletionPolicy ParseDeletionPolicy(std::string_view name);

/// The config file at a lake's root, and Sluice's private folder beside it.
inline constexpr std::string_view kLakeConfigFileName = "sluice.yaml";
inline constexpr std::string_view kLakePrivateDirName = ".sluice";

/// The database every lake has (created when the catalog is opened, also in lakes made
/// before it existed, and again after a DROP): where tables made without a database
/// go, and the current database of `sluice query` / `sluice sql` without --database.
/// Its location is the folder of that name. A zone named `default` is that database.
inline constexpr std::string_view kDefaultDatabase = "default";
inline constexpr std::string_view kDefaultDatabaseDescription = "Tables created without a database (USE default)";

/// A crawler named in sluice.yaml (or made up by `sluice crawl --path`).
struct CrawlerConfig {
  std::string name;
  /// The folder to crawl, relative to the lake (or an allowed external location).
  std::string path;
  /// The catalog database the tables go to (must exist; zones have theirs).
  std::string database;
  std::string table_prefix;
  /// Globs (io/glob.h syntax) of paths relative to `path` to skip.
  std::vector<std::string> exclude;
  SchemaChangePolicy schema_change = SchemaChangePolicy::kUpdate;
  DeletionPolicy deletion = DeletionPolicy::kDelete;
  /// Every folder that directly holds data files is its own table.
  bool table_per_folder = false;
  /// Glue's "table level": tables are made at this depth below `path` (1 = the
  /// folders directly under it); 0 = decided from the schemas.
  int table_level = 0;
  /// Forced CSV options, as `sluice convert` names them (delimiter, quote, escape,
  /// header, null, preset): files then are not sniffed for them.
  std::map<std::string, std::string> csv;
  /// Tables the crawler creates list key=value folders at query time
  /// (parameters.partition_discovery = "true").
  bool partition_discovery = false;

  bool operator==(const CrawlerConfig& other) const = default;
};

/// A named PostgreSQL server for jobs (sluice.yaml `connections:`), without its
/// password: that comes from an environment variable or a file outside the lake
/// (jobs/connections.h reads it).
struct ConnectionConfig {
  std::string name;
  /// A PostgreSQL URL (postgresql://user@host:port/db) or key=value string; never
  /// holds a password.
  std::string url;
  /// The environment variable holding the password ("" when none).
  std::string password_env;
  /// The absolute path of a file holding the password ("" when none).
  std::string password_file;

  bool operator==(const ConnectionConfig&) const = default;
};

/// sluice.yaml.
struct LakeConfig {
  std::string name;
  /// "sqlite" (default) or a PostgreSQL URL without a password.
  std::string catalog = "sqlite";
  /// PostgreSQL schema holding the catalog's tables (catalog_schema:, default "sluice").
  std::string catalog_schema = "sluice";
  std::vector<std::string> zones = {"drop", "raw", "curated"};
  /// Absolute folders outside the lake that its paths may point into.
  std::vector<std::string> external_locations;
  std::vector<CrawlerConfig> crawlers;
  /// Named PostgreSQL servers that jobs read from and load into.
  std::vector<ConnectionConfig> connections;
  /// Absolute path of a NAME=VALUE file of secrets, outside the lake ("" when none).
  std::string secrets_file;

  bool operator==(const LakeConfig& other) const = default;
};

/// Parses sluice.yaml text. InvalidArgumentError naming `file`, the line and the key
/// for unknown keys, wrong types, bad enum values, duplicate crawler or connection names.
/// Also refused: zone and database names that are not lower-case identifiers, a
/// `catalog:` that is neither "sqlite" nor a PostgreSQL URL / key=value string, or one
/// holding a password; relative external locations; a crawler path that leaves the lake
/// lexically ("../x", or absolute outside every external location) — symbolic links are
/// checked when the path is used (Lake::Resolve). With `root` (the lake's folder) an
/// absolute crawler path must lie under it or an external location. Connections need
/// a url without a password; password_file and secrets_file must be absolute (and,
/// with `root`, outside the lake). An empty document is the defaults.
LakeConfig ParseLakeConfig(std::string_view yaml, std::string_view file, std::string_view root = {});

/// `config` as sluice.yaml text with a comment on every key (what InitLake writes);
/// ParseLakeConfig(FormatLakeConfig(c)) == c.
std::string FormatLakeConfig(const LakeConfig& config);

/// An open lake.
class Lake {
 public:
  /// `root` must hold sluice.yaml (absolute, normal).
  explicit Lake(std::string root);
  Lake(std::string root, LakeConfig config);
  ~Lake();

  const std::string& root() const { return root_; }
  const LakeConfig& config() const { return config_; }

  /// `path` (relative to the root, or absolute) resolved and checked to lie inside the
  /// lake or an external location (lake/paths.h ResolveInLake).
  std::string Resolve(std::string_view path) const;
  /// `absolute` as the catalog stores it: relative to the root when inside it.
  std::string ToCatalogPath(std::string_view absolute) const;

  /// The catalog store the config names, opened on first use (the SQLite file is
  /// created and migrated; the zones' databases and `default` are created when
  /// missing).
  catalog::CatalogStore& catalog();

  /// The crawler named `name` in the config, or null.
  const CrawlerConfig* FindCrawler(std::string_view name) const;
  /// The connection named `name` in the config, or null.
  const ConnectionConfig* FindConnection(std::string_view name) const;

  /// root/.sluice: Sluice's private folder.
  std::string private_dir() const;
  /// root/.sluice/staging: where files are written before a commit moves them into
  /// place (same file system as the lake, so the move is a rename).
  std::string staging_dir() const;

 private:
  std::string root_;
  /// root_ with its symbolic links resolved (paths named through it are inside too).
  std::string real_root_;
  LakeConfig config_;
  std::mutex catalog_mutex_;  ///< Guards opening catalog_.
  std::unique_ptr<catalog::CatalogStore> catalog_;
};

/// The folder holding the lake's sluice.yaml: `explicit_dir` when given, else
/// $SLUICE_LAKE when set, else the nearest folder from the current one upward; nullopt
/// only when nothing was named and no sluice.yaml was found upward (so a command that
/// also works without a lake can go on). InvalidArgumentError when an explicit folder
/// or $SLUICE_LAKE holds no sluice.yaml, naming the source and saying why:
///   "--lake x: x does not exist; create a lake there with `sluice init x`"
///   "SLUICE_LAKE=/w/x: /w/x is not a lake (no sluice.yaml in /w/x); create one with
///    `sluice init /w/x`"
/// The result is absolute with links resolved.
std::optional<std::string> FindLakeRoot(const std::optional<std::string>& explicit_dir);

/// Finds and opens the lake: `explicit_dir` when given (it must hold sluice.yaml),
/// else $SLUICE_LAKE, else the nearest folder holding sluice.yaml from the current
/// folder upward. InvalidArgumentError when there is none, saying how to make one
/// ("no lake here: run `sluice init DIR` …").
std::unique_ptr<Lake> OpenLake(const std::optional<std::string>& explicit_dir);

/// Scaffolds a lake in `dir` (created when missing; must not hold sluice.yaml yet):
/// sluice.yaml with the zones and an example crawler, the zone folders, .sluice/, a
/// README.md for the lake, and the catalog with one database per zone and `default`.
/// Returns it.
std::unique_ptr<Lake> InitLake(const std::string& dir, const LakeConfig& config = {});

}  // namespace sluice::lake
