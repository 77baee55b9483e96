#include "core/scheduler.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

namespace sluice {

namespace {

size_t DefaultThreads() {
  if (const char* env = std::getenv("SLUICE_THREADS")) {
    long n = std::strtol(env, nullptr, 10);
    if (n >= 1 && n <= 1024) return static_cast<size_t>(n);
  }
  return std::max<size_t>(1, std::thread::hardware_concurrency());
}

std::unique_ptr<TaskScheduler>& GlobalSlot() {
  static std::unique_ptr<TaskScheduler> scheduler;
  return scheduler;
}

std::mutex& GlobalMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

TaskScheduler::TaskScheduler(size_t num_threads) : num_threads_(std::max<size_t>(1, num_threads)) {
  for (size_t i = 1; i < num_threads_; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

TaskScheduler::~TaskScheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_available_.notify_all();
  for (std::thread& t : workers_) t.join();
}

TaskScheduler& TaskScheduler::Global() {
  std::lock_guard lock(GlobalMutex());
  auto& slot = GlobalSlot();
  if (!slot) slot = std::make_unique<TaskScheduler>(DefaultThreads());
  return *slot;
}

void TaskScheduler::SetGlobalThreads(size_t num_threads) {
  std::lock_guard lock(GlobalMutex());
  auto& slot = GlobalSlot();
  if (slot && slot->num_threads() == num_threads) return;
  slot.reset();
  slot = std::make_unique<TaskScheduler>(num_threads);
}

void TaskScheduler::Enqueue(Task task) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
  }
  work_available_.notify_one();
}

bool TaskScheduler::RunOne() {
  Task task;
  {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return false;
    task = std::move(queue_.front());
    queue_.pop_front();
  }
  Execute(task);
  return true;
}

void TaskScheduler::WorkerLoop() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      work_available_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    Execute(task);
  }
}

void TaskScheduler::Execute(Task& task) {
  std::exception_ptr error;
  if (!task.group->failed()) {
    try {
      task.work();
    } catch (...) {
      error = std::current_exception();
    }
  }
  task.work = nullptr;  // release captured state before the group may be destroyed
  task.group->Finish(error);
}

TaskGroup::~TaskGroup() {
  try {
    Wait();
  } catch (...) {
  }
}

void TaskGroup::Run(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    ++pending_;
  }
  scheduler_.Enqueue(TaskScheduler::Task{std::move(work), this});
}

void TaskGroup::Finish(std::exception_ptr error) {
  std::lock_guard lock(mutex_);
  if (error && !error_) error_ = error;
  if (--pending_ == 0) done_.notify_all();
}

bool TaskGroup::failed() const {
  std::lock_guard lock(mutex_);
  return error_ != nullptr;
}

void TaskGroup::Wait() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (pending_ == 0) break;
    }
    // Help: run queued work (ours or others') instead of sleeping.
    if (scheduler_.RunOne()) continue;
    std::unique_lock lock(mutex_);
    done_.wait_for(lock, std::chrono::milliseconds(1), [this] { return pending_ == 0; });
  }
  std::exception_ptr error;
  {
    std::lock_guard lock(mutex_);
    error = error_;
    error_ = nullptr;
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace sluice
