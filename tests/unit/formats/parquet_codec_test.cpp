// Page compression codecs: round trips of every codec (empty, small, 1 MB), corrupt and
// truncated data, size mismatches (never writing past the output), and the framings of
// the old LZ4 codec (Hadoop blocks, raw block, LZ4 frame) and of GZIP (zlib too).
#include <gtest/gtest.h>
#include <lz4.h>
#include <lz4frame.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "formats/parquet/codec.h"

namespace sluice::parquet {
namespace {

const uint8_t* Bytes(const std::string& text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

std::string CompressString(Codec codec, const std::string& input, int level = 0) {
  std::string out = "prefix";  // Compress appends
  Compress(codec, Bytes(input), input.size(), level, &out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  return out.substr(6);
}

/// Decompresses into a buffer with guard bytes after `uncompressed_size`, and checks
/// that they are untouched whatever happens.
std::string DecompressString(Codec codec, const std::string& compressed,
                             size_t uncompressed_size) {
  constexpr size_t kGuard = 64;
  std::vector<uint8_t> buffer(uncompressed_size + kGuard, 0xA5);
  auto check_guard = [&] {
    for (size_t i = uncompressed_size; i < buffer.size(); ++i) {
      ASSERT_EQ(buffer[i], 0xA5) << "wrote past the output at " << i;
    }
  };
  try {
    Decompress(codec, Bytes(compressed), compressed.size(), buffer.data(), uncompressed_size);
  } catch (...) {
    check_guard();
    throw;
  }
  check_guard();
  return std::string(buffer.begin(), buffer.begin() + static_cast<long>(uncompressed_size));
}

std::string TextLike(size_t size) {
  std::mt19937 random(42);
  static const char* const kWords[] = {"parquet ", "sluice ", "lake ", "column ", "page ",
                                       "1234 ",    "\n",      "\t",    "row group ", "zstd "};
  std::string text;
  while (text.size() < size) text += kWords[random() % 10];
  text.resize(size);
  return text;
}

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random());
  return bytes;
}

const std::vector<Codec> kCodecs = {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip,
                                    Codec::kZstd,         Codec::kBrotli, Codec::kLz4Raw,
                                    Codec::kLz4};

class ParquetCodecTest : public ::testing::TestWithParam<Codec> {};

TEST_P(ParquetCodecTest, RoundTrips) {
  Codec codec = GetParam();
  std::vector<std::string> inputs = {"", "a", TextLike(1000), TextLike(1 << 20),
                                     RandomBytes(1 << 20, 1), std::string(300000, '\0')};
  for (const std::string& input : inputs) {
    std::string compressed = CompressString(codec, input);
    EXPECT_EQ(DecompressString(codec, compressed, input.size()), input)
        << CodecName(codec) << " " << input.size();
    if (codec != Codec::kUncompressed && input.size() == (1u << 20) && input[0] == 'p') {
      EXPECT_LT(compressed.size(), input.size() / 2) << CodecName(codec);
    }
  }
}

TEST_P(ParquetCodecTest, LevelsRoundTrip) {
  Codec codec = GetParam();
  std::string input = TextLike(50000);
  for (int level : {0, 1, 3, 9}) {
    EXPECT_EQ(DecompressString(codec, CompressString(codec, input, level), input.size()), input);
  }
}

TEST_P(ParquetCodecTest, SizeMismatchIsAFormatError) {
  Codec codec = GetParam();
  std::string input = TextLike(10000);
  std::string compressed = CompressString(codec, input);
  EXPECT_THROW(DecompressString(codec, compressed, input.size() - 1), FormatError);
  EXPECT_THROW(DecompressString(codec, compressed, input.size() + 1), FormatError);
  EXPECT_THROW(DecompressString(codec, compressed, 0), FormatError);
  std::string empty = CompressString(codec, "");
  EXPECT_THROW(DecompressString(codec, empty, 10), FormatError);
}

TEST_P(ParquetCodecTest, CorruptDataIsAFormatError) {
  Codec codec = GetParam();
  if (codec == Codec::kUncompressed) GTEST_SKIP() << "any bytes are valid uncompressed data";
  std::string input = TextLike(100000);
  std::string compressed = CompressString(codec, input);
  // Truncated at several points.
  for (size_t size : {size_t{0}, size_t{1}, size_t{5}, compressed.size() / 2,
                      compressed.size() - 1}) {
    EXPECT_THROW(DecompressString(codec, compressed.substr(0, size), input.size()), FormatError)
        << CodecName(codec) << " truncated to " << size;
  }
  // Garbage.
  for (uint32_t seed = 0; seed < 20; ++seed) {
    std::string garbage = RandomBytes(1 + seed * 37, seed);
    EXPECT_THROW(DecompressString(codec, garbage, input.size()), FormatError)
        << CodecName(codec) << " seed " << seed;
  }
  // Flipped bytes: either a FormatError or, if the damage went undetected, the right size
  // (a FormatError is what checksummed codecs give); never a crash or an overrun.
  std::mt19937 random(9);
  for (int i = 0; i < 200; ++i) {
    std::string damaged = compressed;
    damaged[random() % damaged.size()] ^= static_cast<char>(1 + random() % 255);
    try {
      EXPECT_EQ(DecompressString(codec, damaged, input.size()).size(), input.size());
    } catch (const FormatError&) {
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ParquetEveryCodec, ParquetCodecTest, ::testing::ValuesIn(kCodecs),
                         [](const ::testing::TestParamInfo<Codec>& info) {
                           return std::string(CodecName(info.param));
                         });

void AppendBigEndian(uint32_t value, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

std::string RawLz4(const std::string& input) {
  std::string out(static_cast<size_t>(LZ4_compressBound(static_cast<int>(input.size()))), '\0');
  int n = LZ4_compress_default(input.data(), out.data(), static_cast<int>(input.size()),
                               static_cast<int>(out.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

TEST(ParquetCodecLz4, WritesHadoopFramingInBlocks) {
  std::string input = TextLike(600 * 1024);
  std::string compressed = CompressString(Codec::kLz4, input);
  // [uncompressed 256 KiB][compressed length][block] three times.
  auto load = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<uint8_t>(compressed[at])) << 24) |
           (static_cast<uint32_t>(static_cast<uint8_t>(compressed[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<uint8_t>(compressed[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<uint8_t>(compressed[at + 3]));
  };
  EXPECT_EQ(load(0), 256u * 1024);
  size_t second = 8 + load(4);
  EXPECT_EQ(load(second), 256u * 1024);
  size_t third = second + 8 + load(second + 4);
  EXPECT_EQ(load(third), 600u * 1024 - 512 * 1024);
  EXPECT_EQ(third + 8 + load(third + 4), compressed.size());
}

TEST(ParquetCodecLz4, ReadsHandMadeHadoopFraming) {
  std::string first = TextLike(5000);
  std::string second = RandomBytes(3000, 4);
  std::string framed;
  for (const std::string* block : {&first, &second}) {
    std::string raw = RawLz4(*block);
    AppendBigEndian(static_cast<uint32_t>(block->size()), &framed);
    AppendBigEndian(static_cast<uint32_t>(raw.size()), &framed);
    framed += raw;
  }
  EXPECT_EQ(DecompressString(Codec::kLz4, framed, 8000), first + second);
  // One block made of two chunks (Hadoop's stream splits large blocks this way).
  std::string chunked;
  AppendBigEndian(8000, &chunked);
  for (const std::string* part : {&first, &second}) {
    std::string raw = RawLz4(*part);
    AppendBigEndian(static_cast<uint32_t>(raw.size()), &chunked);
    chunked += raw;
  }
  EXPECT_EQ(DecompressString(Codec::kLz4, chunked, 8000), first + second);
  EXPECT_THROW(DecompressString(Codec::kLz4, framed, 7999), FormatError);
}

TEST(ParquetCodecLz4, FallsBackToARawBlockAndToTheFrameFormat) {
  std::string input = TextLike(70000);
  EXPECT_EQ(DecompressString(Codec::kLz4, RawLz4(input), input.size()), input);
  std::string frame(LZ4F_compressFrameBound(input.size(), nullptr), '\0');
  size_t n = LZ4F_compressFrame(frame.data(), frame.size(), input.data(), input.size(), nullptr);
  ASSERT_FALSE(LZ4F_isError(n));
  frame.resize(n);
  EXPECT_EQ(DecompressString(Codec::kLz4, frame, input.size()), input);
  EXPECT_THROW(DecompressString(Codec::kLz4, frame, input.size() - 1), FormatError);
  EXPECT_THROW(DecompressString(Codec::kLz4, frame.substr(0, n / 2), input.size()), FormatError);
}

TEST(ParquetCodecGzip, AcceptsZlibFramingAndConcatenatedMembers) {
  std::string input = TextLike(40000);
  std::string zlib(compressBound(static_cast<uLong>(input.size())), '\0');
  uLongf zlib_size = static_cast<uLongf>(zlib.size());
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(zlib.data()), &zlib_size, Bytes(input),
                      static_cast<uLong>(input.size()), 6),
            Z_OK);
  zlib.resize(zlib_size);
  EXPECT_EQ(DecompressString(Codec::kGzip, zlib, input.size()), input);

  std::string members = CompressString(Codec::kGzip, input) + CompressString(Codec::kGzip, "tail");
  EXPECT_EQ(DecompressString(Codec::kGzip, members, input.size() + 4), input + "tail");
  // The output is gzip (magic 1f 8b).
  std::string gzip = CompressString(Codec::kGzip, input);
  EXPECT_EQ(static_cast<uint8_t>(gzip[0]), 0x1F);
  EXPECT_EQ(static_cast<uint8_t>(gzip[1]), 0x8B);
}

TEST(ParquetCodecNames, ParseAndName) {
  EXPECT_EQ(ParseCodec("SNAPPY"), Codec::kSnappy);
  EXPECT_EQ(ParseCodec("gzip"), Codec::kGzip);
  EXPECT_EQ(ParseCodec("Zstd"), Codec::kZstd);
  EXPECT_EQ(ParseCodec("lz4_raw"), Codec::kLz4Raw);
  EXPECT_EQ(ParseCodec("lz4"), Codec::kLz4);
  EXPECT_EQ(ParseCodec("brotli"), Codec::kBrotli);
  EXPECT_EQ(ParseCodec("none"), Codec::kUncompressed);
  EXPECT_EQ(ParseCodec("uncompressed"), Codec::kUncompressed);
  EXPECT_THROW(ParseCodec("zip"), InvalidArgumentError);
  EXPECT_THROW(ParseCodec("lzo"), NotImplementedError);
  for (Codec codec : kCodecs) EXPECT_EQ(ParseCodec(CodecName(codec)), codec);
  EXPECT_EQ(CodecName(Codec::kLzo), "lzo");
  EXPECT_EQ(CodecName(static_cast<Codec>(99)), "unknown");
}

TEST(ParquetCodecNames, LzoAndUnknownCodecsAreNotImplemented) {
  uint8_t out[4];
  std::string data = "abcd";
  try {
    Decompress(Codec::kLzo, Bytes(data), 4, out, 4);
    ADD_FAILURE() << "expected NotImplementedError";
  } catch (const NotImplementedError& error) {
    EXPECT_NE(std::string(error.what()).find("LZO"), std::string::npos);
  }
  std::string compressed;
  EXPECT_THROW(Compress(Codec::kLzo, Bytes(data), 4, 0, &compressed), NotImplementedError);
  EXPECT_THROW(Decompress(static_cast<Codec>(42), Bytes(data), 4, out, 4), NotImplementedError);
}

}  // namespace
}  // namespace sluice::parquet
