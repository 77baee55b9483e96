#include "core/value_format.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "core/calendar.h"
#include "core/error.h"
#include "core/time_zone.h"

namespace sluice {

namespace {

inline void AppendTwoDigits(char* p, int32_t value) {
  p[0] = static_cast<char>('0' + value / 10);
  p[1] = static_cast<char>('0' + value % 10);
}

void AppendYearMonthDay(std::string* out, int32_t days) {
  CivilDate d = CivilFromDays(days);
  if (d.year >= 0 && d.year <= 9999) {
    char buf[10];
    buf[0] = static_cast<char>('0' + d.year / 1000);
    buf[1] = static_cast<char>('0' + d.year / 100 % 10);
    buf[2] = static_cast<char>('0' + d.year / 10 % 10);
    buf[3] = static_cast<char>('0' + d.year % 10);
    buf[4] = '-';
    AppendTwoDigits(buf + 5, d.month);
    buf[7] = '-';
    AppendTwoDigits(buf + 8, d.day);
    out->append(buf, 10);
    return;
  }
  if (d.year < 0) out->push_back('-');
  std::string year = std::to_string(d.year < 0 ? -static_cast<int64_t>(d.year) : d.year);
  if (year.size() < 4) out->append(4 - year.size(), '0');
  out->append(year);
  char buf[6] = {'-', 0, 0, '-', 0, 0};
  AppendTwoDigits(buf + 1, d.month);
  AppendTwoDigits(buf + 4, d.day);
  out->append(buf, 6);
}

void AppendTimeOfDay(std::string* out, const CivilTime& t, FractionStyle style) {
  char buf[16];
  buf[0] = ' ';
  AppendTwoDigits(buf + 1, t.hour);
  buf[3] = ':';
  AppendTwoDigits(buf + 4, t.minute);
  buf[6] = ':';
  AppendTwoDigits(buf + 7, t.second);
  size_t length = 9;
  if (style == FractionStyle::kFixed || t.micros != 0) {
    buf[9] = '.';
    int32_t f = t.micros;
    for (int i = 5; i >= 0; --i) {
      buf[10 + i] = static_cast<char>('0' + f % 10);
      f /= 10;
    }
    length = 16;
    if (style == FractionStyle::kTrimmed) {
      while (buf[length - 1] == '0') --length;
    }
  }
  out->append(buf, length);
}

}  // namespace

void AppendBoolean(std::string* out, bool value) { out->append(value ? "true" : "false"); }

void AppendInt64(std::string* out, int64_t value) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, static_cast<size_t>(result.ptr - buf));
}

void AppendInt128(std::string* out, __int128 value) {
  char buf[48];
  char* p = buf + sizeof(buf);
  bool negative = value < 0;
  unsigned __int128 v = negative ? -static_cast<unsigned __int128>(value)
                                 : static_cast<unsigned __int128>(value);
  do {
    *--p = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  if (negative) *--p = '-';
  out->append(p, static_cast<size_t>(buf + sizeof(buf) - p));
}

namespace {

/// Shortest text that reads back as `value` (NaN and infinities by name).
template <typename Float>
void AppendFloating(std::string* out, Float value, bool force_point) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(value)) {
    out->append(value < 0 ? "-Infinity" : "Infinity");
    return;
  }
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  size_t length = static_cast<size_t>(result.ptr - buf);
  out->append(buf, length);
  if (force_point && std::memchr(buf, '.', length) == nullptr &&
      std::memchr(buf, 'e', length) == nullptr) {
    out->append(".0");
  }
}

}  // namespace

void AppendDouble(std::string* out, double value, bool force_point) {
  AppendFloating(out, value, force_point);
}

void AppendFloat(std::string* out, float value, bool force_point) {
  AppendFloating(out, value, force_point);
}

