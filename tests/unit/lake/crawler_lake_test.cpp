// The crawler over a generated drop zone: nested Hive and unnamed partitions, schema
// drift across days, mixed formats in sibling folders, compressed files, junk and
// marker files, unreadable files; then incremental re-crawls and --full.

#include <gtest/gtest.h>

#include <set>

#include "crawler_test_support.h"

namespace sluice::lake {
namespace {


/// The drop zone every test here starts from (see the expected tables below).
void BuildDropZone(TestLakeBuilder& files) {
  // events: Hive event_date=/hour=, CSV, drift: a new column on day 2, a missing one
  // and a widened one on day 3; every compression.
  files.Text("drop/events/event_date=2024-01-01/hour=0/part-0.csv", "id,kind,amount\n1,click,10\n2,view,20\n");
  files.Text("drop/events/event_date=2024-01-01/hour=1/part-0.csv.gz", "id,kind,amount\n3,click,30\n");
  files.Text("drop/events/event_date=2024-01-02/hour=0/part-0.csv",
             "id,kind,amount,country\n4,view,40,fr\n5,click,50,de\n");
  files.Bytes("drop/events/event_date=2024-01-02/hour=0/_SUCCESS", "");
  files.Bytes("drop/events/event_date=2024-01-02/hour=0/.part-0.csv.crc", "crc");
  files.Text("drop/events/event_date=2024-01-03/hour=0/part-0.csv.zst", "id,kind\n6,view\n");
  files.Text("drop/events/event_date=2024-01-03/hour=5/part-0.csv.bz2", "id,kind,amount\n7,click,7.5\n");
  files.Text("drop/events/_temporary/0/task-0.csv", "id,kind,amount\n9,x,1\n");
  // clicks: unnamed levels 2024/01/05, JSON lines.
  files.Text("drop/clicks/2024/01/05/a.jsonl", "{\"user\":\"u1\",\"n\":1}\n{\"user\":\"u2\",\"n\":2}\n");
  files.Text("drop/clicks/2024/01/06/b.jsonl.gz", "{\"user\":\"u3\",\"n\":3}\n");
  files.Text("drop/clicks/2024/02/01/c.json", "{\"user\":\"u4\",\"n\":4}\n");
  // metrics: Parquet under dt=, one corrupt file.
  files.Parquet("drop/metrics/dt=2024-01-01/m.parquet", "name,value\ncpu,0.5\nmem,0.25\ndisk,0.125\n");
  files.Parquet("drop/metrics/dt=2024-01-02/m.parquet", "name,value\ncpu,0.75\nmem,0.5\n");
  files.Bytes("drop/metrics/dt=2024-01-02/corrupt.parquet", "PAR1 this is not a parquet file PAR1");
  // users: unpartitioned CSV, a temporary file, binary junk named .csv.
  files.Text("drop/users/users_1.csv", "user_id,email,signup\n1,a@x.org,2024-01-01\n2,b@x.org,2024-01-02\n");
  files.Text("drop/users/users_2.csv", "user_id,email,signup\n3,c@x.org,2024-01-03\n");
  files.Bytes("drop/users/notes.tmp", "scratch");
  files.Bytes("drop/users/junk.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 24));
  // mixed: sibling folders of different formats and schemas.
  files.Text("drop/mixed/orders/o.csv", "order_id,total\n1,9.5\n2,3.25\n");
  files.Text("drop/mixed/customers/c.jsonl", "{\"customer_id\":1,\"name\":\"Ada\"}\n");
  // Not data.
  files.Text("drop/.hidden/x.csv", "a,b\n1,2\n");
  files.Bytes("drop/readme~", "backup");
}

class CrawlerLakeTest : public CrawlerTest {
 protected:
  void SetUp() override {
    CrawlerTest::SetUp();
    BuildDropZone(*files_);
  }
};

TEST_F(CrawlerLakeTest, ColdCrawlMakesTheExpectedTables) {
  CrawlReport report = Crawl();
  EXPECT_EQ(report.run.status, "succeeded");
  EXPECT_EQ(TableNames(), (std::vector<std::string>{"clicks", "customers", "events", "metrics", "orders", "users"}));

  catalog::Table events = Table("events");
  EXPECT_EQ(Columns(events.columns), "id bigint, kind varchar, amount decimal(20,1), country varchar");
  EXPECT_EQ(Columns(events.partition_keys), "event_date date, hour bigint");
  EXPECT_EQ(events.location, "drop/events");
  EXPECT_EQ(events.format, catalog::StorageFormat::kCsv);
  EXPECT_EQ(events.format_options.at("delimiter"), ",");
  EXPECT_EQ(events.format_options.at("header"), "true");
  EXPECT_EQ(events.parameters.at("classification"), "csv");
  EXPECT_EQ(events.parameters.at("compressionType"), "mixed");
  EXPECT_EQ(events.parameters.at("crawler"), "drop_crawler");
  EXPECT_EQ(events.version, 1);
  EXPECT_EQ(Partitions("events"), (std::vector<std::string>{"2024-01-01/0 @drop/events/event_date=2024-01-01/hour=0 files=1 rows=-1",
                          "2024-01-01/1 @drop/events/event_date=2024-01-01/hour=1 files=1 rows=-1",
                          "2024-01-02/0 @drop/events/event_date=2024-01-02/hour=0 files=1 rows=-1",
                          "2024-01-03/0 @drop/events/event_date=2024-01-03/hour=0 files=1 rows=-1",
                          "2024-01-03/5 @drop/events/event_date=2024-01-03/hour=5 files=1 rows=-1"}));

  catalog::Table clicks = Table("clicks");
  EXPECT_EQ(clicks.format, catalog::StorageFormat::kJson);
  EXPECT_EQ(Columns(clicks.columns), "user varchar, n bigint");
  EXPECT_EQ(Columns(clicks.partition_keys), "partition_0 bigint, partition_1 varchar, partition_2 varchar");
  EXPECT_EQ(Partitions("clicks"), (std::vector<std::string>{"2024/01/05 @drop/clicks/2024/01/05 files=1 rows=-1",
                                                "2024/01/06 @drop/clicks/2024/01/06 files=1 rows=-1",
                                                "2024/02/01 @drop/clicks/2024/02/01 files=1 rows=-1"}));

  catalog::Table metrics = Table("metrics");
  EXPECT_EQ(metrics.format, catalog::StorageFormat::kParquet);
  EXPECT_EQ(Columns(metrics.columns), "name varchar, value decimal(3,3)");
  EXPECT_EQ(Columns(metrics.partition_keys), "dt date");
  EXPECT_TRUE(metrics.format_options.empty());
  EXPECT_EQ(Partitions("metrics"), (std::vector<std::string>{"2024-01-01 @drop/metrics/dt=2024-01-01 files=1 rows=3",
                                                 "2024-01-02 @drop/metrics/dt=2024-01-02 files=1 rows=2"}));

  catalog::Table users = Table("users");
  EXPECT_EQ(Columns(users.columns), "user_id bigint, email varchar, signup date");
  EXPECT_TRUE(users.partition_keys.empty());
  EXPECT_EQ(users.location, "drop/users");
  EXPECT_EQ(users.stats.files, 2);
  EXPECT_TRUE(Partitions("users").empty());

  EXPECT_EQ(Table("orders").location, "drop/mixed/orders");
  EXPECT_EQ(Columns(Table("orders").columns), "order_id bigint, total decimal(3,2)");
  EXPECT_EQ(Table("customers").location, "drop/mixed/customers");
  EXPECT_EQ(Table("customers").format, catalog::StorageFormat::kJson);

  // The unreadable files are warnings, nothing else is.
  EXPECT_EQ(WarningPaths(report), (std::vector<std::string>{"metrics/dt=2024-01-02/corrupt.parquet", "users/junk.csv"}));
  nlohmann::json details = Details(report);
  EXPECT_EQ(details["tables_created"],
            nlohmann::json({"raw.clicks", "raw.customers", "raw.events", "raw.metrics", "raw.orders", "raw.users"}));
  EXPECT_EQ(details["partitions_added"], 10);
  EXPECT_EQ(details["files"]["read"], 16);
  EXPECT_EQ(details["files"]["unreadable"], 2);
  EXPECT_EQ(details["files"]["by_format"], nlohmann::json({{"csv", 8}, {"json", 4}, {"parquet", 2}}));
  EXPECT_EQ(details["files"]["by_compression"], nlohmann::json({{"bzip2", 1}, {"gzip", 2}, {"none", 10}, {"zstd", 1}}));
  std::set<std::string> ignored;
  for (const auto& entry : details["ignored"]) ignored.insert(entry["path"].get<std::string>() + " " + entry["reason"].get<std::string>());
  EXPECT_EQ(ignored, (std::set<std::string>{".hidden/ hidden", "readme~ temporary", "events/_temporary/ temporary",
                                            "events/event_date=2024-01-02/hour=0/.part-0.csv.crc hidden",
                                            "events/event_date=2024-01-02/hour=0/_SUCCESS marker",
                                            "users/notes.tmp temporary"}));

  // The run is recorded.
  std::vector<catalog::Run> runs = store_->ListRuns("crawl", "drop_crawler", 10);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, report.run.id);
  EXPECT_EQ(runs[0].status, "succeeded");
  EXPECT_EQ(runs[0].summary, "6 tables created; 10 partitions added, 0 removed; 16 files read; 2 warnings");
  EXPECT_EQ(nlohmann::json::parse(runs[0].details_json)["files"]["read"], 16);
  std::vector<catalog::TableVersion> versions = store_->ListVersions("raw", "events");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].cause.kind, "crawler");
  EXPECT_EQ(versions[0].cause.detail, "drop_crawler");
  EXPECT_EQ(versions[0].cause.run_id, report.run.id);
}

