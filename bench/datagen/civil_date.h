#pragma once
// Proleptic Gregorian dates as day numbers, and a table of their "YYYY-MM-DD" text.
//
// Generators draw dates as integers (days since 1970-01-01) and copy the text from a
// DateTable, which turns date formatting into one 10-byte copy per field.

#include <cstdint>
#include <cstring>
#include <vector>

namespace sluice::datagen {

/// A calendar date; month 1..12, day 1..31.
struct CivilDate {
  int32_t year;
  uint32_t month;
  uint32_t day;
};

/// Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil).
constexpr int64_t DaysFromCivil(int32_t year, uint32_t month, uint32_t day) {
  const int64_t shifted_year = year - (month <= 2 ? 1 : 0);
  const int64_t era = (shifted_year >= 0 ? shifted_year : shifted_year - 399) / 400;
  const auto year_of_era = static_cast<uint32_t>(shifted_year - era * 400);
  const uint32_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const uint32_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

/// Inverse of DaysFromCivil (Howard Hinnant's civil_from_days).
constexpr CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<uint32_t>(days - era * 146097);
  const uint32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const uint32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const uint32_t month_index = (5 * day_of_year + 2) / 153;
  const uint32_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const uint32_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const int64_t year = static_cast<int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int32_t>(year), month, day};
}

static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2024, 3, 1) - DaysFromCivil(2024, 2, 28) == 2);
static_assert(CivilFromDays(DaysFromCivil(1998, 12, 31)).day == 31);

/// "YYYY-MM-DD" text of every day in [first_day, first_day + num_days), for years
/// 1000..9999. Immutable after construction; safe to share between threads.
class DateTable {
 public:
  static constexpr int kTextSize = 10;

  DateTable(int64_t first_day, int64_t num_days)
      : first_day_(first_day), text_(static_cast<size_t>(num_days) * kTextSize) {
    for (int64_t i = 0; i < num_days; ++i) {
      const CivilDate date = CivilFromDays(first_day + i);
      char* out = text_.data() + i * kTextSize;
      uint32_t year = static_cast<uint32_t>(date.year);
      for (int digit = 3; digit >= 0; --digit, year /= 10) out[digit] = static_cast<char>('0' + year % 10);
      out[4] = '-';
      out[5] = static_cast<char>('0' + date.month / 10);
      out[6] = static_cast<char>('0' + date.month % 10);
      out[7] = '-';
      out[8] = static_cast<char>('0' + date.day / 10);
      out[9] = static_cast<char>('0' + date.day % 10);
    }
  }

  /// Writes the text of `day` (days since 1970-01-01, inside the table's range).
  char* Write(char* out, int64_t day) const {
    std::memcpy(out, text_.data() + (day - first_day_) * kTextSize, kTextSize);
    return out + kTextSize;
  }

 private:
  int64_t first_day_;
  std::vector<char> text_;
};

}  // namespace sluice::datagen
