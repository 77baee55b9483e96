#include "formats/parquet/codec.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

#include "core/error.h"

namespace sluice::parquet {

namespace {

/// Hadoop-framed LZ4 is written in blocks of at most this many uncompressed bytes: the
/// Java Hadoop codec decompresses each block into a buffer of this size.
constexpr size_t kHadoopLz4BlockSize = 256 * 1024;
constexpr int kBrotliDefaultQuality = 8;
constexpr int kBrotliWindowBits = 22;

[[noreturn]] void Corrupt(Codec codec, const std::string& detail) {
  throw FormatError("corrupt " + std::string(CodecName(codec)) + " page: " + detail);
}

[[noreturn]] void WrongSize(Codec codec, size_t actual, size_t expected) {
  Corrupt(codec, "decompresses to " + std::to_string(actual) + " bytes, the header says " +
                     std::to_string(expected));
}

[[noreturn]] void TooLarge(Codec codec, size_t size) {
  throw FormatError(std::string(CodecName(codec)) + ": page of " + std::to_string(size) +
                    " bytes is too large");
}

/// An output pointer that is valid even for an empty output (some libraries reject
/// null destinations).
uint8_t* Destination(uint8_t* out) {
  static thread_local uint8_t empty;
  return out != nullptr ? out : &empty;
}

uint32_t LoadBigEndian32(const uint8_t* data) {
  return (static_cast<uint32_t>(data[0]) << 24) | (static_cast<uint32_t>(data[1]) << 16) |
         (static_cast<uint32_t>(data[2]) << 8) | static_cast<uint32_t>(data[3]);
}

void AppendBigEndian32(uint32_t value, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

// ---- SNAPPY ----

void DecompressSnappy(const uint8_t* data, size_t size, uint8_t* out, size_t uncompressed_size) {
  const char* input = reinterpret_cast<const char*>(data);
  size_t length = 0;
  if (!snappy::GetUncompressedLength(input, size, &length)) {
    Corrupt(Codec::kSnappy, "invalid length header");
  }
  if (length != uncompressed_size) WrongSize(Codec::kSnappy, length, uncompressed_size);
  if (!snappy::RawUncompress(input, size, reinterpret_cast<char*>(Destination(out)))) {
    Corrupt(Codec::kSnappy, "invalid compressed data");
  }
}

void CompressSnappy(const uint8_t* data, size_t size, std::string* out) {
  size_t start = out->size();
  out->resize(start + snappy::MaxCompressedLength(size));
  size_t length = 0;
  snappy::RawCompress(reinterpret_cast<const char*>(data), size, out->data() + start, &length);
  out->resize(start + length);
}

// ---- GZIP (zlib framing accepted too) ----

void DecompressGzip(const uint8_t* data, size_t size, uint8_t* out, size_t uncompressed_size) {
  if (size > UINT_MAX) TooLarge(Codec::kGzip, size);
  if (uncompressed_size > UINT_MAX) TooLarge(Codec::kGzip, uncompressed_size);
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  if (inflateInit2(&stream, 15 + 32) != Z_OK) throw OutOfMemoryError("cannot start inflate");
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = Destination(out);
  stream.avail_out = static_cast<uInt>(uncompressed_size);
  std::string error;
  for (;;) {
    int rc = inflate(&stream, Z_FINISH);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (concatenated members are one stream).
      if (stream.avail_in >= 2 && stream.next_in[0] == 0x1F && stream.next_in[1] == 0x8B &&
          inflateReset(&stream) == Z_OK) {
        continue;
      }
      break;
    }
    if (rc == Z_OK) continue;  // progress was made
    if (rc == Z_BUF_ERROR && stream.avail_out == 0) {
      error = "decompresses to more than the " + std::to_string(uncompressed_size) +
              " bytes the header says";
    } else if (rc == Z_BUF_ERROR) {
      error = "truncated data";
    } else {
      error = stream.msg != nullptr ? stream.msg : "inflate failed";
    }
    break;
  }
  size_t produced = uncompressed_size - stream.avail_out;
  inflateEnd(&stream);
  if (!error.empty()) Corrupt(Codec::kGzip, error);
  if (produced != uncompressed_size) WrongSize(Codec::kGzip, produced, uncompressed_size);
}

void CompressGzip(const uint8_t* data, size_t size, int level, std::string* out) {
  if (size > UINT_MAX) TooLarge(Codec::kGzip, size);
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  int zlib_level = level == 0 ? Z_DEFAULT_COMPRESSION : std::clamp(level, 1, 9);
  if (deflateInit2(&stream, zlib_level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw OutOfMemoryError("cannot start deflate");
  }
  size_t start = out->size();
  size_t bound = deflateBound(&stream, static_cast<uLong>(size));
  out->resize(start + bound);
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = reinterpret_cast<Bytef*>(out->data() + start);
  stream.avail_out = static_cast<uInt>(bound);
  int rc = deflate(&stream, Z_FINISH);
  size_t written = bound - stream.avail_out;
  deflateEnd(&stream);
  SLUICE_ASSERT(rc == Z_STREAM_END, "deflate finishes within deflateBound");
  out->resize(start + written);
}

// ---- ZSTD ----

/// One decompression and one compression context per thread, reused across pages.
struct ZstdContexts {
  ZSTD_DCtx* decompress = nullptr;
  ZSTD_CCtx* compress = nullptr;
  ~ZstdContexts() {
    ZSTD_freeDCtx(decompress);
    ZSTD_freeCCtx(compress);
  }
};

ZstdContexts& ThreadZstd() {
  static thread_local ZstdContexts contexts;
  return contexts;
}

void DecompressZstd(const uint8_t* data, size_t size, uint8_t* out, size_t uncompressed_size) {
  ZstdContexts& contexts = ThreadZstd();
  if (contexts.decompress == nullptr) contexts.decompress = ZSTD_createDCtx();
  if (contexts.decompress == nullptr) throw OutOfMemoryError("cannot create a zstd decoder");
  size_t result =
      ZSTD_decompressDCtx(contexts.decompress, Destination(out), uncompressed_size, data, size);
  if (ZSTD_isError(result)) Corrupt(Codec::kZstd, ZSTD_getErrorName(result));
  if (result != uncompressed_size) WrongSize(Codec::kZstd, result, uncompressed_size);
}

void CompressZstd(const uint8_t* data, size_t size, int level, std::string* out) {
  ZstdContexts& contexts = ThreadZstd();
  if (contexts.compress == nullptr) contexts.compress = ZSTD_createCCtx();
  if (contexts.compress == nullptr) throw OutOfMemoryError("cannot create a zstd encoder");
  size_t start = out->size();
  out->resize(start + ZSTD_compressBound(size));
  size_t written = ZSTD_compressCCtx(contexts.compress, out->data() + start, out->size() - start,
                                     data, size, std::clamp(level, 0, ZSTD_maxCLevel()));
  SLUICE_ASSERT(!ZSTD_isError(written), "zstd compresses within ZSTD_compressBound");
  out->resize(start + written);
}

// ---- BROTLI ----

void DecompressBrotli(const uint8_t* data, size_t size, uint8_t* out, size_t uncompressed_size) {
  size_t decoded = uncompressed_size;
  BrotliDecoderResult result = BrotliDecoderDecompress(size, data, &decoded, Destination(out));
  if (result != BROTLI_DECODER_RESULT_SUCCESS) {
    Corrupt(Codec::kBrotli, result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT
                                ? "decompresses to more than the " +
                                      std::to_string(uncompressed_size) + " bytes the header says"
                                : std::string("invalid or truncated data"));
  }
  if (decoded != uncompressed_size) WrongSize(Codec::kBrotli, decoded, uncompressed_size);
}

void CompressBrotli(const uint8_t* data, size_t size, int level, std::string* out) {
  size_t start = out->size();
  size_t bound = BrotliEncoderMaxCompressedSize(size);
  if (bound == 0) TooLarge(Codec::kBrotli, size);
  out->resize(start + bound);
  size_t written = bound;
  int quality = level == 0 ? kBrotliDefaultQuality : std::clamp(level, 0, 11);
  bool ok = BrotliEncoderCompress(quality, kBrotliWindowBits, BROTLI_MODE_GENERIC, size, data,
                                  &written, reinterpret_cast<uint8_t*>(out->data() + start));
  SLUICE_ASSERT(ok, "brotli compresses within BrotliEncoderMaxCompressedSize");
  out->resize(start + written);
}

// ---- LZ4 ----

/// A raw LZ4 block that must decompress to exactly `uncompressed_size` bytes.
bool TryDecompressLz4Block(const uint8_t* data, size_t size, uint8_t* out,
                           size_t uncompressed_size) {
  if (size > static_cast<size_t>(INT_MAX) || uncompressed_size > static_cast<size_t>(INT_MAX)) {
    return false;
  }
  int n = LZ4_decompress_safe(reinterpret_cast<const char*>(data),
                              reinterpret_cast<char*>(Destination(out)), static_cast<int>(size),
                              static_cast<int>(uncompressed_size));
  return n >= 0 && static_cast<size_t>(n) == uncompressed_size;
}

/// Hadoop's block framing: blocks of [4-byte big-endian uncompressed length] followed by
/// one or more [4-byte big-endian compressed length][LZ4 block] chunks that together
/// decompress to that length (writers normally put one chunk per block).
bool TryDecompressHadoopLz4(const uint8_t* data, size_t size, uint8_t* out,
                            size_t uncompressed_size) {
  size_t in = 0;
  size_t produced = 0;
  if (size < 8) return false;
  while (in < size) {
    if (size - in < 4) return false;
    size_t block_size = LoadBigEndian32(data + in);
    in += 4;
    if (block_size > uncompressed_size - produced) return false;
    size_t block_end = produced + block_size;
    do {
      if (size - in < 4) return false;
      size_t chunk_size = LoadBigEndian32(data + in);
      in += 4;
      if (chunk_size > size - in || chunk_size > static_cast<size_t>(INT_MAX)) return false;
      size_t capacity = std::min(block_end - produced, static_cast<size_t>(INT_MAX));
      int n = LZ4_decompress_safe(reinterpret_cast<const char*>(data + in),
                                  reinterpret_cast<char*>(Destination(out) + produced),
                                  static_cast<int>(chunk_size), static_cast<int>(capacity));
      if (n < 0) return false;
      if (n == 0 && block_size != 0) return false;  // no progress
      in += chunk_size;
      produced += static_cast<size_t>(n);
    } while (produced < block_end);
  }
  return produced == uncompressed_size;
}

/// The LZ4 frame format (magic 0x184D2204), written by old parquet-cpp for LZ4.
bool TryDecompressLz4Frame(const uint8_t* data, size_t size, uint8_t* out,
                           size_t uncompressed_size) {
  if (size < 4 || data[0] != 0x04 || data[1] != 0x22 || data[2] != 0x4D || data[3] != 0x18) {
    return false;
  }
  LZ4F_dctx* context = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&context, LZ4F_VERSION))) {
    throw OutOfMemoryError("cannot create an LZ4 frame decoder");
  }
  size_t in = 0;
  size_t produced = 0;
  bool finished = false;
  bool failed = false;
  while (!finished && !failed) {
    size_t in_size = size - in;
    size_t out_size = uncompressed_size - produced;
    size_t hint = LZ4F_decompress(context, Destination(out) + produced, &out_size, data + in,
                                  &in_size, nullptr);
    if (LZ4F_isError(hint)) {
      failed = true;
      break;
    }
    in += in_size;
    produced += out_size;
    finished = hint == 0;
    // Neither input nor output left to make progress with: truncated or too large.
    if (!finished && in_size == 0 && out_size == 0) failed = true;
  }
  LZ4F_freeDecompressionContext(context);
  return finished && !failed && in == size && produced == uncompressed_size;
}

