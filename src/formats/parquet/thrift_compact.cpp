#include "formats/parquet/thrift_compact.h"

#include <bit>
#include <cstring>
#include <limits>

#include "core/error.h"

namespace sluice::parquet {

static_assert(std::endian::native == std::endian::little,
              "the compact protocol's doubles are read and written as little-endian memory");

namespace {

/// Smallest encoding of one element of `type` inside a container.
size_t MinElementSize(CompactType type) {
  switch (type) {
    case CompactType::kDouble:
      return 8;
    case CompactType::kUuid:
      return 16;
    default:
      return 1;
  }
}

bool IsValidWireType(uint8_t nibble) { return nibble >= 1 && nibble <= 13; }

}  // namespace

const char* CompactTypeName(CompactType type) {
  switch (type) {
    case CompactType::kStop:
      return "stop";
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      return "bool";
    case CompactType::kI8:
      return "i8";
    case CompactType::kI16:
      return "i16";
    case CompactType::kI32:
      return "i32";
    case CompactType::kI64:
      return "i64";
    case CompactType::kDouble:
      return "double";
    case CompactType::kBinary:
      return "binary";
    case CompactType::kList:
      return "list";
    case CompactType::kSet:
      return "set";
    case CompactType::kMap:
      return "map";
    case CompactType::kStruct:
      return "struct";
    case CompactType::kUuid:
      return "uuid";
  }
  return "unknown type";
}

bool ReadVarint(const uint8_t** position, const uint8_t* end, uint64_t* value, int max_bytes) {
  const uint8_t* p = *position;
  uint64_t result = 0;
  for (int i = 0; i < max_bytes && i < 10; ++i) {
    if (p == end) return false;
    uint8_t byte = *p++;
    if (i == 9 && byte > 1) return false;  // bits beyond the 64th
    result |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      *value = result;
      *position = p;
      return true;
    }
  }
  return false;
}

// ---- CompactReader ---------------------------------------------------------------

CompactReader::CompactReader(const uint8_t* data, size_t size, const char* context)
    : begin_(data), position_(data), end_(data + size), context_(context) {}

void CompactReader::Fail(const std::string& message) const {
  throw FormatError(std::string(context_) + ": " + message);
}

void CompactReader::FailDepth() const {
  Fail("structs and lists nested deeper than " + std::to_string(kMaxDepth) + " levels");
}

void CompactReader::FailTruncated(const char* what) const {
  Fail(std::string("truncated ") + what + " at byte " + std::to_string(position()) +
       " (the data ends early)");
}

uint8_t CompactReader::ReadByte() {
  if (position_ == end_) FailTruncated("value");
  return *position_++;
}

uint64_t CompactReader::ReadVarintOrFail(const char* what) {
  uint64_t value;
  if (ReadVarint(&position_, end_, &value)) [[likely]]
    return value;
  // Tell a varint cut off by the end of the data from an overlong one.
  size_t left = remaining();
  bool all_continue = true;
  for (size_t i = 0; i < left && i < 10; ++i) all_continue &= (position_[i] & 0x80) != 0;
  if (left < 10 && all_continue) FailTruncated(what);
  Fail(std::string("invalid varint in ") + what + " at byte " + std::to_string(position()) +
       " (longer than 10 bytes or beyond 64 bits)");
}

void CompactReader::CheckCount(uint64_t count, size_t min_size, const char* what,
                               const char* unit) const {
  if (count > remaining() / min_size) {
    Fail(std::string(what) + " of " + std::to_string(count) + " " + unit + " exceeds the " +
         std::to_string(remaining()) + " bytes left");
  }
}

void CompactReader::ExpectType(CompactType actual, CompactType expected) const {
  auto is_bool = [](CompactType type) {
    return type == CompactType::kBoolTrue || type == CompactType::kBoolFalse;
  };
  if (actual == expected || (is_bool(actual) && is_bool(expected))) return;
  Fail(std::string("field has type ") + CompactTypeName(actual) + ", expected " +
       CompactTypeName(expected));
}

void CompactReader::ExpectElementType(CompactType actual, CompactType expected) const {
  if (actual == expected) return;
  Fail(std::string("list of ") + CompactTypeName(actual) + ", expected a list of " +
       CompactTypeName(expected));
}

