#pragma once
// Where something starts in a SQL text.

#include <cstddef>
#include <cstdint>

namespace sluice::sql {

/// A point in the SQL text: the byte offset, the 1-based line and the 1-based column,
/// counted in UTF-8 characters (so a caret lines up under non-ASCII text).
struct SourcePosition {
  size_t offset = 0;
  uint32_t line = 1;
  uint32_t column = 1;

  friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

}  // namespace sluice::sql
