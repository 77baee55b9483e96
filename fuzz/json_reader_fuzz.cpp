// libFuzzer target: arbitrary bytes through the JSON-lines reader, drained to the end.
// Any sluice::Error is an expected outcome; crashes, leaks, sanitizer reports and any
// other exception are bugs.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/chunk.h"
#include "core/error.h"
#include "formats/json/reader.h"

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
  try {
    auto reader = sluice::json::OpenReaderFromBuffer(std::move(text), "fuzz.json", options);
    sluice::Chunk chunk;
    while (reader->Next(&chunk)) {
    }
  } catch (const sluice::Error&) {
  }
  return 0;
}
