#include "exec/sort/entry_sort.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>
#include <string_view>
#include <vector>

#include "core/scheduler.h"

namespace sluice::exec {

namespace {

/// Buckets up to this size are insertion-sorted instead of split further.
constexpr size_t kInsertionSortLimit = 24;

class RadixSorter {
 public:
  RadixSorter(const SortKeyEncoder& encoder, const RowStore& rows, uint8_t* scratch)
      : encoder_(encoder), rows_(rows), width_(encoder.entry_width()), scratch_(scratch),
        swap_(width_) {}

  /// Sorts entries that agree on key bytes [0, depth). `strings_done`: the string key
  /// ending at `depth` has already been ordered by its whole values.
  void Sort(uint8_t* entries, size_t count, size_t depth, bool strings_done = false) {
    while (true) {
      if (count <= 1) return;
      if (count <= kInsertionSortLimit) {
        // Bytes before `depth` are equal; so are the whole strings ending there unless
        // a prefix ending at `depth` was truncated and not yet resolved.
        const bool unresolved = !strings_done && encoder_.NeedsFullCompare(entries, depth);
        return InsertionSort(entries, count, unresolved ? 0 : depth);
      }
      if (!strings_done && encoder_.NeedsFullCompare(entries, depth)) {
        return SortByWholeStrings(entries, count, depth);
      }
      strings_done = false;
      // Equal keys are already in reference order: the scatter is stable.
      if (depth == encoder_.key_width()) return;
      std::array<size_t, 256> histogram{};
      for (size_t i = 0; i < count; ++i) ++histogram[entries[i * width_ + depth]];
      if (histogram[entries[depth]] == count) {  // one bucket holds all: next byte
        ++depth;
        continue;
      }
      Scatter(entries, count, depth, histogram);
      size_t begin = 0;
      for (size_t bucket = 0; bucket < 256; ++bucket) {
        Sort(entries + begin * width_, histogram[bucket], depth + 1);
        begin += histogram[bucket];
      }
      return;
    }
  }

 private:
  void Scatter(uint8_t* entries, size_t count, size_t depth,
               const std::array<size_t, 256>& histogram) {
    std::array<size_t, 256> offsets;
    size_t sum = 0;
    for (size_t bucket = 0; bucket < 256; ++bucket) {
      offsets[bucket] = sum;
      sum += histogram[bucket];
    }
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* entry = entries + i * width_;
      std::memcpy(scratch_ + offsets[entry[depth]]++ * width_, entry, width_);
    }
    std::memcpy(entries, scratch_, count * width_);
  }

  void InsertionSort(uint8_t* entries, size_t count, size_t from) {
    const auto less = [&](const uint8_t* a, const uint8_t* b) {
      return encoder_.CompareEntriesFrom(a, b, from, rows_) < 0;
    };
    for (size_t i = 1; i < count; ++i) {
      if (!less(entries + i * width_, entries + (i - 1) * width_)) continue;
      std::memcpy(swap_.data(), entries + i * width_, width_);
      size_t j = i;
      while (j > 0 && less(swap_.data(), entries + (j - 1) * width_)) {
        std::memcpy(entries + j * width_, entries + (j - 1) * width_, width_);
        --j;
      }
      std::memcpy(entries + j * width_, swap_.data(), width_);
    }
  }

