#include "formats/parquet/writer.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "core/scheduler.h"
#include "formats/json/json_text.h"
#include "formats/parquet/column_writer.h"
#include "formats/parquet/metadata_io.h"

namespace sluice::parquet {

namespace {

constexpr char kMagic[] = "PAR1";

void ValidateOptions(const ParquetWriteOptions& options) {
  if (options.row_group_rows <= 0) {
    throw InvalidArgumentError("Parquet writer: row_group_rows must be positive");
  }
  if (options.row_group_bytes <= 0) {
    throw InvalidArgumentError("Parquet writer: row_group_bytes must be positive");
  }
  if (options.page_bytes == 0 || options.page_rows == 0) {
    throw InvalidArgumentError("Parquet writer: page_bytes and page_rows must be positive");
  }
  if (options.writer_version != 1 && options.writer_version != 2) {
    throw InvalidArgumentError("Parquet writer: writer_version must be 1 or 2, not " +
                               std::to_string(options.writer_version));
  }
  if (options.codec == Codec::kLzo) {
    throw InvalidArgumentError("Parquet writer: the LZO codec is not supported");
  }
}

/// A row group whose columns are being encoded by tasks. Members are destroyed in
/// reverse order, so the task group (last) waits for its tasks before the buffers
/// and results they use go away.
struct RowGroupInFlight {
  int64_t num_rows = 0;
  uint64_t buffered_bytes = 0;  ///< The buffers' bytes before encoding.
  std::vector<ColumnBuffer> buffers;
  std::vector<EncodedColumnChunk> chunks;
  TaskGroup tasks;
};

class ParquetWriter final : public formats::Writer {
 public:
  ParquetWriter(io::OutputStream* out, const Schema& schema, const ParquetWriteOptions& options)
      : out_(out), schema_(schema), options_(options) {
    ValidateOptions(options);
    chunk_options_.codec = options.codec;
    chunk_options_.compression_level = options.compression_level;
    chunk_options_.page_bytes = options.page_bytes;
    chunk_options_.page_rows = options.page_rows;
    chunk_options_.dictionary_page_bytes = options.dictionary_page_bytes;
    chunk_options_.dictionary = options.dictionary;
    chunk_options_.page_index = options.page_index;
    chunk_options_.page_checksums = options.page_checksums;
    chunk_options_.writer_version = options.writer_version;
    columns_.reserve(schema.num_fields());
    for (const Field& field : schema.fields()) columns_.push_back(DescribeColumn(field));
    ResetBuffers();
    WriteBytes(kMagic, 4);
  }

  void Write(const Chunk& chunk) override {
    SLUICE_ASSERT(!finished_, "Parquet writer: no Write() after Finish()");
    CheckChunk(chunk);
    size_t row = 0;
    while (row < chunk.size()) {
      size_t room = static_cast<size_t>(options_.row_group_rows - buffered_rows_);
      size_t take = std::min(chunk.size() - row, room);
      for (size_t c = 0; c < columns_.size(); ++c) {
        buffers_[c].Append(chunk.column(c), row, row + take);
      }
      buffered_rows_ += static_cast<int64_t>(take);
      row += take;
      if (buffered_rows_ >= options_.row_group_rows ||
          BufferedBytes() >= static_cast<size_t>(options_.row_group_bytes)) {
        EndRowGroup();
      }
    }
  }

  void Finish() override {
    SLUICE_ASSERT(!finished_, "Parquet writer: Finish() is called once");
    finished_ = true;
    EndRowGroup();
    if (in_flight_ != nullptr) WriteRowGroup(std::move(in_flight_));
    if (options_.page_index) WritePageIndex();
    WriteFooter();
  }

  /// The bytes written, plus the row groups not yet written (the one being encoded and
  /// the one buffering) at the encoded-to-buffered ratio of the row groups written so
  /// far (1 before the first; the footer is not counted).
  uint64_t EstimatedFileBytes() const override {
    uint64_t pending = BufferedBytes() + (in_flight_ != nullptr ? in_flight_->buffered_bytes : 0);
    double ratio = written_buffered_bytes_ == 0
                       ? 1.0
                       : static_cast<double>(written_encoded_bytes_) / static_cast<double>(written_buffered_bytes_);
    return offset_ + static_cast<uint64_t>(static_cast<double>(pending) * ratio);
  }

