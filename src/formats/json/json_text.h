#pragma once
// JSON string literals, written the one canonical way the JSON writer uses.

#include <string>
#include <string_view>

namespace sluice::json {

/// Appends `text` as a JSON string literal, quotes included:
///  - `"` → `\"`, `\` → `\\`, LF → `\n`, CR → `\r`, tab → `\t`, backspace → `\b`,
///    form feed → `\f`; other bytes below 0x20 and 0x7F → `\u00XX` (lower-case hex);
///  - '/' and valid UTF-8 sequences are written as they are;
///  - each byte that is not part of a valid UTF-8 sequence (VARCHAR read under a
///    lenient policy may hold such bytes) is written as `\u00XX`. This keeps the output
///    valid JSON and shows the byte's value, but it is not lossless: reading the text
///    back gives the character U+00XX (two UTF-8 bytes), not the original byte.
void AppendJsonString(std::string* out, std::string_view text);

/// Length of the valid UTF-8 sequence (2 to 4 bytes; no overlong forms, surrogates or
/// code points beyond U+10FFFF) that starts at `p`, or 0 when there is none.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);

}  // namespace sluice::json
