// String functions over UTF-8 VARCHAR (lengths and positions count code points, as
// Trino does) and the VARBINARY digests (md5 … sha512, hmac_md5 … hmac_sha512).

#include <locale.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <wctype.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "core/error.h"
#include "sql/expression/function_registry.h"
#include "sql/expression/functions/builtin_functions.h"
#include "sql/expression/functions/utf8.h"

namespace sluice::sql {

namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Bytes of the code point starting at text[i] (1 for invalid lead bytes).
size_t CodePointLength(std::string_view text, size_t i) {
  size_t n = 1;
  while (i + n < text.size() && IsContinuation(text[i + n])) ++n;
  return n;
}

int64_t CountCodePoints(std::string_view text) {
  int64_t count = 0;
  for (char c : text) count += IsContinuation(c) ? 0 : 1;
  return count;
}

/// Byte offset of code point `n` (0-based), or text.size().
size_t OffsetOfCodePoint(std::string_view text, int64_t n) {
  size_t i = 0;
  while (n > 0 && i < text.size()) {
    i += CodePointLength(text, i);
    --n;
  }
  return i;
}

std::string_view Text(const Operand& operand, uint32_t row) { return operand.Get<StringRef>(row).view(); }

/// Runs f(row) -> string-ish into a VARCHAR/VARBINARY result.
template <typename F>
void StringResult(const Rows& rows, Vector* out, F&& f) {
  StringRef* result = out->data<StringRef>();
  rows.ForEach([&](uint32_t row) { result[row] = out->heap().Add(f(row)); });
}

/// Full Unicode simple case mapping through glibc's built-in C.UTF-8 locale (the same
/// on every machine, whatever its locale settings); ASCII only if it is missing.
locale_t CaseLocale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return locale;
}


template <bool kUpper>
void ChangeCase(std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  const locale_t locale = CaseLocale();
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    const std::string_view text = Text(args[0], row);
    buffer.clear();
    for (size_t i = 0; i < text.size();) {
      const char c = text[i];
      if (static_cast<unsigned char>(c) < 0x80 || locale == static_cast<locale_t>(nullptr)) {
        const bool change = kUpper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z');
        buffer.push_back(change ? static_cast<char>(kUpper ? c - ('a' - 'A') : c + ('a' - 'A')) : c);
        ++i;
        continue;
      }
      size_t length;
      const int32_t code_point = DecodeCodePoint(text, i, &length);
      if (code_point < 0) {
        buffer.append(text.substr(i, length));
      } else {
        const wint_t mapped = kUpper ? towupper_l(static_cast<wint_t>(code_point), locale)
                                     : towlower_l(static_cast<wint_t>(code_point), locale);
        AppendCodePoint(&buffer, static_cast<int32_t>(mapped));
      }
      i += length;
    }
    return buffer;
  });
}

void Lower(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  ChangeCase<false>(args, rows, out);
}

void Upper(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  ChangeCase<true>(args, rows, out);
}

bool IsWhitespace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

template <bool kLeft, bool kRight>
void TrimWhitespace(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  StringResult(rows, out, [&](uint32_t row) {
    std::string_view text = Text(args[0], row);
    if (kLeft) while (!text.empty() && IsWhitespace(text.front())) text.remove_prefix(1);
    if (kRight) while (!text.empty() && IsWhitespace(text.back())) text.remove_suffix(1);
    return text;
  });
}

/// trim(s, characters): strips code points that occur in `characters`.
template <bool kLeft, bool kRight>
void TrimCharacters(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  StringResult(rows, out, [&](uint32_t row) {
    std::string_view text = Text(args[0], row);
    const std::string_view set = Text(args[1], row);
    auto contains = [&](std::string_view code_point) { return set.find(code_point) != std::string_view::npos; };
    if (kLeft) {
      while (!text.empty()) {
        const size_t n = CodePointLength(text, 0);
        if (!contains(text.substr(0, n))) break;
        text.remove_prefix(n);
      }
    }
    if (kRight) {
      while (!text.empty()) {
        size_t start = text.size() - 1;
        while (start > 0 && IsContinuation(text[start])) --start;
        if (!contains(text.substr(start))) break;
        text.remove_suffix(text.size() - start);
      }
    }
    return text;
  });
}

