#include "io/compression.h"

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <vector>

#include "core/error.h"

namespace sluice::io {

namespace {

constexpr size_t kCompressedBufferSize = 1 << 18;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// Plain file read front to back.
class FileInputStream : public InputStream {
 public:
  explicit FileInputStream(std::unique_ptr<InputFile> file) : file_(std::move(file)) {}
  size_t Read(void* buffer, size_t length) override {
    size_t n = file_->ReadAt(position_, buffer, length);
    position_ += n;
    return n;
  }
  uint64_t compressed_position() const override { return position_; }
  InputFile& file() { return *file_; }

 private:
  std::unique_ptr<InputFile> file_;
  uint64_t position_ = 0;
};

/// Common part of the decompressing streams: a buffer of compressed input.
class DecompressingStream : public InputStream {
 public:
  explicit DecompressingStream(std::unique_ptr<FileInputStream> source, const char* codec)
      : source_(std::move(source)), codec_(codec), input_(kCompressedBufferSize) {}
  uint64_t compressed_position() const override { return source_->compressed_position(); }

 protected:
  /// Refills the input buffer when empty; returns false at end of file.
  bool Refill() {
    if (input_pos_ < input_size_) return true;
    input_size_ = source_->Read(input_.data(), input_.size());
    input_pos_ = 0;
    return input_size_ > 0;
  }
  [[noreturn]] void Corrupt(const std::string& detail) const {
    throw FormatError("corrupt " + std::string(codec_) + " data in '" + source_->file().path() +
                      "' near compressed byte " + std::to_string(compressed_position()) + ": " +
                      detail);
  }

  std::unique_ptr<FileInputStream> source_;
  const char* codec_;
  std::vector<char> input_;
  size_t input_pos_ = 0;
  size_t input_size_ = 0;
};

class GzipInputStream : public DecompressingStream {
 public:
  explicit GzipInputStream(std::unique_ptr<FileInputStream> source)
      : DecompressingStream(std::move(source), "gzip") {
    std::memset(&stream_, 0, sizeof(stream_));
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) throw InternalError("inflateInit2 failed");
  }
  ~GzipInputStream() override { inflateEnd(&stream_); }

  size_t Read(void* buffer, size_t length) override {
    if (finished_) return 0;
    stream_.next_out = static_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(length);
    while (stream_.avail_out == length) {
      if (!Refill()) {
        if (in_member_) Corrupt("unexpected end of file (truncated gzip stream)");
        finished_ = true;
        break;
      }
      stream_.next_in = reinterpret_cast<Bytef*>(input_.data() + input_pos_);
      stream_.avail_in = static_cast<uInt>(input_size_ - input_pos_);
      in_member_ = true;
      int rc = inflate(&stream_, Z_NO_FLUSH);
      input_pos_ = input_size_ - stream_.avail_in;
      if (rc == Z_STREAM_END) {
        // Concatenated gzip members are one stream (as gzip -d treats them).
        in_member_ = false;
        inflateReset(&stream_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        Corrupt(stream_.msg ? stream_.msg : "inflate failed");
      }
    }
    return length - stream_.avail_out;
  }

 private:
  z_stream stream_;
  bool in_member_ = false;
  bool finished_ = false;
};

class ZstdInputStream : public DecompressingStream {
 public:
  explicit ZstdInputStream(std::unique_ptr<FileInputStream> source)
      : DecompressingStream(std::move(source), "zstd"), stream_(ZSTD_createDStream()) {
    if (stream_ == nullptr) throw OutOfMemoryError("cannot create a zstd decoder");
  }
  ~ZstdInputStream() override { ZSTD_freeDStream(stream_); }

  size_t Read(void* buffer, size_t length) override {
    ZSTD_outBuffer out{buffer, length, 0};
    while (out.pos == 0) {
      if (!Refill()) {
        if (!frame_done_) Corrupt("unexpected end of file (truncated zstd frame)");
        break;
      }
      ZSTD_inBuffer in{input_.data() + input_pos_, input_size_ - input_pos_, 0};
      size_t rc = ZSTD_decompressStream(stream_, &out, &in);
      input_pos_ += in.pos;
      if (ZSTD_isError(rc)) Corrupt(ZSTD_getErrorName(rc));
      frame_done_ = rc == 0;
      if (out.pos == length) break;
    }
    return out.pos;
  }

 private:
  ZSTD_DStream* stream_;
  bool frame_done_ = true;
};

class Bzip2InputStream : public DecompressingStream {
 public:
  explicit Bzip2InputStream(std::unique_ptr<FileInputStream> source)
      : DecompressingStream(std::move(source), "bzip2") {
    Init();
  }
  ~Bzip2InputStream() override { BZ2_bzDecompressEnd(&stream_); }

