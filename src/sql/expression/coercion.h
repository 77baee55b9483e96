#pragma once
// Trino's implicit type coercions and result types (TypeCoercion, DecimalOperators).
//
// Implicit coercions only widen: tinyint → smallint → integer → bigint → decimal →
// real → double (integers become decimal(3|5|10|19, 0) first), decimal(p,s) →
// decimal(p',s') keeping every digit, date → timestamp → timestamp with time zone (in
// the session zone), unknown (the NULL literal) → anything. VARCHAR never coerces to a
// date or timestamp implicitly — except a string *literal* compared with one, which the
// binder marks (see ComparisonType).

#include <optional>
#include <span>

#include "core/types.h"

namespace sluice::sql {

/// Whether a value of `from` may be used where `to` is expected without a CAST.
bool CanCoerce(const DataType& from, const DataType& to);

/// How far the coercion goes: 0 when the types are equal, a small positive count of
/// widening steps otherwise, -1 when it is not allowed. Overload resolution adds these.
int CoercionCost(const DataType& from, const DataType& to);

/// The narrowest type both coerce to (CASE, COALESCE, IN, UNION, comparisons), or
/// nullopt (e.g. varchar and integer).
std::optional<DataType> CommonSuperType(const DataType& a, const DataType& b);
std::optional<DataType> CommonSuperType(std::span<const DataType> types);

/// The type both sides of a comparison are coerced to. A string literal compared with
/// a date or timestamp takes the other side's type (as Trino reads `d = '2024-01-31'`).
std::optional<DataType> ComparisonType(const DataType& left, bool left_is_string_literal,
                                       const DataType& right, bool right_is_string_literal);

/// Whether values of the type can be ordered and compared with = and <.
bool IsComparable(const DataType& type);

/// decimal(3|5|10|19, 0) for tinyint..bigint; decimal(1,0) for unknown; the type itself
/// for a decimal.
DataType DecimalOf(const DataType& exact);

/// Result types of decimal arithmetic, as Trino computes them (precision capped at 38).
/// Throw BinderError when no decimal can hold the scale (multiplication).
DataType DecimalAddType(const DataType& a, const DataType& b);
DataType DecimalMultiplyType(const DataType& a, const DataType& b);
DataType DecimalDivideType(const DataType& a, const DataType& b);
DataType DecimalModulusType(const DataType& a, const DataType& b);

}  // namespace sluice::sql
