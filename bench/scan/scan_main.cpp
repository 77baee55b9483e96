// sluice-bench-scan: reads one file through Sluice's reader and reports, as one JSON
// object on stdout, rows, seconds, input bytes and per-column non-NULL counts (the
// counts let bench/run.sh check our answer against DuckDB's on the same file). With
// --max it also computes MAX of every column (an aggregate that touches every value)
// and prints them as text.
//
//   sluice-bench-scan --format csv|json|parquet [--preset NAME] [--delimiter C]
//                     [--no-header] [--threads N] [--max] FILE
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
#include "core/value_format.h"
#include "core/vector_copy.h"
#include "formats/csv/reader.h"
#include "formats/json/reader.h"
#include "formats/parquet/reader.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: sluice-bench-scan --format csv|json|parquet [--preset NAME] "
               "[--delimiter C] [--header|--no-header] [--threads N] [--max] FILE\n");
  return 2;
}

/// MAX of one column over all chunks, kept as a one-row vector of the column's type.
class ColumnMax {
 public:
  explicit ColumnMax(const sluice::DataType& type) : best_(type, 1) {}

  void Update(const sluice::Vector& vector, size_t num_rows) {
    using sluice::PhysicalType;
    switch (vector.type().physical_type()) {
      case PhysicalType::kBool:
      case PhysicalType::kInt8: Scan<int8_t>(vector, num_rows); break;
      case PhysicalType::kInt16: Scan<int16_t>(vector, num_rows); break;
      case PhysicalType::kInt32: Scan<int32_t>(vector, num_rows); break;
      case PhysicalType::kInt64: Scan<int64_t>(vector, num_rows); break;
      case PhysicalType::kInt128: Scan<__int128>(vector, num_rows); break;
      case PhysicalType::kFloat: Scan<float>(vector, num_rows); break;
      case PhysicalType::kDouble: Scan<double>(vector, num_rows); break;
      case PhysicalType::kString: ScanStrings(vector, num_rows); break;
      case PhysicalType::kTimestampTz: ScanTimestampTz(vector, num_rows); break;
      default: break;
    }
  }

  std::string Text() const {
    if (!found_) return "null";
    std::string text;
    sluice::AppendValue(&text, best_, 0, sluice::TextStyle{});
    std::string json = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') json.push_back('\\');
      if (static_cast<unsigned char>(c) >= 0x20) json.push_back(c);
    }
    return json + "\"";
  }

 private:
  template <typename T>
  void Scan(const sluice::Vector& vector, size_t num_rows) {
    const T* data = vector.data<T>();
    T best = found_ ? best_.data<T>()[0] : T{};
    bool found = found_;
    if (vector.all_valid() && num_rows > 0) {
      // No NULLs: a branch-free loop the compiler vectorizes.
      T chunk_best = data[0];
      for (size_t r = 1; r < num_rows; ++r) chunk_best = data[r] > chunk_best ? data[r] : chunk_best;
      if (!found || chunk_best > best) best = chunk_best;
      found = true;
    } else {
      for (size_t r = 0; r < num_rows; ++r) {
        if (!vector.IsValid(r)) continue;
        if (!found || data[r] > best) best = data[r];
        found = true;
      }
    }
    if (found) {
      best_.data<T>()[0] = best;
      found_ = true;
    }
  }

  /// The first four bytes of a string as a big-endian number (zero-padded): ordering
  /// by it agrees with byte order whenever the prefixes differ.
  static uint32_t Prefix(const sluice::StringRef& value) {
    uint32_t prefix;
    std::memcpy(&prefix, reinterpret_cast<const char*>(&value) + 4, 4);
    return __builtin_bswap32(prefix);
  }

  void ScanStrings(const sluice::Vector& vector, size_t num_rows) {
    const sluice::StringRef* data = vector.data<sluice::StringRef>();
    int64_t best_row = -1;
    uint32_t best_prefix = found_ ? best_prefix_ : 0;
    std::string_view best = found_ ? std::string_view(best_text_) : std::string_view();
    bool have = found_;
    for (size_t r = 0; r < num_rows; ++r) {
      if (!vector.IsValid(r)) continue;
      const uint32_t prefix = Prefix(data[r]);
      if (have && prefix < best_prefix) continue;
      std::string_view value = data[r].view();
      if (!have || prefix > best_prefix || value > best) {
        best = value;
        best_prefix = prefix;
        best_row = static_cast<int64_t>(r);
        have = true;
      }
    }
    if (best_row >= 0) {
      best_text_ = std::string(best);
      best_prefix_ = best_prefix;
      best_.heap().Clear();
      best_.SetString(0, best_text_);
      found_ = true;
    }
  }

  void ScanTimestampTz(const sluice::Vector& vector, size_t num_rows) {
    const sluice::TimestampTz* data = vector.data<sluice::TimestampTz>();
    for (size_t r = 0; r < num_rows; ++r) {
      if (!vector.IsValid(r)) continue;
      if (!found_ || data[r].micros > best_.data<sluice::TimestampTz>()[0].micros) {
        best_.data<sluice::TimestampTz>()[0] = data[r];
        found_ = true;
      }
    }
  }

  sluice::Vector best_;
  std::string best_text_;
  uint32_t best_prefix_ = 0;
  bool found_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  std::string format = "csv", preset, path;
  std::string delimiter;
  int header = -1;
  size_t threads = 0;
  bool compute_max = false;
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
    else if (arg == "--max") compute_max = true;
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
    } else if (format == "parquet") {
      reader = sluice::parquet::OpenParquetReader(path, sluice::parquet::ParquetReadOptions{});
    } else {
      sluice::json::ReadOptions options;
      options.num_threads = threads;
      reader = sluice::json::OpenReader(path, options);
    }
    sluice::Chunk chunk;
    uint64_t rows = 0;
    std::vector<uint64_t> non_null(reader->schema().num_fields(), 0);
    std::vector<ColumnMax> maxima;
    if (compute_max) {
      for (const sluice::Field& field : reader->schema().fields()) maxima.emplace_back(field.type);
    }
    while (reader->Next(&chunk)) {
      rows += chunk.size();
      for (size_t c = 0; c < chunk.num_columns() && c < non_null.size(); ++c) {
        non_null[c] += chunk.size() - chunk.column(c).CountNulls(chunk.size());
        if (compute_max) maxima[c].Update(chunk.column(c), chunk.size());
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
    std::printf("]");
    if (compute_max) {
      std::printf(",\"max\":[");
      for (size_t c = 0; c < maxima.size(); ++c) {
        std::printf("%s%s", c ? "," : "", maxima[c].Text().c_str());
      }
      std::printf("]");
    }
    std::printf("}\n");
    return 0;
  } catch (const sluice::Error& e) {
    std::fprintf(stderr, "sluice-bench-scan: %s\n", e.what());
    return 1;
  }
}
