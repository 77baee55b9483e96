#include "exec/operators/copy_to.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <mutex>
#include <numeric>

#include "core/error.h"
#include "core/string_ref.h"
#include "core/vector_copy.h"
#include "formats/file_sequence.h"
#include "formats/hive_partitioning.h"
#include "io/file.h"

namespace sluice::exec {
namespace fs = std::filesystem;
namespace {

/// Bytes a text writer holds per open file: its ~1 MiB output block and the
/// compressor's buffers.
constexpr uint64_t kTextFileBuffer = uint64_t{2} << 20;

/// The copy (global state) whose writer this thread is inside, if any: a Parquet
/// writer waiting for its row group's encoding tasks runs other queued tasks
/// meanwhile, which may be another pipeline thread of the same copy (see Sink).
thread_local const void* tls_writing = nullptr;

/// Rows' bytes as the writers buffer them: fixed-width values plus string bytes.
uint64_t ChunkBytes(const Chunk& chunk) {
  uint64_t bytes = 0;
  for (size_t c = 0; c < chunk.num_columns(); ++c) {
    const Vector& vector = chunk.column(c);
    bytes += chunk.size() * vector.type().fixed_width();
    if (!vector.type().is_string()) continue;
    const StringRef* strings = vector.data<StringRef>();
    for (size_t row = 0; row < chunk.size(); ++row) bytes += strings[row].size();
  }
  return bytes;
}

Chunk CopyChunk(const Chunk& input) {
  std::vector<uint32_t> rows(input.size());
  std::iota(rows.begin(), rows.end(), uint32_t{0});
  std::vector<size_t> columns(input.num_columns());
  std::iota(columns.begin(), columns.end(), size_t{0});
  Chunk copy(input.types(), std::max<size_t>(input.size(), 1));
  AppendRows(input, columns, rows, &copy);
  return copy;
}

bool IsEmptyFolder(const fs::path& path) {
  std::error_code error;
  return fs::is_empty(path, error) && !error;
}

/// The open output of one copy, shared by every pipeline thread.
struct CopyGlobal : GlobalSinkState {
  ~CopyGlobal() override {
    if (committed) return;
    // Failed or cancelled: remove everything this copy created. The writers first:
    // they remove their temporary files (and the partitioned writer its staging folder).
    writer.reset();
    file.reset();
    std::error_code ignored;
    if (!temporary_root.empty()) fs::remove_all(temporary_root, ignored);
    if (!created_parent.empty()) fs::remove_all(created_parent, ignored);
  }

  std::mutex mutex;
  /// The folder the files are written in: the target, or (kFolder, unless appending) a
  /// temporary folder beside it, renamed into place by Finalize.
  fs::path write_root;
  fs::path temporary_root;  ///< Empty unless write_root is temporary.
  fs::path created_parent;  ///< The outermost folder above the target this copy created.
  std::unique_ptr<io::AtomicFileWriter> file;  ///< kFile.
  std::unique_ptr<formats::Writer> writer;     ///< Guarded by `mutex`.
  /// kFolder: `writer`, with or without partitions.
  formats::HivePartitionedWriter* partitioned = nullptr;
  formats::FileSequenceWriter* sequence = nullptr;
  /// Chunks that arrived while this thread was already inside the writer (see Sink);
  /// guarded by `mutex`, which that thread holds.
  std::deque<Chunk> pending;
  uint64_t rows = 0;
  uint64_t bytes_written = 0;
  /// The reservation is writer_bytes (what the writers buffer, estimated) plus
  /// pending_bytes; all three guarded by `mutex`.
  MemoryReservation memory;
  uint64_t writer_bytes = 0;
  uint64_t pending_bytes = 0;
  uint64_t buffer_per_file = 0;
  /// A write threw: the writer is in no state to take more rows.
  bool failed = false;
  bool committed = false;
  CopyResult result;
};

void CheckFileTarget(const CopyTarget& target) {
  fs::path path(target.path);
  if (fs::is_directory(path) || !path.has_filename()) {
    throw InvalidArgumentError(target.statement + ": '" + target.path +
                               "' is a folder; without PARTITION_BY a copy writes one file");
  }
  fs::path parent = path.parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    throw IOError(target.statement + ": cannot write '" + target.path + "': folder '" + parent.string() +
                  "' does not exist");
  }
}

/// Decides where a kFolder copy writes; creates the temporary folder.
void PrepareFolder(const CopyTarget& target, CopyGlobal* global) {
  fs::path path = fs::path(target.path).lexically_normal();
  if (path.has_filename() == false) path = path.parent_path();  // "out/" → "out"
  bool exists = fs::exists(path);
  if (exists && !fs::is_directory(path)) {
    throw InvalidArgumentError(target.statement + ": '" + target.path + "' exists and is not a folder");
  }
  if (exists && !IsEmptyFolder(path)) {
    if (target.existing == CopyTarget::ExistingFolder::kFail) {
      throw InvalidArgumentError(
          target.statement + ": folder '" + target.path + "' is not empty" +
          (target.statement == "COPY" ? "; add APPEND true to add files to it, or OVERWRITE true to replace it"
                                      : "; a table needs a new or empty location"));
    }
    if (target.existing == CopyTarget::ExistingFolder::kAppend) {
      global->write_root = path;
      return;
    }
  }
  fs::path parent = path.parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    if (!target.create_parents) {
      throw IOError(target.statement + ": cannot write '" + target.path + "': folder '" + parent.string() +
                    "' does not exist");
    }
    fs::path outermost = parent;
    while (outermost.has_parent_path() && outermost.parent_path() != outermost &&
           !fs::exists(outermost.parent_path())) {
      outermost = outermost.parent_path();
    }
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) throw IOError(target.statement + ": cannot create folder " + parent.string() + ": " + error.message());
    global->created_parent = outermost;
  }
  fs::path temporary = parent / (".sluice-tmp-" + path.filename().string() + "-" + formats::RandomRunId());
  std::error_code error;
  fs::create_directory(temporary, error);
  if (error) {
    throw IOError(target.statement + ": cannot create folder " + temporary.string() + " beside '" + target.path +
                  "': " + error.message());
  }
  global->write_root = temporary;
  global->temporary_root = temporary;
}

