#pragma once
// One typed scalar value (or a typed NULL): SQL constants, statistics bounds, bound
// parameters and the result of constant folding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.h"
#include "core/vector.h"

namespace sluice {

/// A DataType, a NULL flag and a payload for every scalar core type. Cheap to copy
/// except for strings (which own their bytes). Integers, DATE and TIMESTAMP use the
/// int64 payload; DECIMAL (short or long) keeps its unscaled value as __int128; REAL
/// and DOUBLE are kept as double (REAL values are exactly representable);
/// VARCHAR/VARBINARY own a std::string; TIMESTAMP WITH TIME ZONE a TimestampTz.
class Value {
 public:
  /// A NULL of the unknown type (an untyped NULL literal).
  Value() = default;

  static Value Null(DataType type);
  static Value Boolean(bool value);
  static Value TinyInt(int8_t value);
  static Value SmallInt(int16_t value);
  static Value Integer(int32_t value);
  static Value BigInt(int64_t value);
  static Value Real(float value);
  static Value Double(double value);
  /// DECIMAL(precision, scale) from its unscaled value (checked against the precision).
  static Value Decimal(__int128 unscaled, int precision, int scale);
  static Value Varchar(std::string_view value);
  static Value Varbinary(std::string_view value);
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);
  static Value TimestampTz(int64_t utc_micros, int32_t zone_id);
  /// INTERVAL DAY TO SECOND of `millis` milliseconds.
  static Value IntervalDayTime(int64_t millis);
  /// INTERVAL YEAR TO MONTH of `months` months.
  static Value IntervalYearMonth(int32_t months);

  /// An integral value of an integer type (tinyint..bigint; the value must fit).
  static Value Integral(DataType type, int64_t value);

  /// Row `row` of `vector` (NULL when the row is NULL).
  static Value FromVector(const Vector& vector, size_t row);
  /// Writes this value (of the vector's type) to row `row` of `vector`.
  void WriteTo(Vector* vector, size_t row) const;

  const DataType& type() const { return type_; }
  bool is_null() const { return is_null_; }

  bool boolean() const { return int_ != 0; }
  /// Integers, DATE (days), TIMESTAMP (µs), intervals (milliseconds or months).
  int64_t int64() const { return int_; }
  /// Unscaled value of a DECIMAL.
  __int128 unscaled() const { return decimal_; }
  double float64() const { return double_; }
  const std::string& string() const { return string_; }
  sluice::TimestampTz timestamp_tz() const { return timestamp_tz_; }

  /// Text as Trino prints the value ("NULL" for NULL): 1.50, 2024-01-31,
  /// 2024-01-31 08:00:00.000000, 2024-01-31 08:00:00.000000 UTC, true. VARBINARY is hex.
  std::string ToString() const;
  /// SQL literal that reads back as this value: 'it''s', DECIMAL '1.50',
  /// DATE '2024-01-31', CAST(NULL AS integer), X'CAFE', REAL '1.5',
  /// INTERVAL '2 03:04:05.000' DAY TO SECOND, INTERVAL '-1-2' YEAR TO MONTH.
  std::string ToSqlLiteral() const;

  /// Total order for values of comparable types (numbers of any type, strings
  /// bytewise, dates/timestamps; TIMESTAMP WITH TIME ZONE by instant; intervals of one
  /// kind by length). NULL sorts after
  /// every value and equals NULL. -1, 0 or 1.
  static int Compare(const Value& a, const Value& b);
  /// Hash consistent with Compare(...) == 0 for values of the same type.
  size_t Hash() const;

  friend bool operator==(const Value& a, const Value& b) { return Compare(a, b) == 0; }
  friend bool operator!=(const Value& a, const Value& b) { return Compare(a, b) != 0; }
  friend bool operator<(const Value& a, const Value& b) { return Compare(a, b) < 0; }

 private:
  /// A non-NULL value of `type` whose payload the caller sets.
  static Value NonNull(DataType type);
  DataType type_;
  bool is_null_ = true;
  int64_t int_ = 0;
  __int128 decimal_ = 0;
  double double_ = 0;
  sluice::TimestampTz timestamp_tz_{0, 0, 0};
  std::string string_;
};

/// 10^n as __int128 for 0 <= n <= 38.
__int128 PowerOfTen(int n);

}  // namespace sluice
