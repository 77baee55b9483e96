#include "formats/csv/reader.h"

#include <algorithm>

#include "core/error.h"
#include "formats/csv/block_source.h"
#include "formats/csv/parallel_reader.h"
#include "formats/csv/sniffer.h"
#include "formats/csv/tokenizer.h"
#include "io/file.h"

namespace sluice::csv {

namespace {

/// Inputs up to this size are sampled whole.
constexpr size_t kWholeSampleBytes = 8 << 20;
/// Otherwise: this much from the start...
constexpr size_t kHeadBytes = 2 << 20;
/// ...plus this many blocks of this size spread over the rest (seekable inputs).
constexpr size_t kSpreadBlocks = 8;
constexpr size_t kSpreadBlockBytes = 256 << 10;
/// Decompressed bytes sampled from a compressed input.
constexpr size_t kStreamSampleBytes = 8 << 20;

constexpr size_t kMaxBlockSize = size_t{128} << 20;

/// A sample and the buffers its views point into.
struct Sample {
  std::vector<PaddedBuffer> buffers;
  SampleText text;
};

void CheckOptions(const ReadOptions& options) {
  if (options.block_size == 0 || options.block_size > kMaxBlockSize) {
    throw InvalidArgumentError("block_size must be between 1 byte and 128 MiB");
  }
  if (options.max_record_size == 0 || options.max_record_size > kMaxBlockSize) {
    throw InvalidArgumentError("max_record_size must be between 1 byte and 128 MiB");
  }
}

/// Reads up to `size` bytes at `offset` of a seekable input.
template <typename ReadAt>
Sample SeekableSample(uint64_t total, ReadAt&& read_at) {
  Sample sample;
  auto add = [&](uint64_t offset, size_t size) {
    PaddedBuffer buffer;
    buffer.bytes = std::shared_ptr<char[]>(new char[size + kPadding]);
    buffer.size = read_at(offset, buffer.bytes.get(), size);
    std::fill_n(buffer.bytes.get() + buffer.size, kPadding, '\0');
    sample.buffers.push_back(buffer);
    return std::string_view(buffer.bytes.get(), buffer.size);
  };
  if (total <= kWholeSampleBytes) {
    sample.text.head = add(0, static_cast<size_t>(total));
    sample.text.head_is_all = true;
    return sample;
  }
  sample.text.head = add(0, kHeadBytes);
  const uint64_t rest = total - kHeadBytes;
  for (size_t i = 0; i < kSpreadBlocks; ++i) {
    uint64_t offset = kHeadBytes + rest * (i + 1) / (kSpreadBlocks + 1);
    size_t size = static_cast<size_t>(std::min<uint64_t>(kSpreadBlockBytes, total - offset));
    sample.text.spread.push_back(add(offset, size));
  }
  return sample;
}

Sample StreamSample(io::InputStream& stream) {
  Sample sample;
  PaddedBuffer buffer;
  buffer.bytes = std::shared_ptr<char[]>(new char[kStreamSampleBytes + kPadding]);
  size_t size = 0;
  bool ended = false;
  while (size < kStreamSampleBytes) {
    size_t n = stream.Read(buffer.bytes.get() + size, kStreamSampleBytes - size);
    if (n == 0) {
      ended = true;
      break;
    }
    size += n;
  }
  std::fill_n(buffer.bytes.get() + size, kPadding, '\0');
  buffer.size = size;
  sample.buffers.push_back(buffer);
  sample.text.head = std::string_view(buffer.bytes.get(), size);
  sample.text.head_is_all = ended;
  return sample;
}

/// An opened input: how to sample it and how to read it in blocks.
struct OpenedInput {
  Sample sample;
  io::Compression compression = io::Compression::kNone;
  std::unique_ptr<BlockSource> source;
};

OpenedInput OpenInput(const std::string& path, const ReadOptions& options, bool want_source) {
  OpenedInput out;
  io::Compression detected = io::Compression::kNone;
  std::unique_ptr<io::InputStream> stream = io::OpenInputStream(path, options.compression, &detected);
  out.compression = detected == io::Compression::kAuto ? io::Compression::kNone : detected;
  if (out.compression == io::Compression::kNone) {
    stream.reset();
    std::shared_ptr<io::InputFile> file = io::InputFile::Open(path);
    out.sample = SeekableSample(file->size(), [&](uint64_t offset, char* buffer, size_t size) {
      return file->ReadAt(offset, buffer, size);
    });
    if (want_source) out.source = MakeFileBlockSource(file, options.block_size);
    return out;
  }
  out.sample = StreamSample(*stream);
  if (want_source) {
    stream = io::OpenInputStream(path, out.compression);
    out.source = MakeStreamBlockSource(std::move(stream), options.block_size);
  }
  return out;
}

}  // namespace

SniffResult Sniff(const std::string& path, const ReadOptions& options) {
  CheckOptions(options);
  OpenedInput input = OpenInput(path, options, false);
  SniffOutcome outcome = SniffSample(input.sample.text, options);
  SniffResult result;
  result.dialect = outcome.dialect;
  for (const ColumnSpec& column : outcome.columns) {
    result.schema.AddField(Field{column.name, column.type.type});
    if (column.type.pattern) {
      result.notes.push_back("column '" + column.name + "' is read with the format " +
                             column.type.pattern->text());
    }
  }
  result.header = outcome.header;
  result.header_reason = outcome.header_reason;
  result.compression = input.compression;
  result.rows_sampled = outcome.rows_sampled;
  result.notes.insert(result.notes.begin(), outcome.notes.begin(), outcome.notes.end());
  return result;
}

std::unique_ptr<formats::Reader> OpenReader(const std::string& path, const ReadOptions& options) {
  CheckOptions(options);
  OpenedInput input = OpenInput(path, options, true);
  SniffOutcome outcome = SniffSample(input.sample.text, options);
  input.sample.buffers.clear();
  return std::make_unique<ParallelReader>(path, options, std::move(outcome),
                                          std::move(input.source));
}

std::unique_ptr<formats::Reader> OpenReaderFromBuffer(std::string data, std::string name,
                                                      const ReadOptions& options) {
  CheckOptions(options);
  const size_t size = data.size();
  auto holder = std::make_shared<std::string>(std::move(data));
  holder->append(kPadding, '\0');
  const char* bytes = holder->data();
  Sample sample = SeekableSample(size, [&](uint64_t offset, char* buffer, size_t length) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(length, size - offset));
    std::copy_n(bytes + offset, n, buffer);
    return n;
  });
  SniffOutcome outcome = SniffSample(sample.text, options);
  auto source = MakeMemoryBlockSource(holder, bytes, size, options.block_size);
  return std::make_unique<ParallelReader>(std::move(name), options, std::move(outcome),
                                          std::move(source));
}

}  // namespace sluice::csv
