#pragma once
// UTF-8 code points for the text functions: decoding one at a time (invalid bytes stand for
// themselves, as Trino's functions treat them) and encoding.

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::sql {

/// Decodes one UTF-8 code point at text[i] and sets its byte length; an invalid or
/// truncated sequence decodes as -1 with length 1.
inline int32_t DecodeCodePoint(std::string_view text, size_t i, size_t* length) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) {
    *length = 1;
    return -1;
  }
  int32_t code_point = n == 1 ? lead : lead & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) {
      *length = 1;
      return -1;
    }
    code_point = (code_point << 6) | (byte(k) & 0x3F);
  }
  *length = n;
  return code_point;
}

/// Appends the UTF-8 encoding of code point c (0 <= c <= 0x10FFFF).
inline void AppendCodePoint(std::string* out, int32_t c) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace sluice::sql
