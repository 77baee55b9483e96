#pragma once
// Sorting one run of sort entries in place (see SortKeyEncoder for the entry layout).

#include <cstddef>
#include <cstdint>

#include "exec/sort/row_store.h"
#include "exec/sort/sort_key.h"

namespace sluice::exec {

/// Sorts `count` entries at `entries` by SortKeyEncoder::CompareEntries: by key, ties in
/// row-reference (arrival) order, so the sort is stable. Precondition: the entries are
/// in reference order (as sunk), so that equal keys need no look at the references.
///
/// MSD radix sort on the key bytes: a counting pass per byte position, skipped when all
/// entries share the byte (NULL bytes of a column without NULLs, high bytes of small
/// integers), scattered stably; buckets of a few entries are insertion-sorted. Entries
/// whose key bytes are all equal but carry truncated strings are then ordered with the
/// full comparator (which reads the strings from `rows`). Uses a scratch buffer as large
/// as the run.
void SortEntries(const SortKeyEncoder& encoder, const RowStore& rows, uint8_t* entries,
                 size_t count);

/// Merges the sorted runs `a` (a_count entries) and `b` into `out` stably (a's entry
/// first on equal keys and references), splitting the work into `num_parts` merge-path
/// ranges run as tasks of the global scheduler.
void MergeEntries(const SortKeyEncoder& encoder, const RowStore& rows, const uint8_t* a,
                  size_t a_count, const uint8_t* b, size_t b_count, uint8_t* out,
                  size_t num_parts);

}  // namespace sluice::exec
