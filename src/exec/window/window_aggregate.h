#pragma once
// Aggregate functions (count, sum, avg, min, max, stddev, … from the AggregateRegistry)
// over window frames.
//
// Strategy per call and partition:
//   - Frames that never lose a row from their start (UNBOUNDED PRECEDING, SQL's
//     default frame, the whole partition): one state grows as the frame's end moves;
//     each row Finalizes it (Finalize leaves states valid). O(n).
//   - Other frames, for functions whose states are plain bytes (!has_destructor():
//     count, sum, avg, min/max of fixed-width types, bool_and/or, variance…): a
//     WindowSegmentTree; each frame folds O(16 · log16 n) partial states. O(n log n).
//   - Other frames, for functions whose states own memory (min/max of strings,
//     min_by/max_by, listagg, DISTINCT, approx_*): Combine may move memory out of its
//     source, so partial states cannot be shared. Such a frame keeps growing the
//     previous row's state while its start stays put, else is aggregated afresh from its
//     rows: O(n · frame) in the worst case (Trino does the same for aggregates without
//     an inverse). The documented fallback.

#include <cstddef>
#include <span>

#include "core/query_memory.h"
#include "exec/aggregate/aggregate_function.h"
#include "exec/window/window_columns.h"
#include "exec/window/window_frame.h"

namespace sluice::exec {

/// Writes `function` over each row's frame [starts[i], ends[i]) (i = row -
/// partition.begin) to `out`. `starts_at_partition`: every frame starts at the
/// partition's first row. Reserves a segment tree's bytes on `memory` while it lives.
void EvaluateWindowAggregate(const AggregateFunction& function, const WindowPartition& partition,
                             const WindowArguments& arguments, std::span<const size_t> starts,
                             std::span<const size_t> ends, bool starts_at_partition, WindowResults* out,
                             MemoryReservation* memory);

}  // namespace sluice::exec
