#include "exec/join/join_hash_table.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>

#include <sys/mman.h>

#include "core/error.h"
#include "core/scheduler.h"

namespace sluice::exec {
namespace {

constexpr uint64_t kPointerBits = (uint64_t{1} << 48) - 1;
constexpr size_t kMaxBlockBytes = 4 * 1024 * 1024;
constexpr size_t kHugePageBytes = 2 * 1024 * 1024;
/// Builds with fewer directory rows insert on the calling thread alone.
constexpr uint64_t kParallelBuildRows = 64 * 1024;
/// Directories larger than this (in slots) do not fit the caches: prefetch first.
constexpr size_t kPrefetchSlots = 32 * 1024;
constexpr size_t kInsertBatch = 32;

/// 16 hash bits (32..47), above the slot index bits, in the slot's top 16 bits.
uint64_t SaltOf(uint64_t hash) { return ((hash >> 32) & 0xFFFF) << 48; }

uint8_t* PointerOf(uint64_t slot) { return reinterpret_cast<uint8_t*>(slot & kPointerBits); }

uint64_t SlotFor(uint64_t salt, const uint8_t* row) { return salt | reinterpret_cast<uintptr_t>(row); }

}  // namespace

void JoinMemoryFree::operator()(void* pointer) const { std::free(pointer); }

JoinBuffer AllocateJoinMemory(size_t bytes) {
  void* pointer = nullptr;
  if (bytes < kHugePageBytes) {
    pointer = std::malloc(std::max<size_t>(bytes, 1));
  } else {
    const size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    pointer = std::aligned_alloc(kHugePageBytes, rounded);
    if (pointer != nullptr) madvise(pointer, rounded, MADV_HUGEPAGE);  // a hint: failure is harmless
  }
  if (pointer == nullptr) throw std::bad_alloc();
  return JoinBuffer(static_cast<uint8_t*>(pointer));
}

JoinRowCollection::JoinRowCollection(const JoinRowLayout& layout)
    : layout_(&layout), row_width_(layout.row_width()) {}

void JoinRowCollection::AllocateRows(size_t count, MemoryReservation* reservation) {
  row_pointers_.resize(count);
  const size_t max_rows = std::max<size_t>(1, kMaxBlockBytes / row_width_);
  size_t done = 0;
  while (done < count) {
    if (blocks_.empty() || blocks_.back().count == blocks_.back().capacity) {
      const size_t previous = blocks_.empty() ? 0 : blocks_.back().capacity;
      const size_t capacity = std::clamp<size_t>(std::max(count - done, previous * 2), 1, max_rows);
      const size_t bytes = capacity * row_width_;
      reservation->Resize(block_bytes_ + bytes + heap_.allocated_bytes());
      Block block;
      block.data = AllocateJoinMemory(bytes);
      block.capacity = capacity;
      // The directory keeps row pointers in 48 bits (x86-64 and AArch64 user space).
      SLUICE_ASSERT((reinterpret_cast<uintptr_t>(block.data.get() + bytes) >> 48) == 0,
                    "join rows live below 2^48");
      blocks_.push_back(std::move(block));
      block_bytes_ += bytes;
    }
    Block& block = blocks_.back();
    const size_t take = std::min(count - done, block.capacity - block.count);
    for (size_t j = 0; j < take; ++j) row_pointers_[done + j] = block.data.get() + (block.count + j) * row_width_;
    block.count += take;
    done += take;
  }
}

void JoinRowCollection::Append(const Chunk& input, std::span<const Vector* const> keys, bool keep_excluded,
                               MemoryReservation* reservation) {
  const size_t count = input.size();
  num_input_rows_ += count;
  if (count == 0) return;
  SLUICE_ASSERT(keys.size() == layout_->num_keys(), "one key vector per join key");
  if (hashes_.size() < count) {
    hashes_.resize(count);
    excluded_.resize(count);
    selection_.resize(count);
  }
  HashKeyColumns(keys, count, hashes_.data());
  std::fill_n(excluded_.data(), count, uint8_t{0});
  for (size_t k = 0; k < keys.size(); ++k) {
    if (layout_->nulls_equal(k) || keys[k]->all_valid()) continue;
    for (size_t i = 0; i < count; ++i) excluded_[i] |= static_cast<uint8_t>(keys[k]->IsNull(i));
  }
  size_t num_selected = 0;
  for (size_t i = 0; i < count; ++i) {
    has_null_key_ |= excluded_[i] != 0;
    selection_[num_selected] = static_cast<uint32_t>(i);
    num_selected += keep_excluded || excluded_[i] == 0;
  }
  if (num_selected == 0) return;
  const uint32_t* rows = selection_.data();

  // Each field's source vector: a build column, or an evaluated key of its own.
  std::vector<const Vector*> sources(layout_->num_fields(), nullptr);
  for (size_t c = 0; c < layout_->num_columns(); ++c) sources[c] = &input.column(c);
  for (size_t k = 0; k < keys.size(); ++k) {
    if (layout_->key_is_expression(k)) sources[layout_->key_field_index(k)] = keys[k];
  }
  size_t string_bytes = 0;
  for (size_t f = 0; f < layout_->num_fields(); ++f) {
    const JoinRowLayout::Field& field = layout_->field(f);
    if (field.width == 0 || !field.type.is_string()) continue;
    const Vector& source = *sources[f];
    const StringRef* data = source.data<StringRef>();
    for (size_t i = 0; i < num_selected; ++i) {
      if (source.IsValid(rows[i]) && !data[rows[i]].is_inlined()) string_bytes += data[rows[i]].size();
    }
  }

  AllocateRows(num_selected, reservation);
  if (string_bytes > 0) reservation->Resize(block_bytes_ + heap_.allocated_bytes() + string_bytes);
  uint8_t* const* targets = row_pointers_.data();
  for (size_t i = 0; i < num_selected; ++i) {
    uint8_t* row = targets[i];
    std::memcpy(row + JoinRowLayout::kHashOffset, &hashes_[rows[i]], 8);
    JoinRowLayout::SetNext(row, nullptr);
    row[layout_->matched_offset()] = 0;
    row[layout_->excluded_offset()] = excluded_[rows[i]];
  }
  for (size_t f = 0; f < layout_->num_fields(); ++f) {
    const JoinRowLayout::Field& field = layout_->field(f);
    if (field.width == 0) continue;
    field.kernels.store(*sources[f], rows, num_selected, targets, field.offset, field.null_offset, &heap_);
  }
  for (size_t i = 0; i < num_selected; ++i) num_directory_rows_ += excluded_[rows[i]] == 0;
  num_rows_ += num_selected;
  reservation->Resize(block_bytes_ + heap_.allocated_bytes());
}

JoinHashTable::JoinHashTable(const JoinRowLayout& layout)
    : layout_(&layout), strings_(std::make_shared<std::vector<StringHeap>>()) {}

void JoinHashTable::Merge(JoinRowCollection&& rows) {
  num_input_rows_ += rows.num_input_rows();
  has_null_key_ |= rows.has_null_key();
  num_directory_rows_ += rows.num_directory_rows();
  strings_->push_back(rows.TakeHeap());
  if (rows.num_rows() > 0) collections_.push_back(std::move(rows));
}

void JoinHashTable::Build(MemoryReservation* reservation) {
  const uint64_t total = num_directory_rows_;
  if (total == 0) return;
  num_slots_ = std::bit_ceil(total * 2);
  slot_mask_ = num_slots_ - 1;
  reservation->Grow(num_slots_ * sizeof(uint64_t));
  slot_memory_ = AllocateJoinMemory(num_slots_ * sizeof(uint64_t));
  slots_ = reinterpret_cast<uint64_t*>(slot_memory_.get());

  std::vector<std::pair<size_t, size_t>> blocks;  // (collection, block)
  for (size_t c = 0; c < collections_.size(); ++c) {
    for (size_t b = 0; b < collections_[c].blocks().size(); ++b) blocks.emplace_back(c, b);
  }
  const size_t num_threads = TaskScheduler::Global().num_threads();
  if (num_threads == 1 || total < kParallelBuildRows) {
    std::memset(slots_, 0, num_slots_ * sizeof(uint64_t));
    InsertBlocks<false>(blocks);
    return;
  }
  // Clearing the directory also faults its pages in: on every thread too.
  const size_t num_tasks = num_threads * 4;
  TaskGroup clear;
  for (size_t t = 0; t < num_tasks; ++t) {
    clear.Run([this, t, num_tasks] {
      const size_t begin = num_slots_ * t / num_tasks;
      const size_t end = num_slots_ * (t + 1) / num_tasks;
      std::memset(slots_ + begin, 0, (end - begin) * sizeof(uint64_t));
    });
  }
  clear.Wait();
  TaskGroup inserts;
  for (size_t t = 0; t < num_tasks; ++t) {
    const size_t begin = blocks.size() * t / num_tasks;
    const size_t end = blocks.size() * (t + 1) / num_tasks;
    if (begin == end) continue;
    inserts.Run([this, &blocks, begin, end] {
      InsertBlocks<true>(std::span<const std::pair<size_t, size_t>>(blocks.data() + begin, end - begin));
    });
  }
  inserts.Wait();
}

template <bool kConcurrent>
void JoinHashTable::InsertBlocks(std::span<const std::pair<size_t, size_t>> blocks) {
  const size_t excluded = layout_->excluded_offset();
  const size_t width = layout_->row_width();
  const bool prefetch = num_slots_ > kPrefetchSlots;
  uint8_t* batch[kInsertBatch];
  // Inserts one row; the row's next pointer is null since Append.
  auto insert = [&](uint8_t* row) {
    const uint64_t hash = JoinRowLayout::HashOf(row);
    const uint64_t salt = SaltOf(hash);
    const uint64_t entry = SlotFor(salt, row);
    uint64_t index = hash & slot_mask_;
    while (true) {
      std::atomic_ref<uint64_t> slot(slots_[index]);
      uint64_t current = kConcurrent ? slot.load(std::memory_order_relaxed) : slots_[index];
      // (Relaxed suffices: rows' keys were written before Build, and a row's next
      // pointer, written just before its swap, is read only after Build.)
      const bool same_key =
          current != 0 && (current & ~kPointerBits) == salt && layout_->KeysEqual(PointerOf(current), row);
      if (current != 0 && !same_key) {
        index = (index + 1) & slot_mask_;
        continue;
      }
      // An empty slot takes the row; a chain of the row's key gets it as its new head.
      if (same_key) JoinRowLayout::SetNext(row, PointerOf(current));
      if constexpr (kConcurrent) {
        // Failed: another row took the slot or became the head; look at it again.
        if (!slot.compare_exchange_strong(current, entry, std::memory_order_relaxed)) continue;
      } else {
        slots_[index] = entry;
      }
      return;
    }
  };
  for (const auto& [collection, block_index] : blocks) {
    const JoinRowCollection::Block& block = collections_[collection].blocks()[block_index];
    for (size_t begin = 0; begin < block.count; begin += kInsertBatch) {
      const size_t count = std::min(kInsertBatch, block.count - begin);
      size_t n = 0;
      for (size_t i = 0; i < count; ++i) {
        uint8_t* row = block.data.get() + (begin + i) * width;
        batch[n] = row;
        n += row[excluded] == 0;
      }
      if (prefetch) {
        // A repeated key compares the row with its chain's head: fetch the slots, then
        // the heads they point to, before inserting any.
        for (size_t i = 0; i < n; ++i) {
          __builtin_prefetch(&slots_[JoinRowLayout::HashOf(batch[i]) & slot_mask_], 1);
        }
        for (size_t i = 0; i < n; ++i) {
          const uint64_t hash = JoinRowLayout::HashOf(batch[i]);
          uint64_t& cell = slots_[hash & slot_mask_];
          const uint64_t slot = kConcurrent ? std::atomic_ref<uint64_t>(cell).load(std::memory_order_relaxed) : cell;
          if (slot != 0 && (slot & ~kPointerBits) == SaltOf(hash)) __builtin_prefetch(PointerOf(slot));
        }
      }
      for (size_t i = 0; i < n; ++i) insert(batch[i]);
    }
  }
}

void JoinHashTable::Find(std::span<const Vector* const> keys, const uint64_t* hashes, const uint32_t* rows,
                         size_t count, const uint8_t** heads, JoinLookupScratch* scratch) const {
  if (count == 0) return;
  if (num_slots_ == 0) {
    for (size_t i = 0; i < count; ++i) heads[rows[i]] = nullptr;
    return;
  }
  SLUICE_ASSERT(keys.size() == layout_->num_keys(), "one probe key per join key");
  FindIn(keys, hashes, rows, count, heads, scratch);
}

void JoinHashTable::FindIn(std::span<const Vector* const> keys, const uint64_t* hashes, const uint32_t* rows,
                           size_t count, const uint8_t** heads, JoinLookupScratch* scratch) const {
  const uint32_t max_row = rows[count - 1];  // rows ascend
  if (scratch->slot_index.size() <= max_row) scratch->slot_index.resize(max_row + 1);
  if (scratch->active.size() < count) {
    scratch->active.resize(count);
    scratch->candidate_rows.resize(count);
    scratch->candidate_pointers.resize(count);
    scratch->matches.resize(count);
  }
  uint64_t* slot_index = scratch->slot_index.data();  // row-aligned
  uint32_t* active = scratch->active.data();
  uint32_t* candidate_rows = scratch->candidate_rows.data();
  const uint8_t** candidate_pointers = scratch->candidate_pointers.data();
  uint8_t* matches = scratch->matches.data();
  const uint64_t* slots = slots_;
  const uint64_t mask = slot_mask_;

  for (size_t i = 0; i < count; ++i) {
    const uint32_t r = rows[i];
    active[i] = r;
    slot_index[r] = hashes[r] & mask;
  }
  if (num_slots_ > kPrefetchSlots) {
    for (size_t i = 0; i < count; ++i) __builtin_prefetch(&slots[slot_index[rows[i]]]);
  }
  size_t num_active = count;
  while (num_active > 0) {
    size_t n = 0;
    for (size_t a = 0; a < num_active; ++a) {
      const uint32_t r = active[a];
      const uint64_t salt = SaltOf(hashes[r]);
      uint64_t index = slot_index[r];
      while (true) {
        const uint64_t slot = slots[index];
        if (slot == 0) {
          heads[r] = nullptr;
          break;
        }
        if ((slot & ~kPointerBits) == salt) {
          candidate_rows[n] = r;
          candidate_pointers[n] = PointerOf(slot);
          ++n;
          break;
        }
        index = (index + 1) & mask;
      }
      slot_index[r] = index;
    }
    if (n == 0) break;
    if (num_slots_ > kPrefetchSlots) {
      // Both ends: a row may straddle two cache lines, and the output gathers all of it.
      const size_t last_byte = layout_->row_width() - 1;
      for (size_t i = 0; i < n; ++i) {
        __builtin_prefetch(candidate_pointers[i]);
        __builtin_prefetch(candidate_pointers[i] + last_byte);
      }
    }
    std::memset(matches, 1, n);
    for (size_t k = 0; k < keys.size(); ++k) {
      const JoinRowLayout::Field& field = layout_->key_field(k);
      field.kernels.match(*keys[k], candidate_rows, candidate_pointers, n, field.offset, field.null_offset,
                          layout_->nulls_equal(k), matches);
    }
    num_active = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t r = candidate_rows[i];
      if (matches[i] != 0) {
        heads[r] = candidate_pointers[i];
      } else {
        slot_index[r] = (slot_index[r] + 1) & mask;
        active[num_active++] = r;
      }
    }
  }
}

void JoinHashTable::GatherColumn(size_t column, const uint8_t* const* rows, size_t count, Vector* out,
                                 size_t out_row) const {
  const JoinRowLayout::Field& field = layout_->field(column);
  field.kernels.gather(rows, count, field.offset, field.null_offset, out, out_row);
  if (field.type.is_string()) out->heap().KeepAlive(strings_);
}

size_t JoinHashTable::ScanUnmatched(JoinScanPosition* position, const uint8_t** out, size_t max) const {
  const size_t matched = layout_->matched_offset();
  const size_t width = layout_->row_width();
  size_t n = 0;
  while (n < max && position->collection < collections_.size()) {
    const auto& blocks = collections_[position->collection].blocks();
    if (position->block >= blocks.size()) {
      ++position->collection;
      position->block = 0;
      position->row = 0;
      continue;
    }
    const JoinRowCollection::Block& block = blocks[position->block];
    while (n < max && position->row < block.count) {
      const uint8_t* row = block.data.get() + position->row * width;
      if (row[matched] == 0) out[n++] = row;
      ++position->row;
    }
    if (position->row == block.count) {
      ++position->block;
      position->row = 0;
    }
  }
  return n;
}

}  // namespace sluice::exec
