// The JSON-lines writer: the canonical bytes of every type and every escaping rule.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/base64.h"
#include "formats/json/json_text.h"
#include "formats/json/writer.h"
#include "json_test_support.h"

namespace sluice::json {
namespace {

using test_support::MakeChunk;
using test_support::StringOutput;
using test_support::TextRow;

std::string WriteJson(const Schema& schema, const std::vector<TextRow>& rows) {
  StringOutput out;
  auto writer = MakeWriter(&out, schema);
  writer->Write(MakeChunk(schema, rows));
  writer->Finish();
  return out.bytes;
}

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonString(&out, text);
  return out;
}

TEST(JsonWriterTest, CanonicalLine) {
  Schema schema({Field{"event_id", DataType::BigInt()}, Field{"company_id", DataType::Integer()},
                 Field{"event_ts", DataType::Timestamp()},
                 Field{"people_count", DataType::BigInt()}, Field{"note", DataType::Varchar()}});
  EXPECT_EQ(WriteJson(schema, {{"1", "7", "2024-03-01 08:15:30.25", std::nullopt, "it's |odd\\"}}),
            "{\"event_id\":1,\"company_id\":7,\"event_ts\":\"2024-03-01 08:15:30.25\","
            "\"people_count\":null,\"note\":\"it's |odd\\\\\"}\n");
}

TEST(JsonWriterTest, EveryType) {
  Schema schema({Field{"b", DataType::Boolean()}, Field{"t", DataType::TinyInt()},
                 Field{"s", DataType::SmallInt()}, Field{"i", DataType::Integer()},
                 Field{"l", DataType::BigInt()}, Field{"r", DataType::Real()},
                 Field{"d", DataType::Double()}, Field{"m", DataType::Decimal(10, 2)},
                 Field{"w", DataType::Decimal(38, 3)}, Field{"z", DataType::Decimal(5, 0)},
                 Field{"day", DataType::Date()}, Field{"ts", DataType::Timestamp()},
                 Field{"tz", DataType::TimestampTz()}, Field{"v", DataType::Varchar()},
                 Field{"bin", DataType::Varbinary()}});
  EXPECT_EQ(WriteJson(schema,
                      {{"false", "-128", "32767", "-7", "-9223372036854775808", "0.1", "3", "12.5",
                        "-12345678901234567890123.456", "42", "2024-02-29", "2024-03-01 00:00:00",
                        "2024-03-01 09:15:30.5 Europe/Berlin", "", "hi!"}}),
            "{\"b\":false,\"t\":-128,\"s\":32767,\"i\":-7,\"l\":-9223372036854775808,\"r\":0.1,"
            "\"d\":3.0,\"m\":12.50,\"w\":-12345678901234567890123.456,\"z\":42,"
            "\"day\":\"2024-02-29\",\"ts\":\"2024-03-01 00:00:00\","
            "\"tz\":\"2024-03-01 09:15:30.5 Europe/Berlin\",\"v\":\"\",\"bin\":\"aGkh\"}\n");
}

TEST(JsonWriterTest, NullIsNullAndEmptyStringIsEmpty) {
  Schema schema({Field{"a", DataType::Varchar()}, Field{"b", DataType::Date()}});
  EXPECT_EQ(WriteJson(schema, {{"", std::nullopt}, {std::nullopt, "2024-01-01"}}),
            "{\"a\":\"\",\"b\":null}\n{\"a\":null,\"b\":\"2024-01-01\"}\n");
}

TEST(JsonWriterTest, DoublesKeepAPointOrExponentAndSpecialsAreStrings) {
  Schema schema({Field{"d", DataType::Double()}});
  EXPECT_EQ(WriteJson(schema, {{"1"},
                               {"-0.5"},
                               {"1e20"},
                               {"1e-7"},
                               {"NaN"},
                               {"Infinity"},
                               {"-Infinity"},
                               {"123456789.125"}}),
            "{\"d\":1.0}\n{\"d\":-0.5}\n{\"d\":1e+20}\n{\"d\":1e-07}\n{\"d\":\"NaN\"}\n"
            "{\"d\":\"Infinity\"}\n{\"d\":\"-Infinity\"}\n{\"d\":123456789.125}\n");
}

TEST(JsonWriterTest, StringEscapes) {
  EXPECT_EQ(Escaped("\"\\\n\r\t\b\f"), "\"\\\"\\\\\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(Escaped(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\\u007f\"");
  EXPECT_EQ(Escaped(std::string("nul\0byte", 8)), "\"nul\\u0000byte\"");
  EXPECT_EQ(Escaped("a/b"), "\"a/b\"");
  // Valid UTF-8 stays as it is: 2-, 3- and 4-byte sequences.
  EXPECT_EQ(Escaped("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  // A long clean run exercises the word-at-a-time scan.
  std::string long_text(1000, 'x');
  long_text[997] = '"';
  EXPECT_EQ(Escaped(long_text), "\"" + std::string(997, 'x') + "\\\"xx\"");
}

TEST(JsonWriterTest, InvalidUtf8BytesBecomeOneEscapeEach) {
  EXPECT_EQ(Escaped("a\xFF"
                    "b"),
            "\"a\\u00ffb\"");
  EXPECT_EQ(Escaped("\xC3"), "\"\\u00c3\"");                                   // truncated sequence
  EXPECT_EQ(Escaped("\xC0\xAF"), "\"\\u00c0\\u00af\"");                        // overlong '/'
  EXPECT_EQ(Escaped("\xED\xA0\x80"), "\"\\u00ed\\u00a0\\u0080\"");             // surrogate
  EXPECT_EQ(Escaped("\xF4\x90\x80\x80"), "\"\\u00f4\\u0090\\u0080\\u0080\"");  // > U+10FFFF
  EXPECT_EQ(Escaped("\xE2\x82"
                    "x"),
            "\"\\u00e2\\u0082x\"");
}

TEST(JsonWriterTest, KeysAreEscapedToo) {
  Schema schema({Field{"we\"ird\nkey", DataType::BigInt()}});
  EXPECT_EQ(WriteJson(schema, {{"1"}}), "{\"we\\\"ird\\nkey\":1}\n");
}

TEST(JsonWriterTest, EmptySchemaWritesEmptyObjects) {
  StringOutput out;
  auto writer = MakeWriter(&out, Schema());
  Chunk chunk(std::vector<DataType>{});
  chunk.set_size(2);
  writer->Write(chunk);
  writer->Finish();
  EXPECT_EQ(out.bytes, "{}\n{}\n");
}

TEST(Base64Test, EncodeAndDecode) {
  for (std::string bytes :
       {std::string(""), std::string("f"), std::string("fo"), std::string("foo"),
        std::string("foob"), std::string("\0\xff\x10", 3)}) {
    std::string encoded;
    AppendBase64(&encoded, bytes);
    std::string decoded;
    ASSERT_TRUE(DecodeBase64(encoded, &decoded)) << encoded;
    EXPECT_EQ(decoded, bytes);
  }
  std::string out;
  AppendBase64(&out, "foobar");
  EXPECT_EQ(out, "Zm9vYmFy");
  std::string decoded;
  EXPECT_TRUE(DecodeBase64("Zm8", &decoded));  // padding may be omitted
  EXPECT_EQ(decoded, "fo");
  decoded.clear();
  EXPECT_FALSE(DecodeBase64("Zm9v!", &decoded));
  decoded.clear();
  EXPECT_FALSE(DecodeBase64("Z", &decoded));
  decoded.clear();
  EXPECT_FALSE(DecodeBase64("Zm=v", &decoded));
  decoded.clear();
  EXPECT_FALSE(DecodeBase64("Zm9=", &decoded));  // non-zero leftover bits
}

}  // namespace
}  // namespace sluice::json

namespace sluice::json {
namespace {

TEST(JsonWriterTest, SeveralFormattingThreadsWriteTheSameBytes) {
  Schema schema({Field{"n", DataType::BigInt()}, Field{"s", DataType::Varchar()},
                 Field{"d", DataType::Double()}});
  std::vector<TextRow> rows;
  for (int r = 0; r < 2000; ++r) {
    rows.push_back({std::to_string(r),
                    r % 3 == 0 ? std::optional<std::string>() : "v\"" + std::to_string(r),
                    std::to_string(r) + ".5"});
  }
  Chunk chunk = MakeChunk(schema, rows);
  std::string expected;
  for (size_t threads : {size_t{1}, size_t{2}, size_t{5}, size_t{0}}) {
    StringOutput out;
    WriteOptions options;
    options.num_threads = threads;
    auto writer = MakeWriter(&out, schema, options);
    writer->Write(chunk);
    writer->Finish();
    if (threads == 1) expected = out.bytes;
    EXPECT_EQ(out.bytes, expected) << threads << " threads";
  }
  EXPECT_EQ(expected.substr(0, 42), "{\"n\":0,\"s\":null,\"d\":0.5}\n{\"n\":1,\"s\":\"v\\\"1\"");
}

}  // namespace
}  // namespace sluice::json
