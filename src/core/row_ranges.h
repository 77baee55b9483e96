#pragma once
// Formatting the rows of one chunk on several threads while keeping their order:
// the rows are cut into contiguous ranges, each range is formatted into its own
// buffer on the task scheduler, and the caller appends the buffers in order.

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "core/scheduler.h"

namespace sluice {

/// Rows below which one more range costs more than it saves.
inline constexpr size_t kMinRowsPerRange = 256;

/// Formats rows [0, num_rows) as up to `num_threads` ranges. `format(begin, end, out,
/// part)` appends the text of rows [begin, end) to `out`; `part` (0-based) lets it pick
/// per-thread scratch state. Range 0 goes straight to `first` on the calling thread;
/// the others go to `buffers` (resized as needed, reused between calls) and are
/// appended to `first` in order. Exceptions of any range are rethrown.
template <typename Format>
void FormatRowRanges(size_t num_rows, size_t num_threads, std::string* first,
                     std::vector<std::string>* buffers, Format&& format) {
  size_t parts =
      std::clamp<size_t>(num_rows / kMinRowsPerRange, 1, std::max<size_t>(num_threads, 1));
  if (parts == 1) {
    format(0, num_rows, first, 0);
    return;
  }
  if (buffers->size() < parts) buffers->resize(parts);
  auto begin_of = [&](size_t part) { return num_rows * part / parts; };
  TaskGroup group;
  for (size_t part = 1; part < parts; ++part) {
    group.Run([&, part] {
      std::string& buffer = (*buffers)[part];
      buffer.clear();
      format(begin_of(part), begin_of(part + 1), &buffer, part);
    });
  }
  format(0, begin_of(1), first, 0);
  group.Wait();
  for (size_t part = 1; part < parts; ++part) first->append((*buffers)[part]);
}

/// The number of threads an option asks for: 0 means the scheduler's size.
inline size_t ResolveThreads(size_t requested) {
  return requested > 0 ? requested : TaskScheduler::Global().num_threads();
}

}  // namespace sluice
