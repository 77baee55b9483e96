#include "core/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "core/error.h"

namespace sluice {
namespace {

TEST(SchedulerTest, RunsAllTasks) {
  TaskScheduler scheduler(4);
  std::atomic<int> sum{0};
  TaskGroup group(scheduler);
  for (int i = 1; i <= 1000; ++i) group.Run([&sum, i] { sum += i; });
  group.Wait();
  EXPECT_EQ(sum.load(), 500500);
}

TEST(SchedulerTest, PropagatesTheFirstError) {
  TaskScheduler scheduler(2);
  TaskGroup group(scheduler);
  group.Run([] { throw FormatError("bad row"); });
  try {
    group.Wait();
    FAIL() << "expected an exception";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "bad row");
  }
  // The group is usable again after Wait.
  std::atomic<int> ran{0};
  group.Run([&] { ++ran; });
  group.Wait();
  EXPECT_EQ(ran.load(), 1);
}

TEST(SchedulerTest, NestedGroupsDoNotDeadlock) {
  TaskScheduler scheduler(2);
  std::atomic<int> leaves{0};
  TaskGroup outer(scheduler);
  for (int i = 0; i < 8; ++i) {
    outer.Run([&] {
      TaskGroup inner(scheduler);
      for (int j = 0; j < 8; ++j) inner.Run([&] { ++leaves; });
      inner.Wait();
    });
  }
  outer.Wait();
  EXPECT_EQ(leaves.load(), 64);
}

TEST(SchedulerTest, SingleThreadRunsOnTheWaiter) {
  TaskScheduler scheduler(1);
  int count = 0;  // no race: only the waiting thread runs tasks
  TaskGroup group(scheduler);
  for (int i = 0; i < 10; ++i) group.Run([&] { ++count; });
  group.Wait();
  EXPECT_EQ(count, 10);
}

}  // namespace
}  // namespace sluice
