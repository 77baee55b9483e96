// Multi-file table sources: the glob matcher and walk (io/glob.h), Hive partition
// parsing and typing, schema unification, partition pruning in plans, and scans over
// many files on every thread. SQL behaviour over committed fixtures lives in
// tests/sql/read_files.test.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/value.h"
#include "engine/query_engine.h"
#include "formats/parquet/writer.h"
#include "io/file.h"
#include "io/glob.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"
#include "sql/planner/optimizer.h"
#include "sql/planner/table_source.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

TEST(GlobMatch, SegmentWildcards) {
  EXPECT_TRUE(io::MatchGlobSegment("*.csv", "a.csv"));
  EXPECT_TRUE(io::MatchGlobSegment("*.csv", ".csv"));
  EXPECT_FALSE(io::MatchGlobSegment("*.csv", "a.csv.gz"));
  EXPECT_TRUE(io::MatchGlobSegment("*.csv*", "a.csv.gz"));
  EXPECT_TRUE(io::MatchGlobSegment("part-?.parquet", "part-1.parquet"));
  EXPECT_FALSE(io::MatchGlobSegment("part-?.parquet", "part-10.parquet"));
  EXPECT_TRUE(io::MatchGlobSegment("a*b*c", "aXXbYYc"));
  EXPECT_TRUE(io::MatchGlobSegment("a*b*c", "abbbc"));
  EXPECT_FALSE(io::MatchGlobSegment("a*b*c", "abbbd"));
  EXPECT_TRUE(io::MatchGlobSegment("*", ""));
  EXPECT_TRUE(io::MatchGlobSegment("", ""));
  EXPECT_FALSE(io::MatchGlobSegment("", "a"));
  EXPECT_TRUE(io::MatchGlobSegment("**", "anything"));
}

TEST(GlobMatch, SegmentSetsAndEscapes) {
  EXPECT_TRUE(io::MatchGlobSegment("[abc].csv", "b.csv"));
  EXPECT_FALSE(io::MatchGlobSegment("[abc].csv", "d.csv"));
  EXPECT_TRUE(io::MatchGlobSegment("data_[0-9][0-9].csv", "data_07.csv"));
  EXPECT_FALSE(io::MatchGlobSegment("data_[0-9][0-9].csv", "data_7x.csv"));
  EXPECT_TRUE(io::MatchGlobSegment("[!a]x", "bx"));
  EXPECT_FALSE(io::MatchGlobSegment("[!a]x", "ax"));
  EXPECT_TRUE(io::MatchGlobSegment("[^a]x", "bx"));
  EXPECT_TRUE(io::MatchGlobSegment("[]]", "]"));         // ']' first in a set is literal
  EXPECT_TRUE(io::MatchGlobSegment("[a-", "[a-"));       // unclosed set: literal '['
  EXPECT_TRUE(io::MatchGlobSegment("\\*.csv", "*.csv"));  // escaped '*'
  EXPECT_FALSE(io::MatchGlobSegment("\\*.csv", "a.csv"));
  EXPECT_TRUE(io::MatchGlobSegment("x\\?", "x?"));
  EXPECT_FALSE(io::MatchGlobSegment("x\\?", "xy"));
}

TEST(GlobMatch, WholePaths) {
  EXPECT_TRUE(io::MatchGlob("data/*.csv", "data/a.csv"));
  EXPECT_FALSE(io::MatchGlob("data/*.csv", "data/sub/a.csv"));  // '*' stays in its segment
  EXPECT_TRUE(io::MatchGlob("lake/**/*.parquet", "lake/a.parquet"));  // ** is zero folders too
  EXPECT_TRUE(io::MatchGlob("lake/**/*.parquet", "lake/y=2024/m=1/a.parquet"));
  EXPECT_FALSE(io::MatchGlob("lake/**/*.parquet", "other/a.parquet"));
  EXPECT_TRUE(io::MatchGlob("**/x", "a/b/c/x"));
  EXPECT_TRUE(io::MatchGlob("a/**/b/**/c", "a/b/c"));
  EXPECT_TRUE(io::MatchGlob("a/**/b/**/c", "a/1/b/2/3/c"));
  EXPECT_FALSE(io::MatchGlob("a/**/b/**/c", "a/1/2/3/c"));
  EXPECT_TRUE(io::MatchGlob("/abs/*/f", "/abs/x/f"));
  EXPECT_TRUE(io::HasGlobPattern("a/*.csv"));
  EXPECT_TRUE(io::HasGlobPattern("a/[0-9].csv"));
  EXPECT_FALSE(io::HasGlobPattern("a/b.csv"));
}

class FileTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / (std::string("sluice_files_") + info->test_suite_name() + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  /// A Parquet file of one column `name` of `type` holding `values` (BIGINT payloads
  /// written through Value).
  std::string WriteParquet(const std::string& name, const Field& field, const std::vector<Value>& values) {
    Schema schema({field});
    Chunk chunk(schema.types());
    for (size_t i = 0; i < values.size(); ++i) values[i].WriteTo(&chunk.column(0), i);
    chunk.set_size(values.size());
    std::string path = Path(name);
    fs::create_directories(fs::path(path).parent_path());
    io::AtomicFileWriter file(path);
    auto writer = parquet::MakeParquetWriter(&file, schema, {});
    writer->Write(chunk);
    writer->Finish();
    file.Commit();
    return path;
  }

  static std::vector<std::string> Rows(const engine::QueryResult& result) {
    std::vector<std::string> rows;
    for (const Chunk& chunk : result.chunks) {
      for (size_t r = 0; r < chunk.size(); ++r) {
        std::string row;
        for (size_t c = 0; c < chunk.num_columns(); ++c) {
          if (c > 0) row += "|";
          row += Value::FromVector(chunk.column(c), r).ToString();
        }
        rows.push_back(row);
      }
    }
    return rows;
  }
  std::vector<std::string> Run(const std::string& sql) {
    engine::QueryEngine engine;
    return Rows(engine.ExecuteAll(sql).back());
  }
  /// The source of the (first) scan in the optimized plan of `sql`.
  static std::shared_ptr<const sql::TableSource> ScanSource(const std::string& text) {
    auto statement = sql::ParseStatement(text);
    sql::SessionSettings session;
    sql::Binder binder(text, session);
    sql::LogicalPlanPtr plan = sql::Optimize(binder.BindQuery(*statement->As<sql::QueryStatement>().query), session);
    while (plan->kind() != sql::LogicalKind::kScan) plan = plan->children().at(0);
    return plan->As<sql::LogicalScan>().source;
  }
  /// The plan, one line per row of EXPLAIN's result.
  std::string Explain(const std::string& sql) {
    std::string plan;
    for (const std::string& line : Run("EXPLAIN " + sql)) plan += line + "\n";
    return plan;
  }

  fs::path dir_;
};

TEST_F(FileTreeTest, ExpandGlobSortsAndSkipsHiddenNames) {
  Write("b.csv", "x\n");
  Write("a.csv", "x\n");
  Write("c.txt", "x\n");
  Write(".hidden.csv", "x\n");
  Write("_SUCCESS.csv", "x\n");
  Write("sub/d.csv", "x\n");
  Write("sub/deeper/e.csv", "x\n");
  Write(".sluice-staging-1/0-part.csv", "x\n");
  const std::string root = dir_.string();
  EXPECT_EQ(io::ExpandGlob(root + "/*.csv"), (std::vector<std::string>{root + "/a.csv", root + "/b.csv"}));
  EXPECT_EQ(io::ExpandGlob(root + "/**/*.csv"),
            (std::vector<std::string>{root + "/a.csv", root + "/b.csv", root + "/sub/d.csv", root + "/sub/deeper/e.csv"}));
  EXPECT_EQ(io::ExpandGlob(root + "/*/*.csv"), (std::vector<std::string>{root + "/sub/d.csv"}));
  EXPECT_EQ(io::ExpandGlob(root + "/sub/**"), (std::vector<std::string>{root + "/sub/d.csv", root + "/sub/deeper/e.csv"}));
  EXPECT_EQ(io::ExpandGlob(root + "/.*.csv"), (std::vector<std::string>{root + "/.hidden.csv"}));
  EXPECT_EQ(io::ExpandGlob(root + "/[ab].csv"), (std::vector<std::string>{root + "/a.csv", root + "/b.csv"}));
  EXPECT_TRUE(io::ExpandGlob(root + "/*.json").empty());
  EXPECT_TRUE(io::ExpandGlob(root + "/missing/*.csv").empty());
  EXPECT_EQ(io::ExpandGlob(root + "/a.csv"), (std::vector<std::string>{root + "/a.csv"}));
  EXPECT_TRUE(io::ExpandGlob(root + "/sub").empty());  // a folder is not a file
}

