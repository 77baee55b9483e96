#include "exec/join/join_row_layout.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "exec/aggregate/key_hash.h"

namespace sluice::exec {
namespace {

constexpr uint64_t kNullHash = 0x6a09e667f3bcc909ULL;

template <typename T>
T Load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

/// Join key equality: floats as Trino groups them (-0.0 = 0.0, NaN = NaN), TIMESTAMP
/// WITH TIME ZONE by instant, everything else by value.
template <typename T>
bool KeyEqual(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, TimestampTz>) {
    return a.micros == b.micros;
  } else if constexpr (std::is_floating_point_v<T>) {
    return a == b || (a != a && b != b);
  } else {
    return a == b;
  }
}

template <typename T>
struct FieldOps {
  static void Store(const Vector& source, const uint32_t* rows, size_t count, uint8_t* const* targets,
                    size_t offset, size_t null_offset, StringHeap* heap) {
    const T* data = source.data<T>();
    const bool all_valid = source.all_valid();
    for (size_t i = 0; i < count; ++i) {
      const uint32_t r = rows[i];
      uint8_t* target = targets[i];
      if (!all_valid && source.IsNull(r)) {
        target[null_offset] = 1;
        std::memset(target + offset, 0, sizeof(T));
        continue;
      }
      target[null_offset] = 0;
      if constexpr (std::is_same_v<T, StringRef>) {
        const StringRef value = data[r].is_inlined() ? data[r] : heap->Add(data[r].view());
        std::memcpy(target + offset, &value, sizeof(T));
      } else {
        std::memcpy(target + offset, &data[r], sizeof(T));
      }
    }
  }

  static void Gather(const uint8_t* const* sources, size_t count, size_t offset, size_t null_offset, Vector* out,
                     size_t out_row) {
    T* data = out->data<T>() + out_row;
    uint8_t any_null = 0;
    for (size_t i = 0; i < count; ++i) {
      std::memcpy(&data[i], sources[i] + offset, sizeof(T));
      any_null |= sources[i][null_offset];
    }
    if (any_null == 0 && out->all_valid()) return;
    for (size_t i = 0; i < count; ++i) {
      if (sources[i][null_offset] != 0) {
        out->SetNull(out_row + i);
      } else {
        out->SetValid(out_row + i);
      }
    }
  }

  static void Match(const Vector& probe, const uint32_t* rows, const uint8_t* const* build, size_t count,
                    size_t offset, size_t null_offset, bool nulls_equal, uint8_t* matches) {
    const T* data = probe.data<T>();
    if (!nulls_equal) {
      for (size_t i = 0; i < count; ++i) {
        matches[i] &= static_cast<uint8_t>(KeyEqual(data[rows[i]], Load<T>(build[i] + offset)));
      }
      return;
    }
    for (size_t i = 0; i < count; ++i) {
      const bool probe_null = probe.IsNull(rows[i]);
      const bool build_null = build[i][null_offset] != 0;
      const bool equal = probe_null || build_null ? probe_null == build_null
                                                  : KeyEqual(data[rows[i]], Load<T>(build[i] + offset));
      matches[i] &= static_cast<uint8_t>(equal);
    }
  }

  static bool EqualStored(const uint8_t* a, const uint8_t* b) { return KeyEqual(Load<T>(a), Load<T>(b)); }

  static void Hash(const Vector& keys, size_t count, uint64_t* hashes, bool first) {
    const T* data = keys.data<T>();
    if (keys.all_valid()) {
      if (first) {
        for (size_t i = 0; i < count; ++i) hashes[i] = HashValue(data[i]);
      } else {
        for (size_t i = 0; i < count; ++i) hashes[i] = CombineHashes(hashes[i], HashValue(data[i]));
      }
      return;
    }
    for (size_t i = 0; i < count; ++i) {
      const uint64_t h = keys.IsNull(i) ? kNullHash : HashValue(data[i]);
      hashes[i] = first ? h : CombineHashes(hashes[i], h);
    }
  }
};

/// A column of the unknown type (only NULLs): nothing stored, NULL gathered.
void GatherNulls(const uint8_t* const*, size_t count, size_t, size_t, Vector* out, size_t out_row) {
  for (size_t i = 0; i < count; ++i) out->SetNull(out_row + i);
}
void StoreNothing(const Vector&, const uint32_t*, size_t, uint8_t* const*, size_t, size_t, StringHeap*) {}

}  // namespace

