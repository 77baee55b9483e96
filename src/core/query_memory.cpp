#include "core/query_memory.h"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <string>

#include "core/error.h"

namespace sluice {
namespace {

std::string FormatBytes(uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[64];
  if (unit == 0) {
    snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  } else {
    snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  }
  return text;
}

uint64_t PhysicalMemory() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return uint64_t{8} << 30;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
}

}  // namespace

void QueryMemory::Reserve(uint64_t bytes, std::string_view op) {
  uint64_t now = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  if (limit_ != 0 && now > limit_) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    throw OutOfMemoryError("query memory limit of " + FormatBytes(limit_) + " exceeded by " + std::string(op) +
                           " (it asked for " + FormatBytes(bytes) + " more with " + FormatBytes(now - bytes) +
                           " in use); raise --memory-limit or make the query need less");
  }
  if (observer_ != nullptr) observer_->Reserved(op, bytes);
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

uint64_t QueryMemory::DefaultLimit() { return PhysicalMemory() / 10 * 8; }

uint64_t QueryMemory::ParseLimit(std::string_view text) {
  std::string s(text);
  size_t pos = 0;
  double number = 0;
  try {
    number = std::stod(s, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  std::string unit;
  for (size_t i = pos; i < s.size(); ++i) {
    if (!std::isspace(static_cast<unsigned char>(s[i]))) unit += static_cast<char>(std::tolower(s[i]));
  }
  if (pos == 0 || !(number > 0) || !std::isfinite(number)) {
    throw InvalidArgumentError("invalid memory limit '" + s + "': expected a size such as 512MB, 4GiB or 80%");
  }
  double multiplier = 0;
  if (unit.empty() || unit == "b") multiplier = 1;
  else if (unit == "kb" || unit == "kib" || unit == "k") multiplier = 1024.0;
  else if (unit == "mb" || unit == "mib" || unit == "m") multiplier = 1024.0 * 1024;
  else if (unit == "gb" || unit == "gib" || unit == "g") multiplier = 1024.0 * 1024 * 1024;
  else if (unit == "tb" || unit == "tib" || unit == "t") multiplier = 1024.0 * 1024 * 1024 * 1024;
  else if (unit == "%") {
    if (number > 100) throw InvalidArgumentError("invalid memory limit '" + s + "': a percentage is at most 100%");
    return static_cast<uint64_t>(static_cast<double>(PhysicalMemory()) * number / 100);
  } else {
    throw InvalidArgumentError("invalid memory limit '" + s + "': unknown unit '" + unit +
                               "' (use B, KB, MB, GB, TB or %)");
  }
  return static_cast<uint64_t>(number * multiplier);
}

}  // namespace sluice
