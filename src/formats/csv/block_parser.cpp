#include "formats/csv/block_parser.h"

#include <algorithm>
#include <utility>

#include "core/error.h"

namespace sluice::csv {

namespace {

/// Records a guessed start must be followed by (with the right field count) to be taken.
constexpr int kRecordsToValidate = 16;
/// Candidate starts tried before giving up on validation.
constexpr int kMaxCandidates = 64;

}  // namespace

size_t RowsPerBatch(size_t num_columns) {
  return std::clamp<size_t>(kMaxCellsPerBatch / std::max<size_t>(num_columns, 1),
                            kMinRowsPerBatch, kChunkCapacity);
}

BlockParser::BlockParser(const ReadContext& context, size_t num_columns)
    : context_(context),
      tokenizer_(context.dialect, num_columns),
      table_(num_columns),
      converter_(context),
      rows_per_batch_(RowsPerBatch(num_columns)) {}

ParseOutput BlockParser::Parse(const ParseInput& input, std::vector<ColumnSpec>* columns) {
  SLUICE_ASSERT(input.end < (size_t{1} << 32), "CSV parse buffers are limited to 4 GiB");
  ParseOutput output;
  tokenizer_.Reset();
  const char* buffer = input.buffer;
  // A record takes at least one byte: small inputs need small tables.
  table_.Reserve(std::min(rows_per_batch_, input.end - input.begin + 1));
  const size_t capacity = table_.capacity();
  size_t pos = input.begin;
  size_t checkpoint = input.checkpoint;
  bool stop = false;
  while (pos < input.end && !stop) {
    const size_t batch_begin = pos;
    table_.num_rows = 0;
    while (table_.num_rows < capacity && pos < input.end) {
      RecordSpan& record = table_.records[table_.num_rows];
      Tokenizer::Result result = tokenizer_.Next(buffer, pos, input.end, input.at_eof,
                                                 table_.row_fields(table_.num_rows), &record);
      if (result == Tokenizer::Result::kIncomplete) {
        output.incomplete = true;
        stop = true;
        break;
      }
      if (result == Tokenizer::Result::kRecord) ++table_.num_rows;
      pos = record.next;
      if (checkpoint != kNoCheckpoint && pos >= checkpoint) {
        if (pos == checkpoint) {
          output.reached_checkpoint = true;
          stop = true;
          break;
        }
        output.passed_checkpoint = true;
        checkpoint = kNoCheckpoint;
      }
    }
    if (table_.num_rows == 0) continue;
    ParsedBatch batch;
    batch.owner = input.owner;
    batch.buffer = buffer;
    batch.begin = batch_begin;
    batch.end = pos;
    converter_.Convert(buffer, input.owner, table_, columns, &batch);
    output.batches.push_back(std::move(batch));
  }
  output.stop = pos;
  AssignLines(buffer, &output.batches);
  return output;
}

void BlockParser::AssignLines(const char* buffer, std::vector<ParsedBatch>* batches) {
  std::vector<std::pair<uint32_t, uint64_t*>> positions;
  for (ParsedBatch& batch : *batches) {
    for (RowIssue& issue : batch.issues) positions.emplace_back(issue.offset, &issue.line);
    for (Widening& widening : batch.widenings) {
      positions.emplace_back(widening.offset, &widening.line);
    }
  }
  if (positions.empty()) return;
  std::sort(positions.begin(), positions.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  LineCounter counter(buffer);
  for (auto& [offset, line] : positions) *line = counter.LinesBefore(offset);
  for (ParsedBatch& batch : *batches) {
    std::stable_sort(batch.issues.begin(), batch.issues.end(),
                     [](const RowIssue& a, const RowIssue& b) {
                       return a.row != b.row ? a.row < b.row : a.column < b.column;
                     });
  }
}

size_t BlockParser::GuessRecordStart(const char* buffer, size_t begin, size_t end,
                                     char previous_byte) {
  const bool escapes = context_.dialect.escape_mode == EscapeMode::kEscapeChar;
  const char escape = context_.dialect.escape;
  tokenizer_.Reset();
  std::vector<FieldSpan> fields(tokenizer_.num_columns());
  size_t first_candidate = end;
  size_t candidate;
  size_t scan;  // where to look for the line end before the next candidate
  if (begin < end &&
      (previous_byte == '\n' || (previous_byte == '\r' && buffer[begin] != '\n'))) {
    candidate = begin;
  } else {
    candidate = end;  // found below
  }
  scan = begin;
  for (int attempt = 0; attempt < kMaxCandidates; ++attempt) {
    if (candidate == end) {
      // Next line end at or after `scan` that is not escaped.
      size_t p = scan;
      for (;;) {
        while (p < end && buffer[p] != '\n' && buffer[p] != '\r') ++p;
        if (p >= end) return first_candidate;
        if (escapes) {
          size_t run = 0;
          while (p - run > begin && buffer[p - run - 1] == escape) ++run;
          if (run % 2 == 1) {
            ++p;
            continue;
          }
        }
        break;
      }
      if (buffer[p] == '\r') {
        if (p + 1 >= end) return first_candidate;  // CR or CRLF: cannot tell yet
        candidate = p + 1 + (buffer[p + 1] == '\n' ? 1 : 0);
      } else {
        candidate = p + 1;
      }
      if (candidate >= end) return first_candidate;
    }
    if (first_candidate == end) first_candidate = candidate;
    // Validate: the next records must have the expected field count.
    bool good = true;
    size_t pos = candidate;
    for (int n = 0; n < kRecordsToValidate && pos < end && good; ++n) {
      RecordSpan record;
      Tokenizer::Result result = tokenizer_.Next(buffer, pos, end, false, fields.data(), &record);
      if (result == Tokenizer::Result::kIncomplete) break;
      if (result == Tokenizer::Result::kRecord &&
          (record.num_fields != tokenizer_.num_columns() ||
           record.problem != RecordProblem::kNone)) {
        good = false;
      }
      pos = record.next;
    }
    if (good) return candidate;
    scan = candidate;
    candidate = end;
  }
  return first_candidate;
}

}  // namespace sluice::csv
