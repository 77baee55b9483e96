#pragma once
// A type as written in SQL (CAST targets, typed literals). The binder turns it into a
// core DataType; the parser only checks its shape.

#include <cstdint>
#include <string>
#include <vector>

#include "sql/parser/identifier.h"
#include "sql/parser/source_position.h"

namespace sluice::sql {

/// Trino's `type` rule: `bigint`, `decimal(10,2)`, `varchar(20)`, `timestamp(3) with
/// time zone`, `array(bigint)`, `map(varchar, bigint)`, `row(a bigint, b varchar)`,
/// `interval day to second`, `double precision` (read as `double`), `character
/// varying(n)` and `character(n)` (read as varchar(n) and char(n)). Hive's
/// `array<T>` / `map<K,V>` are read as array(T) / map(K,V).
struct TypeName {
  /// Lower-case base name ("decimal", "timestamp", "array", "row",
  /// "interval day to second"...).
  std::string name;
  /// Numeric parameters: decimal(10,2) → {10, 2}; timestamp(3) → {3}.
  std::vector<int64_t> numeric_parameters;
  /// Type parameters: element of array, key and value of map, fields of row.
  std::vector<TypeName> type_parameters;
  /// For row: one name per field in type_parameters (an empty name: unnamed field).
  std::vector<Identifier> field_names;
  /// timestamp/time ... WITH TIME ZONE.
  bool with_time_zone = false;
  SourcePosition position;

  /// Trino's spelling, which DataType::Parse reads for the scalar types.
  std::string ToString() const;
};

}  // namespace sluice::sql
