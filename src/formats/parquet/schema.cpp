#include "formats/parquet/schema.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace sluice::parquet {

namespace {

constexpr int kMaxSchemaDepth = 64;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const char* UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis: return "MILLIS";
    case TimeUnit::kMicros: return "MICROS";
    case TimeUnit::kNanos: return "NANOS";
  }
  return "?";
}

const char* ConvertedTypeName(ConvertedType type) {
  switch (type) {
    case ConvertedType::kUtf8: return "UTF8";
    case ConvertedType::kMap: return "MAP";
    case ConvertedType::kMapKeyValue: return "MAP_KEY_VALUE";
    case ConvertedType::kList: return "LIST";
    case ConvertedType::kEnum: return "ENUM";
    case ConvertedType::kDecimal: return "DECIMAL";
    case ConvertedType::kDate: return "DATE";
    case ConvertedType::kTimeMillis: return "TIME_MILLIS";
    case ConvertedType::kTimeMicros: return "TIME_MICROS";
    case ConvertedType::kTimestampMillis: return "TIMESTAMP_MILLIS";
    case ConvertedType::kTimestampMicros: return "TIMESTAMP_MICROS";
    case ConvertedType::kUint8: return "UINT_8";
    case ConvertedType::kUint16: return "UINT_16";
    case ConvertedType::kUint32: return "UINT_32";
    case ConvertedType::kUint64: return "UINT_64";
    case ConvertedType::kInt8: return "INT_8";
    case ConvertedType::kInt16: return "INT_16";
    case ConvertedType::kInt32: return "INT_32";
    case ConvertedType::kInt64: return "INT_64";
    case ConvertedType::kJson: return "JSON";
    case ConvertedType::kBson: return "BSON";
    case ConvertedType::kInterval: return "INTERVAL";
  }
  return "UNKNOWN_CONVERTED_TYPE";
}

/// Maps one leaf's annotation and physical type onto a core type.
class LeafMapper {
 public:
  explicit LeafMapper(LeafColumn* leaf) : leaf_(*leaf), physical_(leaf->physical_type) {}

  void Map() {
    const SchemaElement& e = leaf_.element;
    if (e.logical_type.has_value()) {
      MapLogical(e.logical_type);
    } else if (e.converted_type) {
      MapConverted(*e.converted_type);
    } else {
      MapPlain();
    }
  }

 private:
  void Set(DataType type, Conversion conversion = Conversion::kNone) {
    leaf_.type = type;
    leaf_.conversion = conversion;
  }
  void Mismatch() {
    leaf_.error = "annotation " + AnnotationName(leaf_.element) + " does not apply to physical type " +
                  PhysicalTypeName(physical_);
  }
  bool Is(PhysicalType type) const { return physical_ == type; }
  bool IsBytes() const { return Is(PhysicalType::kByteArray) || Is(PhysicalType::kFixedLenByteArray); }

  void MapPlain() {
    switch (physical_) {
      case PhysicalType::kBoolean: return Set(DataType::Boolean());
      case PhysicalType::kInt32: return Set(DataType::Integer());
      case PhysicalType::kInt64: return Set(DataType::BigInt());
      case PhysicalType::kInt96:
        leaf_.has_sort_order = false;
        return Set(DataType::Timestamp(), Conversion::kInt96ToMicros);
      case PhysicalType::kFloat: return Set(DataType::Real());
      case PhysicalType::kDouble: return Set(DataType::Double());
      case PhysicalType::kByteArray:
      case PhysicalType::kFixedLenByteArray: return Set(DataType::Varbinary());
    }
    leaf_.error = "unknown physical type";
  }

  void MapString() {
    if (!IsBytes()) return Mismatch();
    Set(DataType::Varchar());
  }

