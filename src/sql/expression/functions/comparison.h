#pragma once
// Vectorized comparisons of two operands of one type (= <> < <= > >=): into a boolean
// vector, or straight into a selection of the rows where the comparison holds.
// Strings compare bytewise (StringRef: the 4-byte prefix usually decides), TIMESTAMP
// WITH TIME ZONE by instant, doubles per IEEE (NaN is unequal to everything).

#include <cstdint>

#include "sql/expression/bound_expression.h"
#include "sql/expression/kernel.h"

namespace sluice::sql {

/// out[row] = left op right (1/0) for every row; NULLs must be excluded by the caller.
/// `op` is one of the six basic comparisons.
void CompareRows(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows,
                 uint8_t* out);

/// Writes the rows where left op right to `selected`, in order; returns how many.
size_t SelectRows(ComparisonOperator op, const Operand& left, const Operand& right, const Rows& rows,
                  uint32_t* selected);

}  // namespace sluice::sql
