// Every class of SQL error, with its exact message and caret.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "sql/parser/parser.h"
#include "parser_test_support.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

using parser_testing::NotImplementedOf;
using parser_testing::ParseErrorOf;
using parser_testing::RoundTrip;

TEST(SqlParserErrorTest, FormatSqlError) {
  EXPECT_EQ(FormatSqlError("SELECT 1\nFROM x y z", SourcePosition{18, 2, 10}, "boom"),
            "line 2:10: boom\nFROM x y z\n         ^");
  // Tabs are kept so the caret lines up; characters, not bytes, are counted.
  EXPECT_EQ(FormatSqlError("\t'é' x", SourcePosition{6, 1, 6}, "m"), "line 1:6: m\n\t'é' x\n\t    ^");
  // CRLF line ends are not shown.
  EXPECT_EQ(FormatSqlError("a\r\nb c\r\n", SourcePosition{5, 2, 3}, "m"), "line 2:3: m\nb c\n  ^");
  // An error at the very start of a multi-line text shows the first line.
  EXPECT_EQ(FormatSqlError("SEE x\nFROM t\n", SourcePosition{0, 1, 1}, "m"), "line 1:1: m\nSEE x\n^");
  // Long lines are cut around the position.
  std::string long_line = std::string(200, 'a') + " x " + std::string(200, 'b');
  std::string message = FormatSqlError(long_line, SourcePosition{201, 1, 202}, "m");
  EXPECT_EQ(message, "line 1:202: m\n..." + std::string(59, 'a') + " x " + std::string(58, 'b') +
                         "...\n" + std::string(63, ' ') + "^");
}

TEST(SqlParserErrorTest, MissingParenthesis) {
  EXPECT_EQ(ParseErrorOf("SELECT sum(a + b FROM t"),
            "line 1:18: expected ')' but found 'FROM'\n"
            "SELECT sum(a + b FROM t\n"
            "                 ^");
  EXPECT_EQ(ParseErrorOf("SELECT a,\n  b\nFROM t\nWHERE (a = 1\nORDER BY a"),
            "line 5:1: expected ')' but found 'ORDER'\n"
            "ORDER BY a\n"
            "^");
  EXPECT_EQ(ParseErrorOf("SELECT (1"),
            "line 1:10: expected ')' but found end of input\n"
            "SELECT (1\n"
            "         ^");
  EXPECT_EQ(ParseErrorOf("SELECT\tsum(a FROM t"),
            "line 1:14: expected ')' but found 'FROM'\n"
            "SELECT\tsum(a FROM t\n"
            "      \t      ^");
}

TEST(SqlParserErrorTest, TrailingGarbage) {
  EXPECT_EQ(ParseErrorOf("SELECT 1 FROM t x y"),
            "line 1:19: expected ';' or end of input but found 'y'\n"
            "SELECT 1 FROM t x y\n"
            "                  ^");
  EXPECT_EQ(ParseErrorOf("SELECT 1 )"),
            "line 1:10: expected ';' or end of input but found ')'\n"
            "SELECT 1 )\n"
            "         ^");
}

TEST(SqlParserErrorTest, ReservedWordsAsNames) {
  EXPECT_EQ(ParseErrorOf("SELECT * FROM order"),
            "line 1:15: expected an identifier but found reserved keyword 'order' (quote it as "
            "\"order\" to use it as a name)\n"
            "SELECT * FROM order\n"
            "              ^");
  EXPECT_EQ(ParseErrorOf("SELECT 1 AS FROM"),
            "line 1:13: expected an identifier but found reserved keyword 'FROM' (quote it as "
            "\"from\" to use it as a name)\n"
            "SELECT 1 AS FROM\n"
            "            ^");
  EXPECT_EQ(ParseErrorOf("SELECT 1; SELECT FROM"),
            "line 1:18: expected an expression but found 'FROM'\n"
            "SELECT 1; SELECT FROM\n"
            "                 ^");
}

TEST(SqlParserErrorTest, UnknownTokensAndUnterminatedText) {
  EXPECT_EQ(ParseErrorOf("SELECT a\nFROM t WHERE a ^ 2"),
            "line 2:16: unexpected character '^'\n"
            "FROM t WHERE a ^ 2\n"
            "               ^");
  EXPECT_EQ(ParseErrorOf("SELECT 'abc\nFROM t"),
            "line 1:8: unterminated string literal\n"
            "SELECT 'abc\n"
            "       ^");
  EXPECT_EQ(ParseErrorOf("SELECT 1 /* never closed"),
            "line 1:10: unterminated comment\n"
            "SELECT 1 /* never closed\n"
            "         ^");
}

