#include "sql/expression/functions/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace sluice::sql {

namespace {

/// Formats shortest digits "d.ddde±x" (from to_chars scientific) the way Java does.
template <typename Float>
void AppendJava(std::string* out, Float value) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(value)) {
    out->append(value < 0 ? "-Infinity" : "Infinity");
    return;
  }
  if (value == 0) {
    out->append(std::signbit(value) ? "-0.0" : "0.0");
    return;
  }
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string_view text(buffer, static_cast<size_t>(result.ptr - buffer));
  bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  const size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  if (negative) out->push_back('-');
  const Float magnitude = std::fabs(value);
  if (magnitude >= Float(1e-3) && magnitude < Float(1e7)) {
    if (exponent >= 0) {
      const size_t integer_digits = static_cast<size_t>(exponent) + 1;
      while (digits.size() < integer_digits) digits.push_back('0');
      out->append(digits, 0, integer_digits);
      out->push_back('.');
      out->append(digits.size() > integer_digits ? digits.substr(integer_digits) : "0");
    } else {
      out->append("0.");
      out->append(static_cast<size_t>(-exponent - 1), '0');
      out->append(digits);
    }
    return;
  }
  out->push_back(digits[0]);
  out->push_back('.');
  out->append(digits.size() > 1 ? digits.substr(1) : "0");
  out->push_back('E');
  out->append(std::to_string(exponent));
}

}  // namespace

void AppendJavaDouble(std::string* out, double value) { AppendJava(out, value); }
void AppendJavaFloat(std::string* out, float value) { AppendJava(out, value); }

}  // namespace sluice::sql
