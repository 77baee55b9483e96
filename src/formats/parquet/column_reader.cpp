#include "formats/parquet/column_reader.h"


#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "io/checksum.h"
#include "formats/parquet/codec.h"
#include "formats/parquet/conversion.h"
#include "formats/parquet/metadata_io.h"
#include "formats/parquet/rle.h"

namespace sluice::parquet {

namespace {

/// Largest decompressed page we accept (the format's sizes are 32-bit anyway).
constexpr uint64_t kMaxPageBytes = uint64_t{1} << 30;

/// Largest ratio of decompressed to compressed bytes a codec can reach, with margin:
/// a page that claims more is corrupt, and allocating for it would be unbounded.
uint64_t MaxRatio(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return 1;
    case Codec::kSnappy: return 64;
    case Codec::kLz4:
    case Codec::kLz4Raw: return 300;
    case Codec::kGzip: return 1100;
    default: return uint64_t{1} << 16;  // zstd, brotli
  }
}

struct alignas(8) Bytes16 {
  uint64_t low, high;
};

template <typename T>
void GatherTyped(const void* dictionary, const uint32_t* indices, size_t count, void* out) {
  const T* source = static_cast<const T*>(dictionary);
  T* target = static_cast<T*>(out);
  for (size_t i = 0; i < count; ++i) target[i] = source[indices[i]];
}

void Gather(size_t width, const void* dictionary, const uint32_t* indices, size_t count, void* out) {
  switch (width) {
    case 1: return GatherTyped<uint8_t>(dictionary, indices, count, out);
    case 2: return GatherTyped<uint16_t>(dictionary, indices, count, out);
    case 4: return GatherTyped<uint32_t>(dictionary, indices, count, out);
    case 8: return GatherTyped<uint64_t>(dictionary, indices, count, out);
    default: return GatherTyped<Bytes16>(dictionary, indices, count, out);
  }
}

/// Spreads `dense` values over `count` rows, in place: row i takes the next value when
/// its level is `valid_level`, and is zeroed otherwise.
template <typename T>
void ExpandTyped(void* data, const uint32_t* levels, size_t count, size_t dense, uint32_t valid_level) {
  T* values = static_cast<T*>(data);
  size_t next = dense;
  for (size_t i = count; i-- > 0;) {
    if (levels[i] == valid_level) {
      values[i] = values[--next];
    } else {
      values[i] = T{};
    }
  }
}

void Expand(size_t width, void* data, const uint32_t* levels, size_t count, size_t dense,
            uint32_t valid_level) {
  switch (width) {
    case 1: return ExpandTyped<uint8_t>(data, levels, count, dense, valid_level);
    case 2: return ExpandTyped<uint16_t>(data, levels, count, dense, valid_level);
    case 4: return ExpandTyped<uint32_t>(data, levels, count, dense, valid_level);
    case 8: return ExpandTyped<uint64_t>(data, levels, count, dense, valid_level);
    default: return ExpandTyped<Bytes16>(data, levels, count, dense, valid_level);
  }
}

std::string Num(uint64_t value) { return std::to_string(value); }

}  // namespace

struct ColumnChunkReader::Dictionary {
  SharedBytes page;
  std::vector<Bytes16> values;  ///< Converted entries, output_width_ bytes each.
  StringHeap heap;              ///< Text made by conversions (UUID, TIME).
  uint32_t size = 0;
};

SharedBytes SharedBytes::Allocate(size_t size) {
  SharedBytes bytes;
  bytes.data = std::shared_ptr<uint8_t[]>(new uint8_t[size == 0 ? 1 : size]);
  bytes.size = size;
  return bytes;
}

ColumnChunkReader::ColumnChunkReader(const LeafColumn& leaf, Codec codec, int64_t num_rows,
                                     std::string where)
    : leaf_(leaf),
      codec_(codec),
      num_rows_(num_rows),
      where_(std::move(where)),
      physical_width_(PhysicalValueWidth(leaf.physical_type)),
      output_width_(leaf.type.fixed_width()),
      converts_(leaf.conversion != Conversion::kNone && leaf.conversion != Conversion::kAllNull) {
  SLUICE_ASSERT(leaf.max_repetition_level == 0, "only flat columns are read");
  SLUICE_ASSERT(converts_ || leaf.conversion == Conversion::kAllNull || physical_width_ == output_width_,
                "an unconverted leaf has the layout of its core type");
}

