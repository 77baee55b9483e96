#include "formats/format_detection.h"

#include <cctype>
#include <string_view>

#include "io/compression.h"
#include "io/file.h"

namespace sluice::formats {

FileFormat DetectFileFormat(const std::string& path) {
  if (auto by_name = FileFormatFromExtension(path)) return *by_name;
  if (path != "-") {
    // Parquet files start with "PAR1" (and are never wrapped in a compressed stream).
    auto file = io::InputFile::Open(path);
    char magic[4];
    if (file->ReadAt(0, magic, 4) == 4 && std::string_view(magic, 4) == "PAR1") {
      return FileFormat::kParquet;
    }
  }
  // Unknown extension (e.g. Redshift's unload_0000_part_00): look at the first
  // non-blank byte after decompression.
  auto stream = io::OpenInputStream(path);
  char buffer[4096];
  size_t n = stream->Read(buffer, sizeof(buffer));
  size_t i = 0;
  if (n >= 3 && static_cast<unsigned char>(buffer[0]) == 0xEF &&
      static_cast<unsigned char>(buffer[1]) == 0xBB && static_cast<unsigned char>(buffer[2]) == 0xBF) {
    i = 3;
  }
  while (i < n && std::isspace(static_cast<unsigned char>(buffer[i]))) ++i;
  return i < n && buffer[i] == '{' ? FileFormat::kJson : FileFormat::kCsv;
}

}  // namespace sluice::formats
