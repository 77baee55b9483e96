#include "cli/statement_buffer.h"

#include <algorithm>
#include <cctype>

namespace sluice::cli {

void StatementBuffer::Append(std::string_view line) {
  text_.append(line);
  text_ += '\n';  // also ends a -- comment, and every pair lookahead stays inside text_
  Scan();
}

void StatementBuffer::Scan() {
  for (size_t i = scanned_; i < text_.size(); ++i) {
    char c = text_[i];
    char next = i + 1 < text_.size() ? text_[i + 1] : '\0';
    switch (state_) {
      case State::kCode:
        if (c == '\'') state_ = State::kString;
        else if (c == '"') state_ = State::kQuotedName;
        else if (c == '`') state_ = State::kBacktickName;
        else if (c == '-' && next == '-') state_ = State::kLineComment, ++i;
        else if (c == '/' && next == '*') state_ = State::kBlockComment, comment_depth_ = 1, ++i;
        else if (c == ';') ends_.push_back(i + 1);
        break;
      // A doubled quote inside a string or name leaves the state and enters it again,
      // which is the same as staying.
      case State::kString:
        if (c == '\'') state_ = State::kCode;
        break;
      case State::kQuotedName:
        if (c == '"') state_ = State::kCode;
        break;
      case State::kBacktickName:
        if (c == '`') state_ = State::kCode;
        break;
      case State::kLineComment:
        if (c == '\n') state_ = State::kCode;
        break;
      case State::kBlockComment:
        if (c == '/' && next == '*') {
          ++comment_depth_;
          ++i;
        } else if (c == '*' && next == '/') {
          ++i;
          if (--comment_depth_ == 0) state_ = State::kCode;
        }
        break;
    }
  }
  scanned_ = text_.size();
}

std::vector<std::string> StatementBuffer::TakeComplete() {
  std::vector<std::string> statements;
  size_t start = 0;
  for (size_t end : ends_) {
    statements.push_back(text_.substr(start, end - start));
    start = end;
  }
  ends_.clear();
  text_.erase(0, start);
  scanned_ = text_.size();
  // Only white space left (the line end after the `;`): start afresh.
  if (empty() && state_ == State::kCode) text_.clear(), scanned_ = 0;
  return statements;
}

std::string StatementBuffer::TakeRest() {
  std::string rest = std::move(text_);
  Clear();
  return rest;
}

bool StatementBuffer::empty() const {
  return std::all_of(text_.begin(), text_.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

void StatementBuffer::Clear() {
  text_.clear();
  scanned_ = 0;
  state_ = State::kCode;
  comment_depth_ = 0;
  ends_.clear();
}

}  // namespace sluice::cli
