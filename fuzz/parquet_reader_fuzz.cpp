// libFuzzer target: arbitrary bytes as a Parquet file, every readable column read to
// the end, plus the `sluice schema` description. Any sluice::Error is an expected
// outcome; crashes, hangs, unbounded allocations, sanitizer reports and any other
// exception are bugs.
//
// The bytes go to a temporary file (io::InputFile reads files with pread); the first
// byte picks options (a predicate, one or two row groups ahead).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/chunk.h"
#include "core/error.h"
#include "formats/parquet/reader.h"

namespace {

std::string TempPath() {
  static const std::string path = "/tmp/sluice_parquet_fuzz_" + std::to_string(::getpid()) + ".parquet";
  return path;
}

void ReadEverything(const std::string& path, uint8_t selector) {
  auto file = sluice::parquet::ParquetFile::Open(path);
  std::string description = sluice::parquet::DescribeParquetFile(*file);
  sluice::parquet::ParquetReadOptions options;
  options.max_parallel_row_groups = (selector & 1) ? 1 : 2;
  if ((selector & 2) && !file->schema().columns.empty()) {
    options.predicates.push_back({file->schema().columns[0].name, sluice::parquet::CompareOp::kGreaterEqual,
                                  sluice::parquet::ScalarValue::BigInt(selector >> 2)});
  }
  auto reader = sluice::parquet::OpenParquetReader(file, options);
  sluice::Chunk chunk;
  while (reader->Next(&chunk)) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t selector = data[0];
  std::string path = TempPath();
  FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) return 0;
  std::fwrite(data + 1, 1, size - 1, out);
  std::fclose(out);
  try {
    ReadEverything(path, selector);
  } catch (const sluice::Error&) {
  }
  return 0;
}