  /// Entries agree on key bytes [0, depth), which end a string key whose prefix they
  /// all truncated: orders them by the whole strings (stably: fetched once each), then
  /// each run of equal strings by the keys after `depth`.
  void SortByWholeStrings(uint8_t* entries, size_t count, size_t depth) {
    const size_t key = encoder_.TieKeyAt(depth);
    const size_t column = encoder_.key_column(key);
    const bool ascending = encoder_.keys()[key].ascending;
    std::vector<std::string_view> texts(count);
    for (size_t i = 0; i < count; ++i) {
      const uint64_t ref = encoder_.EntryRef(entries + i * width_);
      texts[i] = rows_.column(ref, column).data<StringRef>()[RowStore::RowOf(ref)].view();
    }
    std::vector<uint32_t> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return ascending ? texts[a] < texts[b] : texts[b] < texts[a];
    });
    for (size_t i = 0; i < count; ++i) {
      std::memcpy(scratch_ + i * width_, entries + size_t{order[i]} * width_, width_);
    }
    std::memcpy(entries, scratch_, count * width_);
    for (size_t begin = 0; begin < count;) {
      size_t end = begin + 1;
      while (end < count && texts[order[end]] == texts[order[begin]]) ++end;
      Sort(entries + begin * width_, end - begin, depth, /*strings_done=*/true);
      begin = end;
    }
  }

  const SortKeyEncoder& encoder_;
  const RowStore& rows_;
  const size_t width_;
  uint8_t* scratch_;
  std::vector<uint8_t> swap_;
};

/// Number of entries of `a` among the first `diagonal` entries of the merge of a and b.
size_t MergePathSplit(const SortKeyEncoder& encoder, const RowStore& rows, const uint8_t* a,
                      size_t a_count, const uint8_t* b, size_t b_count, size_t diagonal) {
  const size_t width = encoder.entry_width();
  size_t low = diagonal > b_count ? diagonal - b_count : 0;
  size_t high = std::min(diagonal, a_count);
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    const uint8_t* b_entry = b + (diagonal - middle - 1) * width;
    if (encoder.CompareEntries(a + middle * width, b_entry, rows) <= 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

void MergeRange(const SortKeyEncoder& encoder, const RowStore& rows, const uint8_t* a,
                const uint8_t* a_end, const uint8_t* b, const uint8_t* b_end, uint8_t* out) {
  const size_t width = encoder.entry_width();
  while (a != a_end && b != b_end) {
    if (encoder.CompareEntries(a, b, rows) <= 0) {
      std::memcpy(out, a, width);
      a += width;
    } else {
      std::memcpy(out, b, width);
      b += width;
    }
    out += width;
  }
  std::memcpy(out, a, static_cast<size_t>(a_end - a));
  out += a_end - a;
  std::memcpy(out, b, static_cast<size_t>(b_end - b));
}

}  // namespace

void SortEntries(const SortKeyEncoder& encoder, const RowStore& rows, uint8_t* entries,
                 size_t count) {
  if (count <= 1) return;
  std::vector<uint8_t> scratch(count * encoder.entry_width());
  RadixSorter(encoder, rows, scratch.data()).Sort(entries, count, 0);
}

void MergeEntries(const SortKeyEncoder& encoder, const RowStore& rows, const uint8_t* a,
                  size_t a_count, const uint8_t* b, size_t b_count, uint8_t* out,
                  size_t num_parts) {
  const size_t width = encoder.entry_width();
  const size_t total = a_count + b_count;
  num_parts = std::max<size_t>(1, std::min(num_parts, total / 4096 + 1));
  std::vector<size_t> a_splits(num_parts + 1);
  a_splits[num_parts] = a_count;
  for (size_t part = 1; part < num_parts; ++part) {
    a_splits[part] =
        MergePathSplit(encoder, rows, a, a_count, b, b_count, total * part / num_parts);
  }
  const auto merge_part = [&, width](size_t part) {
    const size_t begin = total * part / num_parts;
    const size_t end = total * (part + 1) / num_parts;
    const size_t a_begin = a_splits[part];
    const size_t a_end = a_splits[part + 1];
    const size_t b_begin = begin - a_begin;
    const size_t b_end = end - a_end;
    MergeRange(encoder, rows, a + a_begin * width, a + a_end * width, b + b_begin * width,
               b + b_end * width, out + begin * width);
  };
  if (num_parts == 1) return merge_part(0);
  TaskGroup group;
  for (size_t part = 0; part < num_parts; ++part) {
    group.Run([&merge_part, part] { merge_part(part); });
  }
  group.Wait();
}

}  // namespace sluice::exec