/// Moves a complete temporary folder to the target path (replacing the old folder
/// under kReplace, or an empty one).
void MoveIntoPlace(const CopyTarget& target, const fs::path& temporary) {
  fs::path path = fs::path(target.path).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  std::error_code error;
  if (fs::exists(path) && !IsEmptyFolder(path)) {
    if (target.existing != CopyTarget::ExistingFolder::kReplace) {
      throw IOError(target.statement + ": folder '" + target.path + "' was filled by someone else meanwhile");
    }
    fs::path old = path.parent_path() / (".sluice-old-" + path.filename().string() + "-" + formats::RandomRunId());
    fs::rename(path, old, error);
    if (error) throw IOError(target.statement + ": cannot move the old '" + target.path + "' aside: " + error.message());
    fs::rename(temporary, path, error);
    if (error) {
      std::error_code ignored;
      fs::rename(old, path, ignored);
      throw IOError(target.statement + ": cannot move the new folder to '" + target.path + "': " + error.message());
    }
    fs::remove_all(old, error);
    return;
  }
  if (fs::exists(path)) fs::remove(path, error);  // an empty folder
  fs::rename(temporary, path, error);
  if (error) {
    throw IOError(target.statement + ": cannot move " + temporary.string() + " to '" + target.path +
                  "': " + error.message());
  }
}

/// Writes `chunk` and grows the reservation towards what the writers hold at most.
/// Called with global.mutex held.
void WriteLocked(CopyGlobal& global, const Chunk& chunk) {
  global.writer->Write(chunk);
  global.rows += chunk.size();
  global.bytes_written += ChunkBytes(chunk);
  size_t open_files = 1;
  if (global.partitioned != nullptr) {
    open_files = std::clamp<size_t>(global.partitioned->partitions().size(), 1,
                                    formats::PartitionedWriteOptions{}.max_open_files);
  }
  global.writer_bytes = std::max(global.writer_bytes, std::min(global.bytes_written, global.buffer_per_file * open_files));
  global.memory.Resize(global.writer_bytes + global.pending_bytes);
}

}  // namespace

PhysicalCopyTo::PhysicalCopyTo(std::unique_ptr<PhysicalOperator> child, CopyTarget target)
    : PhysicalOperator(std::move(child)), target_(std::move(target)) {
  SLUICE_ASSERT(target_.schema.num_fields() == types().size(), "a copy's schema matches its input");
  SLUICE_ASSERT(target_.partition_by.empty() || target_.layout == CopyTarget::Layout::kFolder,
                "partitioned output is a folder");
  SLUICE_ASSERT((target_.max_rows_per_file == 0 && target_.target_file_bytes == 0) ||
                    target_.layout == CopyTarget::Layout::kFolder,
                "file limits apply to folder output");
}

std::string PhysicalCopyTo::name() const {
  std::string format = target_.write.format == formats::FileFormat::kParquet ? "parquet"
                       : target_.write.format == formats::FileFormat::kJson  ? "json"
                                                                             : "csv";
  std::string text = "CopyTo " + format + " '" + target_.path + "'";
  if (!target_.partition_by.empty()) {
    text += " partitioned by";
    for (const std::string& column : target_.partition_by) text += " " + column;
  }
  return text;
}

