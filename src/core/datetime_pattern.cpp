#include "core/datetime_pattern.h"

#include <array>
#include <cctype>

#include "core/calendar.h"
#include "core/error.h"
#include "core/time_zone.h"

namespace sluice {

namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

/// Reads between `min_digits` and `max_digits` digits (greedy); advances p.
bool ReadNumber(const char*& p, const char* end, int min_digits, int max_digits, int32_t* out) {
  int32_t value = 0;
  int count = 0;
  while (p != end && count < max_digits && IsDigit(*p)) {
    value = value * 10 + (*p++ - '0');
    ++count;
  }
  *out = value;
  return count >= min_digits;
}

/// Matches the longest English name (full, else its first three letters) from `names`;
/// returns its index or -1. Advances p.
template <size_t N>
int ReadName(const char*& p, const char* end, const std::array<std::string_view, N>& names) {
  for (size_t i = 0; i < N; ++i) {
    for (size_t length : {names[i].size(), size_t{3}}) {
      if (static_cast<size_t>(end - p) < length) continue;
      bool match = true;
      for (size_t k = 0; k < length && match; ++k) match = LowerAscii(p[k]) == names[i][k];
      if (match) {
        p += length;
        return static_cast<int>(i);
      }
    }
  }
  return -1;
}

/// Reads 1..9 fractional digits as microseconds (rounded half up); advances p.
bool ReadFraction(const char*& p, const char* end, int64_t* micros) {
  int digits = 0;
  int64_t fraction = 0;
  bool round_up = false;
  while (p != end && IsDigit(*p) && digits < 9) {
    if (digits < 6) {
      fraction = fraction * 10 + (*p - '0');
    } else if (digits == 6) {
      round_up = *p >= '5';
    }
    ++digits;
    ++p;
  }
  if (digits == 0) return false;
  for (int k = digits; k < 6; ++k) fraction *= 10;
  *micros = fraction + (round_up ? 1 : 0);
  return true;
}

}  // namespace

struct DateTimePattern::Fields {
  int32_t year = 1970;
  int32_t month = 1;
  int32_t day = 1;
  int32_t day_of_year = 0;  ///< 0: not given.
  int32_t hour = 0;
  int32_t minute = 0;
  int32_t second = 0;
  int64_t micros = 0;
  int32_t am_pm = -1;  ///< -1: none, 0: AM, 1: PM.
  bool has_zone = false;
  int32_t zone_id = kUtcZoneId;
};

