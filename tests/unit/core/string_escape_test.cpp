#include "core/string_escape.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice {
namespace {

TEST(StringEscape, ShortEscapesAreTheSameInBothStyles) {
  for (ControlEscape control : {ControlEscape::kHex, ControlEscape::kUnicode}) {
    EXPECT_EQ(DoubleQuoted("a\"b\\c\nd\re\tf", control), "\"a\\\"b\\\\c\\nd\\re\\tf\"");
    EXPECT_EQ(DoubleQuoted("", control), "\"\"");
    EXPECT_EQ(DoubleQuoted("caf\xc3\xa9", control), "\"caf\xc3\xa9\"");
  }
}

TEST(StringEscape, OtherControlCharactersFollowTheStyle) {
  const std::string text("a\x01z\x1f", 4);
  EXPECT_EQ(DoubleQuoted(text, ControlEscape::kHex), "\"a\\x01z\\x1f\"");
  EXPECT_EQ(DoubleQuoted(text, ControlEscape::kUnicode), "\"a\\u0001z\\u001f\"");
  EXPECT_EQ(DoubleQuoted(std::string("\0", 1), ControlEscape::kUnicode), "\"\\u0000\"");
}

}  // namespace
}  // namespace sluice