 private:
  void ResetBuffers() {
    buffers_.clear();
    buffers_.reserve(columns_.size());
    for (const ColumnDescriptor& column : columns_) buffers_.emplace_back(column);
    buffered_rows_ = 0;
  }

  size_t BufferedBytes() const {
    size_t bytes = 0;
    for (const ColumnBuffer& buffer : buffers_) bytes += buffer.memory_bytes();
    return bytes;
  }

  void CheckChunk(const Chunk& chunk) const {
    if (chunk.num_columns() != columns_.size()) {
      throw InvalidArgumentError("Parquet writer: a chunk has " +
                                 std::to_string(chunk.num_columns()) +
                                 " columns but the schema has " +
                                 std::to_string(columns_.size()));
    }
    for (size_t c = 0; c < columns_.size(); ++c) {
      const DataType& type = chunk.column(c).type();
      if (type != columns_[c].type) {
        throw InvalidArgumentError("Parquet writer: column " + std::to_string(c + 1) + " '" +
                                   columns_[c].name + "' has type " + type.ToString() +
                                   " in a chunk but " + columns_[c].type.ToString() +
                                   " in the schema");
      }
    }
  }

  /// Hands the buffered rows to encoding tasks, after writing the row group that was
  /// being encoded (so at most two are held).
  void EndRowGroup() {
    if (buffered_rows_ == 0) return;
    if (in_flight_ != nullptr) WriteRowGroup(std::move(in_flight_));
    auto group = std::make_unique<RowGroupInFlight>();
    group->num_rows = buffered_rows_;
    group->buffered_bytes = BufferedBytes();
    group->buffers = std::move(buffers_);
    group->chunks.resize(columns_.size());
    ResetBuffers();
    RowGroupInFlight* target = group.get();
    for (size_t c = 0; c < columns_.size(); ++c) {
      target->tasks.Run([this, target, c] {
        target->chunks[c] = EncodeColumnChunk(target->buffers[c], chunk_options_);
        target->buffers[c] = ColumnBuffer(columns_[c]);  // release the values early
      });
    }
    in_flight_ = std::move(group);
  }

  void WriteBytes(const void* data, size_t size) {
    out_->Write(data, size);
    offset_ += size;
  }

  /// Waits for the row group's tasks, writes its column chunks and records their
  /// metadata with absolute offsets.
  void WriteRowGroup(std::unique_ptr<RowGroupInFlight> group) {
    group->tasks.Wait();
    RowGroup row_group;
    row_group.num_rows = group->num_rows;
    row_group.file_offset = static_cast<int64_t>(offset_);
    row_group.ordinal = static_cast<int16_t>(metadata_.row_groups.size());
    int64_t compressed = 0;
    std::vector<std::optional<ColumnIndex>> column_indexes;
    std::vector<OffsetIndex> offset_indexes;
    for (EncodedColumnChunk& encoded : group->chunks) {
      auto base = static_cast<int64_t>(offset_);
      WriteBytes(encoded.bytes.data(), encoded.bytes.size());
      ColumnChunk chunk;
      chunk.meta_data = std::move(encoded.metadata);
      ColumnMetaData& metadata = *chunk.meta_data;
      metadata.data_page_offset += base;
      if (metadata.dictionary_page_offset.has_value()) *metadata.dictionary_page_offset += base;
      chunk.file_offset = metadata.dictionary_page_offset.value_or(metadata.data_page_offset);
      SLUICE_ASSERT(metadata.total_compressed_size == static_cast<int64_t>(encoded.bytes.size()),
                    "a column chunk's compressed size is the bytes written");
      row_group.total_byte_size += metadata.total_uncompressed_size;
      compressed += metadata.total_compressed_size;
      for (PageLocation& location : encoded.offset_index.page_locations) location.offset += base;
      column_indexes.push_back(std::move(encoded.column_index));
      offset_indexes.push_back(std::move(encoded.offset_index));
      row_group.columns.push_back(std::move(chunk));
      encoded.bytes = std::string();
    }
    row_group.total_compressed_size = compressed;
    written_buffered_bytes_ += group->buffered_bytes;
    written_encoded_bytes_ += static_cast<uint64_t>(compressed);
    metadata_.num_rows += group->num_rows;
    metadata_.row_groups.push_back(std::move(row_group));
    column_indexes_.push_back(std::move(column_indexes));
    offset_indexes_.push_back(std::move(offset_indexes));
  }

