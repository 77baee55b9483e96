#include "exec/window/window_kernels.h"

#include <optional>
#include <vector>

#include "core/error.h"

namespace sluice::exec {
namespace {

/// Where the rows with a non-NULL argument 0 are in a partition, for IGNORE NULLS.
struct NonNullIndex {
  NonNullIndex(const WindowPartition& partition, const WindowArguments& arguments)
      : before(partition.size() + 1), begin(partition.begin) {
    for (size_t p = partition.begin; p < partition.end; ++p) {
      before[p - begin] = positions.size();
      if (!arguments.IsNull(0, p)) positions.push_back(p);
    }
    before[partition.size()] = positions.size();
  }
  /// Non-NULL rows before position p (p may be the partition's end).
  size_t Before(size_t position) const { return before[position - begin]; }

  std::vector<size_t> positions;  ///< Of the non-NULL rows, ascending.
  std::vector<size_t> before;
  size_t begin;
};

/// Trino's ntile: the first (rows % buckets) buckets get one row more.
int64_t NtileBucket(uint64_t buckets, uint64_t rows, uint64_t index) {
  if (rows < buckets) return static_cast<int64_t>(index);
  const uint64_t per_bucket = rows / buckets;
  const uint64_t remainder = rows % buckets;
  const uint64_t rows_in_larger = remainder * (per_bucket + 1);
  if (index < rows_in_larger) return static_cast<int64_t>(index / (per_bucket + 1));
  return static_cast<int64_t>((index - rows_in_larger) / per_bucket + remainder);
}

}  // namespace

void EvaluateRanking(WindowFunctionKind kind, const WindowPartition& partition, WindowResults* out) {
  const std::span<const size_t> peers = partition.peer_starts;
  const size_t size = partition.size();
  const size_t begin = partition.begin;
  for (size_t g = 0; g + 1 < peers.size(); ++g) {
    for (size_t p = peers[g]; p < peers[g + 1]; ++p) {
      switch (kind) {
        case WindowFunctionKind::kRowNumber: out->Set<int64_t>(p, static_cast<int64_t>(p - begin + 1)); break;
        case WindowFunctionKind::kRank: out->Set<int64_t>(p, static_cast<int64_t>(peers[g] - begin + 1)); break;
        case WindowFunctionKind::kDenseRank: out->Set<int64_t>(p, static_cast<int64_t>(g + 1)); break;
        case WindowFunctionKind::kPercentRank:
          out->Set<double>(p, size == 1 ? 0.0
                                        : static_cast<double>(peers[g] - begin) / static_cast<double>(size - 1));
          break;
        case WindowFunctionKind::kCumeDist:
          out->Set<double>(p, static_cast<double>(peers[g + 1] - begin) / static_cast<double>(size));
          break;
        default: SLUICE_ASSERT(false, "EvaluateRanking computes ranking functions only");
      }
    }
  }
}

void EvaluateNtile(const WindowPartition& partition, const WindowArguments& arguments, WindowResults* out) {
  for (size_t p = partition.begin; p < partition.end; ++p) {
    if (arguments.IsNull(0, p)) {
      out->SetNull(p);
      continue;
    }
    const int64_t buckets = arguments.at(0, p).Get<int64_t>(WindowArguments::Row(p));
    if (buckets <= 0) throw InvalidArgumentError("Buckets must be greater than 0");
    out->Set<int64_t>(p, NtileBucket(static_cast<uint64_t>(buckets), partition.size(), p - partition.begin) + 1);
  }
}

void EvaluateLagLead(bool lead, bool ignore_nulls, const WindowPartition& partition,
                     const WindowArguments& arguments, WindowResults* out) {
  const bool has_offset = arguments.num_arguments() >= 2;
  const bool has_default = arguments.num_arguments() >= 3;
  std::optional<NonNullIndex> index;
  if (ignore_nulls) index.emplace(partition, arguments);
  for (size_t p = partition.begin; p < partition.end; ++p) {
    uint64_t offset = 1;
    if (has_offset) {
      if (arguments.IsNull(1, p)) {
        out->SetNull(p);
        continue;
      }
      const int64_t value = arguments.at(1, p).Get<int64_t>(WindowArguments::Row(p));
      if (value < 0) throw InvalidArgumentError("Offset must be at least 0");
      offset = static_cast<uint64_t>(value);
    }
    std::optional<size_t> target;
    if (offset == 0) {
      target = p;
    } else if (!ignore_nulls) {
      if (!lead && p - partition.begin >= offset) target = p - offset;
      if (lead && partition.end - p - 1 >= offset) target = p + offset;
    } else {
      const size_t before = index->Before(p);
      if (!lead && before >= offset) target = index->positions[before - offset];
      if (lead) {
        const size_t through = index->Before(p + 1);  // non-NULL rows up to p
        if (index->positions.size() - through >= offset) target = index->positions[through + offset - 1];
      }
    }
    Vector& vector = out->vector(p);
    if (target) {
      arguments.CopyTo(0, *target, &vector, WindowResults::Row(p));
    } else if (has_default) {
      arguments.CopyTo(2, p, &vector, WindowResults::Row(p));
    } else {
      vector.SetNull(WindowResults::Row(p));
    }
  }
}

void EvaluateFrameValue(WindowFunctionKind kind, bool ignore_nulls, const WindowPartition& partition,
                        const WindowArguments& arguments, std::span<const size_t> starts,
                        std::span<const size_t> ends, WindowResults* out) {
  std::optional<NonNullIndex> index;
  if (ignore_nulls) index.emplace(partition, arguments);
  for (size_t p = partition.begin; p < partition.end; ++p) {
    const size_t start = starts[p - partition.begin];
    const size_t end = ends[p - partition.begin];
    uint64_t nth = 1;
    if (kind == WindowFunctionKind::kNthValue) {
      if (arguments.IsNull(1, p)) {
        out->SetNull(p);
        continue;
      }
      const int64_t value = arguments.at(1, p).Get<int64_t>(WindowArguments::Row(p));
      if (value < 1) throw InvalidArgumentError("Offset must be at least 1");
      nth = static_cast<uint64_t>(value);
    }
    std::optional<size_t> target;
    if (!ignore_nulls) {
      if (kind == WindowFunctionKind::kLastValue) {
        if (start < end) target = end - 1;
      } else if (end - start >= nth) {
        target = start + nth - 1;
      }
    } else {
      const size_t first = index->Before(start);
      const size_t stop = index->Before(end);
      if (kind == WindowFunctionKind::kLastValue) {
        if (first < stop) target = index->positions[stop - 1];
      } else if (stop - first >= nth) {
        target = index->positions[first + nth - 1];
      }
    }
    if (target) {
      arguments.CopyTo(0, *target, &out->vector(p), WindowResults::Row(p));
    } else {
      out->SetNull(p);
    }
  }
}

}  // namespace sluice::exec