ColumnChunkReader::~ColumnChunkReader() = default;

void ColumnChunkReader::AddRun(SharedBytes bytes, int64_t first_row, uint64_t file_offset) {
  runs_.push_back(Run{std::move(bytes), first_row, file_offset});
}

void ColumnChunkReader::Fail(const std::string& message) const { throw FormatError(message); }

void ColumnChunkReader::Read(int64_t row, size_t count, Vector* out, size_t offset) {
  try {
    ReadRows(row, count, out, offset);
  } catch (const FormatError& error) {
    throw FormatError(where_ + ", page at offset " + Num(page_offset_) + ": " + error.what());
  }
}

void ColumnChunkReader::KeepAlive(Vector* out, const std::shared_ptr<const void>& buffer) {
  if (std::find(kept_.begin(), kept_.end(), buffer.get()) != kept_.end()) return;
  out->heap().KeepAlive(buffer);
  kept_.push_back(buffer.get());
}

void ColumnChunkReader::ReadRows(int64_t row, size_t count, Vector* out, size_t offset) {
  SLUICE_ASSERT(row >= position_ || (count == 0), "column rows are read in increasing order");
  if (row + static_cast<int64_t>(count) > num_rows_) {
    Fail("row " + Num(row + count) + " requested of a row group of " + Num(num_rows_) + " rows");
  }
  kept_.clear();
  while (position_ < row) {
    if (page_left_ == 0) {
      if (!NextPage(row)) Fail("the column chunk ends at row " + Num(position_) + " of " + Num(num_rows_));
      continue;
    }
    size_t n = static_cast<size_t>(std::min<int64_t>(row - position_, static_cast<int64_t>(page_left_)));
    SkipInPage(n);
  }
  while (count > 0) {
    if (page_left_ == 0) {
      if (!NextPage(position_)) Fail("the column chunk ends at row " + Num(position_) + " of " + Num(num_rows_));
      continue;
    }
    size_t n = std::min(count, page_left_);
    ReadInPage(n, out, offset);
    offset += n;
    count -= n;
  }
}

bool ColumnChunkReader::NextPage(int64_t target_row) {
  while (run_index_ < runs_.size()) {
    Run& run = runs_[run_index_];
    if (run_pos_ == 0 && run.first_row > position_) {
      if (run.first_row > target_row) Fail("rows before " + Num(run.first_row) + " are missing");
      position_ = run.first_row;
    }
    if (run_pos_ >= run.bytes.size) {
      ++run_index_;
      run_pos_ = 0;
      continue;
    }
    const uint8_t* base = run.bytes.data.get();
    size_t left = run.bytes.size - run_pos_;
    page_offset_ = run.file_offset + run_pos_;
    size_t header_size = 0;
    PageHeader header = DecodePageHeader(base + run_pos_, left, &header_size);
    if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0) {
      Fail("negative page size in the page header");
    }
    size_t compressed = static_cast<size_t>(header.compressed_page_size);
    if (header_size > left || compressed > left - header_size) {
      Fail("page of " + Num(compressed) + " bytes runs past the end of the column chunk (" +
           Num(left - std::min(left, header_size)) + " bytes left)");
    }
    const uint8_t* body = base + run_pos_ + header_size;
    run_pos_ += header_size + compressed;
    int64_t num_values = -1;
    if (header.type == PageType::kDictionaryPage) {
      VerifyChecksum(header, body, compressed);
      LoadDictionary(header, body, run);
      continue;
    }
    if (header.type == PageType::kDataPage) {
      if (!header.data_page_header) Fail("data page without a data page header");
      num_values = header.data_page_header->num_values;
    } else if (header.type == PageType::kDataPageV2) {
      if (!header.data_page_header_v2) Fail("data page v2 without its header");
      num_values = header.data_page_header_v2->num_values;
    } else {
      continue;  // Index pages and unknown page types carry no rows.
    }
    if (num_values < 0) Fail("negative number of values in a data page");
    if (num_values == 0) continue;
    if (position_ + num_values <= target_row) {
      position_ += num_values;  // A whole page before the wanted rows: not even decompressed.
      continue;
    }
    VerifyChecksum(header, body, compressed);
    LoadDataPage(header, body, run);
    return true;
  }
  return false;
}

