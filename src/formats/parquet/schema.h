#pragma once
// The Parquet schema tree mapped onto Sluice's types (LogicalTypes.md, with the
// backward-compatibility rules for ConvertedType).
//
// The flattened tree of FileMetaData::schema becomes a list of leaves (one per column
// chunk of every row group, in order) and a list of top-level columns. A top-level
// column that is a primitive, non-repeated field is readable: it has one leaf and a
// core DataType. Groups (LIST, MAP, STRUCT) and repeated fields are nested: their
// leaves are listed but not read yet.

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.h"
#include "formats/parquet/metadata.h"

namespace sluice::parquet {

/// How a leaf's physical values become values of its core type. Each conversion is
/// monotonic, so statistics convert the same way.
enum class Conversion : uint8_t {
  kNone,               ///< Same layout (INT32→integer/date, INT64, FLOAT, DOUBLE, BOOLEAN, bytes).
  kInt32ToInt8,
  kInt32ToInt16,
  kInt32ToInt64,       ///< DECIMAL in INT32 (short decimals are 64-bit).
  kInt32ToInt128,
  kInt64ToInt128,
  kUint8ToInt16,
  kUint16ToInt32,
  kUint32ToInt64,
  kUint64ToInt128,     ///< UINT64 → DECIMAL(20,0).
  kMillisToMicros,     ///< TIMESTAMP(MILLIS), not adjusted to UTC.
  kNanosToMicros,      ///< TIMESTAMP(NANOS), truncated toward minus infinity.
  kMillisToTimestampTz,
  kMicrosToTimestampTz,
  kNanosToTimestampTz,
  kInt96ToMicros,      ///< INT96 (Julian day + nanoseconds of the day) → TIMESTAMP.
  kBytesToDecimal64,   ///< Big-endian two's complement (FLBA / BYTE_ARRAY).
  kBytesToDecimal128,
  kFloat16ToFloat,
  kUuidToText,
  kTimeMillisToText,   ///< INT32 ms of the day → 'HH:MM:SS.ffffff'.
  kTimeMicrosToText,   ///< INT64 µs of the day.
  kTimeNanosToText,    ///< INT64 ns of the day → 'HH:MM:SS.fffffffff'.
  kAllNull,            ///< LogicalType UNKNOWN: every value is NULL.
};

/// One primitive leaf of the schema tree = one column chunk per row group.
struct LeafColumn {
  std::string name;                ///< Path joined with '.'.
  std::vector<std::string> path;   ///< As in ColumnMetaData::path_in_schema.
  size_t top_level = 0;            ///< Index of the top-level column it belongs to.
  PhysicalType physical_type = PhysicalType::kInt32;
  int32_t type_length = -1;        ///< FIXED_LEN_BYTE_ARRAY width, -1 otherwise.
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;
  SchemaElement element;           ///< The leaf's own schema element.
  DataType type;                   ///< Core type (meaningful when `error` is empty).
  Conversion conversion = Conversion::kNone;
  /// Statistics min/max of the leaf follow the core type's order (false for INT96,
  /// INTERVAL and unknown annotations).
  bool has_sort_order = true;
  /// Something the user should know ("TIME(MICROS) is read as varchar").
  std::string note;
  /// Non-empty when the leaf cannot be read ("DECIMAL(40,2) exceeds 38 digits").
  std::string error;
};

/// One field directly under the root.
struct TopLevelColumn {
  std::string name;
  /// Empty for a readable primitive column; otherwise "LIST", "MAP", "STRUCT" or
  /// "REPEATED" (a repeated primitive field, the legacy list form).
  std::string nested_kind;
  std::vector<size_t> leaves;  ///< Indices into ParquetSchema::leaves.
  bool nullable = true;
  bool nested() const { return !nested_kind.empty(); }
};

struct ParquetSchema {
  std::vector<LeafColumn> leaves;
  std::vector<TopLevelColumn> columns;
  /// Remarks about the whole mapping (e.g. a "sluice.schema" entry that disagrees).
  std::vector<std::string> notes;

  /// Index of the top-level column named `name` (exact, then case-insensitive), or -1.
  int FindColumn(const std::string& name) const;
};

/// Maps the schema of `metadata`; throws FormatError when the tree is malformed
/// (children counts that do not add up, a leaf without a type, nesting too deep).
/// Uses the "sluice.schema" key-value entry, when present, to confirm the types.
ParquetSchema MapSchema(const FileMetaData& metadata);

/// "INT64", "BYTE_ARRAY", ...
const char* PhysicalTypeName(PhysicalType type);
/// "TIMESTAMP(MICROS,true)", "DECIMAL(10,2)", "STRING", or the ConvertedType name;
/// empty when the element has no annotation.
std::string AnnotationName(const SchemaElement& element);

}  // namespace sluice::parquet
