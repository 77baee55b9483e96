#include "formats/parquet/metadata_io.h"

#include <initializer_list>
#include <utility>

#include "formats/parquet/thrift_compact.h"

namespace sluice::parquet {

namespace {

// Decoders: one function per Thrift struct, field ids of parquet.thrift. Each records
// the ids it has seen in a bit set, then checks the required ones. Enum values are kept
// as read (also unknown ones): the layers above know which they can handle.

using RequiredField = std::pair<int, const char*>;

/// Fails naming the first required field whose bit is not in `seen`. `struct_name` is
/// nullptr for the top-level struct (its name is the reader's context already).
void Require(const CompactReader& reader, uint32_t seen, const char* struct_name,
             std::initializer_list<RequiredField> fields) {
  for (const RequiredField& field : fields) {
    if ((seen & (1u << field.first)) != 0) continue;
    std::string where = struct_name == nullptr ? "" : std::string(struct_name) + ": ";
    reader.Fail(where + "required field '" + field.second + "' missing");
  }
}

/// Runs ReadStruct with a handler that returns false for unknown fields and records
/// the ids of known ones; returns the bit set of ids seen (ids 0..31).
template <typename Handler>
uint32_t ReadFields(CompactReader& reader, Handler&& handler) {
  uint32_t seen = 0;
  reader.ReadStruct([&](const FieldHeader& field) {
    if (!handler(field)) return false;
    if (field.id >= 0 && field.id < 32) seen |= 1u << field.id;
    return true;
  });
  return seen;
}

template <typename Enum>
Enum ReadEnum(CompactReader& reader, CompactType type) {
  return static_cast<Enum>(reader.ReadI32(type));
}

template <typename T, typename Decode>
void ReadStructList(CompactReader& reader, CompactType type, std::vector<T>* out,
                    Decode&& decode) {
  out->clear();
  reader.ReadListField(type, CompactType::kStruct, [&] { out->push_back(decode(reader)); });
}

void ReadStringList(CompactReader& reader, CompactType type, std::vector<std::string>* out) {
  out->clear();
  reader.ReadListField(type, CompactType::kBinary,
                       [&] { out->emplace_back(reader.ReadBinaryElement()); });
}

void ReadI64List(CompactReader& reader, CompactType type, std::vector<int64_t>* out) {
  out->clear();
  reader.ReadListField(type, CompactType::kI64,
                       [&] { out->push_back(reader.ReadI64Element()); });
}

std::string ReadString(CompactReader& reader, CompactType type) {
  return std::string(reader.ReadBinary(type));
}

Statistics DecodeStatistics(CompactReader& reader) {
  Statistics stats;
  ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: stats.max = ReadString(reader, field.type); return true;
      case 2: stats.min = ReadString(reader, field.type); return true;
      case 3: stats.null_count = reader.ReadI64(field.type); return true;
      case 4: stats.distinct_count = reader.ReadI64(field.type); return true;
      case 5: stats.max_value = ReadString(reader, field.type); return true;
      case 6: stats.min_value = ReadString(reader, field.type); return true;
      case 7: stats.is_max_value_exact = reader.ReadBool(field.type); return true;
      case 8: stats.is_min_value_exact = reader.ReadBool(field.type); return true;
      default: return false;
    }
  });
  return stats;
}

/// TimeUnit: a union of empty structs; the member's id is the unit.
TimeUnit DecodeTimeUnit(CompactReader& reader) {
  int unit = 0;
  reader.ReadStruct([&](const FieldHeader& field) {
    if (field.type == CompactType::kStruct && field.id > 0) unit = field.id;
    return false;  // skip the (empty) member struct
  });
  if (unit == 0) reader.Fail("time unit: no unit set");
  return static_cast<TimeUnit>(unit);
}

/// TimeType and TimestampType have the same fields.
void DecodeTimeOrTimestamp(CompactReader& reader, LogicalType* type, const char* name) {
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: type->is_adjusted_to_utc = reader.ReadBool(field.type); return true;
      case 2:
        reader.ExpectType(field.type, CompactType::kStruct);
        type->unit = DecodeTimeUnit(reader);
        return true;
      default: return false;
    }
  });
  Require(reader, seen, name, {{1, "isAdjustedToUTC"}, {2, "unit"}});
}