void CompressLz4Block(const uint8_t* data, size_t size, std::string* out) {
  if (size > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) TooLarge(Codec::kLz4Raw, size);
  size_t start = out->size();
  int bound = LZ4_compressBound(static_cast<int>(size));
  out->resize(start + static_cast<size_t>(bound));
  int written = LZ4_compress_default(reinterpret_cast<const char*>(data), out->data() + start,
                                     static_cast<int>(size), bound);
  SLUICE_ASSERT(written > 0, "LZ4 compresses within LZ4_compressBound");
  out->resize(start + static_cast<size_t>(written));
}

void CompressHadoopLz4(const uint8_t* data, size_t size, std::string* out) {
  size_t offset = 0;
  do {
    size_t block = std::min(size - offset, kHadoopLz4BlockSize);
    AppendBigEndian32(static_cast<uint32_t>(block), out);
    size_t length_at = out->size();
    AppendBigEndian32(0, out);  // the compressed length, filled in below
    CompressLz4Block(data + offset, block, out);
    uint32_t compressed = static_cast<uint32_t>(out->size() - length_at - 4);
    for (int i = 0; i < 4; ++i) {
      (*out)[length_at + i] = static_cast<char>(compressed >> (24 - 8 * i));
    }
    offset += block;
  } while (offset < size);
}

}  // namespace

