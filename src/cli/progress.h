#pragma once
// Progress of long work on a terminal: rows and MB/s on stderr, redrawn in place at
// most a few times a second. Silent when stderr is not a terminal (pipes, CI, logs).

#include <chrono>
#include <cstdint>
#include <string>

namespace sluice::cli {

class Progress {
 public:
  /// `label` prefixes the line ("converting space.csv").
  explicit Progress(std::string label);
  ~Progress();
  /// Reports totals so far; cheap enough to call per chunk.
  void Update(uint64_t rows, uint64_t bytes);
  /// Clears the progress line (before the final summary is printed).
  void Done();
  /// Seconds since construction.
  double elapsed_seconds() const;

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace sluice::cli
