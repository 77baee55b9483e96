// Grouping files into tables (grouping.h) over inventories built in memory, and the
// inventory's record encoding.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "lake/crawler/grouping.h"
#include "lake/crawler/inventory.h"

namespace sluice::lake::crawler {
namespace {


/// An inventory made file by file: "a/b/f.csv" with a schema like "id bigint, x varchar".
class InventoryMaker {
 public:
  InventoryMaker& Add(const std::string& path, const std::string& columns,
                      catalog::StorageFormat format = catalog::StorageFormat::kCsv, int64_t rows = -1) {
    FileSchema schema;
    schema.format = format;
    if (format == catalog::StorageFormat::kCsv) schema.format_options = {{"delimiter", ","}, {"header", "true"}};
    size_t start = 0;
    while (start < columns.size()) {
      size_t end = columns.find(", ", start);
      std::string spec = columns.substr(start, end == std::string::npos ? std::string::npos : end - start);
      size_t space = spec.find(' ');
      schema.columns.push_back(catalog::Column{spec.substr(0, space), DataType::Parse(spec.substr(space + 1)), ""});
      start = end == std::string::npos ? columns.size() : end + 2;
    }
    std::string fingerprint = SchemaFingerprint(schema);
    inventory_.schemas.try_emplace(fingerprint, std::make_shared<FileSchema>(schema));
    size_t slash = path.rfind('/');
    std::string folder = slash == std::string::npos ? "" : path.substr(0, slash);
    FileRecord file;
    file.name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    file.size = 100;
    file.fingerprint = fingerprint;
    file.rows = rows;
    Folder(folder).files.push_back(file);
    return *this;
  }

  FolderRecord& Folder(const std::string& path) {
    if (!path.empty()) {
      size_t slash = path.rfind('/');
      std::string parent = slash == std::string::npos ? "" : path.substr(0, slash);
      std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
      FolderRecord& up = Folder(parent);
      if (std::find(up.folders.begin(), up.folders.end(), name) == up.folders.end()) up.folders.push_back(name);
    }
    return inventory_.folders[path];
  }

  GroupingResult Group(GroupingOptions options = {}) {
    if (options.root_name.empty()) options.root_name = "drop";
    return GroupIntoTables(inventory_, options);
  }

  Inventory& inventory() { return inventory_; }

