// Classifying files for the crawler: names that are not data, exclusion globs, formats
// and compressions, schemas as read_* infer them, unreadable files, forced CSV options.

#include <gtest/gtest.h>

#include "core/error.h"
#include "lake/crawler/classify.h"
#include "lake/crawler/csv_format_options.h"
#include "lake_test_support.h"
#include "test_lake_builder.h"

namespace sluice::lake::crawler {
namespace {

TEST(CrawlerNames, HiddenTemporaryAndMarkerNamesAreIgnored) {
  EXPECT_EQ(IgnoredNameReason("_SUCCESS", false), "marker");
  EXPECT_EQ(IgnoredNameReason("_committed_123", false), "marker");
  EXPECT_EQ(IgnoredNameReason("_temporary", true), "temporary");
  EXPECT_EQ(IgnoredNameReason("_$folder$", false), "hidden");
  EXPECT_EQ(IgnoredNameReason(".part-0.csv.crc", false), "hidden");
  EXPECT_EQ(IgnoredNameReason(".sluice-staging-abc", true), "hidden");
  EXPECT_EQ(IgnoredNameReason("part-0.csv.crc", false), "checksum");
  EXPECT_EQ(IgnoredNameReason("x.tmp", false), "temporary");
  EXPECT_EQ(IgnoredNameReason("x.csv.inprogress", false), "temporary");
  EXPECT_EQ(IgnoredNameReason("x.csv~", false), "temporary");
  // Partition-looking names are data even with a leading '_'.
  EXPECT_EQ(IgnoredNameReason("_source=web", true), "");
  EXPECT_EQ(IgnoredNameReason("event_date=2024-01-01", true), "");
  EXPECT_EQ(IgnoredNameReason("part-0.csv", false), "");
  EXPECT_EQ(IgnoredNameReason("x.tmp", true), "");  // a folder named x.tmp is crawled
}

TEST(CrawlerNames, ExcludeGlobs) {
  std::vector<std::string> globs = {"**/_tmp/**", "*.bak", "logs/2023/**", "raw/"};
  EXPECT_TRUE(IsExcluded("a/_tmp", globs));
  EXPECT_TRUE(IsExcluded("a/b/_tmp/x.csv", globs));
  EXPECT_TRUE(IsExcluded("x.bak", globs));
  EXPECT_TRUE(IsExcluded("a/b/x.bak", globs));  // no '/': matched against the name too
  EXPECT_TRUE(IsExcluded("logs/2023", globs));
  EXPECT_TRUE(IsExcluded("logs/2023/01/a.csv", globs));
  EXPECT_FALSE(IsExcluded("logs/2024/01/a.csv", globs));
  EXPECT_TRUE(IsExcluded("raw", globs));
  EXPECT_TRUE(IsExcluded("a/raw", globs));  // "raw/" has no inner '/': any depth
  EXPECT_FALSE(IsExcluded("a/x.csv", globs));
}

class CrawlerClassifyTest : public LakeTempDirTest {
 protected:
  ClassifiedFile Classify(const std::string& relative, const CsvCrawlOptions& csv = {}) {
    return ClassifyFile(dir_ + "/" + relative, csv);
  }
  static std::string Columns(const FileSchema& schema) {
    std::string text;
    for (const catalog::Column& column : schema.columns) {
      text += (text.empty() ? "" : ", ") + column.name + " " + column.type.ToString();
    }
    return text;
  }
};

TEST_F(CrawlerClassifyTest, CsvInEveryCompression) {
  TestLakeBuilder files(dir_);
  const std::string text = "id,name,score,day\n1,ann,1.5,2024-01-01\n2,bob,2.5,2024-01-02\n";
  for (const auto& [name, compression] :
       std::vector<std::pair<std::string, io::Compression>>{{"a.csv", io::Compression::kNone},
                                                            {"a.csv.gz", io::Compression::kGzip},
                                                            {"a.csv.zst", io::Compression::kZstd},
                                                            {"a.csv.bz2", io::Compression::kBzip2}}) {
    files.Text(name, text);
    ClassifiedFile file = Classify(name);
    EXPECT_EQ(file.schema->format, catalog::StorageFormat::kCsv) << name;
    EXPECT_EQ(file.compression, compression) << name;
    EXPECT_EQ(file.rows, -1);
    EXPECT_EQ(Columns(*file.schema), "id bigint, name varchar, score decimal(2,1), day date") << name;
    EXPECT_EQ(file.schema->format_options,
              (std::map<std::string, std::string>{
                  {"delimiter", ","}, {"escape", "double"}, {"header", "true"}, {"null", ""}, {"quote", "\""}}))
        << name;
  }
}

TEST_F(CrawlerClassifyTest, DialectsAreSniffed) {
  TestLakeBuilder files(dir_);
  files.Text("pipes.psv", "a|b\n1|x\n2|y\n");
  files.Text("tabs.tsv", "a\tb\n1\tx\n2\ty\n");
  EXPECT_EQ(Classify("pipes.psv").schema->format_options.at("delimiter"), "|");
  EXPECT_EQ(Classify("tabs.tsv").schema->format_options.at("delimiter"), "\\t");
}

TEST_F(CrawlerClassifyTest, ForcedRedshiftUnloadPreset) {
  TestLakeBuilder files(dir_);
  files.Text("unload_0000_part_00", "\"1\"|\"a\\|b\"|\\N\n\"2\"|\"c\"|\"x\"\n");
  CsvCrawlOptions csv;
  csv.read = CsvReadOptionsFromMap({{"preset", "redshift-unload"}}, "test");
  csv.preset = "redshift-unload";
  ClassifiedFile file = Classify("unload_0000_part_00", csv);
  EXPECT_EQ(file.schema->format, catalog::StorageFormat::kCsv);
  EXPECT_EQ(Columns(*file.schema), "column0 bigint, column1 varchar, column2 varchar");
  const auto& options = file.schema->format_options;
  EXPECT_EQ(options.at("preset"), "redshift-unload");
  EXPECT_EQ(options.at("delimiter"), "|");
  EXPECT_EQ(options.at("escape"), "\\");
  EXPECT_EQ(options.at("null"), "\\N");
  EXPECT_EQ(options.at("header"), "false");
}

TEST_F(CrawlerClassifyTest, JsonLinesAndParquet) {
  TestLakeBuilder files(dir_);
  files.Text("e.jsonl.gz", "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"y\",\"c\":true}\n");
  ClassifiedFile json = Classify("e.jsonl.gz");
  EXPECT_EQ(json.schema->format, catalog::StorageFormat::kJson);
  EXPECT_EQ(json.compression, io::Compression::kGzip);
  EXPECT_EQ(Columns(*json.schema), "a bigint, b varchar, c boolean");
  EXPECT_TRUE(json.schema->format_options.empty());

  files.Text("no_extension", "{\"a\":1}\n");  // detected by content
  EXPECT_EQ(Classify("no_extension").schema->format, catalog::StorageFormat::kJson);

  files.Parquet("p.parquet", "id,v\n1,0.5\n2,1.5\n3,2.5\n");
  ClassifiedFile parquet = Classify("p.parquet");
  EXPECT_EQ(parquet.schema->format, catalog::StorageFormat::kParquet);
  EXPECT_EQ(Columns(*parquet.schema), "id bigint, v decimal(2,1)");
  EXPECT_EQ(parquet.rows, 3);
  files.Parquet("part-00000", "id\n1\n");  // Parquet by its magic bytes
  EXPECT_EQ(Classify("part-00000").schema->format, catalog::StorageFormat::kParquet);
}

TEST_F(CrawlerClassifyTest, UnreadableFilesThrow) {
  TestLakeBuilder files(dir_);
  files.Bytes("junk.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  files.Bytes("corrupt.parquet", "PAR1 not really PAR1");
  files.Bytes("broken.csv.gz", "\x1f\x8b\x08\x00 this is not gzip");
  EXPECT_THROW(Classify("junk.csv"), FormatError);
  EXPECT_THROW(Classify("corrupt.parquet"), Error);
  EXPECT_THROW(Classify("broken.csv.gz"), Error);
}

TEST(CrawlerSchemas, JsonRoundTripAndFingerprints) {
  FileSchema schema;
  schema.format = catalog::StorageFormat::kCsv;
  schema.format_options = {{"delimiter", "|"}, {"null", "\\N"}};
  schema.columns = {catalog::Column{"Id", DataType::BigInt(), ""},
                    catalog::Column{"amount", DataType::Decimal(12, 2), ""},
                    catalog::Column{"note \"q\"", DataType::Varchar(), ""}};
  std::string json = FileSchemaToJson(schema);
  EXPECT_EQ(FileSchemaFromJson(json), schema);
  EXPECT_EQ(SchemaFingerprint(schema).size(), 16u);
  FileSchema other = schema;
  other.columns[1].type = DataType::Double();
  EXPECT_NE(SchemaFingerprint(schema), SchemaFingerprint(other));
  EXPECT_EQ(SchemaFingerprint(schema), SchemaFingerprint(FileSchemaFromJson(json)));
}

TEST(CrawlerCsvOptions, MapsLikeTheConvertFlags) {
  csv::ReadOptions options = CsvReadOptionsFromMap(
      {{"delimiter", "tab"}, {"quote", "none"}, {"escape", "\\"}, {"header", "true"}, {"null", "NULL"},
       {"skip_rows", "2"}, {"comment", "#"}},
      "test");
  EXPECT_EQ(options.delimiter, '\t');
  EXPECT_EQ(options.quote, '\0');
  EXPECT_EQ(options.escape_mode, csv::EscapeMode::kEscapeChar);
  EXPECT_EQ(options.escape, '\\');
  EXPECT_EQ(options.header, true);
  EXPECT_EQ(options.null_strings, std::vector<std::string>{"NULL"});
  EXPECT_EQ(options.skip_rows, 2u);
  EXPECT_EQ(options.comment, "#");
  EXPECT_THROW(CsvReadOptionsFromMap({{"delimitr", ","}}, "test"), InvalidArgumentError);
  EXPECT_THROW(CsvReadOptionsFromMap({{"header", "maybe"}}, "test"), InvalidArgumentError);
  EXPECT_THROW(CsvReadOptionsFromMap({{"preset", "excel"}}, "test"), InvalidArgumentError);
}

}  // namespace
}  // namespace sluice::lake::crawler
