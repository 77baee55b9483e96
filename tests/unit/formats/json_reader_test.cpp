// The JSON-lines reader: inference, widening, bad lines under each policy, input forms.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "formats/json/reader.h"
#include "io/compression.h"
#include "json_test_support.h"

namespace sluice::json {
namespace {

using test_support::ReadAllText;
using Rows = std::vector<std::vector<std::string>>;

std::unique_ptr<formats::Reader> Open(const std::string& text, ReadOptions options = {}) {
  return OpenReaderFromBuffer(text, "test.json", options);
}

std::string Types(const Schema& schema) {
  std::string out;
  for (const Field& field : schema.fields()) {
    if (!out.empty()) out += ", ";
    out += field.name + " " + field.type.ToString();
  }
  return out;
}

/// A file in a fresh temporary folder, removed with the fixture.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("sluice-json-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

void WriteFile(const std::string& path, const std::string& bytes,
               io::Compression compression = io::Compression::kNone) {
  io::AtomicFileWriter file(path);
  auto stream = io::MakeCompressingStream(&file, compression);
  stream->Write(bytes);
  stream->Finish();
  file.Commit();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(JsonReaderTest, InfersKeysInFirstSeenOrderAndTypes) {
  auto reader = Open(
      "{\"id\":1,\"price\":12.50,\"ok\":true,\"when\":\"2024-03-01\"}\n"
      "{\"id\":2,\"extra\":null,\"price\":3,\"ok\":false,\"when\":\"2024-03-02\",\"ratio\":1e3}\n"
      "{\"id\":3,\"at\":\"2024-03-01 "
      "08:15:30.25\",\"zoned\":\"2024-03-01T08:15:30Z\",\"ratio\":2.5}\n");
  EXPECT_EQ(Types(reader->schema()),
            "id bigint, price decimal(4,2), ok boolean, when date, extra varchar, "
            "ratio double, at timestamp(6), zoned timestamp(6) with time zone");
  EXPECT_EQ(ReadAllText(*reader),
            (Rows{{"1", "12.50", "true", "2024-03-01", "NULL", "NULL", "NULL", "NULL"},
                  {"2", "3.00", "false", "2024-03-02", "NULL", "1000", "NULL", "NULL"},
                  {"3", "NULL", "NULL", "NULL", "NULL", "2.5", "2024-03-01 08:15:30.25",
                   "2024-03-01 08:15:30 UTC"}}));
  EXPECT_FALSE(reader->schema_widened());
  EXPECT_EQ(reader->stats().rows_read, 3u);
}

TEST(JsonReaderTest, MixedKindsAndNestedValuesAreJsonText) {
  auto reader = Open(
      "{\"m\":1,\"n\":{ \"a\" : [1, 2.50, \"x\\\"y\"] , \"b\":null},\"s\":\"plain\"}\n"
      "{\"m\":\"two\",\"n\":[ ],\"s\":\"2024-01-01\"}\n"
      "{\"m\":true,\"n\":{},\"s\":\"t\\u00e9\"}\n");
  EXPECT_EQ(Types(reader->schema()), "m varchar, n varchar, s varchar");
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"1", "{\"a\":[1,2.50,\"x\\\"y\"],\"b\":null}", "plain"},
                                        {"two", "[]", "2024-01-01"},
                                        {"true", "{}", "t\xC3\xA9"}}));
}

TEST(JsonReaderTest, NumberLattice) {
  auto reader = Open(
      "{\"int_dec\":7,\"dec_dbl\":1.25,\"big\":99999999999999999999,\"huge\":1,\"nan\":1.5}\n"
      "{\"int_dec\":0.125,\"dec_dbl\":1e2,\"big\":1,"
      "\"huge\":123456789012345678901234567890123456789.5,\"nan\":\"NaN\"}\n");
  EXPECT_EQ(Types(reader->schema()),
            "int_dec decimal(4,3), dec_dbl double, big decimal(20,0), huge double, nan double");
  Rows rows = ReadAllText(*reader);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"7.000", "1.25", "99999999999999999999", "1", "1.5"}));
  EXPECT_EQ(rows[1][0], "0.125");
  EXPECT_EQ(rows[1][4], "NaN");
}

