#pragma once
// Parses one block of JSON lines into chunks of a given schema.
//
// The parse of a block is a pure function of (block, columns, settings): whichever
// thread runs it, the chunks, rejects and notices are the same. That is what keeps a
// parallel read identical to a single-threaded one (see reader.cpp).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "formats/format.h"
#include "formats/json/block_source.h"

namespace sluice::json {

/// One column the reader fills.
struct ColumnSpec {
  std::string name;
  DataType type;
  /// Given by the user: values convert leniently ("42" → 42) and never widen the type.
  bool explicit_type = false;

  friend bool operator==(const ColumnSpec&, const ColumnSpec&) = default;
};

/// What stays the same for every block of one read.
struct ParseSettings {
  std::string file_name;
  formats::OnError on_error = formats::OnError::kFail;
  bool strict_types = false;
  /// Keys not among the columns become new columns (else they are ignored).
  bool add_new_keys = true;
};

/// Everything parsing one block produced.
struct BlockResult {
  /// The columns after this block: the input ones, possibly widened or extended.
  std::vector<ColumnSpec> columns;
  bool schema_changed = false;
  /// Rows of the block, in order, typed by `columns`.
  std::vector<Chunk> chunks;
  std::vector<formats::RejectedRow> rejects;
  std::vector<std::string> notices;
  uint64_t rows = 0;
  uint64_t rows_nulled = 0;
  uint64_t values_nulled = 0;
};

/// Parses blocks; holds a simdjson parser, so one instance serves one thread at a time.
class BlockParser {
 public:
  BlockParser();
  ~BlockParser();
  BlockParser(const BlockParser&) = delete;
  BlockParser& operator=(const BlockParser&) = delete;

  /// Parses every line of `block` into rows of `columns`. A value that contradicts an
  /// inferred type widens the column and the block is parsed again, so every chunk of
  /// the result has the final types. Throws FormatError for a bad row under kFail, and
  /// for any contradiction under strict_types.
  BlockResult Parse(const std::shared_ptr<const Block>& block,
                    const std::vector<ColumnSpec>& columns, const ParseSettings& settings);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::json