bool CompactReader::ReadFieldHeader(int16_t* last_id, FieldHeader* field) {
  if (position_ == end_) FailTruncated("struct (no stop field)");
  uint8_t byte = *position_++;
  if (byte == 0) return false;
  uint8_t type = byte & 0x0F;
  if (!IsValidWireType(type)) Fail("invalid field type " + std::to_string(type));
  field->type = static_cast<CompactType>(type);
  uint8_t delta = byte >> 4;
  if (delta != 0) {
    field->id = static_cast<int16_t>(*last_id + delta);
  } else {
    int64_t id = ZigZagDecode64(ReadVarintOrFail("field id"));
    if (id < std::numeric_limits<int16_t>::min() || id > std::numeric_limits<int16_t>::max())
      Fail("field id " + std::to_string(id) + " out of range");
    field->id = static_cast<int16_t>(id);
  }
  *last_id = field->id;
  return true;
}

CompactType CompactReader::ReadElementType(uint8_t nibble) {
  if (nibble == 2) return CompactType::kBoolTrue;  // booleans: 1 or 2, one normalized form
  if (!IsValidWireType(nibble)) Fail("invalid element type " + std::to_string(nibble));
  return static_cast<CompactType>(nibble);
}

ListHeader CompactReader::ReadListHeader() {
  uint8_t byte = ReadByte();
  ListHeader header;
  uint64_t size = byte >> 4;
  if (size == 15) {
    size = ReadVarintOrFail("list size");
    if (size > static_cast<uint64_t>(std::numeric_limits<int32_t>::max()))
      Fail("list of " + std::to_string(size) + " elements is too long");
  }
  header.size = static_cast<uint32_t>(size);
  if (size == 0) return header;
  header.element_type = ReadElementType(byte & 0x0F);
  CheckCount(size, MinElementSize(header.element_type), "list", "elements");
  return header;
}

bool CompactReader::ReadBool(CompactType type) {
  ExpectType(type, CompactType::kBoolTrue);
  return type == CompactType::kBoolTrue;
}

bool CompactReader::ReadBoolElement() {
  uint8_t byte = ReadByte();
  if (byte == 1) return true;
  // The specification says 0 for false; the Java and C++ libraries write 2.
  if (byte == 0 || byte == 2) return false;
  Fail("invalid boolean element " + std::to_string(byte));
}

int8_t CompactReader::ReadI8(CompactType type) {
  ExpectType(type, CompactType::kI8);
  return static_cast<int8_t>(ReadByte());
}

int16_t CompactReader::ReadI16(CompactType type) {
  if (type == CompactType::kI8) return ReadI8(type);
  ExpectType(type, CompactType::kI16);
  int64_t value = ZigZagDecode64(ReadVarintOrFail("i16"));
  if (value < std::numeric_limits<int16_t>::min() || value > std::numeric_limits<int16_t>::max())
    Fail("i16 value " + std::to_string(value) + " out of range");
  return static_cast<int16_t>(value);
}

int32_t CompactReader::ReadI32(CompactType type) {
  if (type == CompactType::kI8 || type == CompactType::kI16) return ReadI16(type);
  ExpectType(type, CompactType::kI32);
  int64_t value = ZigZagDecode64(ReadVarintOrFail("i32"));
  if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max())
    Fail("i32 value " + std::to_string(value) + " out of range");
  return static_cast<int32_t>(value);
}

int64_t CompactReader::ReadI64(CompactType type) {
  if (type == CompactType::kI8 || type == CompactType::kI16 || type == CompactType::kI32)
    return ReadI32(type);
  ExpectType(type, CompactType::kI64);
  return ZigZagDecode64(ReadVarintOrFail("i64"));
}

double CompactReader::ReadDouble(CompactType type) {
  ExpectType(type, CompactType::kDouble);
  if (remaining() < 8) FailTruncated("double");
  double value;
  std::memcpy(&value, position_, 8);
  position_ += 8;
  return value;
}

std::string_view CompactReader::ReadBinary(CompactType type) {
  ExpectType(type, CompactType::kBinary);
  uint64_t size = ReadVarintOrFail("binary length");
  CheckCount(size, 1, "binary", "bytes");
  std::string_view value(reinterpret_cast<const char*>(position_), size);
  position_ += size;
  return value;
}

