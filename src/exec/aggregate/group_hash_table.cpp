#include "exec/aggregate/group_hash_table.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/error.h"
#include "exec/aggregate/key_hash.h"

namespace sluice::exec {
namespace {

constexpr uint64_t kNullHash = 0x6a09e667f3bcc909ULL;
constexpr uint64_t kGroupBits = 0xFFFFFFFFULL;
constexpr int kSaltShift = 48;
constexpr size_t kBlockBytes = 64 * 1024;
constexpr size_t kInitialSlots = 1024;
constexpr size_t kPrefetchSlots = 64 * 1024;  ///< 512 KB of directory

/// 16 hash bits above the slot-index bits and below the partition bits.
uint64_t SaltOf(uint64_t hash) { return ((hash >> 32) & 0xFFFF) << kSaltShift; }

/// The stored (canonical) form of a value: floats canonicalized, everything else as is.
template <typename T>
T Canonical(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    return CanonicalFloat(value);
  } else {
    return value;
  }
}

template <typename T>
T Load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

template <typename T>
bool ValuesEqual(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, TimestampTz>) {
    return a.micros == b.micros;  // equal instants group together, as Trino compares them
  } else if constexpr (std::is_floating_point_v<T>) {
    return std::memcmp(&a, &b, sizeof(T)) == 0;  // canonical: NaN = NaN, -0.0 = 0.0
  } else {
    return a == b;
  }
}

template <typename T>
struct ColumnOps {
  static void Hash(const Vector& v, const sql::Rows& rows, uint64_t* hashes, bool first) {
    const T* data = v.data<T>();
    rows.ForEach([&](uint32_t r) {
      uint64_t h = v.IsNull(r) ? kNullHash : HashValue(Canonical(data[r]));
      hashes[r] = first ? h : CombineHashes(hashes[r], h);
    });
  }
  static bool Equal(const Vector& v, uint32_t row, const uint8_t* stored) {
    return ValuesEqual(Canonical(v.data<T>()[row]), Load<T>(stored));
  }
  /// matches[i] &= (key of rows[i] equals the stored key at stored[i] + offset).
  static void Match(const Vector& v, const uint32_t* rows, uint8_t* const* stored, size_t n,
                    size_t offset, size_t null_byte, uint8_t* matches) {
    const T* data = v.data<T>();
    if (v.all_valid()) {
      for (size_t i = 0; i < n; ++i) {
        const uint8_t* row = stored[i];
        matches[i] &= static_cast<uint8_t>(
            (row[null_byte] == 0) & ValuesEqual(Canonical(data[rows[i]]), Load<T>(row + offset)));
      }
      return;
    }
    for (size_t i = 0; i < n; ++i) {
      const uint8_t* row = stored[i];
      bool input_null = v.IsNull(rows[i]);
      bool stored_null = row[null_byte] != 0;
      bool equal = input_null ? stored_null
                              : !stored_null && ValuesEqual(Canonical(data[rows[i]]),
                                                            Load<T>(row + offset));
      matches[i] &= static_cast<uint8_t>(equal);
    }
  }
  static bool EqualStored(const uint8_t* a, const uint8_t* b) {
    return ValuesEqual(Load<T>(a), Load<T>(b));
  }
  static void Store(const T& value, uint8_t* dst, StringHeap* arena) {
    if constexpr (std::is_same_v<T, StringRef>) {
      StringRef copy = value.is_inlined() ? value : arena->Add(value.view());
      std::memcpy(dst, &copy, sizeof(T));
    } else {
      (void)arena;
      T canonical = Canonical(value);
      std::memcpy(dst, &canonical, sizeof(T));
    }
  }
  static void StoreFromVector(const Vector& v, uint32_t row, uint8_t* dst, StringHeap* arena) {
    Store(v.data<T>()[row], dst, arena);
  }
  static void StoreFromRow(const uint8_t* src, uint8_t* dst, StringHeap* arena) {
    Store(Load<T>(src), dst, arena);
  }
  static void Gather(const uint8_t* src, Vector* out, size_t row) {
    if constexpr (std::is_same_v<T, StringRef>) {
      out->SetString(row, Load<StringRef>(src).view());
    } else {
      out->data<T>()[row] = Load<T>(src);
    }
  }
};

}  // namespace

