#pragma once
// Writing joined rows: the column copies shared by the nested-loop and range joins
// (exec/operators/nested_loop_join.h, range_join.h). A joined row is some probe row's
// columns followed by some build row's columns (or NULLs on either side), as
// exec/join/join_type.h lays out the output.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/chunk.h"
#include "exec/join/join_type.h"
#include "exec/sort/row_store.h"

namespace sluice::exec {

/// The output types of a `type` join of `probe` and `build` columns (join_type.h).
std::vector<DataType> NestedLoopJoinOutputTypes(JoinType type, const std::vector<DataType>& probe,
                                                const std::vector<DataType>& build);

/// Copies rows `rows` of columns 0..input.num_columns() of `input` (a probe chunk) to
/// rows offset.. of the same columns of `out`. Long strings are copied into `out`,
/// which then does not depend on `input`.
void CopyProbeRows(const Chunk& input, std::span<const uint32_t> rows, Chunk* out, size_t offset);

/// Writes the build rows `refs` of `store` to rows offset.. of out's columns
/// first_column.. (one per store column, up to `num_columns`). Long strings are not
/// copied: they point into the store, which out's vectors keep alive.
void GatherBuildRows(const std::shared_ptr<const RowStore>& store, std::span<const uint64_t> refs,
                     size_t num_columns, Chunk* out, size_t first_column, size_t offset);

/// Sets rows offset..offset + count of out's columns [first_column, end_column) NULL.
void SetNullRows(Chunk* out, size_t first_column, size_t end_column, size_t offset, size_t count);

/// Copies the values (StringRefs as they are, not their bytes) and NULLs of rows
/// `rows` of `from` to rows 0.. of `to`: a transient view for evaluating an expression
/// while `from` stays alive.
void GatherValues(const Vector& from, std::span<const uint32_t> rows, Vector* to);

/// GatherValues from column `column` of the store rows `refs`.
void GatherStoreValues(const RowStore& store, size_t column, std::span<const uint64_t> refs, Vector* to);

}  // namespace sluice::exec
