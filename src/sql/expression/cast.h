#pragma once
// CAST and TRY_CAST between core types, as Trino allows them.
//
// Numbers ↔ numbers (range-checked; double/real → integer and decimal rescaling round
// half away from zero), numbers/boolean ↔ varchar, boolean ↔ numbers,
// date/timestamp/timestamp with time zone ↔ varchar and between each other (in the
// session zone), intervals → varchar, varchar → varbinary, unknown → anything.
// VARCHAR → DECIMAL reads what Java's BigDecimal reads (as Trino), exponents included.

#include <cstdint>

#include "core/types.h"
#include "sql/expression/kernel.h"

namespace sluice::sql {

/// The length of a plain VARCHAR cast target (no length).
inline constexpr int64_t kUnboundedVarchar = -1;
/// The largest n of VARCHAR(n) (Trino's; varchar(2147483647) is the unbounded VARCHAR).
inline constexpr int64_t kMaxVarcharLength = 2147483646;

struct CastContext {
  const SessionSettings* session = nullptr;
  /// TRY_CAST: a value that does not convert becomes NULL instead of an error.
  bool null_on_error = false;
  /// CAST(… AS VARCHAR(n)): n, or kUnboundedVarchar. The result type stays VARCHAR (the
  /// type system has no lengths); the kernels apply Trino's rules for n: text is cut to
  /// n characters, any other value whose text is longer is an error.
  int64_t varchar_length = kUnboundedVarchar;
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