/// Trino's substr: 1-based start, negative counts from the end, 0 gives ''.
std::string_view Substring(std::string_view text, int64_t start, int64_t length) {
  if (start == 0 || length <= 0) return {};
  const int64_t num_code_points = CountCodePoints(text);
  if (start < 0) start = num_code_points + start + 1;
  if (start < 1 || start > num_code_points) return {};
  const size_t begin = OffsetOfCodePoint(text, start - 1);
  const std::string_view rest = text.substr(begin);
  return rest.substr(0, OffsetOfCodePoint(rest, length));
}

void Substr2(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  StringResult(rows, out, [&](uint32_t row) {
    return Substring(Text(args[0], row), args[1].Get<int64_t>(row), INT64_MAX);
  });
}

void Substr3(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  StringResult(rows, out, [&](uint32_t row) {
    return Substring(Text(args[0], row), args[1].Get<int64_t>(row), args[2].Get<int64_t>(row));
  });
}

void SplitPart(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  StringRef* result = out->data<StringRef>();
  rows.ForEach([&](uint32_t row) {
    const std::string_view text = Text(args[0], row), delimiter = Text(args[1], row);
    const int64_t index = args[2].Get<int64_t>(row);
    if (index <= 0) throw InvalidArgumentError("split_part: index must be greater than zero, got " + std::to_string(index));
    if (delimiter.empty()) {
      // Every code point is a part (as Trino).
      const size_t begin = OffsetOfCodePoint(text, index - 1);
      if (begin >= text.size()) {
        out->SetNull(row);
      } else {
        result[row] = out->heap().Add(text.substr(begin, CodePointLength(text, begin)));
      }
      return;
    }
    size_t begin = 0;
    for (int64_t part = 1; part < index; ++part) {
      const size_t found = text.find(delimiter, begin);
      if (found == std::string_view::npos) {
        out->SetNull(row);
        return;
      }
      begin = found + delimiter.size();
    }
    const size_t end = text.find(delimiter, begin);
    result[row] = out->heap().Add(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
  });
}

std::string ReplaceAll(std::string_view text, std::string_view search, std::string_view replacement) {
  std::string result;
  if (search.empty()) {
    // Trino inserts the replacement before every code point and at the end.
    for (size_t i = 0; i < text.size();) {
      const size_t n = CodePointLength(text, i);
      result.append(replacement);
      result.append(text.substr(i, n));
      i += n;
    }
    result.append(replacement);
    return result;
  }
  size_t begin = 0;
  for (size_t found; (found = text.find(search, begin)) != std::string_view::npos; begin = found + search.size()) {
    result.append(text.substr(begin, found - begin));
    result.append(replacement);
  }
  result.append(text.substr(begin));
  return result;
}

void Replace2(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    buffer = ReplaceAll(Text(args[0], row), Text(args[1], row), {});
    return buffer;
  });
}

void Replace3(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    buffer = ReplaceAll(Text(args[0], row), Text(args[1], row), Text(args[2], row));
    return buffer;
  });
}

void Concat(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  StringRef* result = out->data<StringRef>();
  rows.ForEach([&](uint32_t row) {
    size_t size = 0;
    for (const Operand& arg : args) size += arg.Get<StringRef>(row).size();
    char* bytes = size <= StringRef::kInlineLength ? nullptr : out->heap().Allocate(size);
    char inline_bytes[StringRef::kInlineLength];
    char* cursor = bytes != nullptr ? bytes : inline_bytes;
    for (const Operand& arg : args) {
      const std::string_view part = Text(arg, row);
      std::memcpy(cursor, part.data(), part.size());
      cursor += part.size();
    }
    result[row] = StringRef(bytes != nullptr ? bytes : inline_bytes, static_cast<uint32_t>(size));
  });
}

void Length(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) { result[row] = CountCodePoints(Text(args[0], row)); });
}

/// length(varbinary): the number of bytes.
void ByteLength(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) { result[row] = static_cast<int64_t>(Text(args[0], row).size()); });
}

template <bool kLeft>
void Pad(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    const std::string_view text = Text(args[0], row), pad = Text(args[2], row);
    const int64_t size = args[1].Get<int64_t>(row);
    const char* name = kLeft ? "lpad" : "rpad";
    if (size < 0 || size > INT32_MAX) {
      throw InvalidArgumentError(std::string(name) + ": target length must be in the range [0..2147483647], got " +
                                 std::to_string(size));
    }
    const int64_t length = CountCodePoints(text);
    if (size <= length) return text.substr(0, OffsetOfCodePoint(text, size));
    if (pad.empty()) throw InvalidArgumentError(std::string(name) + ": padding string must not be empty");
    std::string padding;
    const int64_t pad_length = CountCodePoints(pad);
    int64_t needed = size - length;
    while (needed >= pad_length) {
      padding.append(pad);
      needed -= pad_length;
    }
    padding.append(pad.substr(0, OffsetOfCodePoint(pad, needed)));
    buffer = kLeft ? padding + std::string(text) : std::string(text) + padding;
    return buffer;
  });
}

