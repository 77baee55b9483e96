#pragma once
// Whole-stream compression of text files: gzip (zlib), zstd and bzip2, detected by
// file extension or magic bytes, for reading and writing.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "io/file.h"

namespace sluice::io {

enum class Compression { kAuto, kNone, kGzip, kZstd, kBzip2 };

/// "none", "gzip", "zstd", "bzip2" (and "auto").
std::string_view CompressionName(Compression compression);
/// Accepts auto, none, gzip/gz, zstd/zst, bzip2/bz2; throws InvalidArgumentError otherwise.
Compression ParseCompression(std::string_view name);
/// By extension: .gz, .zst/.zstd, .bz2; kNone otherwise.
Compression CompressionFromPath(std::string_view path);
/// By magic bytes; kNone when none match.
Compression CompressionFromMagic(const void* head, size_t size);
/// The path without a compression extension ("a.csv.gz" → "a.csv").
std::string_view StripCompressionExtension(std::string_view path);

/// A sequential source of bytes.
class InputStream {
 public:
  virtual ~InputStream() = default;
  /// Reads up to `length` bytes; returns 0 only at the end of the stream.
  virtual size_t Read(void* buffer, size_t length) = 0;
  /// Bytes of the underlying file consumed so far (for progress).
  virtual uint64_t compressed_position() const = 0;
};

/// Opens a file for sequential reading, decompressing it when `compression` says so
/// or, with kAuto, when its magic bytes or extension do. Throws IOError/FormatError.
std::unique_ptr<InputStream> OpenInputStream(const std::string& path,
                                             Compression compression = Compression::kAuto,
                                             Compression* detected = nullptr);

/// Wraps `sink` so that bytes written are compressed; kNone returns a pass-through.
/// `level` 0 means the codec's default. Finish() ends the compressed stream and
/// then finishes `sink`.
std::unique_ptr<OutputStream> MakeCompressingStream(OutputStream* sink, Compression compression,
                                                    int level = 0);

}  // namespace sluice::io