void ColumnChunkReader::VerifyChecksum(const PageHeader& header, const uint8_t* body,
                                       size_t size) const {
  if (!header.crc) return;
  // CRC-32 (gzip's polynomial) of the page as stored, without its header.
  const uint32_t crc = io::Crc32(body, size);
  if (crc != static_cast<uint32_t>(*header.crc)) {
    Fail("page checksum mismatch (CRC-32 " + Num(crc) +
         ", header says " + Num(static_cast<uint32_t>(*header.crc)) + "): the page is corrupt");
  }
}

SharedBytes ColumnChunkReader::Uncompress(const Run& run, const uint8_t* data, size_t size,
                                          size_t uncompressed_size) {
  if (codec_ == Codec::kUncompressed) {
    bytes_decoded_ += size;
    SharedBytes alias;
    alias.data = std::shared_ptr<uint8_t[]>(run.bytes.data, const_cast<uint8_t*>(data));
    alias.size = size;
    return alias;
  }
  if (uncompressed_size > kMaxPageBytes ||
      uncompressed_size > static_cast<uint64_t>(size) * MaxRatio(codec_) + 4096) {
    Fail("page claims " + Num(uncompressed_size) + " uncompressed bytes from " + Num(size) +
         " compressed bytes, more than the codec can produce");
  }
  SharedBytes bytes = SharedBytes::Allocate(uncompressed_size);
  Decompress(codec_, data, size, bytes.data.get(), uncompressed_size);
  bytes_decoded_ += uncompressed_size;
  return bytes;
}

void ColumnChunkReader::LoadDictionary(const PageHeader& header, const uint8_t* body, const Run& run) {
  if (dictionary_) Fail("a second dictionary page in one column chunk");
  if (!header.dictionary_page_header) Fail("dictionary page without its header");
  const DictionaryPageHeader& h = *header.dictionary_page_header;
  if (h.encoding != Encoding::kPlain && h.encoding != Encoding::kPlainDictionary) {
    Fail("dictionary page encoded as " + Num(static_cast<int>(h.encoding)) + " (only PLAIN is defined)");
  }
  if (h.num_values < 0) Fail("negative number of dictionary values");
  auto dictionary = std::make_shared<Dictionary>();
  dictionary->page = Uncompress(run, body, static_cast<size_t>(header.compressed_page_size),
                                static_cast<size_t>(header.uncompressed_page_size));
  const uint8_t* data = dictionary->page.data.get();
  size_t size = dictionary->page.size;
  uint64_t count = static_cast<uint64_t>(h.num_values);
  uint64_t most;
  switch (leaf_.physical_type) {
    case PhysicalType::kBoolean: most = uint64_t{size} * 8; break;
    case PhysicalType::kByteArray: most = size / 4; break;
    case PhysicalType::kFixedLenByteArray:
      most = leaf_.type_length == 0 ? 1 : size / static_cast<uint64_t>(leaf_.type_length);
      break;
    default: most = size / physical_width_; break;
  }
  if (count > most) {
    Fail("dictionary page announces " + Num(count) + " values but its " + Num(size) +
         " bytes hold at most " + Num(most));
  }
  dictionary->size = static_cast<uint32_t>(count);
  if (leaf_.conversion != Conversion::kAllNull) {
    std::vector<Bytes16> physical((count * physical_width_ + 15) / 16 + 1);
    uint8_t* target = reinterpret_cast<uint8_t*>(physical.data());
    switch (leaf_.physical_type) {
      case PhysicalType::kBoolean: PlainBooleanDecoder(data, size).Decode(target, count); break;
      case PhysicalType::kByteArray:
        PlainByteArrayDecoder(data, size, -1).Decode(reinterpret_cast<StringRef*>(target), count);
        break;
      case PhysicalType::kFixedLenByteArray:
        PlainByteArrayDecoder(data, size, leaf_.type_length).Decode(reinterpret_cast<StringRef*>(target), count);
        break;
      default: PlainFixedDecoder(data, size, physical_width_).Decode(target, count); break;
    }
    if (converts_) {
      dictionary->values.resize((count * output_width_ + 15) / 16 + 1);
      ConvertValues(leaf_, target, count, reinterpret_cast<uint8_t*>(dictionary->values.data()),
                    &dictionary->heap);
    } else {
      dictionary->values = std::move(physical);
    }
  }
  dictionary_ = std::move(dictionary);
}