 private:
  Inventory inventory_;
};

std::string Describe(const TablePlan& table) {
  std::string text = table.name + " @" + table.location + " (";
  for (size_t i = 0; i < table.schema.columns.size(); ++i) {
    text += (i ? ", " : "") + table.schema.columns[i].name + " " + table.schema.columns[i].type.ToString();
  }
  text += ")";
  if (!table.partition_keys.empty()) {
    text += " by (";
    for (size_t i = 0; i < table.partition_keys.size(); ++i) {
      text += (i ? ", " : "") + table.partition_keys[i].name + " " + table.partition_keys[i].type.ToString();
    }
    text += ") " + std::to_string(table.partitions.size()) + " partitions";
  }
  return text;
}

std::vector<std::string> Describe(const GroupingResult& result) {
  std::vector<std::string> out;
  for (const TablePlan& table : result.tables) out.push_back(Describe(table));
  return out;
}

TEST(CrawlerGrouping, DriftKeepsOneTableAcrossDays) {
  InventoryMaker maker;
  maker.Add("events/day=1/a.csv", "id bigint, kind varchar")
      .Add("events/day=2/a.csv", "id bigint, kind varchar, amount bigint")
      .Add("events/day=3/a.csv", "id bigint, amount double, kind varchar")
      .Add("events/day=4/a.csv", "id bigint, kind varchar, amount double, country varchar, device varchar");
  EXPECT_EQ(Describe(maker.Group()), (std::vector<std::string>{"events @events (id bigint, kind varchar, amount double, country varchar, device varchar) "
                          "by (day bigint) 4 partitions"}));
}

TEST(CrawlerGrouping, NullOnlyJsonKeysTakeTheirTypeFromOtherFiles) {
  // classify marks a JSON key with only nulls in a file's sample as unknown (the
  // __HIVE_DEFAULT_PARTITION__ file of a day-partitioned table, say).
  InventoryMaker maker;
  maker.Add("events/day=1/a.jsonl", "id bigint, ts timestamp(6), note unknown", catalog::StorageFormat::kJson)
      .Add("events/day=2/a.jsonl", "id bigint, ts unknown, note unknown", catalog::StorageFormat::kJson);
  EXPECT_EQ(Describe(maker.Group()), (std::vector<std::string>{"events @events (id bigint, ts timestamp(6), note varchar) "
                                                               "by (day bigint) 2 partitions"}));
}

TEST(CrawlerGrouping, IncompatibleSiblingsAreSeparateTables) {
  InventoryMaker maker;
  maker.Add("a/events/x.csv", "id bigint, ts timestamp, kind varchar")
      .Add("a/users/y.csv", "user_id bigint, email varchar")
      .Add("a/more_events/z.csv", "id bigint, ts timestamp, kind varchar, extra varchar");
  // events and more_events are similar, but users is not: no table "a".
  EXPECT_EQ(Describe(maker.Group()), (std::vector<std::string>{"events @a/events (id bigint, ts timestamp(6), kind varchar)",
                          "more_events @a/more_events (id bigint, ts timestamp(6), kind varchar, extra varchar)",
                          "users @a/users (user_id bigint, email varchar)"}));
}

TEST(CrawlerGrouping, CompatibleSiblingsBelowTheRootArePartitions) {
  InventoryMaker maker;
  maker.Add("logs/app1/x.csv", "ts timestamp, line varchar").Add("logs/app2/x.csv", "ts timestamp, line varchar");
  EXPECT_EQ(Describe(maker.Group()), (std::vector<std::string>{"logs @logs (ts timestamp(6), line varchar) by (partition_0 varchar) 2 partitions"}));
}

TEST(CrawlerGrouping, TheCrawlRootIsATableOnlyOverPartitionFolders) {
  InventoryMaker single;
  single.Add("events/2024/a.csv", "id bigint");
  EXPECT_EQ(Describe(single.Group()), (std::vector<std::string>{"events @events (id bigint) by (partition_0 bigint) 1 partitions"}));

  InventoryMaker dated;
  dated.Add("2024-01-01/a.csv", "id bigint").Add("2024-01-02/a.csv", "id bigint");
  EXPECT_EQ(Describe(dated.Group()), (std::vector<std::string>{"drop @ (id bigint) by (partition_0 date) 2 partitions"}));

  InventoryMaker direct;
  direct.Add("a.csv", "id bigint").Add("b.csv", "id bigint");
  EXPECT_EQ(Describe(direct.Group()), (std::vector<std::string>{"drop @ (id bigint)"}));
}

TEST(CrawlerGrouping, MixedFormatsInOneFolderMakeATablePerFile) {
  InventoryMaker maker;
  maker.Add("stuff/a.csv", "id bigint")
      .Add("stuff/b.jsonl", "id bigint", catalog::StorageFormat::kJson)
      .Add("stuff/c.parquet", "id bigint", catalog::StorageFormat::kParquet);
  GroupingResult result = maker.Group();
  EXPECT_EQ(Describe(result), (std::vector<std::string>{"a @stuff/a.csv (id bigint)", "b @stuff/b.jsonl (id bigint)", "c @stuff/c.parquet (id bigint)"}));
  EXPECT_TRUE(result.tables[0].location_is_file);
}

TEST(CrawlerGrouping, HiveFoldersStayOneTableAndOddFilesAreWarned) {
  InventoryMaker maker;
  maker.Add("events/dt=1/a.csv", "id bigint, kind varchar")
      .Add("events/dt=2/a.csv", "id bigint, kind varchar")
      .Add("events/dt=3/odd.csv", "totally bigint, different varchar")
      .Add("events/stray.csv", "id bigint, kind varchar")
      .Add("events/dt=4/hour=1/deep.csv", "id bigint, kind varchar");
  GroupingResult result = maker.Group();
  EXPECT_EQ(Describe(result), (std::vector<std::string>{"events @events (id bigint, kind varchar) by (dt bigint) 2 partitions"}));
  std::vector<std::string> warned;
  for (const CrawlWarning& warning : result.warnings) warned.push_back(warning.path);
  EXPECT_EQ(warned, (std::vector<std::string>{"events/stray.csv", "events/dt=4/hour=1/deep.csv", "events/dt=3/odd.csv"}));
}

TEST(CrawlerGrouping, PartitionStatisticsAndKeyTypes) {
  InventoryMaker maker;
  maker.Add("m/dt=2024-01-01/region=eu/a.parquet", "v double", catalog::StorageFormat::kParquet, 10)
      .Add("m/dt=2024-01-01/region=eu/b.parquet", "v double", catalog::StorageFormat::kParquet, 5)
      .Add("m/dt=2024-01-02/region=us%2Fwest/a.parquet", "v double", catalog::StorageFormat::kParquet, 1)
      .Add("m/dt=__HIVE_DEFAULT_PARTITION__/region=eu/a.parquet", "v double", catalog::StorageFormat::kParquet, 2);
  GroupingResult result = maker.Group();
  ASSERT_EQ(result.tables.size(), 1u);
  const TablePlan& table = result.tables[0];
  EXPECT_EQ(Describe(table), "m @m (v double) by (dt date, region varchar) 3 partitions");
  EXPECT_EQ(table.partitions[0].values, (std::vector<std::string>{"2024-01-01", "eu"}));
  EXPECT_EQ(table.partitions[0].stats, (catalog::PartitionStats{2, 200, 15}));
  EXPECT_EQ(table.partitions[1].values, (std::vector<std::string>{"2024-01-02", "us/west"}));
  EXPECT_EQ(table.partitions[1].folder, "m/dt=2024-01-02/region=us%2Fwest");
  EXPECT_EQ(table.partitions[2].values, (std::vector<std::string>{"__HIVE_DEFAULT_PARTITION__", "eu"}));
  EXPECT_EQ(table.compression, "none");
}

TEST(CrawlerGrouping, PartitionKeysShadowDataColumns) {
  InventoryMaker maker;
  maker.Add("t/dt=1/a.csv", "id bigint, dt varchar");
  GroupingResult result = maker.Group();
  EXPECT_EQ(Describe(result), (std::vector<std::string>{"t @t (id bigint) by (dt bigint) 1 partitions"}));
  ASSERT_EQ(result.warnings.size(), 1u);
}

TEST(CrawlerGrouping, NamesAreSanitizedPrefixedAndMadeUnique) {
  InventoryMaker maker;
  maker.Add("x/Web-Events/a.csv", "id bigint")
      .Add("x/other/b.csv", "q varchar, r varchar, s varchar")
      .Add("web_events/a.csv", "z varchar, w varchar");
  GroupingOptions options;
  options.table_prefix = "p_";
  EXPECT_EQ(Describe(maker.Group(options)), (std::vector<std::string>{"p_other @x/other (q varchar, r varchar, s varchar)",
                          "p_web_events @web_events (z varchar, w varchar)", "p_x_web_events @x/Web-Events (id bigint)"}));
  // The table that had the name keeps it.
  options.previous_tables = {{"p_web_events", "x/Web-Events"}};
  EXPECT_EQ(Describe(maker.Group(options)), (std::vector<std::string>{"p_drop_web_events @web_events (z varchar, w varchar)",
                          "p_other @x/other (q varchar, r varchar, s varchar)", "p_web_events @x/Web-Events (id bigint)"}));
  EXPECT_EQ(SanitizeTableName("2024 Sales (EU).v2"), "2024_sales_eu_v2");
  EXPECT_EQ(SanitizeTableName("__"), "table");
}

TEST(CrawlerGrouping, TablePerFolderAndTableLevel) {
  InventoryMaker maker;
  maker.Add("events/dt=1/a.csv", "id bigint").Add("events/dt=2/a.csv", "id bigint").Add("events/dt=2/b.csv", "id bigint");
  GroupingOptions per_folder;
  per_folder.table_per_folder = true;
  EXPECT_EQ(Describe(maker.Group(per_folder)), (std::vector<std::string>{"dt_1 @events/dt=1 (id bigint)", "dt_2 @events/dt=2 (id bigint)"}));

  InventoryMaker levels;
  levels.Add("a/b/c/1.csv", "id bigint").Add("a/b/d/1.csv", "x varchar, y varchar").Add("a/e/1.csv", "id bigint");
  GroupingOptions level;
  level.table_level = 2;
  GroupingResult result = levels.Group(level);
  // a/b is forced to be one table: the largest compatible group (ties: the first file's).
  EXPECT_EQ(Describe(result), (std::vector<std::string>{"b @a/b (id bigint) by (partition_0 varchar) 1 partitions",
                                            "e @a/e (id bigint)"}));
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].path, "a/b/d/1.csv");
}

