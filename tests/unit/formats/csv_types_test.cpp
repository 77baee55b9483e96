// Column types: inference from a sample, the widening lattice when later rows
// contradict it (notices, strict_types), explicit types never widening.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "csv_test_support.h"
#include "formats/csv/reader.h"
#include "formats/csv/type_inference.h"

namespace sluice::csv {
namespace {

using testing::ErrorOf;
using testing::Joined;
using testing::ReadText;
using testing::TypesOf;

std::string InferredType(const std::vector<std::string>& values) {
  InferencePatterns patterns("", "", true);
  TypeAccumulator accumulator(&patterns);
  for (const std::string& value : values) accumulator.Add(value);
  return accumulator.Result().ToString();
}

TEST(CsvTypesTest, InfersFromValues) {
  EXPECT_EQ(InferredType({"1", "-20", "+3"}), "bigint");
  EXPECT_EQ(InferredType({"00501", "12345"}), "varchar");  // leading zeros: a code
  EXPECT_EQ(InferredType({"0", "10"}), "bigint");
  EXPECT_EQ(InferredType({"12.50", "3"}), "decimal(4,2)");
  EXPECT_EQ(InferredType({"0.125"}), "decimal(3,3)");
  EXPECT_EQ(InferredType({"12345678901234567890"}), "decimal(20,0)");
  EXPECT_EQ(InferredType({"1234567890123456789012345678901234567890"}), "double");
  EXPECT_EQ(InferredType({"1.5e3", "2"}), "double");
  EXPECT_EQ(InferredType({"NaN", "Infinity", "-inf", "1.5"}), "double");
  EXPECT_EQ(InferredType({"true", "F", "t", "FALSE"}), "boolean");
  EXPECT_EQ(InferredType({"yes", "no"}), "varchar");
  EXPECT_EQ(InferredType({"2024-03-01", "1999-12-31"}), "date");
  EXPECT_EQ(InferredType({"2024-03-01 10:00:00", "2024-03-01T10:00:00.123456", "2024-03-02"}),
            "timestamp(6)");
  EXPECT_EQ(InferredType({"2024-03-01 10:00:00Z", "2024-03-01T10:00:00+02:00",
                          "2024-03-01 10:00:00 UTC"}),
            "timestamp(6) with time zone");
  EXPECT_EQ(InferredType({"2024-03-01 10:00:00Z", "2024-03-01 10:00:00"}), "varchar");
  EXPECT_EQ(InferredType({"1", "x"}), "varchar");
  EXPECT_EQ(InferredType({}), "varchar");
}

TEST(CsvTypesTest, ResolvesNonIsoDatesFromTheData) {
  EXPECT_EQ(InferredType({"03/15/2024", "12/01/2024"}), "date (format %m/%d/%Y)");
  EXPECT_EQ(InferredType({"15/03/2024", "01/12/2024"}), "date (format %d/%m/%Y)");
  EXPECT_EQ(InferredType({"15.03.2024"}), "date (format %d.%m.%Y)");
  // Ambiguous throughout: MM/DD first, with a note.
  InferencePatterns patterns("", "", true);
  TypeAccumulator accumulator(&patterns);
  accumulator.Add("01/02/2024");
  std::string note;
  EXPECT_EQ(accumulator.Result(&note).ToString(), "date (format %m/%d/%Y)");
  EXPECT_NE(note.find("%d/%m/%Y"), std::string::npos) << note;
  // Mixed forms that no single pattern reads are text.
  EXPECT_EQ(InferredType({"15/03/2024", "03/15/2024"}), "varchar");
  EXPECT_EQ(InferredType({"03/15/2024 14:30:00", "03/16/2024 09:00:00"}),
            "timestamp(6) (format %m/%d/%Y %H:%M:%S)");
  EXPECT_EQ(InferredType({"03/15/2024 2:30:00 PM"}), "timestamp(6) (format %m/%d/%Y %I:%M:%S %p)");
}

TEST(CsvTypesTest, ReadsNonIsoDatesAndForcedFormats) {
  auto result = ReadText("d,t\n15/03/2024,03/15/2024 14:30:00\n01/12/2024,03/16/2024 09:00:05.5\n");
  EXPECT_EQ(TypesOf(result.schema), "date,timestamp(6)");
  EXPECT_EQ(Joined(result.rows),
            "2024-03-15|2024-03-15 14:30:00\n2024-12-01|2024-03-16 09:00:05.5\n");
  ReadOptions options;
  options.date_format = "%d/%m/%Y";
  auto forced = ReadText("d\n01/02/2024\n", options);
  EXPECT_EQ(TypesOf(forced.schema), "date");
  EXPECT_EQ(Joined(forced.rows), "2024-02-01\n");
  options.date_format = "%Y%m%d";
  options.header = true;
  options.column_types = {{"d", DataType::Date()}};
  EXPECT_EQ(Joined(ReadText("d\n20240315\n", options).rows), "2024-03-15\n");
}

TEST(CsvTypesTest, JoinFollowsTheLattice) {
  auto join = [](DataType a, DataType b) {
    return JoinTypes(ColumnType{a, nullptr}, ColumnType{b, nullptr}).ToString();
  };
  EXPECT_EQ(join(DataType::BigInt(), DataType::Decimal(3, 1)), "decimal(20,1)");
  EXPECT_EQ(join(DataType::Decimal(5, 2), DataType::Decimal(6, 4)), "decimal(7,4)");
  EXPECT_EQ(join(DataType::Decimal(30, 2), DataType::Decimal(30, 20)), "double");
  EXPECT_EQ(join(DataType::BigInt(), DataType::Double()), "double");
  EXPECT_EQ(join(DataType::Double(), DataType::Varchar()), "varchar");
  EXPECT_EQ(join(DataType::Boolean(), DataType::BigInt()), "varchar");
  EXPECT_EQ(join(DataType::Date(), DataType::Timestamp()), "timestamp(6)");
  EXPECT_EQ(join(DataType::Timestamp(), DataType::TimestampTz()), "varchar");
  EXPECT_EQ(join(DataType::Date(), DataType::BigInt()), "varchar");
}

/// `rows` rows whose column `v` holds `value_at(i)`; the sample only sees the first 10.
std::string Rows(int rows, const std::function<std::string(int)>& value_at) {
  std::string text = "id,v\n";
  for (int i = 0; i < rows; ++i) text += std::to_string(i) + "," + value_at(i) + "\n";
  return text;
}

ReadOptions SmallSample() {
  ReadOptions options;
  options.sample_rows = 10;
  options.block_size = 4096;
  return options;
}

TEST(CsvTypesTest, WidensWithANotice) {
  std::string text = Rows(6000, [](int i) { return i == 5000 ? std::string("12.5") : std::to_string(i); });
  for (size_t threads : {1, 4}) {
    ReadOptions options = SmallSample();
    options.num_threads = threads;
    auto result = ReadText(text, options, "space.csv");
    EXPECT_EQ(TypesOf(result.schema), "bigint,decimal(20,1)");
    EXPECT_TRUE(result.widened);
    ASSERT_EQ(result.rows.size(), 6000u);
    EXPECT_EQ(result.rows[5000][1], "12.5");
    EXPECT_EQ(result.rows[0][1], "0");  // returned before the widening, as bigint
    ASSERT_EQ(result.stats.notices.size(), 1u);
    EXPECT_EQ(result.stats.notices[0],
              "space.csv:5002: column 2 'v': type widened from bigint to decimal(20,1) to hold "
              "'12.5'");
    // Chunks before the widening keep bigint; later ones have the new type.
    EXPECT_EQ(result.chunk_types.front()[1], DataType::BigInt());
    EXPECT_EQ(result.chunk_types.back()[1], DataType::Decimal(20, 1));
  }
}

TEST(CsvTypesTest, WidensStepByStepToVarchar) {
  std::string text = Rows(6000, [](int i) {
    if (i == 3000) return std::string("1.25");
    if (i == 4000) return std::string("1e300");
    if (i == 5000) return std::string("n/a");
    return std::to_string(i);
  });
  auto result = ReadText(text, SmallSample(), "s.csv");
  EXPECT_EQ(TypesOf(result.schema), "bigint,varchar");
  ASSERT_EQ(result.stats.notices.size(), 3u);
  EXPECT_NE(result.stats.notices[0].find("s.csv:3002: column 2 'v': type widened from bigint to decimal(21,2)"),
            std::string::npos) << result.stats.notices[0];
  EXPECT_NE(result.stats.notices[1].find("s.csv:4002: column 2 'v': type widened from decimal(21,2) to double"),
            std::string::npos) << result.stats.notices[1];
  EXPECT_NE(result.stats.notices[2].find("s.csv:5002: column 2 'v': type widened from double to varchar to hold 'n/a'"),
            std::string::npos) << result.stats.notices[2];
  // Nothing lost: the varchar rows keep the text as written.
  EXPECT_EQ(result.rows[5999][1], "5999");
  EXPECT_EQ(result.rows[5000][1], "n/a");
}

TEST(CsvTypesTest, WideningBeforeAnyRowIsNotASchemaChange) {
  ReadOptions options;
  options.sample_rows = 2;
  auto result = ReadText("v\n1\n2\nx\n", options);
  EXPECT_EQ(TypesOf(result.schema), "varchar");
  EXPECT_FALSE(result.widened);  // no bigint rows were returned before it widened
  EXPECT_EQ(result.stats.notices.size(), 1u);
  EXPECT_EQ(Joined(result.rows), "1\n2\nx\n");
}

TEST(CsvTypesTest, DecimalsWidenInsteadOfRounding) {
  ReadOptions options;
  options.sample_rows = 2;
  auto result = ReadText("v\n1.5\n2.25\n3.125\n123456.5\n", options);
  EXPECT_EQ(TypesOf(result.schema), "decimal(9,3)");
  EXPECT_EQ(Joined(result.rows), "1.500\n2.250\n3.125\n123456.500\n");
}

TEST(CsvTypesTest, LeadingZerosWidenToVarchar) {
  ReadOptions options;
  options.sample_rows = 2;
  auto result = ReadText("zip\n12345\n23456\n00501\n", options);
  EXPECT_EQ(TypesOf(result.schema), "varchar");
  EXPECT_EQ(Joined(result.rows), "12345\n23456\n00501\n");
}

TEST(CsvTypesTest, StrictTypesFail) {
  std::string text = Rows(300, [](int i) { return i == 200 ? std::string("oops") : std::to_string(i); });
  ReadOptions options = SmallSample();
  options.strict_types = true;
  EXPECT_EQ(ErrorOf(text, options),
            "test.csv:202: column 2 'v': 'oops' is not a valid bigint (the type was inferred "
            "from a sample, and strict_types forbids widening it)");
  options.on_error = formats::OnError::kSkip;  // strict is not a bad-row policy
  EXPECT_THROW(ReadText(text, options), FormatError);
}

TEST(CsvTypesTest, ExplicitTypesNeverWiden) {
  std::string text = Rows(300, [](int i) { return i == 200 ? std::string("12.5") : std::to_string(i); });
  ReadOptions options = SmallSample();
  options.column_types = {{"v", DataType::BigInt()}};
  EXPECT_EQ(ErrorOf(text, options), "test.csv:202: column 2 'v': '12.5' is not a valid bigint");
  options.on_error = formats::OnError::kNull;
  auto result = ReadText(text, options);
  EXPECT_EQ(TypesOf(result.schema), "bigint,bigint");
  EXPECT_EQ(result.rows[200][1], "NULL");
  EXPECT_TRUE(result.stats.notices.empty());
}

TEST(CsvTypesTest, SampleSpreadOverALargeInputSeesLateValues) {
  // Over 8 MiB the sample includes blocks from further in; a decimal there is seen.
  std::string text = "id,v\n";
  int i = 0;
  while (text.size() < (9u << 20)) {
    text += std::to_string(i) + "," + (i > 400000 ? std::to_string(i) + ".5" : std::to_string(i)) + "\n";
    ++i;
  }
  testing::TempDir dir;
  std::string path = dir.Write("big.csv", text);
  SniffResult sniff = Sniff(path, ReadOptions{});
  EXPECT_EQ(TypesOf(sniff.schema), "bigint,decimal(7,1)");
  EXPECT_GT(sniff.rows_sampled, 10000u);
}

}  // namespace
}  // namespace sluice::csv
