// sluice-bench-scan: reads one file through Sluice's reader and reports, as one JSON
// object on stdout, rows, seconds, input bytes and per-column non-NULL counts (the
// counts let bench/run.sh check our answer against DuckDB's on the same file).
//
//   sluice-bench-scan --format csv|json [--preset NAME] [--delimiter C] [--no-header]
//                     [--threads N] FILE
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/error.h"
#include "core/scheduler.h"
#include "formats/csv/reader.h"
#include "formats/json/reader.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: sluice-bench-scan --format csv|json [--preset NAME] [--delimiter C] "
               "[--header|--no-header] [--threads N] FILE\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string format = "csv", preset, path;
  std::string delimiter;
  int header = -1;
  size_t threads = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) std::exit(Usage());
      return argv[++i];
    };
    if (arg == "--format") format = next();
    else if (arg == "--preset") preset = next();
    else if (arg == "--delimiter") delimiter = next();
    else if (arg == "--header") header = 1;
    else if (arg == "--no-header") header = 0;
    else if (arg == "--threads") threads = std::strtoul(next().c_str(), nullptr, 10);
    else if (!arg.empty() && arg[0] == '-') return Usage();
    else path = arg;
  }
  if (path.empty()) return Usage();
  try {
    if (threads > 0) sluice::TaskScheduler::SetGlobalThreads(threads);
    auto start = std::chrono::steady_clock::now();
    std::unique_ptr<sluice::formats::Reader> reader;
    if (format == "csv") {
      sluice::csv::ReadOptions options;
      if (!preset.empty()) options.preset = preset;
      if (!delimiter.empty()) options.delimiter = delimiter[0];
      if (header >= 0) options.header = header == 1;
      options.num_threads = threads;
      reader = sluice::csv::OpenReader(path, options);
    } else {
      sluice::json::ReadOptions options;
      options.num_threads = threads;
      reader = sluice::json::OpenReader(path, options);
    }
    sluice::Chunk chunk;
    uint64_t rows = 0;
    std::vector<uint64_t> non_null(reader->schema().num_fields(), 0);
    while (reader->Next(&chunk)) {
      rows += chunk.size();
      for (size_t c = 0; c < chunk.num_columns() && c < non_null.size(); ++c) {
        non_null[c] += chunk.size() - chunk.column(c).CountNulls(chunk.size());
      }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"rows\":%llu,\"seconds\":%.6f,\"bytes\":%llu,\"non_null\":[",
                static_cast<unsigned long long>(rows), seconds,
                static_cast<unsigned long long>(reader->stats().bytes_read));
    for (size_t c = 0; c < non_null.size(); ++c) {
      std::printf("%s%llu", c ? "," : "", static_cast<unsigned long long>(non_null[c]));
    }
    std::printf("]}\n");
    return 0;
  } catch (const sluice::Error& e) {
    std::fprintf(stderr, "sluice-bench-scan: %s\n", e.what());
    return 1;
  }
}
