#pragma once
// What every stage of one CSV read shares: the resolved dialect, the columns, the
// bad-row policy, and the NULL test. Immutable once the read starts (column types
// live apart, in ColumnSpec vectors, because they widen during the read).

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "formats/csv/chunk_pool.h"
#include "formats/csv/options.h"
#include "formats/csv/tokenizer.h"
#include "formats/csv/type_inference.h"
#include "formats/format.h"

namespace sluice::csv {

/// How one column is read.
struct ColumnSpec {
  std::string name;
  ColumnType type;
  /// The type was inferred (it widens when a value contradicts it) rather than given.
  bool inferred = true;
};

/// Decides whether a field is NULL from its raw text (before unescaping), as the
/// dialect's null strings say.
class NullMatcher {
 public:
  NullMatcher() = default;
  explicit NullMatcher(const Dialect& dialect) : match_quoted_(dialect.null_if_quoted) {
    for (const std::string& text : dialect.null_strings) {
      if (text.empty()) {
        empty_is_null_ = true;
      } else {
        others_.push_back(text);
        max_size_ = std::max(max_size_, text.size());
      }
    }
  }
  bool IsNull(const char* buffer, FieldSpan field) const {
    if (field.missing()) return true;
    if (field.quoted() && !match_quoted_) return false;
    const size_t size = field.size();
    if (size == 0) return empty_is_null_;
    if (size > max_size_) return false;
    const char* bytes = buffer + field.offset;
    for (const std::string& text : others_) {
      if (text.size() != size) continue;
      // Null strings are short: a byte loop beats a call to memcmp.
      size_t i = 0;
      while (i < size && text[i] == bytes[i]) ++i;
      if (i == size) return true;
    }
    return false;
  }

 private:
  bool match_quoted_ = false;
  bool empty_is_null_ = false;
  size_t max_size_ = 0;
  std::vector<std::string> others_;
};

/// Settings of one read, shared (read-only) by the parsing tasks.
struct ReadContext {
  std::string name;  ///< The file as named in messages.
  Dialect dialect;
  formats::OnError on_error = formats::OnError::kFail;
  bool strict_types = false;
  NullMatcher nulls;
  /// Patterns a contradicting value is classified with when a column widens (ISO and
  /// the user's formats, not the guessed common forms).
  std::shared_ptr<const InferencePatterns> widening_patterns;
  /// Where batches get their chunks (null: new ones).
  ChunkPool* chunks = nullptr;
};

}  // namespace sluice::csv
