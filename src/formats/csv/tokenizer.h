#pragma once
// The CSV tokenizer: bytes → records of field spans, without allocating per field.
//
// A record is read by a small state machine (field start → quoted / unquoted → field
// end) that jumps from one special byte to the next: special bytes are found 64 at a
// time by SIMD compares into bit masks, so runs of ordinary bytes cost almost nothing.
// Quotes are special only at the start of a field (a quote inside an unquoted field is
// an ordinary byte, as in Python's csv module); the escape byte (kEscapeChar dialects)
// protects the next byte inside and outside quotes; line ends are LF, CRLF and CR.
//
// Buffers handed to the tokenizer must stay readable kPadding bytes past `end`: the
// scanner loads whole 64-byte windows (the bytes past `end` are ignored).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/csv/options.h"

namespace sluice::csv {

/// Readable bytes a tokenizer needs after the end of its input.
inline constexpr size_t kPadding = 64;

/// One field of a record: where its text is and how to read it. For a quoted field
/// the span is the text between the quotes.
struct FieldSpan {
  static constexpr uint32_t kQuoted = 1u << 31;   ///< The field was quoted.
  static constexpr uint32_t kEscaped = 1u << 30;  ///< Holds escapes or doubled quotes.
  static constexpr uint32_t kMissing = 1u << 29;  ///< Absent from the record, or broken.
  static constexpr uint32_t kSizeMask = kMissing - 1;

  uint32_t offset;
  uint32_t size_and_flags;

  uint32_t size() const { return size_and_flags & kSizeMask; }
  bool quoted() const { return (size_and_flags & kQuoted) != 0; }
  bool escaped() const { return (size_and_flags & kEscaped) != 0; }
  bool missing() const { return (size_and_flags & kMissing) != 0; }
};

/// What can be wrong with a record's syntax (field counts are checked by the caller).
enum class RecordProblem : uint8_t {
  kNone,
  kUnterminatedQuote,  ///< Input ended inside a quoted field.
  kCharAfterQuote,     ///< A closing quote followed by something other than a delimiter.
};

struct RecordSpan {
  uint32_t begin;       ///< First byte of the record.
  uint32_t end;         ///< One past its last byte, before the line end.
  uint32_t next;        ///< First byte after the line end.
  uint32_t num_fields;  ///< Fields found; may differ from the column count.
  RecordProblem problem;
  uint32_t problem_field;   ///< 0-based field the problem is in.
  uint32_t problem_offset;  ///< Where the broken field starts (its opening quote).
};

/// The fields of up to `capacity` records, row-major, `num_columns` per record.
struct FieldTable {
  explicit FieldTable(size_t columns) : num_columns(columns) {}
  /// Makes room for `rows` records (it only grows).
  void Reserve(size_t rows) {
    if (rows <= records.size()) return;
    fields.resize(num_columns * rows);
    records.resize(rows);
  }
  size_t capacity() const { return records.size(); }
  FieldSpan field(size_t row, size_t column) const { return fields[row * num_columns + column]; }
  FieldSpan* row_fields(size_t row) { return fields.data() + row * num_columns; }

  size_t num_columns;
  size_t num_rows = 0;
  std::vector<FieldSpan> fields;
  std::vector<RecordSpan> records;
};

/// Splits bytes into records. Holds the dialect and a cache of the current 64-byte
/// window; one instance per thread.
class Tokenizer {
 public:
  /// Stores the first `num_columns` fields of each record and flags the missing ones.
  /// Blank lines are skipped unless there is exactly one column (then they are empty
  /// values); `num_columns` 0 (sniffing) skips them too.
  Tokenizer(const Dialect& dialect, size_t num_columns);

  enum class Result {
    kRecord,      ///< `fields`, `record` filled; the next record starts at record->next.
    kSkipped,     ///< A comment or blank line; the next record starts at record->next.
    kIncomplete,  ///< No line end before `end` (and not `at_eof`); nothing consumed.
  };

  /// Reads the record that starts at `pos` (< end) in `buffer`. With `at_eof`, `end` is
  /// the end of the input: the last record needs no line end, and a quote still open
  /// there is kUnterminatedQuote. `fields` holds num_columns entries.
  Result Next(const char* buffer, size_t pos, size_t end, bool at_eof, FieldSpan* fields,
              RecordSpan* record);