TEST(SqlParserErrorTest, WrongTokens) {
  EXPECT_EQ(ParseErrorOf(""),
            "no error");  // ParseStatements accepts empty input…
  EXPECT_THROW(ParseStatement(""), ParseError);  // …ParseStatement does not.
  try {
    ParseStatement(" ");
  } catch (const ParseError& error) {
    EXPECT_STREQ(error.what(), "line 1:1: expected a statement but found end of input\n \n^");
  }
  EXPECT_EQ(ParseErrorOf("SELEC 1"),
            "line 1:1: expected a statement (SELECT, WITH, VALUES, INSERT, DELETE, UPDATE, TRUNCATE, "
            "OPTIMIZE, CREATE, DROP, ALTER, MSCK, SHOW, DESCRIBE, USE, EXPLAIN, COPY, SET) but found 'SELEC'\n"
            "SELEC 1\n"
            "^");
  EXPECT_EQ(ParseErrorOf("SELECT 1 +"),
            "line 1:11: expected an expression but found end of input\n"
            "SELECT 1 +\n"
            "          ^");
  EXPECT_EQ(ParseErrorOf("SELECT CAST(a AS)"),
            "line 1:17: expected a type name but found ')'\n"
            "SELECT CAST(a AS)\n"
            "                ^");
  EXPECT_EQ(ParseErrorOf("SELECT INTERVAL '1' FORTNIGHT"),
            "line 1:21: expected YEAR, MONTH, WEEK, DAY, HOUR, MINUTE or SECOND but found "
            "'FORTNIGHT'\n"
            "SELECT INTERVAL '1' FORTNIGHT\n"
            "                    ^");
  EXPECT_EQ(ParseErrorOf("SELECT a FROM t WHERE a NOT NULL"),
            "line 1:29: expected BETWEEN, IN or LIKE but found 'NULL'\n"
            "SELECT a FROM t WHERE a NOT NULL\n"
            "                            ^");
  EXPECT_EQ(ParseErrorOf("SELECT * FROM a JOIN b WHERE x"),
            "line 1:24: expected ON or USING but found 'WHERE'\n"
            "SELECT * FROM a JOIN b WHERE x\n"
            "                       ^");
  EXPECT_EQ(ParseErrorOf("CREATE VIEW v SELECT 1"),
            "line 1:15: expected AS but found 'SELECT'\n"
            "CREATE VIEW v SELECT 1\n"
            "              ^");
  EXPECT_EQ(ParseErrorOf("SELECT CASE WHEN a THEN 1"),
            "line 1:26: expected END but found end of input\n"
            "SELECT CASE WHEN a THEN 1\n"
            "                         ^");
  EXPECT_EQ(ParseErrorOf("SELECT a FROM t ORDER BY a NULLS"),
            "line 1:33: expected FIRST or LAST but found end of input\n"
            "SELECT a FROM t ORDER BY a NULLS\n"
            "                                ^");
  EXPECT_EQ(ParseErrorOf("SELECT 1 LIMIT x"),
            "line 1:16: expected a row count (an integer or a parameter) but found 'x'\n"
            "SELECT 1 LIMIT x\n"
            "               ^");
  EXPECT_EQ(ParseErrorOf("SELECT CAST(a AS decimal(10, 99999999999))"),
            "line 1:30: a number is too large\n"
            "SELECT CAST(a AS decimal(10, 99999999999))\n"
            "                             ^");
}

TEST(SqlParserErrorTest, NotImplementedYet) {
  EXPECT_EQ(NotImplementedOf("WITH RECURSIVE t AS (SELECT 1) SELECT * FROM t"),
            "line 1:6: WITH RECURSIVE is not supported yet\n"
            "WITH RECURSIVE t AS (SELECT 1) SELECT * FROM t\n"
            "     ^");
  EXPECT_EQ(NotImplementedOf("SELECT * FROM a NATURAL JOIN b"),
            "line 1:17: NATURAL JOIN is not supported (name the columns with USING)\n"
            "SELECT * FROM a NATURAL JOIN b\n"
            "                ^");
  EXPECT_EQ(NotImplementedOf("SELECT * FROM UNNEST(ARRAY[1])"),
            "line 1:15: UNNEST is not supported yet\n"
            "SELECT * FROM UNNEST(ARRAY[1])\n"
            "              ^");
  EXPECT_EQ(NotImplementedOf("CREATE MATERIALIZED VIEW v AS SELECT 1"),
            "line 1:8: CREATE materialized is not supported yet\n"
            "CREATE MATERIALIZED VIEW v AS SELECT 1\n"
            "       ^");
}

TEST(SqlParserErrorTest, NestingIsBounded) {
  auto expect_too_deep = [](const std::string& sql) {
    std::string message = ParseErrorOf(sql);
    EXPECT_NE(message.find("the statement is nested too deeply"), std::string::npos)
        << message.substr(0, 200);
  };
  const int kDeep = 100000;
  expect_too_deep("SELECT " + std::string(kDeep, '(') + "1" + std::string(kDeep, ')'));
  std::string minus;
  for (int i = 0; i < kDeep; ++i) minus += "- ";
  expect_too_deep("SELECT " + minus + "1");
  std::string nots;
  for (int i = 0; i < kDeep; ++i) nots += "NOT ";
  expect_too_deep("SELECT " + nots + "TRUE");
  std::string subqueries;
  for (int i = 0; i < kDeep; ++i) subqueries += "SELECT * FROM (";
  expect_too_deep(subqueries);
  std::string sum = "SELECT 1";
  for (int i = 0; i < kDeep; ++i) sum += "+1";
  expect_too_deep(sum);
  std::string subscripts = "SELECT a";
  for (int i = 0; i < kDeep; ++i) subscripts += "[1]";
  expect_too_deep(subscripts);
  std::string unions = "SELECT 1";
  for (int i = 0; i < kDeep; ++i) unions += " UNION SELECT 1";
  expect_too_deep(unions);
  std::string types = "SELECT CAST(x AS ";
  for (int i = 0; i < kDeep; ++i) types += "array(";
  expect_too_deep(types);
  std::string trims = "SELECT ";
  for (int i = 0; i < kDeep; ++i) trims += "trim(";
  expect_too_deep(trims);
  std::string calls = "SELECT ";
  for (int i = 0; i < kDeep; ++i) calls += "f(CASE WHEN ARRAY[x -> ";
  expect_too_deep(calls);
  // Moderate nesting is fine.
  EXPECT_NO_THROW(ParseStatement("SELECT " + std::string(100, '(') + "1" + std::string(100, ')')));
}

}  // namespace
}  // namespace sluice::sql
