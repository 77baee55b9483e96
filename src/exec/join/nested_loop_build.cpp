#include "exec/join/nested_loop_build.h"

#include <numeric>

#include "core/error.h"
#include "exec/join/nested_loop_output.h"

namespace sluice::exec {
namespace {

/// What storing `input` can add to a store: a fresh chunk plus the long strings.
size_t EstimateBytes(const Chunk& input) {
  size_t bytes = 0;
  for (size_t c = 0; c < input.num_columns(); ++c) {
    const Vector& vector = input.column(c);
    bytes += kChunkCapacity * (vector.type().fixed_width() + 1);
    if (!vector.type().is_string()) continue;
    const StringRef* values = vector.data<StringRef>();
    for (size_t r = 0; r < input.size(); ++r) {
      if (!values[r].is_inlined()) bytes += values[r].size();
    }
  }
  return bytes;
}

}  // namespace

JoinBuildRows::JoinBuildRows(std::vector<DataType> types, bool track_matches, QueryMemory* memory, std::string op)
    : rows_(std::make_shared<RowStore>(std::move(types))), track_matches_(track_matches), memory_(memory),
      op_(std::move(op)) {}

JoinBuildLocal JoinBuildRows::MakeLocal() const {
  JoinBuildLocal local(rows_->types(), memory_, op_);
  local.row_numbers.resize(kChunkCapacity);
  std::iota(local.row_numbers.begin(), local.row_numbers.end(), uint32_t{0});
  local.refs.resize(kChunkCapacity);
  return local;
}

void JoinBuildRows::Sink(const Chunk& input, JoinBuildLocal& local) const {
  if (input.size() == 0) return;
  local.reservation.Resize(local.rows.memory_bytes() + EstimateBytes(input));
  local.rows.Append(input, std::span<const uint32_t>(local.row_numbers.data(), input.size()), local.refs.data());
  local.reservation.Resize(local.rows.memory_bytes());
}

void JoinBuildRows::Combine(JoinBuildLocal& local) {
  std::lock_guard lock(mutex_);
  rows_->AppendStore(std::move(local.rows));
  reservations_.push_back(std::move(local.reservation));
}

void JoinBuildRows::Finalize() {
  num_rows_ = 0;
  for (size_t c = 0; c < rows_->num_chunks(); ++c) num_rows_ += rows_->chunk(c).size();
  if (!track_matches_) return;
  MemoryReservation flags = MakeReservation();
  flags.Resize(ref_limit());
  matched_ = std::make_unique<std::atomic<uint8_t>[]>(ref_limit());
  for (uint64_t i = 0; i < ref_limit(); ++i) matched_[i].store(0, std::memory_order_relaxed);
  reservations_.push_back(std::move(flags));
}

bool ScanUnmatchedBuild(UnmatchedBuildScan& scan, size_t probe_width, Chunk* out) {
  const RowStore& rows = scan.build.rows();
  scan.refs.clear();
  while (scan.chunk < rows.num_chunks() && scan.refs.size() < out->capacity()) {
    const size_t chunk_rows = rows.chunk(scan.chunk).size();
    while (scan.row < chunk_rows && scan.refs.size() < out->capacity()) {
      const uint64_t ref = RowStore::MakeRef(scan.chunk, scan.row++);
      if (!scan.build.matched(ref)) scan.refs.push_back(ref);
    }
    if (scan.row == chunk_rows) {
      ++scan.chunk;
      scan.row = 0;
    }
  }
  SetNullRows(out, 0, probe_width, 0, scan.refs.size());
  GatherBuildRows(scan.build.shared_rows(), scan.refs, rows.types().size(), out, probe_width, 0);
  out->set_size(scan.refs.size());
  return scan.chunk < rows.num_chunks();
}

}  // namespace sluice::exec