TEST_F(FileTreeTest, ExpandGlobKeepsRelativePaths) {
  Write("rel/x.csv", "x\n");
  fs::path previous = fs::current_path();
  fs::current_path(dir_);
  std::vector<std::string> files = io::ExpandGlob("rel/*.csv");
  std::vector<std::string> everywhere = io::ExpandGlob("**/x.csv");
  fs::current_path(previous);
  EXPECT_EQ(files, (std::vector<std::string>{"rel/x.csv"}));
  EXPECT_EQ(everywhere, (std::vector<std::string>{"rel/x.csv"}));
}

TEST(HivePartitions, ParsesKeyValueFolders) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(sql::ParseHivePartitions("lake/sales/year=2024/month=01/part-0.parquet"),
            (Pairs{{"year", "2024"}, {"month", "01"}}));
  EXPECT_EQ(sql::ParseHivePartitions("/abs/k=v/f=x.parquet"), (Pairs{{"k", "v"}}));  // not the file name
  EXPECT_EQ(sql::ParseHivePartitions("a/=x/k=/b=c=d/f"), (Pairs{{"k", ""}, {"b", "c=d"}}));
  EXPECT_EQ(sql::ParseHivePartitions("k=1/k=2/f"), (Pairs{{"k", "2"}}));
  EXPECT_EQ(sql::ParseHivePartitions("city=S%C3%A3o%20Paulo/f"), (Pairs{{"city", "S%C3%A3o%20Paulo"}}));
  EXPECT_TRUE(sql::ParseHivePartitions("plain.csv").empty());
}

TEST(HivePartitions, InfersTypesAsConvertWritesThem) {
  EXPECT_EQ(sql::InferPartitionType({"2024", "-3", "0"}), DataType::BigInt());
  EXPECT_EQ(sql::InferPartitionType({"2024-01-31", "1999-12-01"}), DataType::Date());
  EXPECT_EQ(sql::InferPartitionType({"2024", "2024-01-31"}), DataType::Varchar());
  EXPECT_EQ(sql::InferPartitionType({"007"}), DataType::Varchar());  // a code, not a number
  EXPECT_EQ(sql::InferPartitionType({"+1"}), DataType::Varchar());
  EXPECT_EQ(sql::InferPartitionType({"99999999999999999999"}), DataType::Varchar());
  EXPECT_EQ(sql::InferPartitionType({"2024-02-30"}), DataType::Varchar());
  EXPECT_EQ(sql::InferPartitionType({"Oslo"}), DataType::Varchar());
  EXPECT_EQ(sql::InferPartitionType({}), DataType::Varchar());
}

