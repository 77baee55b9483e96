// DescribeParquetFile: the text `sluice schema FILE.parquet` prints.
#include <string>

#include "formats/parquet/reader.h"

namespace sluice::parquet {

namespace {

const char* CodecLabel(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kLzo: return "LZO";
    case Codec::kBrotli: return "BROTLI";
    case Codec::kLz4: return "LZ4";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "UNKNOWN_CODEC";
}

const char* EncodingLabel(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN_ENCODING";
}

std::string LeafTypeText(const LeafColumn& leaf) {
  std::string text = PhysicalTypeName(leaf.physical_type);
  if (leaf.physical_type == PhysicalType::kFixedLenByteArray) text += "(" + std::to_string(leaf.type_length) + ")";
  std::string annotation = AnnotationName(leaf.element);
  if (!annotation.empty()) text += " " + annotation;
  return text;
}

void DescribeColumns(const ParquetFile& file, std::string* out) {
  const ParquetSchema& schema = file.schema();
  *out += "columns:\n";
  for (const TopLevelColumn& column : schema.columns) {
    if (column.nested()) {
      *out += "  " + column.name + " (" + column.nested_kind + ", nested: not readable yet)\n";
      for (size_t index : column.leaves) {
        const LeafColumn& leaf = schema.leaves[index];
        *out += "    " + leaf.name + ": " + LeafTypeText(leaf) + ", max definition level " +
                std::to_string(leaf.max_definition_level) + ", max repetition level " +
                std::to_string(leaf.max_repetition_level) + "\n";
      }
      continue;
    }
    const LeafColumn& leaf = schema.leaves[column.leaves[0]];
    *out += "  " + column.name + " ";
    *out += leaf.error.empty() ? leaf.type.ToString() : std::string("(unreadable)");
    if (!column.nullable) *out += " NOT NULL";
    *out += "  -- " + LeafTypeText(leaf);
    if (!leaf.note.empty()) *out += "; " + leaf.note;
    if (!leaf.error.empty()) *out += "; " + leaf.error;
    *out += "\n";
  }
}

void DescribeRowGroups(const ParquetFile& file, std::string* out) {
  const FileMetaData& metadata = file.metadata();
  const ParquetSchema& schema = file.schema();
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const RowGroup& group = metadata.row_groups[g];
    int64_t compressed = 0;
    for (const ColumnChunk& chunk : group.columns) compressed += chunk.meta_data->total_compressed_size;
    *out += "row group " + std::to_string(g) + ": " + std::to_string(group.num_rows) + " rows, " +
            std::to_string(compressed) + " bytes compressed, " + std::to_string(group.total_byte_size) +
            " uncompressed\n";
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const ColumnChunk& chunk = group.columns[c];
      const ColumnMetaData& meta = *chunk.meta_data;
      const LeafColumn& leaf = schema.leaves[c];
      *out += "  " + leaf.name + ": " + CodecLabel(meta.codec) + ", ";
      for (size_t e = 0; e < meta.encodings.size(); ++e) {
        *out += (e ? "," : "") + std::string(EncodingLabel(meta.encodings[e]));
      }
      *out += ", " + std::to_string(meta.total_compressed_size) + " bytes (" +
              std::to_string(meta.total_uncompressed_size) + " uncompressed), " + std::to_string(meta.num_values) +
              " values";
      ValueRange range = file.ColumnStatistics(g, c);
      if (range.null_count) *out += ", nulls " + std::to_string(*range.null_count);
      if (range.min && range.max) *out += ", min " + range.min->ToString() + ", max " + range.max->ToString();
      if (chunk.column_index_offset && chunk.offset_index_offset) *out += ", page index";
      if (meta.dictionary_page_offset) *out += ", dictionary";
      *out += "\n";
    }
  }
}

}  // namespace

std::string DescribeParquetFile(const ParquetFile& file) {
  const FileMetaData& metadata = file.metadata();
  std::string out = "file: " + file.path() + " (" + std::to_string(file.file_size()) + " bytes, Parquet version " +
                    std::to_string(metadata.version) + ")\n";
  if (metadata.created_by) out += "created by: " + *metadata.created_by + "\n";
  out += "rows: " + std::to_string(metadata.num_rows) + ", row groups: " + std::to_string(metadata.row_groups.size()) +
         "\n";
  DescribeColumns(file, &out);
  for (const std::string& note : file.schema().notes) out += "note: " + note + "\n";
  if (!metadata.key_value_metadata.empty()) {
    out += "key-value metadata:";
    for (const KeyValue& entry : metadata.key_value_metadata) {
      out += " " + entry.key + " (" + std::to_string(entry.value ? entry.value->size() : 0) + " bytes)";
    }
    out += "\n";
  }
  DescribeRowGroups(file, &out);
  return out;
}

}  // namespace sluice::parquet