/// Trino's strpos: the code point position of the n-th occurrence (from the end when
/// `instance` is negative), 0 when there is none, 1 for an empty search string.
int64_t StringPosition(std::string_view text, std::string_view search, int64_t instance) {
  if (instance == 0) throw InvalidArgumentError("strpos: 'instance' must be a positive or negative number");
  if (search.empty()) return 1;
  size_t found = std::string_view::npos;
  if (instance > 0) {
    size_t begin = 0;
    for (int64_t i = 0; i < instance; ++i) {
      found = text.find(search, begin);
      if (found == std::string_view::npos) return 0;
      begin = found + 1;
    }
  } else {
    size_t end = text.size();
    for (int64_t i = 0; i < -instance; ++i) {
      if (end == 0) return 0;
      found = text.rfind(search, end - 1);
      if (found == std::string_view::npos) return 0;
      end = found;
    }
  }
  return CountCodePoints(text.substr(0, found)) + 1;
}

void StrPos2(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) { result[row] = StringPosition(Text(args[0], row), Text(args[1], row), 1); });
}

void StrPos3(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) {
    result[row] = StringPosition(Text(args[0], row), Text(args[1], row), args[2].Get<int64_t>(row));
  });
}

void StartsWith(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  uint8_t* result = out->data<uint8_t>();
  rows.ForEach([&](uint32_t row) { result[row] = Text(args[0], row).starts_with(Text(args[1], row)) ? 1 : 0; });
}

void Reverse(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    const std::string_view text = Text(args[0], row);
    buffer.clear();
    for (size_t end = text.size(); end > 0;) {
      size_t start = end - 1;
      while (start > 0 && IsContinuation(text[start])) --start;
      buffer.append(text.substr(start, end - start));
      end = start;
    }
    return buffer;
  });
}

void ReverseBytes(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    buffer.assign(Text(args[0], row));
    std::reverse(buffer.begin(), buffer.end());
    return buffer;
  });
}

void ToHex(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    buffer.clear();
    for (unsigned char c : Text(args[0], row)) {
      buffer.push_back(kDigits[c >> 4]);
      buffer.push_back(kDigits[c & 15]);
    }
    return buffer;
  });
}

void SameBytes(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  StringResult(rows, out, [&](uint32_t row) { return Text(args[0], row); });
}

/// Length of the well-formed UTF-8 sequence at text[i], or the negated length of its
/// maximal invalid subpart (at least 1): a bad lead byte, a truncated sequence, an overlong
/// form or a surrogate (Unicode's "maximal subpart" rule, as Java's decoder).
int Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  int length;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return -1;
  }
  for (int k = 1; k < length; ++k) {
    if (i + k >= text.size()) return -k;
    const unsigned char b = byte(k);
    if (k == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF)) return -k;
  }
  return length;
}

/// from_utf8: the bytes as text, each invalid subpart replaced by U+FFFD (Trino).
void FromUtf8(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    const std::string_view bytes = Text(args[0], row);
    size_t i = 0;
    int length = 0;
    while (i < bytes.size() && (length = Utf8SequenceLength(bytes, i)) > 0) i += length;
    if (i == bytes.size()) return bytes;  // well-formed: no copy
    buffer.assign(bytes.substr(0, i));
    while (i < bytes.size()) {
      length = Utf8SequenceLength(bytes, i);
      if (length > 0) {
        buffer.append(bytes.substr(i, length));
        i += length;
      } else {
        buffer.append("\xEF\xBF\xBD");
        i += -length;
      }
    }
    return buffer;
  });
}

template <const EVP_MD* (*kAlgorithm)()>
void Digest(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  StringResult(rows, out, [&](uint32_t row) {
    const std::string_view bytes = Text(args[0], row);
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, kAlgorithm(), nullptr) != 1) {
      throw InternalError("OpenSSL digest failed");
    }
    return std::string_view(reinterpret_cast<const char*>(digest), size);
  });
}