/// LogicalType: a union; the id of the member present is the kind. Members without
/// parameters (and members newer than Sluice) are skipped after noting their id.
LogicalType DecodeLogicalType(CompactReader& reader) {
  LogicalType type;
  reader.ReadStruct([&](const FieldHeader& field) {
    if (field.type != CompactType::kStruct || field.id <= 0) return false;
    type.kind = static_cast<LogicalType::Kind>(field.id);
    switch (type.kind) {
      case LogicalType::Kind::kDecimal: {
        uint32_t seen = ReadFields(reader, [&](const FieldHeader& member) {
          switch (member.id) {
            case 1: type.scale = reader.ReadI32(member.type); return true;
            case 2: type.precision = reader.ReadI32(member.type); return true;
            default: return false;
          }
        });
        Require(reader, seen, "decimal type", {{1, "scale"}, {2, "precision"}});
        return true;
      }
      case LogicalType::Kind::kTime:
        DecodeTimeOrTimestamp(reader, &type, "time type");
        return true;
      case LogicalType::Kind::kTimestamp:
        DecodeTimeOrTimestamp(reader, &type, "timestamp type");
        return true;
      case LogicalType::Kind::kInteger: {
        uint32_t seen = ReadFields(reader, [&](const FieldHeader& member) {
          switch (member.id) {
            case 1: type.bit_width = reader.ReadI8(member.type); return true;
            case 2: type.is_signed = reader.ReadBool(member.type); return true;
            default: return false;
          }
        });
        Require(reader, seen, "integer type", {{1, "bitWidth"}, {2, "isSigned"}});
        return true;
      }
      default:
        return false;  // an empty struct, or one Sluice does not know: skipped
    }
  });
  return type;
}

SchemaElement DecodeSchemaElement(CompactReader& reader) {
  SchemaElement element;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: element.type = ReadEnum<PhysicalType>(reader, field.type); return true;
      case 2: element.type_length = reader.ReadI32(field.type); return true;
      case 3: element.repetition_type = ReadEnum<Repetition>(reader, field.type); return true;
      case 4: element.name = ReadString(reader, field.type); return true;
      case 5: element.num_children = reader.ReadI32(field.type); return true;
      case 6: element.converted_type = ReadEnum<ConvertedType>(reader, field.type); return true;
      case 7: element.scale = reader.ReadI32(field.type); return true;
      case 8: element.precision = reader.ReadI32(field.type); return true;
      case 9: element.field_id = reader.ReadI32(field.type); return true;
      case 10:
        reader.ExpectType(field.type, CompactType::kStruct);
        element.logical_type = DecodeLogicalType(reader);
        return true;
      default: return false;
    }
  });
  Require(reader, seen, "schema element", {{4, "name"}});
  return element;
}

DataPageHeader DecodeDataPageHeader(CompactReader& reader) {
  DataPageHeader header;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: header.num_values = reader.ReadI32(field.type); return true;
      case 2: header.encoding = ReadEnum<Encoding>(reader, field.type); return true;
      case 3:
        header.definition_level_encoding = ReadEnum<Encoding>(reader, field.type);
        return true;
      case 4:
        header.repetition_level_encoding = ReadEnum<Encoding>(reader, field.type);
        return true;
      case 5:
        reader.ExpectType(field.type, CompactType::kStruct);
        header.statistics = DecodeStatistics(reader);
        return true;
      default: return false;
    }
  });
  Require(reader, seen, "data page header",
          {{1, "num_values"},
           {2, "encoding"},
           {3, "definition_level_encoding"},
           {4, "repetition_level_encoding"}});
  return header;
}

DictionaryPageHeader DecodeDictionaryPageHeader(CompactReader& reader) {
  DictionaryPageHeader header;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: header.num_values = reader.ReadI32(field.type); return true;
      case 2: header.encoding = ReadEnum<Encoding>(reader, field.type); return true;
      case 3: header.is_sorted = reader.ReadBool(field.type); return true;
      default: return false;
    }
  });
  Require(reader, seen, "dictionary page header", {{1, "num_values"}, {2, "encoding"}});
  return header;
}

