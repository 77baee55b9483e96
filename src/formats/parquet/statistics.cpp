#include "formats/parquet/statistics.h"

#include <cstring>

#include "core/error.h"
#include "formats/parquet/encoding.h"

namespace sluice::parquet {

namespace {

template <typename T>
std::string FixedBytes(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

/// Start of the UTF-8 character that contains byte `at` (backs over continuations).
size_t CharacterStart(std::string_view text, size_t at) {
  size_t steps = 0;
  while (at > 0 && steps < 3 && (static_cast<uint8_t>(text[at]) & 0xC0) == 0x80) {
    --at;
    ++steps;
  }
  return at;
}

/// The longest prefix of at most `limit` bytes that ends on a character boundary.
std::string_view Utf8Prefix(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  return text.substr(0, CharacterStart(text, limit));
}

/// Decodes the character at `text[start..]` (well-formed or not); returns its code
/// point or -1.
int32_t DecodeCharacter(std::string_view text, size_t start) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t lead = byte(start);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                                  : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || start + length != text.size()) return -1;
  if (length == 1) return lead;
  int32_t code = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(start + i) & 0xC0) != 0x80) return -1;
    code = (code << 6) | (byte(start + i) & 0x3F);
  }
  return code;
}

void AppendUtf8(int32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

std::optional<std::string> IncrementBytes(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    auto last = static_cast<uint8_t>(out.back());
    if (last != 0xFF) {
      out.back() = static_cast<char>(last + 1);
      return out;
    }
    out.pop_back();
  }
  return std::nullopt;
}

std::optional<std::string> IncrementUtf8(std::string_view prefix) {
  while (!prefix.empty()) {
    size_t start = CharacterStart(prefix, prefix.size() - 1);
    int32_t code = DecodeCharacter(prefix, start);
    if (code < 0) return IncrementBytes(prefix);  // not UTF-8: fall back to bytes
    int32_t next = code + 1;
    if (next >= 0xD800 && next <= 0xDFFF) next = 0xE000;
    if (next <= 0x10FFFF) {
      std::string out(prefix.substr(0, start));
      AppendUtf8(next, &out);
      return out;
    }
    prefix = prefix.substr(0, start);
  }
  return std::nullopt;
}

}  // namespace

std::string TruncateMin(std::string_view value, size_t limit, bool utf8, bool* exact) {
  *exact = value.size() <= limit;
  if (*exact) return std::string(value);
  return std::string(utf8 ? Utf8Prefix(value, limit) : value.substr(0, limit));
}

std::optional<std::string> TruncateMax(std::string_view value, size_t limit, bool utf8,
                                       bool* exact) {
  *exact = value.size() <= limit;
  if (*exact) return std::string(value);
  std::optional<std::string> bound =
      utf8 ? IncrementUtf8(Utf8Prefix(value, limit)) : IncrementBytes(value.substr(0, limit));
  if (bound.has_value()) SLUICE_ASSERT(bound->size() <= limit, "truncated max fits the limit");
  return bound;
}

template <typename T>
std::optional<EncodedBounds> EncodeBounds(const MinMax<T>& minmax,
                                          const StatisticsFormat& format) {
  if (!minmax.has_value()) return std::nullopt;
  EncodedBounds bounds;
  if constexpr (std::is_same_v<T, std::string_view>) {
    bounds.min = TruncateMin(minmax.min(), format.truncate_length, format.utf8,
                             &bounds.min_exact);
    std::optional<std::string> max =
        TruncateMax(minmax.max(), format.truncate_length, format.utf8, &bounds.max_exact);
    if (max.has_value()) {
      bounds.max = std::move(*max);
    } else {  // no shorter upper bound exists: keep the whole value
      bounds.max = std::string(minmax.max());
      bounds.max_exact = true;
    }
  } else if constexpr (std::is_same_v<T, __int128>) {
    AppendBigEndianDecimal(minmax.min(), format.type_length, &bounds.min);
    AppendBigEndianDecimal(minmax.max(), format.type_length, &bounds.max);
  } else if constexpr (std::is_floating_point_v<T>) {
    T min = minmax.min();
    T max = minmax.max();
    if (min == 0) min = -static_cast<T>(0.0);
    if (max == 0) max = static_cast<T>(0.0);
    bounds.min = FixedBytes(min);
    bounds.max = FixedBytes(max);
  } else {
    bounds.min = FixedBytes(minmax.min());
    bounds.max = FixedBytes(minmax.max());
  }
  return bounds;
}

template std::optional<EncodedBounds> EncodeBounds(const MinMax<uint8_t>&,
                                                   const StatisticsFormat&);
template std::optional<EncodedBounds> EncodeBounds(const MinMax<int32_t>&,
                                                   const StatisticsFormat&);
template std::optional<EncodedBounds> EncodeBounds(const MinMax<int64_t>&,
                                                   const StatisticsFormat&);
template std::optional<EncodedBounds> EncodeBounds(const MinMax<float>&,
                                                   const StatisticsFormat&);
template std::optional<EncodedBounds> EncodeBounds(const MinMax<double>&,
                                                   const StatisticsFormat&);
template std::optional<EncodedBounds> EncodeBounds(const MinMax<__int128>&,
                                                   const StatisticsFormat&);
template std::optional<EncodedBounds> EncodeBounds(const MinMax<std::string_view>&,
                                                   const StatisticsFormat&);

Statistics MakeStatistics(const std::optional<EncodedBounds>& bounds, int64_t null_count) {
  Statistics statistics;
  statistics.null_count = null_count;
  if (bounds.has_value()) {
    statistics.min_value = bounds->min;
    statistics.max_value = bounds->max;
    statistics.is_min_value_exact = bounds->min_exact;
    statistics.is_max_value_exact = bounds->max_exact;
  }
  return statistics;
}

}  // namespace sluice::parquet
