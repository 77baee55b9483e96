#pragma once
// Copying selected rows from one vector into another (gathering): used to split a
// chunk into parts, e.g. one per Hive partition.

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/chunk.h"
#include "core/vector.h"

namespace sluice {

/// Copies rows `rows[i]` of `from` to rows `offset + i` of `to` (same type; `to` must
/// have capacity for them). NULLs stay NULL; string bytes are copied into `to`'s heap
/// so that `to` does not depend on `from`'s buffers.
void CopyRows(const Vector& from, std::span<const uint32_t> rows, Vector* to, size_t offset);

/// Appends rows `rows` of the listed `columns` of `from` to `to` (whose columns are
/// those, in that order) and grows its size. `to` must have room for them.
void AppendRows(const Chunk& from, std::span<const size_t> columns,
                std::span<const uint32_t> rows, Chunk* to);

}  // namespace sluice
