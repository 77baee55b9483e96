// libFuzzer target of the CSV reader: the first two bytes choose the options (dialect,
// bad-row policy, block size, threads, types), the rest is the file. A sluice::Error is
// a fine outcome; any other exception, crash, leak or sanitizer report is a bug. When
// the options ask for threads, the input is read with 1 and with 3 threads and both
// reads must agree exactly (rows, values, counters, notices, error message).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/error.h"
#include "core/value_format.h"
#include "formats/csv/reader.h"

namespace {

sluice::csv::ReadOptions OptionsFrom(uint8_t a, uint8_t b) {
  using sluice::csv::EscapeMode;
  sluice::csv::ReadOptions options;
  switch (a & 3) {
    case 0: break;  // sniff everything
    case 1: options.preset = "redshift-unload"; break;
    case 2: options.preset = "rfc4180"; break;
    case 3:
      options.delimiter = '|';
      options.escape_mode = EscapeMode::kEscapeChar;
      options.escape = '\\';
      options.null_strings = std::vector<std::string>{"\\N", ""};
      options.null_if_quoted = (a & 0x80) != 0;
      break;
  }
  switch ((a >> 2) & 3) {
    case 0: options.on_error = sluice::formats::OnError::kFail; break;
    case 1: options.on_error = sluice::formats::OnError::kSkip; break;
    default: options.on_error = sluice::formats::OnError::kNull; break;
  }
  options.block_size = (a & 0x10) ? size_t{1} + (b & 0x3f) * 3 : size_t{1} << 16;
  options.strict_types = (a & 0x40) != 0;
  if (b & 0x40) {
    options.comment = "#";
    options.skip_rows = 1;
  }
  if (b & 0x80) {
    options.header = false;
    options.column_types = {{"column0", sluice::DataType::BigInt()},
                            {"column1", sluice::DataType::Decimal(10, 2)},
                            {"column2", sluice::DataType::Date()}};
  }
  options.sample_rows = 1 + (b & 7) * 4;
  options.max_record_size = 4096;
  return options;
}

/// Everything a read shows, as text.
std::string Read(const std::string& text, sluice::csv::ReadOptions options) {
  std::string out;
  try {
    auto reader = sluice::csv::OpenReaderFromBuffer(text, "fuzz.csv", options);
    sluice::Chunk chunk;
    uint64_t rows = 0;
    sluice::TextStyle style;
    while (reader->Next(&chunk)) {
      if (chunk.num_columns() != reader->schema().num_fields()) __builtin_trap();
      for (size_t c = 0; c < chunk.num_columns(); ++c) {
        if (chunk.column(c).type() != reader->schema().field(c).type) __builtin_trap();
      }
      for (size_t r = 0; r < chunk.size(); ++r) {
        for (size_t c = 0; c < chunk.num_columns(); ++c) {
          if (chunk.column(c).IsNull(r)) {
            out += "NULL";
          } else {
            sluice::AppendValue(&out, chunk.column(c), r, style);
          }
          out += '|';
        }
        out += '\n';
      }
      rows += chunk.size();
    }
    const auto& stats = reader->stats();
    if (rows != stats.rows_read) __builtin_trap();
    out += reader->schema().ToString();
    out += std::to_string(stats.rows_read) + " " + std::to_string(stats.rows_rejected) + " " +
           std::to_string(stats.rows_nulled) + " " + std::to_string(stats.values_nulled) + " " +
           std::to_string(stats.bytes_read) + "\n";
    for (const std::string& notice : stats.notices) out += notice + "\n";
  } catch (const sluice::InternalError&) {
    __builtin_trap();  // a broken invariant is a bug
  } catch (const sluice::Error& e) {
    out += std::string("error: ") + e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  sluice::csv::ReadOptions options = OptionsFrom(data[0], data[1]);
  std::string text(reinterpret_cast<const char*>(data) + 2, size - 2);
  options.num_threads = 1;
  std::string one = Read(text, options);
  if (data[0] & 0x20) {
    options.num_threads = 3;
    if (Read(text, options) != one) __builtin_trap();  // threads must not change anything
  }
  return 0;
}
