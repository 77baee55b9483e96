#include "exec/join/nested_loop_output.h"

#include <cstring>

#include "core/error.h"
#include "core/vector_copy.h"

namespace sluice::exec {
namespace {

/// Sets rows [begin, end) of `to` valid or NULL.
void SetValidity(Vector* to, size_t begin, size_t end, bool valid) {
  if (valid && to->all_valid()) return;
  for (size_t row = begin; row < end; ++row) {
    if (valid) {
      to->SetValid(row);
    } else {
      to->SetNull(row);
    }
  }
}

/// Copies the value and validity of each (vector, row) that `source(i)` names to row
/// offset + i of `to`. Runs of one repeated row (a build row paired with many probe
/// rows) are broadcast, runs of consecutive rows of one vector copied as a block.
template <size_t kWidth, typename Source>
void GatherFixed(size_t count, Source&& source, Vector* to, size_t offset) {
  uint8_t* target = to->raw_data() + offset * kWidth;
  size_t i = 0;
  while (i < count) {
    const auto [vector, row] = source(i);
    const uint8_t* value = vector->template data<uint8_t>() + row * kWidth;
    size_t end = i + 1;
    while (end < count && source(end) == std::pair{vector, row}) ++end;
    if (end - i > 1) {
      for (size_t k = i; k < end; ++k) std::memcpy(target + k * kWidth, value, kWidth);
      SetValidity(to, offset + i, offset + end, vector->IsValid(row));
      i = end;
      continue;
    }
    while (end < count && source(end) == std::pair{vector, row + (end - i)}) ++end;
    std::memcpy(target + i * kWidth, value, (end - i) * kWidth);
    if (vector->all_valid()) {
      SetValidity(to, offset + i, offset + end, true);
    } else {
      for (size_t k = i; k < end; ++k) SetValidity(to, offset + k, offset + k + 1, vector->IsValid(row + (k - i)));
    }
    i = end;
  }
}

template <typename Source>
void Gather(size_t width, size_t count, Source&& source, Vector* to, size_t offset) {
  switch (width) {
    case 1: return GatherFixed<1>(count, source, to, offset);
    case 2: return GatherFixed<2>(count, source, to, offset);
    case 4: return GatherFixed<4>(count, source, to, offset);
    case 8: return GatherFixed<8>(count, source, to, offset);
    case 16: return GatherFixed<16>(count, source, to, offset);
    default: SLUICE_ASSERT(false, "join columns are scalar types");
  }
}

}  // namespace

std::vector<DataType> NestedLoopJoinOutputTypes(JoinType type, const std::vector<DataType>& probe,
                                                const std::vector<DataType>& build) {
  std::vector<DataType> types = probe;
  switch (type) {
    case JoinType::kSemi:
    case JoinType::kAnti:
      break;
    case JoinType::kMark:
      types.push_back(DataType::Boolean());
      break;
    default:
      types.insert(types.end(), build.begin(), build.end());
  }
  return types;
}

void CopyProbeRows(const Chunk& input, std::span<const uint32_t> rows, Chunk* out, size_t offset) {
  for (size_t c = 0; c < input.num_columns(); ++c) CopyRows(input.column(c), rows, &out->column(c), offset);
}

void GatherBuildRows(const std::shared_ptr<const RowStore>& store, std::span<const uint64_t> refs,
                     size_t num_columns, Chunk* out, size_t first_column, size_t offset) {
  for (size_t c = 0; c < num_columns; ++c) {
    Vector* to = &out->column(first_column + c);
    const RowStore& rows = *store;
    Gather(
        rows.types()[c].fixed_width(), refs.size(),
        [&](size_t i) { return std::pair{&rows.column(refs[i], c), RowStore::RowOf(refs[i])}; }, to, offset);
    if (to->type().is_string() && !refs.empty()) to->heap().KeepAlive(store);
  }
}

void SetNullRows(Chunk* out, size_t first_column, size_t end_column, size_t offset, size_t count) {
  for (size_t c = first_column; c < end_column; ++c) {
    Vector& vector = out->column(c);
    for (size_t i = 0; i < count; ++i) vector.SetNull(offset + i);
  }
}

void GatherValues(const Vector& from, std::span<const uint32_t> rows, Vector* to) {
  Gather(
      from.type().fixed_width(), rows.size(), [&](size_t i) { return std::pair{&from, size_t{rows[i]}}; }, to, 0);
}

void GatherStoreValues(const RowStore& store, size_t column, std::span<const uint64_t> refs, Vector* to) {
  Gather(
      store.types()[column].fixed_width(), refs.size(),
      [&](size_t i) { return std::pair{&store.column(refs[i], column), RowStore::RowOf(refs[i])}; }, to, 0);
}

}  // namespace sluice::exec
