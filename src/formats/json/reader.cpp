#include "formats/json/reader.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <mutex>

#include "core/error.h"
#include "core/scheduler.h"
#include "formats/json/block_parser.h"
#include "formats/json/block_source.h"
#include "formats/json/schema_inference.h"

namespace sluice::json {

namespace {

/// Blocks of at least this many bytes, whatever the options say (room for a BOM).
constexpr size_t kMinBlockSize = 16;

/// Bytes held in memory, read front to back.
class BufferInputStream : public io::InputStream {
 public:
  explicit BufferInputStream(std::string data) : data_(std::move(data)) {}
  size_t Read(void* buffer, size_t length) override {
    size_t n = std::min(length, data_.size() - position_);
    std::memcpy(buffer, data_.data() + position_, n);
    position_ += n;
    return n;
  }
  uint64_t compressed_position() const override { return position_; }

 private:
  std::string data_;
  size_t position_ = 0;
};

/// Reads blocks in order and parses them on the task scheduler, a bounded number
/// at a time.
///
/// Determinism: a block's parse depends only on the block and the columns it was
/// given. Results are applied in block order; a result parsed with columns that have
/// changed since (a block before it widened the schema) is parsed again with the
/// current columns. So rows, types, notices and rejects are the same for any number
/// of threads.
class JsonReader final : public formats::Reader {
 public:
  JsonReader(std::unique_ptr<io::InputStream> stream, std::string name, const ReadOptions& options)
      : source_(std::move(stream), std::max(options.block_size, kMinBlockSize)),
        rejects_(options.rejects_path) {
    ValidateReadOptions(options);
    settings_.file_name = std::move(name);
    settings_.on_error = options.on_error;
    settings_.strict_types = options.strict_types;
    settings_.add_new_keys = options.columns.empty();
    InferResult inferred;
    columns_ = InferColumns(source_, options, &sampled_, &inferred);
    schema_ = inferred.schema;
    stats_.notices = inferred.notes;
    size_t threads =
        options.num_threads > 0 ? options.num_threads : TaskScheduler::Global().num_threads();
    parallel_ = threads > 1;
    max_in_flight_ = parallel_ ? 2 * threads : 1;
    // Parse the first block now, so that schema() already holds what it widens.
    AdvanceBlock();
    opened_ = true;
  }

  ~JsonReader() override {
    in_flight_.clear();  // waits for running tasks, which use this reader's members
  }

  const Schema& schema() const override { return schema_; }
  const formats::ReadStats& stats() const override { return stats_; }
  bool schema_widened() const override { return widened_; }

  bool Next(Chunk* chunk) override {
    for (;;) {
      if (next_ready_ < ready_.size()) {
        Chunk& ready = ready_[next_ready_++];
        if (ready.size() == 0) continue;  // its rows were all rejected
        *chunk = std::move(ready);
        stats_.rows_read += chunk->size();
        return true;
      }
      if (!AdvanceBlock()) {
        if (!finished_) {
          finished_ = true;
          ready_.clear();
          rejects_.Commit();
        }
        return false;
      }
    }
  }

 private:
  /// A block handed to a parse task (or waiting to be parsed inline).
  struct Pending {
    std::shared_ptr<const Block> block;
    uint64_t version = 0;  ///< columns_version_ the block is parsed with
    std::unique_ptr<BlockResult> result;
    std::unique_ptr<TaskGroup> group;  ///< null when parsed inline
  };

  std::shared_ptr<const Block> NextBlock() {
    if (!sampled_.empty()) {
      std::shared_ptr<const Block> block = std::move(sampled_.front());
      sampled_.pop_front();
      return block;
    }
    return source_.Next();
  }

  /// Tops the blocks in flight up to the limit.
  void Submit() {
    while (!source_done_ && in_flight_.size() < max_in_flight_) {
      std::shared_ptr<const Block> block = NextBlock();
      if (!block) {
        source_done_ = true;
        break;
      }
      Pending pending{block, columns_version_, std::make_unique<BlockResult>(), nullptr};
      if (parallel_) {
        pending.group = std::make_unique<TaskGroup>(TaskScheduler::Global());
        BlockResult* out = pending.result.get();
        pending.group->Run([this, block, columns = columns_, out] {
          std::unique_ptr<BlockParser> parser = AcquireParser();
          try {
            *out = parser->Parse(block, columns, settings_);
          } catch (...) {
            ReleaseParser(std::move(parser));
            throw;
          }
          ReleaseParser(std::move(parser));
        });
      }
      in_flight_.push_back(std::move(pending));
    }
  }

