#include "io/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace sluice::io {

namespace {
constexpr size_t kWriteBufferSize = 1 << 20;
}

std::string ErrnoMessage(std::string_view what, const std::string& path) {
  return std::string(what) + " '" + path + "': " + std::strerror(errno);
}

std::unique_ptr<InputFile> InputFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IOError(ErrnoMessage("cannot open", path));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    std::string message = ErrnoMessage("cannot stat", path);
    ::close(fd);
    throw IOError(message);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw IOError("cannot read '" + path + "': it is a directory");
  }
  return std::unique_ptr<InputFile>(new InputFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

InputFile::~InputFile() { ::close(fd_); }

size_t InputFile::ReadAt(uint64_t offset, void* buffer, size_t length) const {
  size_t done = 0;
  char* out = static_cast<char*>(buffer);
  while (done < length) {
    ssize_t n = ::pread(fd_, out + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IOError(ErrnoMessage("cannot read", path_));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    to_stdout_ = true;
    fd_ = STDOUT_FILENO;
  } else {
    static std::atomic<uint64_t> counter{0};
    std::filesystem::path target(path_);
    std::string name(".");
    name.append(target.filename().string());
    name.append(".tmp-");
    name.append(std::to_string(::getpid()));
    name.push_back('-');
    name.append(std::to_string(counter.fetch_add(1)));
    temp_path_ = (target.parent_path() / name).string();
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw IOError(ErrnoMessage("cannot create", path_));
  }
  buffer_.reserve(kWriteBufferSize);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (to_stdout_) {
    try {
      FlushBuffer();
    } catch (...) {
    }
    return;
  }
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

void AtomicFileWriter::Write(const void* data, size_t length) {
  if (buffer_.size() + length > kWriteBufferSize) {
    FlushBuffer();
    if (length >= kWriteBufferSize) {
      buffer_.assign(static_cast<const char*>(data), length);
      FlushBuffer();
      return;
    }
  }
  buffer_.append(static_cast<const char*>(data), length);
}

void AtomicFileWriter::FlushBuffer() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IOError(ErrnoMessage("cannot write", path_));
    }
    done += static_cast<size_t>(n);
  }
  bytes_written_ += buffer_.size();
  buffer_.clear();
}

void AtomicFileWriter::Finish() {
  if (fd_ < 0) return;
  FlushBuffer();
  if (to_stdout_) return;
  if (::fsync(fd_) != 0) throw IOError(ErrnoMessage("cannot sync", path_));
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw IOError(ErrnoMessage("cannot close", path_));
  }
  fd_ = -1;
}

void AtomicFileWriter::Commit() {
  Finish();
  if (to_stdout_ || committed_) return;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw IOError(ErrnoMessage("cannot rename temporary file onto", path_));
  }
  committed_ = true;
}

void AtomicFileWriter::Truncate() {
  if (to_stdout_) throw InvalidArgumentError("cannot restart output written to stdout");
  buffer_.clear();
  bytes_written_ = 0;
  if (fd_ < 0) throw InternalError("Truncate after Finish");
  if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) {
    throw IOError(ErrnoMessage("cannot truncate", temp_path_));
  }
}

}  // namespace sluice::io