TEST(JsonReaderTest, NullOnlyKeysAreVarcharAndNotesSayWhy) {
  TempDir dir;
  std::string path = dir.File("n.json");
  WriteFile(path, "{\"a\":null,\"b\":1}\n{\"a\":null,\"b\":\"x\"}\n[1]\n");
  InferResult inferred = InferSchema(path);
  EXPECT_EQ(Types(inferred.schema), "a varchar, b varchar");
  EXPECT_EQ(inferred.rows_sampled, 2u);
  ASSERT_EQ(inferred.notes.size(), 3u);
  EXPECT_NE(inferred.notes[0].find("1 of the 3 sampled lines"), std::string::npos);
  EXPECT_NE(inferred.notes[1].find("key 'a': only nulls"), std::string::npos);
  EXPECT_NE(inferred.notes[2].find("key 'b': mixes kinds"), std::string::npos);
}

TEST(JsonReaderTest, DateLikeStringsNeedTheIsoShapeEverywhere) {
  auto reader = Open("{\"d\":\"2024-03-01\"}\n{\"d\":\"2024-3-1\"}\n");
  EXPECT_EQ(Types(reader->schema()), "d varchar");
  reader = Open(
      "{\"d\":\"2024-03-01\",\"t\":\"2024-03-01 10:00\"}\n"
      "{\"d\":\"2024-02-30\",\"t\":\"2024-03-01\"}\n");
  EXPECT_EQ(Types(reader->schema()), "d varchar, t timestamp(6)");
  reader = Open("{\"z\":\"2024-03-01 10:00:00+02:00\"}\n{\"z\":\"2024-03-01 10:00:00\"}\n");
  EXPECT_EQ(Types(reader->schema()), "z varchar");
}

TEST(JsonReaderTest, WideningAfterTheSampleInTheFirstBlock) {
  ReadOptions options;
  options.sample_rows = 2;
  auto reader = Open("{\"n\":1}\n{\"n\":2}\n{\"n\":2.5}\n{\"n\":\"x\"}\n", options);
  // The first block is parsed on open: the schema is already widened and consistent.
  EXPECT_EQ(Types(reader->schema()), "n varchar");
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"1"}, {"2"}, {"2.5"}, {"x"}}));
  EXPECT_FALSE(reader->schema_widened());
  ASSERT_EQ(reader->stats().notices.size(), 2u);
  EXPECT_EQ(reader->stats().notices[0],
            "test.json:3: key 'n': 2.5 does not fit the type bigint; column widened to "
            "decimal(20,1)");
  EXPECT_EQ(reader->stats().notices[1],
            "test.json:4: key 'n': \"x\" does not fit the type decimal(20,1); column widened "
            "to varchar");
}

TEST(JsonReaderTest, WideningInALaterBlockIsReported) {
  ReadOptions options;
  options.sample_rows = 2;
  options.block_size = 16;
  options.num_threads = 1;
  auto reader = Open("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4.25}\n{\"k\":true}\n", options);
  EXPECT_EQ(Types(reader->schema()), "n bigint");
  Chunk chunk;
  std::vector<std::string> types;
  Rows rows;
  while (reader->Next(&chunk)) {
    types.push_back(chunk.column(0).type().ToString());
    for (auto& row : test_support::ChunkText(chunk)) rows.push_back(row);
  }
  EXPECT_TRUE(reader->schema_widened());
  EXPECT_EQ(Types(reader->schema()), "n decimal(21,2), k boolean");
  EXPECT_EQ(types.front(), "bigint");
  EXPECT_EQ(types.back(), "decimal(21,2)");
  EXPECT_EQ(rows.back(), (std::vector<std::string>{"NULL", "true"}));
  ASSERT_EQ(reader->stats().notices.size(), 2u);
  EXPECT_EQ(reader->stats().notices[1],
            "test.json:5: key 'k' first appears after the sampled rows; added as column 2 "
            "(boolean)");
}

TEST(JsonReaderTest, StrictTypesFailInsteadOfWidening) {
  ReadOptions options;
  options.sample_rows = 1;
  options.strict_types = true;
  try {
    auto reader = Open("{\"n\":1}\n\n{\"n\":1.5}\n", options);
    test_support::ReadAllText(*reader);
    FAIL() << "expected a FormatError";
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("test.json:3: key 'n': 1.5 does not fit the type "
                                          "bigint inferred from the sampled rows (strict",
                                          0),
              0u)
        << e.what();
  }
  try {
    auto reader = Open("{\"n\":1}\n{\"m\":1}\n", options);
    FAIL() << "expected a FormatError";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("test.json:2: key 'm' first appears after"),
              std::string::npos)
        << e.what();
  }
}