struct GroupHashTable::Column {
  size_t offset = 0;
  size_t width = 0;
  void (*hash)(const Vector&, const sql::Rows&, uint64_t*, bool) = nullptr;
  bool (*equal)(const Vector&, uint32_t, const uint8_t*) = nullptr;
  void (*match)(const Vector&, const uint32_t*, uint8_t* const*, size_t, size_t, size_t,
                uint8_t*) = nullptr;
  bool (*equal_stored)(const uint8_t*, const uint8_t*) = nullptr;
  void (*store)(const Vector&, uint32_t, uint8_t*, StringHeap*) = nullptr;
  void (*store_from_row)(const uint8_t*, uint8_t*, StringHeap*) = nullptr;
  void (*gather)(const uint8_t*, Vector*, size_t) = nullptr;
};

GroupHashTable::GroupHashTable(std::vector<DataType> key_types, size_t payload_size,
                               size_t payload_alignment, int partition_bits)
    : key_types_(std::move(key_types)), partition_bits_(partition_bits) {
  SLUICE_ASSERT(partition_bits >= 0 && partition_bits <= 8, "partition bits in 0..8");
  SLUICE_ASSERT(payload_alignment >= 1 && payload_alignment <= 16 &&
                    (payload_alignment & (payload_alignment - 1)) == 0,
                "payload alignment is a power of two <= 16");
  size_t offset = 0;
  for (const DataType& type : key_types_) {
    Column column;
    bool supported = DispatchPhysical(type.physical_type(), [&]<typename T>() {
      if constexpr (std::is_void_v<T>) {
        return false;
      } else {
        column.width = sizeof(T);
        column.hash = &ColumnOps<T>::Hash;
        column.equal = &ColumnOps<T>::Equal;
        column.match = &ColumnOps<T>::Match;
        column.equal_stored = &ColumnOps<T>::EqualStored;
        column.store = &ColumnOps<T>::StoreFromVector;
        column.store_from_row = &ColumnOps<T>::StoreFromRow;
        column.gather = &ColumnOps<T>::Gather;
        return true;
      }
    });
    if (!supported) throw NotImplementedError("GROUP BY on " + type.ToString());
    column.offset = offset;
    offset += column.width;
    columns_.push_back(column);
  }
  null_offset_ = offset;
  offset += columns_.size();
  payload_offset_ = (offset + payload_alignment - 1) / payload_alignment * payload_alignment;
  size_t align = std::max<size_t>(payload_alignment, 8);
  row_width_ = (payload_offset_ + payload_size + align - 1) / align * align;
  if (row_width_ == 0) row_width_ = 8;  // no keys, no payload: still distinct rows
  rows_per_block_ = std::bit_floor(std::max<size_t>(1, kBlockBytes / row_width_));
  block_shift_ = std::countr_zero(rows_per_block_);
  slots_.assign(kInitialSlots, 0);
  slot_mask_ = kInitialSlots - 1;
}

GroupHashTable::~GroupHashTable() = default;

void GroupHashTable::HashRows(std::span<const Vector* const> keys, const sql::Rows& rows) {
  SLUICE_ASSERT(keys.size() == columns_.size(), "one key vector per key column");
  size_t needed = 0;
  rows.ForEach([&](uint32_t r) { needed = std::max<size_t>(needed, r + 1); });
  if (row_hashes_.size() < needed) {
    row_hashes_.resize(needed);
    slot_index_.resize(needed);
  }
  if (columns_.empty()) {
    rows.ForEach([&](uint32_t r) { row_hashes_[r] = 0; });
  }
  for (size_t c = 0; c < columns_.size(); ++c) {
    columns_[c].hash(*keys[c], rows, row_hashes_.data(), c == 0);
  }
  if (hash_mask_ != ~uint64_t{0}) rows.ForEach([&](uint32_t r) { row_hashes_[r] &= hash_mask_; });
}

bool GroupHashTable::RowMatches(std::span<const Vector* const> keys, uint32_t row,
                                const uint8_t* group_row) const {
  for (size_t c = 0; c < columns_.size(); ++c) {
    bool stored_null = group_row[null_offset_ + c] != 0;
    if (keys[c]->IsNull(row)) {
      if (!stored_null) return false;
      continue;
    }
    if (stored_null || !columns_[c].equal(*keys[c], row, group_row + columns_[c].offset)) {
      return false;
    }
  }
  return true;
}

