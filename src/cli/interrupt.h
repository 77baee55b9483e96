#pragma once
// Ctrl-C in the CLI: SIGINT cancels the running query (QueryEngine::Cancel, one
// atomic store, which is async-signal-safe) and is remembered for the code that
// reads input, instead of killing the process.

#include "engine/query_engine.h"

namespace sluice::cli {

/// While alive, SIGINT calls `engine->Cancel()` and sets a flag TakeInterrupt() reads.
/// The handler is installed without SA_RESTART, so a blocking read of standard input
/// returns early (EINTR) and the reader can look at the flag. One guard at a time;
/// the previous handler comes back when it is destroyed.
class InterruptGuard {
 public:
  explicit InterruptGuard(engine::QueryEngine* engine);
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// True when SIGINT arrived since the last call (which clears it).
  static bool TakeInterrupt();
};

}  // namespace sluice::cli
