// The copy sink's file sizing (exec/operators/copy_to.h, formats/file_sequence.h):
// max_rows_per_file cuts a folder's or partition's output into files of exactly that
// many rows, target_file_bytes into files of about that size, in Parquet, CSV and
// JSON; every row is written once, and a failed copy leaves nothing behind.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/value.h"
#include "engine/copy_options.h"
#include "exec/operators/copy_to.h"
#include "formats/file_sequence.h"
#include "formats/parquet/reader.h"
#include "sql/expression/kernel.h"

namespace sluice::exec {
namespace {

namespace fs = std::filesystem;

/// A stand-in child: the copy only needs its column types.
class RowsStub : public PhysicalOperator {
 public:
  explicit RowsStub(std::vector<DataType> types)
      : PhysicalOperator(std::move(types), std::vector<std::unique_ptr<PhysicalOperator>>{}) {}
  std::string name() const override { return "Rows"; }
};

Schema TestSchema() {
  return Schema({Field{"id", DataType::BigInt()}, Field{"text", DataType::Varchar()},
                 Field{"part", DataType::Varchar()}});
}

/// Rows [begin, end): id, a text of ~40 bytes that compresses poorly, and the
/// partition "p<id % partitions>", in chunks of up to 2048 rows.
std::vector<Chunk> MakeRows(int64_t begin, int64_t end, int64_t partitions) {
  std::vector<Chunk> chunks;
  uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (int64_t start = begin; start < end; start += kChunkCapacity) {
    Chunk chunk(TestSchema().types());
    size_t rows = static_cast<size_t>(std::min<int64_t>(end - start, kChunkCapacity));
    for (size_t r = 0; r < rows; ++r) {
      int64_t id = start + static_cast<int64_t>(r);
      chunk.column(0).data<int64_t>()[r] = id;
      std::string text;
      for (int i = 0; i < 5; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        text += std::to_string(state >> 40);
      }
      chunk.column(1).SetString(r, text);
      chunk.column(2).SetString(r, "p" + std::to_string(id % partitions));
    }
    chunk.set_size(rows);
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

class CopySizingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sluice-copy-sizing-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CopyTarget FolderTarget(const std::string& name, formats::FileFormat format, bool partitioned) {
    CopyTarget target;
    target.layout = CopyTarget::Layout::kFolder;
    target.path = (dir_ / name).string();
    target.file_name = "part-00000-run";
    target.schema = TestSchema();
    target.write.format = format;
    target.write.csv.dialect.header = false;
    if (partitioned) target.partition_by = {"part"};
    return target;
  }

  /// Runs the copy sink over `chunks`; the result, or the sink's exception.
  static CopyResult Copy(const CopyTarget& target, const std::vector<Chunk>& chunks) {
    PhysicalCopyTo copy(std::make_unique<RowsStub>(target.schema.types()), target);
    sql::SessionSettings session;
    ExecutionContext context(session);
    context.set_sink_state(copy, copy.MakeGlobalSinkState(context));
    GlobalSinkState& global = context.sink_state(copy);
    auto local = copy.MakeLocalSinkState(global, context);
    for (const Chunk& chunk : chunks) copy.Sink(chunk, global, *local);
    copy.Combine(global, *local);
    copy.Finalize(global, context);
    return copy.TakeResult(context);
  }

  /// The files in each folder below the target (relative folder → names, sorted).
  std::map<std::string, std::vector<std::string>> Folders(const std::string& name) const {
    std::map<std::string, std::vector<std::string>> folders;
    for (const auto& entry : fs::recursive_directory_iterator(dir_ / name)) {
      if (!entry.is_regular_file()) continue;
      fs::path relative = fs::relative(entry.path(), dir_ / name);
      folders[relative.parent_path().string()].push_back(relative.filename().string());
    }
    for (auto& [folder, names] : folders) std::sort(names.begin(), names.end());
    return folders;
  }

  /// Every name under the test folder, hidden ones included.
  std::vector<std::string> Listing() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      names.push_back(fs::relative(entry.path(), dir_).string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

int64_t ParquetRows(const std::string& path) { return parquet::ParquetFile::Open(path)->metadata().num_rows; }

/// The ids of a Parquet file, in order.
std::vector<int64_t> ParquetIds(const std::string& path) {
  parquet::ParquetReadOptions options;
  options.columns = {"id"};
  auto reader = parquet::OpenParquetReader(path, options);
  std::vector<int64_t> ids;
  Chunk chunk;
  while (reader->Next(&chunk)) {
    for (size_t r = 0; r < chunk.size(); ++r) ids.push_back(chunk.column(0).data<int64_t>()[r]);
  }
  return ids;
}

/// The ids of a CSV (id first) or JSON lines ({"id":N,…}) file, in order.
std::vector<int64_t> TextIds(const std::string& path) {
  std::ifstream in(path);
  std::vector<int64_t> ids;
  std::string line;
  while (std::getline(in, line)) {
    size_t start = line.rfind("{\"id\":", 0) == 0 ? 6 : 0;
    ids.push_back(std::stoll(line.substr(start)));
  }
  return ids;
}

/// Checks that `files` hold every id of [0, rows) once.
void ExpectEveryRowOnce(const std::vector<std::vector<int64_t>>& files, int64_t rows) {
  std::vector<int64_t> all;
  for (const auto& ids : files) all.insert(all.end(), ids.begin(), ids.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) ASSERT_EQ(all[static_cast<size_t>(i)], i);
}

TEST_F(CopySizingTest, MaxRowsPerFileIsExactInEachPartition) {
  CopyTarget target = FolderTarget("out", formats::FileFormat::kParquet, true);
  target.max_rows_per_file = 3000;
  CopyResult result = Copy(target, MakeRows(0, 20000, 2));
  EXPECT_EQ(result.rows, 20000u);
  ASSERT_EQ(result.files.size(), 8u);
  std::map<std::string, std::vector<int64_t>> rows_by_partition;
  std::vector<std::vector<int64_t>> ids;
  for (const std::string& file : result.files) {
    ASSERT_TRUE(fs::exists(file)) << file;
    rows_by_partition[fs::path(file).parent_path().filename().string()].push_back(ParquetRows(file));
    for (const parquet::RowGroup& group : parquet::ParquetFile::Open(file)->metadata().row_groups) {
      EXPECT_LE(group.num_rows, 3000) << "row groups are capped at max_rows_per_file";
    }
    ids.push_back(ParquetIds(file));
  }
  std::vector<int64_t> expected = {3000, 3000, 3000, 1000};
  EXPECT_EQ(rows_by_partition["part=p0"], expected);
  EXPECT_EQ(rows_by_partition["part=p1"], expected);
  ExpectEveryRowOnce(ids, 20000);
  // Names count up per partition: part-00000-RUN … part-00003-RUN.
  for (const auto& [folder, names] : Folders("out")) {
    ASSERT_EQ(names.size(), 4u) << folder;
    for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i].substr(0, 10), "part-0000" + std::to_string(i));
  }
}

TEST_F(CopySizingTest, MaxRowsPerFileWithoutPartitions) {
  CopyTarget target = FolderTarget("out", formats::FileFormat::kParquet, false);
  target.max_rows_per_file = 3000;
  CopyResult result = Copy(target, MakeRows(0, 10000, 1));
  std::vector<std::string> expected_names = {"part-00000-run.parquet", "part-00001-run.parquet",
                                             "part-00002-run.parquet", "part-00003-run.parquet"};
  ASSERT_EQ(result.files.size(), 4u);
  std::vector<std::vector<int64_t>> ids;
  for (size_t i = 0; i < result.files.size(); ++i) {
    EXPECT_EQ(result.files[i], (dir_ / "out" / expected_names[i]).string());
    EXPECT_EQ(ParquetRows(result.files[i]), i < 3 ? 3000 : 1000);
    ids.push_back(ParquetIds(result.files[i]));
  }
  EXPECT_EQ(ids[1].front(), 3000) << "files follow the rows' order";
  ExpectEveryRowOnce(ids, 10000);
  EXPECT_EQ(Folders("out")[""], expected_names);
}

TEST_F(CopySizingTest, ExactMultipleLeavesNoEmptyFile) {
  CopyTarget target = FolderTarget("out", formats::FileFormat::kParquet, false);
  target.max_rows_per_file = 2048;
  CopyResult result = Copy(target, MakeRows(0, 4096, 1));
  ASSERT_EQ(result.files.size(), 2u);
  EXPECT_EQ(ParquetRows(result.files[0]), 2048);
  EXPECT_EQ(ParquetRows(result.files[1]), 2048);
}

TEST_F(CopySizingTest, EmptyOutputIsOneFile) {
  CopyTarget target = FolderTarget("out", formats::FileFormat::kParquet, false);
  target.max_rows_per_file = 10;
  target.target_file_bytes = 1000;
  CopyResult result = Copy(target, {});
  ASSERT_EQ(result.files.size(), 1u);
  EXPECT_EQ(ParquetRows(result.files[0]), 0);
}

TEST_F(CopySizingTest, TargetFileBytesParquet) {
  constexpr uint64_t kTarget = 64 << 10;
  for (bool partitioned : {false, true}) {
    std::string name = partitioned ? "partitioned" : "flat";
    CopyTarget target = FolderTarget(name, formats::FileFormat::kParquet, partitioned);
    target.target_file_bytes = kTarget;
    CopyResult result = Copy(target, MakeRows(0, 40000, partitioned ? 2 : 1));
    // ~48 bytes a row of poorly compressible text: ~1.9 MB, some 30 files of 64 KiB.
    EXPECT_GE(result.files.size(), partitioned ? 16u : 8u) << name;
    std::vector<std::vector<int64_t>> ids;
    uint64_t total = 0;
    for (size_t i = 0; i < result.files.size(); ++i) {
      uint64_t size = fs::file_size(result.files[i]);
      total += size;
      // Rows are written in slices sized by the bytes per row so far: a file ends close
      // to the target (the footer and the estimate's error on top).
      EXPECT_LE(size, kTarget * 5 / 4) << result.files[i];
      ids.push_back(ParquetIds(result.files[i]));
    }
    EXPECT_GE(total / result.files.size(), kTarget * 3 / 4) << name << ": files are not much smaller than the target";
    ExpectEveryRowOnce(ids, 40000);
  }
}

TEST_F(CopySizingTest, TextFormatsHonourBothLimits) {
  for (formats::FileFormat format : {formats::FileFormat::kCsv, formats::FileFormat::kJson}) {
    std::string name = format == formats::FileFormat::kCsv ? "csv" : "json";
    // Rows: exact.
    CopyTarget rows_target = FolderTarget(name + "_rows", format, true);
    rows_target.max_rows_per_file = 3000;
    CopyResult result = Copy(rows_target, MakeRows(0, 20000, 2));
    ASSERT_EQ(result.files.size(), 8u) << name;
    std::vector<std::vector<int64_t>> ids;
    std::map<std::string, std::vector<size_t>> rows_by_partition;
    for (const std::string& file : result.files) {
      ids.push_back(TextIds(file));
      rows_by_partition[fs::path(file).parent_path().filename().string()].push_back(ids.back().size());
    }
    std::vector<size_t> expected = {3000, 3000, 3000, 1000};
    EXPECT_EQ(rows_by_partition["part=p0"], expected) << name;
    EXPECT_EQ(rows_by_partition["part=p1"], expected) << name;
    ExpectEveryRowOnce(ids, 20000);

    // Bytes: text is counted exactly; a file passes the target by what the rows of its
    // last slice are longer than the bytes per row predicted (a few rows).
    constexpr uint64_t kTarget = 64 << 10;
    CopyTarget size_target = FolderTarget(name + "_bytes", format, false);
    size_target.target_file_bytes = kTarget;
    result = Copy(size_target, MakeRows(0, 20000, 1));
    EXPECT_GE(result.files.size(), 10u) << name;
    ids.clear();
    for (size_t i = 0; i < result.files.size(); ++i) {
      uint64_t size = fs::file_size(result.files[i]);
      EXPECT_GE(size, i + 1 < result.files.size() ? kTarget : 1) << result.files[i];
      EXPECT_LE(size, kTarget + kTarget / 16) << result.files[i];
      ids.push_back(TextIds(result.files[i]));
    }
    ExpectEveryRowOnce(ids, 20000);
  }
}

TEST_F(CopySizingTest, CompressedTextFilesEndNearTheTarget) {
  CopyTarget target = FolderTarget("gz", formats::FileFormat::kCsv, false);
  target.write.compression = io::Compression::kGzip;
  target.target_file_bytes = 256 << 10;
  CopyResult result = Copy(target, MakeRows(0, 100000, 1));
  // ~5 MB of text, compressed to about half: several files, none far past the target.
  EXPECT_GE(result.files.size(), 4u);
  for (const std::string& file : result.files) {
    EXPECT_EQ(file.substr(file.size() - 7), ".csv.gz");
    EXPECT_LE(fs::file_size(file), (256u << 10) + (256u << 10) / 2) << file;
  }
}

TEST_F(CopySizingTest, FailureMidwayLeavesNothing) {
  for (bool partitioned : {false, true}) {
    CopyTarget target = FolderTarget("out", formats::FileFormat::kParquet, partitioned);
    target.max_rows_per_file = 1000;
    target.not_null_columns = {1};
    target.table = "t";
    std::vector<Chunk> chunks = MakeRows(0, 10000, 2);
    chunks.back().column(1).SetNull(0);  // after several files were finished
    EXPECT_THROW(Copy(target, chunks), ConstraintError);
    EXPECT_EQ(Listing(), std::vector<std::string>{}) << (partitioned ? "partitioned" : "flat");
  }
}

TEST_F(CopySizingTest, AppendStagesItsFilesUntilTheCopySucceeds) {
  for (bool fail : {true, false}) {
    fs::create_directories(dir_ / "out");
    std::ofstream(dir_ / "out" / "existing.parquet") << "x";
    CopyTarget target = FolderTarget("out", formats::FileFormat::kParquet, false);
    target.existing = CopyTarget::ExistingFolder::kAppend;
    target.max_rows_per_file = 1000;
    target.not_null_columns = {1};
    std::vector<Chunk> chunks = MakeRows(0, 5000, 1);
    if (fail) {
      chunks.back().column(1).SetNull(0);
      EXPECT_THROW(Copy(target, chunks), ConstraintError);
      EXPECT_EQ(Listing(), (std::vector<std::string>{"out", "out/existing.parquet"}));
    } else {
      CopyResult result = Copy(target, chunks);
      ASSERT_EQ(result.files.size(), 5u);
      std::vector<std::vector<int64_t>> ids;
      for (const std::string& file : result.files) ids.push_back(ParquetIds(file));
      ExpectEveryRowOnce(ids, 5000);
      EXPECT_EQ(Listing().size(), 7u) << "the folder, the old file and five new ones; no staging folder";
    }
    fs::remove_all(dir_ / "out");
  }
}

TEST(FileSequenceNames, CountInThePartPrefixOrAppend) {
  EXPECT_EQ(formats::SequencedFileName("part-00000-abc", 0), "part-00000-abc");
  EXPECT_EQ(formats::SequencedFileName("part-00000-abc", 12), "part-00012-abc");
  EXPECT_EQ(formats::SequencedFileName("part-00000-abc", 123456), "part-123456-abc");
  EXPECT_EQ(formats::SequencedFileName("data", 0), "data");
  EXPECT_EQ(formats::SequencedFileName("data", 3), "data-00003");
}

TEST(FileSequenceLimits, RowGroupsFitTheLimits) {
  formats::FileWriteOptions write;
  formats::FitRowGroups({3000, 64 << 10}, &write);
  EXPECT_EQ(write.parquet.row_group_rows, 3000);
  EXPECT_EQ(write.parquet.row_group_bytes, 16 << 10);
  formats::FileWriteOptions unchanged;
  formats::FitRowGroups({}, &unchanged);
  EXPECT_EQ(unchanged.parquet.row_group_rows, formats::FileWriteOptions{}.parquet.row_group_rows);
  EXPECT_EQ(unchanged.parquet.row_group_bytes, formats::FileWriteOptions{}.parquet.row_group_bytes);
}

TEST(ByteSizeText, ParsesSizesInPowersOf1024) {
  EXPECT_EQ(engine::ParseByteSize("128MB"), uint64_t{128} << 20);
  EXPECT_EQ(engine::ParseByteSize("1GB"), uint64_t{1} << 30);
  EXPECT_EQ(engine::ParseByteSize("500kB"), uint64_t{500} << 10);
  EXPECT_EQ(engine::ParseByteSize("64 KiB"), uint64_t{64} << 10);
  EXPECT_EQ(engine::ParseByteSize("1.5gb"), uint64_t{3} << 29);
  EXPECT_EQ(engine::ParseByteSize("4096"), 4096u);
  EXPECT_EQ(engine::ParseByteSize("4096B"), 4096u);
  EXPECT_EQ(engine::ParseByteSize("2TiB"), uint64_t{2} << 40);
  for (const char* bad : {"", "MB", "0", "0MB", "-5MB", "12XB", "1.2.3MB", "1e6", "0.1B"}) {
    EXPECT_EQ(engine::ParseByteSize(bad), std::nullopt) << bad;
  }
}

TEST(TableFileLimits, ParametersAndDefaults) {
  CopyTarget target;
  engine::ApplyTableFileLimits("", {}, {}, "db.t", &target);
  EXPECT_EQ(target.target_file_bytes, engine::kDefaultTableFileBytes);
  EXPECT_EQ(target.max_rows_per_file, 0u);
  engine::ApplyTableFileLimits("", {}, {{"target_file_size", "128MB"}, {"max_rows_per_file", "1000000"}}, "db.t",
                               &target);
  EXPECT_EQ(target.target_file_bytes, uint64_t{128} << 20);
  EXPECT_EQ(target.max_rows_per_file, 1000000u);
  engine::ApplyTableFileLimits("", {}, {{"target_file_size", "0"}}, "db.t", &target);
  EXPECT_EQ(target.target_file_bytes, 0u);
  EXPECT_THROW(engine::ApplyTableFileLimits("", {}, {{"max_rows_per_file", "-1"}}, "db.t", &target), BinderError);
  EXPECT_EQ(engine::CheckFileLimitParameter("target_file_size", "1GB"), "");
  EXPECT_EQ(engine::CheckFileLimitParameter("classification", "anything"), "");
  EXPECT_NE(engine::CheckFileLimitParameter("target_file_size", "big"), "");
}

}  // namespace
}  // namespace sluice::exec
