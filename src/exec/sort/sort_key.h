#pragma once
// ORDER BY keys and their normalized form: every row's keys encoded into a fixed-width
// byte string whose memcmp order is the SQL order, so sorting, merging and top-N
// compare rows with one memcmp (DuckDB and Umbra call these normalized keys).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/chunk.h"
#include "exec/sort/row_store.h"

namespace sluice::exec {

/// One ORDER BY item over an input column. Trino's default is ASC NULLS LAST.
struct SortKey {
  size_t column = 0;
  bool ascending = true;
  bool nulls_first = false;
};

/// Leading string bytes a normalized key holds by default.
inline constexpr size_t kDefaultStringPrefixBytes = 12;
/// Bytes of the row reference that ends every sort entry.
inline constexpr size_t kRowRefBytes = 8;

/// The immutable layout of normalized keys for a list of sort keys.
///
/// A sort *entry* is `key_width()` key bytes followed by the row's RowStore reference as
/// 8 big-endian bytes (entry_width() in all). Per key: one NULL byte (0/1 chosen so that
/// NULLs go first or last whatever the direction), then the value bytes, inverted for
/// DESC; a NULL has all value bytes 0, so the following keys decide between NULLs.
/// - integers, DATE, TIMESTAMP, short and long DECIMAL: big-endian, sign bit flipped;
/// - TIMESTAMP WITH TIME ZONE: the UTC instant only (Trino orders by instant);
/// - REAL/DOUBLE: sign bit flipped for positives, all bits for negatives, every NaN made
///   the canonical quiet NaN, so NaN sorts after +infinity and -0.0 before 0.0, as
///   Java's Double.compare that Trino's ORDER BY uses;
/// - BOOLEAN: one byte 0/1;
/// - VARCHAR/VARBINARY: the first `string_prefix_bytes` bytes zero-padded, then a tie
///   byte min(length, prefix + 1). Two valid strings with equal prefix and tie bytes
///   equal to prefix + 1 are both longer than the prefix: only then Compare() looks at
///   the whole strings in the RowStore.
class SortKeyEncoder {
 public:
  /// `input_types` are the types of the chunks' columns. Throws NotImplementedError for
  /// keys of nested types, InvalidArgumentError for a column out of range or a prefix
  /// longer than 200 bytes.
  SortKeyEncoder(std::vector<DataType> input_types, std::vector<SortKey> keys,
                 size_t string_prefix_bytes = kDefaultStringPrefixBytes);

  const std::vector<SortKey>& keys() const { return keys_; }
  size_t key_width() const { return key_width_; }
  size_t entry_width() const { return key_width_ + kRowRefBytes; }
  /// True when some key is a string that a prefix may not decide (Compare can then
  /// need the RowStore; a plain memcmp of the key bytes is not a total order).
  bool has_ties() const { return !tie_segments_.empty(); }

  /// True when entries that agree on key bytes [0, depth) (as in a radix bucket) can
  /// only be ordered by the full comparator: `depth` ends a string key whose prefix
  /// `entry` has truncated.
  bool NeedsFullCompare(const uint8_t* entry, size_t depth) const {
    for (const TieSegment& segment : tie_segments_) {
      if (segment.end == depth) return entry[depth - 1] == segment.truncated_byte;
    }
    return false;
  }
  /// Leading key bytes whose memcmp order is final where they differ (up to the end of
  /// the first string key, else the whole key).
  size_t decisive_prefix() const {
    return tie_segments_.empty() ? key_width_ : tie_segments_.front().end;
  }

  /// Writes the key bytes of rows 0..num_rows of `chunk` to `out + r * stride`.
  void Encode(const Chunk& chunk, size_t num_rows, uint8_t* out, size_t stride) const;

  /// Orders two entries by their keys only (-1, 0, 1): memcmp, then the whole strings
  /// from `rows` for string keys the prefix did not decide.
  int CompareKeys(const uint8_t* a, const uint8_t* b, const RowStore& rows) const;
  /// CompareKeys, then the row references: the order of a stable sort. Without string
  /// ties one memcmp of whole entries (the reference is stored big-endian).
  int CompareEntries(const uint8_t* a, const uint8_t* b, const RowStore& rows) const {
    if (tie_segments_.empty()) return std::memcmp(a, b, key_width_ + kRowRefBytes);
    return CompareEntriesWithTies(a, b, rows);
  }
  /// CompareEntries for entries known to agree on key bytes [0, from) and on the whole
  /// strings of the string keys that end there or before (as in a radix bucket).
  int CompareEntriesFrom(const uint8_t* a, const uint8_t* b, size_t from,
                         const RowStore& rows) const {
    if (tie_segments_.empty() || from >= tie_segments_.back().end) {
      return std::memcmp(a + from, b + from, key_width_ + kRowRefBytes - from);
    }
    return CompareEntriesWithTies(a, b, rows, from);
  }
  /// The column of key `key_index`.
  size_t key_column(size_t key_index) const { return keys_[key_index].column; }
  /// The key whose string ends at `depth` when NeedsFullCompare(…, depth) holds.
  size_t TieKeyAt(size_t depth) const {
    for (const TieSegment& segment : tie_segments_) {
      if (segment.end == depth) return segment.key;
    }
    return keys_.size();
  }

  static void StoreRef(uint64_t ref, uint8_t* out);
  static uint64_t LoadRef(const uint8_t* in);
  uint64_t EntryRef(const uint8_t* entry) const { return LoadRef(entry + key_width_); }

 private:
  struct KeyLayout {
    size_t offset = 0;  ///< Of the NULL byte.
    size_t width = 0;   ///< NULL byte + value bytes.
  };
  /// Key bytes [previous end, end) are compared by memcmp; then, when the byte at
  /// `end - 1` says "truncated", the whole strings of key `key`.
  struct TieSegment {
    size_t end = 0;
    size_t key = 0;
    uint8_t truncated_byte = 0;
  };
  int CompareEntriesWithTies(const uint8_t* a, const uint8_t* b, const RowStore& rows,
                             size_t from = 0) const;
  int CompareKeysFrom(const uint8_t* a, const uint8_t* b, const RowStore& rows,
                      size_t from) const;
  void EncodeKey(size_t key_index, const Vector& vector, size_t num_rows, uint8_t* out,
                 size_t stride) const;

  std::vector<DataType> input_types_;
  std::vector<SortKey> keys_;
  std::vector<KeyLayout> layouts_;
  std::vector<TieSegment> tie_segments_;
  size_t string_prefix_bytes_;
  size_t key_width_ = 0;
};

}  // namespace sluice::exec
