#include "cli/interrupt.h"

#include <csignal>
#include <cstring>

#include "core/error.h"

namespace sluice::cli {
namespace {

// Read by the handler: lock-free atomics only (checked below).
std::atomic<engine::QueryEngine*> guarded_engine{nullptr};
std::atomic<bool> interrupted{false};
struct sigaction previous_action;

static_assert(std::atomic<engine::QueryEngine*>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

void OnInterrupt(int) {
  engine::QueryEngine* engine = guarded_engine.load(std::memory_order_relaxed);
  if (engine != nullptr) engine->Cancel();
  interrupted.store(true, std::memory_order_relaxed);
}

}  // namespace

InterruptGuard::InterruptGuard(engine::QueryEngine* engine) {
  SLUICE_ASSERT(guarded_engine.load() == nullptr, "one InterruptGuard at a time");
  guarded_engine.store(engine);
  interrupted.store(false);
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR
  sigaction(SIGINT, &action, &previous_action);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_action, nullptr);
  guarded_engine.store(nullptr);
}

bool InterruptGuard::TakeInterrupt() { return interrupted.exchange(false); }

}  // namespace sluice::cli
