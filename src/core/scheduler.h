#pragma once
// The task scheduler shared by every stage of Sluice.
//
// One pool of worker threads per process (TaskScheduler::Global()), sized to the
// machine's cores unless SetThreads() says otherwise. Work is submitted through a
// TaskGroup, which waits for its own tasks and rethrows the first exception any of
// them threw (errors cross threads as std::exception_ptr). A thread that waits on a
// group runs queued tasks meanwhile, so groups can nest without deadlock.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sluice {

class TaskGroup;

class TaskScheduler {
 public:
  /// Starts `num_threads - 1` workers: the thread that waits on a group is the last one.
  explicit TaskScheduler(size_t num_threads);
  ~TaskScheduler();
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;

  /// The process-wide scheduler. Its size comes from SLUICE_THREADS, else the cores.
  static TaskScheduler& Global();
  /// Resizes the global scheduler; call only while no task is running.
  static void SetGlobalThreads(size_t num_threads);

  /// Threads that run tasks, counting the thread that waits.
  size_t num_threads() const { return num_threads_; }

 private:
  friend class TaskGroup;
  struct Task {
    std::function<void()> work;
    TaskGroup* group;
  };

  void Enqueue(Task task);
  /// Runs one queued task if there is one; returns whether it did.
  bool RunOne();
  void WorkerLoop();
  static void Execute(Task& task);

  size_t num_threads_;
  std::mutex mutex_;
  std::condition_variable work_available_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

/// A set of tasks that is waited for as one. Not copyable; Wait() before destruction
/// (the destructor waits too, but swallows errors).
class TaskGroup {
 public:
  explicit TaskGroup(TaskScheduler& scheduler = TaskScheduler::Global())
      : scheduler_(scheduler) {}
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  /// Queues `work` to run on some thread of the scheduler. Once a task has failed,
  /// tasks not started yet are skipped.
  void Run(std::function<void()> work);
  /// Blocks until every task of the group has finished, running queued tasks
  /// meanwhile; rethrows the first exception a task threw.
  void Wait();
  /// True once some task has thrown (lets long tasks stop early).
  bool failed() const;

 private:
  friend class TaskScheduler;
  void Finish(std::exception_ptr error);

  TaskScheduler& scheduler_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  size_t pending_ = 0;
  std::exception_ptr error_;
};

}  // namespace sluice