  size_t Read(void* buffer, size_t length) override {
    if (finished_) return 0;
    stream_.next_out = static_cast<char*>(buffer);
    stream_.avail_out = static_cast<unsigned>(length);
    while (stream_.avail_out == length) {
      if (!Refill()) {
        if (in_stream_) Corrupt("unexpected end of file (truncated bzip2 stream)");
        finished_ = true;
        break;
      }
      stream_.next_in = input_.data() + input_pos_;
      stream_.avail_in = static_cast<unsigned>(input_size_ - input_pos_);
      in_stream_ = true;
      int rc = BZ2_bzDecompress(&stream_);
      input_pos_ = input_size_ - stream_.avail_in;
      if (rc == BZ_STREAM_END) {
        // Concatenated streams are one stream. Init() clears the whole bz_stream, so
        // keep where the output stands (else this Read reports bytes it never wrote).
        in_stream_ = false;
        char* next_out = stream_.next_out;
        unsigned avail_out = stream_.avail_out;
        BZ2_bzDecompressEnd(&stream_);
        Init();
        stream_.next_out = next_out;
        stream_.avail_out = avail_out;
      } else if (rc != BZ_OK) {
        Corrupt("bzip2 error " + std::to_string(rc));
      }
    }
    return length - stream_.avail_out;
  }

 private:
  void Init() {
    std::memset(&stream_, 0, sizeof(stream_));
    if (BZ2_bzDecompressInit(&stream_, 0, 0) != BZ_OK) throw InternalError("bzip2 init failed");
  }
  bz_stream stream_;
  bool in_stream_ = false;
  bool finished_ = false;
};

class GzipOutputStream : public OutputStream {
 public:
  GzipOutputStream(OutputStream* sink, int level) : sink_(sink), buffer_(kCompressedBufferSize) {
    std::memset(&stream_, 0, sizeof(stream_));
    if (deflateInit2(&stream_, level == 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED, 15 + 16,
                     8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw InvalidArgumentError("bad gzip compression level " + std::to_string(level));
    }
  }
  ~GzipOutputStream() override { deflateEnd(&stream_); }
  void Write(const void* data, size_t length) override { Pump(data, length, Z_NO_FLUSH); }
  void Finish() override {
    Pump(nullptr, 0, Z_FINISH);
    sink_->Finish();
  }

 private:
  void Pump(const void* data, size_t length, int flush) {
    stream_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    stream_.avail_in = static_cast<uInt>(length);
    for (;;) {
      stream_.next_out = reinterpret_cast<Bytef*>(buffer_.data());
      stream_.avail_out = static_cast<uInt>(buffer_.size());
      int rc = deflate(&stream_, flush);
      if (rc == Z_STREAM_ERROR) throw InternalError("deflate failed");
      sink_->Write(buffer_.data(), buffer_.size() - stream_.avail_out);
      if (flush == Z_FINISH ? rc == Z_STREAM_END : stream_.avail_in == 0 && stream_.avail_out != 0) {
        break;
      }
    }
  }
  OutputStream* sink_;
  z_stream stream_;
  std::vector<char> buffer_;
};

class ZstdOutputStream : public OutputStream {
 public:
  ZstdOutputStream(OutputStream* sink, int level)
      : sink_(sink), stream_(ZSTD_createCStream()), buffer_(ZSTD_CStreamOutSize()) {
    if (stream_ == nullptr) throw OutOfMemoryError("cannot create a zstd encoder");
    size_t rc = ZSTD_initCStream(stream_, level == 0 ? 3 : level);
    if (ZSTD_isError(rc)) throw InvalidArgumentError(ZSTD_getErrorName(rc));
  }
  ~ZstdOutputStream() override { ZSTD_freeCStream(stream_); }
  void Write(const void* data, size_t length) override {
    ZSTD_inBuffer in{data, length, 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
      size_t rc = ZSTD_compressStream(stream_, &out, &in);
      if (ZSTD_isError(rc)) throw InternalError(ZSTD_getErrorName(rc));
      sink_->Write(buffer_.data(), out.pos);
    }
  }
  void Finish() override {
    size_t remaining = 1;
    while (remaining != 0) {
      ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
      remaining = ZSTD_endStream(stream_, &out);
      if (ZSTD_isError(remaining)) throw InternalError(ZSTD_getErrorName(remaining));
      sink_->Write(buffer_.data(), out.pos);
    }
    sink_->Finish();
  }

 private:
  OutputStream* sink_;
  ZSTD_CStream* stream_;
  std::vector<char> buffer_;
};

class Bzip2OutputStream : public OutputStream {
 public:
  Bzip2OutputStream(OutputStream* sink, int level) : sink_(sink), buffer_(kCompressedBufferSize) {
    std::memset(&stream_, 0, sizeof(stream_));
    if (BZ2_bzCompressInit(&stream_, level == 0 ? 9 : level, 0, 0) != BZ_OK) {
      throw InvalidArgumentError("bad bzip2 compression level " + std::to_string(level));
    }
  }
  ~Bzip2OutputStream() override { BZ2_bzCompressEnd(&stream_); }
  void Write(const void* data, size_t length) override { Pump(data, length, BZ_RUN); }
  void Finish() override {
    Pump(nullptr, 0, BZ_FINISH);
    sink_->Finish();
  }

