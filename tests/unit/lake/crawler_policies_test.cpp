// The crawler's schema-change policies (update, add_new_columns, log) and deletion
// policies (delete, deprecate, ignore) over re-crawls of a changing drop zone.

#include <gtest/gtest.h>

#include "core/error.h"
#include "crawler_test_support.h"

namespace sluice::lake {
namespace {


class CrawlerPolicyTest : public CrawlerTest {
 protected:
  void SetUp() override {
    CrawlerTest::SetUp();
    files_->Text("drop/events/dt=2024-01-01/a.csv", "id,kind,amount\n1,click,10\n");
    files_->Text("drop/events/dt=2024-01-02/a.csv", "id,kind,amount\n2,view,20\n");
    files_->Text("drop/users/u.csv", "user_id,email\n1,a@x.org\n");
  }

  /// Day 3 brings a new column, day 4 widens amount to double (2.5e0); then day 3 goes away, taking the
  /// only files with the new column.
  void AddNewColumnDay() { files_->Text("drop/events/dt=2024-01-03/a.csv", "id,kind,amount,device\n3,click,30,ios\n"); }
  void AddWideningDay() { files_->Text("drop/events/dt=2024-01-04/a.csv", "id,kind,amount\n4,view,2.5e0\n"); }
  void RemoveNewColumnDay() { files_->Remove("drop/events/dt=2024-01-03"); }
};

TEST_F(CrawlerPolicyTest, UpdateMakesANewVersionPerChange) {
  config_.schema_change = SchemaChangePolicy::kUpdate;
  Crawl();
  AddNewColumnDay();
  CrawlReport added = Crawl();
  EXPECT_EQ(Columns(Table("events").columns), "id bigint, kind varchar, amount bigint, device varchar");
  EXPECT_EQ(Table("events").version, 2);
  const crawler::TableOutcome* outcome = Outcome(added, "events");
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->action, "updated");
  EXPECT_EQ(outcome->schema_changes, (std::vector<std::string>{"added column device varchar"}));
  EXPECT_TRUE(outcome->schema_applied);
  EXPECT_EQ(outcome->version, 2);

  AddWideningDay();
  CrawlReport widened = Crawl();
  EXPECT_EQ(Columns(Table("events").columns), "id bigint, kind varchar, amount double, device varchar");
  EXPECT_EQ(Outcome(widened, "events")->schema_changes, (std::vector<std::string>{"column amount: bigint -> double"}));

  RemoveNewColumnDay();
  CrawlReport removed = Crawl();
  EXPECT_EQ(Columns(Table("events").columns), "id bigint, kind varchar, amount double");
  EXPECT_EQ(Outcome(removed, "events")->schema_changes, (std::vector<std::string>{"removed column device"}));
  EXPECT_EQ(Outcome(removed, "events")->partitions_removed, 1u);

  std::vector<catalog::TableVersion> versions = store_->ListVersions("raw", "events");
  ASSERT_EQ(versions.size(), 4u);
  EXPECT_EQ(Columns(versions[3].old_columns), "id bigint, kind varchar, amount double, device varchar");
  EXPECT_EQ(Columns(versions[3].new_columns), "id bigint, kind varchar, amount double");
  EXPECT_EQ(versions[3].cause.kind, "crawler");
  EXPECT_EQ(versions[3].cause.run_id, removed.run.id);
}

TEST_F(CrawlerPolicyTest, AddNewColumnsAddsAndWidensButNeverRemoves) {
  config_.schema_change = SchemaChangePolicy::kAddNewColumns;
  Crawl();
  AddNewColumnDay();
  Crawl();
  AddWideningDay();
  Crawl();
  EXPECT_EQ(Columns(Table("events").columns), "id bigint, kind varchar, amount double, device varchar");
  EXPECT_EQ(Table("events").version, 3);
  RemoveNewColumnDay();
  CrawlReport removed = Crawl();
  EXPECT_EQ(Columns(Table("events").columns), "id bigint, kind varchar, amount double, device varchar");
  EXPECT_EQ(Table("events").version, 3);
  const crawler::TableOutcome* outcome = Outcome(removed, "events");
  EXPECT_EQ(outcome->schema_changes, (std::vector<std::string>{"removed column device"}));
  EXPECT_FALSE(outcome->schema_applied);
  nlohmann::json logged = Details(removed)["schema_changes_logged"];
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["table"], "raw.events");
}

TEST_F(CrawlerPolicyTest, LogRecordsTheChangeAndLeavesTheTable) {
  config_.schema_change = SchemaChangePolicy::kLog;
  Crawl();
  AddNewColumnDay();
  CrawlReport report = Crawl();
  EXPECT_EQ(Columns(Table("events").columns), "id bigint, kind varchar, amount bigint");
  EXPECT_EQ(Table("events").version, 1);
  const crawler::TableOutcome* outcome = Outcome(report, "events");
  EXPECT_EQ(outcome->schema_changes, (std::vector<std::string>{"added column device varchar"}));
  EXPECT_FALSE(outcome->schema_applied);
  EXPECT_EQ(outcome->partitions_added, 1u);  // new partitions still arrive
  EXPECT_EQ(Partitions("events").size(), 3u);
  nlohmann::json logged = Details(report)["schema_changes_logged"];
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["changes"], nlohmann::json({"added column device varchar"}));
}