DataPageHeaderV2 DecodeDataPageHeaderV2(CompactReader& reader) {
  DataPageHeaderV2 header;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: header.num_values = reader.ReadI32(field.type); return true;
      case 2: header.num_nulls = reader.ReadI32(field.type); return true;
      case 3: header.num_rows = reader.ReadI32(field.type); return true;
      case 4: header.encoding = ReadEnum<Encoding>(reader, field.type); return true;
      case 5: header.definition_levels_byte_length = reader.ReadI32(field.type); return true;
      case 6: header.repetition_levels_byte_length = reader.ReadI32(field.type); return true;
      case 7: header.is_compressed = reader.ReadBool(field.type); return true;
      case 8:
        reader.ExpectType(field.type, CompactType::kStruct);
        header.statistics = DecodeStatistics(reader);
        return true;
      default: return false;
    }
  });
  Require(reader, seen, "data page header v2",
          {{1, "num_values"},
           {2, "num_nulls"},
           {3, "num_rows"},
           {4, "encoding"},
           {5, "definition_levels_byte_length"},
           {6, "repetition_levels_byte_length"}});
  return header;
}

PageHeader DecodePageHeaderStruct(CompactReader& reader) {
  PageHeader header;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: header.type = ReadEnum<PageType>(reader, field.type); return true;
      case 2: header.uncompressed_page_size = reader.ReadI32(field.type); return true;
      case 3: header.compressed_page_size = reader.ReadI32(field.type); return true;
      case 4: header.crc = reader.ReadI32(field.type); return true;
      case 5:
        reader.ExpectType(field.type, CompactType::kStruct);
        header.data_page_header = DecodeDataPageHeader(reader);
        return true;
      case 7:
        reader.ExpectType(field.type, CompactType::kStruct);
        header.dictionary_page_header = DecodeDictionaryPageHeader(reader);
        return true;
      case 8:
        reader.ExpectType(field.type, CompactType::kStruct);
        header.data_page_header_v2 = DecodeDataPageHeaderV2(reader);
        return true;
      default: return false;
    }
  });
  Require(reader, seen, nullptr,
          {{1, "type"}, {2, "uncompressed_page_size"}, {3, "compressed_page_size"}});
  return header;
}

KeyValue DecodeKeyValue(CompactReader& reader) {
  KeyValue pair;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: pair.key = ReadString(reader, field.type); return true;
      case 2: pair.value = ReadString(reader, field.type); return true;
      default: return false;
    }
  });
  Require(reader, seen, "key value", {{1, "key"}});
  return pair;
}

SortingColumn DecodeSortingColumn(CompactReader& reader) {
  SortingColumn column;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: column.column_idx = reader.ReadI32(field.type); return true;
      case 2: column.descending = reader.ReadBool(field.type); return true;
      case 3: column.nulls_first = reader.ReadBool(field.type); return true;
      default: return false;
    }
  });
  Require(reader, seen, "sorting column",
          {{1, "column_idx"}, {2, "descending"}, {3, "nulls_first"}});
  return column;
}

PageEncodingStats DecodePageEncodingStats(CompactReader& reader) {
  PageEncodingStats stats;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: stats.page_type = ReadEnum<PageType>(reader, field.type); return true;
      case 2: stats.encoding = ReadEnum<Encoding>(reader, field.type); return true;
      case 3: stats.count = reader.ReadI32(field.type); return true;
      default: return false;
    }
  });
  Require(reader, seen, "page encoding stats", {{1, "page_type"}, {2, "encoding"}, {3, "count"}});
  return stats;
}

