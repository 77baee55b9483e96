#pragma once
// Page compression codecs: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4_RAW and the
// older LZ4 codec (Hadoop's framing: big-endian uncompressed and compressed lengths
// before each block; some writers put a bare LZ4 block there instead, which is
// detected and read as well). LZO is not supported (a clear error).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/parquet/metadata.h"

namespace sluice::parquet {

/// "snappy", "gzip", "zstd", "lz4_raw", "lz4", "brotli", "none"/"uncompressed"
/// (case-insensitive); throws InvalidArgumentError otherwise.
Codec ParseCodec(std::string_view name);
std::string_view CodecName(Codec codec);

/// Decompresses `size` bytes into exactly `uncompressed_size` bytes at `out`; throws
/// FormatError when the data is corrupt or does not decompress to that size.
void Decompress(Codec codec, const uint8_t* data, size_t size, uint8_t* out,
                size_t uncompressed_size);

/// Compresses `size` bytes, appending to `out`. `level` is the codec's level
/// (zstd 1..22, gzip 1..9, brotli 0..11); 0 means the codec's default.
void Compress(Codec codec, const uint8_t* data, size_t size, int level, std::string* out);

}  // namespace sluice::parquet