TEST(HivePartitions, ParsesValues) {
  EXPECT_EQ(sql::ParsePartitionValue("2024", DataType::BigInt()), Value::BigInt(2024));
  EXPECT_EQ(sql::ParsePartitionValue("-7", DataType::BigInt()), Value::BigInt(-7));
  EXPECT_EQ(sql::ParsePartitionValue("2024-01-31", DataType::Date()).ToString(), "2024-01-31");
  EXPECT_EQ(sql::ParsePartitionValue("S%C3%A3o%20Paulo", DataType::Varchar()), Value::Varchar("São Paulo"));
  EXPECT_EQ(sql::ParsePartitionValue("a%2Fb%3Dc", DataType::Varchar()), Value::Varchar("a/b=c"));
  EXPECT_EQ(sql::ParsePartitionValue("100%", DataType::Varchar()), Value::Varchar("100%"));
  EXPECT_TRUE(sql::ParsePartitionValue("__HIVE_DEFAULT_PARTITION__", DataType::BigInt()).is_null());
  EXPECT_EQ(sql::ParsePartitionValue("__HIVE_DEFAULT_PARTITION__", DataType::BigInt()).type(), DataType::BigInt());
  EXPECT_TRUE(sql::ParsePartitionValue("", DataType::Varchar()).is_null());
}

TEST(UnifyColumnType, TextFormatsWidenAsInference) {
  using sql::TableFormat;
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kCsv, DataType::BigInt(), DataType::Double()), DataType::Double());
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kCsv, DataType::BigInt(), DataType::Decimal(4, 2)),
            DataType::Decimal(21, 2));
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kJson, DataType::Date(), DataType::Timestamp()), DataType::Timestamp());
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kCsv, DataType::BigInt(), DataType::Varchar()), DataType::Varchar());
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kCsv, DataType::Boolean(), DataType::BigInt()), DataType::Varchar());
}

TEST(UnifyColumnType, ParquetWidensOrRefuses) {
  using sql::TableFormat;
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kParquet, DataType::Integer(), DataType::BigInt()), DataType::BigInt());
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kParquet, DataType::Real(), DataType::Double()), DataType::Double());
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kParquet, DataType::Date(), DataType::Timestamp()), DataType::Timestamp());
  EXPECT_EQ(sql::UnifyColumnType(TableFormat::kParquet, DataType::Varchar(), DataType::Varchar()), DataType::Varchar());
  EXPECT_FALSE(sql::UnifyColumnType(TableFormat::kParquet, DataType::BigInt(), DataType::Varchar()));
  EXPECT_FALSE(sql::UnifyColumnType(TableFormat::kParquet, DataType::Boolean(), DataType::Integer()));
}

TEST_F(FileTreeTest, ManyFilesReadInParallel) {
  int64_t expected_sum = 0;
  for (int f = 0; f < 24; ++f) {
    std::string text = "id,v\n";
    int rows = 100 + f * 40;  // files of different sizes finish at different times
    for (int r = 0; r < rows; ++r) {
      text += std::to_string(f) + "," + std::to_string(r) + "\n";
      expected_sum += r;
    }
    Write("parts/p" + std::to_string(100 + f) + ".csv", text);
  }
  std::vector<std::string> rows =
      Run("SELECT count(*), sum(v), count(DISTINCT id), count(DISTINCT filename) FROM read_csv('" + Path("parts") +
          "/*.csv', filename => true)");
  int64_t total_rows = 0;
  for (int f = 0; f < 24; ++f) total_rows += 100 + f * 40;
  EXPECT_EQ(rows, (std::vector<std::string>{std::to_string(total_rows) + "|" + std::to_string(expected_sum) + "|24|24"}));
  // Each row's file name is its own file's.
  EXPECT_EQ(Run("SELECT count(*) FROM read_csv('" + Path("parts") + "/*.csv', filename => true) WHERE filename <> '" +
                Path("parts") + "/p' || CAST(id + 100 AS varchar) || '.csv'"),
            (std::vector<std::string>{"0"}));
}