bool GroupHashTable::RowsEqual(const uint8_t* a, const uint8_t* b) const {
  for (size_t c = 0; c < columns_.size(); ++c) {
    bool a_null = a[null_offset_ + c] != 0;
    if (a_null != (b[null_offset_ + c] != 0)) return false;
    if (!a_null && !columns_[c].equal_stored(a + columns_[c].offset, b + columns_[c].offset)) {
      return false;
    }
  }
  return true;
}

uint32_t GroupHashTable::NewGroup(uint64_t hash) {
  SLUICE_ASSERT(hashes_.size() < kGroupBits, "fewer than 2^32 - 1 groups");
  auto group = static_cast<uint32_t>(hashes_.size());
  if ((group & (rows_per_block_ - 1)) == 0) {
    blocks_.emplace_back(new uint8_t[rows_per_block_ * row_width_]);
  }
  hashes_.push_back(hash);
  std::memset(RowAt(group), 0, payload_offset_);
  return group;
}

void GroupHashTable::StoreRow(std::span<const Vector* const> keys, uint32_t row,
                              uint8_t* group_row) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (keys[c]->IsNull(row)) {
      group_row[null_offset_ + c] = 1;
    } else {
      columns_[c].store(*keys[c], row, group_row + columns_[c].offset, &arena_);
    }
  }
}

void GroupHashTable::InsertSlot(uint64_t hash, uint32_t group) {
  uint64_t index = hash & slot_mask_;
  while (slots_[index] != 0) index = (index + 1) & slot_mask_;
  slots_[index] = SaltOf(hash) | (uint64_t{group} + 1);
}

void GroupHashTable::Reserve(size_t num_groups) {
  if (num_groups * 2 <= slots_.size()) return;
  size_t capacity = slots_.size();
  while (num_groups * 2 > capacity) capacity *= 2;
  slots_.assign(capacity, 0);
  slot_mask_ = capacity - 1;
  for (uint32_t g = 0; g < hashes_.size(); ++g) InsertSlot(hashes_[g], g);
}

void GroupHashTable::FindOrCreateGroups(std::span<const Vector* const> keys,
                                        const sql::Rows& rows, uint32_t* group_ids) {
  HashRows(keys, rows);
  // Worst case every row is new: grow once per batch, never inside the probe loop.
  Reserve(hashes_.size() + rows.count);
  // A directory past the caches costs a miss per row: issue them all before probing.
  if (slots_.size() > kPrefetchSlots) {
    rows.ForEach([&](uint32_t r) { __builtin_prefetch(&slots_[row_hashes_[r] & slot_mask_]); });
    // Then the rows of the groups the first slots point to (usually the match).
    rows.ForEach([&](uint32_t r) {
      const uint64_t slot = slots_[row_hashes_[r] & slot_mask_];
      if (slot != 0) __builtin_prefetch(RowAt(static_cast<uint32_t>((slot & kGroupBits) - 1)));
    });
  }
  // Vectorized probe: each round walks every active row to its next salt match (a
  // candidate) or an empty slot, then verifies all candidates column by column; rows
  // whose candidate differs continue from the next slot in the next round.
  active_.clear();
  rows.ForEach([&](uint32_t r) {
    active_.push_back(r);
    slot_index_[r] = row_hashes_[r] & slot_mask_;
  });
  new_rows_.clear();
  while (!active_.empty()) {
    candidate_rows_.clear();
    candidate_groups_.clear();
    for (uint32_t r : active_) {
      const uint64_t salt = SaltOf(row_hashes_[r]);
      uint64_t index = slot_index_[r];
      while (true) {
        const uint64_t slot = slots_[index];
        if (slot == 0) {
          new_rows_.push_back(r);
          break;
        }
        if ((slot & ~kGroupBits) == salt) {
          candidate_rows_.push_back(r);
          candidate_groups_.push_back(static_cast<uint32_t>((slot & kGroupBits) - 1));
          break;
        }
        index = (index + 1) & slot_mask_;
      }
      slot_index_[r] = index;
    }
    const size_t n = candidate_rows_.size();
    candidate_pointers_.resize(n);
    matches_.assign(n, 1);
    for (size_t i = 0; i < n; ++i) candidate_pointers_[i] = RowAt(candidate_groups_[i]);
    for (size_t c = 0; c < columns_.size(); ++c) {
      columns_[c].match(*keys[c], candidate_rows_.data(), candidate_pointers_.data(), n,
                        columns_[c].offset, null_offset_ + c, matches_.data());
    }
    active_.clear();
    for (size_t i = 0; i < n; ++i) {
      const uint32_t r = candidate_rows_[i];
      if (matches_[i]) {
        group_ids[r] = candidate_groups_[i];
      } else {
        slot_index_[r] = (slot_index_[r] + 1) & slot_mask_;
        active_.push_back(r);
      }
    }
  }
  // Rows that reached an empty slot: new keys, unless an earlier row of this batch has
  // just created the same key. One at a time, in row order, so ids follow row order.
  std::sort(new_rows_.begin(), new_rows_.end());
  for (uint32_t r : new_rows_) {
    const uint64_t hash = row_hashes_[r];
    const uint64_t salt = SaltOf(hash);
    uint64_t index = slot_index_[r];
    while (true) {
      const uint64_t slot = slots_[index];
      if (slot == 0) {
        uint32_t group = NewGroup(hash);
        StoreRow(keys, r, RowAt(group));
        slots_[index] = salt | (uint64_t{group} + 1);
        group_ids[r] = group;
        break;
      }
      if ((slot & ~kGroupBits) == salt) {
        auto group = static_cast<uint32_t>((slot & kGroupBits) - 1);
        if (RowMatches(keys, r, RowAt(group))) {
          group_ids[r] = group;
          break;
        }
      }
      index = (index + 1) & slot_mask_;
    }
  }
}

