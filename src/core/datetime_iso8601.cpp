#include "core/datetime_iso8601.h"

#include <algorithm>

#include "core/calendar.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/value_format.h"

namespace sluice {

namespace {

/// Years an ISO date may have: what int32 days (DATE) hold, with room to spare.
constexpr int64_t kMaxDateYear = 5000000;
/// Years an ISO timestamp may have: what int64 microseconds hold.
constexpr int64_t kMaxTimestampYear = 290000;

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

struct Cursor {
  const char* p;
  const char* end;

  bool AtEnd() const { return p == end; }
  bool Peek(char c) const { return p != end && *p == c; }
  bool Take(char c) {
    if (!Peek(c)) return false;
    ++p;
    return true;
  }
  /// 1..max_digits digits.
  bool Number(int max_digits, int64_t* value) {
    int64_t v = 0;
    int count = 0;
    while (p != end && count < max_digits && IsDigit(*p)) {
      v = v * 10 + (*p++ - '0');
      ++count;
    }
    *value = v;
    return count > 0;
  }
  bool SignedNumber(int max_digits, int64_t* value) {
    const char* start = p;
    const bool negative = Peek('-');
    if (negative || Peek('+')) ++p;
    if (!Number(max_digits, value)) {
      p = start;
      return false;
    }
    if (negative) *value = -*value;
    return true;
  }
  /// A fraction after '.' or ',' as a share of `unit_micros`, truncated to milliseconds.
  bool Fraction(int64_t unit_micros, int64_t* micros) {
    if (!(Peek('.') || Peek(',')) || end - p < 2 || !IsDigit(p[1])) return false;
    ++p;
    // Nanoseconds of the unit would overflow for hours; keep 9 digits as a ratio.
    int64_t numerator = 0, denominator = 1;
    for (int digits = 0; p != end && IsDigit(*p); ++p, ++digits) {
      if (digits < 9) {
        numerator = numerator * 10 + (*p - '0');
        denominator *= 10;
      }
    }
    const __int128 scaled = static_cast<__int128>(numerator) * unit_micros / denominator;
    *micros = static_cast<int64_t>(scaled) / 1000 * 1000;
    return true;
  }
};

/// The date element's fields before validation.
struct DateFields {
  enum class Form { kCalendar, kWeek, kOrdinal } form = Form::kCalendar;
  int64_t year = 0, month = 1, day = 1, week = 1, day_of_week = 1, day_of_year = 1;
};

/// Reads the longest of the three date forms; false when none matches.
bool ReadDate(Cursor* cursor, DateFields* fields) {
  Cursor year_end = *cursor;
  int64_t year = 0;
  if (!year_end.SignedNumber(9, &year)) return false;

  Cursor calendar = year_end;
  DateFields calendar_fields{DateFields::Form::kCalendar, year};
  if (Cursor c = calendar; c.Take('-') && c.Number(2, &calendar_fields.month)) {
    calendar = c;
    if (Cursor d = calendar; d.Take('-') && d.Number(2, &calendar_fields.day)) calendar = d;
  }
  DateFields week_fields{DateFields::Form::kWeek, year};
  Cursor week = year_end;
  if (Cursor c = year_end; c.Take('-') && c.Take('W') && c.Number(2, &week_fields.week)) {
    week = c;
    if (Cursor d = week; d.Take('-') && d.Number(1, &week_fields.day_of_week)) week = d;
  }
  DateFields ordinal_fields{DateFields::Form::kOrdinal, year};
  Cursor ordinal = year_end;
  if (Cursor c = year_end; c.Take('-') && c.Number(3, &ordinal_fields.day_of_year)) ordinal = c;

  *cursor = calendar;
  *fields = calendar_fields;
  if (week.p > cursor->p) {
    *cursor = week;
    *fields = week_fields;
  }
  if (ordinal.p > cursor->p) {
    *cursor = ordinal;
    *fields = ordinal_fields;
  }
  return true;
}

bool InRange(int64_t value, int64_t low, int64_t high) { return value >= low && value <= high; }

/// Days of valid date fields; false when a field is out of range.
bool DateFieldsToDays(const DateFields& f, int64_t max_year, int64_t* days) {
  if (!InRange(f.year, -max_year, max_year)) return false;
  const int32_t year = static_cast<int32_t>(f.year);
  switch (f.form) {
    case DateFields::Form::kCalendar:
      if (!InRange(f.month, 1, 12)) return false;
      if (!InRange(f.day, 1, DaysInMonth(year, static_cast<int32_t>(f.month)))) return false;
      *days = DaysFromCivil(year, static_cast<int32_t>(f.month), static_cast<int32_t>(f.day));
      return true;
    case DateFields::Form::kWeek: {
      const int64_t start = IsoWeekYearStart(year);
      const int64_t weeks = (IsoWeekYearStart(year + 1) - start) / 7;
      if (!InRange(f.week, 1, weeks) || !InRange(f.day_of_week, 1, 7)) return false;
      *days = start + (f.week - 1) * 7 + f.day_of_week - 1;
      return true;
    }
    case DateFields::Form::kOrdinal:
      if (!InRange(f.day_of_year, 1, IsLeapYear(year) ? 366 : 365)) return false;
      *days = DaysFromCivil(year, 1, 1) + f.day_of_year - 1;
      return true;
  }
  return false;
}

/// HH[:mm[:ss]] with a fraction on the last element, as microseconds of the day.
bool ReadTime(Cursor* cursor, int64_t* micros) {
  Cursor copy = *cursor;
  Cursor* c = &copy;
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;
  if (!c->Number(2, &hour)) return false;
  if (!c->Fraction(kMicrosPerHour, &fraction) && c->Take(':')) {
    if (!c->Number(2, &minute)) return false;
    if (!c->Fraction(kMicrosPerMinute, &fraction) && c->Take(':')) {
      if (!c->Number(2, &second)) return false;
      c->Fraction(kMicrosPerSecond, &fraction);
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  *cursor = copy;
  *micros = hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond +
            fraction;
  return true;
}

/// 'Z' or ±HH[[:]mm]; the zone of that offset.
bool ReadOffset(Cursor* c, int32_t* zone_id) {
  if (c->Take('Z')) {
    *zone_id = kUtcZoneId;
    return true;
  }
  if (!(c->Peek('+') || c->Peek('-'))) return false;
  char name[7] = {*c->p++, '0', '0', ':', '0', '0', 0};
  if (c->end - c->p < 2 || !IsDigit(c->p[0]) || !IsDigit(c->p[1])) return false;
  name[1] = c->p[0];
  name[2] = c->p[1];
  c->p += 2;
  Cursor minutes = *c;
  minutes.Take(':');
  if (minutes.end - minutes.p >= 2 && IsDigit(minutes.p[0]) && IsDigit(minutes.p[1])) {
    name[4] = minutes.p[0];
    name[5] = minutes.p[1];
    c->p = minutes.p + 2;
  }
  return LookupTimeZone(std::string_view(name, 6), zone_id);
}

[[noreturn]] void ThrowInvalid(const char* function, std::string_view text, const char* what,
                               const Cursor& at) {
  std::string message = std::string(function) + ": '" + std::string(text) +
                        "' is not a valid ISO 8601 " + what;
  if (!at.AtEnd()) message += " (malformed at '" + std::string(at.p, at.end) + "')";
  throw ConversionError(message);
}

void AppendTwoDigits(std::string* out, int64_t value) {
  out->push_back(static_cast<char>('0' + value / 10));
  out->push_back(static_cast<char>('0' + value % 10));
}

}  // namespace

TimestampTz FromIso8601Timestamp(std::string_view text, int32_t session_zone) {
  constexpr const char* kFunction = "from_iso8601_timestamp";
  Cursor c{text.data(), text.data() + text.size()};
  int64_t days = 0, time_of_day = 0;
  bool has_offset = false;
  int32_t zone = session_zone;
  auto read_time_and_offset = [&](bool time_required) {
    const bool has_time = ReadTime(&c, &time_of_day);
    if (time_required && !has_time) ThrowInvalid(kFunction, text, "timestamp", c);
    if (c.Peek('Z') || c.Peek('+') || c.Peek('-')) {
      if (!ReadOffset(&c, &zone)) ThrowInvalid(kFunction, text, "timestamp", c);
      has_offset = true;
    }
  };
  if (c.Take('T')) {
    read_time_and_offset(true);
  } else {
    DateFields fields;
    if (!ReadDate(&c, &fields)) ThrowInvalid(kFunction, text, "timestamp", c);
    if (!DateFieldsToDays(fields, kMaxTimestampYear, &days)) {
      throw ConversionError(std::string(kFunction) + ": '" + std::string(text) +
                            "' has a date field out of range");
    }
    if (c.Take('T')) read_time_and_offset(false);
  }
  if (!c.AtEnd()) ThrowInvalid(kFunction, text, "timestamp", c);
  const int64_t local = days * kMicrosPerDay + time_of_day;
  if (has_offset) {
    const int64_t offset = int64_t{UtcOffsetSeconds(zone, 0)} * kMicrosPerSecond;
    return TimestampTz{local - offset, zone, 0};
  }
  const int64_t utc = LocalToUtcMicros(zone, local);
  if (UtcToLocalMicros(zone, utc) != local) {
    throw ConversionError(std::string(kFunction) + ": '" + std::string(text) +
                          "' is a local time that does not exist in " + TimeZoneName(zone) +
                          " (skipped by a time zone offset transition)");
  }
  return TimestampTz{utc, zone, 0};
}

int32_t FromIso8601Date(std::string_view text) {
  Cursor c{text.data(), text.data() + text.size()};
  DateFields fields;
  int64_t days = 0;
  if (!ReadDate(&c, &fields) || !c.AtEnd()) ThrowInvalid("from_iso8601_date", text, "date", c);
  if (!DateFieldsToDays(fields, kMaxDateYear, &days) || days < INT32_MIN || days > INT32_MAX) {
    throw ConversionError("from_iso8601_date: '" + std::string(text) +
                          "' has a date field out of range");
  }
  return static_cast<int32_t>(days);
}

void AppendIso8601Date(std::string* out, int32_t days) { AppendDate(out, days); }

void AppendIso8601Timestamp(std::string* out, int64_t micros, int precision) {
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const int64_t time = micros - days * kMicrosPerDay;
  AppendDate(out, static_cast<int32_t>(days));
  out->push_back('T');
  AppendTwoDigits(out, time / kMicrosPerHour);
  out->push_back(':');
  AppendTwoDigits(out, time / kMicrosPerMinute % 60);
  out->push_back(':');
  AppendTwoDigits(out, time / kMicrosPerSecond % 60);
  precision = std::clamp(precision, 0, 6);
  if (precision == 0) return;
  out->push_back('.');
  int64_t fraction = time % kMicrosPerSecond;
  char digits[6];
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  out->append(digits, static_cast<size_t>(precision));
}

void AppendIso8601TimestampTz(std::string* out, TimestampTz value, int precision) {
  const int32_t offset = UtcOffsetSeconds(value.zone_id, value.micros);
  AppendIso8601Timestamp(out, value.micros + int64_t{offset} * kMicrosPerSecond, precision);
  if (offset == 0) {
    out->push_back('Z');
    return;
  }
  const int32_t magnitude = offset < 0 ? -offset : offset;
  out->push_back(offset < 0 ? '-' : '+');
  AppendTwoDigits(out, magnitude / 3600);
  out->push_back(':');
  AppendTwoDigits(out, magnitude / 60 % 60);
  if (magnitude % 60 != 0) {  // local mean time of named zones before standard time
    out->push_back(':');
    AppendTwoDigits(out, magnitude % 60);
  }
}

std::string ToIso8601Date(int32_t days) {
  std::string out;
  AppendIso8601Date(&out, days);
  return out;
}

std::string ToIso8601Timestamp(int64_t micros, int precision) {
  std::string out;
  AppendIso8601Timestamp(&out, micros, precision);
  return out;
}

std::string ToIso8601(TimestampTz value, int precision) {
  std::string out;
  AppendIso8601TimestampTz(&out, value, precision);
  return out;
}

}  // namespace sluice
