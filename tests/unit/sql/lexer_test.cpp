#include "sql/parser/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"

namespace sluice::sql {
namespace {

std::vector<Token> Lex(std::string_view sql) { return Tokenize(sql); }

std::string LexError(std::string_view sql) {
  try {
    Tokenize(sql);
  } catch (const ParseError& error) {
    return error.what();
  }
  return "no error";
}

TEST(SqlLexerTest, WordsAreLowerCasedAndQuotedNamesKeepCase) {
  auto tokens = Lex("SELECT Foo, \"Bar\"\"x\", `Baz``y` FROM t");
  ASSERT_EQ(tokens.size(), 9u);
  EXPECT_EQ(tokens[0].type, TokenType::kWord);
  EXPECT_EQ(tokens[0].text, "select");
  EXPECT_EQ(tokens[0].raw, "SELECT");
  EXPECT_EQ(tokens[1].text, "foo");
  EXPECT_EQ(tokens[3].type, TokenType::kQuotedIdentifier);
  EXPECT_EQ(tokens[3].text, "Bar\"x");
  EXPECT_EQ(tokens[5].type, TokenType::kQuotedIdentifier);
  EXPECT_EQ(tokens[5].text, "Baz`y");
  EXPECT_EQ(tokens[8].type, TokenType::kEnd);
}

TEST(SqlLexerTest, PositionsAreOffsetLineAndCharacterColumn) {
  auto tokens = Lex("SELECT\n  'é', x\r\n\tFROM t");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[1].position, (SourcePosition{9, 2, 3}));
  EXPECT_EQ(tokens[2].position, (SourcePosition{13, 2, 6}));  // 'é' is 4 bytes, 3 characters
  EXPECT_EQ(tokens[3].position, (SourcePosition{15, 2, 8}));
  EXPECT_EQ(tokens[4].position, (SourcePosition{19, 3, 2}));
  // End of input sits right after the last token.
  EXPECT_EQ(Lex("x  \n\n").back().position, (SourcePosition{1, 1, 2}));
}

TEST(SqlLexerTest, Strings) {
  auto tokens = Lex("'it''s' '' U&'caf\\00E9 \\+01F600 \\\\' U&'x!0041' UESCAPE '!'");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].type, TokenType::kString);
  EXPECT_EQ(tokens[0].text, "it's");
  EXPECT_EQ(tokens[1].text, "");
  EXPECT_EQ(tokens[2].type, TokenType::kString);
  EXPECT_EQ(tokens[2].text, "caf\xC3\xA9 \xF0\x9F\x98\x80 \\");
  EXPECT_EQ(tokens[3].text, "xA");
}

TEST(SqlLexerTest, BinaryLiterals) {
  auto tokens = Lex("X'CAFE' x'00 ff' X''");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].type, TokenType::kBinaryString);
  EXPECT_EQ(tokens[0].text, std::string("\xCA\xFE"));
  EXPECT_EQ(tokens[1].text, std::string("\x00\xFF", 2));
  EXPECT_EQ(tokens[2].text, "");
}

TEST(SqlLexerTest, Numbers) {
  auto tokens = Lex("42 1.5 .5 5. 1e3 1.5E-3 2e+2");
  std::vector<std::pair<TokenType, std::string>> expected = {
      {TokenType::kInteger, "42"}, {TokenType::kDecimal, "1.5"}, {TokenType::kDecimal, ".5"},
      {TokenType::kDecimal, "5."}, {TokenType::kDouble, "1e3"},  {TokenType::kDouble, "1.5E-3"},
      {TokenType::kDouble, "2e+2"}};
  ASSERT_EQ(tokens.size(), expected.size() + 1);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(tokens[i].type, expected[i].first) << i;
    EXPECT_EQ(tokens[i].text, expected[i].second) << i;
  }
}

TEST(SqlLexerTest, ParametersAndOperators) {
  auto tokens = Lex("? :Name a::b || <> != <= >= => -> ( ) [ ] , . ; + - * / % = < >");
  std::vector<std::string> texts;
  for (const Token& token : tokens) texts.push_back(token.text);
  EXPECT_EQ(tokens[0].type, TokenType::kParameter);
  EXPECT_EQ(tokens[0].text, "");
  EXPECT_EQ(tokens[1].type, TokenType::kParameter);
  EXPECT_EQ(tokens[1].text, "name");
  std::vector<std::string> expected = {"",   "name", "a",  "::", "b",  "||", "<>", "!=", "<=",
                                       ">=", "=>",   "->", "(",  ")",  "[",  "]",  ",",  ".",
                                       ";",  "+",    "-",  "*",  "/",  "%",  "=",  "<",  ">", ""};
  EXPECT_EQ(texts, expected);
}

TEST(SqlLexerTest, CommentsNest) {
  auto tokens = Lex("a -- comment\n/* outer /* inner */ still comment */ b --");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "a");
  EXPECT_EQ(tokens[1].text, "b");
}

TEST(SqlLexerTest, Errors) {
  EXPECT_EQ(LexError("SELECT 'abc"),
            "line 1:8: unterminated string literal\nSELECT 'abc\n       ^");
  EXPECT_EQ(LexError("SELECT \"abc"),
            "line 1:8: unterminated quoted identifier\nSELECT \"abc\n       ^");
  EXPECT_EQ(LexError("SELECT 1 /* a /* b */"),
            "line 1:10: unterminated comment\nSELECT 1 /* a /* b */\n         ^");
  EXPECT_EQ(LexError("SELECT a # b"), "line 1:10: unexpected character '#'\nSELECT a # b\n         ^");
  EXPECT_EQ(LexError("SELECT \x01"), "line 1:8: unexpected character U+0001\nSELECT \x01\n       ^");
  EXPECT_EQ(LexError("SELECT 12abc"),
            "line 1:8: invalid number '12abc' (identifiers must not start with a digit; quote "
            "them as \"12abc\")\nSELECT 12abc\n       ^");
  EXPECT_EQ(LexError("SELECT X'ABG'"),
            "line 1:12: binary literal can only contain hexadecimal digits\nSELECT X'ABG'\n"
            "           ^");
  EXPECT_EQ(LexError("SELECT X'ABC'"),
            "line 1:8: binary literal must contain an even number of digits\nSELECT X'ABC'\n"
            "       ^");
  EXPECT_EQ(LexError("SELECT U&'\\12'"),
            "line 1:11: invalid Unicode escape (expected 4 hexadecimal digits)\n"
            "SELECT U&'\\12'\n          ^");
  EXPECT_EQ(LexError("SELECT U&'\\D800'"),
            "line 1:11: invalid Unicode code point in escape\nSELECT U&'\\D800'\n          ^");
}

}  // namespace
}  // namespace sluice::sql