ColumnMetaData DecodeColumnMetaData(CompactReader& reader) {
  ColumnMetaData meta;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: meta.type = ReadEnum<PhysicalType>(reader, field.type); return true;
      case 2:
        meta.encodings.clear();
        reader.ReadListField(field.type, CompactType::kI32, [&] {
          meta.encodings.push_back(static_cast<Encoding>(reader.ReadI32Element()));
        });
        return true;
      case 3: ReadStringList(reader, field.type, &meta.path_in_schema); return true;
      case 4: meta.codec = ReadEnum<Codec>(reader, field.type); return true;
      case 5: meta.num_values = reader.ReadI64(field.type); return true;
      case 6: meta.total_uncompressed_size = reader.ReadI64(field.type); return true;
      case 7: meta.total_compressed_size = reader.ReadI64(field.type); return true;
      case 8:
        ReadStructList(reader, field.type, &meta.key_value_metadata, DecodeKeyValue);
        return true;
      case 9: meta.data_page_offset = reader.ReadI64(field.type); return true;
      case 10: meta.index_page_offset = reader.ReadI64(field.type); return true;
      case 11: meta.dictionary_page_offset = reader.ReadI64(field.type); return true;
      case 12:
        reader.ExpectType(field.type, CompactType::kStruct);
        meta.statistics = DecodeStatistics(reader);
        return true;
      case 13:
        ReadStructList(reader, field.type, &meta.encoding_stats, DecodePageEncodingStats);
        return true;
      case 14: meta.bloom_filter_offset = reader.ReadI64(field.type); return true;
      case 15: meta.bloom_filter_length = reader.ReadI32(field.type); return true;
      default: return false;
    }
  });
  Require(reader, seen, "column metadata",
          {{1, "type"},
           {2, "encodings"},
           {3, "path_in_schema"},
           {4, "codec"},
           {5, "num_values"},
           {6, "total_uncompressed_size"},
           {7, "total_compressed_size"},
           {9, "data_page_offset"}});
  return meta;
}

ColumnChunk DecodeColumnChunk(CompactReader& reader) {
  ColumnChunk chunk;
  // file_offset (2) is required by the specification but deprecated and unused; a
  // missing one is read as its default, 0, rather than rejecting the file.
  ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: chunk.file_path = ReadString(reader, field.type); return true;
      case 2: chunk.file_offset = reader.ReadI64(field.type); return true;
      case 3:
        reader.ExpectType(field.type, CompactType::kStruct);
        chunk.meta_data = DecodeColumnMetaData(reader);
        return true;
      case 4: chunk.offset_index_offset = reader.ReadI64(field.type); return true;
      case 5: chunk.offset_index_length = reader.ReadI32(field.type); return true;
      case 6: chunk.column_index_offset = reader.ReadI64(field.type); return true;
      case 7: chunk.column_index_length = reader.ReadI32(field.type); return true;
      default: return false;
    }
  });
  return chunk;
}

RowGroup DecodeRowGroup(CompactReader& reader) {
  RowGroup group;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: ReadStructList(reader, field.type, &group.columns, DecodeColumnChunk); return true;
      case 2: group.total_byte_size = reader.ReadI64(field.type); return true;
      case 3: group.num_rows = reader.ReadI64(field.type); return true;
      case 4:
        ReadStructList(reader, field.type, &group.sorting_columns, DecodeSortingColumn);
        return true;
      case 5: group.file_offset = reader.ReadI64(field.type); return true;
      case 6: group.total_compressed_size = reader.ReadI64(field.type); return true;
      case 7: group.ordinal = reader.ReadI16(field.type); return true;
      default: return false;
    }
  });
  Require(reader, seen, "row group", {{1, "columns"}, {2, "total_byte_size"}, {3, "num_rows"}});
  return group;
}

/// ColumnOrder: a union; only TYPE_ORDER (1) is known. Other members (or none) leave
/// type_defined_order false: the statistics' order is then unknown.
ColumnOrder DecodeColumnOrder(CompactReader& reader) {
  ColumnOrder order;
  order.type_defined_order = false;
  reader.ReadStruct([&](const FieldHeader& field) {
    if (field.id == 1 && field.type == CompactType::kStruct) order.type_defined_order = true;
    return false;  // members are empty structs: skipped
  });
  return order;
}