const char* kBadLines =
    "{\"id\":1,\"n\":10}\n"
    "not json\n"
    "\n"
    "[1,2]\n"
    "{\"id\":4,\"n\":\"abc\"}\n"
    "{\"id\":5,\"n\":11} extra\n"
    "{\"id\":6,\"n\":12\n"
    "{\"id\":7,\"n\":13}\n";

ReadOptions ExplicitTypes(formats::OnError policy) {
  ReadOptions options;
  options.column_types = {{"id", DataType::BigInt()}, {"n", DataType::BigInt()}};
  options.on_error = policy;
  return options;
}

TEST(JsonReaderTest, FailNamesTheLine) {
  try {
    auto reader = Open(kBadLines, ExplicitTypes(formats::OnError::kFail));
    ReadAllText(*reader);
    FAIL() << "expected a FormatError";
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()), "test.json:2: malformed JSON");
  }
  try {
    auto reader = Open("{\"id\":1}\n{\"id\":\"x\"}\n", ExplicitTypes(formats::OnError::kFail));
    ReadAllText(*reader);
    FAIL() << "expected a FormatError";
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()), "test.json:2: key 'id': \"x\" is not a valid bigint");
  }
  try {
    auto reader = Open("{\"id\":1}\n7\n", ExplicitTypes(formats::OnError::kFail));
    ReadAllText(*reader);
    FAIL() << "expected a FormatError";
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()), "test.json:2: expected a JSON object, found a number");
  }
}

TEST(JsonReaderTest, MalformedValuesNameTheColumn) {
  for (auto [text, message] :
       {std::pair{"{\"a\":1,\"b\":tru}", "test.json:1: malformed value at column 12"},
        std::pair{"{\"a\":1,,\"b\":2}", "test.json:1: malformed JSON at column 8"},
        std::pair{"{\"a\":\"x\\q\"}", "test.json:1: invalid escape sequence in a string at column 6"},
        std::pair{"{\"a\":[1,tru]}", "test.json:1: malformed value at column 6"},
        std::pair{"{\"a\":01}", "test.json:1: malformed number at column 6"}}) {
    try {
      auto reader = Open(std::string(text) + "\n");
      ReadAllText(*reader);
      ADD_FAILURE() << text;
    } catch (const FormatError& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
}

TEST(JsonReaderTest, SkipWritesRejectsWithLineNumbers) {
  TempDir dir;
  ReadOptions options = ExplicitTypes(formats::OnError::kSkip);
  options.rejects_path = dir.File("rejects.json");
  auto reader = Open(kBadLines, options);
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"1", "10"}, {"7", "13"}}));
  EXPECT_EQ(reader->stats().rows_rejected, 5u);
  EXPECT_EQ(
      ReadFile(options.rejects_path),
      "{\"file\":\"test.json\",\"line\":2,\"column\":null,\"reason\":\"malformed JSON\","
      "\"raw\":\"not json\"}\n"
      "{\"file\":\"test.json\",\"line\":4,\"column\":null,\"reason\":\"expected a JSON "
      "object, found an array\",\"raw\":\"[1,2]\"}\n"
      "{\"file\":\"test.json\",\"line\":5,\"column\":\"n\",\"reason\":\"key 'n': "
      "\\\"abc\\\" is not a valid bigint\",\"raw\":\"{\\\"id\\\":4,\\\"n\\\":\\\"abc\\\"}\"}\n"
      "{\"file\":\"test.json\",\"line\":6,\"column\":null,\"reason\":\"content after the "
      "object\",\"raw\":\"{\\\"id\\\":5,\\\"n\\\":11} extra\"}\n"
      "{\"file\":\"test.json\",\"line\":7,\"column\":null,\"reason\":\"object or array not "
      "closed\",\"raw\":\"{\\\"id\\\":6,\\\"n\\\":12\"}\n");
}

TEST(JsonReaderTest, NoEmptyChunksWhenABlockIsAllRejected) {
  ReadOptions options;
  options.on_error = formats::OnError::kSkip;
  options.block_size = 16;
  options.num_threads = 1;
  auto reader = Open("{\"a\":1}\nbad line one\nbad line two\n{\"a\":2}\n", options);
  Chunk chunk;
  std::vector<size_t> sizes;
  while (reader->Next(&chunk)) sizes.push_back(chunk.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{1, 1}));
  EXPECT_EQ(reader->stats().rows_rejected, 2u);
}

