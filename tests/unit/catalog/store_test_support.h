#pragma once
// Helpers shared by the tests of the individual catalog stores (sqlite_store_test.cpp,
// postgres_store_test.cpp): model values to write, error capture, forked children, and
// the bodies of the tests both stores run with their own settings (thread and process
// counts, timings). Tests that are the same for every store belong in the conformance
// suite (store_conformance.h) instead.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "catalog/model.h"
#include "catalog/store.h"
#include "core/error.h"
#include "core/types.h"

namespace sluice::catalog::testing {

/// The message of the CatalogError `call` throws, or "no error".
inline std::string CatalogErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const CatalogError& e) {
    return e.what();
  }
  return "no error";
}

/// Table `database`.`name` with columns id BIGINT, value DOUBLE and the first `num_keys`
/// (at most 3) of the VARCHAR partition keys year, month, day.
inline Table PartitionedTable(const std::string& database, const std::string& name, size_t num_keys) {
  Table table;
  table.database = database;
  table.name = name;
  table.columns = {{"id", DataType::BigInt(), ""}, {"value", DataType::Double(), ""}};
  const char* keys[] = {"year", "month", "day"};
  for (size_t i = 0; i < num_keys; ++i) table.partition_keys.push_back({keys[i], DataType::Varchar(), ""});
  table.location = database + "/" + name;
  return table;
}

/// A database named `name` at location `name`.
inline Database Zone(const std::string& name) {
  Database database;
  database.name = name;
  database.location = name;
  return database;
}

/// Runs `body` in a forked child; returns its pid. The child exits 0 when `body`
/// returns and 1 when it throws (printing the error), with _exit: it never returns into
/// gtest and never closes the parent's files or connections.
template <typename Body>
pid_t Fork(Body body) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  int code = 0;
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "child %d: %s\n", static_cast<int>(getpid()), e.what());
    code = 1;
  }
  std::fflush(nullptr);
  _exit(code);
}

/// The exit code of child `pid` (128 + signal when killed), or -1.
inline int WaitFor(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Checks that reads through `store` inside its own Write see that transaction and that
/// nested Writes are savepoints (a failed one is undone, the rest commits).
inline void ExpectReadsInsideAWriteJoinItAndNestedWritesAreSavepoints(CatalogStore& store) {
  store.Write([&](CatalogWriter& writer) {
    writer.CreateDatabase(Zone("raw"), false);
    // Through the store on the writing thread: the same transaction.
    EXPECT_TRUE(store.GetDatabase("raw").has_value());
    store.Write([](CatalogWriter& inner) { inner.CreateDatabase(Zone("curated"), false); });
    EXPECT_THROW(store.Write([](CatalogWriter& inner) {
      inner.CreateDatabase(Zone("drop"), false);
      throw std::runtime_error("inner failure");
    }),
                 std::runtime_error);
    EXPECT_FALSE(writer.GetDatabase("drop").has_value());
  });
  std::vector<std::string> names;
  for (const Database& database : store.ListDatabases()) names.push_back(database.name);
  EXPECT_EQ(names, (std::vector<std::string>{"curated", "raw"}));
}

/// Checks that `threads` threads each doing `increments` read-modify-write increments of
/// a counter in state through one store (with reads between) lose no update.
inline void ExpectConcurrentThreadsShareOneStore(CatalogStore& store, int threads, int increments) {
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < increments; ++i) {
        store.Write([](CatalogWriter& writer) {
          const std::optional<std::string> value = writer.GetState("test", "counter");
          writer.PutState("test", "counter", std::to_string((value ? std::stoi(*value) : 0) + 1));
        });
        store.ListState("test");
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  EXPECT_EQ(store.GetState("test", "counter"), std::to_string(threads * increments));
}

/// 10,000 partitions of a table partitioned by year, month, day (2000-01-01 on, 34 days
/// a month), in key order, each with stats {1, 1000, 10}.
inline std::vector<Partition> TenThousandPartitions() {
  std::vector<Partition> partitions;
  for (int year = 2000; year < 2025; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= 34 && partitions.size() < 10'000; ++day) {
        char month_text[4], day_text[4];
        std::snprintf(month_text, sizeof(month_text), "%02d", month);
        std::snprintf(day_text, sizeof(day_text), "%02d", day);
        Partition partition;
        partition.values = {std::to_string(year), month_text, day_text};
        partition.location = "raw/events/year=" + partition.values[0] + "/month=" + month_text + "/day=" + day_text;
        partition.stats = {1, 1000, 10};
        partitions.push_back(std::move(partition));
      }
    }
  }
  return partitions;
}

