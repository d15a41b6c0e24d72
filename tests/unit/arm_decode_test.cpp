// ARM926EJ-S decoder tables: every row decodes to itself (or to an earlier row
// that also matches: an intentional overlap), and known words land on the
// right row.
#include "core/cpu/arm/arm_decode.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

namespace bw::arm {
namespace {

// An instance of |pattern| with random field bits and cond = AL.
u32 instance(const char* pattern, std::mt19937& rng) {
    unsigned width = unsigned(std::strlen(pattern));
    u32 v = rng();
    for (unsigned i = 0; i < width; ++i) {
        u32 bit = 1u << (width - 1 - i);
        if (pattern[i] == '0') v &= ~bit;
        if (pattern[i] == '1') v |= bit;
    }
    if (width == 32) v = (v & 0x0fffffff) | 0xe0000000;
    return width == 16 ? v & 0xffff : v;
}

bool catch_all(const DecodeRow& row) { return std::strchr(row.pattern, 'x') != nullptr; }

void check_rows(std::span<const DecodeRow> rows, unsigned (*lookup)(u32)) {
    std::mt19937 rng(1234);
    for (unsigned i = 0; i < rows.size(); ++i) {
        if (catch_all(rows[i])) continue;
        std::string name = rows[i].name;
        for (int k = 0; k < 200; ++k) {
            u32 insn = instance(rows[i].pattern, rng);
            // Compare/test with S = 0 is the miscellaneous space, not this row.
            if ((name.starts_with("TST") || name.starts_with("TEQ") || name.starts_with("CMP") ||
                 name.starts_with("CMN")) &&
                std::strlen(rows[i].pattern) == 32) {
                insn |= 1u << 20;
            }
            unsigned got = lookup(insn);
            bool ok = got == i || (got < i && pattern_matches(rows[got].pattern, insn));
            EXPECT_TRUE(ok) << name << " 0x" << std::hex << insn << " decoded as "
                            << rows[got].name;
            if (!ok) break;
        }
    }
}

TEST(ArmDecode, EveryArmRowDecodesToItself) { check_rows(arm_rows(), arm_row_index); }

TEST(ArmDecode, EveryThumbRowDecodesToItself) { check_rows(thumb_rows(), thumb_row_index); }

TEST(ArmDecode, KnownWords) {
    struct Known {
        u32 insn;
        const char* name;
    };
    const Known arm[] = {
        {0xe12fff11, "BX"},      {0xe0100291, "MUL"},         {0xe1d100b2, "LDRH"},
        {0xe1a00000, "MOV_reg"}, {0xe7f000f0, "UNDEF_media"}, {0xe1003281, "SMLAxy"},
        {0xe10f0000, "MRS"},     {0xe1020051, "QADD"},        {0xe1b00311, "MOV_rsr"},
        {0xe3b004ff, "MOV_imm"}, {0xee070f90, "MRC_MCR"},     {0xe1010092, "SWP"},
        {0xe1e140d8, "LDRD"},    {0xe8bd80f0, "LDM"},         {0xef000012, "SWI"},
        {0xe16f0f11, "CLZ"},     {0xe1200071, "BKPT"},        {0xe12002a1, "SMULWy"},
    };
    for (const Known& k : arm) {
        EXPECT_STREQ(arm_rows()[arm_row_index(k.insn)].name, k.name) << std::hex << k.insn;
    }
    const Known thumb[] = {
        {0x44c8, "ADD_hi"},   {0xb501, "PUSH"},        {0xdf05, "SWI"},        {0xbe02, "BKPT"},
        {0xd003, "B_cond"},   {0xf000, "BL_prefix"},   {0xe822, "BLX_suffix"}, {0x4790, "BX_BLX"},
        {0x1cc8, "ADD_imm3"}, {0xde00, "UNDEF_bcond"},
    };
    for (const Known& k : thumb) {
        EXPECT_STREQ(thumb_rows()[thumb_row_index(k.insn)].name, k.name) << std::hex << k.insn;
    }
}

}  // namespace
}  // namespace bw::arm