DateTimePattern DateTimePattern::Compile(std::string_view pattern) {
  DateTimePattern out;
  out.text_ = std::string(pattern);
  bool has_year = false, has_month = false, has_day = false, has_day_of_year = false;
  bool has_hour12 = false, has_am_pm = false;
  auto add = [&](ItemKind kind) { out.items_.push_back(Item{kind, 0}); };
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == ' ') {
      if (out.items_.empty() || out.items_.back().kind != ItemKind::kSpaces) add(ItemKind::kSpaces);
      continue;
    }
    if (c != '%') {
      out.items_.push_back(Item{ItemKind::kLiteral, c});
      continue;
    }
    if (++i == pattern.size()) {
      throw InvalidArgumentError("date/time pattern '" + out.text_ + "' ends with '%'");
    }
    switch (pattern[i]) {
      case 'Y': add(ItemKind::kYear4); has_year = true; break;
      case 'y': add(ItemKind::kYear2); has_year = true; break;
      case 'm': add(ItemKind::kMonth); has_month = true; break;
      case 'b': case 'h': case 'B': add(ItemKind::kMonthName); has_month = true; break;
      case 'd': case 'e': add(ItemKind::kDay); has_day = true; break;
      case 'j': add(ItemKind::kDayOfYear); has_day_of_year = true; break;
      case 'a': case 'A': add(ItemKind::kWeekdayName); break;
      case 'H': add(ItemKind::kHour24); out.has_time_ = true; break;
      case 'I': add(ItemKind::kHour12); out.has_time_ = true; has_hour12 = true; break;
      case 'M': add(ItemKind::kMinute); out.has_time_ = true; break;
      case 'S': add(ItemKind::kSecond); out.has_time_ = true; break;
      case 'f': add(ItemKind::kFraction); out.has_time_ = true; break;
      case 'p': add(ItemKind::kAmPm); has_am_pm = true; break;
      case 'z': add(ItemKind::kOffset); out.has_zone_ = true; break;
      case 'Z': add(ItemKind::kZoneName); out.has_zone_ = true; break;
      case 'T':
        add(ItemKind::kHour24);
        out.items_.push_back(Item{ItemKind::kLiteral, ':'});
        add(ItemKind::kMinute);
        out.items_.push_back(Item{ItemKind::kLiteral, ':'});
        add(ItemKind::kSecond);
        out.has_time_ = true;
        break;
      case 'R':
        add(ItemKind::kHour24);
        out.items_.push_back(Item{ItemKind::kLiteral, ':'});
        add(ItemKind::kMinute);
        out.has_time_ = true;
        break;
      case 'F':
        add(ItemKind::kYear4);
        out.items_.push_back(Item{ItemKind::kLiteral, '-'});
        add(ItemKind::kMonth);
        out.items_.push_back(Item{ItemKind::kLiteral, '-'});
        add(ItemKind::kDay);
        has_year = has_month = has_day = true;
        break;
      case 'D':
        add(ItemKind::kMonth);
        out.items_.push_back(Item{ItemKind::kLiteral, '/'});
        add(ItemKind::kDay);
        out.items_.push_back(Item{ItemKind::kLiteral, '/'});
        add(ItemKind::kYear2);
        has_year = has_month = has_day = true;
        break;
      case '%': out.items_.push_back(Item{ItemKind::kLiteral, '%'}); break;
      default:
        throw InvalidArgumentError("unknown specifier '%" + std::string(1, pattern[i]) +
                                   "' in date/time pattern '" + out.text_ +
                                   "' (expected one of %Y %y %m %d %e %j %b %B %a %H %I %M %S "
                                   "%f %p %z %Z %T %F %D %R %%)");
    }
  }
  if (!has_year || !((has_month && has_day) || has_day_of_year)) {
    throw InvalidArgumentError("date/time pattern '" + out.text_ +
                               "' needs a year (%Y or %y), a month (%m or %b) and a day (%d), "
                               "or a year and a day of year (%j)");
  }
  if (has_hour12 != has_am_pm) {
    throw InvalidArgumentError("date/time pattern '" + out.text_ +
                               "': %I (12-hour clock) and %p (AM/PM) go together");
  }
  return out;
}

