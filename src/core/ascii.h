#pragma once
// ASCII case folding for names and keywords (identifiers, property keys, format names).

#include <string>
#include <string_view>

namespace sluice {

/// `text` with A-Z turned into a-z; other bytes (UTF-8 included) unchanged.
std::string AsciiLower(std::string_view text);

}  // namespace sluice
