#include "sql/expression/functions/like_pattern.h"

#include "core/error.h"

namespace sluice::sql {

namespace {
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

LikePattern LikePattern::Compile(std::string_view pattern, std::string_view escape, bool has_escape) {
  if (has_escape && escape.size() != 1) {
    throw InvalidArgumentError("LIKE: escape must be a single character, got '" + std::string(escape) + "'");
  }
  LikePattern result;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (has_escape && c == escape[0]) {
      if (i + 1 == pattern.size() ||
          (pattern[i + 1] != '%' && pattern[i + 1] != '_' && pattern[i + 1] != escape[0])) {
        throw InvalidArgumentError("LIKE: escape character must be followed by '%', '_' or the escape character in '" +
                                   std::string(pattern) + "'");
      }
      c = pattern[++i];
    } else if (c == '%') {
      if (result.tokens_.empty() || result.tokens_.back().kind != TokenKind::kAny) {
        result.tokens_.push_back({TokenKind::kAny, {}});
      }
      continue;
    } else if (c == '_') {
      result.tokens_.push_back({TokenKind::kOne, {}});
      continue;
    }
    if (result.tokens_.empty() || result.tokens_.back().kind != TokenKind::kLiteral) {
      result.tokens_.push_back({TokenKind::kLiteral, {}});
    }
    result.tokens_.back().literal.push_back(c);
  }
  const auto& t = result.tokens_;
  auto is = [&](size_t i, TokenKind kind) { return t[i].kind == kind; };
  if (t.empty()) {
    result.shape_ = Shape::kExact;
  } else if (t.size() == 1 && is(0, TokenKind::kLiteral)) {
    result.shape_ = Shape::kExact;
    result.literal_ = t[0].literal;
  } else if (t.size() == 2 && is(0, TokenKind::kLiteral) && is(1, TokenKind::kAny)) {
    result.shape_ = Shape::kPrefix;
    result.literal_ = t[0].literal;
  } else if (t.size() == 2 && is(0, TokenKind::kAny) && is(1, TokenKind::kLiteral)) {
    result.shape_ = Shape::kSuffix;
    result.literal_ = t[1].literal;
  } else if (t.size() == 3 && is(0, TokenKind::kAny) && is(1, TokenKind::kLiteral) && is(2, TokenKind::kAny)) {
    result.shape_ = Shape::kContains;
    result.literal_ = t[1].literal;
  } else if (t.size() == 1 && is(0, TokenKind::kAny)) {
    result.shape_ = Shape::kPrefix;  // '%': everything
  }
  return result;
}

bool LikePattern::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact:
      return text == literal_;
    case Shape::kPrefix:
      return text.starts_with(literal_);
    case Shape::kSuffix:
      return text.ends_with(literal_);
    case Shape::kContains:
      return text.find(literal_) != std::string_view::npos;
    default:
      return MatchGeneral(text);
  }
}

bool LikePattern::MatchGeneral(std::string_view text) const {
  // Greedy matching with one backtrack point: the last '%' seen and where its match
  // would resume. Classic wildcard algorithm over tokens.
  size_t token = 0, position = 0;
  size_t star_token = SIZE_MAX, star_position = 0;
  while (true) {
    if (token < tokens_.size()) {
      const Token& t = tokens_[token];
      if (t.kind == TokenKind::kAny) {
        star_token = token++;
        star_position = position;
        continue;
      }
      if (t.kind == TokenKind::kOne && position < text.size()) {
        ++position;
        while (position < text.size() && IsContinuation(text[position])) ++position;
        ++token;
        continue;
      }
      if (t.kind == TokenKind::kLiteral && text.substr(position).starts_with(t.literal)) {
        position += t.literal.size();
        ++token;
        continue;
      }
    } else if (position == text.size()) {
      return true;
    }
    // Mismatch: let the last '%' swallow one more code point.
    if (star_token == SIZE_MAX || star_position >= text.size()) return false;
    ++star_position;
    while (star_position < text.size() && IsContinuation(text[star_position])) ++star_position;
    position = star_position;
    token = star_token + 1;
  }
}

}  // namespace sluice::sql
