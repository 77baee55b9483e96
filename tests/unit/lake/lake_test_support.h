#pragma once
// Shared by the lake tests: a fresh temporary folder per test (made with mkdtemp, so
// tests running at once in several processes do not meet), removed afterwards.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sluice::lake {

/// A fixture with a fresh temporary folder per test: dir_ is absolute and has its
/// symbolic links resolved (on some systems /tmp itself is a link).
class LakeTempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "sluice_lake_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = std::filesystem::canonical(pattern).string();
  }
  void TearDown() override {
    std::error_code error;
    std::filesystem::remove_all(dir_, error);
  }

  /// Writes `text` to `relative` under dir_ (creating folders); returns the path.
  std::string Write(const std::string& relative, const std::string& text) {
    std::filesystem::path path = std::filesystem::path(dir_) / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  std::string dir_;
};

}  // namespace sluice::lake
