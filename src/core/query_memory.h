#pragma once
// Memory accounting for one query: operators that hold data (hash tables, sorts,
// aggregates, joins, windows) reserve what they allocate before they allocate it, and
// a reservation past the query's limit throws OutOfMemoryError naming the operator —
// the query stops cleanly instead of the process being killed. Thread-safe.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

/// Told of every change to a QueryMemory's reservations, with the operator's name:
/// EXPLAIN ANALYZE keeps per-operator peaks this way. Called from any thread.
class MemoryObserver {
 public:
  virtual ~MemoryObserver() = default;
  virtual void Reserved(std::string_view op, uint64_t bytes) = 0;
  virtual void Released(std::string_view op, uint64_t bytes) = 0;
};

class QueryMemory {
 public:
  /// `limit` in bytes; 0 means no limit.
  explicit QueryMemory(uint64_t limit = 0) : limit_(limit) {}
  QueryMemory(const QueryMemory&) = delete;
  QueryMemory& operator=(const QueryMemory&) = delete;

  /// Accounts `bytes` more for `op` (an operator's name, for the message); throws
  /// OutOfMemoryError when the total would pass the limit (nothing is accounted then).
  void Reserve(uint64_t bytes, std::string_view op);
  /// Gives back `bytes` reserved earlier (by `op`, for the observer).
  void Release(uint64_t bytes, std::string_view op = {}) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    if (observer_ != nullptr) observer_->Released(op, bytes);
  }
  /// Set before the query runs (not thread-safe); null: none (the default, no cost).
  void set_observer(MemoryObserver* observer) { observer_ = observer; }

  uint64_t limit() const { return limit_; }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }

  /// 80% of the machine's physical memory (the default limit).
  static uint64_t DefaultLimit();
  /// "512MB", "4GiB", "80%" (of RAM), plain bytes → bytes; InvalidArgumentError otherwise.
  static uint64_t ParseLimit(std::string_view text);

 private:
  uint64_t limit_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
  MemoryObserver* observer_ = nullptr;
};

/// What one operator's state holds of a QueryMemory; released when destroyed.
/// Not thread-safe itself: one per thread-local state, or guarded by its owner.
class MemoryReservation {
 public:
  MemoryReservation() = default;
  MemoryReservation(QueryMemory* memory, std::string op) : memory_(memory), op_(std::move(op)) {}
  ~MemoryReservation() { Reset(); }
  MemoryReservation(MemoryReservation&& other) noexcept { *this = std::move(other); }
  MemoryReservation& operator=(MemoryReservation&& other) noexcept {
    if (this != &other) {
      Reset();
      memory_ = other.memory_;
      op_ = std::move(other.op_);
      bytes_ = other.bytes_;
      other.bytes_ = 0;
    }
    return *this;
  }

  /// Makes the reservation `bytes` in total (grows or shrinks it).
  void Resize(uint64_t bytes) {
    if (memory_ == nullptr) return;
    if (bytes > bytes_) {
      memory_->Reserve(bytes - bytes_, op_);
    } else {
      memory_->Release(bytes_ - bytes, op_);
    }
    bytes_ = bytes;
  }
  void Grow(uint64_t bytes) { Resize(bytes_ + bytes); }
  void Reset() {
    if (memory_ != nullptr && bytes_ > 0) memory_->Release(bytes_, op_);
    bytes_ = 0;
  }
  uint64_t bytes() const { return bytes_; }

 private:
  QueryMemory* memory_ = nullptr;
  std::string op_;
  uint64_t bytes_ = 0;
};

}  // namespace sluice