void ColumnChunkReader::LoadDataPage(const PageHeader& header, const uint8_t* body, const Run& run) {
  const size_t compressed = static_cast<size_t>(header.compressed_page_size);
  const size_t uncompressed = static_cast<size_t>(header.uncompressed_page_size);
  const int bit_width = BitWidth(static_cast<uint64_t>(leaf_.max_definition_level));
  has_levels_ = false;
  bit_packed_levels_ = false;
  if (header.type == PageType::kDataPage) {
    const DataPageHeader& h = *header.data_page_header;
    page_ = Uncompress(run, body, compressed, uncompressed);
    const uint8_t* p = page_.data.get();
    size_t size = page_.size;
    if (leaf_.max_definition_level > 0) {
      has_levels_ = true;
      if (h.definition_level_encoding == Encoding::kRle) {
        if (size < 4) Fail("definition levels: missing the 4-byte length");
        uint32_t length;
        std::memcpy(&length, p, 4);
        if (length > size - 4) {
          Fail("definition levels of " + Num(length) + " bytes exceed the " + Num(size - 4) + " bytes of the page");
        }
        level_decoder_ = RleBitPackedDecoder(p + 4, length, bit_width);
        p += 4 + length;
        size -= 4 + length;
      } else if (h.definition_level_encoding == Encoding::kBitPacked) {
        uint64_t bytes = (static_cast<uint64_t>(h.num_values) * static_cast<uint64_t>(bit_width) + 7) / 8;
        if (bytes > size) Fail("BIT_PACKED definition levels need " + Num(bytes) + " bytes, the page has " + Num(size));
        packed_levels_.resize(static_cast<size_t>(h.num_values));
        DecodeBitPackedLevels(p, static_cast<size_t>(bytes), bit_width, packed_levels_.size(), packed_levels_.data());
        packed_next_ = 0;
        bit_packed_levels_ = true;
        p += bytes;
        size -= static_cast<size_t>(bytes);
      } else {
        Fail("definition levels encoded as " + Num(static_cast<int>(h.definition_level_encoding)));
      }
    }
    InitValues(h.encoding, p, size, page_.size);
    page_left_ = static_cast<size_t>(h.num_values);
    return;
  }
  const DataPageHeaderV2& h = *header.data_page_header_v2;
  if (h.repetition_levels_byte_length < 0 || h.definition_levels_byte_length < 0 || h.num_nulls < 0) {
    Fail("negative level lengths in a data page v2 header");
  }
  size_t levels_size = static_cast<size_t>(h.repetition_levels_byte_length) +
                       static_cast<size_t>(h.definition_levels_byte_length);
  if (levels_size > compressed || levels_size > uncompressed) {
    Fail("data page v2 levels of " + Num(levels_size) + " bytes exceed the page of " + Num(compressed));
  }
  if (leaf_.max_definition_level > 0 && h.num_nulls > 0) {
    has_levels_ = true;
    level_decoder_ = RleBitPackedDecoder(body + h.repetition_levels_byte_length,
                                         static_cast<size_t>(h.definition_levels_byte_length), bit_width);
  }
  const uint8_t* values = body + levels_size;
  size_t values_size = compressed - levels_size;
  if (h.is_compressed && codec_ != Codec::kUncompressed) {
    page_ = Uncompress(run, values, values_size, uncompressed - levels_size);
  } else {
    page_.data = std::shared_ptr<uint8_t[]>(run.bytes.data, const_cast<uint8_t*>(values));
    page_.size = values_size;
    bytes_decoded_ += values_size;
  }
  InitValues(h.encoding, page_.data.get(), page_.size, page_.size);
  page_left_ = static_cast<size_t>(h.num_values);
}

