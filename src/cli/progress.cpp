#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace sluice::cli {

Progress::Progress(std::string label)
    : label_(std::move(label)),
      enabled_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { Done(); }

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::Update(uint64_t rows, uint64_t bytes) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(250)) return;
  last_draw_ = now;
  double seconds = elapsed_seconds();
  double mb = static_cast<double>(bytes) / 1e6;
  std::fprintf(stderr, "\r\033[K%s: %llu rows, %.1f MB, %.1f MB/s", label_.c_str(),
               static_cast<unsigned long long>(rows), mb, seconds > 0 ? mb / seconds : 0.0);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Done() {
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace sluice::cli