/// hmac_<algorithm>(data, key): the keyed digest of RFC 2104 (Trino's hmac_sha256 and
/// siblings); any key length, the empty key included.
template <const EVP_MD* (*kAlgorithm)()>
void Hmac(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  static const unsigned char kNoBytes = 0;  // HMAC() wants a non-null pointer for empty input
  StringResult(rows, out, [&](uint32_t row) {
    const std::string_view data = Text(args[0], row), key = Text(args[1], row);
    unsigned int size = 0;
    const auto* data_bytes = data.empty() ? &kNoBytes : reinterpret_cast<const unsigned char*>(data.data());
    const void* key_bytes = key.empty() ? static_cast<const void*>(&kNoBytes) : key.data();
    if (HMAC(kAlgorithm(), key_bytes, static_cast<int>(key.size()), data_bytes, data.size(), digest, &size) ==
        nullptr) {
      throw InternalError("OpenSSL HMAC failed");
    }
    return std::string_view(reinterpret_cast<const char*>(digest), size);
  });
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry* registry) {
  auto add = [&](const char* name, std::vector<ParameterType> params, DataType ret, ScalarKernel kernel) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(params), .return_type = std::move(ret), .kernel = kernel});
  };
  const DataType varchar = DataType::Varchar(), varbinary = DataType::Varbinary(), bigint = DataType::BigInt();
  add("lower", {varchar}, varchar, &Lower);
  add("upper", {varchar}, varchar, &Upper);
  add("trim", {varchar}, varchar, &TrimWhitespace<true, true>);
  add("ltrim", {varchar}, varchar, &TrimWhitespace<true, false>);
  add("rtrim", {varchar}, varchar, &TrimWhitespace<false, true>);
  add("trim", {varchar, varchar}, varchar, &TrimCharacters<true, true>);
  add("ltrim", {varchar, varchar}, varchar, &TrimCharacters<true, false>);
  add("rtrim", {varchar, varchar}, varchar, &TrimCharacters<false, true>);
  for (const char* name : {"substr", "substring"}) {
    add(name, {varchar, bigint}, varchar, &Substr2);
    add(name, {varchar, bigint, bigint}, varchar, &Substr3);
  }
  add("split_part", {varchar, varchar, bigint}, varchar, &SplitPart);
  add("replace", {varchar, varchar}, varchar, &Replace2);
  add("replace", {varchar, varchar, varchar}, varchar, &Replace3);
  registry->Register(ScalarFunction{.name = "concat", .parameters = {varchar, varchar}, .variadic = true,
                                    .return_type = varchar, .kernel = &Concat});
  registry->Register(ScalarFunction{.name = "concat", .parameters = {varbinary, varbinary}, .variadic = true,
                                    .return_type = varbinary, .kernel = &Concat});
  add("length", {varchar}, bigint, &Length);
  add("length", {varbinary}, bigint, &ByteLength);
  add("lpad", {varchar, bigint, varchar}, varchar, &Pad<true>);
  add("rpad", {varchar, bigint, varchar}, varchar, &Pad<false>);
  add("strpos", {varchar, varchar}, bigint, &StrPos2);
  add("strpos", {varchar, varchar, bigint}, bigint, &StrPos3);
  add("starts_with", {varchar, varchar}, DataType::Boolean(), &StartsWith);
  add("reverse", {varchar}, varchar, &Reverse);
  add("reverse", {varbinary}, varbinary, &ReverseBytes);
  add("to_hex", {varbinary}, varchar, &ToHex);
  add("to_utf8", {varchar}, varbinary, &SameBytes);
  add("from_utf8", {varbinary}, varchar, &FromUtf8);
  add("md5", {varbinary}, varbinary, &Digest<EVP_md5>);
  add("sha256", {varbinary}, varbinary, &Digest<EVP_sha256>);
  add("sha1", {varbinary}, varbinary, &Digest<EVP_sha1>);
  add("sha512", {varbinary}, varbinary, &Digest<EVP_sha512>);
  add("hmac_md5", {varbinary, varbinary}, varbinary, &Hmac<EVP_md5>);
  add("hmac_sha1", {varbinary, varbinary}, varbinary, &Hmac<EVP_sha1>);
  add("hmac_sha256", {varbinary, varbinary}, varbinary, &Hmac<EVP_sha256>);
  add("hmac_sha512", {varbinary, varbinary}, varbinary, &Hmac<EVP_sha512>);
}

}  // namespace sluice::sql
