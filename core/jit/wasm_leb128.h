// LEB128, the variable-length integer encoding of the WebAssembly binary
// format (spec 5.2.2): unsigned for counts, sizes and indices, signed for
// constants and block types.
#pragma once

#include <vector>

#include "core/common/types.h"

namespace bw::jit {

inline void put_uleb128(std::vector<u8>& out, u64 value) {
    do {
        u8 byte = value & 0x7f;
        value >>= 7;
        if (value != 0) byte |= 0x80;
        out.push_back(byte);
    } while (value != 0);
}

inline void put_sleb128(std::vector<u8>& out, i64 value) {
    for (;;) {
        u8 byte = value & 0x7f;
        value >>= 7;  // arithmetic shift: the sign is kept
        // Done once the rest is all sign and the sign bit of this byte agrees.
        bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
        if (!done) byte |= 0x80;
        out.push_back(byte);
        if (done) return;
    }
}

// Bytes put_uleb128 would write: lets a section size be known before writing.
inline u32 uleb128_size(u64 value) {
    u32 n = 1;
    while (value >>= 7) ++n;
    return n;
}

}  // namespace bw::jit
