#include "core/time_zone.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"

namespace sluice {

namespace {

using Seconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

constexpr int32_t kMaxOffsetMinutes = 14 * 60;
constexpr int32_t kFirstOffsetId = 1;
constexpr int32_t kFirstNamedId = 2048;

int32_t OffsetZoneId(int32_t offset_minutes) {
  return offset_minutes == 0 ? kUtcZoneId : kFirstOffsetId + offset_minutes + kMaxOffsetMinutes;
}

bool IsOffsetId(int32_t id) { return id >= kFirstOffsetId && id < kFirstNamedId; }

int32_t OffsetMinutesOf(int32_t id) { return id - kFirstOffsetId - kMaxOffsetMinutes; }

/// Offsets of named zones are read from a table of their transitions between these
/// instants (1900-01-01 and 2100-01-01 UTC, in seconds); cctz answers outside them.
constexpr int64_t kTableBegin = -2208988800;
constexpr int64_t kTableEnd = 4102444800;

struct NamedZone {
  std::string name;
  cctz::time_zone zone;
  std::vector<int64_t> starts;   ///< Instants (seconds) from which offsets[i] holds.
  std::vector<int32_t> offsets;

  NamedZone(std::string zone_name, cctz::time_zone tz) : name(std::move(zone_name)), zone(tz) {
    using std::chrono::seconds;
    Seconds tp{seconds(kTableBegin)};
    starts.push_back(kTableBegin);
    offsets.push_back(zone.lookup(tp).offset);
    cctz::time_zone::civil_transition transition;
    while (zone.next_transition(tp, &transition)) {
      const Seconds at = zone.lookup(transition.to).trans;
      if (at <= tp || at.time_since_epoch().count() >= kTableEnd) break;
      tp = at;
      starts.push_back(at.time_since_epoch().count());
      offsets.push_back(zone.lookup(at).offset);
    }
  }
};

class ZoneRegistry {
 public:
  static ZoneRegistry& Instance() {
    static ZoneRegistry registry;
    return registry;
  }

  bool Lookup(const std::string& name, int32_t* id) {
    {
      std::shared_lock lock(mutex_);
      auto it = ids_.find(name);
      if (it != ids_.end()) {
        *id = it->second;
        return true;
      }
    }
    cctz::time_zone zone;
    if (!cctz::load_time_zone(name, &zone)) return false;
    std::unique_lock lock(mutex_);
    auto it = ids_.find(name);
    if (it != ids_.end()) {
      *id = it->second;
      return true;
    }
    int32_t new_id = kFirstNamedId + static_cast<int32_t>(zones_.size());
    zones_.push_back(std::make_unique<NamedZone>(name, zone));
    ids_.emplace(name, new_id);
    *id = new_id;
    return true;
  }

  const NamedZone& Get(int32_t id) {
    std::shared_lock lock(mutex_);
    size_t index = static_cast<size_t>(id - kFirstNamedId);
    SLUICE_ASSERT(id >= kFirstNamedId && index < zones_.size(), "unknown time zone id");
    return *zones_[index];
  }