void AppendDecimal(std::string* out, __int128 unscaled, int scale) {
  if (scale == 0) {
    AppendInt128(out, unscaled);
    return;
  }
  char buf[48];
  char* p = buf + sizeof(buf);
  bool negative = unscaled < 0;
  unsigned __int128 v = negative ? -static_cast<unsigned __int128>(unscaled)
                                 : static_cast<unsigned __int128>(unscaled);
  for (int i = 0; i < scale; ++i) {
    *--p = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  if (negative) *--p = '-';
  out->append(p, static_cast<size_t>(buf + sizeof(buf) - p));
}

void AppendDate(std::string* out, int32_t days) { AppendYearMonthDay(out, days); }

void AppendTimestamp(std::string* out, int64_t micros, FractionStyle style) {
  CivilDate date;
  CivilTime time;
  SplitTimestamp(micros, &date, &time);
  AppendYearMonthDay(out, DaysFromCivil(date.year, date.month, date.day));
  AppendTimeOfDay(out, time, style);
}

void AppendTimestampTz(std::string* out, const TimestampTz& value, FractionStyle style,
                       ZoneStyle zone_style) {
  int32_t offset = UtcOffsetSeconds(value.zone_id, value.micros);
  AppendTimestamp(out, value.micros + int64_t{offset} * kMicrosPerSecond, style);
  if (zone_style == ZoneStyle::kSpaceName) {
    out->push_back(' ');
    out->append(TimeZoneName(value.zone_id));
    return;
  }
  int32_t minutes = offset / 60;
  char buf[6];
  buf[0] = minutes < 0 ? '-' : '+';
  if (minutes < 0) minutes = -minutes;
  AppendTwoDigits(buf + 1, minutes / 60);
  buf[3] = ':';
  AppendTwoDigits(buf + 4, minutes % 60);
  out->append(buf, 6);
}

void AppendIntervalDayTime(std::string* out, int64_t millis) {
  // Magnitudes in unsigned arithmetic, so that INT64_MIN prints like the others.
  const bool negative = millis < 0;
  uint64_t rest = negative ? 0 - static_cast<uint64_t>(millis) : static_cast<uint64_t>(millis);
  if (negative) out->push_back('-');
  const uint64_t days = rest / 86400000;
  rest %= 86400000;
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), days);
  out->append(buf, static_cast<size_t>(result.ptr - buf));
  char time[13];
  time[0] = ' ';
  AppendTwoDigits(time + 1, static_cast<int32_t>(rest / 3600000));
  time[3] = ':';
  AppendTwoDigits(time + 4, static_cast<int32_t>(rest / 60000 % 60));
  time[6] = ':';
  AppendTwoDigits(time + 7, static_cast<int32_t>(rest / 1000 % 60));
  time[9] = '.';
  const int32_t fraction = static_cast<int32_t>(rest % 1000);
  time[10] = static_cast<char>('0' + fraction / 100);
  AppendTwoDigits(time + 11, fraction % 100);
  out->append(time, 13);
}

void AppendIntervalYearMonth(std::string* out, int32_t months) {
  const bool negative = months < 0;
  const int64_t magnitude = negative ? -int64_t{months} : int64_t{months};
  if (negative) out->push_back('-');
  AppendInt64(out, magnitude / 12);
  out->push_back('-');
  AppendInt64(out, magnitude % 12);
}

void AppendHex(std::string* out, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out->push_back(kDigits[c >> 4]);
    out->push_back(kDigits[c & 15]);
  }
}

void AppendValue(std::string* out, const Vector& vector, size_t row, const TextStyle& style) {
  const DataType& type = vector.type();
  switch (type.id()) {
    case TypeId::kUnknown: out->append("NULL"); return;
    case TypeId::kBoolean: AppendBoolean(out, vector.data<uint8_t>()[row] != 0); return;
    case TypeId::kTinyInt: AppendInt64(out, vector.data<int8_t>()[row]); return;
    case TypeId::kSmallInt: AppendInt64(out, vector.data<int16_t>()[row]); return;
    case TypeId::kInteger: AppendInt64(out, vector.data<int32_t>()[row]); return;
    case TypeId::kBigInt: AppendInt64(out, vector.data<int64_t>()[row]); return;
    case TypeId::kReal:
      AppendFloat(out, vector.data<float>()[row], style.double_force_point);
      return;
    case TypeId::kDouble:
      AppendDouble(out, vector.data<double>()[row], style.double_force_point);
      return;
    case TypeId::kDecimal:
      if (type.is_short_decimal()) {
        AppendDecimal(out, vector.data<int64_t>()[row], type.scale());
      } else {
        AppendDecimal(out, vector.data<__int128>()[row], type.scale());
      }
      return;
    case TypeId::kVarchar:
    case TypeId::kVarbinary: out->append(vector.GetString(row)); return;
    case TypeId::kDate: AppendDate(out, vector.data<int32_t>()[row]); return;
    case TypeId::kTimestamp:
      AppendTimestamp(out, vector.data<int64_t>()[row], style.fraction);
      return;
    case TypeId::kTimestampTz:
      AppendTimestampTz(out, vector.data<TimestampTz>()[row], style.fraction, style.zone);
      return;
    case TypeId::kIntervalDayTime: AppendIntervalDayTime(out, vector.data<int64_t>()[row]); return;
    case TypeId::kIntervalYearMonth:
      AppendIntervalYearMonth(out, vector.data<int32_t>()[row]);
      return;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kRow: break;
  }
  throw NotImplementedError("cannot format a value of type " + type.ToString() + " as text");
}

}  // namespace sluice
