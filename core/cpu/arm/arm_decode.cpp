// Expansion of the ARM and Thumb pattern tables into flat lookup arrays.
#include "core/cpu/arm/arm_decode.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace bw::arm {

InsnHandler g_arm_table[4096];
InsnHandler g_thumb_table[1024];

namespace {

u16 g_arm_row[4096];
u16 g_thumb_row[1024];

// Fixed-bit mask and value of a pattern whose first char is bit |width|-1.
void pattern_bits(const char* pattern, unsigned width, u32* mask, u32* value) {
    if (std::strlen(pattern) != width) {
        std::fprintf(stderr, "arm decode: bad pattern length: %s\n", pattern);
        std::abort();
    }
    *mask = *value = 0;
    for (unsigned i = 0; i < width; ++i) {
        u32 bit = 1u << (width - 1 - i);
        if (pattern[i] == '0' || pattern[i] == '1') {
            *mask |= bit;
            if (pattern[i] == '1') *value |= bit;
        }
    }
}

void expand(std::span<const DecodeRow> rows, unsigned width, u32 index_mask, unsigned entries,
            u32 (*index_to_insn)(unsigned), InsnHandler* table, u16* row_table) {
    for (unsigned idx = 0; idx < entries; ++idx) {
        u32 insn = index_to_insn(idx);
        unsigned found = unsigned(rows.size());
        for (unsigned r = 0; r < rows.size(); ++r) {
            u32 mask, value;
            pattern_bits(rows[r].pattern, width, &mask, &value);
            if ((insn & mask & index_mask) == (value & index_mask)) {
                found = r;
                break;
            }
        }
        if (found == rows.size()) {
            std::fprintf(stderr, "arm decode: no row for index %u\n", idx);
            std::abort();
        }
        table[idx] = rows[found].handler;
        row_table[idx] = u16(found);
    }
}

}  // namespace

bool pattern_matches(const char* pattern, u32 insn) {
    unsigned width = unsigned(std::strlen(pattern));
    u32 mask, value;
    pattern_bits(pattern, width, &mask, &value);
    return (insn & mask) == value;
}

void build_decode_tables() {
    static std::once_flag once;
    std::call_once(once, [] {
        expand(
            arm_rows(), 32, 0x0ff000f0, 4096,
            [](unsigned idx) -> u32 { return ((idx & 0xff0u) << 16) | ((idx & 0xfu) << 4); },
            g_arm_table, g_arm_row);
        expand(
            thumb_rows(), 16, 0xffc0, 1024, [](unsigned idx) -> u32 { return idx << 6; },
            g_thumb_table, g_thumb_row);
    });
}

unsigned arm_row_index(u32 insn) {
    build_decode_tables();
    return g_arm_row[arm_index(insn)];
}

unsigned thumb_row_index(u32 insn) {
    build_decode_tables();
    return g_thumb_row[thumb_index(insn)];
}

}  // namespace bw::arm