void ColumnChunkReader::InitValues(Encoding encoding, const uint8_t* data, size_t size, size_t page_bytes) {
  const PhysicalType type = leaf_.physical_type;
  const bool is_bytes = type == PhysicalType::kByteArray || type == PhysicalType::kFixedLenByteArray;
  auto unsupported = [&] {
    Fail("encoding " + Num(static_cast<int>(encoding)) + " is not supported for " + PhysicalTypeName(type));
  };
  switch (encoding) {
    case Encoding::kPlain:
      if (type == PhysicalType::kBoolean) {
        plain_boolean_ = PlainBooleanDecoder(data, size);
        source_ = ValueSource::kPlainBoolean;
      } else if (is_bytes) {
        plain_bytes_ = PlainByteArrayDecoder(data, size, type == PhysicalType::kByteArray ? -1 : leaf_.type_length);
        source_ = ValueSource::kPlainBytes;
      } else {
        plain_fixed_ = PlainFixedDecoder(data, size, physical_width_);
        source_ = ValueSource::kPlainFixed;
      }
      return;
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
      if (!dictionary_) Fail("dictionary-encoded page but the column chunk has no dictionary page");
      dictionary_indices_ = DictionaryIndexDecoder(data, size, dictionary_->size);
      source_ = ValueSource::kDictionary;
      return;
    case Encoding::kRle:
      if (type != PhysicalType::kBoolean) unsupported();
      rle_boolean_ = RleBooleanDecoder(data, size);
      source_ = ValueSource::kRleBoolean;
      return;
    case Encoding::kDeltaBinaryPacked:
      if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) unsupported();
      delta_ = DeltaBinaryPackedDecoder(data, size);
      source_ = ValueSource::kDeltaBinaryPacked;
      return;
    case Encoding::kDeltaLengthByteArray:
      if (type != PhysicalType::kByteArray) unsupported();
      delta_length_ = DeltaLengthByteArrayDecoder(data, size);
      source_ = ValueSource::kDeltaLength;
      return;
    case Encoding::kDeltaByteArray:
      if (!is_bytes) unsupported();
      delta_bytes_ = DeltaByteArrayDecoder(data, size, (size_t{256} << 20) + 64 * page_bytes);
      source_ = ValueSource::kDeltaBytes;
      return;
    case Encoding::kByteStreamSplit:
      if (type == PhysicalType::kBoolean || type == PhysicalType::kInt96 || type == PhysicalType::kByteArray) {
        unsupported();
      }
      byte_stream_split_ = ByteStreamSplitDecoder(
          data, size, type == PhysicalType::kFixedLenByteArray ? static_cast<size_t>(leaf_.type_length) : physical_width_);
      source_ = ValueSource::kByteStreamSplit;
      return;
    default:
      unsupported();
  }
}

size_t ColumnChunkReader::ReadLevels(size_t count) {
  if (levels_.size() < count) levels_.resize(std::max<size_t>(count, kChunkCapacity));
  uint32_t* levels = levels_.data();
  if (bit_packed_levels_) {
    if (count > packed_levels_.size() - packed_next_) Fail("fewer definition levels than values");
    std::memcpy(levels, packed_levels_.data() + packed_next_, count * sizeof(uint32_t));
    packed_next_ += count;
  } else if (level_decoder_.GetBatch(levels, count) < count) {
    Fail("the page holds fewer definition levels than its header says");
  }
  const uint32_t valid = static_cast<uint32_t>(leaf_.max_definition_level);
  size_t nonnull = 0;
  for (size_t i = 0; i < count; ++i) nonnull += levels[i] == valid;
  return nonnull;
}

void ColumnChunkReader::SkipInPage(size_t count) {
  size_t nonnull = has_levels_ ? ReadLevels(count) : count;
  if (leaf_.conversion != Conversion::kAllNull) SkipValues(nonnull);
  page_left_ -= count;
  position_ += static_cast<int64_t>(count);
}

