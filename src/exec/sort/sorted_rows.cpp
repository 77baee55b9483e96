#include "exec/sort/sorted_rows.h"

#include "core/error.h"

namespace sluice::exec {

SortedRows::SortedRows(std::shared_ptr<const SortKeyEncoder> encoder,
                       std::shared_ptr<const RowStore> rows, std::vector<uint8_t> entries,
                       std::vector<size_t> output_columns)
    : encoder_(std::move(encoder)), rows_(std::move(rows)), entries_(std::move(entries)),
      output_columns_(std::move(output_columns)), entry_width_(encoder_->entry_width()),
      num_rows_(entries_.size() / entry_width_) {}

std::vector<DataType> SortedRows::output_types() const {
  std::vector<DataType> types;
  for (size_t column : output_columns_) types.push_back(rows_->types()[column]);
  return types;
}

void SortedRows::Scan(size_t begin, size_t count, Chunk* out) const {
  SLUICE_ASSERT(begin + count <= num_rows_, "Scan stays within the sorted rows");
  SLUICE_ASSERT(out->num_columns() == output_columns_.size(),
                "Scan's chunk has the output columns");
  SLUICE_ASSERT(count <= kChunkCapacity, "Scan fills at most kChunkCapacity rows");
  uint64_t refs[kChunkCapacity];
  for (size_t i = 0; i < count; ++i) refs[i] = ref(begin + i);
  rows_->Gather(std::span<const uint64_t>(refs, count), output_columns_, out);
  for (size_t c = 0; c < output_columns_.size(); ++c) {
    if (out->column(c).type().is_string()) out->column(c).heap().KeepAlive(rows_);
  }
}

}  // namespace sluice::exec
