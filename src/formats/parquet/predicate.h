#pragma once
// Predicates a Parquet read may use to skip data: `column op value`, combined with AND.
// They are hints: row groups and pages whose statistics prove that no row can match
// are skipped, and rows that survive may still not match (the caller filters again).

#include <cstdint>
#include <optional>
#include <string>

#include "core/types.h"

namespace sluice::parquet {

/// A small typed constant (or a statistic's value). The payload field used depends
/// on the type: `integer` for BOOLEAN, TINYINT..BIGINT, DECIMAL (unscaled), DATE
/// (days), TIMESTAMP and TIMESTAMP WITH TIME ZONE (UTC µs); `floating` for REAL and
/// DOUBLE; `bytes` for VARCHAR and VARBINARY.
struct ScalarValue {
  DataType type;
  bool is_null = true;
  __int128 integer = 0;
  double floating = 0;
  std::string bytes;

  static ScalarValue Null(DataType type);
  static ScalarValue Boolean(bool value);
  static ScalarValue BigInt(int64_t value);
  /// Any integer-backed type (integers, DECIMAL unscaled, DATE, TIMESTAMP[TZ] µs).
  static ScalarValue Integer(DataType type, __int128 value);
  static ScalarValue Double(double value);
  static ScalarValue Floating(DataType type, double value);
  static ScalarValue Varchar(std::string value);
  static ScalarValue Bytes(DataType type, std::string value);

  /// The value as Trino prints it ("NULL" for null; VARBINARY as hex).
  std::string ToString() const;
};

/// Three-way comparison of two non-null scalars of comparable types (numbers with
/// numbers, DATE with TIMESTAMP, strings with strings, booleans, TIMESTAMP WITH TIME
/// ZONE with itself); nullopt when the types cannot be compared or a value is NaN.
std::optional<int> CompareScalars(const ScalarValue& a, const ScalarValue& b);

enum class CompareOp { kEqual, kLess, kLessEqual, kGreater, kGreaterEqual, kIsNull, kIsNotNull };

/// "=", "<", "<=", ">", ">=", "IS NULL", "IS NOT NULL".
const char* CompareOpName(CompareOp op);

/// `column op value`; `value` is ignored for IS [NOT] NULL.
struct ColumnPredicate {
  std::string column;
  CompareOp op = CompareOp::kEqual;
  ScalarValue value;
};

/// What statistics say about a set of rows of one column (a row group or a page).
/// Bounds may be absent; when present they are inclusive bounds of the non-null values.
struct ValueRange {
  std::optional<ScalarValue> min;
  std::optional<ScalarValue> max;
  std::optional<int64_t> null_count;
  int64_t num_rows = 0;
};

/// False only when no row described by `range` can satisfy `predicate`.
bool MayMatch(const ColumnPredicate& predicate, const ValueRange& range);

}  // namespace sluice::parquet
