// lake/paths.h: nothing a user writes resolves outside the lake unless it is an
// external location — not through "..", not through a symbolic link (even a dangling
// one), not through a prefix that only looks like the root (/a/bc vs /a/b).

#include "lake/paths.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "lake_test_support.h"

namespace sluice::lake {
namespace {

namespace fs = std::filesystem;

TEST(PathIsUnderTest, WholeSegmentsOnly) {
  EXPECT_TRUE(PathIsUnder("/a/b", "/a/b"));
  EXPECT_TRUE(PathIsUnder("/a/b/c", "/a/b"));
  EXPECT_TRUE(PathIsUnder("/a/b/c/d", "/a/b"));
  EXPECT_FALSE(PathIsUnder("/a/bc", "/a/b"));
  EXPECT_FALSE(PathIsUnder("/a/bc/d", "/a/b"));
  EXPECT_FALSE(PathIsUnder("/a", "/a/b"));
  EXPECT_FALSE(PathIsUnder("/x/a/b", "/a/b"));
  EXPECT_TRUE(PathIsUnder("/anything", "/"));
  EXPECT_TRUE(PathIsUnder("/", "/"));
  EXPECT_FALSE(PathIsUnder("relative", "/"));
  EXPECT_FALSE(PathIsUnder("/a", ""));
}

TEST(RelativeToLakeTest, InsideAndOutside) {
  EXPECT_EQ(RelativeToLake("/lake", "/lake/raw/events"), "raw/events");
  EXPECT_EQ(RelativeToLake("/lake", "/lake"), "");
  EXPECT_EQ(RelativeToLake("/lake", "/lakehouse/x"), "/lakehouse/x");
  EXPECT_EQ(RelativeToLake("/lake", "/data/x"), "/data/x");
  EXPECT_EQ(RelativeToLake("/", "/data/x"), "data/x");
}

class ResolveInLakeTest : public LakeTempDirTest {
 protected:
  void SetUp() override {
    LakeTempDirTest::SetUp();
    root_ = dir_ + "/lake";
    outside_ = dir_ + "/outside";
    fs::create_directories(root_ + "/raw/events");
    fs::create_directories(outside_ + "/data");
  }
  std::string root_;
  std::string outside_;
};

TEST_F(ResolveInLakeTest, RelativePathsAreTakenFromTheRoot) {
  EXPECT_EQ(ResolveInLake(root_, "raw/events"), root_ + "/raw/events");
  EXPECT_EQ(ResolveInLake(root_, "raw/events/"), root_ + "/raw/events");
  EXPECT_EQ(ResolveInLake(root_, "./raw//events/."), root_ + "/raw/events");
  EXPECT_EQ(ResolveInLake(root_, ""), root_);
  EXPECT_EQ(ResolveInLake(root_, "."), root_);
  // Paths that do not exist yet (a table about to be written) resolve as written.
  EXPECT_EQ(ResolveInLake(root_, "curated/new/table"), root_ + "/curated/new/table");
}

TEST_F(ResolveInLakeTest, DotDotStaysInsideOrIsRefused) {
  EXPECT_EQ(ResolveInLake(root_, "raw/events/../other"), root_ + "/raw/other");
  EXPECT_EQ(ResolveInLake(root_, "raw/.."), root_);
  EXPECT_THROW(ResolveInLake(root_, ".."), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "../outside/data"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "raw/../../outside"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "../../../../../../etc/passwd"), InvalidArgumentError);
  // Out and back in: lexically inside, so allowed.
  EXPECT_EQ(ResolveInLake(root_, "../lake/raw"), root_ + "/raw");
}

TEST_F(ResolveInLakeTest, AbsolutePaths) {
  EXPECT_EQ(ResolveInLake(root_, root_ + "/raw/events"), root_ + "/raw/events");
  EXPECT_EQ(ResolveInLake(root_, root_), root_);
  EXPECT_THROW(ResolveInLake(root_, outside_ + "/data"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "/etc"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "/"), InvalidArgumentError);
}

TEST_F(ResolveInLakeTest, APrefixOfTheRootNameIsNotInside) {
  fs::create_directories(root_ + "house/x");  // <dir>/lakehouse next to <dir>/lake
  EXPECT_THROW(ResolveInLake(root_, root_ + "house/x"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "../lakehouse/x"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, outside_ + "2", {outside_}), InvalidArgumentError);
}

TEST_F(ResolveInLakeTest, TheMessageSaysHowToAllowIt) {
  try {
    ResolveInLake(root_, "../outside");
    FAIL() << "expected an error";
  } catch (const InvalidArgumentError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("'../outside'"), std::string::npos) << message;
    EXPECT_NE(message.find("outside the lake " + root_), std::string::npos) << message;
    EXPECT_NE(message.find("external_locations"), std::string::npos) << message;
  }
}