 private:
  void Pump(const void* data, size_t length, int action) {
    stream_.next_in = static_cast<char*>(const_cast<void*>(data));
    stream_.avail_in = static_cast<unsigned>(length);
    for (;;) {
      stream_.next_out = buffer_.data();
      stream_.avail_out = static_cast<unsigned>(buffer_.size());
      int rc = BZ2_bzCompress(&stream_, action);
      if (rc < 0) throw InternalError("bzip2 compression failed: " + std::to_string(rc));
      sink_->Write(buffer_.data(), buffer_.size() - stream_.avail_out);
      if (action == BZ_FINISH ? rc == BZ_STREAM_END : stream_.avail_in == 0) break;
    }
  }
  OutputStream* sink_;
  bz_stream stream_;
  std::vector<char> buffer_;
};

/// Forwards to the sink unchanged.
class PassThroughStream : public OutputStream {
 public:
  explicit PassThroughStream(OutputStream* sink) : sink_(sink) {}
  void Write(const void* data, size_t length) override { sink_->Write(data, length); }
  void Finish() override { sink_->Finish(); }

 private:
  OutputStream* sink_;
};

}  // namespace

std::string_view CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kAuto: return "auto";
    case Compression::kNone: return "none";
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
    case Compression::kBzip2: return "bzip2";
  }
  return "?";
}

Compression ParseCompression(std::string_view name) {
  if (name == "auto") return Compression::kAuto;
  if (name == "none" || name == "uncompressed") return Compression::kNone;
  if (name == "gzip" || name == "gz") return Compression::kGzip;
  if (name == "zstd" || name == "zst") return Compression::kZstd;
  if (name == "bzip2" || name == "bz2") return Compression::kBzip2;
  throw InvalidArgumentError("unknown compression '" + std::string(name) +
                             "' (expected auto, none, gzip, zstd or bzip2)");
}

Compression CompressionFromPath(std::string_view path) {
  if (EndsWith(path, ".gz") || EndsWith(path, ".gzip")) return Compression::kGzip;
  if (EndsWith(path, ".zst") || EndsWith(path, ".zstd")) return Compression::kZstd;
  if (EndsWith(path, ".bz2")) return Compression::kBzip2;
  return Compression::kNone;
}

std::string_view StripCompressionExtension(std::string_view path) {
  for (std::string_view ext : {".gz", ".gzip", ".zst", ".zstd", ".bz2"}) {
    if (EndsWith(path, ext)) return path.substr(0, path.size() - ext.size());
  }
  return path;
}

Compression CompressionFromMagic(const void* head, size_t size) {
  const auto* b = static_cast<const unsigned char*>(head);
  if (size >= 2 && b[0] == 0x1f && b[1] == 0x8b) return Compression::kGzip;
  if (size >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) {
    return Compression::kZstd;
  }
  if (size >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9') {
    return Compression::kBzip2;
  }
  return Compression::kNone;
}

std::unique_ptr<InputStream> OpenInputStream(const std::string& path, Compression compression,
                                             Compression* detected) {
  auto file = InputFile::Open(path);
  if (compression == Compression::kAuto) {
    unsigned char head[4] = {0, 0, 0, 0};
    size_t n = file->ReadAt(0, head, sizeof(head));
    compression = CompressionFromMagic(head, n);
    if (compression == Compression::kNone) {
      Compression by_name = CompressionFromPath(path);
      if (by_name != Compression::kNone && n > 0) {
        throw FormatError("'" + path + "' is named like a " +
                          std::string(CompressionName(by_name)) +
                          " file but does not start with its magic bytes");
      }
    }
  }
  if (detected != nullptr) *detected = compression;
  auto source = std::make_unique<FileInputStream>(std::move(file));
  switch (compression) {
    case Compression::kAuto:
    case Compression::kNone: return source;
    case Compression::kGzip: return std::make_unique<GzipInputStream>(std::move(source));
    case Compression::kZstd: return std::make_unique<ZstdInputStream>(std::move(source));
    case Compression::kBzip2: return std::make_unique<Bzip2InputStream>(std::move(source));
  }
  return source;
}

std::unique_ptr<OutputStream> MakeCompressingStream(OutputStream* sink, Compression compression,
                                                    int level) {
  switch (compression) {
    case Compression::kAuto:
    case Compression::kNone: return std::make_unique<PassThroughStream>(sink);
    case Compression::kGzip: return std::make_unique<GzipOutputStream>(sink, level);
    case Compression::kZstd: return std::make_unique<ZstdOutputStream>(sink, level);
    case Compression::kBzip2: return std::make_unique<Bzip2OutputStream>(sink, level);
  }
  return std::make_unique<PassThroughStream>(sink);
}

}  // namespace sluice::io