  void MapDecimal(int32_t precision, int32_t scale) {
    if (precision < 1 || scale < 0 || scale > precision) {
      leaf_.error = "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) +
                    ") is not a valid decimal";
      return;
    }
    if (precision > kMaxDecimalPrecision) {
      leaf_.error = "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) +
                    ") has more than 38 digits, which Sluice does not support";
      return;
    }
    DataType type = DataType::Decimal(precision, scale);
    bool is_short = precision <= kMaxShortDecimalPrecision;
    if (Is(PhysicalType::kInt32)) {
      return Set(type, is_short ? Conversion::kInt32ToInt64 : Conversion::kInt32ToInt128);
    }
    if (Is(PhysicalType::kInt64)) return Set(type, is_short ? Conversion::kNone : Conversion::kInt64ToInt128);
    if (IsBytes()) return Set(type, is_short ? Conversion::kBytesToDecimal64 : Conversion::kBytesToDecimal128);
    Mismatch();
  }

  void MapTime(TimeUnit unit) {
    std::string unit_name = UnitName(unit);
    if (unit == TimeUnit::kMillis && Is(PhysicalType::kInt32)) {
      Set(DataType::Varchar(), Conversion::kTimeMillisToText);
    } else if (unit == TimeUnit::kMicros && Is(PhysicalType::kInt64)) {
      Set(DataType::Varchar(), Conversion::kTimeMicrosToText);
    } else if (unit == TimeUnit::kNanos && Is(PhysicalType::kInt64)) {
      Set(DataType::Varchar(), Conversion::kTimeNanosToText);
    } else {
      return Mismatch();
    }
    leaf_.note = "TIME(" + unit_name + ") is read as varchar '" +
                 (unit == TimeUnit::kNanos ? "HH:MM:SS.fffffffff" : "HH:MM:SS.ffffff") +
                 "' (no TIME type yet)";
  }

  void MapTimestamp(TimeUnit unit, bool adjusted_to_utc) {
    if (!Is(PhysicalType::kInt64)) return Mismatch();
    if (adjusted_to_utc) {
      Conversion conversion = unit == TimeUnit::kMillis   ? Conversion::kMillisToTimestampTz
                              : unit == TimeUnit::kMicros ? Conversion::kMicrosToTimestampTz
                                                          : Conversion::kNanosToTimestampTz;
      Set(DataType::TimestampTz(), conversion);
    } else {
      Conversion conversion = unit == TimeUnit::kMillis   ? Conversion::kMillisToMicros
                              : unit == TimeUnit::kMicros ? Conversion::kNone
                                                          : Conversion::kNanosToMicros;
      Set(DataType::Timestamp(), conversion);
    }
    if (unit == TimeUnit::kNanos) leaf_.note = "nanoseconds are truncated to microseconds";
  }

  void MapInteger(int bit_width, bool is_signed) {
    bool wide = bit_width == 64;
    if (wide ? !Is(PhysicalType::kInt64) : !Is(PhysicalType::kInt32)) return Mismatch();
    if (is_signed) {
      switch (bit_width) {
        case 8: return Set(DataType::TinyInt(), Conversion::kInt32ToInt8);
        case 16: return Set(DataType::SmallInt(), Conversion::kInt32ToInt16);
        case 32: return Set(DataType::Integer());
        case 64: return Set(DataType::BigInt());
      }
    } else {
      switch (bit_width) {
        case 8: return Set(DataType::SmallInt(), Conversion::kUint8ToInt16);
        case 16: return Set(DataType::Integer(), Conversion::kUint16ToInt32);
        case 32: return Set(DataType::BigInt(), Conversion::kUint32ToInt64);
        case 64: return Set(DataType::Decimal(20, 0), Conversion::kUint64ToInt128);
      }
    }
    leaf_.error = "INTEGER annotation with bit width " + std::to_string(bit_width);
  }

