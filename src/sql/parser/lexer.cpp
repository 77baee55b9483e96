#include "sql/parser/lexer.h"

#include <cstdint>
#include <string>

#include "sql/parser/sql_error.h"

namespace sluice::sql {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
/// Letters, `_` and every byte of a multi-byte UTF-8 character start an identifier.
bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || IsDigit(c); }
char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  return ToLower(c) - 'a' + 10;
}

Token MakeToken(TokenType type, std::string text) {
  Token token;
  token.type = type;
  token.text = std::move(text);
  return token;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

/// Operators of two characters, tried before single characters.
constexpr std::string_view kTwoCharOperators[] = {"||", "<>", "!=", "<=", ">=", "=>", "->", "::"};
constexpr std::string_view kOneCharOperators = "()[],.;+-*/%=<>:";

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    size_t last_end = 0;
    while (true) {
      SkipSpaceAndComments();
      if (pos_ >= sql_.size()) break;
      size_t start = pos_;
      Token token = LexToken();
      token.raw = sql_.substr(start, pos_ - start);
      token.position = PositionAt(start);
      tokens.push_back(std::move(token));
      last_end = pos_;
    }
    Token end;
    end.type = TokenType::kEnd;
    end.position = PositionAt(last_end);
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  /// Line and column of `offset`; offsets must not decrease between calls.
  SourcePosition PositionAt(size_t offset) {
    for (; tracked_.offset < offset; ++tracked_.offset) {
      char c = sql_[tracked_.offset];
      if (c == '\n') {
        ++tracked_.line;
        tracked_.column = 1;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++tracked_.column;
      }
    }
    return tracked_;
  }

  /// Line and column of `offset` for an error message (does not move the tracker).
  [[noreturn]] void Fail(size_t offset, std::string_view message) {
    SourcePosition position = tracked_;
    SourcePosition saved = tracked_;
    if (offset >= tracked_.offset) position = PositionAt(offset);
    tracked_ = saved;
    ThrowParseError(sql_, position, message);
  }

  char At(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  void SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (IsSpace(c)) {
        ++pos_;
      } else if (c == '-' && At(pos_ + 1) == '-') {
        size_t end = sql_.find('\n', pos_);
        pos_ = end == std::string_view::npos ? sql_.size() : end + 1;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        SkipBlockComment();
      } else {
        return;
      }
    }
  }

  void SkipBlockComment() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < sql_.size()) {
      if (sql_[pos_] == '/' && At(pos_ + 1) == '*') {
        ++depth;
        pos_ += 2;
      } else if (sql_[pos_] == '*' && At(pos_ + 1) == '/') {
        pos_ += 2;
        if (--depth == 0) return;
      } else {
        ++pos_;
      }
    }
    Fail(start, "unterminated comment");
  }

  Token LexToken() {
    char c = sql_[pos_];
    if ((c == 'u' || c == 'U') && At(pos_ + 1) == '&' && At(pos_ + 2) == '\'') {
      return LexUnicodeString();
    }
    if ((c == 'x' || c == 'X') && At(pos_ + 1) == '\'') return LexBinaryString();
    if (IsIdentifierStart(c)) return LexWord();
    if (IsDigit(c) || (c == '.' && IsDigit(At(pos_ + 1)))) return LexNumber();
    if (c == '\'') return MakeToken(TokenType::kString, LexQuoted('\'', "unterminated string literal"));
    if (c == '"' || c == '`') return LexQuotedIdentifier(c);
    if (c == '?') {
      ++pos_;
      return MakeToken(TokenType::kParameter, "");
    }
    if (c == ':' && IsIdentifierStart(At(pos_ + 1))) return LexNamedParameter();
    for (std::string_view op : kTwoCharOperators) {
      if (sql_.substr(pos_, 2) == op) {
        pos_ += 2;
        return MakeToken(TokenType::kOperator, std::string(op));
      }
    }
    if (kOneCharOperators.find(c) != std::string_view::npos) {
      ++pos_;
      return MakeToken(TokenType::kOperator, std::string(1, c));
    }
    FailUnexpectedCharacter(c);
  }

  [[noreturn]] void FailUnexpectedCharacter(char c) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      Fail(pos_, std::string("unexpected character '") + c + "'");
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string code = "U+00";
    code += kHex[byte >> 4];
    code += kHex[byte & 15];
    Fail(pos_, "unexpected character " + code);
  }

  Token LexWord() {
    size_t start = pos_;
    while (pos_ < sql_.size() && IsIdentifierPart(sql_[pos_])) ++pos_;
    std::string text(sql_.substr(start, pos_ - start));
    for (char& ch : text) ch = ToLower(ch);
    return MakeToken(TokenType::kWord, std::move(text));
  }

  Token LexNamedParameter() {
    ++pos_;  // ':'
    Token word = LexWord();
    return MakeToken(TokenType::kParameter, std::move(word.text));
  }

  size_t SkipDigits(size_t i) const {
    while (i < sql_.size() && IsDigit(sql_[i])) ++i;
    return i;
  }

  Token LexNumber() {
    size_t start = pos_;
    TokenType type = TokenType::kInteger;
    pos_ = SkipDigits(pos_);
    if (At(pos_) == '.') {
      type = TokenType::kDecimal;
      pos_ = SkipDigits(pos_ + 1);
    }
    if (At(pos_) == 'e' || At(pos_) == 'E') {
      size_t digits = pos_ + 1;
      if (At(digits) == '+' || At(digits) == '-') ++digits;
      if (IsDigit(At(digits))) {
        type = TokenType::kDouble;
        pos_ = SkipDigits(digits);
      }
    }
    if (pos_ < sql_.size() && IsIdentifierPart(sql_[pos_])) {
      size_t end = pos_;
      while (end < sql_.size() && IsIdentifierPart(sql_[end])) ++end;
      Fail(start, "invalid number '" + std::string(sql_.substr(start, end - start)) +
                      "' (identifiers must not start with a digit; quote them as \"" +
                      std::string(sql_.substr(start, end - start)) + "\")");
    }
    return {type, std::string(sql_.substr(start, pos_ - start))};
  }

  /// Reads a quoted run starting at pos_ (which holds `quote`), where a doubled quote
  /// stands for one; returns the content and leaves pos_ after the closing quote.
  std::string LexQuoted(char quote, std::string_view unterminated_message) {
    size_t start = pos_;
    std::string text;
    ++pos_;
    while (true) {
      size_t end = sql_.find(quote, pos_);
      if (end == std::string_view::npos) Fail(start, unterminated_message);
      text.append(sql_.substr(pos_, end - pos_));
      pos_ = end + 1;
      if (At(pos_) != quote) return text;
      text += quote;
      ++pos_;
    }
  }

  Token LexQuotedIdentifier(char quote) {
    // "" is a token: Hive DDL reads "…" as a string, where "" is the empty one; the
    // parser rejects it where it would be a name.
    return MakeToken(TokenType::kQuotedIdentifier, LexQuoted(quote, "unterminated quoted identifier"));
  }

  Token LexBinaryString() {
    ++pos_;  // 'X'
    size_t content_start = pos_ + 1;
    std::string hex = LexQuoted('\'', "unterminated binary literal");
    std::string bytes;
    size_t digits = 0;
    int high = -1;
    for (size_t i = 0; i < hex.size(); ++i) {
      char c = hex[i];
      if (IsSpace(c)) continue;
      if (!IsHexDigit(c)) {
        Fail(content_start + i, "binary literal can only contain hexadecimal digits");
      }
      ++digits;
      if (high < 0) {
        high = HexValue(c);
      } else {
        bytes += static_cast<char>(high * 16 + HexValue(c));
        high = -1;
      }
    }
    if (digits % 2 != 0) {
      Fail(content_start - 2, "binary literal must contain an even number of digits");
    }
    return MakeToken(TokenType::kBinaryString, std::move(bytes));
  }

  /// After U&'…': an optional UESCAPE 'c' chooses the escape character.
  char ReadUnicodeEscapeClause() {
    size_t saved = pos_;
    SkipSpaceAndComments();
    if (sql_.size() - pos_ >= 7) {
      std::string word(sql_.substr(pos_, 7));
      for (char& ch : word) ch = ToLower(ch);
      if (word == "uescape" && !IsIdentifierPart(At(pos_ + 7))) {
        size_t clause = pos_;
        pos_ += 7;
        SkipSpaceAndComments();
        if (At(pos_) == '\'' && At(pos_ + 2) == '\'' && At(pos_ + 3) != '\'') {
          char escape = At(pos_ + 1);
          if (IsHexDigit(escape) || IsSpace(escape) || escape == '+' || escape == '\'' ||
              escape == '"') {
            Fail(pos_ + 1, "invalid UESCAPE character");
          }
          pos_ += 3;
          return escape;
        }
        Fail(clause, "UESCAPE must be followed by a single character in quotes");
      }
    }
    pos_ = saved;
    return '\\';
  }

  Token LexUnicodeString() {
    pos_ += 2;  // U&
    size_t content_start = pos_ + 1;
    std::string raw = LexQuoted('\'', "unterminated string literal");
    char escape = ReadUnicodeEscapeClause();
    std::string text;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != escape) {
        text += raw[i];
        continue;
      }
      if (i + 1 < raw.size() && raw[i + 1] == escape) {
        text += escape;
        ++i;
        continue;
      }
      size_t digits = 4;
      size_t first = i + 1;
      if (first < raw.size() && raw[first] == '+') {
        digits = 6;
        ++first;
      }
      uint32_t code_point = 0;
      for (size_t k = 0; k < digits; ++k) {
        if (first + k >= raw.size() || !IsHexDigit(raw[first + k])) {
          Fail(content_start + i, "invalid Unicode escape (expected " +
                                      std::to_string(digits) + " hexadecimal digits)");
        }
        code_point = code_point * 16 + static_cast<uint32_t>(HexValue(raw[first + k]));
      }
      if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        Fail(content_start + i, "invalid Unicode code point in escape");
      }
      AppendUtf8(text, code_point);
      i = first + digits - 1;
    }
    return MakeToken(TokenType::kString, std::move(text));
  }

  std::string_view sql_;
  size_t pos_ = 0;
  SourcePosition tracked_;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

}  // namespace sluice::sql