std::unique_ptr<GlobalSinkState> PhysicalCopyTo::MakeGlobalSinkState(const ExecutionContext& context) const {
  auto global = std::make_unique<CopyGlobal>();
  global->memory = MemoryReservation(&context.memory(), name());
  formats::FileLimits limits{target_.max_rows_per_file, target_.target_file_bytes};
  formats::FileWriteOptions write = target_.write;
  formats::FitRowGroups(limits, &write);
  global->buffer_per_file = write.format == formats::FileFormat::kParquet
                                ? 2 * static_cast<uint64_t>(write.parquet.row_group_bytes)
                                : kTextFileBuffer;
  if (target_.layout == CopyTarget::Layout::kFile) {
    CheckFileTarget(target_);
    global->file = std::make_unique<io::AtomicFileWriter>(target_.path);
    global->writer = formats::MakeFileWriter(global->file.get(), target_.schema, write);
    global->result.files.push_back(target_.path);
    return global;
  }
  PrepareFolder(target_, global.get());
  formats::FileWriterFactory factory = [write](io::OutputStream* out, const Schema& data_schema) {
    return formats::MakeFileWriter(out, data_schema, write);
  };
  if (target_.partition_by.empty()) {
    formats::FileSequenceOptions options;
    options.folder = global->write_root.string();
    options.first_name = target_.file_name;
    // Appending: new names, and the files staged until the copy succeeds (a temporary
    // folder is all-or-nothing by itself).
    options.staging = global->temporary_root.empty();
    if (options.staging) options.first_name += "-" + formats::RandomRunId();
    options.extension = formats::DataFileExtension(write);
    options.limits = limits;
    auto sequence = std::make_unique<formats::FileSequenceWriter>(target_.schema, options, std::move(factory));
    global->sequence = sequence.get();
    global->writer = std::move(sequence);
    return global;
  }
  formats::PartitionedWriteOptions options;
  options.root = global->write_root.string();
  options.partition_by = target_.partition_by;
  options.extension = formats::DataFileExtension(write);
  options.limits = limits;
  auto partitioned = std::make_unique<formats::HivePartitionedWriter>(target_.schema, options, std::move(factory));
  global->partitioned = partitioned.get();
  global->writer = std::move(partitioned);
  return global;
}

SinkResult PhysicalCopyTo::Sink(const Chunk& input, GlobalSinkState& global_base, LocalSinkState&) const {
  auto& global = static_cast<CopyGlobal&>(global_base);
  if (input.size() == 0) return SinkResult::kNeedMoreInput;
  for (size_t column : target_.not_null_columns) {
    const Vector& vector = input.column(column);
    for (size_t row = 0; row < input.size(); ++row) {
      if (vector.IsNull(row)) {
        throw ConstraintError("NULL value in column '" + target_.schema.field(column).name + "' of table " +
                                   target_.table + ", which is NOT NULL (" + target_.statement +
                                   " wrote nothing)");
      }
    }
  }
  if (tls_writing == &global) {
    // This thread holds the mutex further up its stack, inside the writer (which ran
    // this pipeline task while it waited for its own tasks): writing now would re-enter
    // the writer. Keep a copy; the outer call writes it before it lets go of the lock.
    Chunk copy = CopyChunk(input);
    global.pending_bytes += ChunkBytes(copy);
    global.memory.Resize(global.writer_bytes + global.pending_bytes);
    global.pending.push_back(std::move(copy));
    return SinkResult::kNeedMoreInput;
  }
  std::lock_guard lock(global.mutex);
  if (global.failed) return SinkResult::kFinished;  // the error is on its way up
  const void* outer = tls_writing;
  tls_writing = &global;
  try {
    WriteLocked(global, input);
    while (!global.pending.empty()) {
      Chunk chunk = std::move(global.pending.front());
      global.pending.pop_front();
      global.pending_bytes -= std::min(global.pending_bytes, ChunkBytes(chunk));
      WriteLocked(global, chunk);
    }
  } catch (...) {
    global.failed = true;
    tls_writing = outer;
    throw;
  }
  tls_writing = outer;
  return SinkResult::kNeedMoreInput;
}

void PhysicalCopyTo::Finalize(GlobalSinkState& global_base, const ExecutionContext&) const {
  auto& global = static_cast<CopyGlobal&>(global_base);
  SLUICE_ASSERT(global.pending.empty(), "every chunk of a copy is written before it finishes");
  global.writer->Finish();
  if (global.file != nullptr) global.file->Commit();
  fs::path final_root = fs::path(target_.path).lexically_normal();
  if (!final_root.has_filename()) final_root = final_root.parent_path();
  const std::vector<std::string>* files = global.partitioned != nullptr ? &global.partitioned->files()
                                         : global.sequence != nullptr  ? &global.sequence->files()
                                                                       : nullptr;
  if (files != nullptr) {
    for (const std::string& file : *files) {
      global.result.files.push_back((final_root / fs::path(file).lexically_relative(global.write_root)).string());
    }
  }
  if (!global.temporary_root.empty()) MoveIntoPlace(target_, global.temporary_root);
  global.committed = true;
  global.result.rows = global.rows;
  global.memory.Reset();
}

CopyResult PhysicalCopyTo::TakeResult(const ExecutionContext& context) const {
  return std::move(static_cast<CopyGlobal&>(context.sink_state(*this)).result);
}

}  // namespace sluice::exec