TEST(JsonReaderTest, NullMakesBadValuesAndLinesNull) {
  auto reader = Open(kBadLines, ExplicitTypes(formats::OnError::kNull));
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"1", "10"},
                                        {"NULL", "NULL"},
                                        {"NULL", "NULL"},
                                        {"4", "NULL"},
                                        {"NULL", "NULL"},
                                        {"NULL", "NULL"},
                                        {"7", "13"}}));
  EXPECT_EQ(reader->stats().rows_nulled, 5u);
  EXPECT_EQ(reader->stats().values_nulled, 1u);  // lines that are no object count as rows only
  EXPECT_EQ(reader->stats().rows_rejected, 0u);
}

TEST(JsonReaderTest, ExplicitTypesConvertLeniently) {
  ReadOptions options;
  options.column_types = {{"i", DataType::Integer()},     {"b", DataType::Boolean()},
                          {"d", DataType::Decimal(6, 2)}, {"f", DataType::Double()},
                          {"s", DataType::Varchar()},     {"bin", DataType::Varbinary()},
                          {"tz", DataType::TimestampTz()}};
  auto reader = Open(
      "{\"i\":\"42\",\"b\":1,\"d\":1.005,\"f\":\"Infinity\",\"s\":12.50,\"bin\":\"aGkh\","
      "\"tz\":\"2024-03-01 10:00:00\"}\n"
      "{\"i\":-7,\"b\":\"no\",\"d\":\"2.5e1\",\"f\":-0.0,\"s\":{\"a\": 1},\"bin\":\"\","
      "\"tz\":\"2024-03-01 10:00:00 America/New_York\"}\n",
      options);
  EXPECT_EQ(Types(reader->schema()),
            "i integer, b boolean, d decimal(6,2), f double, s varchar, bin varbinary, "
            "tz timestamp(6) with time zone");
  EXPECT_EQ(ReadAllText(*reader),
            (Rows{{"42", "true", "1.01", "Infinity", "12.50", "hi!", "2024-03-01 10:00:00 UTC"},
                  {"-7", "false", "25.00", "-0", "{\"a\":1}", "",
                   "2024-03-01 10:00:00 America/New_York"}}));
}

TEST(JsonReaderTest, ExplicitTypeErrors) {
  ReadOptions options;
  options.column_types = {{"i", DataType::TinyInt()}, {"day", DataType::Date()}};
  options.on_error = formats::OnError::kSkip;
  auto reader = Open(
      "{\"i\":300}\n{\"day\":20240101}\n{\"i\":[1]}\n{\"i\":1,\"day\":\"2024-01-01\"}\n", options);
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"1", "2024-01-01"}}));
  EXPECT_EQ(reader->stats().rows_rejected, 3u);
}

TEST(JsonReaderTest, OutOfRangeValuesAreBadNotUndefined) {
  // Years and digit counts beyond what the types hold are rejected (no overflow).
  ReadOptions options;
  options.column_types = {{"d", DataType::Date()}, {"t", DataType::Timestamp()},
                          {"m", DataType::Decimal(10, 2)}};
  options.on_error = formats::OnError::kNull;
  auto reader = Open(
      "{\"d\":\"9999999-01-01\",\"t\":\"999999-01-01 00:00:00\","
      "\"m\":123456789012345678901234567890123456789012345678901234567890}\n"
      "{\"d\":\"-4713-11-24\",\"t\":\"+20000-01-01 00:00:00\",\"m\":\"-99999999.994\"}\n",
      options);
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"NULL", "NULL", "NULL"},
                                        {"-4713-11-24", "20000-01-01 00:00:00", "-99999999.99"}}));
  EXPECT_EQ(reader->stats().values_nulled, 3u);
}

TEST(JsonReaderTest, ColumnsSelectAndOrderKeys) {
  ReadOptions options;
  options.columns = {"b", "missing", "a"};
  options.column_types = {{"a", DataType::Varchar()}};
  auto reader = Open("{\"a\":1,\"b\":2,\"c\":3}\n{\"c\":4,\"b\":5,\"new\":6}\n", options);
  EXPECT_EQ(Types(reader->schema()), "b bigint, missing varchar, a varchar");
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"2", "NULL", "1"}, {"5", "NULL", "NULL"}}));
  EXPECT_TRUE(reader->stats().notices.size() == 1);  // 'missing' is not in the sample
}

