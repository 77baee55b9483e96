#pragma once
// The Trino type system as Sluice stores it in memory.
//
// DataType is a small value (id + precision/scale + a shared pointer to child types)
// so it is cheap to copy. Nested types (ARRAY, MAP, ROW) keep their children in
// `children()`; vectors of nested types keep child vectors (core/vector.h). They are
// declared here so that adding them later needs no rework of the scalar paths.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

enum class TypeId : uint8_t {
  kUnknown,      ///< Type of an untyped NULL (Trino's "unknown").
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInteger,
  kBigInt,
  kReal,
  kDouble,
  kDecimal,      ///< DECIMAL(p,s), p <= 38.
  kVarchar,
  kVarbinary,
  kDate,         ///< Days since 1970-01-01.
  kTimestamp,    ///< TIMESTAMP(6): microseconds since 1970-01-01 00:00:00, no zone.
  kTimestampTz,  ///< TIMESTAMP(6) WITH TIME ZONE: a UTC instant plus a zone.
  kIntervalDayTime,    ///< INTERVAL DAY TO SECOND: int64 milliseconds (Trino's unit).
  kIntervalYearMonth,  ///< INTERVAL YEAR TO MONTH: int32 months.
  kArray,        ///< Reserved for nested data.
  kMap,          ///< Reserved for nested data.
  kRow,          ///< Reserved for nested data.
};

/// How values of a type are laid out in a Vector's data buffer.
enum class PhysicalType : uint8_t {
  kInvalid,
  kBool,         ///< uint8_t, 0 or 1.
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kInt128,
  kFloat,
  kDouble,
  kString,       ///< StringRef (16 bytes).
  kTimestampTz,  ///< TimestampTz (16 bytes).
  kNested,       ///< Values live in child vectors.
};

/// Largest precision a DECIMAL may have.
inline constexpr int kMaxDecimalPrecision = 38;
/// Largest precision that a DECIMAL stores in 64 bits (larger ones use 128 bits).
inline constexpr int kMaxShortDecimalPrecision = 18;
/// Fractional digits of TIMESTAMP and TIMESTAMP WITH TIME ZONE.
inline constexpr int kTimestampPrecision = 6;

class DataType {
 public:
  /// The unknown type (of an untyped NULL).
  DataType() = default;

  static DataType Unknown() { return DataType(TypeId::kUnknown); }
  static DataType Boolean() { return DataType(TypeId::kBoolean); }
  static DataType TinyInt() { return DataType(TypeId::kTinyInt); }
  static DataType SmallInt() { return DataType(TypeId::kSmallInt); }
  static DataType Integer() { return DataType(TypeId::kInteger); }
  static DataType BigInt() { return DataType(TypeId::kBigInt); }
  static DataType Real() { return DataType(TypeId::kReal); }
  static DataType Double() { return DataType(TypeId::kDouble); }
  /// DECIMAL(precision, scale); throws InvalidArgumentError unless
  /// 1 <= precision <= 38 and 0 <= scale <= precision.
  static DataType Decimal(int precision, int scale);
  static DataType Varchar() { return DataType(TypeId::kVarchar); }
  static DataType Varbinary() { return DataType(TypeId::kVarbinary); }
  static DataType Date() { return DataType(TypeId::kDate); }
  static DataType Timestamp() { return DataType(TypeId::kTimestamp, kTimestampPrecision, 0); }
  static DataType TimestampTz() {
    return DataType(TypeId::kTimestampTz, kTimestampPrecision, 0);
  }
  static DataType IntervalDayTime() { return DataType(TypeId::kIntervalDayTime); }
  static DataType IntervalYearMonth() { return DataType(TypeId::kIntervalYearMonth); }

  /// Parses a type name as Trino writes it: "integer", "int", "decimal(10,2)",
  /// "timestamp(6) with time zone", "varchar(20)" (length is accepted and ignored),
  /// "interval day to second", "interval year to month"...
  /// Case-insensitive. Throws InvalidArgumentError naming the text on failure.
  static DataType Parse(std::string_view text);

  TypeId id() const { return id_; }
  /// Decimal precision, or the fractional digits of timestamps; 0 otherwise.
  int precision() const { return precision_; }
  /// Decimal scale; 0 otherwise.
  int scale() const { return scale_; }

  PhysicalType physical_type() const;
  /// Bytes one value takes in a Vector's data buffer (0 for nested types).
  size_t fixed_width() const;

  bool is_integer() const {
    return id_ == TypeId::kTinyInt || id_ == TypeId::kSmallInt || id_ == TypeId::kInteger ||
           id_ == TypeId::kBigInt;
  }
  bool is_numeric() const {
    return is_integer() || id_ == TypeId::kReal || id_ == TypeId::kDouble ||
           id_ == TypeId::kDecimal;
  }
  bool is_string() const { return id_ == TypeId::kVarchar || id_ == TypeId::kVarbinary; }
  bool is_interval() const {
    return id_ == TypeId::kIntervalDayTime || id_ == TypeId::kIntervalYearMonth;
  }
  bool is_nested() const {
    return id_ == TypeId::kArray || id_ == TypeId::kMap || id_ == TypeId::kRow;
  }
  bool is_short_decimal() const {
    return id_ == TypeId::kDecimal && precision_ <= kMaxShortDecimalPrecision;
  }

  /// Child types of nested types (element; key and value; fields). Empty otherwise.
  const std::vector<DataType>& children() const;

  /// The Trino spelling: "integer", "decimal(10,2)", "timestamp(6) with time zone".
  std::string ToString() const;

  friend bool operator==(const DataType& a, const DataType& b);
  friend bool operator!=(const DataType& a, const DataType& b) { return !(a == b); }

 private:
  explicit DataType(TypeId id, int precision = 0, int scale = 0)
      : id_(id), precision_(static_cast<uint8_t>(precision)),
        scale_(static_cast<uint8_t>(scale)) {}

  TypeId id_ = TypeId::kUnknown;
  uint8_t precision_ = 0;
  uint8_t scale_ = 0;
  /// Children of nested types; null for scalar types.
  std::shared_ptr<const std::vector<DataType>> children_;
};

/// A named column of a schema.
struct Field {
  std::string name;
  DataType type;
  bool nullable = true;

  friend bool operator==(const Field&, const Field&) = default;
};

/// An ordered list of named, typed columns.
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  size_t num_fields() const { return fields_.size(); }
  const Field& field(size_t i) const { return fields_[i]; }
  Field& mutable_field(size_t i) { return fields_[i]; }
  const std::vector<Field>& fields() const { return fields_; }
  void AddField(Field field) { fields_.push_back(std::move(field)); }

  /// Index of the column with this name (exact match first, then case-insensitive),
  /// or -1.
  int FindField(std::string_view name) const;
  std::vector<DataType> types() const;

  /// One line per column: "name type [NOT NULL]".
  std::string ToString() const;

  friend bool operator==(const Schema&, const Schema&) = default;

 private:
  std::vector<Field> fields_;
};

}  // namespace sluice
