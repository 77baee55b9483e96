#include "formats/csv/type_inference.h"

#include <algorithm>
#include <bit>

#include "core/time_zone.h"
#include "core/value_parse.h"

namespace sluice::csv {

namespace {

constexpr const char* kCommonDateForms[] = {
    "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%m-%d-%Y",
    "%d-%m-%Y", "%d-%b-%Y", "%d %b %Y", "%b %d %Y", "%b %d, %Y",
};
/// Date parts of the common timestamp forms, each combined with kCommonTimeForms.
constexpr const char* kCommonTimestampDateForms[] = {
    "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%m-%d-%Y", "%d-%m-%Y",
};
constexpr const char* kCommonTimeForms[] = {
    " %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p",
};

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

uint64_t AllBits(size_t count) {
  return count >= 64 ? ~uint64_t{0} : (uint64_t{1} << count) - 1;
}

bool IsInferredBoolean(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  char buf[5];
  for (size_t i = 0; i < text.size(); ++i) buf[i] = LowerAscii(text[i]);
  std::string_view t(buf, text.size());
  return t == "true" || t == "false" || t == "t" || t == "f";
}

/// "0123" and "00.5" are codes, not numbers; "0", "0.5", "-0.5" are numbers.
bool HasLeadingZero(std::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  return text.size() >= 2 && text[0] == '0' && IsDigit(text[1]);
}

void ClassifyNumber(std::string_view text, ValueClass* out) {
  char first = text[0];
  if (first == '+' || first == '-') {
    if (text.size() == 1) return;
    first = text[1];
  }
  if (IsDigit(first) || first == '.') {
    if (HasLeadingZero(text)) return;
    int integer_digits = 0, fraction_digits = 0;
    if (MeasureDecimal(text, &integer_digits, &fraction_digits)) {
      out->integer_digits = integer_digits;
      out->fraction_digits = fraction_digits;
      bool has_point = text.find('.') != std::string_view::npos;
      int64_t ignored;
      if (!has_point && ParseInt64(text, &ignored)) out->kinds |= ValueClass::kBigInt;
      out->kinds |= ValueClass::kDecimal | ValueClass::kDouble;
      return;
    }
  } else if (LowerAscii(first) != 'n' && LowerAscii(first) != 'i') {
    return;
  }
  double ignored;
  if (ParseDouble(text, &ignored)) out->kinds |= ValueClass::kDouble;
}

void ClassifyTemporal(std::string_view text, const InferencePatterns& patterns, ValueClass* out) {
  if (text.size() < 6 || text.size() > 64) return;
  const bool has_colon = text.find(':') != std::string_view::npos;
  if (IsDigit(text[0])) {
    int32_t days;
    int64_t micros;
    TimestampTz tz;
    if (!has_colon && ParseDate(text, &days)) {
      out->kinds |= ValueClass::kDate | ValueClass::kTimestamp;
      out->date_patterns = AllBits(patterns.dates().size());
      out->timestamp_patterns = AllBits(patterns.timestamps().size());
      return;
    }
    if (ParseTimestamp(text, &micros)) {
      out->kinds |= ValueClass::kTimestamp;
      out->timestamp_patterns = AllBits(patterns.timestamps().size());
      return;
    }
    if (ParseTimestampTz(text, kUtcZoneId, /*require_zone=*/true, &tz)) {
      out->kinds |= ValueClass::kTimestampTz;
      out->zoned_patterns = AllBits(patterns.zoned_timestamps().size());
      return;
    }
  }
  // Non-ISO forms: only text with a separator can be one.
  if (text.find_first_of("/.- ") == std::string_view::npos) return;
  if (!has_colon) {
    for (size_t i = 1; i < patterns.dates().size(); ++i) {
      int32_t days;
      if (patterns.dates()[i]->ParseDate(text, &days)) out->date_patterns |= uint64_t{1} << i;
    }
    if (out->date_patterns != 0) out->kinds |= ValueClass::kDate;
  }
  for (size_t i = 1; i < patterns.timestamps().size(); ++i) {
    int64_t micros;
    if (patterns.timestamps()[i]->ParseTimestamp(text, &micros)) {
      out->timestamp_patterns |= uint64_t{1} << i;
    }
  }
  if (out->timestamp_patterns != 0) out->kinds |= ValueClass::kTimestamp;
  for (size_t i = 1; i < patterns.zoned_timestamps().size(); ++i) {
    TimestampTz tz;
    if (patterns.zoned_timestamps()[i]->ParseTimestampTz(text, kUtcZoneId, &tz)) {
      out->zoned_patterns |= uint64_t{1} << i;
    }
  }
  if (out->zoned_patterns != 0) out->kinds |= ValueClass::kTimestampTz;
}

int IntegerDigits(const DataType& type) {
  if (type.id() == TypeId::kDecimal) return type.precision() - type.scale();
  return 19;  // BIGINT
}

const std::string& PatternText(const ColumnType& type) {
  static const std::string kIso;
  return type.pattern ? type.pattern->text() : kIso;
}

bool IsDateTime(TypeId id) { return id == TypeId::kDate || id == TypeId::kTimestamp; }

}  // namespace

std::string ColumnType::ToString() const {
  std::string out = type.ToString();
  if (pattern) out += " (format " + pattern->text() + ")";
  return out;
}

bool operator==(const ColumnType& a, const ColumnType& b) {
  return a.type == b.type && PatternText(a) == PatternText(b);
}

ColumnType JoinTypes(const ColumnType& a, const ColumnType& b) {
  if (a == b) return a;
  const TypeId x = a.type.id(), y = b.type.id();
  if (x == TypeId::kUnknown) return b;
  if (y == TypeId::kUnknown) return a;
  const ColumnType varchar{DataType::Varchar(), nullptr};
  auto numeric = [](TypeId id) {
    return id == TypeId::kBigInt || id == TypeId::kDecimal || id == TypeId::kDouble;
  };
  if (numeric(x) && numeric(y)) {
    if (x == TypeId::kDouble || y == TypeId::kDouble) return {DataType::Double(), nullptr};
    int scale = std::max(a.type.scale(), b.type.scale());
    int precision = std::max(IntegerDigits(a.type), IntegerDigits(b.type)) + scale;
    if (precision > kMaxDecimalPrecision) return {DataType::Double(), nullptr};
    return {DataType::Decimal(precision, scale), nullptr};
  }
  if (IsDateTime(x) && IsDateTime(y)) {
    // A column keeps one non-ISO pattern; ISO text is read by any of them. A date
    // pattern cannot read timestamps.
    if (a.pattern && b.pattern && PatternText(a) != PatternText(b)) return varchar;
    if (x == TypeId::kDate && y == TypeId::kDate) return a.pattern ? a : b;
    const ColumnType& date = x == TypeId::kDate ? a : b;
    const ColumnType& other = x == TypeId::kDate ? b : a;
    if (x == y) return a.pattern ? a : b;  // both timestamps
    if (date.pattern) return varchar;
    return other;
  }
  if (x == TypeId::kTimestampTz && y == TypeId::kTimestampTz) {
    if (a.pattern && b.pattern) return varchar;  // different patterns
    return a.pattern ? a : b;
  }
  return varchar;
}

InferencePatterns::InferencePatterns(const std::string& date_format,
                                     const std::string& timestamp_format, bool common_forms) {
  dates_.push_back(nullptr);
  timestamps_.push_back(nullptr);
  zoned_timestamps_.push_back(nullptr);
  auto compile = [](const std::string& text) {
    return std::make_shared<const DateTimePattern>(DateTimePattern::Compile(text));
  };
  if (!date_format.empty()) {
    auto pattern = compile(date_format);
    if (pattern->has_zone()) {
      zoned_timestamps_.push_back(pattern);
    } else if (pattern->has_time()) {
      timestamps_.push_back(pattern);
    } else {
      dates_.push_back(pattern);
    }
  }
  if (!timestamp_format.empty()) {
    auto pattern = compile(timestamp_format);
    (pattern->has_zone() ? zoned_timestamps_ : timestamps_).push_back(pattern);
  }
  if (!common_forms) return;
  for (const char* form : kCommonDateForms) {
    if (date_format.empty()) dates_.push_back(compile(form));
  }
  if (!timestamp_format.empty()) return;
  for (const char* date : kCommonTimestampDateForms) {
    for (const char* time : kCommonTimeForms) {
      timestamps_.push_back(compile(std::string(date) + time));
    }
  }
}

ValueClass ClassifyValue(std::string_view text, const InferencePatterns& patterns) {
  ValueClass out;
  if (text.empty()) return out;
  if (IsInferredBoolean(text)) {
    out.kinds |= ValueClass::kBoolean;
    return out;
  }
  ClassifyNumber(text, &out);
  if (out.kinds != 0) return out;
  ClassifyTemporal(text, patterns, &out);
  return out;
}

void TypeAccumulator::Add(const ValueClass& value) {
  if (value.kinds & ValueClass::kDate) {
    saw_non_iso_date_ |= value.date_patterns != AllBits(patterns_->dates().size());
  }
  if (value.kinds & ValueClass::kTimestamp) {
    saw_non_iso_timestamp_ |= value.timestamp_patterns != AllBits(patterns_->timestamps().size());
  }
  if (num_values_++ == 0) {
    all_ = value;
    return;
  }
  all_.kinds &= value.kinds;
  all_.integer_digits = std::max(all_.integer_digits, value.integer_digits);
  all_.fraction_digits = std::max(all_.fraction_digits, value.fraction_digits);
  all_.date_patterns &= value.date_patterns;
  all_.timestamp_patterns &= value.timestamp_patterns;
  all_.zoned_patterns &= value.zoned_patterns;
}

ColumnType TypeAccumulator::Result(std::string* note) const {
  const uint32_t kinds = all_.kinds;
  if (num_values_ == 0) return {DataType::Varchar(), nullptr};
  if (kinds & ValueClass::kBoolean) return {DataType::Boolean(), nullptr};
  if (kinds & ValueClass::kBigInt) return {DataType::BigInt(), nullptr};
  if (kinds & ValueClass::kDecimal) {
    int precision = all_.integer_digits + all_.fraction_digits;
    if (precision <= kMaxDecimalPrecision) {
      return {DataType::Decimal(std::max(precision, 1), all_.fraction_digits), nullptr};
    }
  }
  if (kinds & ValueClass::kDouble) return {DataType::Double(), nullptr};
  auto pick = [&](uint64_t bits, const InferencePatterns::PatternList& list, bool saw_non_iso,
                  const char* what) {
    size_t index = static_cast<size_t>(std::countr_zero(bits));
    if (note != nullptr && saw_non_iso && index > 0) {
      std::string others;
      for (size_t i = index + 1; i < list.size(); ++i) {
        if ((bits >> i) & 1) others += (others.empty() ? "" : ", ") + list[i]->text();
      }
      if (!others.empty()) {
        *note = std::string(what) + " fit both " + list[index]->text() + " and " + others +
                "; read as " + list[index]->text() + " (set " +
                (std::string(what) == "dates" ? "date_format" : "timestamp_format") +
                " to choose)";
      }
    }
    return list[index];
  };
  if ((kinds & ValueClass::kDate) && all_.date_patterns != 0) {
    return {DataType::Date(), pick(all_.date_patterns, patterns_->dates(), saw_non_iso_date_,
                                   "dates")};
  }
  if ((kinds & ValueClass::kTimestamp) && all_.timestamp_patterns != 0) {
    return {DataType::Timestamp(), pick(all_.timestamp_patterns, patterns_->timestamps(),
                                        saw_non_iso_timestamp_, "timestamps")};
  }
  if ((kinds & ValueClass::kTimestampTz) && all_.zoned_patterns != 0) {
    return {DataType::TimestampTz(),
            patterns_->zoned_timestamps()[static_cast<size_t>(std::countr_zero(all_.zoned_patterns))]};
  }
  return {DataType::Varchar(), nullptr};
}

ColumnType TypeOfValue(std::string_view text, const InferencePatterns& patterns) {
  TypeAccumulator accumulator(&patterns);
  accumulator.Add(text);
  return accumulator.Result();
}

}  // namespace sluice::csv
