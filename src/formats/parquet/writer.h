#pragma once
// The Parquet writer: chunks → a Parquet file (parquet-format, written from the
// specification).
//
// Layout: "PAR1", row groups (per column: dictionary page, data pages), then the
// ColumnIndex of every column chunk, then every OffsetIndex (PageIndex.md), then the
// FileMetaData, its 4-byte little-endian length and "PAR1". All offsets are absolute.
//
// Type mapping (core type → physical type + annotations):
//   BOOLEAN → BOOLEAN;  TINYINT/SMALLINT/INTEGER → INT32 + INT(8|16|32, signed);
//   BIGINT → INT64 + INT(64, signed);  REAL → FLOAT;  DOUBLE → DOUBLE;
//   DECIMAL(p,s) → INT32 (p ≤ 9), INT64 (p ≤ 18), else FIXED_LEN_BYTE_ARRAY of the
//     fewest bytes for p (big-endian two's complement), with DECIMAL logical and
//     converted types;
//   VARCHAR → BYTE_ARRAY + STRING (UTF8);  VARBINARY → BYTE_ARRAY;  DATE → INT32 DATE;
//   TIMESTAMP(6) → INT64 TIMESTAMP(MICROS, isAdjustedToUTC=false);
//   TIMESTAMP(6) WITH TIME ZONE → INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true), the UTC
//     instant (the zone of each value is not kept);
//   unknown (an all-NULL column) → INT32 + UNKNOWN.
// Nullable fields are OPTIONAL (RLE definition levels), others REQUIRED. Every column
// gets ColumnOrder TYPE_ORDER; statistics follow statistics.h. The key-value entry
// "sluice.schema" holds the core schema as JSON ([{"name","type","nullable"}]).
//
// Encodings: writer_version 1 (default) uses only PLAIN and dictionary encoding in
// data page v1, which every reader reads. writer_version 2 also picks
// DELTA_BINARY_PACKED (integers), DELTA_LENGTH_BYTE_ARRAY / DELTA_BYTE_ARRAY (strings)
// when smaller, in data page v2. Dictionary encoding is used per column chunk when the
// dictionary's PLAIN size stays within dictionary_page_bytes and it is smaller than the
// alternative.
//
// Memory and threads: Write() copies rows into per-column buffers until a row group is
// full (row_group_rows or row_group_bytes); the row group's columns are then encoded
// and compressed as parallel tasks on the TaskScheduler while the next row group is
// buffered. At most two row groups are held (one buffering, one encoding); they reach
// the stream in order, from the thread that calls Write()/Finish().

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "formats/format.h"
#include "formats/parquet/metadata.h"
#include "io/file.h"

namespace sluice::parquet {

/// The writer's name and version in FileMetaData.created_by.
inline constexpr char kCreatedBy[] = "sluice version 0.1.0";

struct ParquetWriteOptions {
  Codec codec = Codec::kSnappy;
  int compression_level = 0;           ///< 0: the codec's default (codec.h).
  int64_t row_group_rows = 122880;     ///< Most rows per row group.
  int64_t row_group_bytes = 128 << 20;  ///< Buffered bytes that end a row group early.
  size_t page_bytes = 1 << 20;         ///< Target uncompressed size of a data page.
  size_t page_rows = 20000;            ///< Most rows per data page (page index grain).
  size_t dictionary_page_bytes = 1 << 20;  ///< Larger dictionaries fall back.
  bool dictionary = true;
  bool page_index = true;              ///< Write ColumnIndex and OffsetIndex.
  bool page_checksums = true;          ///< Write each page's CRC-32 (PageHeader.crc).
  int writer_version = 1;              ///< 1 or 2, see the file comment.
  std::vector<KeyValue> key_value_metadata;  ///< Extra footer entries.
  std::string created_by = kCreatedBy;
};

/// Makes a writer of `schema`'s rows into `out` (not owned; it must outlive the
/// writer). "PAR1" is written at once; Finish() writes the last row group, the page
/// index and the footer (an empty table gives a valid file without row groups).
/// Throws InvalidArgumentError for bad options, NotImplementedError for nested types.
/// Write() throws InvalidArgumentError when the chunk's column types differ from the
/// schema's and ConstraintError for a NULL in a NOT NULL column.
std::unique_ptr<formats::Writer> MakeParquetWriter(io::OutputStream* out, const Schema& schema,
                                                   const ParquetWriteOptions& options);

/// The JSON the writer stores under "sluice.schema":
/// [{"name":"id","type":"bigint","nullable":false},...].
std::string SchemaToJson(const Schema& schema);

}  // namespace sluice::parquet
