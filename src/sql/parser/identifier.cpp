#include "sql/parser/identifier.h"

#include "sql/parser/keywords.h"

namespace sluice::sql {

namespace {

bool IsPlainIdentifier(std::string_view name) {
  if (name.empty()) return false;
  char first = name[0];
  if (!((first >= 'a' && first <= 'z') || first == '_' ||
        static_cast<unsigned char>(first) >= 0x80)) {
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
  }
  return !IsReservedKeyword(name) && !IsContextSensitiveWord(name);
}

std::string Quote(std::string_view text, char quote) {
  std::string result(1, quote);
  for (char c : text) {
    if (c == quote) result += quote;
    result += c;
  }
  result += quote;
  return result;
}

}  // namespace

std::string QuoteIdentifierIfNeeded(std::string_view name) {
  return IsPlainIdentifier(name) ? std::string(name) : Quote(name, '"');
}

std::string Parenthesize(std::string_view text) {
  std::string result;
  result.reserve(text.size() + 2);
  result += '(';
  result += text;
  result += ')';
  return result;
}

std::string QuoteString(std::string_view text) { return Quote(text, '\''); }

std::string Identifier::ToString() const {
  return quoted ? Quote(name, '"') : QuoteIdentifierIfNeeded(name);
}

std::string QualifiedName::ToString() const {
  std::string result;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) result += '.';
    result += parts[i].ToString();
  }
  return result;
}

}  // namespace sluice::sql