  /// Makes the next block's rows ready; false at the end of the input.
  bool AdvanceBlock() {
    Submit();
    if (in_flight_.empty()) return false;
    Pending pending = std::move(in_flight_.front());
    in_flight_.pop_front();
    bool parsed = false;
    if (pending.group) {
      try {
        pending.group->Wait();
        parsed = true;
      } catch (...) {
        // An error from a parse with outdated columns is redone below.
        if (pending.version == columns_version_) throw;
      }
    }
    if (!parsed || pending.version != columns_version_) {
      *pending.result = inline_parser_.Parse(pending.block, columns_, settings_);
    }
    Apply(std::move(*pending.result), *pending.block);
    Submit();
    return true;
  }

  void Apply(BlockResult result, const Block& block) {
    if (result.schema_changed) {
      columns_ = std::move(result.columns);
      ++columns_version_;
      schema_ = ToSchema(columns_);
      if (opened_) widened_ = true;
    }
    for (std::string& notice : result.notices) stats_.notices.push_back(std::move(notice));
    for (const formats::RejectedRow& rejected : result.rejects) rejects_.Add(rejected);
    stats_.rows_rejected += result.rejects.size();
    stats_.rows_nulled += result.rows_nulled;
    stats_.values_nulled += result.values_nulled;
    stats_.bytes_read += block.size;
    ready_ = std::move(result.chunks);
    next_ready_ = 0;
  }

  std::unique_ptr<BlockParser> AcquireParser() {
    std::lock_guard lock(parsers_mutex_);
    if (parsers_.empty()) return std::make_unique<BlockParser>();
    std::unique_ptr<BlockParser> parser = std::move(parsers_.back());
    parsers_.pop_back();
    return parser;
  }

  void ReleaseParser(std::unique_ptr<BlockParser> parser) {
    std::lock_guard lock(parsers_mutex_);
    parsers_.push_back(std::move(parser));
  }

  ParseSettings settings_;
  BlockSource source_;
  std::deque<std::shared_ptr<const Block>> sampled_;
  std::vector<ColumnSpec> columns_;
  uint64_t columns_version_ = 0;
  Schema schema_;
  formats::ReadStats stats_;
  formats::RejectsWriter rejects_;
  bool parallel_ = false;
  size_t max_in_flight_ = 1;
  bool source_done_ = false;
  bool opened_ = false;
  bool widened_ = false;
  bool finished_ = false;
  BlockParser inline_parser_;
  std::mutex parsers_mutex_;
  std::vector<std::unique_ptr<BlockParser>> parsers_;
  std::vector<Chunk> ready_;
  size_t next_ready_ = 0;
  /// Declared last: destroyed first, waiting for tasks that use the members above.
  std::deque<Pending> in_flight_;
};

}  // namespace

std::unique_ptr<formats::Reader> OpenReader(const std::string& path, const ReadOptions& options) {
  return std::make_unique<JsonReader>(io::OpenInputStream(path, options.compression), path,
                                      options);
}

std::unique_ptr<formats::Reader> OpenReaderFromBuffer(std::string data, std::string name,
                                                      const ReadOptions& options) {
  return std::make_unique<JsonReader>(std::make_unique<BufferInputStream>(std::move(data)),
                                      std::move(name), options);
}

InferResult InferSchema(const std::string& path, const ReadOptions& options) {
  ValidateReadOptions(options);
  BlockSource source(io::OpenInputStream(path, options.compression),
                     std::max(options.block_size, kMinBlockSize));
  std::deque<std::shared_ptr<const Block>> sampled;
  InferResult result;
  InferColumns(source, options, &sampled, &result);
  return result;
}

}  // namespace sluice::json