FileMetaData DecodeFileMetaDataStruct(CompactReader& reader) {
  FileMetaData metadata;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: metadata.version = reader.ReadI32(field.type); return true;
      case 2:
        ReadStructList(reader, field.type, &metadata.schema, DecodeSchemaElement);
        return true;
      case 3: metadata.num_rows = reader.ReadI64(field.type); return true;
      case 4:
        ReadStructList(reader, field.type, &metadata.row_groups, DecodeRowGroup);
        return true;
      case 5:
        ReadStructList(reader, field.type, &metadata.key_value_metadata, DecodeKeyValue);
        return true;
      case 6: metadata.created_by = ReadString(reader, field.type); return true;
      case 7:
        ReadStructList(reader, field.type, &metadata.column_orders, DecodeColumnOrder);
        return true;
      default: return false;
    }
  });
  Require(reader, seen, nullptr, {{1, "version"}, {2, "schema"}, {3, "num_rows"}, {4, "row_groups"}});
  return metadata;
}

PageLocation DecodePageLocation(CompactReader& reader) {
  PageLocation location;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1: location.offset = reader.ReadI64(field.type); return true;
      case 2: location.compressed_page_size = reader.ReadI32(field.type); return true;
      case 3: location.first_row_index = reader.ReadI64(field.type); return true;
      default: return false;
    }
  });
  Require(reader, seen, "page location",
          {{1, "offset"}, {2, "compressed_page_size"}, {3, "first_row_index"}});
  return location;
}

// ---- Encoders: only fields that are set; required fields always. -------------------

void EncodeStatistics(CompactWriter& writer, int16_t id, const Statistics& stats) {
  writer.BeginStructField(id);
  if (stats.max) writer.WriteBinaryField(1, *stats.max);
  if (stats.min) writer.WriteBinaryField(2, *stats.min);
  if (stats.null_count) writer.WriteI64Field(3, *stats.null_count);
  if (stats.distinct_count) writer.WriteI64Field(4, *stats.distinct_count);
  if (stats.max_value) writer.WriteBinaryField(5, *stats.max_value);
  if (stats.min_value) writer.WriteBinaryField(6, *stats.min_value);
  if (stats.is_max_value_exact) writer.WriteBoolField(7, *stats.is_max_value_exact);
  if (stats.is_min_value_exact) writer.WriteBoolField(8, *stats.is_min_value_exact);
  writer.EndStruct();
}

void EncodeEmptyStructField(CompactWriter& writer, int16_t id) {
  writer.BeginStructField(id);
  writer.EndStruct();
}

void EncodeLogicalType(CompactWriter& writer, int16_t id, const LogicalType& type) {
  writer.BeginStructField(id);
  writer.BeginStructField(static_cast<int16_t>(type.kind));
  switch (type.kind) {
    case LogicalType::Kind::kDecimal:
      writer.WriteI32Field(1, type.scale);
      writer.WriteI32Field(2, type.precision);
      break;
    case LogicalType::Kind::kTime:
    case LogicalType::Kind::kTimestamp:
      writer.WriteBoolField(1, type.is_adjusted_to_utc);
      writer.BeginStructField(2);
      EncodeEmptyStructField(writer, static_cast<int16_t>(type.unit));
      writer.EndStruct();
      break;
    case LogicalType::Kind::kInteger:
      writer.WriteI8Field(1, type.bit_width);
      writer.WriteBoolField(2, type.is_signed);
      break;
    default:
      break;  // members without parameters are empty structs
  }
  writer.EndStruct();
  writer.EndStruct();
}

void EncodeSchemaElement(CompactWriter& writer, const SchemaElement& element) {
  writer.BeginStruct();
  if (element.type) writer.WriteI32Field(1, static_cast<int32_t>(*element.type));
  if (element.type_length) writer.WriteI32Field(2, *element.type_length);
  if (element.repetition_type) {
    writer.WriteI32Field(3, static_cast<int32_t>(*element.repetition_type));
  }
  writer.WriteBinaryField(4, element.name);
  if (element.num_children) writer.WriteI32Field(5, *element.num_children);
  if (element.converted_type) {
    writer.WriteI32Field(6, static_cast<int32_t>(*element.converted_type));
  }
  if (element.scale) writer.WriteI32Field(7, *element.scale);
  if (element.precision) writer.WriteI32Field(8, *element.precision);
  if (element.field_id) writer.WriteI32Field(9, *element.field_id);
  if (element.logical_type.has_value()) EncodeLogicalType(writer, 10, element.logical_type);
  writer.EndStruct();
}

