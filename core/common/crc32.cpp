#include "core/common/crc32.h"

#include <array>

namespace bw {

namespace {

constexpr std::array<u32, 256> make_table() {
    std::array<u32, 256> table{};
    for (u32 i = 0; i < 256; ++i) {
        u32 c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}

constexpr std::array<u32, 256> kTable = make_table();

}  // namespace

u32 crc32(const void* data, size_t len, u32 crc) {
    const u8* p = static_cast<const u8*>(data);
    crc = ~crc;
    for (size_t i = 0; i < len; ++i) crc = kTable[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

}  // namespace bw
