#pragma once
// Reads the rows of one column chunk (one leaf of one row group) into core Vectors.
//
// The reader is given the chunk's bytes as one or more runs of consecutive pages (the
// whole chunk, or — with a page index — the dictionary page and the pages that
// overlap the selected rows). It walks the page headers, keeps the dictionary
// (converted once to the output type), decompresses each data page (v1: levels inside
// the compressed bytes; v2: levels uncompressed before the values), turns definition
// levels into the validity bitmap and decodes the values in batches straight into
// the output vector, converting them per the schema mapping (conversion.h).
//
// Strings point into the decompressed page (or the dictionary), which the vector's
// StringHeap keeps alive; nothing is copied per value except by DELTA_BYTE_ARRAY.
// Pages entirely before the requested row are skipped without being decompressed.
//
// Only flat columns (no repetition levels) are read. One thread at a time.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/vector.h"
#include "formats/parquet/decoding.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/schema.h"

namespace sluice::parquet {

/// Bytes shared between a reader and the vectors that point into them.
struct SharedBytes {
  std::shared_ptr<uint8_t[]> data;
  size_t size = 0;
  static SharedBytes Allocate(size_t size);
};

class ColumnChunkReader {
 public:
  /// `where` prefixes every error message ("f.parquet: row group 2, column 'x'").
  ColumnChunkReader(const LeafColumn& leaf, Codec codec, int64_t num_rows, std::string where);
  ~ColumnChunkReader();
  ColumnChunkReader(const ColumnChunkReader&) = delete;
  ColumnChunkReader& operator=(const ColumnChunkReader&) = delete;

  /// Adds a run of consecutive pages whose first data page starts at row `first_row`
  /// of the row group; `file_offset` (of the run's first byte) is used in messages.
  /// Runs are added in row order before the first Read.
  void AddRun(SharedBytes bytes, int64_t first_row, uint64_t file_offset);

  /// Writes rows [row, row + count) to `out` at positions [offset, offset + count).
  /// Rows must be requested in increasing order; rows in between are skipped. Throws
  /// FormatError (prefixed with `where`) when the data is corrupt or too short.
  void Read(int64_t row, size_t count, Vector* out, size_t offset);

  /// Decompressed bytes of the pages decoded so far.
  uint64_t bytes_decoded() const { return bytes_decoded_; }

 private:
  struct Run {
    SharedBytes bytes;
    int64_t first_row;
    uint64_t file_offset;
  };
  struct Dictionary;
  enum class ValueSource : uint8_t {
    kPlainFixed, kPlainBoolean, kPlainBytes, kDictionary, kRleBoolean, kDeltaBinaryPacked,
    kDeltaLength, kDeltaBytes, kByteStreamSplit,
  };

  void ReadRows(int64_t row, size_t count, Vector* out, size_t offset);
  /// Moves to the next data page, skipping whole pages that end before `target_row`.
  /// Returns false when no page is left.
  bool NextPage(int64_t target_row);
  void LoadDictionary(const PageHeader& header, const uint8_t* body, const Run& run);
  /// Throws FormatError when the header has a CRC and the page's bytes do not match it.
  void VerifyChecksum(const PageHeader& header, const uint8_t* body, size_t size) const;
  void LoadDataPage(const PageHeader& header, const uint8_t* body, const Run& run);
  void InitValues(Encoding encoding, const uint8_t* data, size_t size, size_t page_bytes);
  /// Decompresses `size` bytes into `uncompressed_size` bytes (or aliases the run).
  SharedBytes Uncompress(const Run& run, const uint8_t* data, size_t size, size_t uncompressed_size);
  /// Definition levels of the next `count` rows into levels_; returns the non-null count.
  size_t ReadLevels(size_t count);
  void SkipInPage(size_t count);
  void ReadInPage(size_t count, Vector* out, size_t offset);
  /// Decodes `count` dense values (after conversion) to `dst`.
  void DecodeValues(size_t count, uint8_t* dst, Vector* out);
  /// Decodes `count` dense physical values to `dst`.
  void DecodePhysical(size_t count, uint8_t* dst, StringHeap* heap);
  void SkipValues(size_t count);
  void KeepAlive(Vector* out, const std::shared_ptr<const void>& buffer);
  [[noreturn]] void Fail(const std::string& message) const;

  const LeafColumn& leaf_;
  Codec codec_;
  int64_t num_rows_;
  std::string where_;
  size_t physical_width_;
  size_t output_width_;
  bool converts_;  ///< leaf_.conversion is neither kNone nor kAllNull.

  std::vector<Run> runs_;
  size_t run_index_ = 0;
  size_t run_pos_ = 0;
  uint64_t page_offset_ = 0;  ///< File offset of the current page (for messages).
  int64_t position_ = 0;      ///< Row of the next level of the current page.
  size_t page_left_ = 0;      ///< Levels (rows) left in the current page.
  uint64_t bytes_decoded_ = 0;

  std::shared_ptr<Dictionary> dictionary_;
  SharedBytes page_;  ///< The current page's (decompressed) bytes.

  // Definition levels of the current page.
  bool has_levels_ = false;  ///< False: every row of the page is valid.
  bool bit_packed_levels_ = false;
  RleBitPackedDecoder level_decoder_;
  std::vector<uint32_t> packed_levels_;  ///< Deprecated BIT_PACKED levels, decoded up front.
  size_t packed_next_ = 0;
  std::vector<uint32_t> levels_;

  // Values of the current page.
  ValueSource source_ = ValueSource::kPlainFixed;
  PlainFixedDecoder plain_fixed_;
  PlainBooleanDecoder plain_boolean_;
  PlainByteArrayDecoder plain_bytes_;
  DictionaryIndexDecoder dictionary_indices_;
  RleBooleanDecoder rle_boolean_;
  DeltaBinaryPackedDecoder delta_;
  DeltaLengthByteArrayDecoder delta_length_;
  DeltaByteArrayDecoder delta_bytes_;
  ByteStreamSplitDecoder byte_stream_split_;
  std::vector<uint32_t> indices_;
  std::vector<__int128> scratch_;  ///< Physical values before conversion (16-byte aligned).

  // Buffers already kept alive by the vector being filled.
  Vector* kept_for_ = nullptr;
  std::vector<const void*> kept_;
};

}  // namespace sluice::parquet
