#pragma once
// One row of the space-occupancy event data set and the generator of its rows.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "civil_date.h"
#include "event_note.h"
#include "random.h"

namespace sluice::datagen {

/// Columns in output order.
enum class EventColumn : uint8_t {
  kEventId,      ///< BIGINT 1..N, never NULL.
  kCompanyId,    ///< INTEGER 1..50.
  kBuildingId,   ///< INTEGER 1..500; building b belongs to company (b - 1) / 10 + 1.
  kSpaceId,      ///< INTEGER 1..20000; space s is in building (s - 1) / 40 + 1.
  kEventTs,      ///< TIMESTAMP in 2024, microsecond resolution, no zone.
  kPeopleCount,  ///< INTEGER 0..400, mostly small.
  kDeviceId,     ///< VARCHAR "dev-" + 6 lower-case hex digits.
  kNote,         ///< VARCHAR, see NoteKind.
};
inline constexpr int kNumEventColumns = 8;

inline constexpr std::array<std::string_view, kNumEventColumns> kEventColumnNames = {
    "event_id", "company_id", "building_id", "space_id",
    "event_ts", "people_count", "device_id", "note"};

/// A generated row. Values of NULL columns are still filled in (and ignored).
struct SpaceEvent {
  int64_t event_id = 0;
  int64_t company_id = 0;
  int64_t building_id = 0;
  int64_t space_id = 0;
  int64_t people_count = 0;
  /// "YYYY-MM-DD HH:MM:SS" plus ".f" .. ".ffffff" without trailing zeros.
  std::array<char, 26> timestamp{};
  uint8_t timestamp_size = 0;
  std::array<char, 10> device_id{};
  std::string note;
  /// Bit i set: column EventColumn(i) is NULL.
  uint8_t null_mask = 0;

  bool IsNull(EventColumn column) const {
    return (null_mask >> static_cast<int>(column) & 1u) != 0;
  }
  std::string_view timestamp_text() const { return {timestamp.data(), timestamp_size}; }
  std::string_view device_id_text() const { return {device_id.data(), device_id.size()}; }
};

/// Produces rows 1, 2, 3, ... of one seeded data set. The sequence depends only on
/// the constructor arguments. Not thread-safe.
class SpaceEventGenerator {
 public:
  /// `null_share_ppb`: probability, in parts per 10^9, that each nullable column is
  /// NULL. `avoid_lone_carriage_return`: see NoteGenerator.
  SpaceEventGenerator(uint64_t seed, uint32_t null_share_ppb, bool avoid_lone_carriage_return);

  /// Overwrites `event` with the next row; reusing one SpaceEvent avoids allocations.
  void Next(SpaceEvent& event);

 private:
  void DrawTimestamp(SpaceEvent& event);
  void DrawDeviceId(SpaceEvent& event);

  Random random_;
  uint64_t device_salt_;
  uint32_t null_share_ppb_;
  NoteGenerator notes_;
  DateTable days_;
  int64_t next_event_id_ = 1;
};

}  // namespace sluice::datagen
