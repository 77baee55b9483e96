#pragma once
// The Parquet file metadata (parquet-format's parquet.thrift), as plain structs.
//
// Only the fields Sluice reads or writes are kept; unknown fields are skipped when
// reading (the compact protocol allows it) and never written. Field ids in comments
// are the Thrift ids of the specification. Optional Thrift fields are std::optional
// (or a `has_` flag for nested structs) so that "absent" and "zero" stay apart, which
// the statistics rules need.
//
// Serialization lives in metadata_io.h (Thrift compact protocol, thrift_compact.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::parquet {

/// Physical types (Type, ids as in the specification).
enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

/// Legacy ConvertedType, still written by most engines beside LogicalType.
enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,  ///< Hadoop-framed (or, from some writers, raw frames): see codec.h.
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

enum class BoundaryOrder : int32_t { kUnordered = 0, kAscending = 1, kDescending = 2 };

enum class TimeUnit : int32_t { kMillis = 1, kMicros = 2, kNanos = 3 };

/// LogicalType: a union in Thrift; `kind` says which member is set.
struct LogicalType {
  enum class Kind : int32_t {
    kNone = 0,  ///< Absent.
    kString = 1,
    kMap = 2,
    kList = 3,
    kEnum = 4,
    kDecimal = 5,
    kDate = 6,
    kTime = 7,
    kTimestamp = 8,
    // 9 is reserved (INTERVAL)
    kInteger = 10,
    kUnknown = 11,  ///< NullType: every value is NULL.
    kJson = 12,
    kBson = 13,
    kUuid = 14,
    kFloat16 = 15,
  };
  Kind kind = Kind::kNone;
  // kDecimal
  int32_t scale = 0;
  int32_t precision = 0;
  // kTime, kTimestamp
  bool is_adjusted_to_utc = false;
  TimeUnit unit = TimeUnit::kMicros;
  // kInteger
  int8_t bit_width = 0;
  bool is_signed = true;

  bool has_value() const { return kind != Kind::kNone; }
};

/// One node of the flattened schema tree (depth-first; groups have num_children).
struct SchemaElement {
  std::optional<PhysicalType> type;           // 1 (absent for groups)
  std::optional<int32_t> type_length;         // 2 (FIXED_LEN_BYTE_ARRAY)
  std::optional<Repetition> repetition_type;  // 3 (absent for the root)
  std::string name;                           // 4
  std::optional<int32_t> num_children;        // 5 (groups)
  std::optional<ConvertedType> converted_type;  // 6
  std::optional<int32_t> scale;               // 7
  std::optional<int32_t> precision;           // 8
  std::optional<int32_t> field_id;            // 9
  LogicalType logical_type;                   // 10
};

/// Statistics of a column chunk or page. min_value/max_value (5/6) are the
/// specification's current fields with defined sort orders; min/max (2/1) are the
/// deprecated signed-byte-order fields, read only as a fallback where the sort order
/// is signed.
struct Statistics {
  std::optional<std::string> max;        // 1 (deprecated)
  std::optional<std::string> min;        // 2 (deprecated)
  std::optional<int64_t> null_count;     // 3
  std::optional<int64_t> distinct_count;  // 4
  std::optional<std::string> max_value;  // 5
  std::optional<std::string> min_value;  // 6
  std::optional<bool> is_max_value_exact;  // 7
  std::optional<bool> is_min_value_exact;  // 8
};

struct DataPageHeader {
  int32_t num_values = 0;                    // 1 (including NULLs)
  Encoding encoding = Encoding::kPlain;      // 2
  Encoding definition_level_encoding = Encoding::kRle;  // 3
  Encoding repetition_level_encoding = Encoding::kRle;  // 4
  std::optional<Statistics> statistics;      // 5
};

struct DictionaryPageHeader {
  int32_t num_values = 0;                // 1
  Encoding encoding = Encoding::kPlain;  // 2
  std::optional<bool> is_sorted;         // 3
};

/// Version 2 data page: levels are stored uncompressed before the (maybe compressed)
/// values, with their byte lengths here.
struct DataPageHeaderV2 {
  int32_t num_values = 0;                  // 1
  int32_t num_nulls = 0;                   // 2
  int32_t num_rows = 0;                    // 3
  Encoding encoding = Encoding::kPlain;    // 4
  int32_t definition_levels_byte_length = 0;  // 5
  int32_t repetition_levels_byte_length = 0;  // 6
  bool is_compressed = true;               // 7 (default true)
  std::optional<Statistics> statistics;    // 8
};

