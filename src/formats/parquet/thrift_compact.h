#pragma once
// Our own reader and writer of the Thrift compact protocol (Apache Thrift's
// doc/specs/thrift-compact-protocol.md), enough for Parquet's metadata: no generated
// code and no Thrift library.
//
// The reader treats its input as hostile: every length and element count is checked
// against the bytes that remain before anything is allocated, varints are at most 10
// bytes, nesting (structs, lists, sets, maps) is bounded by kMaxDepth, and unknown
// fields of any type are skipped. Every problem is a FormatError whose message starts
// with the reader's context ("page header: ...").
//
// Structs are read with a callback per field:
//
//   reader.ReadStruct([&](const FieldHeader& field) {
//     switch (field.id) {
//       case 1: value = reader.ReadI32(field.type); return true;
//       default: return false;  // unknown: the reader skips it
//     }
//   });

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::parquet {

/// Type ids of the compact protocol, as they appear in field headers (where booleans
/// carry their value: kBoolTrue / kBoolFalse) and in list, set and map headers (where
/// a boolean element type is written as 1 by the common implementations and as 2 by the
/// specification; the reader accepts both).
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kI8 = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,  ///< binary and string
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,  ///< structs and unions
  kUuid = 13,
};

/// "i32", "binary", ... for messages.
const char* CompactTypeName(CompactType type);

/// A field of a struct: its Thrift id and wire type (for a boolean field the type is
/// kBoolTrue or kBoolFalse and there is no value after the header).
struct FieldHeader {
  int16_t id = 0;
  CompactType type = CompactType::kStop;
};

/// The header of a list or set. The element type of a boolean list is normalized to
/// kBoolTrue.
struct ListHeader {
  CompactType element_type = CompactType::kStop;
  uint32_t size = 0;
};

/// Unsigned LEB128 ("var int") and zigzag helpers, shared with the RLE and delta
/// encodings.
inline uint64_t ZigZagEncode64(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
inline int64_t ZigZagDecode64(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}
/// Appends `value` as an unsigned LEB128 varint (1 to 10 bytes).
inline void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}
/// Reads an unsigned LEB128 varint of at most `max_bytes` (≤ 10) bytes from
/// [*position, end). Returns false (leaving *position unchanged) when the bytes end
/// first, the varint is longer than max_bytes, or its value does not fit in 64 bits.
bool ReadVarint(const uint8_t** position, const uint8_t* end, uint64_t* value,
                int max_bytes = 10);

/// Reads compact-protocol data from a buffer it does not own.
class CompactReader {
 public:
  /// Deepest nesting of structs and containers accepted (the Parquet metadata needs 6).
  static constexpr int kMaxDepth = 64;

  /// `context` starts every error message ("page header"); it must outlive the reader.
  CompactReader(const uint8_t* data, size_t size, const char* context);

  /// Bytes consumed so far / left.
  size_t position() const { return static_cast<size_t>(position_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - position_); }
  const char* context() const { return context_; }

  /// Reads one struct: calls `handler(const FieldHeader&)` for each field until the
  /// stop field. The handler reads the field's value with the Read* functions below and
  /// returns true, or returns false to have the value skipped (unknown fields).
  template <typename Handler>
  void ReadStruct(Handler&& handler) {
    DepthGuard guard(this);
    int16_t last_id = 0;
    FieldHeader field;
    while (ReadFieldHeader(&last_id, &field)) {
      if (!handler(static_cast<const FieldHeader&>(field))) Skip(field.type);
    }
  }

  /// Reads a list (or set) header whose elements must be of `element_type` (pass
  /// kBoolTrue for booleans), then calls `read_element()` once per element. The count
  /// is checked against the bytes left first (every element takes at least one byte).
  template <typename ReadElement>
  void ReadList(CompactType element_type, ReadElement&& read_element) {
    DepthGuard guard(this);
    ListHeader header = ReadListHeader();
    if (header.size == 0) return;  // the element type of an empty list is not checked
    ExpectElementType(header.element_type, element_type);
    for (uint32_t i = 0; i < header.size; ++i) read_element();
  }

  /// A struct-valued field (`type` from its header must be kStruct).
  template <typename Handler>
  void ReadStructField(CompactType type, Handler&& handler) {
    ExpectType(type, CompactType::kStruct);
    ReadStruct(handler);
  }

