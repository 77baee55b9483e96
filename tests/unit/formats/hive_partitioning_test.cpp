// Hive-style partitioned output: escaping, the tree it writes, NULL/empty partitions,
// the open-file limit and that a failed write leaves nothing behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "formats/csv/writer.h"
#include "formats/hive_partitioning.h"

namespace sluice::formats {
namespace {

namespace fs = std::filesystem;

class HivePartitioningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("sluice-hive-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static Schema TestSchema() {
    return Schema({Field{"id", DataType::BigInt()}, Field{"day", DataType::Date()},
                   Field{"site", DataType::Varchar()}});
  }

  /// Rows (id, day, site); day as days since epoch, site NULL when "NULL".
  static Chunk MakeChunk(const std::vector<std::tuple<int64_t, int32_t, std::string>>& rows) {
    Chunk chunk(TestSchema().types());
    for (size_t r = 0; r < rows.size(); ++r) {
      chunk.column(0).data<int64_t>()[r] = std::get<0>(rows[r]);
      chunk.column(1).data<int32_t>()[r] = std::get<1>(rows[r]);
      if (std::get<2>(rows[r]) == "NULL") {
        chunk.column(2).SetNull(r);
      } else {
        chunk.column(2).SetString(r, std::get<2>(rows[r]));
      }
    }
    chunk.set_size(rows.size());
    return chunk;
  }

  FileWriterFactory CsvFactory() {
    return [](io::OutputStream* out, const Schema& schema) {
      csv::WriteOptions options;
      options.dialect.header = false;
      return csv::MakeWriter(out, schema, options);
    };
  }

  /// Every file under the root, relative, with its content: "path: content".
  std::vector<std::string> Tree() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      std::string relative = fs::relative(entry.path(), root_).string();
      // Strip the run id so that expectations are stable.
      const size_t dash = relative.rfind('-');
      if (dash != std::string::npos) relative = relative.substr(0, dash);
      out.push_back(relative + ": " + text.str());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path root_;
};

TEST(HiveEscapingTest, EscapesWhatHiveEscapes) {
  EXPECT_EQ(EscapeHivePathValue("plain value-1.5_ok"), "plain value-1.5_ok");
  EXPECT_EQ(EscapeHivePathValue("a/b=c:d"), "a%2Fb%3Dc%3Ad");
  EXPECT_EQ(EscapeHivePathValue("100%#?*'\"\\{[]^"), "100%25%23%3F%2A%27%22%5C%7B%5B%5D%5E");
  EXPECT_EQ(EscapeHivePathValue(std::string("\x01\n\x7f", 3)), "%01%0A%7F");
  EXPECT_EQ(EscapeHivePathValue("café"), "café");  // non-ASCII stays
  EXPECT_EQ(UnescapeHivePathValue("a%2Fb%3Dc%3Ad"), "a/b=c:d");
  EXPECT_EQ(UnescapeHivePathValue("100%2"), "100%2");  // incomplete escape stays
  EXPECT_EQ(UnescapeHivePathValue(EscapeHivePathValue("x/%y")), "x/%y");
}

TEST_F(HivePartitioningTest, WritesOneFilePerPartitionWithoutThePartitionColumns) {
  PartitionedWriteOptions options;
  options.root = root_.string();
  options.partition_by = {"day", "site"};
  options.extension = ".csv";
  HivePartitionedWriter writer(TestSchema(), options, CsvFactory());
  writer.Write(MakeChunk({{1, 19723, "north"}, {2, 19723, "a/b"}, {3, 19724, "north"},
                          {4, 19723, "north"}, {5, 19724, "NULL"}, {6, 19724, ""}}));
  writer.Finish();
  EXPECT_EQ(Tree(), (std::vector<std::string>{
                        "day=2024-01-01/site=a%2Fb/part-00000: 2\n",
                        "day=2024-01-01/site=north/part-00000: 1\n4\n",
                        "day=2024-01-02/site=__HIVE_DEFAULT_PARTITION__/part-00000: 5\n6\n",
                        "day=2024-01-02/site=north/part-00000: 3\n",
                    }));
  EXPECT_EQ(writer.partitions().size(), 4u);
  EXPECT_EQ(writer.files().size(), 4u);
}

TEST_F(HivePartitioningTest, OpenFileLimitStartsNewPartFiles) {
  PartitionedWriteOptions options;
  options.root = root_.string();
  options.partition_by = {"site"};
  options.extension = ".csv";
  options.max_open_files = 1;
  HivePartitionedWriter writer(TestSchema(), options, CsvFactory());
  // Each chunk's rows are flushed only when the buffer fills or the file closes; two
  // partitions alternate with a limit of one open file.
  std::vector<std::tuple<int64_t, int32_t, std::string>> rows;
  for (int i = 0; i < 4096; ++i) rows.emplace_back(i, 0, i < 2048 ? "a" : "b");
  writer.Write(MakeChunk({rows.begin(), rows.begin() + 2048}));
  writer.Write(MakeChunk({rows.begin() + 2048, rows.end()}));
  writer.Write(MakeChunk({{9000, 0, "a"}}));
  writer.Finish();
  std::vector<std::string> names;
  for (const std::string& file : writer.files()) {
    names.push_back(fs::relative(file, root_).string().substr(0, 17));
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"site=a/part-00000", "site=a/part-00001",
                                             "site=b/part-00000"}));
}

TEST_F(HivePartitioningTest, UnfinishedWriteLeavesNothing) {
  {
    PartitionedWriteOptions options;
    options.root = root_.string();
    options.partition_by = {"site"};
    options.extension = ".csv";
    HivePartitionedWriter writer(TestSchema(), options, CsvFactory());
    std::vector<std::tuple<int64_t, int32_t, std::string>> rows;
    for (int i = 0; i < 5000; ++i) rows.emplace_back(i, 0, "x");
    writer.Write(MakeChunk({rows.begin(), rows.begin() + 2048}));
    writer.Write(MakeChunk({rows.begin() + 2048, rows.begin() + 4096}));
    // destroyed without Finish(), as when an exception unwinds
  }
  EXPECT_TRUE(fs::exists(root_));
  EXPECT_TRUE(Tree().empty());
  EXPECT_TRUE(fs::is_empty(root_));
}

TEST_F(HivePartitioningTest, RejectsBadPartitionColumns) {
  PartitionedWriteOptions options;
  options.root = root_.string();
  options.partition_by = {"nope"};
  EXPECT_THROW(HivePartitionedWriter(TestSchema(), options, CsvFactory()), InvalidArgumentError);
  options.partition_by = {"day", "day"};
  EXPECT_THROW(HivePartitionedWriter(TestSchema(), options, CsvFactory()), InvalidArgumentError);
  options.partition_by = {"id", "day", "site"};
  EXPECT_THROW(HivePartitionedWriter(TestSchema(), options, CsvFactory()), InvalidArgumentError);
}

}  // namespace
}  // namespace sluice::formats
