#include <gtest/gtest.h>

#include "expression_test_util.h"
#include "sql/expression/functions/like_pattern.h"

namespace sluice::sql {
namespace {

using namespace testing;

std::string Call(std::string_view name, std::vector<BoundExpressionPtr> args) {
  return Try([&] { return F(name, args); });
}

TEST(SqlExprString, CaseTrimLength) {
  EXPECT_EQ(Call("lower", {Str("HeLLo")}), "hello");
  EXPECT_EQ(Call("upper", {Str("straße")}), "STRAßE");  // simple case mapping, as Trino
  EXPECT_EQ(Call("lower", {Str("ÀÉÎÕÜ ΑΒΓ ДЖЯ")}), "àéîõü αβγ джя");
  EXPECT_EQ(Call("upper", {Str("àéîõü αβγ джя")}), "ÀÉÎÕÜ ΑΒΓ ДЖЯ");
  EXPECT_EQ(Call("trim", {Str("  a b \t")}), "a b");
  EXPECT_EQ(Call("ltrim", {Str("  a ")}), "a ");
  EXPECT_EQ(Call("rtrim", {Str("  a ")}), "  a");
  EXPECT_EQ(Call("trim", {Str("xxaxx"), Str("x")}), "a");
  EXPECT_EQ(Call("length", {Str("héllo")}), "5");
  EXPECT_EQ(Call("length", {Null()}), "NULL");
}

TEST(SqlExprString, Substr) {
  // Trino: 1-based, negative from the end, code points.
  EXPECT_EQ(Call("substr", {Str("héllo"), Int(2)}), "éllo");
  EXPECT_EQ(Call("substr", {Str("hello"), Int(2), Int(3)}), "ell");
  EXPECT_EQ(Call("substr", {Str("hello"), Int(-3)}), "llo");
  EXPECT_EQ(Call("substr", {Str("hello"), Int(-3), Int(2)}), "ll");
  EXPECT_EQ(Call("substr", {Str("hello"), Int(0)}), "");
  EXPECT_EQ(Call("substr", {Str("hello"), Int(9)}), "");
  EXPECT_EQ(Call("substring", {Str("hello"), Int(1), Int(-1)}), "");
}

TEST(SqlExprString, SplitReplaceConcatPad) {
  EXPECT_EQ(Call("split_part", {Str("a,b,,c"), Str(","), Int(2)}), "b");
  EXPECT_EQ(Call("split_part", {Str("a,b,,c"), Str(","), Int(3)}), "");
  EXPECT_EQ(Call("split_part", {Str("a,b"), Str(","), Int(5)}), "NULL");
  EXPECT_EQ(Call("split_part", {Str("a,"), Str(","), Int(2)}), "");
  EXPECT_EQ(Call("split_part", {Str("héllo"), Str(""), Int(2)}), "é");
  EXPECT_EQ(Call("split_part", {Str("ab"), Str(""), Int(3)}), "NULL");
  EXPECT_NE(Call("split_part", {Str("a,b"), Str(","), Int(0)}).find("error: split_part: index must be greater than zero"),
            std::string::npos);
  EXPECT_EQ(Call("replace", {Str("banana"), Str("an")}), "ba");
  EXPECT_EQ(Call("replace", {Str("banana"), Str("an"), Str("AN")}), "bANANa");
  EXPECT_EQ(Call("replace", {Str("ab"), Str(""), Str("-")}), "-a-b-");
  EXPECT_EQ(Call("concat", {Str("ab"), Str("cd"), Str("efghijklmnop")}), "abcdefghijklmnop");
  EXPECT_EQ(Try([] { return MakeConcat(Str("a"), Null()); }), "NULL");
  EXPECT_EQ(Call("lpad", {Str("7"), Int(3), Str("0")}), "007");
  EXPECT_EQ(Call("rpad", {Str("ab"), Int(5), Str("xy")}), "abxyx");
  EXPECT_EQ(Call("lpad", {Str("hello"), Int(2), Str("x")}), "he");
  EXPECT_EQ(Call("lpad", {Str("a"), Int(3), Str("")}), "error: lpad: padding string must not be empty");
}

TEST(SqlExprString, PositionsReverseHashes) {
  EXPECT_EQ(Call("strpos", {Str("héllo"), Str("l")}), "3");
  EXPECT_EQ(Call("strpos", {Str("hello"), Str("l"), Int(2)}), "4");
  EXPECT_EQ(Call("strpos", {Str("hello"), Str("z")}), "0");
  EXPECT_EQ(Call("strpos", {Str("hello"), Str("l"), Int(-1)}), "4");
  EXPECT_EQ(Call("strpos", {Str("hello"), Str("l"), Int(-2)}), "3");
  EXPECT_EQ(Call("strpos", {Str("hello"), Str("")}), "1");
  EXPECT_NE(Call("strpos", {Str("hello"), Str("l"), Int(0)}).find("error: strpos"), std::string::npos);
  EXPECT_EQ(Call("starts_with", {Str("hello"), Str("he")}), "true");
  EXPECT_EQ(Call("reverse", {Str("héllo")}), "olléh");
  EXPECT_EQ(Call("to_hex", {F("to_utf8", {Str("abc")})}), "616263");
  // Known digests (RFC 1321 / FIPS 180-2 test vectors).
  EXPECT_EQ(Call("to_hex", {F("md5", {F("to_utf8", {Str("abc")})})}), "900150983CD24FB0D6963F7D28E17F72");
  EXPECT_EQ(Call("to_hex", {F("sha256", {F("to_utf8", {Str("abc")})})}),
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
}

TEST(SqlExprString, Like) {
  auto like = [](std::string_view text, std::string_view pattern) {
    return Try([&] { return MakeLike(Str(text), Str(pattern), nullptr); });
  };
  EXPECT_EQ(like("abc", "abc"), "true");
  EXPECT_EQ(like("abc", "a%"), "true");
  EXPECT_EQ(like("abc", "%c"), "true");
  EXPECT_EQ(like("abc", "%b%"), "true");
  EXPECT_EQ(like("abc", "a_c"), "true");
  EXPECT_EQ(like("héc", "h_c"), "true");
  EXPECT_EQ(like("abc", "a_"), "false");
  EXPECT_EQ(like("aXbXc", "a%b%c"), "true");
  EXPECT_EQ(like("abcabd", "%ab_"), "true");
  EXPECT_EQ(like("mississippi", "%iss%ipp%"), "true");
  EXPECT_EQ(like("", "%"), "true");
  EXPECT_EQ(like("a", ""), "false");
  EXPECT_EQ(Try([] { return MakeLike(Str("50%"), Str("50!%"), Str("!")); }), "true");
  EXPECT_EQ(Try([] { return MakeLike(Str("500"), Str("50!%"), Str("!")); }), "false");
  EXPECT_EQ(Try([] { return MakeLike(Str("a_b"), Str("a#_b"), Str("#"), true); }), "false");
  EXPECT_THROW(MakeLike(Str("a"), Str("a!"), Str("!")), InvalidArgumentError);
  // Non-constant pattern, per row, with NULLs.
  Chunk chunk = MakeChunk({DataType::Varchar(), DataType::Varchar()},
                          {{Value::Varchar("apple"), Value::Varchar("banana"), Value::Varchar("cherry")},
                           {Value::Varchar("a%"), Value::Varchar("%x%"), Value::Null(DataType::Varchar())}});
  auto values = EvalRows(MakeLike(MakeColumnRef(0, DataType::Varchar()), MakeColumnRef(1, DataType::Varchar()), nullptr),
                         chunk);
  EXPECT_EQ(Text(values[0]), "true");
  EXPECT_EQ(Text(values[1]), "false");
  EXPECT_TRUE(values[2].is_null());
}

TEST(SqlExprString, FindSubstringAgreesWithStdFind) {
  // Every needle length and position in short (padded) and long texts.
  std::string text;
  for (int i = 0; i < 150; ++i) text.push_back(static_cast<char>('a' + (i * 7 + i / 13) % 5));
  for (size_t size : {1u, 5u, 15u, 16u, 17u, 40u, 63u, 64u, 65u, 150u}) {
    const std::string_view haystack(text.data(), size);
    for (size_t begin = 0; begin < size; begin += 3) {
      for (size_t length = 1; length <= 20 && begin + length <= size; ++length) {
        const std::string needle(haystack.substr(begin, length));
        for (size_t from : {size_t{0}, begin / 2, begin}) {
          ASSERT_EQ(FindSubstring(haystack, needle, from), haystack.find(needle, from))
              << size << " " << needle << " " << from;
        }
        const std::string missing = needle + "z";
        ASSERT_EQ(FindSubstring(haystack, missing, 0), std::string_view::npos);
      }
    }
  }
}

TEST(SqlExprString, Regex) {
  EXPECT_EQ(Call("regexp_like", {Str("abc123"), Str("\\d+")}), "true");
  EXPECT_EQ(Call("regexp_like", {Str("abc"), Str("^b")}), "false");
  EXPECT_EQ(Call("regexp_extract", {Str("1a 2b 14m"), Str("\\d+")}), "1");
  EXPECT_EQ(Call("regexp_extract", {Str("1a 2b 14m"), Str("(\\d+)([a-z]+)"), Int(2)}), "a");
  EXPECT_EQ(Call("regexp_extract", {Str("abc"), Str("\\d+")}), "NULL");
  EXPECT_NE(Call("regexp_extract", {Str("abc"), Str("(a)"), Int(2)}).find("cannot access group 2"), std::string::npos);
  EXPECT_EQ(Call("regexp_replace", {Str("1a 2b 14m"), Str("\\d+[ab] ")}), "14m");
  EXPECT_EQ(Call("regexp_replace", {Str("1a 2b 14m"), Str("(\\d+)([ab]) "), Str("3c$2 ")}), "3ca 3cb 14m");
  EXPECT_THROW(F("regexp_like", {Str("a"), Str("(")}), InvalidArgumentError);
}

TEST(SqlExprMath, Functions) {
  EXPECT_EQ(Call("abs", {Int(-3)}), "3");
  EXPECT_EQ(Call("abs", {Dec("-1.50")}), "1.50");
  EXPECT_EQ(Call("abs", {Dbl(-2.5)}), "2.5");
  EXPECT_NE(Call("abs", {Big(INT64_MIN)}).find("error: bigint overflow"), std::string::npos);
  EXPECT_EQ(Call("round", {Dbl(2.5)}), "3");
  EXPECT_EQ(Call("round", {Dbl(-2.5)}), "-3");
  EXPECT_EQ(Call("round", {Dec("2.45"), Int(1)}), "2.50");
  EXPECT_EQ(Call("round", {Dec("-2.5")}), "-3");
  EXPECT_EQ(F("round", {Dec("123.45")})->type().ToString(), "decimal(4,0)");
  EXPECT_EQ(Call("round", {Dbl(3.14159), Int(2)}), "3.14");
  EXPECT_EQ(Call("round", {Int(1250), Int(-2)}), "1300");
  EXPECT_EQ(Call("ceil", {Dec("1.1")}), "2");
  EXPECT_EQ(Call("floor", {Dec("-1.1")}), "-2");
  EXPECT_EQ(Call("ceiling", {Dbl(-1.5)}), "-1");
  EXPECT_EQ(Call("floor", {Dbl(1.5)}), "1");
  EXPECT_EQ(Call("mod", {Int(7), Int(-3)}), "1");
  EXPECT_EQ(Call("power", {Int(2), Int(10)}), "1024");
  EXPECT_EQ(Call("sqrt", {Int(16)}), "4");
  EXPECT_EQ(Call("ln", {Dbl(1)}), "0");
  EXPECT_EQ(Call("log10", {Int(1000)}), "3");
  EXPECT_EQ(Call("greatest", {Int(1), Big(5), Int(3)}), "5");
  EXPECT_EQ(Call("least", {Str("b"), Str("a")}), "a");
  EXPECT_EQ(Call("greatest", {Int(1), Null()}), "NULL");
  EXPECT_EQ(Call("greatest", {Dec("1.5"), Int(1)}), "1.5");
  Chunk chunk = MakeChunk({DataType::BigInt()}, {{Value::BigInt(1), Value::BigInt(2), Value::BigInt(3)}});
  auto values = EvalRows(F("random", {}), chunk);
  for (const Value& v : values) {
    EXPECT_GE(v.float64(), 0.0);
    EXPECT_LT(v.float64(), 1.0);
  }
  EXPECT_NE(values[0].float64(), values[1].float64());
  EXPECT_EQ(Text(EvalRows(F("random", {Big(1)}), chunk)[0]), "0");
}

}  // namespace
}  // namespace sluice::sql
