#pragma once
// Floating point numbers as Trino prints them in CAST(… AS varchar): Java's
// Double.toString form ("1.5", "100.0", "1.0E10", "1.234E-5", "NaN", "Infinity").

#include <string>

namespace sluice::sql {

void AppendJavaDouble(std::string* out, double value);
void AppendJavaFloat(std::string* out, float value);

}  // namespace sluice::sql
