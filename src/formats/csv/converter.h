#pragma once
// Field spans → typed column vectors, one column at a time over a batch of records.

#include <memory>
#include <string>
#include <vector>

#include "formats/csv/parsed_batch.h"
#include "formats/csv/read_context.h"
#include "formats/csv/tokenizer.h"

namespace sluice::csv {

/// Stores StringRef(data, size) at `out`; reads 12 bytes at `data` whatever `size` is,
/// so the bytes must be followed by padding (block buffers are).
void StoreStringRef(StringRef* out, const char* data, uint32_t size);

/// Converts the records of a FieldTable into one Chunk: NULL strings become NULL, text
/// becomes the column's type, and bad rows follow the policy (kFail / kSkip: an issue
/// and the row marked bad, kSkip rows removed; kNull: the value NULL, counted). An
/// inferred column whose value does not fit widens (JoinTypes) and is converted again.
/// One instance per thread; it keeps scratch buffers between batches.
class BatchConverter {
 public:
  explicit BatchConverter(const ReadContext& context) : context_(context) {}

  /// `columns` gives the types to convert to; widened inferred types are written back,
  /// so the next batch starts from them. Fills batch->chunk, types, issues, widenings
  /// and counters (batch->begin/end/buffer are the caller's).
  void Convert(const char* buffer, const std::shared_ptr<const void>& owner,
               const FieldTable& table, std::vector<ColumnSpec>* columns, ParsedBatch* batch);

 private:
  enum class Outcome { kContinue, kRestart };
  static constexpr uint8_t kRowBad = 1;     ///< Rejected (kSkip) or failing (kFail).
  static constexpr uint8_t kRowNulled = 2;  ///< Some value made NULL (kNull).

  void CheckRecord(size_t row);
  /// Converts column `c`; false when it widened and must be converted again.
  bool ConvertColumn(size_t c);
  template <typename T, typename Parse>
  bool ConvertFixed(size_t c, Parse&& parse);
  bool ConvertString(size_t c, bool check_utf8);
  Outcome OnBadValue(size_t row, size_t c, std::string_view text);
  void AddIssue(size_t row, int column, uint32_t offset, std::string message, bool fatal);
  std::string ColumnLabel(size_t c) const;
  bool BatchIsValidUtf8();
  void RemoveBadRows();

  const ReadContext& context_;
  // State of the current Convert call.
  const char* buffer_ = nullptr;
  const std::shared_ptr<const void>* owner_ = nullptr;
  const FieldTable* table_ = nullptr;
  std::vector<ColumnSpec>* columns_ = nullptr;
  ParsedBatch* batch_ = nullptr;
  std::vector<uint8_t> row_flags_;
  int utf8_state_ = -1;  ///< -1 unknown, 0 invalid somewhere, 1 valid.
  std::string scratch_;
};

}  // namespace sluice::csv