void EncodeKeyValues(CompactWriter& writer, int16_t id, const std::vector<KeyValue>& pairs) {
  writer.BeginListField(id, CompactType::kStruct, static_cast<uint32_t>(pairs.size()));
  for (const KeyValue& pair : pairs) {
    writer.BeginStruct();
    writer.WriteBinaryField(1, pair.key);
    if (pair.value) writer.WriteBinaryField(2, *pair.value);
    writer.EndStruct();
  }
}

void EncodeColumnMetaData(CompactWriter& writer, int16_t id, const ColumnMetaData& meta) {
  writer.BeginStructField(id);
  writer.WriteI32Field(1, static_cast<int32_t>(meta.type));
  writer.BeginListField(2, CompactType::kI32, static_cast<uint32_t>(meta.encodings.size()));
  for (Encoding encoding : meta.encodings) {
    writer.WriteI32Element(static_cast<int32_t>(encoding));
  }
  writer.BeginListField(3, CompactType::kBinary, static_cast<uint32_t>(meta.path_in_schema.size()));
  for (const std::string& name : meta.path_in_schema) writer.WriteBinaryElement(name);
  writer.WriteI32Field(4, static_cast<int32_t>(meta.codec));
  writer.WriteI64Field(5, meta.num_values);
  writer.WriteI64Field(6, meta.total_uncompressed_size);
  writer.WriteI64Field(7, meta.total_compressed_size);
  if (!meta.key_value_metadata.empty()) EncodeKeyValues(writer, 8, meta.key_value_metadata);
  writer.WriteI64Field(9, meta.data_page_offset);
  if (meta.index_page_offset) writer.WriteI64Field(10, *meta.index_page_offset);
  if (meta.dictionary_page_offset) writer.WriteI64Field(11, *meta.dictionary_page_offset);
  if (meta.statistics) EncodeStatistics(writer, 12, *meta.statistics);
  if (!meta.encoding_stats.empty()) {
    writer.BeginListField(13, CompactType::kStruct,
                          static_cast<uint32_t>(meta.encoding_stats.size()));
    for (const PageEncodingStats& stats : meta.encoding_stats) {
      writer.BeginStruct();
      writer.WriteI32Field(1, static_cast<int32_t>(stats.page_type));
      writer.WriteI32Field(2, static_cast<int32_t>(stats.encoding));
      writer.WriteI32Field(3, stats.count);
      writer.EndStruct();
    }
  }
  if (meta.bloom_filter_offset) writer.WriteI64Field(14, *meta.bloom_filter_offset);
  if (meta.bloom_filter_length) writer.WriteI32Field(15, *meta.bloom_filter_length);
  writer.EndStruct();
}

void EncodeColumnChunk(CompactWriter& writer, const ColumnChunk& chunk) {
  writer.BeginStruct();
  if (chunk.file_path) writer.WriteBinaryField(1, *chunk.file_path);
  writer.WriteI64Field(2, chunk.file_offset);
  if (chunk.meta_data) EncodeColumnMetaData(writer, 3, *chunk.meta_data);
  if (chunk.offset_index_offset) writer.WriteI64Field(4, *chunk.offset_index_offset);
  if (chunk.offset_index_length) writer.WriteI32Field(5, *chunk.offset_index_length);
  if (chunk.column_index_offset) writer.WriteI64Field(6, *chunk.column_index_offset);
  if (chunk.column_index_length) writer.WriteI32Field(7, *chunk.column_index_length);
  writer.EndStruct();
}

