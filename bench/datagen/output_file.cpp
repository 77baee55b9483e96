#include "output_file.h"

#include <cerrno>
#include <cstring>

namespace sluice::datagen {

namespace {

std::string DescribeFailure(const char* action, const std::string& path) {
  return std::string("cannot ") + action + " '" + path + "': " + std::strerror(errno);
}

}  // namespace

OutputFile::OutputFile(const std::string& path)
    : path_(path), buffer_(std::make_unique<char[]>(kBufferSize)) {
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) throw IoError(DescribeFailure("create", path));
  // Our buffer already batches writes; a second copy in stdio would only cost time.
  std::setvbuf(file_, nullptr, _IONBF, 0);
}

OutputFile::~OutputFile() {
  if (file_ == nullptr) return;
  try {
    Close();
  } catch (const IoError&) {
    // Destructors must not throw; callers who care call Close() themselves.
  }
}

void OutputFile::Append(std::string_view text) {
  char* out = Reserve(text.size());
  std::memcpy(out, text.data(), text.size());
  Commit(out + text.size());
}

void OutputFile::Close() {
  if (file_ == nullptr) return;
  Flush();
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) throw IoError(DescribeFailure("close", path_));
}

void OutputFile::Flush() {
  if (used_ == 0) return;
  if (std::fwrite(buffer_.get(), 1, used_, file_) != used_) {
    throw IoError(DescribeFailure("write", path_));
  }
  flushed_bytes_ += used_;
  used_ = 0;
}

void OutputFile::MakeRoom(size_t size) {
  Flush();
  if (size <= capacity_) return;
  capacity_ = size;
  buffer_ = std::make_unique<char[]>(capacity_);
}

}  // namespace sluice::datagen