void ColumnChunkReader::ReadInPage(size_t count, Vector* out, size_t offset) {
  size_t nonnull = has_levels_ ? ReadLevels(count) : count;
  uint8_t* dst = out->raw_data() + offset * output_width_;
  if (leaf_.conversion == Conversion::kAllNull) {
    for (size_t i = 0; i < count; ++i) out->SetNull(offset + i);
  } else {
    if (nonnull > 0) DecodeValues(nonnull, dst, out);
    if (nonnull < count) {
      const uint32_t valid = static_cast<uint32_t>(leaf_.max_definition_level);
      Expand(output_width_, dst, levels_.data(), count, nonnull, valid);
      for (size_t i = 0; i < count; ++i) {
        if (levels_[i] != valid) out->SetNull(offset + i);
      }
    }
  }
  page_left_ -= count;
  position_ += static_cast<int64_t>(count);
}

void ColumnChunkReader::DecodeValues(size_t count, uint8_t* dst, Vector* out) {
  if (source_ == ValueSource::kDictionary) {
    if (indices_.size() < count) indices_.resize(std::max<size_t>(count, kChunkCapacity));
    dictionary_indices_.Decode(indices_.data(), count);
    Gather(output_width_, dictionary_->values.data(), indices_.data(), count, dst);
    if (leaf_.type.is_string()) KeepAlive(out, dictionary_);
    return;
  }
  if (!converts_) {
    DecodePhysical(count, dst, &out->heap());
    if (leaf_.type.is_string()) KeepAlive(out, page_.data);
    return;
  }
  size_t needed = (count * physical_width_ + 15) / 16;
  if (scratch_.size() < needed) scratch_.resize(needed);
  uint8_t* physical = reinterpret_cast<uint8_t*>(scratch_.data());
  DecodePhysical(count, physical, &out->heap());
  ConvertValues(leaf_, physical, count, dst, &out->heap());
}

void ColumnChunkReader::DecodePhysical(size_t count, uint8_t* dst, StringHeap* heap) {
  switch (source_) {
    case ValueSource::kPlainFixed: return plain_fixed_.Decode(dst, count);
    case ValueSource::kPlainBoolean: return plain_boolean_.Decode(dst, count);
    case ValueSource::kPlainBytes: return plain_bytes_.Decode(reinterpret_cast<StringRef*>(dst), count);
    case ValueSource::kRleBoolean: return rle_boolean_.Decode(dst, count);
    case ValueSource::kDeltaBinaryPacked:
      if (leaf_.physical_type == PhysicalType::kInt32) return delta_.DecodeInt32(reinterpret_cast<int32_t*>(dst), count);
      return delta_.DecodeInt64(reinterpret_cast<int64_t*>(dst), count);
    case ValueSource::kDeltaLength: return delta_length_.Decode(reinterpret_cast<StringRef*>(dst), count);
    case ValueSource::kDeltaBytes: return delta_bytes_.Decode(reinterpret_cast<StringRef*>(dst), count, heap);
    case ValueSource::kByteStreamSplit: {
      if (leaf_.physical_type != PhysicalType::kFixedLenByteArray) return byte_stream_split_.Decode(dst, count);
      size_t length = static_cast<size_t>(leaf_.type_length);
      char* bytes = count * length > 0 ? heap->Allocate(count * length) : nullptr;
      byte_stream_split_.Decode(reinterpret_cast<uint8_t*>(bytes), count);
      StringRef* refs = reinterpret_cast<StringRef*>(dst);
      for (size_t i = 0; i < count; ++i) refs[i] = StringRef(bytes + i * length, static_cast<uint32_t>(length));
      return;
    }
    case ValueSource::kDictionary: break;
  }
  SLUICE_ASSERT(false, "dictionary pages are gathered, not decoded physically");
}

void ColumnChunkReader::SkipValues(size_t count) {
  switch (source_) {
    case ValueSource::kPlainFixed: return plain_fixed_.Skip(count);
    case ValueSource::kPlainBoolean: return plain_boolean_.Skip(count);
    case ValueSource::kPlainBytes: return plain_bytes_.Skip(count);
    case ValueSource::kDictionary: return dictionary_indices_.Skip(count);
    case ValueSource::kRleBoolean: return rle_boolean_.Skip(count);
    case ValueSource::kDeltaBinaryPacked: return delta_.Skip(count);
    case ValueSource::kDeltaLength: return delta_length_.Skip(count);
    case ValueSource::kDeltaBytes: return delta_bytes_.Skip(count);
    case ValueSource::kByteStreamSplit: return byte_stream_split_.Skip(count);
  }
}

}  // namespace sluice::parquet
