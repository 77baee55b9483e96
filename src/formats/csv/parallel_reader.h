#pragma once
// The reading pipeline behind csv::OpenReader.
//
// A producer claims the input in blocks (~8 MiB); each block is parsed by a task on the
// shared TaskScheduler, which starts at a guessed record boundary (after a line end
// where the next records have the right field count), parses every record that ends in
// the block and leaves the last, unfinished one (the tail) to the reader. The reader
// (the thread calling Next) commits blocks in file order: it finishes the previous
// block's tail with the first bytes of this block (the stitch), which shows where this
// block's first record truly starts; if the guess was wrong (it landed in a quoted
// newline) the block is parsed again from there. Per-row problems and type widenings
// travel as values with block-local line numbers and are made absolute and acted on
// here, in file order — the first bad row of the file wins, whatever the threads did.
// At most ~2 × threads + 2 blocks are in flight, so memory does not grow with the file.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/scheduler.h"
#include "formats/csv/block_parser.h"
#include "formats/csv/block_source.h"
#include "formats/csv/read_context.h"
#include "formats/csv/sniffer.h"
#include "formats/format.h"

namespace sluice::csv {

class ParallelReader : public formats::Reader {
 public:
  ParallelReader(std::string name, const ReadOptions& options, SniffOutcome sniffed,
                 std::unique_ptr<BlockSource> source);
  ~ParallelReader() override;

  const Schema& schema() const override { return schema_; }
  bool Next(Chunk* chunk) override;
  const formats::ReadStats& stats() const override { return stats_; }
  bool schema_widened() const override { return schema_widened_; }

 private:
  static constexpr size_t kNoStart = ~size_t{0};

  /// One block on its way through a task.
  struct Job {
    Block block;
    std::unique_ptr<TaskGroup> group;  ///< Null when parsed on the reader's thread.
    size_t known_start = kNoStart;     ///< Exact first record (set by the reader).
    size_t start = kNoStart;           ///< Where the task began parsing.
    std::shared_ptr<const std::vector<ColumnSpec>> columns;  ///< Types the task used.
    ParseOutput output;
    uint64_t line_ends = 0;            ///< In the whole block.
  };
  /// A batch ready to be handed out.
  struct Ready {
    ParsedBatch batch;
    uint64_t input_end = 0;
  };

  static ReadContext MakeContext(std::string name, const ReadOptions& options,
                                 const Dialect& dialect, ChunkPool* chunks);
  void Fill();
  void RunJob(Job* job) const;
  /// Commits the oldest block, or finishes the input when none is left.
  void Advance();
  void Commit(Job& job);
  /// Takes records of `job`'s block from `start`, a known record boundary.
  void AcceptFrom(Job& job, size_t start);
  /// Finishes the carried record with the first bytes of `job`'s block.
  void Stitch(Job& job);
  void SetTail(const Block& block, size_t stop);
  void FinishInput();
  /// The carried record is longer than max_record_size: a bad row.
  void DropOversizedCarry();
  void Deliver(std::vector<ParsedBatch>* batches, uint64_t line_base, uint64_t input_base);
  /// Widens the reader's types to cover `batch`, re-parsing it if it is narrower.
  void Harmonize(ParsedBatch* batch, uint64_t line_base, bool report);
  void Reparse(ParsedBatch* batch, uint64_t line_base);
  void HandleIssue(const RowIssue& issue);
  void Publish();
  void Finalize();

  ChunkPool chunk_pool_;  ///< Before context_, which points to it.
  ReadContext context_;
  ReadOptions options_;
  size_t num_columns_;
  std::vector<ColumnSpec> columns_;  ///< Current (possibly widened) types.
  std::shared_ptr<const std::vector<ColumnSpec>> published_;  ///< What new tasks use.
  Schema schema_;
  formats::ReadStats stats_;
  bool schema_widened_ = false;
  uint64_t rows_returned_ = 0;
  uint64_t rows_cut_ = 0;
  formats::RejectsWriter rejects_;

  std::unique_ptr<BlockSource> source_;
  bool source_done_ = false;
  size_t parallelism_;
  size_t max_in_flight_;
  BlockParser parser_;  ///< The reader thread's own (stitches, re-parses).

  uint64_t data_start_;
  bool data_start_assigned_ = false;
  /// Input offset where the next record to parse starts.
  uint64_t pending_start_;
  /// Bytes [pending_start_, start of the next block) when that record began in an
  /// earlier block; empty otherwise.
  std::string carry_;
  uint64_t carry_lines_ = 0;  ///< Line ends before pending_start_.
  uint64_t lines_before_block_ = 0;
  bool previous_ended_with_cr_ = false;
  bool resync_ = false;  ///< After an oversized record: trust the next block's guess.
  uint64_t input_seen_ = 0;

  std::deque<Ready> ready_;
  bool finished_ = false;
  bool finalized_ = false;
  std::deque<std::unique_ptr<Job>> jobs_;  ///< Last: destroyed (waited for) first.
};

}  // namespace sluice::csv
