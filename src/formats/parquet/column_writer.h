#pragma once
// One column of the Parquet writer: how a core type is stored (ColumnDescriptor), the
// buffer that collects a row group's values in their Parquet physical form
// (ColumnBuffer), and the encoding of one buffered column chunk into pages
// (EncodeColumnChunk): an optional dictionary page, then data pages, each with its
// page header, compressed, plus the chunk's metadata, statistics and page index.
//
// Column chunks are independent: EncodeColumnChunk only reads its buffer, so the
// writer runs one task per column (writer.h).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "core/vector.h"
#include "formats/parquet/metadata.h"

namespace sluice::parquet {

/// The representation a column's values take in its buffer and in the encoders.
enum class ValueKind : uint8_t {
  kBoolean,    ///< uint8_t 0/1 → BOOLEAN
  kInt32,      ///< int32_t → INT32
  kInt64,      ///< int64_t → INT64
  kFloat,      ///< float → FLOAT
  kDouble,     ///< double → DOUBLE
  kDecimal128, ///< __int128 → FIXED_LEN_BYTE_ARRAY, big-endian two's complement
  kByteArray,  ///< bytes → BYTE_ARRAY
};

/// How one top-level field is stored in Parquet.
struct ColumnDescriptor {
  std::string name;
  DataType type;              ///< The core type of the field.
  bool nullable = true;       ///< OPTIONAL (definition levels) or REQUIRED.
  ValueKind kind = ValueKind::kInt32;
  PhysicalType physical_type = PhysicalType::kInt32;
  int type_length = 0;        ///< FIXED_LEN_BYTE_ARRAY only.
  bool utf8 = false;          ///< VARCHAR: statistics truncate at characters.
};

/// The descriptor of `field` (see writer.h for the type mapping); throws
/// NotImplementedError for nested types.
ColumnDescriptor DescribeColumn(const Field& field);
/// The field's SchemaElement: physical type, repetition, logical and converted type.
SchemaElement MakeSchemaElement(const ColumnDescriptor& column);

/// A row group's values of one column, converted to the Parquet physical form: dense
/// non-NULL values plus one definition level per row (nullable columns only).
/// Filled by one thread, then read by the one encoding task.
class ColumnBuffer {
 public:
  explicit ColumnBuffer(const ColumnDescriptor& column);

  /// Appends rows [begin, end) of `vector`, whose type must be the column's. Throws
  /// ConstraintError when a REQUIRED column holds a NULL.
  void Append(const Vector& vector, size_t begin, size_t end);

  const ColumnDescriptor& column() const { return *column_; }
  int64_t num_rows() const { return num_rows_; }
  int64_t null_count() const { return null_count_; }
  size_t num_values() const;
  /// Bytes held (for the row group's memory limit).
  size_t memory_bytes() const;

  /// Definition levels (1 = value present), one per row; empty for REQUIRED columns.
  const std::vector<uint8_t>& definition_levels() const { return definition_levels_; }
  const std::vector<uint8_t>& booleans() const { return booleans_; }
  const std::vector<int32_t>& int32s() const { return int32s_; }
  const std::vector<int64_t>& int64s() const { return int64s_; }
  const std::vector<float>& floats() const { return floats_; }
  const std::vector<double>& doubles() const { return doubles_; }
  const std::vector<__int128>& decimals() const { return decimals_; }
  /// BYTE_ARRAY values: value i is bytes()[offsets()[i], offsets()[i + 1]).
  const std::string& bytes() const { return bytes_; }
  const std::vector<uint32_t>& offsets() const { return offsets_; }

 private:
  /// Records row validity; returns false for NULL rows.
  bool AddRow(bool valid);
  template <typename Source, typename Target, typename Convert>
  void AppendFixed(const Vector& vector, size_t begin, size_t end, std::vector<Target>* out,
                   Convert convert);
  void AppendStrings(const Vector& vector, size_t begin, size_t end);

  const ColumnDescriptor* column_;
  int64_t num_rows_ = 0;
  int64_t null_count_ = 0;
  std::vector<uint8_t> definition_levels_;
  std::vector<uint8_t> booleans_;
  std::vector<int32_t> int32s_;
  std::vector<int64_t> int64s_;
  std::vector<float> floats_;
  std::vector<double> doubles_;
  std::vector<__int128> decimals_;
  std::string bytes_;
  std::vector<uint32_t> offsets_{0};
};

/// Choices for encoding column chunks (from ParquetWriteOptions).
struct ColumnChunkOptions {
  Codec codec = Codec::kSnappy;
  int compression_level = 0;
  size_t page_bytes = 1 << 20;       ///< Target uncompressed size of a data page.
  size_t page_rows = 20000;          ///< Most rows per data page.
  size_t dictionary_page_bytes = 1 << 20;  ///< Largest dictionary page (PLAIN bytes).
  bool dictionary = true;
  bool page_index = true;            ///< Build ColumnIndex/OffsetIndex.
  bool page_checksums = true;        ///< Set PageHeader.crc (CRC-32 of the stored page).
  int writer_version = 1;            ///< 1: PLAIN/dictionary, data page v1; 2: delta
                                     ///< encodings allowed, data page v2.
};

/// One encoded column chunk. Offsets are relative to the start of `bytes`; the writer
/// adds the chunk's file position.
struct EncodedColumnChunk {
  std::string bytes;                      ///< Dictionary page, then data pages.
  ColumnMetaData metadata;                ///< Relative data/dictionary page offsets.
  OffsetIndex offset_index;               ///< Relative page offsets.
  std::optional<ColumnIndex> column_index;  ///< Absent when a page has no valid min/max.
};

/// Encodes a buffered column chunk. Thread-safe for distinct buffers.
EncodedColumnChunk EncodeColumnChunk(const ColumnBuffer& buffer,
                                     const ColumnChunkOptions& options);

}  // namespace sluice::parquet
