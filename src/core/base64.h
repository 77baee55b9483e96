#pragma once
// Base64 (RFC 4648, standard alphabet, '=' padding), for VARBINARY values in text
// formats that cannot hold raw bytes (JSON).

#include <string>
#include <string_view>

namespace sluice {

/// Appends the base64 text of `bytes`, padded with '=' to a multiple of 4 characters.
void AppendBase64(std::string* out, std::string_view bytes);

/// Decodes base64 text (standard alphabet; the '=' padding may be omitted) and appends
/// the bytes to `out`. Returns false, leaving `out` with an unspecified tail, when the
/// text holds other characters, misplaced padding or a dangling 6-bit group.
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace sluice