TEST_F(FileTreeTest, PruningShowsInExplainAndSkipsFiles) {
  for (int year : {2023, 2024}) {
    for (int month = 1; month <= 3; ++month) {
      Write("lake/year=" + std::to_string(year) + "/month=" + std::to_string(month) + "/data.csv",
            "amount\n" + std::to_string(year * 10 + month) + "\n");
    }
  }
  Write("lake/year=1999/month=1/data.csv", "amount\n1\n");
  const std::string from = "read_csv('" + Path("lake") + "/**/*.csv', hive_partitioning => true)";
  std::string plan = Explain("SELECT sum(amount) FROM " + from + " WHERE year = 2024 AND month >= 2");
  EXPECT_NE(plan.find("files=2/7"), std::string::npos) << plan;
  EXPECT_EQ(Run("SELECT sum(amount) FROM " + from + " WHERE year = 2024 AND month >= 2"),
            (std::vector<std::string>{std::to_string(20242 + 20243)}));
  // Conjuncts mixing data and partition columns do not prune; OR of partitions does.
  EXPECT_NE(Explain("SELECT * FROM " + from + " WHERE year = 2024 OR amount > 0").find("files=7/7"), std::string::npos);
  EXPECT_NE(Explain("SELECT * FROM " + from + " WHERE year = 2023 OR month = 3").find("files=4/7"), std::string::npos);
  EXPECT_NE(Explain("SELECT * FROM " + from + " WHERE year IS NULL").find("files=0/7"), std::string::npos);
  EXPECT_EQ(Run("SELECT count(*) FROM " + from + " WHERE year IS NULL"), (std::vector<std::string>{"0"}));
  // The file name prunes too.
  EXPECT_NE(Explain("SELECT * FROM read_csv('" + Path("lake") + "/**/*.csv', filename => true) WHERE filename LIKE '%year=1999%'")
                .find("files=1/7"),
            std::string::npos);
}

TEST_F(FileTreeTest, PrunedFilesAreNeverOpened) {
  WriteParquet("lake/year=2023/a.parquet", Field{"x", DataType::BigInt()}, {Value::BigInt(1)});
  WriteParquet("lake/year=2024/a.parquet", Field{"x", DataType::BigInt()}, {Value::BigInt(2)});
  Write("lake/year=2999/a.parquet", "not a parquet file");
  // Bound from the first file: the broken one is opened only if a scan reaches it.
  const std::string from =
      "read_parquet('" + Path("lake") + "/**/*.parquet', hive_partitioning => true, union_by_name => false)";
  EXPECT_EQ(Run("SELECT sum(x) FROM " + from + " WHERE year < 2500"), (std::vector<std::string>{"3"}));
  EXPECT_THROW(Run("SELECT sum(x) FROM " + from), FormatError);
  // The default reads every footer at bind time to unify the schemas.
  EXPECT_THROW(Run("SELECT sum(x) FROM read_parquet('" + Path("lake") + "/**/*.parquet', hive_partitioning => true) WHERE year < 2500"),
               Error);
}

TEST_F(FileTreeTest, ParquetColumnsWidenAcrossFiles) {
  WriteParquet("pq/a.parquet", Field{"x", DataType::Integer()}, {Value::Integer(1), Value::Integer(2)});
  WriteParquet("pq/b.parquet", Field{"x", DataType::BigInt()}, {Value::BigInt(int64_t{1} << 40)});
  WriteParquet("pq/c.parquet", Field{"y", DataType::Double()}, {Value::Double(0.5)});
  EXPECT_EQ(Run("SELECT x, y FROM read_parquet('" + Path("pq") + "/*.parquet') ORDER BY x NULLS LAST"),
            (std::vector<std::string>{"1|NULL", "2|NULL", "1099511627776|NULL", "NULL|0.5"}));
  // Row-group hints on a column some files lack, or have narrower: still the right rows.
  EXPECT_EQ(Run("SELECT count(*) FROM read_parquet('" + Path("pq") + "/*.parquet') WHERE x >= 2"),
            (std::vector<std::string>{"2"}));
  // Bound from the first file only: later files are matched by name and cast, but
  // only to a wider type.
  try {
    Run("SELECT sum(x) FROM read_parquet('" + Path("pq") + "/*.parquet', union_by_name => false)");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("b.parquet: column 'x' is bigint, but the query bound it as integer from"),
              std::string::npos)
        << error.what();
  }
  WriteParquet("pq2/a.parquet", Field{"x", DataType::BigInt()}, {Value::BigInt(int64_t{1} << 40)});
  WriteParquet("pq2/b.parquet", Field{"x", DataType::Integer()}, {Value::Integer(1), Value::Integer(2)});
  WriteParquet("pq2/c.parquet", Field{"y", DataType::Double()}, {Value::Double(0.5)});
  EXPECT_EQ(Run("SELECT sum(x), count(*) FROM read_parquet('" + Path("pq2") + "/*.parquet', union_by_name => false)"),
            (std::vector<std::string>{std::to_string((int64_t{1} << 40) + 3) + "|4"}));
}