void CompactReader::Skip(CompactType type) {
  switch (type) {
    case CompactType::kStop:
      Fail("invalid type stop");
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      return;  // a field's value is in its header
    case CompactType::kI8:
      ReadByte();
      return;
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64:
      ReadVarintOrFail(CompactTypeName(type));
      return;
    case CompactType::kDouble:
    case CompactType::kUuid:
      if (remaining() < MinElementSize(type)) FailTruncated(CompactTypeName(type));
      position_ += MinElementSize(type);
      return;
    case CompactType::kBinary:
      ReadBinary(type);
      return;
    case CompactType::kList:
    case CompactType::kSet: {
      DepthGuard guard(this);
      ListHeader header = ReadListHeader();
      for (uint32_t i = 0; i < header.size; ++i) {
        if (header.element_type == CompactType::kBoolTrue) {
          ReadBoolElement();
        } else {
          Skip(header.element_type);
        }
      }
      return;
    }
    case CompactType::kMap: {
      DepthGuard guard(this);
      uint64_t size = ReadVarintOrFail("map size");
      if (size == 0) return;
      uint8_t types = ReadByte();
      CompactType key_type = ReadElementType(types >> 4);
      CompactType value_type = ReadElementType(types & 0x0F);
      CheckCount(size, MinElementSize(key_type) + MinElementSize(value_type), "map", "pairs");
      for (uint64_t i = 0; i < size; ++i) {
        for (CompactType element : {key_type, value_type}) {
          if (element == CompactType::kBoolTrue) {
            ReadBoolElement();
          } else {
            Skip(element);
          }
        }
      }
      return;
    }
    case CompactType::kStruct:
      ReadStruct([](const FieldHeader&) { return false; });
      return;
  }
  Fail("invalid type " + std::to_string(static_cast<int>(type)));
}

// ---- CompactWriter ---------------------------------------------------------------

void CompactWriter::BeginStruct() { last_ids_.push_back(0); }

void CompactWriter::EndStruct() {
  SLUICE_ASSERT(!last_ids_.empty(), "EndStruct matches a BeginStruct");
  out_->push_back(0);
  last_ids_.pop_back();
}

void CompactWriter::WriteFieldHeader(int16_t id, CompactType type) {
  SLUICE_ASSERT(!last_ids_.empty(), "fields are written inside a struct");
  int delta = id - last_ids_.back();
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    AppendVarint(ZigZagEncode64(id), out_);
  }
  last_ids_.back() = id;
}

void CompactWriter::WriteBoolField(int16_t id, bool value) {
  WriteFieldHeader(id, value ? CompactType::kBoolTrue : CompactType::kBoolFalse);
}

void CompactWriter::WriteI8Field(int16_t id, int8_t value) {
  WriteFieldHeader(id, CompactType::kI8);
  out_->push_back(static_cast<char>(value));
}

void CompactWriter::WriteI16Field(int16_t id, int16_t value) {
  WriteFieldHeader(id, CompactType::kI16);
  AppendVarint(ZigZagEncode64(value), out_);
}

void CompactWriter::WriteI32Field(int16_t id, int32_t value) {
  WriteFieldHeader(id, CompactType::kI32);
  AppendVarint(ZigZagEncode64(value), out_);
}

void CompactWriter::WriteI64Field(int16_t id, int64_t value) {
  WriteFieldHeader(id, CompactType::kI64);
  AppendVarint(ZigZagEncode64(value), out_);
}

void CompactWriter::WriteDoubleField(int16_t id, double value) {
  WriteFieldHeader(id, CompactType::kDouble);
  char bytes[8];
  std::memcpy(bytes, &value, 8);
  out_->append(bytes, 8);
}

void CompactWriter::WriteBinaryField(int16_t id, std::string_view value) {
  WriteFieldHeader(id, CompactType::kBinary);
  WriteBinaryElement(value);
}

void CompactWriter::BeginStructField(int16_t id) {
  WriteFieldHeader(id, CompactType::kStruct);
  BeginStruct();
}

void CompactWriter::BeginListField(int16_t id, CompactType element_type, uint32_t size) {
  WriteFieldHeader(id, CompactType::kList);
  WriteListHeader(element_type, size);
}

void CompactWriter::WriteBoolElement(bool value) { out_->push_back(value ? 1 : 2); }

void CompactWriter::WriteBinaryElement(std::string_view value) {
  AppendVarint(value.size(), out_);
  out_->append(value);
}

void CompactWriter::WriteListHeader(CompactType element_type, uint32_t size) {
  SLUICE_ASSERT(element_type != CompactType::kStop && element_type != CompactType::kBoolFalse,
                "list element types are real types (kBoolTrue for booleans)");
  int type = static_cast<int>(element_type);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | type));
  } else {
    out_->push_back(static_cast<char>(0xF0 | type));
    AppendVarint(size, out_);
  }
}

void CompactWriter::WriteMapHeader(CompactType key_type, CompactType value_type, uint32_t size) {
  if (size == 0) {
    out_->push_back(0);
    return;
  }
  AppendVarint(size, out_);
  out_->push_back(
      static_cast<char>((static_cast<int>(key_type) << 4) | static_cast<int>(value_type)));
}

}  // namespace sluice::parquet
