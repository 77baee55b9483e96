#pragma once
// The window-only functions over one partition: ranking (row_number, rank,
// dense_rank, percent_rank, cume_dist, ntile) and value functions (lag, lead,
// first_value, last_value, nth_value). Aggregates are in window_aggregate.h.
//
// Each kernel writes the results of rows [partition.begin, partition.end) to `out`.
// Errors of argument values are Trino's: "Buckets must be greater than 0" (ntile),
// "Offset must be at least 0" (lag/lead), "Offset must be at least 1" (nth_value),
// as InvalidArgumentError; a NULL bucket count or offset gives NULL.

#include <cstddef>
#include <span>

#include "exec/window/window_columns.h"
#include "exec/window/window_frame.h"
#include "exec/window/window_function.h"

namespace sluice::exec {

/// row_number, rank, dense_rank (bigint), percent_rank, cume_dist (double): from the
/// partition's peer groups only.
void EvaluateRanking(WindowFunctionKind kind, const WindowPartition& partition, WindowResults* out);

/// ntile(n) with n read per row (argument 0, bigint).
void EvaluateNtile(const WindowPartition& partition, const WindowArguments& arguments, WindowResults* out);

/// lag/lead(x [, offset [, default]]): x of the row `offset` (default 1) rows before /
/// after, within the partition (frames do not apply), else the default (read at the
/// current row) or NULL. With IGNORE NULLS rows whose x is NULL are not counted; an
/// offset of 0 is the current row's x either way.
void EvaluateLagLead(bool lead, bool ignore_nulls, const WindowPartition& partition,
                     const WindowArguments& arguments, WindowResults* out);

/// first_value / last_value / nth_value(x, n) of each row's frame [starts[i], ends[i])
/// (i = row - partition.begin); NULL for an empty frame or when the frame has fewer
/// than n rows (non-NULL x with IGNORE NULLS).
void EvaluateFrameValue(WindowFunctionKind kind, bool ignore_nulls, const WindowPartition& partition,
                        const WindowArguments& arguments, std::span<const size_t> starts,
                        std::span<const size_t> ends, WindowResults* out);

}  // namespace sluice::exec
