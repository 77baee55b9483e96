// lake/lake.h: `sluice init` scaffolding, finding a lake (--lake, SLUICE_LAKE,
// sluice.yaml upward), refusing to scaffold twice, and paths that stay in the lake.

#include "lake/lake.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/error.h"
#include "lake_test_support.h"

namespace sluice::lake {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A temporary folder, with the current folder and SLUICE_LAKE restored afterwards.
class LakeTest : public LakeTempDirTest {
 protected:
  void SetUp() override {
    LakeTempDirTest::SetUp();
    saved_cwd_ = fs::current_path();
    if (const char* env = std::getenv("SLUICE_LAKE")) saved_env_ = env;
    unsetenv("SLUICE_LAKE");
  }
  void TearDown() override {
    fs::current_path(saved_cwd_);
    if (saved_env_) setenv("SLUICE_LAKE", saved_env_->c_str(), 1);
    else unsetenv("SLUICE_LAKE");
    LakeTempDirTest::TearDown();
  }

  /// The message of the InvalidArgumentError `fn` throws ("" when none).
  template <typename Fn>
  static std::string ErrorOf(Fn fn) {
    try {
      fn();
    } catch (const InvalidArgumentError& e) {
      return e.what();
    }
    return "";
  }

  fs::path saved_cwd_;
  std::optional<std::string> saved_env_;
};

TEST_F(LakeTest, InitScaffoldsTheLake) {
  std::string root = dir_ + "/demo";
  auto lake = InitLake(root);
  EXPECT_EQ(lake->root(), root);
  EXPECT_EQ(lake->config().name, "demo");
  for (const char* folder : {"drop", "raw", "curated", ".sluice", ".sluice/staging"}) {
    EXPECT_TRUE(fs::is_directory(root + "/" + folder)) << folder;
  }
  EXPECT_TRUE(fs::is_regular_file(root + "/.sluice/catalog.db"));
  EXPECT_EQ(lake->private_dir(), root + "/.sluice");
  EXPECT_EQ(lake->staging_dir(), root + "/.sluice/staging");

  // sluice.yaml is commented, names the zones and has an example crawler over drop/.
  std::string yaml = ReadFile(root + "/sluice.yaml");
  EXPECT_NE(yaml.find("# "), std::string::npos);
  LakeConfig config = ParseLakeConfig(yaml, "sluice.yaml", root);
  EXPECT_EQ(config, lake->config());
  EXPECT_EQ(config.zones, (std::vector<std::string>{"drop", "raw", "curated"}));
  ASSERT_EQ(config.crawlers.size(), 1u);
  EXPECT_EQ(config.crawlers[0].path, "drop");
  EXPECT_EQ(config.crawlers[0].database, "raw");
  ASSERT_NE(lake->FindCrawler(config.crawlers[0].name), nullptr);
  EXPECT_EQ(lake->FindCrawler("nope"), nullptr);

  // The README says what the folders are and how to crawl and query.
  std::string readme = ReadFile(root + "/README.md");
  for (const char* part : {"drop/", "raw/", "curated/", ".sluice/", "sluice crawl", "sluice catalog tables",
                           "sluice query"}) {
    EXPECT_NE(readme.find(part), std::string::npos) << part << "\n" << readme;
  }

  // One catalog database per zone, located at the zone's folder, and `default`.
  auto databases = lake->catalog().ListDatabases();
  std::map<std::string, std::string> locations;
  for (const auto& database : databases) locations[database.name] = database.location;
  EXPECT_EQ(locations, (std::map<std::string, std::string>{
                           {"drop", "drop"}, {"raw", "raw"}, {"curated", "curated"}, {"default", "default"}}));
  EXPECT_EQ(lake->catalog().GetDatabase("default")->description, "Tables created without a database (USE default)");
}

TEST_F(LakeTest, InitWithZonesOfItsOwn) {
  LakeConfig config;
  config.name = "team lake";
  config.zones = {"landing", "bronze", "silver", "gold"};
  auto lake = InitLake(dir_ + "/x", config);
  EXPECT_EQ(lake->config().name, "team lake");
  for (const char* zone : {"landing", "bronze", "silver", "gold"}) {
    EXPECT_TRUE(fs::is_directory(dir_ + "/x/" + zone)) << zone;
    EXPECT_TRUE(lake->catalog().GetDatabase(zone).has_value()) << zone;
  }
  EXPECT_FALSE(fs::exists(dir_ + "/x/drop"));
  ASSERT_EQ(lake->config().crawlers.size(), 1u);
  EXPECT_EQ(lake->config().crawlers[0].path, "landing");
  EXPECT_EQ(lake->config().crawlers[0].database, "bronze");
  // Reopened from disk: the same config.
  EXPECT_EQ(Lake(dir_ + "/x").config(), lake->config());
}

TEST_F(LakeTest, InitRefusesAFolderThatHoldsALake) {
  InitLake(dir_ + "/demo");
  std::string before = ReadFile(dir_ + "/demo/sluice.yaml");
  std::string message = ErrorOf([&] { InitLake(dir_ + "/demo"); });
  EXPECT_NE(message.find("already holds a lake"), std::string::npos) << message;
  EXPECT_EQ(ReadFile(dir_ + "/demo/sluice.yaml"), before);
  // Also with a trailing slash, and relative to the current folder.
  fs::current_path(dir_);
  EXPECT_NE(ErrorOf([&] { InitLake("demo/"); }).find("already holds a lake"), std::string::npos);
}

TEST_F(LakeTest, InitIntoAFolderWithFiles) {
  Write("existing/README.md", "mine\n");
  Write("existing/notes.txt", "keep\n");
  InitLake(dir_ + "/existing");
  EXPECT_EQ(ReadFile(dir_ + "/existing/README.md"), "mine\n") << "an existing README is kept";
  EXPECT_EQ(ReadFile(dir_ + "/existing/notes.txt"), "keep\n");
  EXPECT_TRUE(fs::exists(dir_ + "/existing/sluice.yaml"));
}

TEST_F(LakeTest, InitRefusesBadInputAndLeavesNoLake) {
  Write("file", "x");
  EXPECT_NE(ErrorOf([&] { InitLake(dir_ + "/file"); }).find("is a file"), std::string::npos);
  LakeConfig config;
  config.zones = {"drop", "Bad Zone"};
  std::string message = ErrorOf([&] { InitLake(dir_ + "/bad", config); });
  EXPECT_NE(message.find("'Bad Zone' is not a zone name"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir_ + "/bad/sluice.yaml"));
}

TEST_F(LakeTest, InitWithoutZones) {
  LakeConfig config;
  config.zones = {};
  auto lake = InitLake(dir_ + "/bare", config);
  EXPECT_TRUE(lake->config().crawlers.empty());
  ASSERT_EQ(lake->catalog().ListDatabases().size(), 1u);
  EXPECT_EQ(lake->catalog().ListDatabases()[0].name, "default");
  EXPECT_TRUE(fs::exists(dir_ + "/bare/sluice.yaml"));
}

TEST_F(LakeTest, OpenExplicitFolder) {
  InitLake(dir_ + "/demo");
  EXPECT_EQ(OpenLake(dir_ + "/demo")->root(), dir_ + "/demo");
  EXPECT_EQ(OpenLake(dir_ + "/demo/")->root(), dir_ + "/demo");
  EXPECT_EQ(OpenLake(dir_ + "/demo/sluice.yaml")->root(), dir_ + "/demo");
  fs::current_path(dir_);
  EXPECT_EQ(OpenLake("demo")->root(), dir_ + "/demo");
  std::string message = ErrorOf([&] { OpenLake(dir_ + "/demo/raw"); });
  EXPECT_EQ(message, "--lake " + dir_ + "/demo/raw: " + dir_ + "/demo/raw is not a lake (no sluice.yaml in " + dir_ +
                         "/demo/raw); create one with `sluice init " + dir_ + "/demo/raw`");
  EXPECT_EQ(ErrorOf([&] { OpenLake("demo/raw"); }),
            "--lake demo/raw: demo/raw is not a lake (no sluice.yaml in " + dir_ +
                "/demo/raw); create one with `sluice init demo/raw`");
  EXPECT_EQ(ErrorOf([&] { OpenLake("nothing"); }), "--lake nothing: nothing does not exist (" + dir_ +
                                                        "/nothing); create a lake there with `sluice init nothing`");
  EXPECT_EQ(ErrorOf([&] { OpenLake("demo/README.md"); }),
            "--lake demo/README.md: demo/README.md is not a lake: it is a file, not a folder (" + dir_ +
                "/demo/README.md)");
}

TEST_F(LakeTest, OpenFromSluiceLake) {
  InitLake(dir_ + "/a");
  InitLake(dir_ + "/b");
  setenv("SLUICE_LAKE", (dir_ + "/a").c_str(), 1);
  fs::current_path(dir_ + "/b/raw");  // the variable wins over the folder
  EXPECT_EQ(OpenLake(std::nullopt)->root(), dir_ + "/a");
  EXPECT_EQ(OpenLake(dir_ + "/b")->root(), dir_ + "/b") << "--lake wins over the variable";
  setenv("SLUICE_LAKE", (dir_ + "/nothing").c_str(), 1);
  std::string message = ErrorOf([&] { OpenLake(std::nullopt); });
  EXPECT_EQ(message, "SLUICE_LAKE=" + dir_ + "/nothing: " + dir_ + "/nothing does not exist; create a lake there with `sluice init " +
                         dir_ + "/nothing`");
  setenv("SLUICE_LAKE", "", 1);  // empty means unset
  EXPECT_EQ(OpenLake(std::nullopt)->root(), dir_ + "/b");
}

TEST_F(LakeTest, OpenUpwardFromTheCurrentFolder) {
  InitLake(dir_ + "/demo");
  fs::create_directories(dir_ + "/demo/drop/events/day=1");
  fs::current_path(dir_ + "/demo/drop/events/day=1");
  EXPECT_EQ(OpenLake(std::nullopt)->root(), dir_ + "/demo");
  EXPECT_EQ(FindLakeRoot(std::nullopt), dir_ + "/demo");
  fs::current_path(dir_ + "/demo");
  EXPECT_EQ(OpenLake(std::nullopt)->root(), dir_ + "/demo");
  // A lake inside a lake: the nearest one.
  InitLake(dir_ + "/demo/curated/inner");
  fs::current_path(dir_ + "/demo/curated/inner/raw");
  EXPECT_EQ(OpenLake(std::nullopt)->root(), dir_ + "/demo/curated/inner");
}

TEST_F(LakeTest, NoLakeSaysHowToMakeOne) {
  fs::create_directories(dir_ + "/empty/sub");
  fs::current_path(dir_ + "/empty/sub");
  if (FindLakeRoot(std::nullopt).has_value()) GTEST_SKIP() << "a sluice.yaml exists above " << dir_;
  std::string message = ErrorOf([&] { OpenLake(std::nullopt); });
  EXPECT_NE(message.find("no lake here"), std::string::npos) << message;
  EXPECT_NE(message.find("sluice init DIR"), std::string::npos) << message;
  EXPECT_NE(message.find(dir_ + "/empty/sub"), std::string::npos) << message;
}

TEST_F(LakeTest, ABrokenConfigNamesItsFile) {
  InitLake(dir_ + "/demo");
  std::ofstream(dir_ + "/demo/sluice.yaml", std::ios::app) << "frobnicate: 1\n";
  std::string message = ErrorOf([&] { OpenLake(dir_ + "/demo"); });
  EXPECT_NE(message.find(dir_ + "/demo/sluice.yaml:"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown key 'frobnicate'"), std::string::npos) << message;
}

TEST_F(LakeTest, PathsStayInTheLake) {
  fs::create_directories(dir_ + "/outside/data");
  fs::create_directories(dir_ + "/shared/exports");
  LakeConfig config;
  config.external_locations = {dir_ + "/shared"};
  auto lake = InitLake(dir_ + "/demo", config);
  const std::string root = dir_ + "/demo";
  EXPECT_EQ(lake->Resolve("drop/events"), root + "/drop/events");
  EXPECT_EQ(lake->Resolve(root + "/raw"), root + "/raw");
  EXPECT_THROW(lake->Resolve("../outside/data"), InvalidArgumentError);
  EXPECT_THROW(lake->Resolve(dir_ + "/outside"), InvalidArgumentError);
  EXPECT_THROW(lake->Resolve(dir_ + "/demo2"), InvalidArgumentError);
  EXPECT_EQ(lake->Resolve(dir_ + "/shared/exports"), dir_ + "/shared/exports");
  EXPECT_EQ(lake->Resolve("../shared/exports"), dir_ + "/shared/exports");
  fs::create_directory_symlink(dir_ + "/outside", root + "/drop/sneaky");
  EXPECT_THROW(lake->Resolve("drop/sneaky/data"), InvalidArgumentError);
  fs::create_directory_symlink(dir_ + "/shared/exports", root + "/drop/exports");
  EXPECT_EQ(lake->Resolve("drop/exports"), root + "/drop/exports");

  EXPECT_EQ(lake->ToCatalogPath(root + "/raw/events"), "raw/events");
  EXPECT_EQ(lake->ToCatalogPath(root + "/raw/events/"), "raw/events");
  EXPECT_EQ(lake->ToCatalogPath(root), "");
  EXPECT_EQ(lake->ToCatalogPath(dir_ + "/shared/exports"), dir_ + "/shared/exports");
  EXPECT_EQ(lake->ToCatalogPath(dir_ + "/demo2/x"), dir_ + "/demo2/x");
  EXPECT_EQ(lake->ToCatalogPath("raw/x"), "raw/x");
}

TEST_F(LakeTest, ALakeReachedThroughALink) {
  InitLake(dir_ + "/demo");
  fs::create_directory_symlink(dir_ + "/demo", dir_ + "/link");
  Lake lake(dir_ + "/link");
  EXPECT_EQ(lake.root(), dir_ + "/link");
  EXPECT_EQ(lake.ToCatalogPath(dir_ + "/link/raw/t"), "raw/t");
  EXPECT_EQ(lake.ToCatalogPath(dir_ + "/demo/raw/t"), "raw/t");
  // Found by the variable or --lake, the root has its links resolved.
  EXPECT_EQ(OpenLake(dir_ + "/link")->root(), dir_ + "/demo");
}

TEST_F(LakeTest, OpeningCreatesTheDatabasesOfNewZones) {
  InitLake(dir_ + "/demo");
  std::string path = dir_ + "/demo/sluice.yaml";
  std::string yaml = ReadFile(path);
  size_t at = yaml.find("zones: [drop, raw, curated]");
  ASSERT_NE(at, std::string::npos) << yaml;
  yaml.replace(at, std::string("zones: [drop, raw, curated]").size(), "zones: [drop, raw, curated, archive]");
  std::ofstream(path) << yaml;
  auto lake = OpenLake(dir_ + "/demo");
  auto archive = lake->catalog().GetDatabase("archive");
  ASSERT_TRUE(archive.has_value());
  EXPECT_EQ(archive->location, "archive");
  EXPECT_EQ(lake->catalog().ListDatabases().size(), 5u);
  // Opening again changes nothing.
  EXPECT_EQ(OpenLake(dir_ + "/demo")->catalog().ListDatabases().size(), 5u);
}

TEST_F(LakeTest, EveryOpenMakesSureTheDefaultDatabaseExists) {
  InitLake(dir_ + "/demo");
  // A lake from before `default` existed, or one whose `default` was dropped.
  OpenLake(dir_ + "/demo")->catalog().Write([](catalog::CatalogWriter& writer) {
    EXPECT_TRUE(writer.DropDatabase(kDefaultDatabase, false, true));
  });
  auto lake = OpenLake(dir_ + "/demo");
  std::optional<catalog::Database> database = lake->catalog().GetDatabase("default");
  ASSERT_TRUE(database.has_value());
  EXPECT_EQ(database->location, "default");
  EXPECT_EQ(database->description, std::string(kDefaultDatabaseDescription));
  EXPECT_EQ(lake->catalog().ListDatabases().size(), 4u);
}

TEST_F(LakeTest, AZoneNamedDefaultIsTheDefaultDatabase) {
  LakeConfig config;
  config.zones = {"landing", "default"};
  auto lake = InitLake(dir_ + "/z", config);
  std::vector<std::string> names;
  for (const catalog::Database& database : lake->catalog().ListDatabases()) names.push_back(database.name);
  EXPECT_EQ(names, (std::vector<std::string>{"default", "landing"}));
  EXPECT_EQ(lake->catalog().GetDatabase("default")->description, "The default zone");
  EXPECT_TRUE(fs::is_directory(dir_ + "/z/default"));
}

}  // namespace
}  // namespace sluice::lake