void EncodeRowGroup(CompactWriter& writer, const RowGroup& group) {
  writer.BeginStruct();
  writer.BeginListField(1, CompactType::kStruct, static_cast<uint32_t>(group.columns.size()));
  for (const ColumnChunk& chunk : group.columns) EncodeColumnChunk(writer, chunk);
  writer.WriteI64Field(2, group.total_byte_size);
  writer.WriteI64Field(3, group.num_rows);
  if (!group.sorting_columns.empty()) {
    writer.BeginListField(4, CompactType::kStruct,
                          static_cast<uint32_t>(group.sorting_columns.size()));
    for (const SortingColumn& column : group.sorting_columns) {
      writer.BeginStruct();
      writer.WriteI32Field(1, column.column_idx);
      writer.WriteBoolField(2, column.descending);
      writer.WriteBoolField(3, column.nulls_first);
      writer.EndStruct();
    }
  }
  if (group.file_offset) writer.WriteI64Field(5, *group.file_offset);
  if (group.total_compressed_size) writer.WriteI64Field(6, *group.total_compressed_size);
  if (group.ordinal) writer.WriteI16Field(7, *group.ordinal);
  writer.EndStruct();
}

}  // namespace

FileMetaData DecodeFileMetaData(const uint8_t* data, size_t size) {
  CompactReader reader(data, size, "file metadata");
  return DecodeFileMetaDataStruct(reader);
}

PageHeader DecodePageHeader(const uint8_t* data, size_t size, size_t* header_size) {
  CompactReader reader(data, size, "page header");
  PageHeader header = DecodePageHeaderStruct(reader);
  *header_size = reader.position();
  return header;
}

ColumnIndex DecodeColumnIndex(const uint8_t* data, size_t size) {
  CompactReader reader(data, size, "column index");
  ColumnIndex index;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1:
        index.null_pages.clear();
        reader.ReadListField(field.type, CompactType::kBoolTrue,
                             [&] { index.null_pages.push_back(reader.ReadBoolElement()); });
        return true;
      case 2: ReadStringList(reader, field.type, &index.min_values); return true;
      case 3: ReadStringList(reader, field.type, &index.max_values); return true;
      case 4: index.boundary_order = ReadEnum<BoundaryOrder>(reader, field.type); return true;
      case 5: ReadI64List(reader, field.type, &index.null_counts); return true;
      default: return false;
    }
  });
  Require(reader, seen, nullptr,
          {{1, "null_pages"}, {2, "min_values"}, {3, "max_values"}, {4, "boundary_order"}});
  return index;
}

OffsetIndex DecodeOffsetIndex(const uint8_t* data, size_t size) {
  CompactReader reader(data, size, "offset index");
  OffsetIndex index;
  uint32_t seen = ReadFields(reader, [&](const FieldHeader& field) {
    switch (field.id) {
      case 1:
        ReadStructList(reader, field.type, &index.page_locations, DecodePageLocation);
        return true;
      case 2: ReadI64List(reader, field.type, &index.unencoded_byte_array_data_bytes); return true;
      default: return false;
    }
  });
  Require(reader, seen, nullptr, {{1, "page_locations"}});
  return index;
}

void EncodeFileMetaData(const FileMetaData& metadata, std::string* out) {
  CompactWriter writer(out);
  writer.BeginStruct();
  writer.WriteI32Field(1, metadata.version);
  writer.BeginListField(2, CompactType::kStruct, static_cast<uint32_t>(metadata.schema.size()));
  for (const SchemaElement& element : metadata.schema) EncodeSchemaElement(writer, element);
  writer.WriteI64Field(3, metadata.num_rows);
  writer.BeginListField(4, CompactType::kStruct,
                        static_cast<uint32_t>(metadata.row_groups.size()));
  for (const RowGroup& group : metadata.row_groups) EncodeRowGroup(writer, group);
  if (!metadata.key_value_metadata.empty()) {
    EncodeKeyValues(writer, 5, metadata.key_value_metadata);
  }
  if (metadata.created_by) writer.WriteBinaryField(6, *metadata.created_by);
  if (!metadata.column_orders.empty()) {
    writer.BeginListField(7, CompactType::kStruct,
                          static_cast<uint32_t>(metadata.column_orders.size()));
    for (const ColumnOrder& order : metadata.column_orders) {
      writer.BeginStruct();
      if (order.type_defined_order) EncodeEmptyStructField(writer, 1);
      writer.EndStruct();
    }
  }
  writer.EndStruct();
}