bool DateTimePattern::Match(std::string_view text, Fields* f) const {
  const char* p = text.data();
  const char* end = p + text.size();
  for (size_t i = 0; i < items_.size(); ++i) {
    const Item& item = items_[i];
    int32_t value = 0;
    switch (item.kind) {
      case ItemKind::kLiteral:
        if (p == end || *p != item.literal) return false;
        ++p;
        break;
      case ItemKind::kSpaces:
        if (p == end || (*p != ' ' && *p != '\t')) return false;
        while (p != end && (*p == ' ' || *p == '\t')) ++p;
        break;
      case ItemKind::kYear4:
        if (!ReadNumber(p, end, 4, 4, &f->year)) return false;
        break;
      case ItemKind::kYear2:
        if (!ReadNumber(p, end, 2, 2, &value)) return false;
        f->year = value < 69 ? 2000 + value : 1900 + value;
        break;
      case ItemKind::kMonth:
        if (!ReadNumber(p, end, 1, 2, &f->month)) return false;
        break;
      case ItemKind::kMonthName: {
        int month = ReadName(p, end, kMonthNames);
        if (month < 0) return false;
        f->month = month + 1;
        break;
      }
      case ItemKind::kDay:
        if (!ReadNumber(p, end, 1, 2, &f->day)) return false;
        break;
      case ItemKind::kDayOfYear:
        if (!ReadNumber(p, end, 1, 3, &f->day_of_year) || f->day_of_year == 0) return false;
        break;
      case ItemKind::kWeekdayName:
        if (ReadName(p, end, kWeekdayNames) < 0) return false;
        break;
      case ItemKind::kHour24:
      case ItemKind::kHour12:
        if (!ReadNumber(p, end, 1, 2, &f->hour)) return false;
        break;
      case ItemKind::kMinute:
        if (!ReadNumber(p, end, 1, 2, &f->minute)) return false;
        break;
      case ItemKind::kSecond: {
        if (!ReadNumber(p, end, 1, 2, &f->second)) return false;
        bool pattern_continues_with_fraction =
            i + 1 < items_.size() &&
            (items_[i + 1].kind == ItemKind::kFraction ||
             (items_[i + 1].kind == ItemKind::kLiteral &&
              (items_[i + 1].literal == '.' || items_[i + 1].literal == ',')));
        if (!pattern_continues_with_fraction && end - p >= 2 && (*p == '.' || *p == ',') &&
            IsDigit(p[1])) {
          ++p;
          if (!ReadFraction(p, end, &f->micros)) return false;
        }
        break;
      }
      case ItemKind::kFraction:
        if (!ReadFraction(p, end, &f->micros)) return false;
        break;
      case ItemKind::kAmPm: {
        if (end - p < 2) return false;
        char a = LowerAscii(p[0]);
        if ((a != 'a' && a != 'p') || LowerAscii(p[1]) != 'm') return false;
        f->am_pm = a == 'p' ? 1 : 0;
        p += 2;
        break;
      }
      case ItemKind::kOffset: {
        if (p == end) return false;
        const char* start = p;
        if (*p == 'Z' || *p == 'z') {
          ++p;
        } else {
          if (*p != '+' && *p != '-') return false;
          ++p;
          int32_t hours = 0, minutes = 0;
          if (!ReadNumber(p, end, 2, 2, &hours)) return false;
          if (p != end && *p == ':') ++p;
          if (p != end && IsDigit(*p) && !ReadNumber(p, end, 2, 2, &minutes)) return false;
          if (hours > 23 || minutes > 59) return false;
        }
        if (!LookupTimeZone(std::string_view(start, static_cast<size_t>(p - start)), &f->zone_id)) {
          return false;
        }
        f->has_zone = true;
        break;
      }
      case ItemKind::kZoneName: {
        const char* start = p;
        while (p != end && (std::isalnum(static_cast<unsigned char>(*p)) || *p == '/' ||
                            *p == '_' || *p == '+' || *p == '-' || *p == ':')) {
          ++p;
        }
        if (p == start ||
            !LookupTimeZone(std::string_view(start, static_cast<size_t>(p - start)), &f->zone_id)) {
          return false;
        }
        f->has_zone = true;
        break;
      }
    }
  }
  return p == end;
}

bool DateTimePattern::ToLocalMicros(const Fields& f, int64_t* micros) const {
  int32_t days = 0;
  if (f.day_of_year > 0) {
    if (f.day_of_year > (IsLeapYear(f.year) ? 366 : 365)) return false;
    days = DaysFromCivil(f.year, 1, 1) + f.day_of_year - 1;
  } else {
    if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > DaysInMonth(f.year, f.month)) {
      return false;
    }
    days = DaysFromCivil(f.year, f.month, f.day);
  }
  int32_t hour = f.hour;
  if (f.am_pm >= 0) {
    if (hour < 1 || hour > 12) return false;
    hour = hour % 12 + (f.am_pm == 1 ? 12 : 0);
  }
  if (hour > 23 || f.minute > 59 || f.second > 59) return false;
  *micros = int64_t{days} * kMicrosPerDay + hour * kMicrosPerHour + f.minute * kMicrosPerMinute +
            f.second * kMicrosPerSecond + f.micros;
  return true;
}

bool DateTimePattern::ParseDate(std::string_view text, int32_t* days) const {
  if (has_time_ || has_zone_) return false;
  Fields fields;
  int64_t micros = 0;
  if (!Match(text, &fields) || !ToLocalMicros(fields, &micros)) return false;
  *days = static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay));
  return true;
}

bool DateTimePattern::ParseTimestamp(std::string_view text, int64_t* micros) const {
  Fields fields;
  if (!Match(text, &fields) || fields.has_zone) return false;
  return ToLocalMicros(fields, micros);
}

bool DateTimePattern::ParseTimestampTz(std::string_view text, int32_t default_zone,
                                       TimestampTz* out) const {
  Fields fields;
  int64_t local = 0;
  if (!Match(text, &fields) || !ToLocalMicros(fields, &local)) return false;
  int32_t zone = fields.has_zone ? fields.zone_id : default_zone;
  out->micros = LocalToUtcMicros(zone, local);
  out->zone_id = zone;
  out->reserved = 0;
  return true;
}

}  // namespace sluice
