#include "formats/parquet/conversion.h"

#include <cstring>

#include "core/calendar.h"
#include "core/error.h"
#include "core/time_zone.h"

namespace sluice::parquet {

namespace {

constexpr int64_t kJulianDayOfEpoch = 2440588;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000 * 1000;

template <typename T>
T Load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

/// Multiplication that wraps instead of overflowing (garbage in, garbage out, no UB).
inline int64_t WrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

template <typename In, typename Out, typename F>
void Map(const uint8_t* in, size_t count, uint8_t* out, F&& f) {
  const In* src = reinterpret_cast<const In*>(in);
  Out* dst = reinterpret_cast<Out*>(out);
  for (size_t i = 0; i < count; ++i) dst[i] = f(Load<In>(reinterpret_cast<const uint8_t*>(src + i)));
}

template <typename F>
void MapMicrosToTz(const uint8_t* in, size_t count, uint8_t* out, F&& to_micros) {
  TimestampTz* dst = reinterpret_cast<TimestampTz*>(out);
  for (size_t i = 0; i < count; ++i) {
    dst[i] = TimestampTz{to_micros(Load<int64_t>(in + i * 8)), kUtcZoneId, 0};
  }
}

void AppendDigits(char* out, uint64_t value, int digits) {
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

/// 'HH:MM:SS.' + `fraction_digits` digits of a time of day in units of 10^-digits s.
StringRef TimeText(int64_t value, int fraction_digits, StringHeap* heap) {
  char buffer[48];
  size_t n = 0;
  uint64_t magnitude = static_cast<uint64_t>(value);
  if (value < 0) {
    buffer[n++] = '-';
    magnitude = ~magnitude + 1;
  }
  uint64_t scale = 1;
  for (int i = 0; i < fraction_digits; ++i) scale *= 10;
  uint64_t seconds = magnitude / scale;
  uint64_t fraction = magnitude % scale;
  uint64_t hours = seconds / 3600;
  if (hours < 10) buffer[n++] = '0';
  std::string hour_text = std::to_string(hours);
  std::memcpy(buffer + n, hour_text.data(), hour_text.size());
  n += hour_text.size();
  buffer[n++] = ':';
  AppendDigits(buffer + n, seconds / 60 % 60, 2);
  n += 2;
  buffer[n++] = ':';
  AppendDigits(buffer + n, seconds % 60, 2);
  n += 2;
  buffer[n++] = '.';
  AppendDigits(buffer + n, fraction, fraction_digits);
  n += static_cast<size_t>(fraction_digits);
  return heap->Add(std::string_view(buffer, n));
}

StringRef UuidText(const StringRef& bytes, StringHeap* heap) {
  static constexpr char kHex[] = "0123456789abcdef";
  char text[36];
  const uint8_t* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = 0;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text[n++] = '-';
    text[n++] = kHex[p[i] >> 4];
    text[n++] = kHex[p[i] & 15];
  }
  return heap->Add(std::string_view(text, 36));
}

}  // namespace

size_t PhysicalValueWidth(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32: return 4;
    case PhysicalType::kInt64: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray: return sizeof(StringRef);
  }
  return 1;
}

int64_t Int96ToMicros(const uint8_t bytes[12]) {
  int64_t nanos = Load<int64_t>(bytes);
  int64_t julian_day = Load<int32_t>(bytes + 8);
  int64_t day_micros = WrapMul(julian_day - kJulianDayOfEpoch, kMicrosPerDay);
  return static_cast<int64_t>(static_cast<uint64_t>(day_micros) +
                              static_cast<uint64_t>(FloorDiv(nanos, 1000)));
}

bool DecimalFromBytes(const uint8_t* bytes, size_t size, __int128* out) {
  if (size == 0) {
    *out = 0;
    return true;
  }
  bool negative = (bytes[0] & 0x80) != 0;
  // Bytes beyond 16 must be pure sign extension.
  while (size > 16) {
    if (bytes[0] != (negative ? 0xff : 0x00)) return false;
    ++bytes;
    --size;
  }
  if (size == 16 && ((bytes[0] & 0x80) != 0) != negative) return false;
  unsigned __int128 value = negative ? ~static_cast<unsigned __int128>(0) : 0;
  for (size_t i = 0; i < size; ++i) value = (value << 8) | bytes[i];
  *out = static_cast<__int128>(value);
  return true;
}

float HalfToFloat(uint16_t half) {
  uint32_t sign = static_cast<uint32_t>(half & 0x8000) << 16;
  uint32_t exponent = (half >> 10) & 0x1f;
  uint32_t mantissa = half & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000 | (mantissa << 13);  // Infinity or NaN.
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal: value = mantissa * 2^-24.
    float value = static_cast<float>(mantissa) * (1.0f / 16777216.0f);
    std::memcpy(&bits, &value, 4);
    bits |= sign;
  }
  float result;
  std::memcpy(&result, &bits, 4);
  return result;
}

