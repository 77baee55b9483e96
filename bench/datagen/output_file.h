#pragma once
// A write-only file with a large user-space buffer, the only way data leaves the
// generator.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sluice::datagen {

/// The operating system refused to create or write an output file. Ends the run
/// with exit code 1.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Buffered output file. Rows are written straight into the buffer:
///
///   char* out = file.Reserve(max_row_size);
///   out = WriteUnsigned(out, key);  ...
///   file.Commit(out);
///
/// The buffer is written with one fwrite per MiB. Close() must be called to learn
/// about errors on the final write; the destructor closes silently. Not thread-safe.
class OutputFile {
 public:
  static constexpr size_t kBufferSize = size_t{1} << 20;

  /// Creates or truncates `path`. Throws IoError.
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Returns room for at least `size` bytes, flushing (or growing, for a row larger
  /// than the buffer) as needed. Valid until the next call on this file.
  char* Reserve(size_t size) {
    if (capacity_ - used_ < size) MakeRoom(size);
    return buffer_.get() + used_;
  }

  /// Marks the bytes up to `end` (inside the last Reserve) as written.
  void Commit(const char* end) { used_ = static_cast<size_t>(end - buffer_.get()); }

  /// Appends `text`; convenient for headers and other cold paths.
  void Append(std::string_view text);

  /// Bytes written so far, buffered ones included.
  uint64_t bytes_written() const { return flushed_bytes_ + used_; }

  /// Writes the buffer and closes the file. Throws IoError. Idempotent.
  void Close();

 private:
  void Flush();
  void MakeRoom(size_t size);

  std::string path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = kBufferSize;
  size_t used_ = 0;
  uint64_t flushed_bytes_ = 0;
};

}  // namespace sluice::datagen
