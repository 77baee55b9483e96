#pragma once
// The shell's input buffer: lines accumulate until a `;` outside quotes and comments
// ends a statement, so a statement may span lines and a line may hold several.

#include <string>
#include <string_view>
#include <vector>

namespace sluice::cli {

/// Lines of SQL in, complete statements out. Knows Trino's lexical rules only as far
/// as needed to find statement ends: '…' strings ('' escapes), "…" and `…` names,
/// -- line comments and nested /* */ comments.
class StatementBuffer {
 public:
  /// Adds one line (without its line end).
  void Append(std::string_view line);
  /// The statements completed so far, each with its `;`, in order; they leave the
  /// buffer. Text after the last `;` stays.
  std::vector<std::string> TakeComplete();
  /// Everything still buffered (an unterminated statement); empties the buffer.
  std::string TakeRest();
  /// True when the buffer holds only white space (a new statement starts).
  bool empty() const;
  void Clear();

 private:
  enum class State { kCode, kString, kQuotedName, kBacktickName, kLineComment, kBlockComment };
  void Scan();

  std::string text_;
  size_t scanned_ = 0;  ///< text_[0, scanned_) has been scanned.
  State state_ = State::kCode;
  int comment_depth_ = 0;
  std::vector<size_t> ends_;  ///< Offsets just past each complete statement's `;`.
};

}  // namespace sluice::cli
