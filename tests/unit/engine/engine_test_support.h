#pragma once
// Shared by the engine tests: a temporary folder per test for CSV fixtures, and results
// as rows of Trino's text.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/value.h"
#include "engine/query_engine.h"

namespace sluice::engine {

/// A fixture with a fresh temporary folder per test.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("sluice_engine_") + info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Writes `text` to `name` in the test's folder; returns the path.
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  /// A CSV "k,v" with `rows` rows whose k values are all distinct.
  std::string WriteDistinctKeys(const std::string& name, size_t rows) {
    std::string text = "k,v\n";
    for (size_t i = 0; i < rows; ++i) text += "key_" + std::to_string(i) + "," + std::to_string(i % 7) + "\n";
    return Write(name, text);
  }

  static std::vector<std::vector<std::string>> Rows(const QueryResult& result) {
    std::vector<std::vector<std::string>> rows;
    for (const Chunk& chunk : result.chunks) {
      for (size_t r = 0; r < chunk.size(); ++r) {
        std::vector<std::string> row;
        for (size_t c = 0; c < chunk.num_columns(); ++c) {
          row.push_back(Value::FromVector(chunk.column(c), r).ToString());
        }
        rows.push_back(std::move(row));
      }
    }
    return rows;
  }

  /// The plan text of an EXPLAIN result, lines joined with '\n'.
  static std::string Text(const QueryResult& result) {
    std::string text;
    for (const auto& row : Rows(result)) text += row.at(0) + "\n";
    return text;
  }

  std::filesystem::path dir_;
};

}  // namespace sluice::engine