  void MapLogical(const LogicalType& logical) {
    using Kind = LogicalType::Kind;
    switch (logical.kind) {
      case Kind::kString:
      case Kind::kEnum:
      case Kind::kJson: return MapString();
      case Kind::kBson:
        if (!IsBytes()) return Mismatch();
        return Set(DataType::Varbinary());
      case Kind::kUuid:
        if (!Is(PhysicalType::kFixedLenByteArray) || leaf_.type_length != 16) return Mismatch();
        return Set(DataType::Varchar(), Conversion::kUuidToText);
      case Kind::kDate:
        if (!Is(PhysicalType::kInt32)) return Mismatch();
        return Set(DataType::Date());
      case Kind::kTime: return MapTime(logical.unit);
      case Kind::kTimestamp: return MapTimestamp(logical.unit, logical.is_adjusted_to_utc);
      case Kind::kDecimal: return MapDecimal(logical.precision, logical.scale);
      case Kind::kInteger: return MapInteger(logical.bit_width, logical.is_signed);
      case Kind::kFloat16:
        if (!Is(PhysicalType::kFixedLenByteArray) || leaf_.type_length != 2) return Mismatch();
        return Set(DataType::Real(), Conversion::kFloat16ToFloat);
      case Kind::kUnknown:
        leaf_.note = "UNKNOWN (null) type: every value is NULL";
        return Set(DataType::Varchar(), Conversion::kAllNull);
      default:
        // MAP/LIST on a primitive or a future annotation: read the physical values.
        leaf_.has_sort_order = false;
        leaf_.note = "annotation " + AnnotationName(leaf_.element) + " ignored";
        return MapPlain();
    }
  }

  void MapConverted(ConvertedType converted) {
    const SchemaElement& e = leaf_.element;
    switch (converted) {
      case ConvertedType::kUtf8:
      case ConvertedType::kEnum:
      case ConvertedType::kJson: return MapString();
      case ConvertedType::kBson:
        if (!IsBytes()) return Mismatch();
        return Set(DataType::Varbinary());
      case ConvertedType::kDecimal: return MapDecimal(e.precision.value_or(0), e.scale.value_or(0));
      case ConvertedType::kDate:
        if (!Is(PhysicalType::kInt32)) return Mismatch();
        return Set(DataType::Date());
      case ConvertedType::kTimeMillis: return MapTime(TimeUnit::kMillis);
      case ConvertedType::kTimeMicros: return MapTime(TimeUnit::kMicros);
      // LogicalTypes.md, backward compatibility: TIMESTAMP_MILLIS/MICROS are
      // TIMESTAMP(isAdjustedToUTC=true, unit).
      case ConvertedType::kTimestampMillis: return MapTimestamp(TimeUnit::kMillis, true);
      case ConvertedType::kTimestampMicros: return MapTimestamp(TimeUnit::kMicros, true);
      case ConvertedType::kUint8: return MapInteger(8, false);
      case ConvertedType::kUint16: return MapInteger(16, false);
      case ConvertedType::kUint32: return MapInteger(32, false);
      case ConvertedType::kUint64: return MapInteger(64, false);
      case ConvertedType::kInt8: return MapInteger(8, true);
      case ConvertedType::kInt16: return MapInteger(16, true);
      case ConvertedType::kInt32: return MapInteger(32, true);
      case ConvertedType::kInt64: return MapInteger(64, true);
      case ConvertedType::kInterval:
        leaf_.has_sort_order = false;
        leaf_.note = "INTERVAL is read as its 12 raw bytes (varbinary)";
        return MapPlain();
      default:
        leaf_.has_sort_order = false;
        return MapPlain();
    }
  }

  LeafColumn& leaf_;
  PhysicalType physical_;
};

/// Walks the depth-first flattened tree.
class TreeWalker {
 public:
  TreeWalker(const std::vector<SchemaElement>& elements, ParquetSchema* schema)
      : elements_(elements), schema_(*schema) {}

