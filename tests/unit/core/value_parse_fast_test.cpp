// The inline fast paths of value_parse.h agree with the general parsers on every input.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/value_parse.h"

namespace sluice {
namespace {

std::vector<std::string> Inputs() {
  std::vector<std::string> inputs = {
      "", "0", "-0", "+0", "-", "+", "17", "-17", "123456789012345678", "-12345678901234567",
      "999999999999999999", "9223372036854775807", "-9223372036854775808", "1 ", " 1", "1.0",
      "2024-03-01", "2024-02-30", "2024-13-01", "2024-3-01", "0000-01-01", "9999-12-31",
      "2024-03-01 10:00:00", "2024-03-01T23:59:59.999999", "2024-03-01 24:00:00",
      "2024-03-01 10:60:00", "2024-03-01 10:00:60", "2024-03-01 10:00:00.", "2024-03-01 10:00:00.1",
      "2024-03-01 10:00:00.1234567", "2024-03-01 1:00:00", "2024-02-29 00:00:00",
      "2023-02-29 00:00:00", "2024-03-01 10:00", "2024-03-01x10:00:00", "2024-03-01 10:00:0a",
      "+2024-03-01", "12024-03-01", "2024-03-01 10:00:00,5"};
  std::mt19937 random(7);
  const std::string alphabet = "0123456789-+:. Tx";
  for (int i = 0; i < 20000; ++i) {
    std::string base = inputs[random() % inputs.size()];
    if (!base.empty()) base[random() % base.size()] = alphabet[random() % alphabet.size()];
    inputs.push_back(base);
  }
  return inputs;
}

TEST(ValueParseFastTest, AgreesWithTheGeneralParsers) {
  for (const std::string& text : Inputs()) {
    int64_t a = 0, b = 0;
    bool general = ParseInt64(text, &a);
    EXPECT_EQ(ParseInt64Fast(text, &b), general) << text;
    if (general) {
      EXPECT_EQ(a, b) << text;
    }
    int32_t d1 = 0, d2 = 0;
    general = ParseDate(text, &d1);
    EXPECT_EQ(ParseDateFast(text, &d2), general) << text;
    if (general) {
      EXPECT_EQ(d1, d2) << text;
    }
    int64_t t1 = 0, t2 = 0;
    general = ParseTimestamp(text, &t1);
    EXPECT_EQ(ParseTimestampFast(text, &t2), general) << text;
    if (general) {
      EXPECT_EQ(t1, t2) << text;
    }
  }
}

}  // namespace
}  // namespace sluice
