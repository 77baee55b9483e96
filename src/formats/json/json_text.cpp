#include "formats/json/json_text.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace sluice::json {

namespace {

/// Bytes that cannot be copied as they are: controls, '"', '\', DEL and non-ASCII.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x7f;
  return table;
}();

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

/// True when some byte of the 8-byte word needs care (SWAR, no false negatives).
inline bool WordNeedsCare(uint64_t word) {
  uint64_t below_space = (word - kOnes * 0x20) & ~word;
  uint64_t quote = word ^ (kOnes * '"');
  uint64_t backslash = word ^ (kOnes * '\\');
  uint64_t has_quote = (quote - kOnes) & ~quote;
  uint64_t has_backslash = (backslash - kOnes) & ~backslash;
  uint64_t del_or_high = (word + kOnes) | word;  // high bit set for bytes >= 0x7f
  return ((below_space | has_quote | has_backslash | del_or_high) & kHighBits) != 0;
}

/// First byte in [p, end) that needs care, or end.
inline const unsigned char* FindNeedsCare(const unsigned char* p, const unsigned char* end) {
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    if (WordNeedsCare(word)) break;
    p += 8;
  }
  while (p < end && !kNeedsCare[*p]) ++p;
  return p;
}

inline bool IsContinuation(unsigned char c) { return (c & 0xc0) == 0x80; }

void AppendUnicodeEscape(std::string* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
  out->append(buf, 6);
}

}  // namespace

size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  unsigned char c = p[0];
  size_t available = static_cast<size_t>(end - p);
  if (c >= 0xc2 && c <= 0xdf) {
    return available >= 2 && IsContinuation(p[1]) ? 2 : 0;
  }
  if (c >= 0xe0 && c <= 0xef) {
    if (available < 3 || !IsContinuation(p[1]) || !IsContinuation(p[2])) return 0;
    if (c == 0xe0 && p[1] < 0xa0) return 0;  // overlong
    if (c == 0xed && p[1] > 0x9f) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (available < 4 || !IsContinuation(p[1]) || !IsContinuation(p[2]) || !IsContinuation(p[3])) {
      return 0;
    }
    if (c == 0xf0 && p[1] < 0x90) return 0;  // overlong
    if (c == 0xf4 && p[1] > 0x8f) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

void AppendJsonString(std::string* out, std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  out->push_back('"');
  while (p < end) {
    const unsigned char* run = FindNeedsCare(p, end);
    out->append(reinterpret_cast<const char*>(p), static_cast<size_t>(run - p));
    p = run;
    if (p == end) break;
    unsigned char c = *p;
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(p, end);
      if (length > 0) {
        out->append(reinterpret_cast<const char*>(p), length);
        p += length;
      } else {
        AppendUnicodeEscape(out, c);
        ++p;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: AppendUnicodeEscape(out, c); break;
    }
    ++p;
  }
  out->push_back('"');
}

}  // namespace sluice::json
