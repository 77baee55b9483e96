#include "sql/expression/functions/datetime_kernel.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "sql/expression/functions/builtin_functions.h"

namespace sluice::sql {

namespace datetime {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// Lower-case IANA zone name → its spelling, from the tzdata folder that cctz reads
/// (TZDIR or /usr/share/zoneinfo), listed once on first use.
const std::unordered_map<std::string, std::string>& ZoneNamesByLowerCase() {
  static const auto* names = [] {
    auto* map = new std::unordered_map<std::string, std::string>();
    const char* tzdir = std::getenv("TZDIR");
    const std::filesystem::path root = tzdir != nullptr && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo";
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(root, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      const std::string relative = std::filesystem::relative(it->path(), root, error).generic_string();
      if (relative == "posix" || relative == "right") {
        it.disable_recursion_pending();  // copies of the same zones
        continue;
      }
      const std::string first(relative.substr(0, 1));
      if (it->is_regular_file(error) && !first.empty() && first[0] >= 'A' && first[0] <= 'Z') {
        map->emplace(Lower(relative), relative);
      }
    }
    return map;
  }();
  return *names;
}

}  // namespace

bool LookupZoneName(std::string_view name, int32_t* zone_id) {
  if (LookupTimeZone(name, zone_id)) return true;
  if (name.empty() || name.size() > 64) return false;
  const std::string lower = Lower(name);
  if (lower == "utc" || lower == "z" || lower == "gmt") {
    *zone_id = kUtcZoneId;
    return true;
  }
  const auto& names = ZoneNamesByLowerCase();
  auto it = names.find(lower);
  return it != names.end() && LookupTimeZone(it->second, zone_id);
}

int32_t ZoneIdOf(std::string_view name) {
  int32_t zone_id = 0;
  if (!LookupZoneName(name, &zone_id)) {
    throw InvalidArgumentError("unknown time zone '" + std::string(name) + "'");
  }
  return zone_id;
}

int32_t ZoneIdOfOffset(int64_t offset_millis) {
  constexpr int64_t kMillisPerMinute = 60000;
  constexpr int64_t kLimit = 14 * 60 * kMillisPerMinute;
  if (offset_millis % kMillisPerMinute != 0 || offset_millis < -kLimit || offset_millis > kLimit) {
    throw InvalidArgumentError("invalid time zone offset " + Value::IntervalDayTime(offset_millis).ToString() +
                               " (expected whole minutes between -14:00 and +14:00)");
  }
  const int64_t minutes = offset_millis / kMillisPerMinute;
  const int64_t magnitude = minutes < 0 ? -minutes : minutes;
  const char name[6] = {minutes < 0 ? '-' : '+',
                        static_cast<char>('0' + magnitude / 600),
                        static_cast<char>('0' + magnitude / 60 % 10),
                        ':',
                        static_cast<char>('0' + magnitude % 60 / 10),
                        static_cast<char>('0' + magnitude % 10)};
  return ZoneIdOf(std::string_view(name, 6));
}

int64_t IntervalMicros(int64_t millis) {
  int64_t micros = 0;
  if (__builtin_mul_overflow(millis, int64_t{1000}, &micros)) {
    throw InvalidArgumentError("timestamp out of range: the interval " + Value::IntervalDayTime(millis).ToString() +
                               " exceeds the timestamp range");
  }
  return micros;
}

}  // namespace datetime

void RegisterDateTimeFunctions(FunctionRegistry* registry) {
  datetime::RegisterDateTimeFieldFunctions(registry);
  datetime::RegisterDateTimeZoneFunctions(registry);
  datetime::RegisterDateTimeTextFunctions(registry);
}

}  // namespace sluice::sql
