#include "space_event.h"

#include "field_format.h"

namespace sluice::datagen {

namespace {

constexpr int64_t kFirstDay = DaysFromCivil(2024, 1, 1);
constexpr int64_t kNumDays = 366;  // 2024 is a leap year.
constexpr int64_t kSecondsPerDay = 86'400;
constexpr uint64_t kPartsPerBillion = 1'000'000'000;

/// 0..400 people, most events small: 60% at most 20, 30% at most 100, 10% anything.
int64_t DrawPeopleCount(Random& random) {
  const uint64_t band = random.Below(10);
  if (band < 6) return random.Between(0, 20);
  if (band < 9) return random.Between(0, 100);
  return random.Between(0, 400);
}

}  // namespace

SpaceEventGenerator::SpaceEventGenerator(uint64_t seed, uint32_t null_share_ppb,
                                         bool avoid_lone_carriage_return)
    : random_(DeriveSeed(seed, 1)),
      device_salt_(DeriveSeed(seed, 2)),
      null_share_ppb_(null_share_ppb),
      notes_(avoid_lone_carriage_return),
      days_(kFirstDay, kNumDays) {}

void SpaceEventGenerator::Next(SpaceEvent& event) {
  event.event_id = next_event_id_++;
  event.space_id = random_.Between(1, 20'000);
  event.building_id = (event.space_id - 1) / 40 + 1;
  event.company_id = (event.building_id - 1) / 10 + 1;
  DrawTimestamp(event);
  event.people_count = DrawPeopleCount(random_);
  DrawDeviceId(event);
  event.null_mask = 0;
  for (int column = 1; column < kNumEventColumns; ++column) {
    if (random_.Below(kPartsPerBillion) < null_share_ppb_) event.null_mask |= 1u << column;
  }
  if (event.IsNull(EventColumn::kNote)) {
    event.note.clear();
  } else {
    notes_.Generate(random_, event.note);
  }
}

/// Uniform second of 2024; the sub-second part is zero for half of the rows, whole
/// milliseconds for a quarter and any microsecond for the last quarter.
void SpaceEventGenerator::DrawTimestamp(SpaceEvent& event) {
  const auto second_of_year = static_cast<int64_t>(random_.Below(kNumDays * kSecondsPerDay));
  int64_t micros = 0;
  switch (random_.Below(4)) {
    case 0:
      micros = random_.Between(1, 999) * 1000;
      break;
    case 1:
      micros = random_.Between(1, 999'999);
      break;
    default:
      break;
  }
  const int64_t second_of_day = second_of_year % kSecondsPerDay;
  char* out = days_.Write(event.timestamp.data(), kFirstDay + second_of_year / kSecondsPerDay);
  *out++ = ' ';
  out = WriteTwoDigits(out, static_cast<uint32_t>(second_of_day / 3600));
  *out++ = ':';
  out = WriteTwoDigits(out, static_cast<uint32_t>(second_of_day / 60 % 60));
  *out++ = ':';
  out = WriteTwoDigits(out, static_cast<uint32_t>(second_of_day % 60));
  if (micros != 0) {
    *out++ = '.';
    out = WritePadded(out, static_cast<uint64_t>(micros), 6);
    while (out[-1] == '0') --out;
  }
  event.timestamp_size = static_cast<uint8_t>(out - event.timestamp.data());
}

/// Each space has four sensors; their ids are a seeded hash of (space, sensor).
void SpaceEventGenerator::DrawDeviceId(SpaceEvent& event) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  uint64_t state = device_salt_ ^ static_cast<uint64_t>(event.space_id * 4 + random_.Between(0, 3));
  const uint64_t device = SplitMix64(state);
  char* out = WriteText(event.device_id.data(), "dev-");
  for (int shift = 20; shift >= 0; shift -= 4) *out++ = kHexDigits[device >> shift & 15];
}

}  // namespace sluice::datagen