 private:
  std::shared_mutex mutex_;
  std::unordered_map<std::string, int32_t> ids_;
  std::vector<std::unique_ptr<NamedZone>> zones_;
};

bool ParseDigits(std::string_view text, int32_t* value) {
  if (text.empty() || text.size() > 2) return false;
  int32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

/// "+05:30", "-0800", "+05", "+5".
bool ParseOffset(std::string_view text, int32_t* minutes) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return false;
  bool negative = text[0] == '-';
  std::string_view rest = text.substr(1);
  int32_t hours = 0, mins = 0;
  if (rest.size() <= 2) {
    if (!ParseDigits(rest, &hours)) return false;
  } else if (rest.size() == 5 && rest[2] == ':') {
    if (!ParseDigits(rest.substr(0, 2), &hours) || !ParseDigits(rest.substr(3), &mins)) {
      return false;
    }
  } else if (rest.size() == 4) {
    if (!ParseDigits(rest.substr(0, 2), &hours) || !ParseDigits(rest.substr(2), &mins)) {
      return false;
    }
  } else {
    return false;
  }
  if (mins >= 60) return false;
  int32_t total = hours * 60 + mins;
  if (total > kMaxOffsetMinutes) return false;
  *minutes = negative ? -total : total;
  return true;
}

const cctz::time_zone& NamedZoneOf(int32_t id) { return ZoneRegistry::Instance().Get(id).zone; }

}  // namespace

bool LookupTimeZone(std::string_view name, int32_t* zone_id) {
  if (name == "UTC" || name == "Z" || name == "utc" || name == "GMT" || name == "Etc/UTC" ||
      name == "UCT" || name == "Zulu") {
    *zone_id = kUtcZoneId;
    return true;
  }
  int32_t minutes = 0;
  if (ParseOffset(name, &minutes)) {
    *zone_id = OffsetZoneId(minutes);
    return true;
  }
  // IANA names are letters, digits, '/', '_', '-', '+'; refuse anything else early
  // so that user text never reaches the file system as a path.
  if (name.empty() || name.size() > 64 || name.find("..") != std::string_view::npos ||
      name.front() == '/') {
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return ZoneRegistry::Instance().Lookup(std::string(name), zone_id);
}

std::string TimeZoneName(int32_t zone_id) {
  if (zone_id == kUtcZoneId) return "UTC";
  if (IsOffsetId(zone_id)) {
    int32_t minutes = OffsetMinutesOf(zone_id);
    char buf[8];
    int32_t abs_minutes = minutes < 0 ? -minutes : minutes;
    buf[0] = minutes < 0 ? '-' : '+';
    buf[1] = static_cast<char>('0' + abs_minutes / 600);
    buf[2] = static_cast<char>('0' + abs_minutes / 60 % 10);
    buf[3] = ':';
    buf[4] = static_cast<char>('0' + abs_minutes % 60 / 10);
    buf[5] = static_cast<char>('0' + abs_minutes % 10);
    return std::string(buf, 6);
  }
  return ZoneRegistry::Instance().Get(zone_id).name;
}

std::string TimeZoneAbbreviation(int32_t zone_id, int64_t utc_micros) {
  if (zone_id == kUtcZoneId || IsOffsetId(zone_id)) return TimeZoneName(zone_id);
  Seconds tp{std::chrono::seconds(FloorDiv(utc_micros, kMicrosPerSecond))};
  return NamedZoneOf(zone_id).lookup(tp).abbr;
}

int32_t UtcOffsetSeconds(int32_t zone_id, int64_t utc_micros) {
  if (zone_id == kUtcZoneId) return 0;
  if (IsOffsetId(zone_id)) return OffsetMinutesOf(zone_id) * 60;
  // Values of a column are usually close in time: remember, per thread, the span
  // between two transitions of the last zone looked up and answer from it; else
  // binary-search the zone's table of transitions.
  struct OffsetSpan {
    int32_t zone_id = -1;
    int64_t begin = 0;  ///< Seconds since the epoch, inclusive.
    int64_t end = 0;    ///< Exclusive.
    int32_t offset = 0;
  };
  thread_local OffsetSpan span;
  const int64_t seconds = FloorDiv(utc_micros, kMicrosPerSecond);
  if (span.zone_id == zone_id && seconds >= span.begin && seconds < span.end) return span.offset;
  const NamedZone& zone = ZoneRegistry::Instance().Get(zone_id);
  if (seconds < kTableBegin || seconds >= kTableEnd) {
    return zone.zone.lookup(Seconds{std::chrono::seconds(seconds)}).offset;
  }
  const size_t index = static_cast<size_t>(
      std::upper_bound(zone.starts.begin(), zone.starts.end(), seconds) - zone.starts.begin() - 1);
  const int32_t offset = zone.offsets[index];
  span = OffsetSpan{zone_id, zone.starts[index],
                    index + 1 < zone.starts.size() ? zone.starts[index + 1] : kTableEnd, offset};
  return offset;
}

int64_t UtcToLocalMicros(int32_t zone_id, int64_t utc_micros) {
  return utc_micros + int64_t{UtcOffsetSeconds(zone_id, utc_micros)} * kMicrosPerSecond;
}

int64_t LocalToUtcMicros(int32_t zone_id, int64_t local_micros) {
  if (zone_id == kUtcZoneId) return local_micros;
  if (IsOffsetId(zone_id)) return local_micros - int64_t{OffsetMinutesOf(zone_id)} * kMicrosPerMinute;
  int64_t local_seconds = FloorDiv(local_micros, kMicrosPerSecond);
  int64_t sub_second = local_micros - local_seconds * kMicrosPerSecond;
  int64_t days = FloorDiv(local_seconds, 86400);
  int64_t second_of_day = local_seconds - days * 86400;
  CivilDate date = CivilFromDays(static_cast<int32_t>(days));
  cctz::civil_second civil(date.year, date.month, date.day, second_of_day / 3600,
                           second_of_day / 60 % 60, second_of_day % 60);
  const cctz::time_zone::civil_lookup lookup = NamedZoneOf(zone_id).lookup(civil);
  // UNIQUE and REPEATED: `pre` is the earlier instant. SKIPPED: `pre` uses the
  // offset before the transition, which moves the time forward past the gap.
  Seconds instant = lookup.pre;
  return static_cast<int64_t>(instant.time_since_epoch().count()) * kMicrosPerSecond + sub_second;
}

}  // namespace sluice