JoinFieldKernels JoinKernelsFor(const DataType& type) {
  JoinFieldKernels kernels;
  if (type.physical_type() == PhysicalType::kInvalid) {
    kernels.store = &StoreNothing;
    kernels.gather = &GatherNulls;
    return kernels;
  }
  bool supported = DispatchPhysical(type.physical_type(), [&]<typename T>() {
    if constexpr (std::is_void_v<T>) {
      return false;
    } else {
      kernels.store = &FieldOps<T>::Store;
      kernels.gather = &FieldOps<T>::Gather;
      kernels.match = &FieldOps<T>::Match;
      kernels.equal_stored = &FieldOps<T>::EqualStored;
      kernels.hash = &FieldOps<T>::Hash;
      return true;
    }
  });
  if (!supported) throw NotImplementedError("hash join on a column of type " + type.ToString());
  return kernels;
}

void HashKeyColumns(std::span<const Vector* const> keys, size_t count, uint64_t* hashes) {
  if (keys.empty()) {
    std::fill_n(hashes, count, uint64_t{0});
    return;
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    JoinKernelsFor(keys[k]->type()).hash(*keys[k], count, hashes, k == 0);
  }
}

JoinRowLayout::JoinRowLayout(const std::vector<DataType>& build_types, const std::vector<bool>& stored_columns,
                             const std::vector<DataType>& key_types,
                             const std::vector<std::optional<size_t>>& key_columns, std::vector<bool> nulls_equal)
    : nulls_equal_(std::move(nulls_equal)), num_columns_(build_types.size()) {
  SLUICE_ASSERT(stored_columns.size() == build_types.size(), "one stored flag per build column");
  SLUICE_ASSERT(key_columns.size() == key_types.size() && nulls_equal_.size() == key_types.size(),
                "one column and nulls_equal flag per key");
  for (size_t c = 0; c < build_types.size(); ++c) {
    Field field;
    field.type = build_types[c];
    field.kernels = JoinKernelsFor(field.type);
    field.width = stored_columns[c] ? field.type.fixed_width() : 0;
    fields_.push_back(std::move(field));
  }
  for (size_t k = 0; k < key_types.size(); ++k) {
    if (key_columns[k].has_value()) {
      const size_t column = *key_columns[k];
      SLUICE_ASSERT(column < num_columns_ && stored_columns[column], "a key column is stored");
      key_fields_.push_back(column);
      continue;
    }
    Field field;
    field.type = key_types[k];
    field.kernels = JoinKernelsFor(field.type);
    field.width = field.type.fixed_width();
    key_fields_.push_back(fields_.size());
    fields_.push_back(std::move(field));
  }
  for (size_t k = 0; k < key_types.size(); ++k) {
    SLUICE_ASSERT(key_field(k).kernels.match != nullptr, "join keys have a comparable type");
  }
  // Widest fields first keeps most values naturally aligned.
  std::vector<size_t> order(fields_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return fields_[a].width > fields_[b].width; });
  size_t offset = kNextOffset + 8;
  for (size_t index : order) {
    fields_[index].offset = offset;
    offset += fields_[index].width;
  }
  for (Field& field : fields_) field.null_offset = offset++;
  matched_offset_ = offset++;
  excluded_offset_ = offset++;
  row_width_ = (offset + 7) / 8 * 8;
}

bool JoinRowLayout::KeysEqual(const uint8_t* a, const uint8_t* b) const {
  for (size_t k = 0; k < key_fields_.size(); ++k) {
    const Field& field = key_field(k);
    const bool a_null = a[field.null_offset] != 0;
    const bool b_null = b[field.null_offset] != 0;
    if (a_null || b_null) {
      if (a_null != b_null) return false;
      continue;
    }
    if (!field.kernels.equal_stored(a + field.offset, b + field.offset)) return false;
  }
  return true;
}

}  // namespace sluice::exec