void ConvertValues(const LeafColumn& leaf, const uint8_t* in, size_t count, uint8_t* out,
                   StringHeap* heap) {
  switch (leaf.conversion) {
    case Conversion::kNone:
    case Conversion::kAllNull:
      SLUICE_ASSERT(false, "ConvertValues needs a conversion");
      return;
    case Conversion::kInt32ToInt8:
      return Map<int32_t, int8_t>(in, count, out, [](int32_t v) { return static_cast<int8_t>(v); });
    case Conversion::kInt32ToInt16:
      return Map<int32_t, int16_t>(in, count, out, [](int32_t v) { return static_cast<int16_t>(v); });
    case Conversion::kInt32ToInt64:
      return Map<int32_t, int64_t>(in, count, out, [](int32_t v) { return int64_t{v}; });
    case Conversion::kInt32ToInt128:
      return Map<int32_t, __int128>(in, count, out, [](int32_t v) { return __int128{v}; });
    case Conversion::kInt64ToInt128:
      return Map<int64_t, __int128>(in, count, out, [](int64_t v) { return __int128{v}; });
    case Conversion::kUint8ToInt16:
      return Map<int32_t, int16_t>(in, count, out,
                                   [](int32_t v) { return static_cast<int16_t>(static_cast<uint8_t>(v)); });
    case Conversion::kUint16ToInt32:
      return Map<int32_t, int32_t>(in, count, out,
                                   [](int32_t v) { return static_cast<int32_t>(static_cast<uint16_t>(v)); });
    case Conversion::kUint32ToInt64:
      return Map<int32_t, int64_t>(in, count, out,
                                   [](int32_t v) { return static_cast<int64_t>(static_cast<uint32_t>(v)); });
    case Conversion::kUint64ToInt128:
      return Map<int64_t, __int128>(in, count, out,
                                    [](int64_t v) { return static_cast<__int128>(static_cast<uint64_t>(v)); });
    case Conversion::kMillisToMicros:
      return Map<int64_t, int64_t>(in, count, out, [](int64_t v) { return WrapMul(v, 1000); });
    case Conversion::kNanosToMicros:
      return Map<int64_t, int64_t>(in, count, out, [](int64_t v) { return FloorDiv(v, 1000); });
    case Conversion::kMillisToTimestampTz:
      return MapMicrosToTz(in, count, out, [](int64_t v) { return WrapMul(v, 1000); });
    case Conversion::kMicrosToTimestampTz:
      return MapMicrosToTz(in, count, out, [](int64_t v) { return v; });
    case Conversion::kNanosToTimestampTz:
      return MapMicrosToTz(in, count, out, [](int64_t v) { return FloorDiv(v, 1000); });
    case Conversion::kInt96ToMicros: {
      int64_t* dst = reinterpret_cast<int64_t*>(out);
      for (size_t i = 0; i < count; ++i) dst[i] = Int96ToMicros(in + i * 12);
      return;
    }
    case Conversion::kBytesToDecimal64:
    case Conversion::kBytesToDecimal128: {
      const StringRef* src = reinterpret_cast<const StringRef*>(in);
      bool is_short = leaf.conversion == Conversion::kBytesToDecimal64;
      for (size_t i = 0; i < count; ++i) {
        __int128 value;
        bool fits = DecimalFromBytes(reinterpret_cast<const uint8_t*>(src[i].data()), src[i].size(), &value);
        if (is_short && fits && (value > INT64_MAX || value < INT64_MIN)) fits = false;
        if (!fits) {
          throw FormatError("decimal value of " + std::to_string(src[i].size()) +
                            " bytes does not fit " + leaf.type.ToString());
        }
        if (is_short) {
          reinterpret_cast<int64_t*>(out)[i] = static_cast<int64_t>(value);
        } else {
          std::memcpy(out + i * 16, &value, 16);
        }
      }
      return;
    }
    case Conversion::kFloat16ToFloat: {
      const StringRef* src = reinterpret_cast<const StringRef*>(in);
      float* dst = reinterpret_cast<float*>(out);
      for (size_t i = 0; i < count; ++i) {
        if (src[i].size() != 2) throw FormatError("FLOAT16 value is not 2 bytes");
        dst[i] = HalfToFloat(Load<uint16_t>(reinterpret_cast<const uint8_t*>(src[i].data())));
      }
      return;
    }
    case Conversion::kUuidToText: {
      const StringRef* src = reinterpret_cast<const StringRef*>(in);
      StringRef* dst = reinterpret_cast<StringRef*>(out);
      for (size_t i = 0; i < count; ++i) {
        if (src[i].size() != 16) throw FormatError("UUID value is not 16 bytes");
        dst[i] = UuidText(src[i], heap);
      }
      return;
    }
    case Conversion::kTimeMillisToText: {
      StringRef* dst = reinterpret_cast<StringRef*>(out);
      for (size_t i = 0; i < count; ++i) dst[i] = TimeText(int64_t{Load<int32_t>(in + i * 4)} * 1000, 6, heap);
      return;
    }
    case Conversion::kTimeMicrosToText: {
      StringRef* dst = reinterpret_cast<StringRef*>(out);
      for (size_t i = 0; i < count; ++i) dst[i] = TimeText(Load<int64_t>(in + i * 8), 6, heap);
      return;
    }
    case Conversion::kTimeNanosToText: {
      StringRef* dst = reinterpret_cast<StringRef*>(out);
      for (size_t i = 0; i < count; ++i) dst[i] = TimeText(Load<int64_t>(in + i * 8), 9, heap);
      return;
    }
  }
}

}  // namespace sluice::parquet
