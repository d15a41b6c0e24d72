// CRC-32 as used by zlib, gzip, Ethernet and U-Boot images (IEEE 802.3,
// reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF).
#pragma once

#include <cstddef>

#include "core/common/types.h"

namespace bw {

// CRC of |len| bytes. Pass the previous result as |crc| to continue a running
// checksum over several buffers (crc32(b, n2, crc32(a, n1)) == crc32(a+b)).
u32 crc32(const void* data, size_t len, u32 crc = 0);

}  // namespace bw
