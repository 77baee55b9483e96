#include "io/checksum.h"

#include <libdeflate.h>

namespace sluice::io {

uint32_t Crc32(const void* data, size_t size) { return libdeflate_crc32(0, data, size); }

}  // namespace sluice::io
