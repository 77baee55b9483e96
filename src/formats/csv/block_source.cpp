#include "formats/csv/block_source.h"

#include <cstring>
#include <mutex>
#include <vector>

#include "core/error.h"
#include "formats/csv/tokenizer.h"

namespace sluice::csv {

namespace {

/// Recycles block buffers: a freed 8 MiB buffer would otherwise go back to the OS and
/// cost page faults when the next one is touched. Buffers may outlive the source (chunks
/// keep them), so they hold the pool by shared_ptr.
class BufferPool : public std::enable_shared_from_this<BufferPool> {
 public:
  explicit BufferPool(size_t buffer_size) : buffer_size_(buffer_size) {}

  /// A buffer of buffer_size + kPadding bytes whose padding is zeroed.
  std::shared_ptr<char[]> Get() {
    std::unique_ptr<char[]> bytes;
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        bytes = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!bytes) bytes.reset(new char[buffer_size_ + kPadding]);
    std::memset(bytes.get() + buffer_size_, 0, kPadding);
    std::weak_ptr<BufferPool> pool = weak_from_this();
    return std::shared_ptr<char[]>(bytes.release(), [pool](char* p) {
      if (auto owner = pool.lock()) {
        owner->Put(p);
      } else {
        delete[] p;
      }
    });
  }
  size_t buffer_size() const { return buffer_size_; }

 private:
  static constexpr size_t kMaxFree = 8;
  void Put(char* p) {
    std::lock_guard lock(mutex_);
    if (free_.size() < kMaxFree) {
      free_.emplace_back(p);
    } else {
      delete[] p;
    }
  }

  size_t buffer_size_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<char[]>> free_;
};

class FileBlockSource : public BlockSource {
 public:
  FileBlockSource(std::shared_ptr<io::InputFile> file, size_t block_size)
      : file_(std::move(file)), pool_(std::make_shared<BufferPool>(block_size + 1)) {
    block_size_ = block_size;
  }
  bool parallel_load() const override { return true; }
  bool Next(Block* block) override {
    if (next_offset_ >= file_->size()) return false;
    block->offset = next_offset_;
    block->size = static_cast<size_t>(std::min<uint64_t>(block_size_, file_->size() - next_offset_));
    next_offset_ += block->size;
    return true;
  }
  void Load(Block* block) override {
    std::shared_ptr<char[]> bytes = pool_->Get();
    // One byte before the block tells where a record may start.
    const size_t before = block->offset > 0 ? 1 : 0;
    const size_t want = block->size + before;
    size_t got = file_->ReadAt(block->offset - before, bytes.get(), want);
    if (got != want) {
      throw IOError("'" + file_->path() + "' changed while it was read (expected " +
                    std::to_string(file_->size()) + " bytes)");
    }
    std::memset(bytes.get() + want, 0, kPadding);
    block->previous_byte = before ? bytes[0] : '\n';
    block->data = bytes.get() + before;
    block->owner = std::move(bytes);
  }

 private:
  std::shared_ptr<io::InputFile> file_;
  std::shared_ptr<BufferPool> pool_;
  size_t block_size_;
  uint64_t next_offset_ = 0;
};

class StreamBlockSource : public BlockSource {
 public:
  StreamBlockSource(std::unique_ptr<io::InputStream> stream, size_t block_size)
      : stream_(std::move(stream)), pool_(std::make_shared<BufferPool>(block_size)) {}
  bool parallel_load() const override { return false; }
  bool Next(Block* block) override {
    if (done_) return false;
    std::shared_ptr<char[]> bytes = pool_->Get();
    size_t size = 0;
    const size_t capacity = pool_->buffer_size();
    while (size < capacity) {
      size_t n = stream_->Read(bytes.get() + size, capacity - size);
      if (n == 0) {
        done_ = true;
        break;
      }
      size += n;
    }
    if (size == 0) return false;
    std::memset(bytes.get() + size, 0, kPadding);
    block->offset = offset_;
    block->size = size;
    block->data = bytes.get();
    block->previous_byte = previous_byte_;
    block->owner = std::move(bytes);
    previous_byte_ = block->data[size - 1];
    offset_ += size;
    return true;
  }
  void Load(Block*) override {}

 private:
  std::unique_ptr<io::InputStream> stream_;
  std::shared_ptr<BufferPool> pool_;
  uint64_t offset_ = 0;
  char previous_byte_ = '\n';
  bool done_ = false;
};

class MemoryBlockSource : public BlockSource {
 public:
  MemoryBlockSource(std::shared_ptr<const void> owner, const char* data, size_t size,
                    size_t block_size)
      : owner_(std::move(owner)), data_(data), size_(size), block_size_(block_size) {}
  bool parallel_load() const override { return false; }
  bool Next(Block* block) override {
    if (offset_ >= size_) return false;
    block->offset = offset_;
    block->size = std::min(block_size_, size_ - offset_);
    block->data = data_ + offset_;
    block->owner = owner_;
    block->previous_byte = offset_ > 0 ? data_[offset_ - 1] : '\n';
    offset_ += block->size;
    return true;
  }
  void Load(Block*) override {}

 private:
  std::shared_ptr<const void> owner_;
  const char* data_;
  size_t size_;
  size_t block_size_;
  size_t offset_ = 0;
};

}  // namespace

std::unique_ptr<BlockSource> MakeFileBlockSource(std::shared_ptr<io::InputFile> file,
                                                 size_t block_size) {
  return std::make_unique<FileBlockSource>(std::move(file), block_size);
}

std::unique_ptr<BlockSource> MakeStreamBlockSource(std::unique_ptr<io::InputStream> stream,
                                                   size_t block_size) {
  return std::make_unique<StreamBlockSource>(std::move(stream), block_size);
}

std::unique_ptr<BlockSource> MakeMemoryBlockSource(std::shared_ptr<const void> owner,
                                                   const char* data, size_t size,
                                                   size_t block_size) {
  return std::make_unique<MemoryBlockSource>(std::move(owner), data, size, block_size);
}

PaddedBuffer MakePaddedBuffer(std::string_view first, std::string_view second) {
  PaddedBuffer out;
  out.size = first.size() + second.size();
  out.bytes = std::shared_ptr<char[]>(new char[out.size + kPadding]);
  if (!first.empty()) std::memcpy(out.bytes.get(), first.data(), first.size());
  if (!second.empty()) std::memcpy(out.bytes.get() + first.size(), second.data(), second.size());
  std::memset(out.bytes.get() + out.size, 0, kPadding);
  return out;
}

}  // namespace sluice::csv