  void Walk() {
    if (elements_.empty()) throw FormatError("schema: no root element");
    const SchemaElement& root = elements_[0];
    int32_t children = root.num_children.value_or(0);
    if (children < 0) throw FormatError("schema: root has a negative number of children");
    next_ = 1;
    for (int32_t i = 0; i < children; ++i) {
      Require();
      const SchemaElement& field = elements_[next_];
      TopLevelColumn column;
      column.name = field.name;
      column.nullable = field.repetition_type.value_or(Repetition::kOptional) != Repetition::kRequired;
      if (field.num_children || !field.type) {
        column.nested_kind = NestedKind(field);
      } else if (field.repetition_type == Repetition::kRepeated) {
        column.nested_kind = "REPEATED";
      }
      size_t first_leaf = schema_.leaves.size();
      std::vector<std::string> path;
      Visit(&path, 0, 0, 1);
      for (size_t leaf = first_leaf; leaf < schema_.leaves.size(); ++leaf) {
        schema_.leaves[leaf].top_level = schema_.columns.size();
        column.leaves.push_back(leaf);
      }
      schema_.columns.push_back(std::move(column));
    }
    if (next_ != elements_.size()) {
      throw FormatError("schema: " + std::to_string(elements_.size() - next_) +
                        " elements are not reachable from the root");
    }
  }

 private:
  static std::string NestedKind(const SchemaElement& e) {
    using Kind = LogicalType::Kind;
    if (e.logical_type.kind == Kind::kList || e.converted_type == ConvertedType::kList) return "LIST";
    if (e.logical_type.kind == Kind::kMap || e.converted_type == ConvertedType::kMap ||
        e.converted_type == ConvertedType::kMapKeyValue) {
      return "MAP";
    }
    if (e.repetition_type == Repetition::kRepeated) return "REPEATED";
    return "STRUCT";
  }

  void Require() {
    if (next_ >= elements_.size()) {
      throw FormatError("schema: the tree announces more children than there are elements (" +
                        std::to_string(elements_.size()) + ")");
    }
  }

  void Visit(std::vector<std::string>* path, int definition, int repetition, int depth) {
    if (depth > kMaxSchemaDepth) throw FormatError("schema: nesting deeper than 64 levels");
    Require();
    const SchemaElement& e = elements_[next_++];
    Repetition repetition_type = e.repetition_type.value_or(Repetition::kOptional);
    if (repetition_type != Repetition::kRequired) ++definition;
    if (repetition_type == Repetition::kRepeated) ++repetition;
    path->push_back(e.name);
    if (e.num_children) {
      if (*e.num_children < 0) throw FormatError("schema: group '" + e.name + "' has a negative number of children");
      for (int32_t i = 0; i < *e.num_children; ++i) Visit(path, definition, repetition, depth + 1);
    } else {
      if (!e.type) throw FormatError("schema: leaf '" + e.name + "' has no physical type");
      LeafColumn leaf;
      leaf.path = *path;
      for (size_t i = 0; i < path->size(); ++i) leaf.name += (i ? "." : "") + (*path)[i];
      leaf.physical_type = *e.type;
      leaf.element = e;
      leaf.max_definition_level = static_cast<int16_t>(definition);
      leaf.max_repetition_level = static_cast<int16_t>(repetition);
      if (leaf.physical_type == PhysicalType::kFixedLenByteArray) {
        int32_t length = e.type_length.value_or(-1);
        if (length < 0) throw FormatError("schema: FIXED_LEN_BYTE_ARRAY leaf '" + e.name + "' has no valid type_length");
        leaf.type_length = length;
      }
      LeafMapper(&leaf).Map();
      schema_.leaves.push_back(std::move(leaf));
    }
    path->pop_back();
  }

  const std::vector<SchemaElement>& elements_;
  ParquetSchema& schema_;
  size_t next_ = 0;
};