Codec ParseCodec(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "none" || lower == "uncompressed") return Codec::kUncompressed;
  if (lower == "snappy") return Codec::kSnappy;
  if (lower == "gzip") return Codec::kGzip;
  if (lower == "zstd") return Codec::kZstd;
  if (lower == "lz4_raw") return Codec::kLz4Raw;
  if (lower == "lz4") return Codec::kLz4;
  if (lower == "brotli") return Codec::kBrotli;
  if (lower == "lzo") throw NotImplementedError("Parquet compression 'lzo' is not supported");
  throw InvalidArgumentError("unknown Parquet compression '" + std::string(name) +
                             "' (expected none, snappy, gzip, zstd, lz4_raw, lz4 or brotli)");
}

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "uncompressed";
    case Codec::kSnappy: return "snappy";
    case Codec::kGzip: return "gzip";
    case Codec::kLzo: return "lzo";
    case Codec::kBrotli: return "brotli";
    case Codec::kLz4: return "lz4";
    case Codec::kZstd: return "zstd";
    case Codec::kLz4Raw: return "lz4_raw";
  }
  return "unknown";
}

void Decompress(Codec codec, const uint8_t* data, size_t size, uint8_t* out,
                size_t uncompressed_size) {
  switch (codec) {
    case Codec::kUncompressed:
      if (size != uncompressed_size) WrongSize(codec, size, uncompressed_size);
      if (size > 0) std::memcpy(out, data, size);
      return;
    case Codec::kSnappy:
      return DecompressSnappy(data, size, out, uncompressed_size);
    case Codec::kGzip:
      return DecompressGzip(data, size, out, uncompressed_size);
    case Codec::kZstd:
      return DecompressZstd(data, size, out, uncompressed_size);
    case Codec::kBrotli:
      return DecompressBrotli(data, size, out, uncompressed_size);
    case Codec::kLz4Raw:
      if (!TryDecompressLz4Block(data, size, out, uncompressed_size)) {
        Corrupt(codec, "invalid data or not " + std::to_string(uncompressed_size) +
                           " bytes decompressed");
      }
      return;
    case Codec::kLz4:
      if (TryDecompressHadoopLz4(data, size, out, uncompressed_size) ||
          TryDecompressLz4Block(data, size, out, uncompressed_size) ||
          TryDecompressLz4Frame(data, size, out, uncompressed_size)) {
        return;
      }
      Corrupt(codec, "not Hadoop-framed LZ4, a raw LZ4 block or an LZ4 frame of " +
                         std::to_string(uncompressed_size) + " bytes");
    case Codec::kLzo:
      throw NotImplementedError("Parquet compression LZO is not supported");
  }
  throw NotImplementedError("Parquet compression codec " +
                            std::to_string(static_cast<int>(codec)) + " is not supported");
}

void Compress(Codec codec, const uint8_t* data, size_t size, int level, std::string* out) {
  switch (codec) {
    case Codec::kUncompressed:
      out->append(reinterpret_cast<const char*>(data), size);
      return;
    case Codec::kSnappy:
      return CompressSnappy(data, size, out);
    case Codec::kGzip:
      return CompressGzip(data, size, level, out);
    case Codec::kZstd:
      return CompressZstd(data, size, level, out);
    case Codec::kBrotli:
      return CompressBrotli(data, size, level, out);
    case Codec::kLz4Raw:
      return CompressLz4Block(data, size, out);
    case Codec::kLz4:
      return CompressHadoopLz4(data, size, out);
    case Codec::kLzo:
      throw NotImplementedError("Parquet compression LZO is not supported");
  }
  throw NotImplementedError("Parquet compression codec " +
                            std::to_string(static_cast<int>(codec)) + " is not supported");
}

}  // namespace sluice::parquet