  /// All ColumnIndexes, then all OffsetIndexes, between the row groups and the footer.
  void WritePageIndex() {
    std::string bytes;
    for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
      for (size_t c = 0; c < columns_.size(); ++c) {
        const std::optional<ColumnIndex>& index = column_indexes_[g][c];
        if (!index.has_value()) continue;
        bytes.clear();
        EncodeColumnIndex(*index, &bytes);
        ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
        chunk.column_index_offset = static_cast<int64_t>(offset_);
        chunk.column_index_length = static_cast<int32_t>(bytes.size());
        WriteBytes(bytes.data(), bytes.size());
      }
    }
    for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
      for (size_t c = 0; c < columns_.size(); ++c) {
        bytes.clear();
        EncodeOffsetIndex(offset_indexes_[g][c], &bytes);
        ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
        chunk.offset_index_offset = static_cast<int64_t>(offset_);
        chunk.offset_index_length = static_cast<int32_t>(bytes.size());
        WriteBytes(bytes.data(), bytes.size());
      }
    }
  }

  void WriteFooter() {
    metadata_.version = options_.writer_version;
    SchemaElement root;
    root.name = "schema";
    root.num_children = static_cast<int32_t>(columns_.size());
    metadata_.schema.push_back(root);
    for (const ColumnDescriptor& column : columns_) {
      metadata_.schema.push_back(MakeSchemaElement(column));
    }
    metadata_.column_orders.assign(columns_.size(), ColumnOrder{});
    metadata_.key_value_metadata = options_.key_value_metadata;
    metadata_.key_value_metadata.push_back(KeyValue{"sluice.schema", SchemaToJson(schema_)});
    metadata_.created_by = options_.created_by;
    std::string footer;
    EncodeFileMetaData(metadata_, &footer);
    SLUICE_ASSERT(footer.size() <= UINT32_MAX, "the footer is smaller than 4 GiB");
    auto length = static_cast<uint32_t>(footer.size());
    footer.append(reinterpret_cast<const char*>(&length), 4);  // little-endian host
    footer.append(kMagic, 4);
    WriteBytes(footer.data(), footer.size());
  }

  io::OutputStream* out_;
  Schema schema_;
  ParquetWriteOptions options_;
  ColumnChunkOptions chunk_options_;
  /// Fixed after construction: buffers point at their descriptor.
  std::vector<ColumnDescriptor> columns_;
  std::vector<ColumnBuffer> buffers_;
  int64_t buffered_rows_ = 0;
  uint64_t offset_ = 0;
  /// Of the row groups written: their buffered and their encoded bytes.
  uint64_t written_buffered_bytes_ = 0;
  uint64_t written_encoded_bytes_ = 0;
  bool finished_ = false;
  FileMetaData metadata_;
  /// Per row group, per column.
  std::vector<std::vector<std::optional<ColumnIndex>>> column_indexes_;
  std::vector<std::vector<OffsetIndex>> offset_indexes_;
  /// Last member: destroyed first, waiting for its tasks (which use the members above).
  std::unique_ptr<RowGroupInFlight> in_flight_;
};

}  // namespace

std::string SchemaToJson(const Schema& schema) {
  std::string json = "[";
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const Field& field = schema.field(i);
    if (i > 0) json += ',';
    json += "{\"name\":";
    json::AppendJsonString(&json, field.name);
    json += ",\"type\":";
    json::AppendJsonString(&json, field.type.ToString());
    json += ",\"nullable\":";
    json += field.nullable ? "true" : "false";
    json += '}';
  }
  json += ']';
  return json;
}

std::unique_ptr<formats::Writer> MakeParquetWriter(io::OutputStream* out, const Schema& schema,
                                                   const ParquetWriteOptions& options) {
  if (out == nullptr) throw InvalidArgumentError("Parquet writer needs an output stream");
  return std::make_unique<ParquetWriter>(out, schema, options);
}

}  // namespace sluice::parquet