/// Compares the types of our writer's "sluice.schema" entry with the mapping.
void ConfirmSluiceSchema(const std::string& json, ParquetSchema* schema) {
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  if (parser.parse(json).get(document) != simdjson::SUCCESS || !document.is_array()) {
    schema->notes.push_back("the 'sluice.schema' metadata entry is not a JSON array; ignored");
    return;
  }
  for (simdjson::dom::element entry : document.get_array()) {
    std::string_view name, type_text;
    if (entry["name"].get(name) != simdjson::SUCCESS ||
        entry["type"].get(type_text) != simdjson::SUCCESS) {
      continue;
    }
    int index = schema->FindColumn(std::string(name));
    if (index < 0) continue;
    const TopLevelColumn& column = schema->columns[static_cast<size_t>(index)];
    if (column.nested() || column.leaves.size() != 1) continue;
    const LeafColumn& leaf = schema->leaves[column.leaves[0]];
    if (!leaf.error.empty()) continue;
    DataType declared;
    try {
      declared = DataType::Parse(type_text);
    } catch (const Error&) {
      continue;
    }
    if (declared != leaf.type) {
      schema->notes.push_back("column '" + column.name + "': the writer declared " +
                              declared.ToString() + " but the file stores " +
                              leaf.type.ToString() + "; reading " + leaf.type.ToString());
    }
  }
}

}  // namespace

int ParquetSchema::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  std::string lower = Lower(name);
  for (size_t i = 0; i < columns.size(); ++i) {
    if (Lower(columns[i].name) == lower) return static_cast<int>(i);
  }
  return -1;
}

ParquetSchema MapSchema(const FileMetaData& metadata) {
  ParquetSchema schema;
  TreeWalker(metadata.schema, &schema).Walk();
  for (const KeyValue& entry : metadata.key_value_metadata) {
    if (entry.key == "sluice.schema" && entry.value) ConfirmSluiceSchema(*entry.value, &schema);
  }
  return schema;
}

const char* PhysicalTypeName(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return "BOOLEAN";
    case PhysicalType::kInt32: return "INT32";
    case PhysicalType::kInt64: return "INT64";
    case PhysicalType::kInt96: return "INT96";
    case PhysicalType::kFloat: return "FLOAT";
    case PhysicalType::kDouble: return "DOUBLE";
    case PhysicalType::kByteArray: return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN_PHYSICAL_TYPE";
}

std::string AnnotationName(const SchemaElement& element) {
  using Kind = LogicalType::Kind;
  const LogicalType& logical = element.logical_type;
  switch (logical.kind) {
    case Kind::kNone: break;
    case Kind::kString: return "STRING";
    case Kind::kMap: return "MAP";
    case Kind::kList: return "LIST";
    case Kind::kEnum: return "ENUM";
    case Kind::kDecimal:
      return "DECIMAL(" + std::to_string(logical.precision) + "," + std::to_string(logical.scale) + ")";
    case Kind::kDate: return "DATE";
    case Kind::kTime:
      return std::string("TIME(") + UnitName(logical.unit) + "," +
             (logical.is_adjusted_to_utc ? "true" : "false") + ")";
    case Kind::kTimestamp:
      return std::string("TIMESTAMP(") + UnitName(logical.unit) + "," +
             (logical.is_adjusted_to_utc ? "true" : "false") + ")";
    case Kind::kInteger:
      return "INTEGER(" + std::to_string(logical.bit_width) + "," + (logical.is_signed ? "true" : "false") + ")";
    case Kind::kUnknown: return "UNKNOWN";
    case Kind::kJson: return "JSON";
    case Kind::kBson: return "BSON";
    case Kind::kUuid: return "UUID";
    case Kind::kFloat16: return "FLOAT16";
  }
  if (element.converted_type) {
    std::string name = ConvertedTypeName(*element.converted_type);
    if (*element.converted_type == ConvertedType::kDecimal) {
      name += "(" + std::to_string(element.precision.value_or(0)) + "," +
              std::to_string(element.scale.value_or(0)) + ")";
    }
    return name;
  }
  return "";
}

}  // namespace sluice::parquet
