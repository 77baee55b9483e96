#pragma once
// The type lattice of JSON-lines inference: what a JSON value looks like (its shape),
// the union of the shapes seen for one key, and the narrowest Sluice type holding them.
//
// The same lattice decides the types inferred from the sample and how a column widens
// when a later value contradicts its type, so both always agree:
//   null only → VARCHAR; booleans → BOOLEAN; integers → BIGINT (DECIMAL(p,0) beyond
//   int64); numbers with a fraction and no exponent, alone or with integers →
//   DECIMAL(p,s) when p ≤ 38; exponents, or the strings "NaN"/"Infinity"/"-Infinity"
//   beside numbers → DOUBLE; ISO date strings → DATE, with timestamps → TIMESTAMP;
//   timestamps with a zone → TIMESTAMP WITH TIME ZONE; anything else, nested values
//   and mixes of kinds → VARCHAR.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.h"

namespace sluice::json {

/// What a JSON value is, as far as types go.
enum class ValueKind : uint8_t {
  kNull,
  kBoolean,
  kInteger,       ///< A number without fraction or exponent.
  kDecimal,       ///< A number with a fraction and no exponent.
  kFloat,         ///< A number with an exponent.
  kSpecialFloat,  ///< The string "NaN", "Infinity" or "-Infinity".
  kDate,          ///< A string "YYYY-MM-DD".
  kTimestamp,     ///< A string "YYYY-MM-DD[ T]HH:MM[:SS[.f]]".
  kTimestampTz,   ///< A timestamp string followed by a zone.
  kString,        ///< Any other string.
  kNested,        ///< An object or an array.
};

/// The shape of one value.
struct ValueShape {
  ValueKind kind = ValueKind::kNull;
  /// kInteger: whether the value fits BIGINT.
  bool fits_int64 = true;
  /// kInteger, kDecimal: significant digits before the point (0 for "0.5").
  int integer_digits = 0;
  /// kDecimal: digits after the point.
  int fraction_digits = 0;
};

/// Shape of a JSON number token (no surrounding spaces); false when the token is
/// not a valid JSON number.
bool ClassifyNumber(std::string_view token, ValueShape* shape);

/// Kind of a JSON string's (unescaped) contents: kSpecialFloat, kDate, kTimestamp,
/// kTimestampTz or kString. Dates must have the ISO shape (four-digit year, two-digit
/// month and day) so that other text with dashes stays VARCHAR.
ValueKind ClassifyString(std::string_view text);

/// True when `text` starts with "YYYY-MM-DD" and ends there or continues with a
/// time or zone separator.
bool HasIsoDateShape(std::string_view text);

/// Union of the shapes seen for one key.
class TypeSummary {
 public:
  /// Everything a column of `type` may already hold (for widening a column).
  static TypeSummary Of(const DataType& type);

  void Add(const ValueShape& shape);
  /// True when only nulls (or nothing) were added.
  bool only_nulls() const { return kinds_ == 0; }

  /// The narrowest type that holds every shape added. `reason`, when given, receives
  /// why the type is VARCHAR or DOUBLE when that is not the obvious choice (empty
  /// otherwise), e.g. "mixes number and string values".
  DataType Resolve(std::string* reason = nullptr) const;

 private:
  bool Has(ValueKind kind) const { return (kinds_ & Bit(kind)) != 0; }
  static uint32_t Bit(ValueKind kind) { return 1u << static_cast<unsigned>(kind); }

  uint32_t kinds_ = 0;  ///< Bit per ValueKind seen (kNull excluded).
  bool beyond_int64_ = false;
  int integer_digits_ = 0;
  int fraction_digits_ = 0;
};

/// Whether a value of `shape` is held exactly by a column of inferred type `type`
/// (nulls always are). When false, the column widens to
/// (TypeSummary::Of(type) + shape).Resolve().
bool ShapeFits(const DataType& type, const ValueShape& shape);

}  // namespace sluice::json
