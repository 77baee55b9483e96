// The reading pipeline behind OpenParquetReader.
//
// The consumer (the thread calling Next) keeps up to `max_parallel_row_groups` row
// groups active. Each active row group has one ColumnChunkReader per selected column
// and decodes its selected rows in batches of whole chunks: a batch is one task per
// column on the scheduler, filling that column of every chunk of the batch. A row
// group's next batch is scheduled when the consumer starts on the previous one (the
// column readers are sequential), so at most two batches per row group exist and
// memory stays bounded whatever the row group size. Chunks leave in file order.
#include "formats/parquet/reader.h"

#include <algorithm>
#include <deque>

#include "core/error.h"
#include "core/scheduler.h"
#include "formats/parquet/column_reader.h"
#include "formats/parquet/metadata_io.h"

namespace sluice::parquet {

namespace {

std::string Num(uint64_t value) { return std::to_string(value); }

/// Rows [begin, end) of a row group.
struct RowRange {
  int64_t begin;
  int64_t end;
};

/// Cells (rows × columns) a batch aims at: bounds the memory of decoded chunks.
constexpr size_t kBatchCells = size_t{4} << 20;
constexpr size_t kMaxBatchRows = 64 * kChunkCapacity;

std::vector<RowRange> Intersect(const std::vector<RowRange>& a, const std::vector<RowRange>& b) {
  std::vector<RowRange> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    int64_t begin = std::max(a[i].begin, b[j].begin);
    int64_t end = std::min(a[i].end, b[j].end);
    if (begin < end) out.push_back({begin, end});
    if (a[i].end < b[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

void AddRange(std::vector<RowRange>* ranges, int64_t begin, int64_t end) {
  if (!ranges->empty() && ranges->back().end == begin) {
    ranges->back().end = end;
  } else {
    ranges->push_back({begin, end});
  }
}

/// A column chunk's byte range [start, start + size).
void ChunkRange(const ColumnMetaData& meta, uint64_t* start, uint64_t* size) {
  int64_t first = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 && *meta.dictionary_page_offset < first) {
    first = *meta.dictionary_page_offset;
  }
  *start = static_cast<uint64_t>(first);
  *size = static_cast<uint64_t>(meta.total_compressed_size);
}

/// The chunk's offset index when it has a usable one (pages in order, inside the
/// chunk, first rows increasing from 0); nullopt otherwise.
std::optional<OffsetIndex> ReadOffsetIndex(const ParquetFile& file, const ColumnChunk& chunk,
                                           int64_t num_rows) {
  if (!chunk.offset_index_offset || !chunk.offset_index_length || *chunk.offset_index_offset < 0 ||
      *chunk.offset_index_length <= 0) {
    return std::nullopt;
  }
  uint64_t offset = static_cast<uint64_t>(*chunk.offset_index_offset);
  uint64_t length = static_cast<uint64_t>(*chunk.offset_index_length);
  if (offset > file.file_size() || length > file.file_size() - offset) return std::nullopt;
  auto bytes = file.ReadRange(offset, length);
  OffsetIndex index;
  try {
    index = DecodeOffsetIndex(bytes.get(), static_cast<size_t>(length));
  } catch (const FormatError&) {
    return std::nullopt;  // The page index is only a hint.
  }
  uint64_t start, size;
  ChunkRange(*chunk.meta_data, &start, &size);
  if (index.page_locations.empty() || index.page_locations[0].first_row_index != 0) return std::nullopt;
  for (size_t i = 0; i < index.page_locations.size(); ++i) {
    const PageLocation& page = index.page_locations[i];
    if (page.offset < 0 || page.compressed_page_size <= 0 || static_cast<uint64_t>(page.offset) < start ||
        static_cast<uint64_t>(page.offset) + static_cast<uint64_t>(page.compressed_page_size) > start + size ||
        page.first_row_index >= num_rows) {
      return std::nullopt;
    }
    if (i > 0) {
      const PageLocation& previous = index.page_locations[i - 1];
      if (page.first_row_index <= previous.first_row_index ||
          page.offset < previous.offset + previous.compressed_page_size) {
        return std::nullopt;
      }
    }
  }
  return index;
}

/// Rows of the row group whose pages may match `predicate`, from the column's page
/// index; nullopt when there is no usable index.
std::optional<std::vector<RowRange>> PageRowsFor(const ParquetFile& file, size_t row_group, size_t leaf_index,
                                                 const ColumnPredicate& predicate) {
  const RowGroup& group = file.metadata().row_groups[row_group];
  const ColumnChunk& chunk = group.columns[leaf_index];
  const LeafColumn& leaf = file.schema().leaves[leaf_index];
  if (!chunk.column_index_offset || !chunk.column_index_length || *chunk.column_index_offset < 0 ||
      *chunk.column_index_length <= 0) {
    return std::nullopt;
  }
  std::optional<OffsetIndex> offsets = ReadOffsetIndex(file, chunk, group.num_rows);
  if (!offsets) return std::nullopt;
  uint64_t offset = static_cast<uint64_t>(*chunk.column_index_offset);
  uint64_t length = static_cast<uint64_t>(*chunk.column_index_length);
  if (offset > file.file_size() || length > file.file_size() - offset) return std::nullopt;
  auto bytes = file.ReadRange(offset, length);
  ColumnIndex index;
  try {
    index = DecodeColumnIndex(bytes.get(), static_cast<size_t>(length));
  } catch (const FormatError&) {
    return std::nullopt;
  }
  size_t pages = offsets->page_locations.size();
  if (index.null_pages.size() != pages || index.min_values.size() != pages || index.max_values.size() != pages ||
      (!index.null_counts.empty() && index.null_counts.size() != pages)) {
    return std::nullopt;
  }
  std::vector<RowRange> rows;
  for (size_t i = 0; i < pages; ++i) {
    int64_t begin = offsets->page_locations[i].first_row_index;
    int64_t end = i + 1 < pages ? offsets->page_locations[i + 1].first_row_index : group.num_rows;
    ValueRange range;
    range.num_rows = end - begin;
    if (!index.null_counts.empty()) range.null_count = index.null_counts[i];
    if (index.null_pages[i]) {
      range.null_count = range.num_rows;
    } else if (leaf.has_sort_order) {
      range.min = DecodeStatisticValue(leaf, index.min_values[i]);
      range.max = DecodeStatisticValue(leaf, index.max_values[i]);
      if (!range.min || !range.max) range.min.reset(), range.max.reset();
    }
    if (MayMatch(predicate, range)) AddRange(&rows, begin, end);
  }
  return rows;
}

class ParquetReader final : public formats::Reader {
 public:
  ParquetReader(std::shared_ptr<const ParquetFile> file, const ParquetReadOptions& options)
      : file_(std::move(file)), options_(options) {
    SelectColumns();
    SelectPredicates();
    PruneRowGroups();
    size_t threads = TaskScheduler::Global().num_threads();
    max_active_ = options_.max_parallel_row_groups ? options_.max_parallel_row_groups : threads + 1;
    size_t columns = std::max<size_t>(selected_.size(), 1);
    batch_rows_ = std::clamp(kBatchCells / columns, kChunkCapacity, kMaxBatchRows);
    batch_rows_ -= batch_rows_ % kChunkCapacity;
  }

  ~ParquetReader() override {
    // Tasks refer to the active row groups; wait for them before anything goes.
    for (ActiveRowGroup& group : active_) {
      if (group.next) group.next->group.reset();
    }
  }

  const Schema& schema() const override { return schema_; }
  const formats::ReadStats& stats() const override { return stats_; }
  const ParquetScanCounters& counters() const { return counters_; }

  bool Next(Chunk* chunk) override {
    while (true) {
      if (current_ && current_chunk_ < current_->chunks.size()) {
        Recycle(chunk);
        *chunk = std::move(current_->chunks[current_chunk_++]);
        stats_.rows_read += chunk->size();
        return true;
      }
      current_.reset();
      Fill();
      if (active_.empty()) return false;
      ActiveRowGroup& front = active_.front();
      if (!front.next) {
        for (auto& reader : front.readers) stats_.bytes_read += reader->bytes_decoded();
        active_.pop_front();
        continue;
      }
      current_ = std::move(front.next);
      current_->group->Wait();
      current_chunk_ = 0;
      ScheduleBatch(&front);
    }
  }

 private:
  struct SelectedColumn {
    size_t top_level;
    size_t leaf;
  };
  struct Segment {
    int64_t row;
    size_t count;
  };
  struct Batch {
    std::vector<Chunk> chunks;
    std::vector<std::vector<Segment>> segments;  ///< Per chunk: the rows it takes.
    std::unique_ptr<TaskGroup> group;            ///< Last: waited for first.
  };
  struct ActiveRowGroup {
    size_t index = 0;
    std::vector<RowRange> ranges;
    bool partial = false;  ///< Some pages are skipped (ranges do not cover the group).
    size_t range_index = 0;
    int64_t next_row = 0;
    std::vector<std::unique_ptr<ColumnChunkReader>> readers;
    std::vector<char> loaded;  ///< Per column: its bytes were read (by its first task).
    std::unique_ptr<Batch> next;  ///< Last: destroyed (waited for) before the readers.
  };

  void SelectColumns() {
    const ParquetSchema& schema = file_->schema();
    for (const std::string& note : schema.notes) stats_.notices.push_back(note);
    auto add = [&](size_t index) {
      const TopLevelColumn& column = schema.columns[index];
      const LeafColumn& leaf = schema.leaves[column.leaves[0]];
      selected_.push_back({index, column.leaves[0]});
      schema_.AddField(Field{column.name, leaf.type, column.nullable});
      if (!leaf.note.empty()) stats_.notices.push_back("column '" + column.name + "': " + leaf.note);
    };
    if (options_.columns.empty()) {
      for (size_t i = 0; i < schema.columns.size(); ++i) {
        const TopLevelColumn& column = schema.columns[i];
        if (column.nested()) {
          stats_.notices.push_back("column '" + column.name + "' is a nested column (" + column.nested_kind +
                                   "): skipped, nested columns are not supported yet");
        } else if (!schema.leaves[column.leaves[0]].error.empty()) {
          stats_.notices.push_back("column '" + column.name + "': skipped, " + schema.leaves[column.leaves[0]].error);
        } else {
          add(i);
        }
      }
      return;
    }
    for (const std::string& name : options_.columns) {
      int index = schema.FindColumn(name);
      if (index < 0) {
        std::string names;
        for (const TopLevelColumn& column : schema.columns) names += (names.empty() ? "" : ", ") + column.name;
        throw InvalidArgumentError("column '" + name + "' does not exist in " + file_->path() + " (columns: " +
                                   names + ")");
      }
      const TopLevelColumn& column = schema.columns[static_cast<size_t>(index)];
      if (column.nested()) {
        throw NotImplementedError("column '" + column.name + "' is a nested column (" + column.nested_kind +
                                  "): nested columns are not supported yet");
      }
      const LeafColumn& leaf = schema.leaves[column.leaves[0]];
      if (!leaf.error.empty()) throw NotImplementedError("column '" + column.name + "': " + leaf.error);
      add(static_cast<size_t>(index));
    }
  }

  void SelectPredicates() {
    const ParquetSchema& schema = file_->schema();
    for (const ColumnPredicate& predicate : options_.predicates) {
      int index = schema.FindColumn(predicate.column);
      if (index < 0) {
        throw InvalidArgumentError("predicate on column '" + predicate.column + "', which does not exist in " +
                                   file_->path());
      }
      const TopLevelColumn& column = schema.columns[static_cast<size_t>(index)];
      if (column.nested() || !schema.leaves[column.leaves[0]].error.empty()) continue;  // Only a hint.
      predicates_.push_back({predicate, column.leaves[0]});
    }
  }

  void PruneRowGroups() {
    const FileMetaData& metadata = file_->metadata();
    counters_.row_groups_total = metadata.row_groups.size();
    for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
      bool may_match = metadata.row_groups[g].num_rows > 0;
      for (const auto& [predicate, leaf] : predicates_) {
        if (!may_match) break;
        may_match = MayMatch(predicate, file_->ColumnStatistics(g, leaf));
      }
      if (may_match) {
        row_groups_.push_back(g);
      } else {
        ++counters_.row_groups_skipped;
        counters_.rows_skipped += static_cast<uint64_t>(metadata.row_groups[g].num_rows);
      }
    }
  }

  std::string Where(size_t row_group, size_t leaf) const {
    return file_->path() + ": row group " + Num(row_group) + ", column '" + file_->schema().leaves[leaf].name + "'";
  }

  /// Activates row groups until `max_active_` are in flight.
  void Fill() {
    while (active_.size() < max_active_ && next_row_group_ < row_groups_.size()) {
      size_t index = row_groups_[next_row_group_++];
      const RowGroup& group = file_->metadata().row_groups[index];
      std::vector<RowRange> ranges{{0, group.num_rows}};
      if (options_.use_page_index) {
        for (const auto& [predicate, leaf] : predicates_) {
          auto rows = PageRowsFor(*file_, index, leaf, predicate);
          if (rows) ranges = Intersect(ranges, *rows);
        }
      }
      int64_t selected = 0;
      for (const RowRange& range : ranges) selected += range.end - range.begin;
      counters_.rows_skipped += static_cast<uint64_t>(group.num_rows - selected);
      if (selected == 0) {
        ++counters_.row_groups_skipped;
        continue;
      }
      ActiveRowGroup& active = active_.emplace_back();
      active.index = index;
      active.partial = selected < group.num_rows;
      active.ranges = std::move(ranges);
      active.next_row = active.ranges[0].begin;
      for (const SelectedColumn& column : selected_) {
        const ColumnMetaData& meta = *group.columns[column.leaf].meta_data;
        active.readers.push_back(std::make_unique<ColumnChunkReader>(
            file_->schema().leaves[column.leaf], meta.codec, group.num_rows, Where(index, column.leaf)));
      }
      active.loaded.assign(selected_.size(), 0);
      ScheduleBatch(&active);
    }
  }

  /// Keeps the caller's previous chunk for a later batch when it still has our
  /// columns' buffers: allocating and zeroing vectors costs more than decoding some.
  void Recycle(Chunk* chunk) {
    if (chunk->capacity() != kChunkCapacity || chunk->num_columns() != schema_.num_fields() ||
        free_chunks_.size() >= 2 * batch_rows_ / kChunkCapacity) {
      return;
    }
    for (size_t c = 0; c < chunk->num_columns(); ++c) {
      Vector& vector = chunk->column(c);
      if (vector.capacity() != kChunkCapacity || vector.type() != schema_.field(c).type ||
          vector.raw_data() == nullptr) {
        return;
      }
    }
    chunk->Reset();
    free_chunks_.push_back(std::move(*chunk));
  }

  Chunk TakeChunk(const std::vector<DataType>& types) {
    if (free_chunks_.empty()) return Chunk(types);
    Chunk chunk = std::move(free_chunks_.back());
    free_chunks_.pop_back();
    return chunk;
  }

  /// Plans and starts the next batch of `group` (or leaves `next` empty at its end).
  void ScheduleBatch(ActiveRowGroup* group) {
    if (group->range_index >= group->ranges.size()) return;
    auto batch = std::make_unique<Batch>();
    size_t batch_left = batch_rows_;
    std::vector<DataType> types = schema_.types();
    while (batch_left > 0 && group->range_index < group->ranges.size()) {
      Chunk& chunk = batch->chunks.emplace_back(TakeChunk(types));
      std::vector<Segment>& segments = batch->segments.emplace_back();
      size_t chunk_rows = 0;
      while (chunk_rows < kChunkCapacity && group->range_index < group->ranges.size()) {
        const RowRange& range = group->ranges[group->range_index];
        size_t n = static_cast<size_t>(std::min<int64_t>(range.end - group->next_row,
                                                         static_cast<int64_t>(kChunkCapacity - chunk_rows)));
        segments.push_back({group->next_row, n});
        chunk_rows += n;
        group->next_row += static_cast<int64_t>(n);
        if (group->next_row == range.end && ++group->range_index < group->ranges.size()) {
          group->next_row = group->ranges[group->range_index].begin;
        }
      }
      chunk.set_size(chunk_rows);
      batch_left -= std::min(batch_left, kChunkCapacity);
    }
    batch->group = std::make_unique<TaskGroup>();
    Batch* raw = batch.get();
    for (size_t c = 0; c < selected_.size(); ++c) {
      raw->group->Run([this, group, raw, c] { DecodeColumn(group, raw, c); });
    }
    group->next = std::move(batch);
  }

  /// Task body: column `c` of every chunk of `batch`. Batches of one row group run one
  /// after the other, so the column's reader is used by one task at a time.
  void DecodeColumn(ActiveRowGroup* group, Batch* batch, size_t c) const {
    ColumnChunkReader& reader = *group->readers[c];
    if (!group->loaded[c]) {
      LoadColumn(*group, c);
      group->loaded[c] = 1;
    }
    for (size_t k = 0; k < batch->chunks.size(); ++k) {
      Vector& vector = batch->chunks[k].column(c);
      size_t offset = 0;
      for (const Segment& segment : batch->segments[k]) {
        reader.Read(segment.row, segment.count, &vector, offset);
        offset += segment.count;
      }
    }
  }

  /// Reads the byte ranges column `c` needs: the whole chunk, or, when pages are
  /// skipped and the chunk has an offset index, the dictionary and the pages that
  /// overlap the selected rows.
  void LoadColumn(const ActiveRowGroup& group, size_t c) const {
    const RowGroup& row_group = file_->metadata().row_groups[group.index];
    const ColumnChunk& chunk = row_group.columns[selected_[c].leaf];
    ColumnChunkReader& reader = *group.readers[c];
    uint64_t start, size;
    ChunkRange(*chunk.meta_data, &start, &size);
    std::optional<OffsetIndex> offsets;
    if (group.partial) offsets = ReadOffsetIndex(*file_, chunk, row_group.num_rows);
    auto add_run = [&](uint64_t begin, uint64_t end, int64_t first_row) {
      reader.AddRun(SharedBytes{file_->ReadRange(begin, end - begin), static_cast<size_t>(end - begin)},
                    first_row, begin);
    };
    if (!offsets) {
      add_run(start, start + size, 0);
      return;
    }
    const std::vector<PageLocation>& pages = offsets->page_locations;
    uint64_t first_page = static_cast<uint64_t>(pages[0].offset);
    if (first_page > start) add_run(start, first_page, 0);  // The dictionary page.
    size_t range = 0;
    size_t run_first = pages.size();  // First page of the open run, if any.
    for (size_t i = 0; i <= pages.size(); ++i) {
      bool selected = false;
      if (i < pages.size()) {
        int64_t begin = pages[i].first_row_index;
        int64_t end = i + 1 < pages.size() ? pages[i + 1].first_row_index : row_group.num_rows;
        while (range < group.ranges.size() && group.ranges[range].end <= begin) ++range;
        selected = range < group.ranges.size() && group.ranges[range].begin < end;
      }
      if (selected && run_first == pages.size()) run_first = i;
      if (!selected && run_first != pages.size()) {
        const PageLocation& last = pages[i - 1];
        add_run(static_cast<uint64_t>(pages[run_first].offset),
                static_cast<uint64_t>(last.offset) + static_cast<uint64_t>(last.compressed_page_size),
                pages[run_first].first_row_index);
        run_first = pages.size();
      }
    }
  }

  std::shared_ptr<const ParquetFile> file_;
  ParquetReadOptions options_;
  Schema schema_;
  std::vector<SelectedColumn> selected_;
  std::vector<std::pair<ColumnPredicate, size_t>> predicates_;  ///< With the leaf index.
  std::vector<size_t> row_groups_;  ///< Row groups that statistics did not rule out.
  size_t next_row_group_ = 0;
  size_t max_active_ = 2;
  size_t batch_rows_ = kMaxBatchRows;
  formats::ReadStats stats_;
  ParquetScanCounters counters_;
  std::unique_ptr<Batch> current_;
  size_t current_chunk_ = 0;
  std::vector<Chunk> free_chunks_;  ///< Chunks the consumer handed back (see Recycle).
  std::deque<ActiveRowGroup> active_;  ///< Last: destroyed first.
};

}  // namespace

std::unique_ptr<formats::Reader> OpenParquetReader(std::shared_ptr<const ParquetFile> file,
                                                   const ParquetReadOptions& options) {
  return std::make_unique<ParquetReader>(std::move(file), options);
}

std::unique_ptr<formats::Reader> OpenParquetReader(const std::string& path, const ParquetReadOptions& options) {
  return OpenParquetReader(ParquetFile::Open(path), options);
}

ParquetScanCounters GetScanCounters(const formats::Reader& reader) {
  if (const auto* parquet = dynamic_cast<const ParquetReader*>(&reader)) return parquet->counters();
  return {};
}

}  // namespace sluice::parquet
