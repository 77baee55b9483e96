#include "sql/expression/decimal_text.h"

#include <cstddef>

#include "core/value.h"

namespace sluice::sql {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// The significand's digits, integer part then fraction, read in place.
struct Digits {
  std::string_view integer;
  std::string_view fraction;

  int64_t size() const { return static_cast<int64_t>(integer.size() + fraction.size()); }
  int operator[](int64_t i) const {
    const auto k = static_cast<size_t>(i);
    return (k < integer.size() ? integer[k] : fraction[k - integer.size()]) - '0';
  }
};

/// Skips a run of digits from `*i`; returns it.
std::string_view DigitRun(std::string_view text, size_t* i) {
  const size_t begin = *i;
  while (*i < text.size() && IsDigit(text[*i])) ++*i;
  return text.substr(begin, *i - begin);
}

}  // namespace

DecimalTextResult ParseDecimalText(std::string_view text, int precision, int scale, __int128* unscaled) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  Digits digits;
  digits.integer = DigitRun(text, &i);
  if (i < text.size() && text[i] == '.') {
    ++i;
    digits.fraction = DigitRun(text, &i);
  }
  if (digits.size() == 0) return DecimalTextResult::kInvalid;
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
    std::string_view exponent_digits = DigitRun(text, &i);
    if (exponent_digits.empty()) return DecimalTextResult::kInvalid;
    for (char c : exponent_digits) {
      exponent = exponent * 10 + (c - '0');
      if (exponent > INT32_MAX) return DecimalTextResult::kInvalid;  // Java: exponent overflow
    }
    if (negative_exponent) exponent = -exponent;
  }
  if (i != text.size()) return DecimalTextResult::kInvalid;

  // The value is D · 10^(exponent - fraction digits) for the integer D of all the
  // digits; the result is round(D · 10^shift). Of D's significant digits (from `first`)
  // the result keeps `kept` before rounding (negative: the value is below 10^-scale).
  int64_t first = 0;
  while (first < digits.size() && digits[first] == 0) ++first;
  if (first == digits.size()) {
    *unscaled = 0;
    return DecimalTextResult::kOk;
  }
  const int64_t significant = digits.size() - first;
  const int64_t shift = exponent - static_cast<int64_t>(digits.fraction.size()) + scale;
  const int64_t kept = significant + shift;
  if (kept > precision) return DecimalTextResult::kOutOfRange;
  __int128 value = 0;
  for (int64_t k = 0; k < kept && k < significant; ++k) value = value * 10 + digits[first + k];
  if (kept > significant) value *= PowerOfTen(static_cast<int>(kept - significant));
  // Half up: the first dropped digit decides (a dropped digit before the first
  // significant one is a zero).
  if (kept >= 0 && kept < significant && digits[first + kept] >= 5) {
    ++value;
    if (value >= PowerOfTen(precision)) return DecimalTextResult::kOutOfRange;  // 9.995 → 10.00
  }
  *unscaled = negative ? -value : value;
  return DecimalTextResult::kOk;
}

}  // namespace sluice::sql
