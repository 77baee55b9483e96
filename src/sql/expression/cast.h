#pragma once
// CAST and TRY_CAST between core types, as Trino allows them.
//
// Numbers ↔ numbers (range-checked; double/real → integer and decimal rescaling round
// half away from zero), numbers/boolean ↔ varchar, boolean ↔ numbers,
// date/timestamp/timestamp with time zone ↔ varchar and between each other (in the
// session zone), intervals → varchar, varchar → varbinary, unknown → anything.

#include "core/types.h"
#include "sql/expression/kernel.h"

namespace sluice::sql {

struct CastContext {
  const SessionSettings* session = nullptr;
  /// TRY_CAST: a value that does not convert becomes NULL instead of an error.
  bool null_on_error = false;
};

/// Converts `input` (of the source type) at `rows` into `out` (of the target type).
/// Rows where the input is NULL become NULL. Throws ConversionError
/// ("cannot cast 'abc' to integer") unless `null_on_error`.
using CastKernel = void (*)(const CastContext& context, const Operand& input, const Rows& rows,
                            Vector* out);

/// Whether CAST(from AS to) is allowed.
bool CanCast(const DataType& from, const DataType& to);

/// The kernel for CAST(from AS to); throws BinderError "cannot cast varchar to
/// boolean"-style messages (naming both types) when CanCast is false.
CastKernel GetCastKernel(const DataType& from, const DataType& to);

}  // namespace sluice::sql
