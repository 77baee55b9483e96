#pragma once
// Window function calls as the binder describes them and the window operator
// (exec/operators/window.h) runs them: the function, its arguments, PARTITION BY,
// ORDER BY and the frame. Plain immutable values, printable for EXPLAIN.
//
// Functions (Trino's names and result types): row_number, rank, dense_rank (bigint),
// percent_rank, cume_dist (double), ntile(n) (bigint), lag/lead(x [, offset
// [, default]]), first_value/last_value(x), nth_value(x, n) (the type of x; IGNORE
// NULLS allowed), and every aggregate of the AggregateRegistry over a frame.
//
// Frames: ROWS, RANGE and GROUPS with UNBOUNDED PRECEDING / n PRECEDING / CURRENT ROW /
// n FOLLOWING / UNBOUNDED FOLLOWING. Offsets are constant expressions:
//   - ROWS and GROUPS: a non-negative integer (any integer type or decimal(p, 0));
//   - RANGE: needs exactly one ORDER BY key; the offset is non-negative and finite:
//     of a numeric type for a numeric key (compared exactly for integer/decimal keys,
//     as double when either side is real/double), an INTERVAL for a DATE / TIMESTAMP
//     [WITH TIME ZONE] key (day-to-second: a fixed duration, compared in microseconds;
//     year-to-month: added to each row's key by the calendar, as date + interval).
// Rows whose ORDER BY key is NULL (or NaN) have their peer group as the extent of an
// offset bound, and are never inside the offset frame of other rows (only UNBOUNDED
// bounds reach them), as in Trino.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "exec/aggregate/aggregate_function.h"
#include "sql/expression/bound_expression.h"

namespace sluice::exec {

enum class WindowFunctionKind : uint8_t {
  kAggregate,
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
};

/// One end of a frame.
struct WindowFrameBound {
  enum class Kind : uint8_t {
    kUnboundedPreceding,
    kPreceding,
    kCurrentRow,
    kFollowing,
    kUnboundedFollowing,
  };
  Kind kind = Kind::kCurrentRow;
  sql::BoundExpressionPtr offset;  ///< A constant expression, for kPreceding/kFollowing only.

  /// "UNBOUNDED PRECEDING", "3 FOLLOWING", "CURRENT ROW".
  std::string ToString() const;
};

/// ROWS|RANGE|GROUPS BETWEEN start AND end.
struct WindowFrame {
  enum class Mode : uint8_t { kRows, kRange, kGroups };
  Mode mode = Mode::kRange;
  WindowFrameBound start{WindowFrameBound::Kind::kUnboundedPreceding, nullptr};
  WindowFrameBound end{WindowFrameBound::Kind::kCurrentRow, nullptr};

  /// SQL's default frame, RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW: with an
  /// ORDER BY the rows up to the current row's last peer; without one, every row of the
  /// partition (all rows are peers). The default-constructed WindowFrame is this.
  static WindowFrame Default() { return WindowFrame{}; }
  /// "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW".
  std::string ToString() const;
};

/// One ORDER BY item of a window. Trino's default is ASC NULLS LAST.
struct WindowOrderKey {
  sql::BoundExpressionPtr expression;
  bool descending = false;
  bool nulls_first = false;
};

/// One window function call; every expression is over the input (child) columns.
struct WindowCall {
  WindowFunctionKind kind = WindowFunctionKind::kRowNumber;
  AggregateFunctionPtr aggregate;                  ///< kAggregate only (resolved via AggregateRegistry).
  std::vector<sql::BoundExpressionPtr> arguments;  ///< Already coerced (WindowArgumentTypes).
  std::vector<sql::BoundExpressionPtr> partition_by;
  std::vector<WindowOrderKey> order_by;
  WindowFrame frame;  ///< The binder fills SQL's default (WindowFrame::Default()) when none is written.
  bool ignore_nulls = false;  ///< IGNORE NULLS (lag, lead, first_value, last_value, nth_value).
  DataType type;              ///< Result type.
  std::string name;           ///< The call as written, for EXPLAIN; empty: ToString() is used.

  /// "rank() OVER (PARTITION BY #0 ORDER BY #1 DESC NULLS LAST RANGE BETWEEN …)".
  std::string ToString() const;
  /// name, or ToString() when name is empty.
  std::string DisplayName() const { return name.empty() ? ToString() : name; }
};

/// "row_number" → kRowNumber … (case-insensitive); nullopt for names that are not
/// window-only functions (aggregates are looked up in the AggregateRegistry).
std::optional<WindowFunctionKind> LookupWindowFunction(std::string_view name);

/// The lower-case SQL name of a window-only function ("aggregate" for kAggregate).
const char* WindowFunctionName(WindowFunctionKind kind);

/// The types the binder must coerce the arguments to, given their types as written:
/// ntile(bigint); lag/lead(T, bigint, T) and nth_value(T, bigint) with T the common
/// super type of x and the default; first_value/last_value(T). Throws
/// InvalidArgumentError for a wrong argument count or types that do not fit (the binder
/// may rethrow it as a BinderError with the call's position).
std::vector<DataType> WindowArgumentTypes(WindowFunctionKind kind,
                                          const std::vector<DataType>& argument_types);

/// Result type of a non-aggregate window function given its (coerced) argument types:
/// bigint for row_number/rank/dense_rank/ntile, double for percent_rank/cume_dist, T
/// for the value functions. Throws InvalidArgumentError like WindowArgumentTypes.
DataType WindowResultType(WindowFunctionKind kind, const std::vector<DataType>& argument_types);

/// Checks what the operator relies on and throws InvalidArgumentError with Trino's
/// message otherwise: argument count and types, IGNORE NULLS only for value functions,
/// an aggregate for kAggregate (and only then), frame shape (no start at UNBOUNDED
/// FOLLOWING, no end at UNBOUNDED PRECEDING, no start after the end in bound order),
/// constant offsets of the right types, RANGE offsets with exactly one ORDER BY key of
/// a numeric/date/timestamp type, GROUPS offsets with an ORDER BY. Offset values
/// (negative, NULL) are checked when the operator is built (they are constants).
void ValidateWindowCall(const WindowCall& call);

}  // namespace sluice::exec