TEST(JsonReaderTest, InvalidOptionsAreRejected) {
  ReadOptions options;
  options.columns = {"a", "a"};
  EXPECT_THROW(Open("{}\n", options), InvalidArgumentError);
  options.columns = {"a"};
  options.column_types = {{"b", DataType::BigInt()}};
  EXPECT_THROW(Open("{}\n", options), InvalidArgumentError);
}

TEST(JsonReaderTest, KeysWithEscapesDuplicatesAndEmptyObjects) {
  auto reader = Open("{\"a\\u0062\":1,\"x\":1,\"x\":2}\n{}\n{\"ab\":3}\n");
  EXPECT_EQ(Types(reader->schema()), "ab bigint, x bigint");
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"1", "2"}, {"NULL", "NULL"}, {"3", "NULL"}}));
}

TEST(JsonReaderTest, BomCrlfBlankLinesAndNoFinalNewline) {
  auto reader = Open("\xEF\xBB\xBF{\"a\":\"x\"}\r\n\r\n  \n{\"a\":\"y\"}");
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"x"}, {"y"}}));
  // Line numbers count blank lines.
  ReadOptions options;
  options.column_types = {{"a", DataType::BigInt()}};
  try {
    auto failing = Open("\xEF\xBB\xBF{\"a\":1}\r\n\r\n{\"a\":\"y\"}\r\n", options);
    ReadAllText(*failing);
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()), "test.json:3: key 'a': \"y\" is not a valid bigint");
  }
}

TEST(JsonReaderTest, EmptyInput) {
  for (std::string text : {"", "\n\n", "\xEF\xBB\xBF"}) {
    auto reader = Open(text);
    EXPECT_EQ(reader->schema().num_fields(), 0u);
    EXPECT_TRUE(ReadAllText(*reader).empty());
  }
}

TEST(JsonReaderTest, InvalidUtf8IsABadLine) {
  ReadOptions options;
  options.on_error = formats::OnError::kSkip;
  auto reader = Open("{\"a\":\"ok\"}\n{\"a\":\"\xFF\"}\n", options);
  EXPECT_EQ(ReadAllText(*reader), (Rows{{"ok"}}));
  EXPECT_EQ(reader->stats().rows_rejected, 1u);
}

TEST(JsonReaderTest, LinesLongerThanABlock) {
  std::string long_value(100000, 'v');
  std::string text = "{\"a\":\"short\"}\n{\"a\":\"" + long_value + "\"}\n{\"a\":\"end\"}\n";
  ReadOptions options;
  options.block_size = 64;
  auto reader = Open(text, options);
  Rows rows = ReadAllText(*reader);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], long_value);
  EXPECT_EQ(rows[2][0], "end");
  EXPECT_EQ(reader->stats().bytes_read, text.size());
}

TEST(JsonReaderTest, CompressedFiles) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += "{\"i\":" + std::to_string(i) + ",\"s\":\"row " + std::to_string(i) + "\"}\n";
  }
  for (auto [compression, name] : {std::pair{io::Compression::kGzip, "a.json.gz"},
                                   std::pair{io::Compression::kZstd, "a.json.zst"},
                                   std::pair{io::Compression::kBzip2, "a.json.bz2"},
                                   std::pair{io::Compression::kGzip, "plain"}}) {
    std::string path = dir.File(name);
    WriteFile(path, text, compression);
    ReadOptions options;
    options.block_size = 4096;
    auto reader = OpenReader(path, options);
    Rows rows = ReadAllText(*reader);
    ASSERT_EQ(rows.size(), 5000u) << name;
    EXPECT_EQ(rows[4999], (std::vector<std::string>{"4999", "row 4999"}));
    EXPECT_EQ(reader->stats().bytes_read, text.size());
    EXPECT_EQ(Types(InferSchema(path).schema), "i bigint, s varchar");
  }
}

TEST(JsonReaderTest, MissingFileIsAnIOError) {
  EXPECT_THROW(OpenReader("/nonexistent/x.json"), IOError);
}

}  // namespace
}  // namespace sluice::json
