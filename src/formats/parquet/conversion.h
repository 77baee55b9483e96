#pragma once
// Physical Parquet values → values of the leaf's core type (schema.h, Conversion):
// widening integers, unsigned → wider signed, timestamp units → microseconds,
// INT96 → microseconds, big-endian decimal bytes → 64/128-bit unscaled values, FLOAT16
// → float, UUID and TIME → text. Used for data pages, dictionaries and statistics.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/vector.h"
#include "formats/parquet/schema.h"

namespace sluice::parquet {

/// Bytes one value takes in the decoders' dense output for a physical type:
/// BOOLEAN 1 (0/1), INT32 4, INT64 8, INT96 12, FLOAT 4, DOUBLE 8, byte arrays 16
/// (a StringRef).
size_t PhysicalValueWidth(PhysicalType type);

/// Converts `count` dense physical values at `in` into values of `leaf.type` at `out`
/// (the core layout, `leaf.type.fixed_width()` bytes each). Text made by a conversion
/// (UUID, TIME) goes to `heap`. Not for Conversion::kNone or kAllNull. Throws
/// FormatError for a decimal whose bytes do not fit its type.
void ConvertValues(const LeafColumn& leaf, const uint8_t* in, size_t count, uint8_t* out,
                   StringHeap* heap);

/// Microseconds since the epoch of an INT96 timestamp (as Impala and Spark write it).
int64_t Int96ToMicros(const uint8_t bytes[12]);
/// Big-endian two's complement bytes → value; false when it does not fit 128 bits.
bool DecimalFromBytes(const uint8_t* bytes, size_t size, __int128* out);
/// IEEE 754 half precision → float.
float HalfToFloat(uint16_t half);

}  // namespace sluice::parquet
