#include "core/base64.h"

#include <array>
#include <cstdint>

namespace sluice {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Value of each base64 character, or -1.
constexpr std::array<int8_t, 256> kDecode = [] {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (int i = 0; i < 64; ++i)
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}();

}  // namespace

void AppendBase64(std::string* out, std::string_view bytes) {
  size_t start = out->size();
  out->resize(start + (bytes.size() + 2) / 3 * 4);
  char* p = out->data() + start;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t group = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    *p++ = kAlphabet[group >> 18];
    *p++ = kAlphabet[(group >> 12) & 63];
    *p++ = kAlphabet[(group >> 6) & 63];
    *p++ = kAlphabet[group & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return;
  uint32_t group = uint32_t{in[i]} << 16;
  if (rest == 2) group |= uint32_t{in[i + 1]} << 8;
  *p++ = kAlphabet[group >> 18];
  *p++ = kAlphabet[(group >> 12) & 63];
  *p++ = rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
  *p++ = '=';
}

bool DecodeBase64(std::string_view text, std::string* out) {
  // Padding only at the end: at most two '=' completing the last group of four.
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  if (padding > 0 && text.size() % 4 != 0) return false;
  text.remove_suffix(padding);
  if (text.size() % 4 == 1) return false;  // a lone 6-bit group holds no whole byte
  out->reserve(out->size() + text.size() / 4 * 3 + 2);
  uint32_t group = 0;
  int bits = 0;
  for (unsigned char c : text) {
    int value = kDecode[c];
    if (value < 0) return false;
    group = (group << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((group >> bits) & 0xff));
    }
  }
  // Leftover bits of the last group must be zero (canonical encoding).
  return (group & ((1u << bits) - 1)) == 0;
}

}  // namespace sluice