TEST(CrawlerInventory, FolderRecordsRoundTrip) {
  InventoryMaker maker;
  maker.Add("f/a b.csv", "id bigint").Add("f/x.parquet", "v double", catalog::StorageFormat::kParquet, 42);
  FolderRecord& folder = maker.Folder("f");
  folder.mtime_ns = 1'700'000'000'123'456'789;
  folder.files[0].compression = io::Compression::kZstd;
  folder.files[0].mtime_ns = 17;
  FileRecord bad;
  bad.name = "weird\tname\nwith\\escapes";
  bad.size = 3;
  bad.mtime_ns = 5;
  bad.error = "format error: not\tgood";
  folder.files.push_back(bad);
  folder.folders = {"sub folder", "z"};
  std::string text = EncodeFolder(folder, maker.inventory().schemas);
  SchemaTable schemas;
  FolderRecord decoded = DecodeFolder(text, &schemas);
  EXPECT_EQ(decoded.mtime_ns, folder.mtime_ns);
  EXPECT_EQ(decoded.folders, folder.folders);
  ASSERT_EQ(decoded.files.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(decoded.files[i].name, folder.files[i].name);
    EXPECT_EQ(decoded.files[i].size, folder.files[i].size);
    EXPECT_EQ(decoded.files[i].mtime_ns, folder.files[i].mtime_ns);
    EXPECT_EQ(decoded.files[i].fingerprint, folder.files[i].fingerprint);
    EXPECT_EQ(decoded.files[i].rows, folder.files[i].rows);
    EXPECT_EQ(decoded.files[i].compression, folder.files[i].compression);
    EXPECT_EQ(decoded.files[i].error, folder.files[i].error);
  }
  EXPECT_EQ(schemas.size(), 2u);
  EXPECT_EQ(*schemas.at(folder.files[1].fingerprint), *maker.inventory().schemas.at(folder.files[1].fingerprint));
  EXPECT_THROW(DecodeFolder("v9 1\n", &schemas), InvalidArgumentError);
  EXPECT_THROW(DecodeFolder("v1 1\nf 1 2 - -1 deadbeefdeadbeef x\n", &schemas), InvalidArgumentError);
  std::string folder_key = KeyForFolder("a/b");
  std::string back;
  EXPECT_TRUE(FolderForKey(folder_key, &back));
  EXPECT_EQ(back, "a/b");
  EXPECT_FALSE(FolderForKey("meta", &back));
}

}  // namespace
}  // namespace sluice::lake::crawler
