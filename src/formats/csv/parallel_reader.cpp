#include "formats/csv/parallel_reader.h"

#include <algorithm>
#include <utility>

#include "core/error.h"

namespace sluice::csv {

namespace {

/// Bytes of a block first copied behind a carried record to finish it.
constexpr size_t kInitialStitchBytes = 64 * 1024;
/// Bytes of an oversized record kept in the rejects file.
constexpr size_t kMaxRejectedRawBytes = 64 * 1024;

std::string JoinLine(const std::string& name, uint64_t line, const std::string& message) {
  return name + ":" + std::to_string(line) + ": " + message;
}

}  // namespace

ReadContext ParallelReader::MakeContext(std::string name, const ReadOptions& options,
                                        const Dialect& dialect, ChunkPool* chunks) {
  ReadContext context;
  context.name = std::move(name);
  context.dialect = dialect;
  context.on_error = options.on_error;
  context.strict_types = options.strict_types;
  context.nulls = NullMatcher(dialect);
  context.widening_patterns = std::make_shared<const InferencePatterns>(
      options.date_format, options.timestamp_format, /*common_forms=*/false);
  context.chunks = chunks;
  return context;
}

ParallelReader::ParallelReader(std::string name, const ReadOptions& options,
                               SniffOutcome sniffed, std::unique_ptr<BlockSource> source)
    : context_(MakeContext(std::move(name), options, sniffed.dialect, &chunk_pool_)),
      options_(options),
      num_columns_(sniffed.columns.size()),
      columns_(std::move(sniffed.columns)),
      rejects_(options.on_error == formats::OnError::kSkip ? options.rejects_path : ""),
      source_(std::move(source)),
      parser_(context_, num_columns_),
      data_start_(sniffed.data_start),
      pending_start_(sniffed.data_start) {
  size_t threads = options.num_threads != 0 ? options.num_threads
                                            : TaskScheduler::Global().num_threads();
  parallelism_ = std::max<size_t>(1, threads);
  max_in_flight_ = parallelism_ == 1 ? 1 : 2 * parallelism_ + 2;
  Publish();
}

ParallelReader::~ParallelReader() {
  for (auto& job : jobs_) {
    if (job->group) {
      try {
        job->group->Wait();
      } catch (...) {
      }
    }
  }
}

void ParallelReader::Publish() {
  std::vector<Field> fields;
  for (const ColumnSpec& column : columns_) fields.push_back(Field{column.name, column.type.type});
  schema_ = Schema(std::move(fields));
  published_ = std::make_shared<const std::vector<ColumnSpec>>(columns_);
}

void ParallelReader::RunJob(Job* job) const {
  if (source_->parallel_load()) source_->Load(&job->block);
  const Block& block = job->block;
  job->line_ends = CountLineEnds(block.data, 0, block.size);
  BlockParser parser(context_, num_columns_);
  job->start = job->known_start != kNoStart
                   ? job->known_start
                   : parser.GuessRecordStart(block.data, 0, block.size, block.previous_byte);
  if (job->start >= block.size) {
    job->output.stop = block.size;
    return;
  }
  std::vector<ColumnSpec> columns = *job->columns;
  ParseInput input;
  input.owner = block.owner;
  input.buffer = block.data;
  input.begin = job->start;
  input.end = block.size;
  job->output = parser.Parse(input, &columns);
}

void ParallelReader::Fill() {
  while (!source_done_ && jobs_.size() < max_in_flight_) {
    auto job = std::make_unique<Job>();
    if (!source_->Next(&job->block)) {
      source_done_ = true;
      break;
    }
    const Block& block = job->block;
    if (!data_start_assigned_ && data_start_ >= block.offset &&
        data_start_ < block.offset + block.size) {
      job->known_start = static_cast<size_t>(data_start_ - block.offset);
      data_start_assigned_ = true;
    }
    job->columns = published_;
    Job* raw = job.get();
    if (parallelism_ == 1) {
      RunJob(raw);
    } else {
      job->group = std::make_unique<TaskGroup>(TaskScheduler::Global());
      job->group->Run([this, raw] { RunJob(raw); });
    }
    jobs_.push_back(std::move(job));
  }
}

void ParallelReader::Advance() {
  Fill();
  if (jobs_.empty()) {
    FinishInput();
    finished_ = true;
    return;
  }
  std::unique_ptr<Job> job = std::move(jobs_.front());
  jobs_.pop_front();
  if (job->group) job->group->Wait();
  Commit(*job);
  Fill();
}

void ParallelReader::Commit(Job& job) {
  const Block& block = job.block;
  const uint64_t block_end = block.offset + block.size;
  // A CRLF split between two blocks was counted twice (the CR as a lone line end).
  if (previous_ended_with_cr_ && block.size > 0 && block.data[0] == '\n') --lines_before_block_;
  input_seen_ = block_end;
  if (resync_) {
    resync_ = false;
    if (job.start < block.size) {
      pending_start_ = block.offset + job.start;
      AcceptFrom(job, job.start);
    } else {
      pending_start_ = block_end;
      resync_ = true;
    }
  } else if (pending_start_ >= block_end) {
    // Still before the data (a long header) or nothing left: nothing to parse here.
  } else if (pending_start_ >= block.offset) {
    AcceptFrom(job, static_cast<size_t>(pending_start_ - block.offset));
  } else {
    Stitch(job);
  }
  lines_before_block_ += job.line_ends;
  previous_ended_with_cr_ = block.size > 0 && block.data[block.size - 1] == '\r';
}

void ParallelReader::AcceptFrom(Job& job, size_t start) {
  const Block& block = job.block;
  if (start == job.start) {
    Deliver(&job.output.batches, lines_before_block_, block.offset);
    SetTail(block, job.output.stop);
    return;
  }
  // The task started elsewhere: parse from the true boundary, up to its start if the
  // two meet there (then its results hold from that record on).
  ParseInput input;
  input.owner = block.owner;
  input.buffer = block.data;
  input.begin = start;
  input.end = block.size;
  if (job.start > start && job.start < block.size) input.checkpoint = job.start;
  std::vector<ColumnSpec> columns = columns_;
  ParseOutput walk = parser_.Parse(input, &columns);
  Deliver(&walk.batches, lines_before_block_, block.offset);
  if (walk.reached_checkpoint) {
    Deliver(&job.output.batches, lines_before_block_, block.offset);
    SetTail(block, job.output.stop);
  } else {
    SetTail(block, walk.stop);
  }
}

void ParallelReader::SetTail(const Block& block, size_t stop) {
  if (stop < block.size) {
    carry_lines_ = lines_before_block_ + CountLineEnds(block.data, 0, stop);
    carry_.assign(block.data + stop, block.size - stop);
    pending_start_ = block.offset + stop;
  } else {
    carry_.clear();
    pending_start_ = block.offset + block.size;
  }
}

void ParallelReader::Stitch(Job& job) {
  const Block& block = job.block;
  const bool has_guess = job.start < block.size;
  size_t length = std::min(block.size, std::max(kInitialStitchBytes, has_guess ? job.start + 1 : 0));
  for (;;) {
    PaddedBuffer stitch = MakePaddedBuffer(carry_, std::string_view(block.data, length));
    ParseInput input;
    input.owner = stitch.bytes;
    input.buffer = stitch.bytes.get();
    input.begin = 0;
    input.end = stitch.size;
    if (has_guess) input.checkpoint = carry_.size() + job.start;
    std::vector<ColumnSpec> columns = columns_;
    ParseOutput walk = parser_.Parse(input, &columns);
    if (walk.reached_checkpoint) {
      Deliver(&walk.batches, carry_lines_, pending_start_);
      carry_.clear();
      Deliver(&job.output.batches, lines_before_block_, block.offset);
      SetTail(block, job.output.stop);
      return;
    }
    if (walk.stop >= carry_.size()) {
      // A true record boundary inside this block, though not the task's start.
      Deliver(&walk.batches, carry_lines_, pending_start_);
      const size_t boundary = walk.stop - carry_.size();
      carry_.clear();
      pending_start_ = block.offset + boundary;
      AcceptFrom(job, boundary);
      return;
    }
    if (length < block.size) {
      length = std::min(block.size, length * 2);
      continue;
    }
    // The carried record goes on past this block.
    carry_.append(block.data, block.size);
    if (carry_.size() > options_.max_record_size) {
      DropOversizedCarry();
      if (has_guess) {
        pending_start_ = block.offset + job.start;
        AcceptFrom(job, job.start);
      } else {
        resync_ = true;
      }
    }
    return;
  }
}

void ParallelReader::DropOversizedCarry() {
  const uint64_t line = carry_lines_ + 1;
  std::string message = "a record longer than " + std::to_string(options_.max_record_size) +
                        " bytes (max_record_size) starts here; is a quote left open?";
  if (options_.on_error == formats::OnError::kFail) {
    throw FormatError(JoinLine(context_.name, line, message));
  }
  formats::RejectedRow row;
  row.file = context_.name;
  row.line = line;
  row.reason = message;
  row.raw = carry_.substr(0, kMaxRejectedRawBytes);
  if (options_.on_error == formats::OnError::kSkip) rejects_.Add(row);
  ++stats_.rows_rejected;
  stats_.notices.push_back(JoinLine(context_.name, line, message + " It was dropped."));
  carry_.clear();
}

void ParallelReader::FinishInput() {
  if (resync_ || carry_.empty()) return;
  PaddedBuffer rest = MakePaddedBuffer(carry_);
  ParseInput input;
  input.owner = rest.bytes;
  input.buffer = rest.bytes.get();
  input.begin = 0;
  input.end = rest.size;
  input.at_eof = true;
  std::vector<ColumnSpec> columns = columns_;
  ParseOutput output = parser_.Parse(input, &columns);
  Deliver(&output.batches, carry_lines_, pending_start_);
  carry_.clear();
}

void ParallelReader::Deliver(std::vector<ParsedBatch>* batches, uint64_t line_base,
                             uint64_t input_base) {
  for (ParsedBatch& batch : *batches) {
    for (RowIssue& issue : batch.issues) issue.line += line_base;
    for (Widening& widening : batch.widenings) widening.line += line_base;
    Harmonize(&batch, line_base, true);
    for (const RowIssue& issue : batch.issues) HandleIssue(issue);
    stats_.rows_rejected += batch.rows_rejected;
    stats_.rows_nulled += batch.rows_nulled;
    stats_.values_nulled += batch.values_nulled;
    rows_cut_ += batch.rows_cut;
    if (batch.chunk.size() == 0) continue;
    Ready ready;
    ready.input_end = input_base + batch.end;
    // Line numbers are only needed again if the batch is re-parsed (types widened
    // while it waited): keep the base in the issues-free batch.
    batch.issues.clear();
    batch.widenings.clear();
    ready.batch = std::move(batch);
    ready_.push_back(std::move(ready));
  }
  batches->clear();
}

void ParallelReader::HandleIssue(const RowIssue& issue) {
  std::string message = JoinLine(context_.name, issue.line + 1, issue.message);
  if (issue.fatal || options_.on_error == formats::OnError::kFail) throw FormatError(message);
  formats::RejectedRow row;
  row.file = context_.name;
  row.line = issue.line + 1;
  if (issue.column >= 0 && static_cast<size_t>(issue.column) < columns_.size()) {
    row.column = columns_[static_cast<size_t>(issue.column)].name;
  }
  row.reason = issue.message;
  row.raw = issue.raw;
  rejects_.Add(row);
}

void ParallelReader::Harmonize(ParsedBatch* batch, uint64_t line_base, bool report) {
  for (;;) {
    bool same = true;
    for (size_t c = 0; c < num_columns_ && same; ++c) same = batch->types[c] == columns_[c].type;
    if (same) return;
    bool changed = false;
    for (size_t c = 0; c < num_columns_; ++c) {
      if (batch->types[c] == columns_[c].type) continue;
      ColumnType& global = columns_[c].type;
      auto widen = [&](const ColumnType& next, const Widening* cause) {
        if (report) {
          std::string message = "column " + std::to_string(c + 1) + " '" + columns_[c].name +
                                "': type widened from " + global.ToString() + " to " +
                                next.ToString();
          uint64_t line = cause != nullptr ? cause->line + 1 : 0;
          if (cause != nullptr) message += " to hold '" + cause->value + "'";
          stats_.notices.push_back(line > 0 ? JoinLine(context_.name, line, message)
                                            : context_.name + ": " + message);
        }
        global = next;
        changed = true;
      };
      for (const Widening& widening : batch->widenings) {
        if (widening.column != static_cast<int>(c)) continue;
        ColumnType next = JoinTypes(global, widening.to);
        if (next != global) widen(next, &widening);
      }
      ColumnType next = JoinTypes(global, batch->types[c]);
      if (next != global) widen(next, nullptr);
    }
    if (changed) {
      if (rows_returned_ > 0) schema_widened_ = true;
      Publish();
    }
    same = true;
    for (size_t c = 0; c < num_columns_ && same; ++c) same = batch->types[c] == columns_[c].type;
    if (same) return;
    Reparse(batch, line_base);
  }
}

void ParallelReader::Reparse(ParsedBatch* batch, uint64_t line_base) {
  ParseInput input;
  input.owner = batch->owner;
  input.buffer = batch->buffer;
  input.begin = batch->begin;
  input.end = batch->end;
  input.at_eof = true;  // batch->end is a record boundary
  std::vector<ColumnSpec> columns = columns_;
  ParseOutput again = parser_.Parse(input, &columns);
  SLUICE_ASSERT(again.batches.size() == 1, "re-parsing a batch gives one batch");
  ParsedBatch& fresh = again.batches[0];
  for (Widening& widening : fresh.widenings) widening.line += line_base;
  // Issues and counters were handled with the first parse (a wider type only removes
  // conversion failures), so only the rows and types are taken.
  batch->chunk = std::move(fresh.chunk);
  batch->types = std::move(fresh.types);
  batch->widenings = std::move(fresh.widenings);
}

bool ParallelReader::Next(Chunk* chunk) {
  while (ready_.empty()) {
    if (finished_) {
      Finalize();
      return false;
    }
    Advance();
  }
  Ready ready = std::move(ready_.front());
  ready_.pop_front();
  // Types may have widened since the batch was parsed: chunks always have the current
  // schema's types.
  Harmonize(&ready.batch, 0, true);
  chunk_pool_.Give(std::move(*chunk));  // its rows are replaced: reuse its buffers
  *chunk = std::move(ready.batch.chunk);
  rows_returned_ += chunk->size();
  stats_.rows_read += chunk->size();
  stats_.bytes_read = ready.input_end;
  return true;
}

void ParallelReader::Finalize() {
  if (finalized_) return;
  finalized_ = true;
  stats_.bytes_read = input_seen_;
  if (rows_cut_ > 0) {
    stats_.notices.push_back(context_.name + ": " + std::to_string(rows_cut_) +
                             " rows had more than " + std::to_string(num_columns_) +
                             " fields; the extra fields were dropped (on_error null)");
  }
  rejects_.Commit();
}

}  // namespace sluice::csv
