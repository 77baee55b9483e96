#include "cli/line_reader.h"

// clang-format off
#include <cstdio>
#include <editline/readline.h>
// clang-format on

#include <cerrno>
#include <cstdlib>
#include <iostream>

#include "cli/interrupt.h"

namespace sluice::cli {
namespace {

constexpr int kHistorySize = 1000;

}  // namespace

LineReader::LineReader(bool interactive, std::string history_path)
    : interactive_(interactive), history_path_(std::move(history_path)) {
  if (!interactive_) return;
  // Our SIGINT handler (InterruptGuard) stays in charge: without it installed by
  // libedit, Ctrl-C makes readline() return null with the guard's flag set.
  rl_catch_signals = 0;
  using_history();
  stifle_history(kHistorySize);
  if (!history_path_.empty()) read_history(history_path_.c_str());
}

LineReader::~LineReader() {
  if (interactive_ && !history_path_.empty()) write_history(history_path_.c_str());
}

LineReader::Status LineReader::ReadLine(const std::string& prompt, std::string* line) {
  line->clear();
  if (interactive_) {
    char* text = readline(prompt.c_str());
    if (InterruptGuard::TakeInterrupt()) {
      std::free(text);
      std::fputs("^C\n", stdout);
      std::fflush(stdout);
      return Status::kInterrupted;
    }
    if (text == nullptr) return Status::kEndOfInput;
    *line = text;
    std::free(text);
    return Status::kLine;
  }
  if (std::getline(std::cin, *line)) {
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return Status::kLine;
  }
  if (InterruptGuard::TakeInterrupt()) {
    std::cin.clear();
    clearerr(stdin);
    return Status::kInterrupted;
  }
  return Status::kEndOfInput;
}

void LineReader::AddHistory(const std::string& entry) {
  if (interactive_ && !entry.empty()) add_history(entry.c_str());
}

}  // namespace sluice::cli