  /// Forgets the cached window; call when the bytes of a buffer may have changed.
  void Reset() { window_base_ = kNoWindow; window_buffer_ = nullptr; }

  size_t num_columns() const { return num_columns_; }
  const Dialect& dialect() const { return dialect_; }

 private:
  static constexpr size_t kNoWindow = ~size_t{0};

  template <bool kEscapes, bool kQuotes>
  Result NextImpl(const char* buffer, size_t pos, size_t end, bool at_eof, FieldSpan* fields,
                  RecordSpan* record);
  Result SkipLine(const char* buffer, size_t pos, size_t end, bool at_eof, RecordSpan* record);
  void LoadWindow(const char* buffer, size_t base);
  /// Makes pending_ the plain special bytes at or after `pos` in pos's window.
  void SeekPlain(const char* buffer, size_t pos);
  /// First byte at or after `pos` that ends or escapes an unquoted field, or `end`.
  size_t NextPlainSpecial(const char* buffer, size_t pos, size_t end);
  /// First quote or escape byte at or after `pos`, or `end`.
  size_t NextQuotedSpecial(const char* buffer, size_t pos, size_t end);

  Dialect dialect_;
  size_t num_columns_;
  bool skip_blank_lines_;
  bool escapes_;
  bool quotes_;
  /// The bytes compared against, each repeated 16 times (SIMD broadcast, done once).
  alignas(16) char delimiter_bytes_[16];
  alignas(16) char quote_bytes_[16];
  alignas(16) char escape_bytes_[16];
  // The 64-byte window of the buffer last looked at, as bit masks.
  const char* window_buffer_ = nullptr;
  size_t window_base_ = kNoWindow;
  uint64_t plain_mask_ = 0;      ///< delimiter, LF, CR, escape
  uint64_t quoted_mask_ = 0;     ///< quote, escape
  uint64_t delimiter_mask_ = 0;  ///< delimiter
  /// Bits of plain_mask_ not yet consumed by the unquoted-field loop.
  uint64_t pending_ = 0;
};

/// Calls fn(fields, record) for each record of text[pos..] (comment and blank lines are
/// skipped), at most `max_records`; returns where it stopped. `text` must be padded.
template <typename Fn>
size_t ForEachRecord(Tokenizer* tokenizer, std::string_view text, size_t pos, bool at_eof,
                     size_t max_records, Fn&& fn) {
  std::vector<FieldSpan> fields(tokenizer->num_columns() > 0 ? tokenizer->num_columns() : 1);
  size_t count = 0;
  while (pos < text.size() && count < max_records) {
    RecordSpan record;
    auto result = tokenizer->Next(text.data(), pos, text.size(), at_eof, fields.data(), &record);
    if (result == Tokenizer::Result::kIncomplete) break;
    pos = record.next;
    if (result == Tokenizer::Result::kRecord) {
      ++count;
      fn(static_cast<const FieldSpan*>(fields.data()), record);
    }
  }
  return pos;
}

/// Line ends in [begin, end): LF, CRLF and lone CR each count once. A CR at end - 1
/// counts as a line end (whether an LF follows is not looked at).
uint64_t CountLineEnds(const char* buffer, size_t begin, size_t end);

/// Counts line ends from the start of a buffer up to increasing positions.
class LineCounter {
 public:
  explicit LineCounter(const char* buffer) : buffer_(buffer) {}
  /// Line ends in [0, position); positions must not decrease between calls.
  uint64_t LinesBefore(size_t position) {
    if (position > position_) {
      lines_ += CountLineEnds(buffer_, position_, position);
      position_ = position;
    }
    return lines_;
  }

 private:
  const char* buffer_;
  size_t position_ = 0;
  uint64_t lines_ = 0;
};

/// Writes the value of a field with escapes / doubled quotes resolved into `out`
/// (size() bytes at most); returns the bytes written.
size_t UnescapeField(const Dialect& dialect, const char* buffer, FieldSpan field, char* out);

/// The raw text of a field (between the quotes for a quoted field), before unescaping.
inline std::string_view RawFieldText(const char* buffer, FieldSpan field) {
  return std::string_view(buffer + field.offset, field.size());
}

/// The value of a field as text: a view into the buffer, or into `scratch` when it had
/// to be unescaped.
std::string_view FieldValue(const Dialect& dialect, const char* buffer, FieldSpan field,
                            std::string* scratch);

}  // namespace sluice::csv
