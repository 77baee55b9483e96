#pragma once
// Shared by the crawler tests: a lake folder with a SQLite catalog holding database
// "raw", a builder for its files, and a one-call crawl of its "drop" folder.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "catalog/store.h"
#include "lake/crawler/crawler.h"
#include "lake_test_support.h"
#include "test_lake_builder.h"

namespace sluice::lake {

class CrawlerTest : public LakeTempDirTest {
 protected:
  void SetUp() override {
    LakeTempDirTest::SetUp();
    store_ = catalog::OpenSqliteStore(dir_ + "/.sluice/catalog.db");
    store_->Write([](catalog::CatalogWriter& writer) {
      catalog::Database raw;
      raw.name = "raw";
      raw.location = "raw";
      writer.CreateDatabase(raw, false);
    });
    files_ = std::make_unique<TestLakeBuilder>(dir_);
    config_.name = "drop_crawler";
    config_.path = "drop";
    config_.database = "raw";
  }

  void TearDown() override {
    store_.reset();
    LakeTempDirTest::TearDown();
  }

  /// Settles the files' times, then crawls dir_/<config_.path>.
  CrawlReport Crawl(bool full = false) {
    files_->Settle();
    CrawlTarget target{dir_, dir_ + "/" + config_.path};
    CrawlOptions options;
    options.full = full;
    return RunCrawl(*store_, target, config_, options);
  }

  catalog::Table Table(const std::string& name) {
    std::optional<catalog::Table> table = store_->GetTable("raw", name);
    EXPECT_TRUE(table.has_value()) << "raw." << name;
    return table.value_or(catalog::Table{});
  }

  std::vector<std::string> TableNames() {
    std::vector<std::string> names;
    for (const catalog::Table& table : store_->ListTables("raw")) names.push_back(table.name);
    return names;
  }

  /// "name type, name type" of a table's columns or partition keys.
  static std::string Columns(const std::vector<catalog::Column>& columns) {
    std::string text;
    for (const catalog::Column& column : columns) {
      text += (text.empty() ? "" : ", ") + column.name + " " + column.type.ToString();
    }
    return text;
  }

  /// "v1/v2 @location files=N bytes?=… rows=R [deprecated]" per partition.
  std::vector<std::string> Partitions(const std::string& table) {
    std::vector<std::string> out;
    for (const catalog::Partition& partition : store_->ListPartitions("raw", table)) {
      std::string text;
      for (const std::string& value : partition.values) text += (text.empty() ? "" : "/") + value;
      text += " @" + partition.location + " files=" + std::to_string(partition.stats.files) +
              " rows=" + std::to_string(partition.stats.rows);
      if (partition.deprecated) text += " deprecated";
      out.push_back(text);
    }
    return out;
  }

  static nlohmann::json Details(const CrawlReport& report) { return nlohmann::json::parse(report.run.details_json); }

  /// The warnings' paths, in order.
  static std::vector<std::string> WarningPaths(const CrawlReport& report) {
    std::vector<std::string> paths;
    for (const crawler::CrawlWarning& warning : report.warnings) paths.push_back(warning.path);
    return paths;
  }

  static const crawler::TableOutcome* Outcome(const CrawlReport& report, const std::string& table) {
    for (const crawler::TableOutcome& outcome : report.tables) {
      if (outcome.table == table) return &outcome;
    }
    return nullptr;
  }

  std::unique_ptr<catalog::CatalogStore> store_;
  std::unique_ptr<TestLakeBuilder> files_;
  CrawlerConfig config_;
};

}  // namespace sluice::lake