TEST_F(ResolveInLakeTest, ExternalLocationsAreAllowed) {
  std::vector<std::string> external = {outside_};
  EXPECT_EQ(ResolveInLake(root_, outside_ + "/data", external), outside_ + "/data");
  EXPECT_EQ(ResolveInLake(root_, outside_, external), outside_);
  EXPECT_EQ(ResolveInLake(root_, "../outside/data", external), outside_ + "/data");
  EXPECT_EQ(ResolveInLake(root_, outside_ + "/not/yet", external), outside_ + "/not/yet");
  EXPECT_THROW(ResolveInLake(root_, dir_, external), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "/etc", external), InvalidArgumentError);
  // An external location written with a trailing slash or dots still counts.
  EXPECT_EQ(ResolveInLake(root_, outside_ + "/data", {outside_ + "/./"}), outside_ + "/data");
  // A relative "external location" is meaningless and allows nothing.
  EXPECT_THROW(ResolveInLake(root_, "../outside", {"outside"}), InvalidArgumentError);
}

TEST_F(ResolveInLakeTest, ALinkInsideTheLakeCannotLeadOut) {
  fs::create_directory_symlink(outside_, root_ + "/raw/escape");
  EXPECT_THROW(ResolveInLake(root_, "raw/escape"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "raw/escape/data"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "raw/escape/data/new_file.parquet"), InvalidArgumentError);
  // Unless where it leads is an external location.
  EXPECT_EQ(ResolveInLake(root_, "raw/escape/data", {outside_}), root_ + "/raw/escape/data");
}

TEST_F(ResolveInLakeTest, RelativeLinksAndChainsAreFollowed) {
  fs::create_directory_symlink("../../outside", root_ + "/raw/rel");
  EXPECT_THROW(ResolveInLake(root_, "raw/rel/data"), InvalidArgumentError);
  fs::create_directory_symlink("rel", root_ + "/raw/chain");
  EXPECT_THROW(ResolveInLake(root_, "raw/chain/data"), InvalidArgumentError);
  fs::create_directory_symlink("events", root_ + "/raw/alias");
  EXPECT_EQ(ResolveInLake(root_, "raw/alias"), root_ + "/raw/alias");
}

TEST_F(ResolveInLakeTest, ADanglingLinkPointingOutIsCaught) {
  // The target does not exist yet: writing through the link would create it outside.
  fs::create_directory_symlink(outside_ + "/later", root_ + "/raw/dangling");
  EXPECT_THROW(ResolveInLake(root_, "raw/dangling"), InvalidArgumentError);
  EXPECT_THROW(ResolveInLake(root_, "raw/dangling/file.csv"), InvalidArgumentError);
  fs::create_symlink("/nonexistent_sluice_target/x", root_ + "/raw/dangling_abs");
  EXPECT_THROW(ResolveInLake(root_, "raw/dangling_abs"), InvalidArgumentError);
}

TEST_F(ResolveInLakeTest, ALinkInsidePointingInsideIsFine) {
  fs::create_directory_symlink(root_ + "/raw/events", root_ + "/raw/events_link");
  EXPECT_EQ(ResolveInLake(root_, "raw/events_link"), root_ + "/raw/events_link");
  Write("lake/raw/events/a.csv", "x\n1\n");
  fs::create_symlink("events/a.csv", root_ + "/raw/a_link.csv");
  EXPECT_EQ(ResolveInLake(root_, "raw/a_link.csv"), root_ + "/raw/a_link.csv");
}

TEST_F(ResolveInLakeTest, ARootReachedThroughALinkWorks) {
  fs::create_directory_symlink(root_, dir_ + "/lake_link");
  std::string linked_root = dir_ + "/lake_link";
  EXPECT_EQ(ResolveInLake(linked_root, "raw/events"), linked_root + "/raw/events");
  // The root's real name is the root too.
  EXPECT_EQ(ResolveInLake(linked_root, root_ + "/raw"), root_ + "/raw");
  EXPECT_THROW(ResolveInLake(linked_root, "../outside"), InvalidArgumentError);
}

TEST_F(ResolveInLakeTest, ALinkLoopIsAnError) {
  fs::create_symlink("loop_b", root_ + "/loop_a");
  fs::create_symlink("loop_a", root_ + "/loop_b");
  EXPECT_THROW(ResolveInLake(root_, "loop_a/x"), InvalidArgumentError);
}

}  // namespace
}  // namespace sluice::lake