TEST_F(CrawlerLakeTest, ReCrawlReadsOnlyWhatChanged) {
  Crawl();
  // Nothing changed: no folder listed, no file read, nothing written.
  CrawlReport same = Crawl();
  nlohmann::json details = Details(same);
  EXPECT_EQ(details["folders"]["listed"], 0);
  EXPECT_EQ(details["files"]["read"], 0);
  EXPECT_EQ(details["files"]["unchanged"], 16);
  EXPECT_EQ(details["partitions_added"], 0);
  EXPECT_EQ(details["tables_updated"].size(), 0u);
  EXPECT_EQ(same.run.summary, "no table changed; 0 partitions added, 0 removed; 0 files read; 2 warnings");
  EXPECT_EQ(Table("events").version, 1);

  // Two new files in new partitions: only their folders and the parents whose
  // entries changed are listed; only the two files are read.
  files_->Text("drop/events/event_date=2024-01-04/hour=0/part-0.csv", "id,kind,amount\n10,view,1\n");
  files_->Text("drop/clicks/2024/02/02/d.jsonl", "{\"user\":\"u5\",\"n\":5}\n");
  CrawlReport next = Crawl();
  details = Details(next);
  EXPECT_EQ(details["files"]["read"], 2);
  EXPECT_EQ(details["files"]["new"], 2);
  // events, event_date=2024-01-04, its hour=0, clicks/2024/02 and 2024/02/02.
  EXPECT_EQ(details["folders"]["listed"], 5);
  EXPECT_EQ(details["folders"]["new"], 3);
  EXPECT_EQ(details["partitions_added"], 2);
  EXPECT_EQ(details["tables_updated"], nlohmann::json({"raw.clicks", "raw.events"}));
  EXPECT_EQ(Table("events").version, 1);  // same columns: no new version
  EXPECT_EQ(Partitions("events").size(), 6u);
  EXPECT_EQ(Partitions("clicks").back(), "2024/02/02 @drop/clicks/2024/02/02 files=1 rows=-1");
  const crawler::TableOutcome* events = Outcome(next, "events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->added_examples, (std::vector<std::string>{"event_date=2024-01-04/hour=0"}));

  // A file added to an existing partition changes its statistics only.
  files_->Parquet("drop/metrics/dt=2024-01-01/n.parquet", "name,value\nnet,1.5\n");
  CrawlReport third = Crawl();
  details = Details(third);
  EXPECT_EQ(details["files"]["read"], 1);
  EXPECT_EQ(details["folders"]["listed"], 1);
  EXPECT_EQ(details["partitions_updated"], 1);
  EXPECT_EQ(Partitions("metrics")[0], "2024-01-01 @drop/metrics/dt=2024-01-01 files=2 rows=4");
}

TEST_F(CrawlerLakeTest, FullCrawlReadsEverythingAndCatchesInPlaceRewrites) {
  Crawl();
  // Rewrite a file in place and put its folder's time back: an incremental crawl
  // cannot see it (the documented limit) ...
  const std::string folder = "drop/users";
  int64_t folder_time = files_->TimeOf(folder);
  files_->Text("drop/users/users_2.csv", "user_id,email,signup,plan\n3,c@x.org,2024-01-03,pro\n");
  files_->Settle();
  files_->SetTime(folder, folder_time);
  CrawlReport incremental = Crawl();
  EXPECT_EQ(Details(incremental)["files"]["read"], 0);
  EXPECT_EQ(Columns(Table("users").columns), "user_id bigint, email varchar, signup date");
  // ... --full does.
  CrawlReport full = Crawl(true);
  nlohmann::json details = Details(full);
  EXPECT_TRUE(details["full"].get<bool>());
  EXPECT_EQ(details["files"]["read"], 16);
  EXPECT_EQ(Columns(Table("users").columns), "user_id bigint, email varchar, signup date, plan varchar");
  EXPECT_EQ(Table("users").version, 2);
}

TEST_F(CrawlerLakeTest, AFixedFileIsReadAgainAndAChangedConfigCrawlsFully) {
  Crawl();
  files_->Text("drop/users/junk.csv", "user_id,email,signup\n4,d@x.org,2024-01-04\n");
  CrawlReport fixed = Crawl();
  EXPECT_EQ(Details(fixed)["files"]["read"], 1);
  EXPECT_EQ(WarningPaths(fixed), (std::vector<std::string>{"metrics/dt=2024-01-02/corrupt.parquet"}));
  EXPECT_EQ(Table("users").stats.files, 3);

  config_.exclude = {"metrics/**"};
  CrawlReport excluded = Crawl();
  nlohmann::json details = Details(excluded);
  EXPECT_TRUE(details["full"].get<bool>());
  EXPECT_TRUE(WarningPaths(excluded).empty());
  EXPECT_EQ(details["tables_deleted"], nlohmann::json({"raw.metrics"}));
}

}  // namespace
}  // namespace sluice::lake
