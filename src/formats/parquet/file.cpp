// ParquetFile: the footer, its validation, and typed statistics.
#include <cstring>

#include "core/error.h"
#include "formats/parquet/conversion.h"
#include "formats/parquet/metadata_io.h"
#include "formats/parquet/reader.h"

namespace sluice::parquet {

namespace {

constexpr char kMagic[4] = {'P', 'A', 'R', '1'};
constexpr char kEncryptedMagic[4] = {'P', 'A', 'R', 'E'};

std::string Num(uint64_t value) { return std::to_string(value); }

/// A 16-byte aligned slot for one converted value.
struct alignas(16) Slot {
  uint8_t bytes[32];
};

ScalarValue ScalarFromSlot(const DataType& type, const uint8_t* slot) {
  auto load = [slot](auto value) {
    std::memcpy(&value, slot, sizeof(value));
    return value;
  };
  switch (type.id()) {
    case TypeId::kBoolean: return ScalarValue::Boolean(load(uint8_t{}) != 0);
    case TypeId::kTinyInt: return ScalarValue::Integer(type, load(int8_t{}));
    case TypeId::kSmallInt: return ScalarValue::Integer(type, load(int16_t{}));
    case TypeId::kInteger:
    case TypeId::kDate: return ScalarValue::Integer(type, load(int32_t{}));
    case TypeId::kBigInt:
    case TypeId::kTimestamp: return ScalarValue::Integer(type, load(int64_t{}));
    case TypeId::kDecimal:
      if (type.is_short_decimal()) return ScalarValue::Integer(type, load(int64_t{}));
      return ScalarValue::Integer(type, load(__int128{}));
    case TypeId::kTimestampTz: return ScalarValue::Integer(type, load(TimestampTz{}).micros);
    case TypeId::kReal: return ScalarValue::Floating(type, load(float{}));
    case TypeId::kDouble: return ScalarValue::Floating(type, load(double{}));
    case TypeId::kVarchar:
    case TypeId::kVarbinary: return ScalarValue::Bytes(type, load(StringRef{}).ToString());
    default: return ScalarValue::Null(type);
  }
}

bool SignedLegacyOrder(const LeafColumn& leaf) {
  switch (leaf.physical_type) {
    case PhysicalType::kBoolean:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: break;
    default: return false;
  }
  switch (leaf.conversion) {
    case Conversion::kUint8ToInt16:
    case Conversion::kUint16ToInt32:
    case Conversion::kUint32ToInt64:
    case Conversion::kUint64ToInt128: return false;
    default: return true;
  }
}

}  // namespace

std::optional<ScalarValue> DecodeStatisticValue(const LeafColumn& leaf, const std::string& bytes) {
  if (!leaf.error.empty() || leaf.conversion == Conversion::kAllNull) return std::nullopt;
  Slot physical{}, converted{};
  const uint8_t* data = reinterpret_cast<const uint8_t*>(bytes.data());
  switch (leaf.physical_type) {
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray: {
      if (leaf.physical_type == PhysicalType::kFixedLenByteArray &&
          bytes.size() != static_cast<size_t>(leaf.type_length)) {
        return std::nullopt;
      }
      StringRef ref(bytes.data(), static_cast<uint32_t>(bytes.size()));
      std::memcpy(physical.bytes, &ref, sizeof(ref));
      break;
    }
    default: {
      size_t width = PhysicalValueWidth(leaf.physical_type);
      if (bytes.size() != width) return std::nullopt;
      std::memcpy(physical.bytes, data, width);
      break;
    }
  }
  StringHeap heap;
  const uint8_t* slot = physical.bytes;
  if (leaf.conversion != Conversion::kNone) {
    try {
      ConvertValues(leaf, physical.bytes, 1, converted.bytes, &heap);
    } catch (const FormatError&) {
      return std::nullopt;
    }
    slot = converted.bytes;
  }
  ScalarValue value = ScalarFromSlot(leaf.type, slot);
  if (value.is_null) return std::nullopt;
  if ((leaf.type.id() == TypeId::kReal || leaf.type.id() == TypeId::kDouble) && value.floating != value.floating) {
    return std::nullopt;  // NaN bounds say nothing.
  }
  return value;
}

std::shared_ptr<ParquetFile> ParquetFile::Open(const std::string& path) {
  return Open(std::shared_ptr<io::InputFile>(io::InputFile::Open(path)));
}

std::shared_ptr<ParquetFile> ParquetFile::Open(std::shared_ptr<io::InputFile> input) {
  std::shared_ptr<ParquetFile> file(new ParquetFile(std::move(input)));
  file->ReadFooter();
  file->Validate();
  return file;
}

std::shared_ptr<uint8_t[]> ParquetFile::ReadRange(uint64_t offset, uint64_t length) const {
  if (offset > file_->size() || length > file_->size() - offset) {
    throw FormatError(path() + ": range of " + Num(length) + " bytes at offset " + Num(offset) +
                      " lies beyond the end of the file (" + Num(file_->size()) + " bytes)");
  }
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[length == 0 ? 1 : length]);
  size_t got = file_->ReadAt(offset, buffer.get(), static_cast<size_t>(length));
  if (got != length) {
    throw FormatError(path() + ": file ended after " + Num(offset + got) + " bytes while reading " +
                      Num(length) + " bytes at offset " + Num(offset));
  }
  return buffer;
}

