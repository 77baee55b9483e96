#pragma once
// Local files: random-access input and atomically committed output.
// Errors are IOError naming the path and the operating system's reason.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sluice::io {

/// A file opened for reading at any offset. ReadAt is safe from many threads.
class InputFile {
 public:
  /// Opens `path` for reading; throws IOError if it cannot.
  static std::unique_ptr<InputFile> Open(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  /// Reads up to `length` bytes at `offset`; returns the bytes read (fewer only at EOF).
  size_t ReadAt(uint64_t offset, void* buffer, size_t length) const;

 private:
  InputFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  uint64_t size_;
};

/// A byte sink. Write may buffer; Finish flushes and ends the stream.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual void Write(const void* data, size_t length) = 0;
  void Write(std::string_view text) { Write(text.data(), text.size()); }
  /// Flushes everything; after Finish no more writes.
  virtual void Finish() = 0;
};

/// Writes a file so that it appears whole or not at all: bytes go to a temporary file
/// beside the target, and Commit() fsyncs and renames it into place. Destroying the
/// writer without Commit() removes the temporary file. Path "-" writes to stdout.
class AtomicFileWriter : public OutputStream {
 public:
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter() override;

  using OutputStream::Write;
  void Write(const void* data, size_t length) override;
  void Finish() override;
  /// Finish() (if not done), then make the file visible under its final name.
  void Commit();
  /// Forget everything written so far (the temporary file is emptied).
  void Truncate();
  uint64_t bytes_written() const { return bytes_written_; }
  const std::string& path() const { return path_; }

 private:
  void FlushBuffer();

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  bool to_stdout_ = false;
  bool committed_ = false;
  std::string buffer_;
  uint64_t bytes_written_ = 0;
};

/// "No such file or directory" etc. for the current errno, prefixed by what failed.
std::string ErrnoMessage(std::string_view what, const std::string& path);

}  // namespace sluice::io
