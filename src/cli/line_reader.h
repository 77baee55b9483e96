#pragma once
// Lines for the SQL shell: from a terminal through libedit (line editing, history
// kept in a file), otherwise plain lines from standard input.

#include <string>

namespace sluice::cli {

/// Reads lines from standard input. Not thread-safe; one per process.
class LineReader {
 public:
  enum class Status {
    kLine,         ///< `*line` holds the next line (without its line end).
    kEndOfInput,   ///< Ctrl-D at an empty line, or the end of piped input.
    kInterrupted,  ///< Ctrl-C (SIGINT, seen through InterruptGuard) while reading.
  };

  /// `interactive`: standard input is a terminal, so use libedit and keep history in
  /// `history_path` (loaded now, saved by the destructor; empty: no history file).
  LineReader(bool interactive, std::string history_path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool interactive() const { return interactive_; }
  /// Shows `prompt` (terminal only) and reads a line.
  Status ReadLine(const std::string& prompt, std::string* line);
  /// Adds an entry (a whole statement or a dot command) to the history.
  void AddHistory(const std::string& entry);

 private:
  bool interactive_;
  std::string history_path_;
};

}  // namespace sluice::cli
