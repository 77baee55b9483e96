// libFuzzer target of the Parquet building blocks that read untrusted bytes: the Thrift
// metadata decoders, the RLE / bit-packing hybrid decoder and the page codecs. The first
// byte picks what the rest is:
//   0 FileMetaData, 1 PageHeader, 2 ColumnIndex, 3 OffsetIndex (Thrift compact);
//   4 an RLE stream (next byte: bit width, then dictionary size byte);
//   5 a compressed page (next byte: codec, two bytes: uncompressed size).
// A sluice::Error is a fine outcome; crashes, sanitizer reports, any other exception and
// any broken round trip are bugs: whatever decodes is encoded, decoded again and encoded
// again, and the two encodings must be identical (the encoders write every field, so
// equal bytes mean equal structs).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "formats/parquet/codec.h"
#include "formats/parquet/metadata_io.h"
#include "formats/parquet/rle.h"

namespace {

using namespace sluice::parquet;

const uint8_t* Bytes(const std::string& text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

/// decode(input) → E1; decode(E1) → E2; E1 must equal E2.
template <typename Struct, typename Decode, typename Encode>
void CheckRoundTrip(const uint8_t* data, size_t size, Decode decode, Encode encode) {
  Struct first;
  try {
    first = decode(data, size);
  } catch (const sluice::Error&) {
    return;
  }
  std::string encoded;
  encode(first, &encoded);
  std::string again;
  encode(decode(Bytes(encoded), encoded.size()), &again);  // must not throw
  if (again != encoded) std::abort();
}

void FuzzRle(const uint8_t* data, size_t size) {
  if (size < 2) return;
  int bit_width = data[0] % 33;
  uint32_t dictionary_size = data[1];
  data += 2;
  size -= 2;
  std::vector<uint32_t> values(4096);
  try {  // batch boundaries, skipping and the dictionary check
    RleBitPackedDecoder decoder(data, size, bit_width);
    decoder.GetBatch(values.data(), 100);
    decoder.Skip(37);
    decoder.GetBatch(values.data(), 1000);
    RleBitPackedDecoder indices(data, size, bit_width);
    indices.GetIndices(values.data(), 1000, dictionary_size);
  } catch (const sluice::Error&) {
  }
  // What a fresh decoder returns in one call is encoded and decoded again.
  size_t count = 0;
  try {
    RleBitPackedDecoder decoder(data, size, bit_width);
    count = decoder.GetBatch(values.data(), values.size());
  } catch (const sluice::Error&) {
    return;
  }
  RleBitPackedEncoder encoder(bit_width);
  encoder.PutBatch(values.data(), count);
  std::string encoded;
  encoder.Flush(&encoded);
  std::vector<uint32_t> again(count + 8);
  RleBitPackedDecoder re(Bytes(encoded), encoded.size(), bit_width);
  if (re.GetBatch(again.data(), count) != count) std::abort();
  for (size_t i = 0; i < count; ++i) {
    if (again[i] != values[i]) std::abort();
  }
  // The deprecated BIT_PACKED levels over the same bytes.
  try {
    DecodeBitPackedLevels(data, size, bit_width, std::min<size_t>(size, 512), values.data());
  } catch (const sluice::Error&) {
  }
}

void FuzzCodec(const uint8_t* data, size_t size) {
  if (size < 3) return;
  Codec codec = static_cast<Codec>(data[0] % 8);
  size_t uncompressed_size = static_cast<size_t>(data[1]) << 8 | data[2];
  data += 3;
  size -= 3;
  // Exactly the declared size: ASan reports any write past it.
  std::vector<uint8_t> out(uncompressed_size);
  try {
    Decompress(codec, data, size, out.data(), uncompressed_size);
  } catch (const sluice::Error&) {
    return;
  }
  // What decompressed compresses and decompresses back to the same bytes.
  std::string compressed;
  Compress(codec, out.data(), out.size(), 0, &compressed);
  std::vector<uint8_t> again(uncompressed_size);
  Decompress(codec, Bytes(compressed), compressed.size(), again.data(), again.size());
  if (again != out) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t selector = data[0];
  ++data;
  --size;
  switch (selector % 6) {
    case 0:
      CheckRoundTrip<FileMetaData>(data, size, DecodeFileMetaData, EncodeFileMetaData);
      break;
    case 1:
      CheckRoundTrip<PageHeader>(
          data, size,
          [](const uint8_t* bytes, size_t length) {
            size_t header_size = 0;
            PageHeader header = DecodePageHeader(bytes, length, &header_size);
            if (header_size > length) std::abort();
            return header;
          },
          EncodePageHeader);
      break;
    case 2:
      CheckRoundTrip<ColumnIndex>(data, size, DecodeColumnIndex, EncodeColumnIndex);
      break;
    case 3:
      CheckRoundTrip<OffsetIndex>(data, size, DecodeOffsetIndex, EncodeOffsetIndex);
      break;
    case 4:
      FuzzRle(data, size);
      break;
    case 5:
      FuzzCodec(data, size);
      break;
  }
  return 0;
}