TEST_F(FileTreeTest, IncompatibleParquetTypesNameBothFiles) {
  WriteParquet("bad/a.parquet", Field{"x", DataType::BigInt()}, {Value::BigInt(1)});
  WriteParquet("bad/b.parquet", Field{"x", DataType::Varchar()}, {Value::Varchar("one")});
  try {
    Run("SELECT * FROM read_parquet('" + Path("bad") + "/*.parquet')");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("column 'x' is bigint in " + Path("bad") + "/a.parquet but varchar in " + Path("bad") +
                           "/b.parquet"),
              std::string::npos)
        << message;
  }
}

TEST_F(FileTreeTest, EstimatedRowsSumOverFiles) {
  WriteParquet("est/a.parquet", Field{"x", DataType::BigInt()}, {Value::BigInt(1), Value::BigInt(2)});
  WriteParquet("est/b.parquet", Field{"x", DataType::BigInt()}, {Value::BigInt(3)});
  // Exact from the footers, read to unify the schemas.
  auto source = ScanSource("SELECT * FROM read_parquet('" + Path("est") + "/*.parquet')");
  EXPECT_EQ(source->estimated_rows, 3u);
  EXPECT_EQ(source->files.size(), 2u);
  EXPECT_TRUE(source->files[1].schema.has_value());
  // From the first file only: the others are estimated from their sizes.
  source = ScanSource("SELECT * FROM read_parquet('" + Path("est") + "/*.parquet', union_by_name => false)");
  EXPECT_EQ(source->files[0].estimated_rows, 2u);
  EXPECT_FALSE(source->files[1].schema.has_value());
  EXPECT_GE(source->files[1].estimated_rows, 1u);
  // Pruned sources sum only their files.
  Write("parts/k=1/a.csv", "v\n1\n2\n");
  Write("parts/k=2/a.csv", "v\n" + std::string(4000, '7') + "\n");
  auto all = ScanSource("SELECT * FROM read_csv('" + Path("parts") + "/*/*.csv', hive_partitioning => true)");
  auto pruned = ScanSource("SELECT * FROM read_csv('" + Path("parts") + "/*/*.csv', hive_partitioning => true) WHERE k = 1");
  EXPECT_EQ(all->total_files, 2u);
  EXPECT_EQ(pruned->files.size(), 1u);
  EXPECT_EQ(pruned->total_files, 2u);
  EXPECT_LT(pruned->estimated_rows, all->estimated_rows);
  EXPECT_EQ(pruned->estimated_rows, all->files[0].estimated_rows);
}

TEST_F(FileTreeTest, PartitionColumnsOnlyStillCountRows) {
  for (int k = 0; k < 3; ++k) Write("t/k=" + std::to_string(k) + "/f.json", "{\"v\": 1}\n{\"v\": 2}\n");
  EXPECT_EQ(Run("SELECT k, count(*) FROM read_json('" + Path("t") + "/**/*.json', hive_partitioning => true) GROUP BY k ORDER BY k"),
            (std::vector<std::string>{"0|2", "1|2", "2|2"}));
  // A data column named like a partition key gives way to the folder's value.
  Write("d/v=9/f.json", "{\"v\": 1, \"w\": 5}\n");
  EXPECT_EQ(Run("SELECT * FROM read_json('" + Path("d") + "/*/*.json', hive_partitioning => true)"),
            (std::vector<std::string>{"5|9"}));
}

}  // namespace
}  // namespace sluice
