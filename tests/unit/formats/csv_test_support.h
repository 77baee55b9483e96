#pragma once
// Helpers of the CSV reader tests: read text through OpenReaderFromBuffer and render
// every value as text ("NULL" for NULL) so expectations read like the file.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <unistd.h>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/error.h"
#include "core/value_format.h"
#include "formats/csv/reader.h"

namespace sluice::csv::testing {

using Rows = std::vector<std::vector<std::string>>;

struct ReadResult {
  Schema schema;
  Rows rows;
  formats::ReadStats stats;
  bool widened = false;
  std::vector<std::vector<DataType>> chunk_types;  ///< Types of each chunk returned.
};

inline std::string ValueText(const Vector& vector, size_t row) {
  if (vector.IsNull(row)) return "NULL";
  std::string out;
  TextStyle style;
  AppendValue(&out, vector, row, style);
  return out;
}

inline ReadResult Drain(formats::Reader& reader) {
  ReadResult result;
  Chunk chunk;
  while (reader.Next(&chunk)) {
    result.chunk_types.push_back(chunk.types());
    for (size_t r = 0; r < chunk.size(); ++r) {
      std::vector<std::string> row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) row.push_back(ValueText(chunk.column(c), r));
      result.rows.push_back(std::move(row));
    }
  }
  result.schema = reader.schema();
  result.stats = reader.stats();
  result.widened = reader.schema_widened();
  return result;
}

inline ReadResult ReadText(const std::string& text, const ReadOptions& options = {},
                           const std::string& name = "test.csv") {
  auto reader = OpenReaderFromBuffer(text, name, options);
  return Drain(*reader);
}

/// Rows as one string, "a|b\nc|d\n", for compact expectations.
inline std::string Joined(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += '|';
      out += row[i];
    }
    out += '\n';
  }
  return out;
}

inline std::string TypesOf(const Schema& schema) {
  std::string out;
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    if (i > 0) out += ',';
    out += schema.field(i).type.ToString();
  }
  return out;
}

inline std::string NamesOf(const Schema& schema) {
  std::string out;
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    if (i > 0) out += ',';
    out += schema.field(i).name;
  }
  return out;
}

/// The message of the FormatError that reading `text` throws ("" if none).
inline std::string ErrorOf(const std::string& text, const ReadOptions& options = {},
                           const std::string& name = "test.csv") {
  try {
    ReadText(text, options, name);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("sluice-csv-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::string file = File(name);
    std::ofstream out(file, std::ios::binary);
    out << bytes;
    return file;
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace sluice::csv::testing
