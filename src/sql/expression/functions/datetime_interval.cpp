#include "sql/expression/functions/datetime_interval.h"

#include <array>
#include <limits>
#include <string>

#include "core/error.h"

namespace sluice::sql {

namespace {

constexpr std::array<std::string_view, 6> kFieldNames = {"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"};
constexpr int kMaxFieldDigits = 10;  ///< Joda's period parser reads at most 10 digits a field.

bool IsYearMonth(IntervalField field) { return field <= IntervalField::kMonth; }

/// Reads 1..10 digits at text[*pos].
bool ReadDigits(std::string_view text, size_t* pos, int64_t* value) {
  size_t i = *pos;
  int64_t v = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - *pos < kMaxFieldDigits) {
    v = v * 10 + (text[i] - '0');
    ++i;
  }
  if (i == *pos || (i < text.size() && text[i] >= '0' && text[i] <= '9')) return false;
  *pos = i;
  *value = v;
  return true;
}

/// Milliseconds of the fraction after a '.' at text[*pos] (1..9 digits, truncated).
bool ReadMillis(std::string_view text, size_t* pos, int64_t* millis) {
  size_t i = *pos;
  int64_t v = 0;
  int digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (++digits > 9) return false;
    if (digits <= 3) v = v * 10 + (text[i] - '0');
    ++i;
  }
  if (digits == 0) return false;
  for (int d = digits; d < 3; ++d) v *= 10;
  *pos = i;
  *millis = v;
  return true;
}

/// The separator Trino's formats put before a field: "d h:m:s", "y-m".
char SeparatorBefore(IntervalField field) {
  switch (field) {
    case IntervalField::kMonth: return '-';
    case IntervalField::kHour: return ' ';
    default: return ':';
  }
}

int64_t UnitMillis(IntervalField field) {
  switch (field) {
    case IntervalField::kDay: return 86400000;
    case IntervalField::kHour: return 3600000;
    case IntervalField::kMinute: return 60000;
    default: return 1000;
  }
}

std::string Qualifier(IntervalField start, IntervalField end) {
  std::string text(IntervalFieldName(start));
  if (end != start) text += " TO " + std::string(IntervalFieldName(end));
  return text;
}

}  // namespace

bool ParseIntervalField(std::string_view name, IntervalField* field) {
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    const std::string_view expected = kFieldNames[i];
    if (name.size() != expected.size()) continue;
    bool equal = true;
    for (size_t k = 0; k < name.size() && equal; ++k) {
      char c = name[k];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      equal = c == expected[k];
    }
    if (equal) {
      *field = static_cast<IntervalField>(i);
      return true;
    }
  }
  return false;
}

std::string_view IntervalFieldName(IntervalField field) { return kFieldNames[static_cast<size_t>(field)]; }

Value ParseIntervalLiteral(std::string_view text, IntervalField start, IntervalField end, bool negative) {
  if (end < start || IsYearMonth(start) != IsYearMonth(end)) {
    throw InvalidArgumentError("Invalid interval qualifier: " + std::string(IntervalFieldName(start)) + " TO " +
                               std::string(IntervalFieldName(end)));
  }
  auto invalid = [&](const char* why) -> Value {
    throw InvalidArgumentError("Invalid INTERVAL " + Qualifier(start, end) + " value: " + std::string(text) + why);
  };
  size_t pos = 0;
  if (!text.empty() && text[0] == '-') {
    negative = !negative;
    pos = 1;
  }
  // Fields from `start` on; the text may stop after any of them.
  int64_t total = 0;
  for (int f = static_cast<int>(start); f <= static_cast<int>(end); ++f) {
    const auto field = static_cast<IntervalField>(f);
    if (field != start) {
      if (pos == text.size()) break;
      if (text[pos] != SeparatorBefore(field)) return invalid("");
      ++pos;
    }
    int64_t value = 0;
    if (!ReadDigits(text, &pos, &value)) return invalid("");
    // Ten-digit fields cannot overflow int64 milliseconds; months are checked below.
    total += IsYearMonth(field) ? value * (field == IntervalField::kYear ? 12 : 1) : value * UnitMillis(field);
    if (field == IntervalField::kSecond && pos < text.size() && text[pos] == '.') {
      ++pos;
      int64_t millis = 0;
      if (!ReadMillis(text, &pos, &millis)) return invalid("");
      total += millis;
    }
  }
  if (pos != text.size()) return invalid("");
  if (negative) total = -total;
  if (IsYearMonth(start)) {
    if (total < std::numeric_limits<int32_t>::min() || total > std::numeric_limits<int32_t>::max()) {
      return invalid(" (out of range)");
    }
    return Value::IntervalYearMonth(static_cast<int32_t>(total));
  }
  return Value::IntervalDayTime(total);
}

}  // namespace sluice::sql
