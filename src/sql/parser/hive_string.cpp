#include "sql/parser/hive_string.h"

#include <cstdint>

namespace sluice::sql {

namespace {

bool IsOctalDigit(char c) { return c >= '0' && c <= '7'; }

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

uint32_t HexValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint32_t>(c - 'a' + 10);
  return static_cast<uint32_t>(c - 'A' + 10);
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

/// The character a one-letter escape stands for, or 0 when `c` is not one.
char SimpleEscape(char c) {
  switch (c) {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'Z': return '\x1A';
    default: return 0;
  }
}

}  // namespace

std::string DecodeHiveEscapes(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\' || i + 1 == text.size()) {
      result += c;
      continue;
    }
    char next = text[i + 1];
    if (next == 'u' && i + 5 < text.size() && IsHexDigit(text[i + 2]) && IsHexDigit(text[i + 3]) &&
        IsHexDigit(text[i + 4]) && IsHexDigit(text[i + 5])) {
      uint32_t code_point = 0;
      for (size_t k = 2; k <= 5; ++k) code_point = code_point * 16 + HexValue(text[i + k]);
      AppendUtf8(result, code_point);
      i += 5;
      continue;
    }
    if ((next == '0' || next == '1') && i + 3 < text.size() && IsOctalDigit(text[i + 2]) &&
        IsOctalDigit(text[i + 3])) {
      result += static_cast<char>((next - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0'));
      i += 3;
      continue;
    }
    ++i;
    if (char simple = SimpleEscape(next); simple != 0) {
      result += simple;
    } else if (next == '0') {
      result += '\0';
    } else if (next == '%' || next == '_') {
      result += '\\';
      result += next;
    } else {
      result += next;  // \\ \' \" and any other character stand for themselves
    }
  }
  return result;
}

std::string QuoteHiveString(std::string_view value) {
  static constexpr char kOctal[] = "01234567";
  std::string result = "'";
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      // \% and \_ decode to themselves, so a backslash before them is written bare.
      bool keeps_itself = i + 1 < value.size() && (value[i + 1] == '%' || value[i + 1] == '_');
      result += keeps_itself ? "\\" : "\\\\";
    } else if (c == '\t') {
      result += "\\t";
    } else if (c == '\n') {
      result += "\\n";
    } else if (c == '\r') {
      result += "\\r";
    } else if (c == '\'' || byte < 0x20 || byte == 0x7F) {
      result += '\\';
      result += kOctal[byte >> 6];
      result += kOctal[(byte >> 3) & 7];
      result += kOctal[byte & 7];
    } else {
      result += c;
    }
  }
  result += '\'';
  return result;
}

}  // namespace sluice::sql
