// Text functions beyond the basics, as Trino defines them: chr, codepoint, concat_ws,
// translate, levenshtein_distance, hamming_distance, and the text forms of bytes from_hex,
// to_base64, from_base64. Characters are Unicode code points.

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/base64.h"
#include "core/error.h"
#include "sql/expression/function_registry.h"
#include "sql/expression/functions/builtin_functions.h"
#include "sql/expression/functions/utf8.h"

namespace sluice::sql {

namespace {

std::string_view Text(const Operand& operand, uint32_t row) { return operand.Get<StringRef>(row).view(); }

template <typename F>
void StringResult(const Rows& rows, Vector* out, F&& f) {
  StringRef* result = out->data<StringRef>();
  rows.ForEach([&](uint32_t row) { result[row] = out->heap().Add(f(row)); });
}

/// The code points of text (an invalid byte counts as one character, -1).
void CodePoints(std::string_view text, std::vector<int32_t>* out) {
  out->clear();
  for (size_t i = 0; i < text.size();) {
    size_t length;
    out->push_back(DecodeCodePoint(text, i, &length));
    i += length;
  }
}

void Chr(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    const int64_t c = args[0].Get<int64_t>(row);
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      throw InvalidArgumentError("chr: not a valid Unicode code point: " + std::to_string(c));
    }
    buffer.clear();
    AppendCodePoint(&buffer, static_cast<int32_t>(c));
    return buffer;
  });
}

void Codepoint(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int32_t* result = out->data<int32_t>();
  rows.ForEach([&](uint32_t row) {
    const std::string_view text = Text(args[0], row);
    size_t length = 0;
    const int32_t c = text.empty() ? -1 : DecodeCodePoint(text, 0, &length);
    if (text.empty() || length != text.size() || c < 0) {
      throw InvalidArgumentError("codepoint: the input must be a single character, got '" + std::string(text) + "'");
    }
    result[row] = c;
  });
}

/// concat_ws(separator, s1, …): NULL when the separator is NULL; NULL strings are skipped.
void ConcatWs(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringRef* result = out->data<StringRef>();
  rows.ForEach([&](uint32_t row) {
    if (args[0].IsNull(row)) {
      out->SetNull(row);
      return;
    }
    const std::string_view separator = Text(args[0], row);
    buffer.clear();
    bool first = true;
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i].IsNull(row)) continue;
      if (!first) buffer.append(separator);
      buffer.append(Text(args[i], row));
      first = false;
    }
    result[row] = out->heap().Add(buffer);
  });
}

/// translate(s, from, to): each character of `from` becomes the character at the same
/// position of `to`, or is removed when `to` is shorter; the first of duplicates counts.
void Translate(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  std::vector<int32_t> from, to;
  std::unordered_map<int32_t, int32_t> mapping;  // code point -> replacement, -2: delete
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    CodePoints(Text(args[1], row), &from);
    CodePoints(Text(args[2], row), &to);
    mapping.clear();
    for (size_t i = 0; i < from.size(); ++i) mapping.emplace(from[i], i < to.size() ? to[i] : -2);
    const std::string_view text = Text(args[0], row);
    buffer.clear();
    for (size_t i = 0; i < text.size();) {
      size_t length;
      const int32_t c = DecodeCodePoint(text, i, &length);
      auto it = c < 0 ? mapping.end() : mapping.find(c);
      if (it == mapping.end()) {
        buffer.append(text.substr(i, length));
      } else if (it->second >= 0) {
        AppendCodePoint(&buffer, it->second);
      }
      i += length;
    }
    return buffer;
  });
}

void LevenshteinDistance(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  std::vector<int32_t> a, b;
  std::vector<int64_t> previous, current;
  rows.ForEach([&](uint32_t row) {
    CodePoints(Text(args[0], row), &a);
    CodePoints(Text(args[1], row), &b);
    if (a.size() * b.size() > 1'000'000) {
      throw InvalidArgumentError("levenshtein_distance: the inputs are too large (more than 1,000,000 cells)");
    }
    previous.resize(b.size() + 1);
    current.resize(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int64_t>(j);
    for (size_t i = 1; i <= a.size(); ++i) {
      current[0] = static_cast<int64_t>(i);
      for (size_t j = 1; j <= b.size(); ++j) {
        const int64_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
        current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      }
      std::swap(previous, current);
    }
    result[row] = previous[b.size()];
  });
}

void HammingDistance(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  std::vector<int32_t> a, b;
  rows.ForEach([&](uint32_t row) {
    CodePoints(Text(args[0], row), &a);
    CodePoints(Text(args[1], row), &b);
    if (a.size() != b.size()) {
      throw InvalidArgumentError("hamming_distance: the input strings must have the same length");
    }
    int64_t distance = 0;
    for (size_t i = 0; i < a.size(); ++i) distance += a[i] != b[i] ? 1 : 0;
    result[row] = distance;
  });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void FromHex(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    const std::string_view text = Text(args[0], row);
    if (text.size() % 2 != 0) throw InvalidArgumentError("from_hex: invalid input length " + std::to_string(text.size()));
    buffer.clear();
    for (size_t i = 0; i < text.size(); i += 2) {
      const int high = HexValue(text[i]), low = HexValue(text[i + 1]);
      if (high < 0 || low < 0) throw InvalidArgumentError("from_hex: invalid hex character in '" + std::string(text) + "'");
      buffer.push_back(static_cast<char>(high * 16 + low));
    }
    return buffer;
  });
}

void ToBase64(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    buffer.clear();
    AppendBase64(&buffer, Text(args[0], row));
    return buffer;
  });
}

void FromBase64(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  std::string buffer;
  StringResult(rows, out, [&](uint32_t row) -> std::string_view {
    buffer.clear();
    if (!DecodeBase64(Text(args[0], row), &buffer)) {
      throw InvalidArgumentError("from_base64: invalid base64 text '" + std::string(Text(args[0], row)) + "'");
    }
    return buffer;
  });
}

}  // namespace

void RegisterTextFunctions(FunctionRegistry* registry) {
  const DataType varchar = DataType::Varchar(), varbinary = DataType::Varbinary(), bigint = DataType::BigInt();
  auto add = [&](const char* name, std::vector<ParameterType> params, DataType ret, ScalarKernel kernel) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(params), .return_type = std::move(ret), .kernel = kernel});
  };
  add("chr", {bigint}, varchar, &Chr);
  add("codepoint", {varchar}, DataType::Integer(), &Codepoint);
  registry->Register(ScalarFunction{.name = "concat_ws", .parameters = {varchar, varchar}, .variadic = true,
                                    .return_type = varchar, .kernel = &ConcatWs, .null_handling = NullHandling::kCustom});
  add("translate", {varchar, varchar, varchar}, varchar, &Translate);
  add("levenshtein_distance", {varchar, varchar}, bigint, &LevenshteinDistance);
  add("hamming_distance", {varchar, varchar}, bigint, &HammingDistance);
  add("from_hex", {varchar}, varbinary, &FromHex);
  add("to_base64", {varbinary}, varchar, &ToBase64);
  add("from_base64", {varchar}, varbinary, &FromBase64);
  add("from_base64", {varbinary}, varbinary, &FromBase64);
}

}  // namespace sluice::sql