TEST_F(CrawlerPolicyTest, DeleteDropsVanishedPartitionsAndTables) {
  config_.deletion = DeletionPolicy::kDelete;
  Crawl();
  files_->Remove("drop/events/dt=2024-01-01");
  files_->Remove("drop/users");
  CrawlReport report = Crawl();
  EXPECT_EQ(Partitions("events"), (std::vector<std::string>{"2024-01-02 @drop/events/dt=2024-01-02 files=1 rows=-1"}));
  EXPECT_EQ(TableNames(), (std::vector<std::string>{"events"}));
  nlohmann::json details = Details(report);
  EXPECT_EQ(details["partitions_removed"], 1);
  EXPECT_EQ(details["tables_deleted"], nlohmann::json({"raw.users"}));
  EXPECT_EQ(details["folders"]["removed"], 2);
  EXPECT_EQ(details["files"]["removed"], 2);
  EXPECT_EQ(Outcome(report, "events")->removed_examples, (std::vector<std::string>{"dt=2024-01-01"}));
}

TEST_F(CrawlerPolicyTest, DeprecateMarksOnceAndRestores) {
  config_.deletion = DeletionPolicy::kDeprecate;
  Crawl();
  files_->Remove("drop/events/dt=2024-01-01");
  files_->Remove("drop/users");
  CrawlReport report = Crawl();
  EXPECT_EQ(Partitions("events"), (std::vector<std::string>{"2024-01-01 @drop/events/dt=2024-01-01 files=1 rows=-1 deprecated",
                                                "2024-01-02 @drop/events/dt=2024-01-02 files=1 rows=-1"}));
  EXPECT_EQ(TableNames(), (std::vector<std::string>{"events", "users"}));
  EXPECT_EQ(Table("users").parameters.at("deprecated_by_crawler"), "drop_crawler");
  nlohmann::json details = Details(report);
  EXPECT_EQ(details["partitions_deprecated"], 1);
  EXPECT_EQ(details["tables_deprecated"], nlohmann::json({"raw.users"}));

  // Marked once: the next crawl has nothing to do.
  CrawlReport again = Crawl();
  EXPECT_EQ(Details(again)["partitions_deprecated"], 0);
  EXPECT_EQ(Details(again)["tables_deprecated"].size(), 0u);

  // The folders come back: the partition and the table are live again.
  files_->Text("drop/events/dt=2024-01-01/a.csv", "id,kind,amount\n1,click,10\n");
  files_->Text("drop/users/u.csv", "user_id,email\n1,a@x.org\n");
  CrawlReport back = Crawl();
  EXPECT_EQ(Partitions("events")[0], "2024-01-01 @drop/events/dt=2024-01-01 files=1 rows=-1");
  EXPECT_FALSE(Table("users").parameters.contains("deprecated_by_crawler"));
  EXPECT_EQ(Outcome(back, "events")->partitions_updated, 1u);
}

TEST_F(CrawlerPolicyTest, IgnoreLeavesTheCatalogAsItIs) {
  config_.deletion = DeletionPolicy::kIgnore;
  Crawl();
  files_->Remove("drop/events/dt=2024-01-01");
  files_->Remove("drop/users");
  CrawlReport report = Crawl();
  EXPECT_EQ(Partitions("events").size(), 2u);
  EXPECT_EQ(TableNames(), (std::vector<std::string>{"events", "users"}));
  EXPECT_EQ(report.run.summary, "no table changed; 0 partitions added, 0 removed; 0 files read");
}

TEST_F(CrawlerPolicyTest, TablesOfOthersAreLeftAlone) {
  store_->Write([](catalog::CatalogWriter& writer) {
    catalog::Table table;
    table.database = "raw";
    table.name = "users";
    table.location = "elsewhere/users";
    table.columns = {catalog::Column{"x", DataType::Integer(), ""}};
    writer.CreateTable(table, catalog::ChangeCause{"ddl", "CREATE TABLE", 0}, false);
  });
  CrawlReport report = Crawl();
  EXPECT_EQ(Outcome(report, "users")->action, "skipped");
  EXPECT_EQ(Columns(Table("users").columns), "x integer");
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].message.find("was not made by crawler drop_crawler"), std::string::npos);
}

TEST_F(CrawlerPolicyTest, PrefixAndPartitionDiscovery) {
  config_.table_prefix = "drop_";
  config_.partition_discovery = true;
  Crawl();
  EXPECT_EQ(TableNames(), (std::vector<std::string>{"drop_events", "drop_users"}));
  EXPECT_EQ(Table("drop_events").parameters.at("partition_discovery"), "true");
}

TEST_F(CrawlerPolicyTest, AMissingDatabaseFailsBeforeAnyRun) {
  config_.database = "nope";
  EXPECT_THROW(Crawl(), CatalogError);
  EXPECT_TRUE(store_->ListRuns("crawl", "", 10).empty());
}

}  // namespace
}  // namespace sluice::lake
