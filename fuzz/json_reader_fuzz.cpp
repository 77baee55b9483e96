// libFuzzer target: arbitrary bytes through the JSON-lines reader, drained to the end.
// Any sluice::Error is an expected outcome; crashes, leaks, sanitizer reports and any
// other exception are bugs.
//
// When the read succeeds without widening, the rows are also written as JSON and read
// back with the schema as explicit types: writing that again must give the same bytes
// (the writer's text always reads back as the same values).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/error.h"
#include "formats/json/reader.h"
#include "formats/json/writer.h"
#include "io/memory_streams.h"

namespace {

using StringOutput = sluice::io::StringOutputStream;

/// Reads `text` to the end; returns the chunks, or nothing when the schema widened.
bool ReadAll(std::string text, const sluice::json::ReadOptions& options,
             std::vector<sluice::Chunk>* chunks, sluice::Schema* schema) {
  auto reader = sluice::json::OpenReaderFromBuffer(std::move(text), "fuzz.json", options);
  sluice::Chunk chunk;
  while (reader->Next(&chunk)) chunks->push_back(std::move(chunk));
  *schema = reader->schema();
  return !reader->schema_widened();
}

std::string WriteAll(const sluice::Schema& schema, const std::vector<sluice::Chunk>& chunks) {
  StringOutput out;
  auto writer = sluice::json::MakeWriter(&out, schema);
  for (const sluice::Chunk& chunk : chunks) writer->Write(chunk);
  writer->Finish();
  return out.bytes;
}

void CheckRoundTrip(const sluice::Schema& schema, const std::vector<sluice::Chunk>& chunks) {
  std::string first = WriteAll(schema, chunks);
  sluice::json::ReadOptions options;
  options.num_threads = 1;
  for (const sluice::Field& field : schema.fields()) {
    options.columns.push_back(field.name);
    options.column_types.emplace_back(field.name, field.type);
  }
  std::vector<sluice::Chunk> again;
  sluice::Schema again_schema;
  ReadAll(first, options, &again, &again_schema);
  if (WriteAll(again_schema, again) != first) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first byte picks the options, so one corpus covers the policies and the
  // block splitting; the rest is the input.
  if (size == 0) return 0;
  uint8_t selector = data[0];
  ++data;
  --size;
  sluice::json::ReadOptions options;
  options.num_threads = 1;
  options.block_size = (selector & 1) ? 64 : 4096;
  options.sample_rows = (selector & 2) ? 2 : 100;
  options.on_error = (selector & 4)   ? sluice::formats::OnError::kSkip
                     : (selector & 8) ? sluice::formats::OnError::kNull
                                      : sluice::formats::OnError::kFail;
  options.strict_types = (selector & 16) != 0;
  if (selector & 32) {
    options.column_types = {{"a", sluice::DataType::BigInt()},
                            {"b", sluice::DataType::Decimal(10, 2)},
                            {"c", sluice::DataType::TimestampTz()},
                            {"d", sluice::DataType::Varbinary()}};
  }
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<sluice::Chunk> chunks;
  sluice::Schema schema;
  bool consistent = false;
  try {
    consistent = ReadAll(std::move(text), options, &chunks, &schema);
  } catch (const sluice::Error&) {
    return 0;
  }
  if (consistent) CheckRoundTrip(schema, chunks);
  return 0;
}