/// Creates raw.events (3 partition keys) with `partitions` in one transaction; returns
/// the milliseconds it took.
inline double PutPartitionsTimed(CatalogStore& store, const std::vector<Partition>& partitions) {
  const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  store.Write([&](CatalogWriter& writer) {
    writer.CreateDatabase(Zone("raw"), false);
    writer.CreateTable(PartitionedTable("raw", "events", 3), ChangeCause{"crawler", "events", 0}, false);
    writer.PutPartitions("raw", "events", partitions);
  });
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// Lists raw.events' partitions three times; returns the best time in milliseconds and
/// sets `listed` to the list.
inline double BestListMillis(CatalogStore& store, std::vector<Partition>& listed) {
  double best_ms = 1e9;
  for (int round = 0; round < 3; ++round) {
    const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    listed = store.ListPartitions("raw", "events");
    best_ms = std::min(best_ms,
                       std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return best_ms;
}

/// One process's share of the work: `n` read-modify-write increments of a counter kept
/// in state, each with a new table and a partition of a shared table; reads between.
inline void IncrementManyTimes(CatalogStore& store, const std::string& who, int n) {
  for (int i = 0; i < n; ++i) {
    store.Write([&](CatalogWriter& writer) {
      const std::optional<std::string> value = writer.GetState("test", "counter");
      const int counter = value ? std::stoi(*value) : 0;
      writer.PutState("test", "counter", std::to_string(counter + 1));
      writer.CreateDatabase(Zone("raw"), true);
      writer.CreateTable(PartitionedTable("raw", who + "_" + std::to_string(i), 0), ChangeCause{"job", who, 0}, false);
      if (!writer.GetTable("raw", "shared")) {
        writer.CreateTable(PartitionedTable("raw", "shared", 2), ChangeCause{"job", who, 0}, false);
      }
      Partition partition;
      partition.values = {who, std::to_string(i)};
      partition.location = "raw/shared/" + who + "/" + std::to_string(i);
      writer.PutPartitions("raw", "shared", {partition});
    });
    if (i % 10 == 0) {
      store.ListTables("raw");
      store.ListPartitions("raw", "shared");
    }
  }
}

/// Runs `work("first")` and `work("second")` in two forked children started at the same
/// moment; expects both to succeed, prints the time taken and returns it in seconds.
inline double RunTwoProcessesAtOnce(int increments, const std::function<void(const std::string& who)>& work) {
  int go[2];
  EXPECT_EQ(pipe(go), 0);
  auto start_together = [&] {
    char byte = 0;
    if (read(go[0], &byte, 1) != 1) throw std::runtime_error("no start signal");
  };
  const pid_t first = Fork([&] {
    start_together();
    work("first");
  });
  const pid_t second = Fork([&] {
    start_together();
    work("second");
  });
  const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  EXPECT_EQ(write(go[1], "xx", 2), 2);
  EXPECT_EQ(WaitFor(first), 0);
  EXPECT_EQ(WaitFor(second), 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  close(go[0]);
  close(go[1]);
  std::printf("[ timing ] two processes, %d read-modify-write transactions each: %.2f s\n", increments, seconds);
  return seconds;
}

/// Checks what two processes doing IncrementManyTimes(`increments`) at once leave.
inline void ExpectNoLostIncrement(CatalogStore& store, int increments) {
  EXPECT_EQ(store.GetState("test", "counter"), std::to_string(2 * increments));
  EXPECT_EQ(store.ListTables("raw").size(), static_cast<size_t>(2 * increments + 1));
  EXPECT_EQ(store.ListPartitions("raw", "shared").size(), static_cast<size_t>(2 * increments));
  EXPECT_EQ(store.ListVersions("raw", "shared").size(), 1u);
}

}  // namespace sluice::catalog::testing