  /// A list- or set-valued field (`type` from its header must be kList or kSet).
  template <typename ReadElement>
  void ReadListField(CompactType type, CompactType element_type, ReadElement&& read_element) {
    if (type != CompactType::kSet) ExpectType(type, CompactType::kList);
    ReadList(element_type, read_element);
  }

  /// Throws FormatError unless a field's wire type is `expected` (booleans: either
  /// kBoolTrue or kBoolFalse may be expected).
  void ExpectType(CompactType actual, CompactType expected) const;

  /// Field values; `type` is the field header's type and must match (a FormatError
  /// otherwise), except that integer fields accept any narrower integer type.
  bool ReadBool(CompactType type);
  int8_t ReadI8(CompactType type);
  int16_t ReadI16(CompactType type);
  int32_t ReadI32(CompactType type);
  int64_t ReadI64(CompactType type);
  double ReadDouble(CompactType type);
  /// The bytes of a binary or string field, pointing into the input buffer.
  std::string_view ReadBinary(CompactType type);

  /// Element values of lists, sets and maps (no header to check).
  bool ReadBoolElement();
  int32_t ReadI32Element() { return ReadI32(CompactType::kI32); }
  int64_t ReadI64Element() { return ReadI64(CompactType::kI64); }
  std::string_view ReadBinaryElement() { return ReadBinary(CompactType::kBinary); }

  /// Skips one value of wire type `type` (a whole struct, list, map... recursively).
  void Skip(CompactType type);

  /// Throws FormatError("<context>: <message>").
  [[noreturn]] void Fail(const std::string& message) const;

 private:
  /// Counts nesting for the lifetime of one struct or container.
  class DepthGuard {
   public:
    explicit DepthGuard(CompactReader* reader) : reader_(reader) {
      if (++reader_->depth_ > kMaxDepth) reader_->FailDepth();
    }
    ~DepthGuard() { --reader_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    CompactReader* reader_;
  };

  /// Reads a field header; returns false at the stop field.
  bool ReadFieldHeader(int16_t* last_id, FieldHeader* field);
  ListHeader ReadListHeader();
  CompactType ReadElementType(uint8_t nibble);
  void ExpectElementType(CompactType actual, CompactType expected) const;
  uint64_t ReadVarintOrFail(const char* what);
  uint8_t ReadByte();
  /// Checks that `count` items of at least `min_size` bytes each can still follow.
  void CheckCount(uint64_t count, size_t min_size, const char* what, const char* unit) const;
  [[noreturn]] void FailDepth() const;
  [[noreturn]] void FailTruncated(const char* what) const;

  const uint8_t* begin_;
  const uint8_t* position_;
  const uint8_t* end_;
  const char* context_;
  int depth_ = 0;
};

/// Appends compact-protocol data to a string. Fields must be written in increasing id
/// order within a struct only for compactness (any order is valid).
class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}

  /// Top-level struct: BeginStruct() ... EndStruct() (writes the stop field).
  void BeginStruct();
  void EndStruct();

  void WriteBoolField(int16_t id, bool value);
  void WriteI8Field(int16_t id, int8_t value);
  void WriteI16Field(int16_t id, int16_t value);
  void WriteI32Field(int16_t id, int32_t value);
  void WriteI64Field(int16_t id, int64_t value);
  void WriteDoubleField(int16_t id, double value);
  void WriteBinaryField(int16_t id, std::string_view value);
  /// A struct-valued field: its header, then BeginStruct(); close with EndStruct().
  void BeginStructField(int16_t id);
  /// A list-valued field: its header and the list header; then `size` elements.
  void BeginListField(int16_t id, CompactType element_type, uint32_t size);

  /// Element values (inside lists, sets, maps; no field header).
  void WriteBoolElement(bool value);
  void WriteI32Element(int32_t value) { AppendVarint(ZigZagEncode64(value), out_); }
  void WriteI64Element(int64_t value) { AppendVarint(ZigZagEncode64(value), out_); }
  void WriteBinaryElement(std::string_view value);
  /// A list or set header (element type kBoolTrue for booleans).
  void WriteListHeader(CompactType element_type, uint32_t size);
  /// A map header: `size` pairs of the given key and value types.
  void WriteMapHeader(CompactType key_type, CompactType value_type, uint32_t size);

 private:
  void WriteFieldHeader(int16_t id, CompactType type);

  std::string* out_;
  std::vector<int16_t> last_ids_;  // one per open struct
};

}  // namespace sluice::parquet