void EncodePageHeader(const PageHeader& header, std::string* out) {
  CompactWriter writer(out);
  writer.BeginStruct();
  writer.WriteI32Field(1, static_cast<int32_t>(header.type));
  writer.WriteI32Field(2, header.uncompressed_page_size);
  writer.WriteI32Field(3, header.compressed_page_size);
  if (header.crc) writer.WriteI32Field(4, *header.crc);
  if (header.data_page_header) {
    const DataPageHeader& page = *header.data_page_header;
    writer.BeginStructField(5);
    writer.WriteI32Field(1, page.num_values);
    writer.WriteI32Field(2, static_cast<int32_t>(page.encoding));
    writer.WriteI32Field(3, static_cast<int32_t>(page.definition_level_encoding));
    writer.WriteI32Field(4, static_cast<int32_t>(page.repetition_level_encoding));
    if (page.statistics) EncodeStatistics(writer, 5, *page.statistics);
    writer.EndStruct();
  }
  if (header.dictionary_page_header) {
    const DictionaryPageHeader& page = *header.dictionary_page_header;
    writer.BeginStructField(7);
    writer.WriteI32Field(1, page.num_values);
    writer.WriteI32Field(2, static_cast<int32_t>(page.encoding));
    if (page.is_sorted) writer.WriteBoolField(3, *page.is_sorted);
    writer.EndStruct();
  }
  if (header.data_page_header_v2) {
    const DataPageHeaderV2& page = *header.data_page_header_v2;
    writer.BeginStructField(8);
    writer.WriteI32Field(1, page.num_values);
    writer.WriteI32Field(2, page.num_nulls);
    writer.WriteI32Field(3, page.num_rows);
    writer.WriteI32Field(4, static_cast<int32_t>(page.encoding));
    writer.WriteI32Field(5, page.definition_levels_byte_length);
    writer.WriteI32Field(6, page.repetition_levels_byte_length);
    writer.WriteBoolField(7, page.is_compressed);
    if (page.statistics) EncodeStatistics(writer, 8, *page.statistics);
    writer.EndStruct();
  }
  writer.EndStruct();
}

void EncodeColumnIndex(const ColumnIndex& index, std::string* out) {
  CompactWriter writer(out);
  writer.BeginStruct();
  writer.BeginListField(1, CompactType::kBoolTrue, static_cast<uint32_t>(index.null_pages.size()));
  for (bool null_page : index.null_pages) writer.WriteBoolElement(null_page);
  writer.BeginListField(2, CompactType::kBinary, static_cast<uint32_t>(index.min_values.size()));
  for (const std::string& value : index.min_values) writer.WriteBinaryElement(value);
  writer.BeginListField(3, CompactType::kBinary, static_cast<uint32_t>(index.max_values.size()));
  for (const std::string& value : index.max_values) writer.WriteBinaryElement(value);
  writer.WriteI32Field(4, static_cast<int32_t>(index.boundary_order));
  if (!index.null_counts.empty()) {
    writer.BeginListField(5, CompactType::kI64, static_cast<uint32_t>(index.null_counts.size()));
    for (int64_t count : index.null_counts) writer.WriteI64Element(count);
  }
  writer.EndStruct();
}

void EncodeOffsetIndex(const OffsetIndex& index, std::string* out) {
  CompactWriter writer(out);
  writer.BeginStruct();
  writer.BeginListField(1, CompactType::kStruct,
                        static_cast<uint32_t>(index.page_locations.size()));
  for (const PageLocation& location : index.page_locations) {
    writer.BeginStruct();
    writer.WriteI64Field(1, location.offset);
    writer.WriteI32Field(2, location.compressed_page_size);
    writer.WriteI64Field(3, location.first_row_index);
    writer.EndStruct();
  }
  if (!index.unencoded_byte_array_data_bytes.empty()) {
    writer.BeginListField(2, CompactType::kI64,
                          static_cast<uint32_t>(index.unencoded_byte_array_data_bytes.size()));
    for (int64_t bytes : index.unencoded_byte_array_data_bytes) writer.WriteI64Element(bytes);
  }
  writer.EndStruct();
}

}  // namespace sluice::parquet