uint32_t GroupHashTable::FindOrCreateFrom(const GroupHashTable& other, uint32_t other_group,
                                          bool* created) {
  SLUICE_ASSERT(other.key_types_ == key_types_, "tables combined have the same key types");
  Reserve(hashes_.size() + 1);
  const uint64_t hash = other.hashes_[other_group];
  const uint8_t* source = other.RowAt(other_group);
  const uint64_t salt = SaltOf(hash);
  uint64_t index = hash & slot_mask_;
  while (true) {
    const uint64_t slot = slots_[index];
    if (slot == 0) break;
    if ((slot & ~kGroupBits) == salt) {
      auto group = static_cast<uint32_t>((slot & kGroupBits) - 1);
      if (RowsEqual(source, RowAt(group))) {
        *created = false;
        return group;
      }
    }
    index = (index + 1) & slot_mask_;
  }
  uint32_t group = NewGroup(hash);
  uint8_t* row = RowAt(group);
  for (size_t c = 0; c < columns_.size(); ++c) {
    row[null_offset_ + c] = source[null_offset_ + c];
    if (source[null_offset_ + c] == 0) {
      columns_[c].store_from_row(source + columns_[c].offset, row + columns_[c].offset, &arena_);
    }
  }
  slots_[index] = salt | (uint64_t{group} + 1);
  *created = true;
  return group;
}

std::vector<std::vector<uint32_t>> GroupHashTable::GroupsByPartition() const {
  std::vector<std::vector<uint32_t>> partitions(size_t{1} << partition_bits_);
  for (uint32_t g = 0; g < hashes_.size(); ++g) partitions[partition(g)].push_back(g);
  return partitions;
}

void GroupHashTable::GatherKeys(const uint32_t* groups, size_t count,
                                std::span<Vector* const> out, size_t first_row) const {
  SLUICE_ASSERT(out.size() == columns_.size(), "one output vector per key column");
  for (size_t c = 0; c < columns_.size(); ++c) {
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* row = RowAt(groups[i]);
      if (row[null_offset_ + c] != 0) {
        out[c]->SetNull(first_row + i);
      } else {
        out[c]->SetValid(first_row + i);
        columns_[c].gather(row + columns_[c].offset, out[c], first_row + i);
      }
    }
  }
}

size_t GroupHashTable::bytes_used() const {
  return slots_.capacity() * sizeof(uint64_t) + blocks_.size() * rows_per_block_ * row_width_ +
         arena_.allocated_bytes() +
         hashes_.capacity() * sizeof(uint64_t) + blocks_.capacity() * sizeof(void*) +
         row_hashes_.capacity() * 2 * sizeof(uint64_t);
}

}  // namespace sluice::exec
