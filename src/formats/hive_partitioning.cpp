#include "formats/hive_partitioning.h"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "core/error.h"
#include "core/value_format.h"
#include "core/vector_copy.h"

namespace sluice::formats {

namespace {

bool NeedsEscape(unsigned char c) {
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '"': case '#': case '%': case '\'': case '*': case '/': case ':': case '=':
    case '?': case '\\': case '{': case '[': case ']': case '^':
      return true;
    default:
      return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void CreateDirectories(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) throw IOError("cannot create folder " + path + ": " + error.message());
}

}  // namespace

std::string EscapeHivePathValue(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (NeedsEscape(c)) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string UnescapeHivePathValue(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string HivePartitionPathValue(const Vector& vector, size_t row) {
  if (vector.IsNull(row)) return std::string(kHiveDefaultPartition);
  std::string text;
  AppendValue(&text, vector, row, TextStyle{});
  if (text.empty()) return std::string(kHiveDefaultPartition);
  return EscapeHivePathValue(text);
}

/// One partition's open file (if any) and the rows waiting to be written to it.
struct HivePartitionedWriter::Partition {
  std::string path;  // "col=value/..."
  size_t next_part = 0;
  std::unique_ptr<io::AtomicFileWriter> file;
  std::unique_ptr<Writer> writer;
  std::string staged_path;
  std::string final_path;
  Chunk buffer;
  /// Rows of the current file: written, and in `buffer`.
  uint64_t rows_in_file = 0;
  uint64_t last_used = 0;
};

HivePartitionedWriter::HivePartitionedWriter(const Schema& schema,
                                             PartitionedWriteOptions options,
                                             FileWriterFactory factory)
    : options_(std::move(options)), factory_(std::move(factory)), run_id_(RandomRunId()) {
  if (options_.partition_by.empty()) {
    throw InvalidArgumentError("--partition-by needs at least one column");
  }
  std::vector<bool> is_partition(schema.num_fields(), false);
  for (const std::string& name : options_.partition_by) {
    const int index = schema.FindField(name);
    if (index < 0) {
      std::string names;
      for (const Field& f : schema.fields()) names += (names.empty() ? "" : ", ") + f.name;
      throw InvalidArgumentError("partition column '" + name + "' is not a column of the input (" +
                                 names + ")");
    }
    if (is_partition[static_cast<size_t>(index)]) {
      throw InvalidArgumentError("partition column '" + name + "' is listed twice");
    }
    const DataType& type = schema.field(static_cast<size_t>(index)).type;
    if (type.is_nested() || type.id() == TypeId::kVarbinary) {
      throw InvalidArgumentError("partition column '" + name + "' has type " + type.ToString() +
                                 ", which cannot be a partition value");
    }
    is_partition[static_cast<size_t>(index)] = true;
    partition_columns_.push_back(static_cast<size_t>(index));
  }
  for (size_t c = 0; c < schema.num_fields(); ++c) {
    if (!is_partition[c]) {
      data_columns_.push_back(c);
      data_schema_.AddField(schema.field(c));
    }
  }
  if (data_columns_.empty()) {
    throw InvalidArgumentError("every column is a partition column: data files would be empty");
  }
  if (options_.max_open_files == 0) options_.max_open_files = 1;
  CreateDirectories(options_.root);
  staging_ = (std::filesystem::path(options_.root) / (".sluice-staging-" + run_id_)).string();
  CreateDirectories(staging_);
}

HivePartitionedWriter::~HivePartitionedWriter() {
  if (finished_) return;
  // Not finished: nothing of this run may appear in the tree.
  for (auto& [path, partition] : by_path_) {
    partition->writer.reset();
    partition->file.reset();  // removes its temporary file
  }
  std::error_code ignored;
  std::filesystem::remove_all(staging_, ignored);
}

HivePartitionedWriter::Partition& HivePartitionedWriter::PartitionFor(const std::string& path) {
  auto it = by_path_.find(path);
  if (it != by_path_.end()) return *it->second;
  auto partition = std::make_unique<Partition>();
  partition->path = path;
  partition->buffer = Chunk(data_schema_.types());
  partition_paths_.push_back(path);
  return *by_path_.emplace(path, std::move(partition)).first->second;
}

void HivePartitionedWriter::OpenFile(Partition& partition) {
  if (open_files_ >= options_.max_open_files) {
    Partition* oldest = nullptr;
    for (auto& [path, other] : by_path_) {
      if (other->writer != nullptr && (oldest == nullptr || other->last_used < oldest->last_used)) {
        oldest = other.get();
      }
    }
    if (oldest != nullptr) CloseFile(*oldest);
  }
  char name[32];
  std::snprintf(name, sizeof(name), "part-%05zu-", partition.next_part++);
  const std::string file_name = name + run_id_ + options_.extension;
  // Staged flat (the staging folder has no partition tree), moved by Finish().
  std::string staged_name = std::to_string(staged_files_.size()) + "-" + file_name;
  partition.staged_path = (std::filesystem::path(staging_) / staged_name).string();
  partition.final_path =
      (std::filesystem::path(options_.root) / partition.path / file_name).string();
  partition.file = std::make_unique<io::AtomicFileWriter>(partition.staged_path);
  partition.writer = factory_(partition.file.get(), data_schema_);
  staged_files_.emplace_back(partition.staged_path, partition.final_path);
  ++open_files_;
}

void HivePartitionedWriter::FlushBuffer(Partition& partition) {
  if (partition.buffer.size() == 0) return;
  if (partition.writer == nullptr) OpenFile(partition);
  partition.writer->Write(partition.buffer);
  partition.buffer.Reset();
}

void HivePartitionedWriter::CloseFile(Partition& partition) {
  FlushBuffer(partition);
  const uint64_t rows = partition.rows_in_file;  // all written by now
  partition.rows_in_file = 0;
  if (partition.writer == nullptr) return;
  partition.writer->Finish();
  partition.file->Commit();
  if (rows > 0) bytes_per_row_ = static_cast<double>(partition.file->bytes_written()) / static_cast<double>(rows);
  partition.writer.reset();
  partition.file.reset();
  --open_files_;
}

uint64_t HivePartitionedWriter::RowsThatFit(const Partition& partition) const {
  const uint64_t buffered = partition.buffer.size();
  const uint64_t written = partition.rows_in_file - buffered;
  const uint64_t estimate = written == 0 || partition.writer == nullptr ? 0 : partition.writer->EstimatedFileBytes();
  const uint64_t fit = options_.limits.RowsThatFit(written, estimate, bytes_per_row_);
  if (fit == std::numeric_limits<uint64_t>::max()) return fit;
  return fit > buffered ? fit - buffered : 0;
}

void HivePartitionedWriter::Write(const Chunk& chunk) {
  SLUICE_ASSERT(!finished_, "Write after Finish");
  // Group the rows by partition path; consecutive rows often share it.
  std::vector<std::pair<Partition*, std::vector<uint32_t>>> groups;
  std::unordered_map<Partition*, size_t> group_of;
  std::string path;
  std::string previous_path;
  Partition* previous = nullptr;
  for (size_t row = 0; row < chunk.size(); ++row) {
    path.clear();
    for (size_t i = 0; i < partition_columns_.size(); ++i) {
      const size_t c = partition_columns_[i];
      if (i > 0) path.push_back('/');
      path += EscapeHivePathValue(options_.partition_by[i]);
      path.push_back('=');
      path += HivePartitionPathValue(chunk.column(c), row);
    }
    Partition* partition = previous;
    if (partition == nullptr || path != previous_path) {
      partition = &PartitionFor(path);
      previous = partition;
      previous_path = path;
    }
    auto [it, inserted] = group_of.emplace(partition, groups.size());
    if (inserted) groups.emplace_back(partition, std::vector<uint32_t>{});
    groups[it->second].second.push_back(static_cast<uint32_t>(row));
  }
  for (auto& [partition, rows] : groups) {
    partition->last_used = ++clock_;
    std::span<const uint32_t> remaining(rows);
    while (!remaining.empty()) {
      const uint64_t fit = RowsThatFit(*partition);
      if (fit == 0) {
        if (partition->rows_in_file == partition->buffer.size() && bytes_per_row_ == 0) {
          FlushBuffer(*partition);  // the probe: its size gives the bytes per row
        } else {
          CloseFile(*partition);  // the buffered rows take the file to the target size
        }
        continue;
      }
      const size_t room = partition->buffer.capacity() - partition->buffer.size();
      const size_t take = static_cast<size_t>(std::min({uint64_t{std::min(room, remaining.size())},
                                                        options_.limits.RowsLeft(partition->rows_in_file), fit}));
      AppendRows(chunk, data_columns_, remaining.first(take), &partition->buffer);
      partition->rows_in_file += take;
      remaining = remaining.subspan(take);
      if (options_.limits.RowsLeft(partition->rows_in_file) == 0) {
        CloseFile(*partition);  // exactly max_rows_per_file rows
      } else if (partition->buffer.full()) {
        FlushBuffer(*partition);
        if (options_.limits.Full(partition->rows_in_file, *partition->writer)) CloseFile(*partition);
      }
    }
  }
}

void HivePartitionedWriter::Finish() {
  SLUICE_ASSERT(!finished_, "Finish called twice");
  for (const std::string& path : partition_paths_) CloseFile(*by_path_.at(path));
  for (const auto& [staged, final_path] : staged_files_) {
    CreateDirectories(std::filesystem::path(final_path).parent_path().string());
    std::error_code error;
    std::filesystem::rename(staged, final_path, error);
    if (error) {
      throw IOError("cannot move " + staged + " to " + final_path + ": " + error.message());
    }
    final_files_.push_back(final_path);
  }
  std::error_code ignored;
  std::filesystem::remove_all(staging_, ignored);
  finished_ = true;
}

}  // namespace sluice::formats