void ParquetFile::ReadFooter() {
  const uint64_t size = file_->size();
  if (size < 12) {
    throw FormatError(path() + ": file of " + Num(size) + " bytes is too small to be Parquet (a Parquet file has at least 12)");
  }
  auto head = ReadRange(0, 4);
  auto tail = ReadRange(size - 8, 8);
  if (std::memcmp(tail.get() + 4, kEncryptedMagic, 4) == 0) {
    throw NotImplementedError(path() + ": the Parquet footer is encrypted, which Sluice does not support");
  }
  if (std::memcmp(head.get(), kMagic, 4) != 0 || std::memcmp(tail.get() + 4, kMagic, 4) != 0) {
    throw FormatError(path() + ": not a Parquet file (the magic bytes \"PAR1\" are missing at the " +
                      (std::memcmp(head.get(), kMagic, 4) != 0 ? "start" : "end") + ")");
  }
  uint32_t footer_size;
  std::memcpy(&footer_size, tail.get(), 4);
  if (footer_size > size - 12) {
    throw FormatError(path() + ": footer length " + Num(footer_size) + " exceeds the " + Num(size - 12) +
                      " bytes between the magic numbers");
  }
  footer_size_ = footer_size;
  auto footer = ReadRange(size - 8 - footer_size, footer_size);
  try {
    metadata_ = DecodeFileMetaData(footer.get(), footer_size);
    schema_ = MapSchema(metadata_);
  } catch (const FormatError& error) {
    throw FormatError(path() + ": footer: " + error.what());
  }
}

void ParquetFile::Validate() const {
  const uint64_t data_end = file_size() - 8 - footer_size_;
  for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
    const RowGroup& group = metadata_.row_groups[g];
    std::string where = path() + ": row group " + Num(g);
    if (group.num_rows < 0) throw FormatError(where + ": negative number of rows");
    if (group.columns.size() != schema_.leaves.size()) {
      throw FormatError(where + " has " + Num(group.columns.size()) + " column chunks but the schema has " +
                        Num(schema_.leaves.size()) + " leaf columns");
    }
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const ColumnChunk& chunk = group.columns[c];
      const LeafColumn& leaf = schema_.leaves[c];
      std::string column = where + ", column '" + leaf.name + "'";
      if (chunk.file_path) {
        throw NotImplementedError(column + ": column data in another file ('" + *chunk.file_path +
                                  "') is not supported");
      }
      if (!chunk.meta_data) throw FormatError(column + ": column chunk without metadata");
      const ColumnMetaData& meta = *chunk.meta_data;
      if (meta.type != leaf.physical_type) {
        throw FormatError(column + ": column chunk of type " + PhysicalTypeName(meta.type) +
                          " but the schema says " + PhysicalTypeName(leaf.physical_type));
      }
      int64_t start = meta.data_page_offset;
      if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 &&
          *meta.dictionary_page_offset < start) {
        start = *meta.dictionary_page_offset;
      }
      if (start < 4 || meta.total_compressed_size < 0 ||
          static_cast<uint64_t>(start) > data_end ||
          static_cast<uint64_t>(meta.total_compressed_size) > data_end - static_cast<uint64_t>(start)) {
        throw FormatError(column + ": column chunk of " + std::to_string(meta.total_compressed_size) +
                          " bytes at offset " + std::to_string(start) +
                          " lies outside the data section of the file (bytes 4 to " + Num(data_end) + ")");
      }
      if (meta.num_values < 0) throw FormatError(column + ": negative number of values");
    }
  }
}

ValueRange ParquetFile::ColumnStatistics(size_t row_group, size_t leaf_index) const {
  const RowGroup& group = metadata_.row_groups[row_group];
  const LeafColumn& leaf = schema_.leaves[leaf_index];
  ValueRange range;
  range.num_rows = group.num_rows;
  const ColumnMetaData& meta = *group.columns[leaf_index].meta_data;
  if (!meta.statistics) return range;
  const Statistics& stats = *meta.statistics;
  if (stats.null_count && *stats.null_count >= 0) range.null_count = stats.null_count;
  if (!leaf.has_sort_order) return range;
  if (stats.min_value && stats.max_value) {
    range.min = DecodeStatisticValue(leaf, *stats.min_value);
    range.max = DecodeStatisticValue(leaf, *stats.max_value);
  } else if (stats.min && stats.max && SignedLegacyOrder(leaf)) {
    range.min = DecodeStatisticValue(leaf, *stats.min);
    range.max = DecodeStatisticValue(leaf, *stats.max);
  }
  if (!range.min || !range.max) {
    range.min.reset();
    range.max.reset();
  }
  return range;
}

}  // namespace sluice::parquet
