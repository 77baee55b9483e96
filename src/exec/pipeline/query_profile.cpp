#include "exec/pipeline/query_profile.h"

#include <algorithm>
#include <cstdio>

#include "core/error.h"

namespace sluice::exec {
namespace {

std::string FormatDuration(uint64_t nanos) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", static_cast<double>(nanos) / 1e6);
  return text;
}

std::string FormatMemory(uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  }
  return text;
}

/// 1234567 → "1,234,567".
std::string FormatCount(uint64_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

QueryProfile::QueryProfile(const PhysicalOperator& root) : root_(root) { AddOperators(root); }

void QueryProfile::AddOperators(const PhysicalOperator& op) {
  counters_.emplace(&op, std::make_unique<OperatorCounters>());
  for (const auto& child : op.children()) AddOperators(*child);
}

QueryProfile::OperatorCounters& QueryProfile::counters(const PhysicalOperator& op) const {
  auto it = counters_.find(&op);
  SLUICE_ASSERT(it != counters_.end(), "a profiled operator belongs to the profiled plan");
  return *it->second;
}

uint64_t QueryProfile::peak_memory(const PhysicalOperator& op) const {
  std::lock_guard lock(mutex_);
  auto it = memory_.find(op.name());
  return it == memory_.end() ? 0 : it->second.peak;
}

void QueryProfile::Reserved(std::string_view op, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  Memory& memory = memory_[std::string(op)];
  memory.current += bytes;
  if (memory.current > memory.peak) memory.peak = memory.current;
}

void QueryProfile::Released(std::string_view op, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  auto it = memory_.find(std::string(op));
  if (it == memory_.end()) return;
  it->second.current -= std::min(bytes, it->second.current);
}

void QueryProfile::Render(const PhysicalOperator& op, int depth, std::string* out) const {
  const OperatorCounters& c = counters(op);
  *out += std::string(static_cast<size_t>(depth) * 2, ' ') + op.name();
  *out += "  (rows: " + FormatCount(c.rows.load()) + ", time: " + FormatDuration(c.nanos.load());
  uint64_t peak = peak_memory(op);
  if (peak > 0) *out += ", peak memory: " + FormatMemory(peak);
  *out += ")\n";
  for (const auto& child : op.children()) Render(*child, depth + 1, out);
}

std::string QueryProfile::ToString(std::chrono::nanoseconds total_time, uint64_t peak_bytes) const {
  std::string text;
  Render(root_, 0, &text);
  text += "Total: " + FormatDuration(static_cast<uint64_t>(total_time.count())) + " wall time, peak memory " +
          FormatMemory(peak_bytes) + " (times are summed over threads)\n";
  return text;
}

}  // namespace sluice::exec
