#pragma once
// Hand-written formatting of field values straight into an output buffer.
//
// Every function writes at `out` and returns one past the last byte written; the
// caller has reserved enough room (OutputFile::Reserve). No locale, no printf and no
// floating point: decimals are integers of hundredths, so the text is the same
// everywhere and fast to produce.

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sluice::datagen {

/// "00" "01" ... "99" back to back, for writing two digits per division.
inline constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (size_t i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

/// Copies `text` verbatim.
inline char* WriteText(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

/// Writes `value` (0..99) as exactly two digits.
inline char* WriteTwoDigits(char* out, uint32_t value) {
  std::memcpy(out, kDigitPairs.data() + 2 * value, 2);
  return out + 2;
}

/// 10^i for i in 0..19.
inline constexpr std::array<uint64_t, 20> kPowersOfTen = [] {
  std::array<uint64_t, 20> powers{};
  uint64_t power = 1;
  for (uint64_t& entry : powers) {
    entry = power;
    power *= 10;
  }
  return powers;
}();

/// Number of decimal digits of `value` (1 for zero), without a loop: log10 from the
/// bit width (1233 / 4096 ~ log10(2)), corrected by one comparison.
inline int DecimalDigits(uint64_t value) {
  const int estimate = (static_cast<int>(std::bit_width(value | 1)) * 1233) >> 12;
  return estimate - ((value | 1) < kPowersOfTen[static_cast<size_t>(estimate)] ? 1 : 0) + 1;
}

/// Writes `value` in decimal without leading zeros ("0" for zero). Fills the digits
/// in place, two per division, with no call to memcpy.
inline char* WriteUnsigned(char* out, uint64_t value) {
  char* const end = out + DecimalDigits(value);
  char* cursor = end;
  while (value >= 100) {
    cursor -= 2;
    const uint64_t pair = value % 100;
    value /= 100;
    cursor[0] = kDigitPairs[2 * pair];
    cursor[1] = kDigitPairs[2 * pair + 1];
  }
  if (value >= 10) {
    cursor[-2] = kDigitPairs[2 * value];
    cursor[-1] = kDigitPairs[2 * value + 1];
  } else {
    cursor[-1] = static_cast<char>('0' + value);
  }
  return end;
}

/// Writes `value` in decimal with a leading '-' when negative.
inline char* WriteSigned(char* out, int64_t value) {
  if (value >= 0) return WriteUnsigned(out, static_cast<uint64_t>(value));
  *out++ = '-';
  return WriteUnsigned(out, 0 - static_cast<uint64_t>(value));
}

/// Writes the low `width` decimal digits of `value`, zero-padded ("000000042").
inline char* WritePadded(char* out, uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

/// Writes a count of hundredths as a decimal with exactly two fractional digits:
/// 1250 -> "12.50", -300 -> "-3.00", -5 -> "-0.05".
inline char* WriteCents(char* out, int64_t cents) {
  uint64_t magnitude = static_cast<uint64_t>(cents);
  if (cents < 0) {
    *out++ = '-';
    magnitude = 0 - magnitude;
  }
  out = WriteUnsigned(out, magnitude / 100);
  *out++ = '.';
  return WriteTwoDigits(out, static_cast<uint32_t>(magnitude % 100));
}

}  // namespace sluice::datagen
