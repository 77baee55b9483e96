#pragma once
// What every file format offers: a Reader that yields Chunks, a Writer that takes
// them, and the shared policy for bad rows (--on-error) with its counters.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "io/file.h"

namespace sluice::formats {

/// What a reader does with a row that does not fit (wrong field count, unterminated
/// quote, a value that does not parse as its column's type).
enum class OnError {
  kFail,  ///< Stop with an error naming the file, line, column and value (default).
  kSkip,  ///< Drop the row, write it to the rejects file, count it.
  kNull,  ///< Make the bad value NULL and count it; rows with a wrong field count
          ///< are padded with NULLs or cut, and counted too.
};

/// "fail", "skip", "null"; throws InvalidArgumentError otherwise.
OnError ParseOnError(std::string_view text);
std::string_view OnErrorName(OnError policy);

/// Counters every read reports at its end: nothing disappears silently.
struct ReadStats {
  uint64_t rows_read = 0;      ///< Rows returned to the caller.
  uint64_t rows_rejected = 0;  ///< Rows dropped under kSkip.
  uint64_t rows_nulled = 0;    ///< Rows with at least one value made NULL under kNull.
  uint64_t values_nulled = 0;  ///< Values made NULL under kNull.
  uint64_t bytes_read = 0;     ///< Input bytes consumed (after decompression).
  std::vector<std::string> notices;  ///< Things the user should know (type widening...).
};

/// One rejected row, as a reader reports it under kSkip.
struct RejectedRow {
  std::string file;
  uint64_t line = 0;         ///< 1-based physical line where the row starts.
  std::string column;        ///< Column name, or empty when the whole row is bad.
  std::string reason;        ///< What was wrong and what was expected.
  std::string raw;           ///< The row's raw bytes (possibly cut to a limit).
};

/// Collects rejected rows into a JSON-lines file: one object per row with the keys
/// file, line, column, reason, raw. Thread-safe. The file appears atomically when
/// Commit() is called; nothing is written when there were no rejects and no path.
class RejectsWriter {
 public:
  /// `path` empty: rejects are only counted (and the first few kept for messages).
  explicit RejectsWriter(std::string path);
  ~RejectsWriter();
  void Add(const RejectedRow& row);
  void Commit();
  uint64_t count() const;
  const std::string& path() const { return path_; }
  /// The first few rejected rows, for a summary on the terminal.
  std::vector<RejectedRow> examples() const;

 private:
  static constexpr size_t kMaxExamples = 5;
  std::string path_;
  mutable std::mutex mutex_;
  std::unique_ptr<io::AtomicFileWriter> file_;
  std::vector<RejectedRow> examples_;
  uint64_t count_ = 0;
};

/// A source of rows from one file (or stream). Not thread-safe: one consumer calls
/// Next() repeatedly; the reader may use the task scheduler internally.
class Reader {
 public:
  virtual ~Reader() = default;
  /// The columns of the rows. May widen during the read (see schema_widened()).
  virtual const Schema& schema() const = 0;
  /// Moves the next rows into `chunk` (replacing its contents); false at the end.
  /// Throws FormatError/IOError for errors that end the read.
  virtual bool Next(Chunk* chunk) = 0;
  /// Counters so far; final after Next() returned false.
  virtual const ReadStats& stats() const = 0;
  /// True once a column's type was widened after rows of the old type were returned:
  /// a consumer that needs one type per column restarts with the final schema().
  virtual bool schema_widened() const { return false; }
};

/// A sink of rows into one output stream.
class Writer {
 public:
  virtual ~Writer() = default;
  /// Appends the rows of `chunk`, whose columns match the schema given at creation.
  virtual void Write(const Chunk& chunk) = 0;
  /// Writes whatever the format needs at the end (footers) and flushes; the output
  /// stream's Finish() is the caller's.
  virtual void Finish() = 0;
  /// The size the file would have if Finish() were called now: the bytes already
  /// handed to the output plus an estimate of what the writer still holds (encoded and
  /// compressed as the file so far suggests). Lets a caller end files at a target size
  /// (exec/operators/copy_to.h); 0 from writers that cannot tell.
  virtual uint64_t EstimatedFileBytes() const { return 0; }
};

}  // namespace sluice::formats