struct PageHeader {
  PageType type = PageType::kDataPage;  // 1
  int32_t uncompressed_page_size = 0;   // 2
  int32_t compressed_page_size = 0;     // 3
  std::optional<int32_t> crc;           // 4
  std::optional<DataPageHeader> data_page_header;              // 5
  // 6: index_page_header (never used by writers; skipped)
  std::optional<DictionaryPageHeader> dictionary_page_header;  // 7
  std::optional<DataPageHeaderV2> data_page_header_v2;         // 8
};

struct KeyValue {
  std::string key;                   // 1
  std::optional<std::string> value;  // 2
};

struct SortingColumn {
  int32_t column_idx = 0;    // 1
  bool descending = false;   // 2
  bool nulls_first = false;  // 3
};

struct PageEncodingStats {
  PageType page_type = PageType::kDataPage;  // 1
  Encoding encoding = Encoding::kPlain;      // 2
  int32_t count = 0;                         // 3
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;   // 1
  std::vector<Encoding> encodings;            // 2
  std::vector<std::string> path_in_schema;    // 3
  Codec codec = Codec::kUncompressed;         // 4
  int64_t num_values = 0;                     // 5
  int64_t total_uncompressed_size = 0;        // 6
  int64_t total_compressed_size = 0;          // 7
  std::vector<KeyValue> key_value_metadata;   // 8
  int64_t data_page_offset = 0;               // 9
  std::optional<int64_t> index_page_offset;   // 10
  std::optional<int64_t> dictionary_page_offset;  // 11
  std::optional<Statistics> statistics;       // 12
  std::vector<PageEncodingStats> encoding_stats;  // 13
  std::optional<int64_t> bloom_filter_offset;  // 14
  std::optional<int32_t> bloom_filter_length;  // 15
};

struct ColumnChunk {
  std::optional<std::string> file_path;       // 1 (another file: unsupported)
  int64_t file_offset = 0;                    // 2 (deprecated; writers put the dict/data offset)
  std::optional<ColumnMetaData> meta_data;    // 3
  std::optional<int64_t> offset_index_offset;  // 4
  std::optional<int32_t> offset_index_length;  // 5
  std::optional<int64_t> column_index_offset;  // 6
  std::optional<int32_t> column_index_length;  // 7
  // 8: crypto_metadata, 9: encrypted_column_metadata (encryption: unsupported)
};

struct RowGroup {
  std::vector<ColumnChunk> columns;        // 1
  int64_t total_byte_size = 0;             // 2 (uncompressed)
  int64_t num_rows = 0;                    // 3
  std::vector<SortingColumn> sorting_columns;  // 4
  std::optional<int64_t> file_offset;      // 5
  std::optional<int64_t> total_compressed_size;  // 6
  std::optional<int16_t> ordinal;          // 7
};

/// ColumnOrder: a union whose only member is TYPE_ORDER (an empty struct).
struct ColumnOrder {
  bool type_defined_order = true;  // 1
};

struct FileMetaData {
  int32_t version = 1;                      // 1
  std::vector<SchemaElement> schema;        // 2
  int64_t num_rows = 0;                     // 3
  std::vector<RowGroup> row_groups;         // 4
  std::vector<KeyValue> key_value_metadata;  // 5
  std::optional<std::string> created_by;    // 6
  std::vector<ColumnOrder> column_orders;   // 7
  // 8: encryption_algorithm, 9: footer_signing_key_metadata (unsupported)
};

/// Page index (PageIndex.md): where each data page of a column chunk starts...
struct PageLocation {
  int64_t offset = 0;                // 1
  int32_t compressed_page_size = 0;  // 2 (including the header)
  int64_t first_row_index = 0;       // 3
};

struct OffsetIndex {
  std::vector<PageLocation> page_locations;  // 1
  std::vector<int64_t> unencoded_byte_array_data_bytes;  // 2 (optional)
};

/// ...and the min/max/null count of each page.
struct ColumnIndex {
  std::vector<bool> null_pages;          // 1
  std::vector<std::string> min_values;   // 2
  std::vector<std::string> max_values;   // 3
  BoundaryOrder boundary_order = BoundaryOrder::kUnordered;  // 4
  std::vector<int64_t> null_counts;      // 5 (optional)
};

}  // namespace sluice::parquet
