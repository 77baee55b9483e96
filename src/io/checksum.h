#pragma once
// Checksums of stored bytes (libdeflate: CRC-32 with PCLMULQDQ where the CPU has it,
// several times faster than zlib's).

#include <cstddef>
#include <cstdint>

namespace sluice::io {

/// CRC-32 with gzip's polynomial (0x04C11DB7, reflected), as Parquet page headers use.
uint32_t Crc32(const void* data, size_t size);

}  // namespace sluice::io
