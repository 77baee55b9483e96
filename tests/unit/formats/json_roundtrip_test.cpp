// Round trips: every type survives JSON → read → JSON byte for byte, and rows taken
// through JSON give the same Redshift UNLOAD CSV bytes as the original rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/csv/options.h"
#include "formats/csv/reader.h"
#include "formats/csv/writer.h"
#include "formats/json/reader.h"
#include "formats/json/writer.h"
#include "json_test_support.h"

namespace sluice::json {
namespace {

using test_support::MakeChunk;
using test_support::StringOutput;
using test_support::TextRow;

Schema EveryTypeSchema() {
  return Schema({Field{"b", DataType::Boolean()}, Field{"t", DataType::TinyInt()},
                 Field{"s", DataType::SmallInt()}, Field{"i", DataType::Integer()},
                 Field{"l", DataType::BigInt()}, Field{"r", DataType::Real()},
                 Field{"d", DataType::Double()}, Field{"m", DataType::Decimal(10, 2)},
                 Field{"w", DataType::Decimal(38, 6)}, Field{"day", DataType::Date()},
                 Field{"ts", DataType::Timestamp()}, Field{"tz", DataType::TimestampTz()},
                 Field{"v", DataType::Varchar()}, Field{"bin", DataType::Varbinary()}});
}

std::vector<TextRow> EveryTypeRows() {
  return {
      {"true", "-128", "-32768", "-2147483648", "-9223372036854775808", "3.4028235e38",
       "1.7976931348623157e308", "-99999999.99", "-99999999999999999999999999999999.999999",
       "0001-01-01", "1970-01-01 00:00:00", "2024-03-01 09:15:30.5 Europe/Berlin",
       "it's |odd\\ \"quoted\"\n\r\t\b\f\x01\x7f/ caf\xC3\xA9 \xF0\x9F\x98\x80",
       std::string("\0\xff\x80 bytes", 9)},
      {"false", "127", "32767", "2147483647", "9223372036854775807", "1e-45", "5e-324", "0.01",
       "0.000001", "9999-12-31", "2024-02-29 23:59:59.999999", "1969-12-31 23:59:59.000001 +05:30",
       "", ""},
      {std::nullopt, "0", "0", "0", "0", "-0.0", "NaN", "0", "0", "1970-01-01",
       "2024-03-01 08:15:30.25", "2024-03-01 08:15:30 UTC", "\\N", "x"},
      {"true", "1", "2", "3", "4", "Infinity", "-Infinity", "12.5", "1", "2000-02-29",
       "1900-01-01 12:00:00", "2024-07-01 12:00:00 America/New_York", "NULL", std::nullopt},
      {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       std::nullopt, std::nullopt},
  };
}

std::string WriteJson(const Schema& schema, const std::vector<Chunk>& chunks) {
  StringOutput out;
  auto writer = MakeWriter(&out, schema);
  for (const Chunk& chunk : chunks) writer->Write(chunk);
  writer->Finish();
  return out.bytes;
}

std::string WriteRedshiftCsv(const Schema& schema, const std::vector<Chunk>& chunks) {
  StringOutput out;
  csv::WriteOptions options;
  options.dialect = csv::RedshiftUnloadDialect();
  auto writer = csv::MakeWriter(&out, schema, options);
  for (const Chunk& chunk : chunks) writer->Write(chunk);
  writer->Finish();
  return out.bytes;
}

ReadOptions TypesOf(const Schema& schema) {
  ReadOptions options;
  for (const Field& field : schema.fields()) {
    options.columns.push_back(field.name);
    options.column_types.emplace_back(field.name, field.type);
  }
  return options;
}

std::vector<Chunk> ReadBack(const std::string& json, const ReadOptions& options, Schema* schema) {
  auto reader = OpenReaderFromBuffer(json, "roundtrip.json", options);
  std::vector<Chunk> chunks = test_support::ReadAllChunks(*reader);
  EXPECT_FALSE(reader->schema_widened());
  EXPECT_EQ(reader->stats().rows_rejected, 0u);
  *schema = reader->schema();
  return chunks;
}

TEST(JsonRoundTripTest, EveryTypeSurvivesWithItsTypes) {
  Schema schema = EveryTypeSchema();
  std::vector<Chunk> original;
  original.push_back(MakeChunk(schema, EveryTypeRows()));
  std::string json = WriteJson(schema, original);
  Schema read_schema;
  std::vector<Chunk> chunks = ReadBack(json, TypesOf(schema), &read_schema);
  EXPECT_EQ(read_schema, schema);
  EXPECT_EQ(WriteJson(read_schema, chunks), json);
}

TEST(JsonRoundTripTest, InferredTypesSurviveForTypesJsonCanShow) {
  // BIGINT, DECIMAL, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP WITH TIME ZONE and VARCHAR
  // come back by inference alone (DECIMAL with a smaller precision, same text).
  Schema schema({Field{"b", DataType::Boolean()}, Field{"l", DataType::BigInt()},
                 Field{"m", DataType::Decimal(10, 2)}, Field{"day", DataType::Date()},
                 Field{"ts", DataType::Timestamp()}, Field{"tz", DataType::TimestampTz()},
                 Field{"v", DataType::Varchar()}});
  std::vector<TextRow> rows = {
      {"true", "-9223372036854775808", "-99999999.99", "0001-01-01", "1970-01-01 00:00:00",
       "2024-03-01 09:15:30.5 Europe/Berlin", "it's \"odd\"\n"},
      {"false", "42", "12.5", "2024-02-29", "2024-03-01 08:15:30.25", "2024-03-01 08:15:30 UTC",
       ""},
      {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       std::nullopt}};
  std::vector<Chunk> original;
  original.push_back(MakeChunk(schema, rows));
  std::string json = WriteJson(schema, original);
  Schema inferred;
  std::vector<Chunk> chunks = ReadBack(json, ReadOptions{}, &inferred);
  EXPECT_EQ(inferred.ToString(),
            "b boolean\nl bigint\nm decimal(10,2)\nday date\nts timestamp(6)\n"
            "tz timestamp(6) with time zone\nv varchar\n");
  EXPECT_EQ(WriteJson(inferred, chunks), json);
}

TEST(JsonRoundTripTest, RedshiftCsvThroughJsonIsByteIdentical) {
  Schema schema = EveryTypeSchema();
  std::vector<Chunk> original;
  original.push_back(MakeChunk(schema, EveryTypeRows()));
  std::string csv = WriteRedshiftCsv(schema, original);
  Schema read_schema;
  std::vector<Chunk> through_json =
      ReadBack(WriteJson(schema, original), TypesOf(schema), &read_schema);
  EXPECT_EQ(WriteRedshiftCsv(read_schema, through_json), csv);
}

TEST(JsonRoundTripTest, ManyChunksAcrossBlocks) {
  Schema schema({Field{"id", DataType::BigInt()}, Field{"amount", DataType::Decimal(12, 2)},
                 Field{"note", DataType::Varchar()}});
  std::vector<Chunk> original;
  for (int c = 0; c < 10; ++c) {
    std::vector<TextRow> rows;
    for (int r = 0; r < 1000; ++r) {
      int id = c * 1000 + r;
      rows.push_back(
          {std::to_string(id), std::to_string(id) + "." + std::to_string(id % 10) + "5",
           id % 5 == 0 ? std::optional<std::string>() : "note \"" + std::to_string(id) + "\""});
    }
    original.push_back(MakeChunk(schema, rows));
  }
  std::string json = WriteJson(schema, original);
  ReadOptions options = TypesOf(schema);
  options.block_size = 4096;
  options.num_threads = 3;
  Schema read_schema;
  std::vector<Chunk> chunks = ReadBack(json, options, &read_schema);
  EXPECT_EQ(WriteJson(read_schema, chunks), json);
  EXPECT_EQ(WriteRedshiftCsv(read_schema, chunks), WriteRedshiftCsv(schema, original));
}

TEST(JsonRoundTripTest, RedshiftFileToJsonAndBackIsByteIdentical) {
  // CSV bytes as Redshift UNLOAD writes them → CSV reader → JSON → JSON reader → CSV.
  std::string unload =
      "\"1\"|\"7\"|\"2024-03-01 08:15:30.25\"|\\N|\"it\\'s \\|odd\\\\\"\n"
      "\"2\"|\\N|\"2024-03-01 09:00:00\"|\"12\"|\"line\\\nbreak \\\"q\\\" \\\\N\"\n"
      "\"3\"|\"8\"|\\N|\"0\"|\"\"\n";
  Schema schema({Field{"event_id", DataType::BigInt()}, Field{"company_id", DataType::BigInt()},
                 Field{"event_ts", DataType::Timestamp()},
                 Field{"people_count", DataType::BigInt()}, Field{"note", DataType::Varchar()}});
  csv::ReadOptions csv_options;
  csv_options.preset = "redshift-unload";
  for (const Field& field : schema.fields()) {
    csv_options.column_names.push_back(field.name);
    csv_options.column_types.emplace_back(field.name, field.type);
  }
  auto csv_reader = csv::OpenReaderFromBuffer(unload, "unload.csv", csv_options);
  std::vector<Chunk> from_csv = test_support::ReadAllChunks(*csv_reader);
  ASSERT_EQ(csv_reader->schema(), schema);
  std::string json = WriteJson(schema, from_csv);
  EXPECT_EQ(json.substr(0, json.find('\n') + 1),
            "{\"event_id\":1,\"company_id\":7,\"event_ts\":\"2024-03-01 08:15:30.25\","
            "\"people_count\":null,\"note\":\"it's |odd\\\\\"}\n");
  Schema read_schema;
  std::vector<Chunk> from_json = ReadBack(json, TypesOf(schema), &read_schema);
  EXPECT_EQ(WriteRedshiftCsv(read_schema, from_json), unload);
  // Inference gets the same types from the JSON alone.
  std::vector<Chunk> inferred = ReadBack(json, ReadOptions{}, &read_schema);
  EXPECT_EQ(read_schema, schema);
  EXPECT_EQ(WriteRedshiftCsv(read_schema, inferred), unload);
}

}  // namespace
}  // namespace sluice::json
