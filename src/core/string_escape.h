#pragma once
// Double-quoted string literals in the C-like escaping that JSON and YAML share.

#include <string>
#include <string_view>

namespace sluice {

/// How DoubleQuoted writes a control character (< 0x20) that has no short escape.
enum class ControlEscape {
  kHex,      ///< \xNN (YAML)
  kUnicode,  ///< \uNNNN (JSON)
};

/// `text` between double quotes with '"', '\\', '\n', '\r' and '\t' escaped by a
/// backslash and other control characters as `control` says; other bytes (UTF-8
/// included) as they are.
std::string DoubleQuoted(std::string_view text, ControlEscape control);

}  // namespace sluice
