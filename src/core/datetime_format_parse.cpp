// Parsing text with a compiled DateTimeFormat, as Joda-Time's DateTimeFormatter does for
// Trino's date_parse and parse_datetime: each item reads its field, then the fields are
// applied to 1970-01-01 00:00 (or 2000-01-01 when a month or day comes without a year)
// from the most significant to the least, each checked against its range.
#include <algorithm>
#include <array>
#include <string>

#include "core/calendar.h"
#include "core/datetime_format.h"
#include "core/datetime_names.h"
#include "core/time_zone.h"

namespace sluice {

namespace {

/// Years a parsed value may have: what int64 microseconds hold.
constexpr int64_t kMaxParsedYear = 290000;

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool StartsWithIgnoreCase(const char* p, const char* end, std::string_view word) {
  if (static_cast<size_t>(end - p) < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (LowerAscii(p[i]) != LowerAscii(word[i])) return false;
  }
  return true;
}

/// 1..max_digits digits; advances p.
bool ReadUnsigned(const char*& p, const char* end, int max_digits, int64_t* value) {
  int64_t v = 0;
  int count = 0;
  while (p != end && count < max_digits && IsDigit(*p)) {
    v = v * 10 + (*p++ - '0');
    ++count;
  }
  *value = v;
  return count > 0;
}

/// An optional sign, then 1..max_digits digits; advances p.
bool ReadSigned(const char*& p, const char* end, int max_digits, int64_t* value) {
  const char* start = p;
  bool negative = false;
  if (p != end && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  if (!ReadUnsigned(p, end, max_digits, value)) {
    p = start;
    return false;
  }
  if (negative) *value = -*value;
  return true;
}

/// One of the names, full or its first three letters, case-insensitive, longest first;
/// returns the index or -1. Advances p.
template <size_t N>
int ReadName(const char*& p, const char* end, const std::array<std::string_view, N>& names) {
  for (size_t i = 0; i < N; ++i) {
    if (StartsWithIgnoreCase(p, end, names[i])) {
      p += names[i].size();
      return static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < N; ++i) {
    if (StartsWithIgnoreCase(p, end, names[i].substr(0, 3))) {
      p += 3;
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool ReadZoneRun(const char*& p, const char* end, int32_t* zone_id) {
  const char* start = p;
  while (p != end && (IsDigit(*p) || (LowerAscii(*p) >= 'a' && LowerAscii(*p) <= 'z') ||
                      *p == '/' || *p == '_' || *p == '+' || *p == '-' || *p == ':')) {
    ++p;
  }
  if (p == start || !LookupTimeZone(std::string_view(start, static_cast<size_t>(p - start)),
                                    zone_id)) {
    p = start;
    return false;
  }
  return true;
}

/// Joda's default short zone names.
bool ReadShortZoneName(const char*& p, const char* end, int32_t* zone_id) {
  struct Name {
    std::string_view abbreviation, zone;
  };
  static constexpr Name kNames[] = {
      {"UTC", "UTC"}, {"UT", "UTC"}, {"GMT", "UTC"},
      {"EST", "America/New_York"}, {"EDT", "America/New_York"},
      {"CST", "America/Chicago"}, {"CDT", "America/Chicago"},
      {"MST", "America/Denver"}, {"MDT", "America/Denver"},
      {"PST", "America/Los_Angeles"}, {"PDT", "America/Los_Angeles"},
  };
  for (const Name& name : kNames) {
    if (static_cast<size_t>(end - p) >= name.abbreviation.size() &&
        std::string_view(p, name.abbreviation.size()) == name.abbreviation) {
      if (!LookupTimeZone(name.zone, zone_id)) return false;
      p += name.abbreviation.size();
      return true;
    }
  }
  return false;
}

/// "Z", or "+HH", "+HHmm", "+HH:mm"; the zone of that fixed offset.
bool ReadOffset(const char*& p, const char* end, int32_t* zone_id) {
  if (p != end && (*p == 'Z' || *p == 'z')) {
    ++p;
    *zone_id = kUtcZoneId;
    return true;
  }
  const char* start = p;
  if (p == end || (*p != '+' && *p != '-')) return false;
  char name[7] = {*p++, '0', '0', ':', '0', '0', 0};
  if (end - p < 2 || !IsDigit(p[0]) || !IsDigit(p[1])) {
    p = start;
    return false;
  }
  name[1] = p[0];
  name[2] = p[1];
  p += 2;
  const char* minutes = p;
  if (p != end && *p == ':') ++minutes;
  if (end - minutes >= 2 && IsDigit(minutes[0]) && IsDigit(minutes[1])) {
    name[4] = minutes[0];
    name[5] = minutes[1];
    p = minutes + 2;
  }
  if (!LookupTimeZone(std::string_view(name, 6), zone_id)) {
    p = start;
    return false;
  }
  return true;
}

std::string RangeError(int64_t value, const char* field, int64_t low, int64_t high) {
  return "value " + std::to_string(value) + " for " + field + " must be in the range [" +
         std::to_string(low) + "," + std::to_string(high) + "]";
}

int32_t WeeksInWeekYear(int32_t week_year) {
  return static_cast<int32_t>((IsoWeekYearStart(week_year + 1) - IsoWeekYearStart(week_year)) / 7);
}

}  // namespace

/// Fields read from a text, in the order Joda applies them.
struct DateTimeFormat::Fields {
  enum Id : uint8_t {
    kEra,
    kCentury,
    kYearOfEra,
    kYear,
    kWeekyear,
    kWeekOfWeekyear,
    kMonth,
    kDayOfYear,
    kDayOfMonth,
    kDayOfWeek,
    kHalfday,
    kHourOfDay,
    kClockhourOfDay,
    kHourOfHalfday,
    kClockhourOfHalfday,
    kMinute,
    kSecond,
    kMillis,
    kCount,
  };
  uint32_t set = 0;
  int64_t value[kCount] = {};

  void Set(Id id, int64_t v) {
    set |= 1u << id;
    value[id] = v;
  }
  bool Has(Id id) const { return (set >> id) & 1u; }

  /// The local time these fields name; false with the reason when one is out of range.
  bool Resolve(int64_t* local_micros, std::string* error) const;

 private:
  bool Check(Id id, const char* name, int64_t low, int64_t high, std::string* error) const {
    if (value[id] >= low && value[id] <= high) return true;
    *error = RangeError(value[id], name, low, high);
    return false;
  }
  bool ResolveDays(int64_t* days, std::string* error) const;
  bool ResolveTimeOfDay(int64_t* micros, std::string* error) const;
};

bool DateTimeFormat::Fields::Resolve(int64_t* local_micros, std::string* error) const {
  int64_t days = 0, time_of_day = 0;
  if (!ResolveDays(&days, error) || !ResolveTimeOfDay(&time_of_day, error)) return false;
  *local_micros = days * kMicrosPerDay + time_of_day;
  return true;
}

bool DateTimeFormat::Fields::ResolveDays(int64_t* out, std::string* error) const {
  auto check = [&](Id id, const char* name, int64_t low, int64_t high) {
    return Check(id, name, low, high, error);
  };
  const uint32_t year_fields = (1u << kEra) | (1u << kCentury) | (1u << kYearOfEra) |
                               (1u << kYear) | (1u << kWeekyear);
  const uint32_t day_fields = (1u << kWeekOfWeekyear) | (1u << kMonth) | (1u << kDayOfYear) |
                              (1u << kDayOfMonth) | (1u << kDayOfWeek);
  int64_t year = (set & year_fields) == 0 && (set & day_fields) != 0 ? 2000 : 1970;
  int32_t month = 1, day = 1;
  if (Has(kEra) || Has(kCentury) || Has(kYearOfEra)) {
    const int64_t era = Has(kEra) ? value[kEra] : 1;
    int64_t year_of_era = Has(kYearOfEra) ? value[kYearOfEra] : year;
    if (Has(kCentury)) {
      if (!check(kCentury, "centuryOfEra", 0, kMaxParsedYear / 100)) return false;
      year_of_era = value[kCentury] * 100 + year_of_era % 100;
    }
    if (Has(kYearOfEra) && !check(kYearOfEra, "yearOfEra", 1, kMaxParsedYear)) return false;
    year = era == 1 ? year_of_era : 1 - year_of_era;
  }
  if (Has(kYear)) {
    if (!check(kYear, "year", -kMaxParsedYear, kMaxParsedYear)) return false;
    year = value[kYear];
  }
  int64_t days = DaysFromCivil(static_cast<int32_t>(year), month, day);
  auto split = [&] {
    const CivilDate date = CivilFromDays(static_cast<int32_t>(days));
    year = date.year;
    month = date.month;
    day = date.day;
  };
  if (Has(kWeekyear) || Has(kWeekOfWeekyear)) {
    int32_t week_year = 0, week = 0;
    IsoWeekDate(static_cast<int32_t>(days), &week_year, &week);
    const int32_t day_of_week = IsoDayOfWeek(days);
    if (Has(kWeekyear)) {
      if (!check(kWeekyear, "weekyear", -kMaxParsedYear, kMaxParsedYear)) return false;
      week_year = static_cast<int32_t>(value[kWeekyear]);
      week = std::min(week, WeeksInWeekYear(week_year));
    }
    if (Has(kWeekOfWeekyear)) {
      if (!check(kWeekOfWeekyear, "weekOfWeekyear", 1, WeeksInWeekYear(week_year))) return false;
      week = static_cast<int32_t>(value[kWeekOfWeekyear]);
    }
    days = IsoWeekYearStart(week_year) + (week - 1) * 7 + (day_of_week - 1);
    split();
  }
  if (Has(kMonth)) {
    if (!check(kMonth, "monthOfYear", 1, 12)) return false;
    month = static_cast<int32_t>(value[kMonth]);
    day = std::min(day, DaysInMonth(static_cast<int32_t>(year), month));
  }
  if (Has(kDayOfYear)) {
    if (!check(kDayOfYear, "dayOfYear", 1, IsLeapYear(static_cast<int32_t>(year)) ? 366 : 365)) {
      return false;
    }
    days = DaysFromCivil(static_cast<int32_t>(year), 1, 1) + value[kDayOfYear] - 1;
    split();
  }
  if (Has(kDayOfMonth)) {
    if (!check(kDayOfMonth, "dayOfMonth", 1, DaysInMonth(static_cast<int32_t>(year), month))) {
      return false;
    }
    day = static_cast<int32_t>(value[kDayOfMonth]);
  }
  days = DaysFromCivil(static_cast<int32_t>(year), month, day);
  if (Has(kDayOfWeek)) {
    if (!check(kDayOfWeek, "dayOfWeek", 1, 7)) return false;
    days += value[kDayOfWeek] - IsoDayOfWeek(days);
  }
  *out = days;
  return true;
}

bool DateTimeFormat::Fields::ResolveTimeOfDay(int64_t* out, std::string* error) const {
  auto check = [&](Id id, const char* name, int64_t low, int64_t high) {
    return Check(id, name, low, high, error);
  };
  int64_t hour = 0;
  if (Has(kHalfday)) hour = hour % 12 + 12 * value[kHalfday];
  if (Has(kHourOfDay)) {
    if (!check(kHourOfDay, "hourOfDay", 0, 23)) return false;
    hour = value[kHourOfDay];
  }
  if (Has(kClockhourOfDay)) {
    if (!check(kClockhourOfDay, "clockhourOfDay", 1, 24)) return false;
    hour = value[kClockhourOfDay] % 24;
  }
  if (Has(kHourOfHalfday)) {
    if (!check(kHourOfHalfday, "hourOfHalfday", 0, 11)) return false;
    hour = (hour >= 12 ? 12 : 0) + value[kHourOfHalfday];
  }
  if (Has(kClockhourOfHalfday)) {
    if (!check(kClockhourOfHalfday, "clockhourOfHalfday", 1, 12)) return false;
    hour = (hour >= 12 ? 12 : 0) + value[kClockhourOfHalfday] % 12;
  }
  if (Has(kMinute) && !check(kMinute, "minuteOfHour", 0, 59)) return false;
  if (Has(kSecond) && !check(kSecond, "secondOfMinute", 0, 59)) return false;
  *out = hour * kMicrosPerHour +
                  (Has(kMinute) ? value[kMinute] : 0) * kMicrosPerMinute +
                  (Has(kSecond) ? value[kSecond] : 0) * kMicrosPerSecond +
                  (Has(kMillis) ? value[kMillis] : 0) * 1000;
  return true;
}

bool DateTimeFormat::ParseItem(const Item& item, const char*& p, const char* end, Fields* f,
                               ParsedDateTime* out, std::string* error) const {
  int64_t v = 0;
  auto number = [&](Fields::Id id) {
    if (!ReadUnsigned(p, end, item.max_digits, &v)) return false;
    f->Set(id, v);
    return true;
  };
  switch (item.kind) {
    case Kind::kLiteral: {
      const std::string_view literal(literals_.data() + item.literal_begin, item.literal_size);
      if (!StartsWithIgnoreCase(p, end, literal)) return false;
      p += literal.size();
      return true;
    }
    case Kind::kEraText:
      if (StartsWithIgnoreCase(p, end, "AD")) f->Set(Fields::kEra, 1);
      else if (StartsWithIgnoreCase(p, end, "BC")) f->Set(Fields::kEra, 0);
      else return false;
      p += 2;
      return true;
    case Kind::kCenturyOfEra: return number(Fields::kCentury);
    case Kind::kYearOfEra: return number(Fields::kYearOfEra);
    case Kind::kYear:
    case Kind::kWeekyear:
      if (!ReadSigned(p, end, item.max_digits, &v)) return false;
      f->Set(item.kind == Kind::kYear ? Fields::kYear : Fields::kWeekyear, v);
      return true;
    case Kind::kTwoDigitYear:
    case Kind::kTwoDigitWeekyear: {
      const Fields::Id id = item.kind == Kind::kTwoDigitYear ? Fields::kYear : Fields::kWeekyear;
      const char* start = p;
      if (item.lenient) {
        // A sign or other than two digits is a full year (Joda's lenient two-digit year).
        if (!ReadSigned(p, end, 9, &v)) return false;
        if (*start == '-' || *start == '+' || p - start != 2) {
          f->Set(id, v);
          return true;
        }
      } else if (end - p < 2 || !IsDigit(p[0]) || !IsDigit(p[1])) {
        return false;
      } else {
        v = (p[0] - '0') * 10 + (p[1] - '0');
        p += 2;
      }
      // The year in [pivot - 50, pivot + 49] that ends in these two digits.
      const int64_t low = two_digit_year_pivot_ - 50;
      const int64_t low_in_century = ((low % 100) + 100) % 100;
      f->Set(id, low - low_in_century + v + (v < low_in_century ? 100 : 0));
      return true;
    }
    case Kind::kWeekOfWeekyear: return number(Fields::kWeekOfWeekyear);
    case Kind::kMonth: return number(Fields::kMonth);
    case Kind::kMonthShortText:
    case Kind::kMonthText: {
      const int month = ReadName(p, end, kMonthNames);
      if (month < 0) return false;
      f->Set(Fields::kMonth, month + 1);
      return true;
    }
    case Kind::kDayOfYear: return number(Fields::kDayOfYear);
    case Kind::kDayOfMonth: return number(Fields::kDayOfMonth);
    case Kind::kDayOfWeek: return number(Fields::kDayOfWeek);
    case Kind::kDayOfWeekShortText:
    case Kind::kDayOfWeekText: {
      const int day = ReadName(p, end, kDayNames);
      if (day < 0) return false;
      f->Set(Fields::kDayOfWeek, day + 1);
      return true;
    }
    case Kind::kHalfdayText:
      if (StartsWithIgnoreCase(p, end, "AM")) f->Set(Fields::kHalfday, 0);
      else if (StartsWithIgnoreCase(p, end, "PM")) f->Set(Fields::kHalfday, 1);
      else return false;
      p += 2;
      return true;
    case Kind::kHourOfDay: return number(Fields::kHourOfDay);
    case Kind::kClockhourOfDay: return number(Fields::kClockhourOfDay);
    case Kind::kHourOfHalfday: return number(Fields::kHourOfHalfday);
    case Kind::kClockhourOfHalfday: return number(Fields::kClockhourOfHalfday);
    case Kind::kMinute: return number(Fields::kMinute);
    case Kind::kSecond: return number(Fields::kSecond);
    case Kind::kFraction: {
      const char* start = p;
      if (!ReadUnsigned(p, end, item.max_digits, &v)) return false;
      // Milliseconds: the first three digits, truncated.
      int digits = static_cast<int>(p - start);
      for (; digits > 3; --digits) v /= 10;
      for (; digits < 3; ++digits) v *= 10;
      f->Set(Fields::kMillis, v);
      return true;
    }
    case Kind::kZoneShortName:
    case Kind::kZoneLongName:
      if (!ReadShortZoneName(p, end, &out->zone_id)) return false;
      out->has_zone = true;
      out->zone_is_offset = false;
      return true;
    case Kind::kZoneOffset:
    case Kind::kZoneOffsetColon:
      if (!ReadOffset(p, end, &out->zone_id)) return false;
      out->has_zone = true;
      out->zone_is_offset = true;
      return true;
    case Kind::kZoneId:
      if (!ReadZoneRun(p, end, &out->zone_id)) {
        *error = "unknown time zone at '" + std::string(p, end) + "'";
        return false;
      }
      out->has_zone = true;
      out->zone_is_offset = false;
      return true;
  }
  return false;
}

bool DateTimeFormat::Parse(std::string_view text, ParsedDateTime* out, std::string* error) const {
  const char* p = text.data();
  const char* end = p + text.size();
  Fields fields;
  *out = ParsedDateTime{};
  error->clear();
  for (const Item& item : items_) {
    if (!ParseItem(item, p, end, &fields, out, error)) {
      if (error->empty()) {
        *error = p == end ? std::string("the text is too short")
                          : "malformed at '" + std::string(p, end) + "'";
      }
      return false;
    }
  }
  if (p != end) {
    *error = "malformed at '" + std::string(p, end) + "'";
    return false;
  }
  return fields.Resolve(&out->local_micros, error);
}

}  // namespace sluice
