// QueryEngine::Cancel stops a running query promptly, from another thread.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/error.h"
#include "engine_test_support.h"

namespace sluice::engine {
namespace {

using CancelTest = EngineTest;

/// A query that runs for many seconds: each of 200,000 rows pads a string to 10,000
/// characters.
std::string SlowQuery(const std::string& path) {
  return "SELECT sum(length(lpad(k, 10000, 'x'))) FROM read_csv('" + path + "')";
}

TEST_F(CancelTest, CancelFromAnotherThreadStopsTheQuery) {
  std::string path = WriteDistinctKeys("keys.csv", 200000);
  QueryEngine engine;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    engine.Cancel();
  });
  auto start = std::chrono::steady_clock::now();
  try {
    engine.ExecuteAll(SlowQuery(path));
    ADD_FAILURE() << "expected InterruptedError";
  } catch (const InterruptedError& e) {
    EXPECT_STREQ(e.what(), "query cancelled");
  }
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(CancelTest, AnEarlierCancelDoesNotStopTheNextQuery) {
  std::string path = Write("t.csv", "k,v\na,1\n");
  QueryEngine engine;
  engine.Cancel();
  EXPECT_EQ(engine.ExecuteAll("SELECT k FROM read_csv('" + path + "')").back().num_rows(), 1u);
  EXPECT_FALSE(engine.cancel_requested());
}

}  // namespace
}  // namespace sluice::engine
