// An open lake: its config, its paths and its catalog; finding a lake from the
// current folder; scaffolding a new one (`sluice init`).

#include "lake/lake.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "core/error.h"
#include "io/file.h"
#include "lake/paths.h"

namespace sluice::lake {
namespace {

namespace fs = std::filesystem;

std::string Normal(const fs::path& path) {
  std::string text = path.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

/// `path` absolute and normal, its links resolved where it exists.
std::string RealPath(const std::string& path) {
  std::error_code error;
  fs::path real = fs::weakly_canonical(fs::absolute(path), error);
  return Normal(error ? fs::absolute(path) : real);
}

std::string ReadText(const std::string& path) {
  auto file = io::InputFile::Open(path);
  std::string text(file->size(), '\0');
  text.resize(file->ReadAt(0, text.data(), text.size()));
  return text;
}

bool HoldsConfig(const fs::path& dir) {
  std::error_code error;
  return fs::is_regular_file(dir / kLakeConfigFileName, error);
}

/// What a zone is for: the zone database's description and the lake's README.
std::string ZoneDescription(const std::string& zone) {
  if (zone == "drop") return "Landing zone: files as they arrive, crawled and never modified by Sluice";
  if (zone == "raw") return "Tables crawled from the landing zone, as the files hold them";
  if (zone == "curated") return "Cleaned and modelled tables written by queries and jobs";
  return "The " + zone + " zone";
}

/// The databases every open of the lake makes sure exist: one per zone, then
/// `default` (unless a zone has that name).
std::vector<catalog::Database> LakeDatabases(const LakeConfig& config) {
  std::vector<catalog::Database> databases;
  for (const std::string& zone : config.zones) {
    catalog::Database database;
    database.name = zone;
    database.description = ZoneDescription(zone);
    database.location = zone;
    databases.push_back(std::move(database));
  }
  if (std::find(config.zones.begin(), config.zones.end(), kDefaultDatabase) == config.zones.end()) {
    catalog::Database database;
    database.name = std::string(kDefaultDatabase);
    database.description = std::string(kDefaultDatabaseDescription);
    database.location = std::string(kDefaultDatabase);
    databases.push_back(std::move(database));
  }
  return databases;
}

/// The example crawler of a new lake: the first zone into the second (drop → raw).
CrawlerConfig ExampleCrawler(const std::vector<std::string>& zones) {
  CrawlerConfig crawler;
  crawler.name = zones.front();
  crawler.path = zones.front();
  crawler.database = zones.size() > 1 ? zones[1] : zones.front();
  return crawler;
}

std::string LakeReadme(const LakeConfig& config) {
  std::string text = "# " + (config.name.empty() ? std::string("Lake") : config.name) + "\n\n";
  text +=
      "A Sluice lake: folders of files, and a catalog that describes them as tables.\n"
      "Run `sluice` commands from this folder or any folder below it (or pass `--lake DIR`,\n"
      "or set `SLUICE_LAKE`).\n\n"
      "## Folders\n\n"
      "| Folder | What it holds |\n"
      "|---|---|\n"
      "| `sluice.yaml` | The lake's config: zones, catalog, crawlers. |\n";
  for (const std::string& zone : config.zones) {
    text += "| `" + zone + "/` | " + ZoneDescription(zone) + " (catalog database `" + zone + "`). |\n";
  }
  text += "| `.sluice/` | Sluice's private folder: ";
  text += config.catalog == "sqlite" ? "the catalog (`catalog.db`), " : "";
  text += "files being written (`staging/`). Do not edit. |\n\n";
  if (config.catalog != "sqlite") {
    text += "The catalog is in PostgreSQL (`catalog:` in sluice.yaml); the password comes from\n"
            "`SLUICE_CATALOG_PASSWORD`, `PGPASSWORD` or `~/.pgpass`.\n\n";
  }
  std::string example_path = config.zones.empty() ? "data" : config.zones.front();
  std::string example_db = config.zones.size() > 1 ? config.zones[1] : (config.zones.empty() ? "db" : config.zones[0]);
  text += "## Crawl\n\n";
  text += "Put files under `" + example_path + "/` (CSV, JSON lines, Parquet, optionally gzip/zstd/bzip2;\n"
          "one folder per table, Hive-style `key=value` folders for partitions), then:\n\n"
          "```sh\n";
  for (const CrawlerConfig& crawler : config.crawlers) {
    text += "sluice crawl " + crawler.name + "        # " + crawler.path + "/ into database " + crawler.database + "\n";
  }
  text += "sluice crawl --path " + example_path + "/events --database " + example_db + "   # ad hoc\n";
  text += "```\n\n";
  text += "## Look at the catalog\n\n"
          "```sh\n"
          "sluice catalog databases\n"
          "sluice catalog tables " + example_db + "\n"
          "sluice catalog describe " + example_db + ".events\n"
          "sluice catalog partitions " + example_db + ".events\n"
          "sluice catalog versions " + example_db + ".events   # schema changes\n"
          "sluice catalog runs                    # crawls, what they did\n"
          "```\n\n"
          "Add `--format json` to any of them for JSON.\n\n";
  text += "## Query\n\n"
          "```sh\n"
          "sluice query \"SELECT count(*) FROM " + example_db + ".events\"\n"
          "sluice sql                              # interactive shell\n"
          "```\n\n"
          "Tables created without a database go to the database `default` (folder `default/`),\n"
          "where unqualified names are looked up unless `--database DB` or `USE db` says otherwise.\n\n"
          "Edit `sluice.yaml` to add crawlers or zones; the Sluice documentation (docs/LAKE.md)\n"
          "describes every key.\n";
  return text;
}

/// Writes `text` to `path` only if nothing is there: a temporary file linked into
/// place, so the file appears whole and two `sluice init` at once cannot both win.
void WriteNewFile(const std::string& path, const std::string& text) {
  std::string temp = path + ".tmp-" + std::to_string(::getpid());
  {
    io::AtomicFileWriter writer(temp);
    writer.Write(text);
    writer.Commit();
  }
  int result = ::link(temp.c_str(), path.c_str());
  int saved = errno;
  ::unlink(temp.c_str());
  if (result != 0) {
    errno = saved;
    if (saved == EEXIST) throw InvalidArgumentError(path + " already exists");
    throw IOError(io::ErrnoMessage("cannot create", path));
  }
}

/// Why `dir` (as the user named it; `absolute` is where that is) cannot be opened as a
/// lake: it does not exist, is a file, or holds no sluice.yaml.
std::string NotALake(const std::string& dir, const std::string& absolute) {
  const std::string where = dir == absolute ? std::string() : " (" + absolute + ")";
  std::error_code error;
  const fs::file_status status = fs::status(absolute, error);
  if (!fs::exists(status)) {
    return dir + " does not exist" + where + "; create a lake there with `sluice init " + dir + "`";
  }
  if (!fs::is_directory(status)) return dir + " is not a lake: it is a file, not a folder" + where;
  return dir + " is not a lake (no " + std::string(kLakeConfigFileName) + " in " + absolute +
         "); create one with `sluice init " + dir + "`";
}

void CreateFolder(const fs::path& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) throw IOError("cannot create folder " + path.string() + ": " + error.message());
}

}  // namespace

Lake::Lake(std::string root) : root_(Normal(fs::absolute(root))) {
  std::string file = (fs::path(root_) / kLakeConfigFileName).string();
  if (!HoldsConfig(root_)) {
    throw InvalidArgumentError("no lake at " + root_ + ": it holds no " + std::string(kLakeConfigFileName) +
                               " (run `sluice init " + root_ + "` to make one)");
  }
  config_ = ParseLakeConfig(ReadText(file), file, root_);
  real_root_ = RealPath(root_);
  if (config_.name.empty()) config_.name = fs::path(root_).filename().string();
}

Lake::Lake(std::string root, LakeConfig config)
    : root_(Normal(fs::absolute(root))), real_root_(RealPath(root_)), config_(std::move(config)) {}

Lake::~Lake() = default;

std::string Lake::Resolve(std::string_view path) const {
  return ResolveInLake(root_, path, config_.external_locations);
}

std::string Lake::ToCatalogPath(std::string_view absolute) const {
  fs::path path(absolute);
  if (path.is_relative()) return Normal(path) == "." ? "" : Normal(path);
  std::string normal = Normal(path);
  if (PathIsUnder(normal, root_)) return RelativeToLake(root_, normal);
  return RelativeToLake(real_root_, normal);
}

std::string Lake::private_dir() const { return (fs::path(root_) / kLakePrivateDirName).string(); }

std::string Lake::staging_dir() const { return (fs::path(private_dir()) / "staging").string(); }

catalog::CatalogStore& Lake::catalog() {
  std::lock_guard<std::mutex> lock(catalog_mutex_);
  if (catalog_ != nullptr) return *catalog_;
  std::unique_ptr<catalog::CatalogStore> store;
  if (config_.catalog == "sqlite") {
    store = catalog::OpenSqliteStore((fs::path(private_dir()) / "catalog.db").string());
  } else {
    store = catalog::OpenPostgresStore(config_.catalog, config_.catalog_schema);
  }
  // Read first: most opens find every database and need no write lock.
  std::vector<catalog::Database> missing;
  for (const catalog::Database& database : LakeDatabases(config_)) {
    if (!store->GetDatabase(database.name).has_value()) missing.push_back(database);
  }
  if (!missing.empty()) {
    store->Write([&](catalog::CatalogWriter& writer) {
      for (const catalog::Database& database : missing) writer.CreateDatabase(database, /*if_not_exists=*/true);
    });
  }
  catalog_ = std::move(store);
  return *catalog_;
}

const CrawlerConfig* Lake::FindCrawler(std::string_view name) const {
  for (const CrawlerConfig& crawler : config_.crawlers) {
    if (crawler.name == name) return &crawler;
  }
  return nullptr;
}

const ConnectionConfig* Lake::FindConnection(std::string_view name) const {
  for (const ConnectionConfig& connection : config_.connections) {
    if (connection.name == name) return &connection;
  }
  return nullptr;
}

std::optional<std::string> FindLakeRoot(const std::optional<std::string>& explicit_dir) {
  auto named = [](const std::string& dir, const std::string& source) {
    fs::path path = fs::absolute(dir);
    // Naming the config file itself is fine too.
    std::error_code error;
    if (path.filename() == kLakeConfigFileName && fs::is_regular_file(path, error)) path = path.parent_path();
    if (!HoldsConfig(path)) throw InvalidArgumentError(source + ": " + NotALake(dir, Normal(path)));
    return RealPath(path.string());
  };
  if (explicit_dir.has_value() && !explicit_dir->empty()) return named(*explicit_dir, "--lake " + *explicit_dir);
  const char* env = std::getenv("SLUICE_LAKE");
  if (env != nullptr && *env != '\0') return named(env, std::string("SLUICE_LAKE=") + env);
  std::error_code error;
  fs::path dir = fs::current_path(error);
  if (error) return std::nullopt;
  while (true) {
    if (HoldsConfig(dir)) return Normal(dir);
    if (dir == dir.root_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

std::unique_ptr<Lake> OpenLake(const std::optional<std::string>& explicit_dir) {
  std::optional<std::string> root = FindLakeRoot(explicit_dir);
  if (!root.has_value()) {
    std::error_code error;
    throw InvalidArgumentError("no lake here: no " + std::string(kLakeConfigFileName) + " in " +
                               fs::current_path(error).string() +
                               " or any folder above it; run `sluice init DIR` to create a lake, "
                               "or name one with --lake DIR or SLUICE_LAKE");
  }
  return std::make_unique<Lake>(*root);
}

std::unique_ptr<Lake> InitLake(const std::string& dir, const LakeConfig& config) {
  fs::path root = fs::absolute(dir).lexically_normal();
  if (Normal(root) != "/" && root.filename().empty()) root = root.parent_path();
  std::error_code error;
  if (fs::exists(root, error) && !fs::is_directory(root, error)) {
    throw InvalidArgumentError("cannot make a lake at " + root.string() + ": it is a file, not a folder");
  }
  if (HoldsConfig(root)) {
    throw InvalidArgumentError(root.string() + " already holds a lake (" + std::string(kLakeConfigFileName) +
                               "); edit it, or choose another folder");
  }
  LakeConfig full = config;
  if (full.name.empty()) full.name = root.filename().string();
  if (full.crawlers.empty() && !full.zones.empty()) full.crawlers.push_back(ExampleCrawler(full.zones));
  std::string config_path = (root / kLakeConfigFileName).string();
  std::string text = FormatLakeConfig(full);
  // The text must read back as the config (this also validates zone names etc.)
  // before anything is written.
  LakeConfig parsed = ParseLakeConfig(text, config_path, Normal(root));
  SLUICE_ASSERT(parsed == full, "FormatLakeConfig must round-trip through ParseLakeConfig");

  CreateFolder(root);
  for (const std::string& zone : full.zones) CreateFolder(root / zone);
  CreateFolder(root / kLakePrivateDirName / "staging");
  // The catalog before sluice.yaml: when it cannot be made (an unreachable PostgreSQL),
  // no half-made lake is left claiming the folder.
  auto lake = std::make_unique<Lake>(RealPath(root.string()), full);
  lake->catalog();
  if (!fs::exists(root / "README.md", error)) WriteNewFile((root / "README.md").string(), LakeReadme(full));
  try {
    WriteNewFile(config_path, text);
  } catch (const InvalidArgumentError&) {
    throw InvalidArgumentError(root.string() + " already holds a lake (" + std::string(kLakeConfigFileName) +
                               "); edit it, or choose another folder");
  }
  return lake;
}

}  // namespace sluice::lake
