// Decoder tables for the ARM926EJ-S (ARMv5TEJ) ARM and Thumb instruction sets.
//
// Each instruction set has one table of bit-pattern rows, e.g.
// {"cccc0000100Snnnnddddiiiiitt0mmmm", arm_ADD_reg, "ADD_reg"}: '0'/'1' are fixed
// bits, any other letter is a field. Rows are in priority order: the first row
// whose fixed bits match wins, so overlaps are explicit (a more specific row
// such as MUL sits above the data-processing row it overlaps). The rows are
// expanded once into flat lookup arrays: ARM on bits 27..20 and 7..4 (4096
// entries), Thumb on bits 15..6 (1024 entries). Fixed bits outside the index are
// checked by the handler where the architecture makes them matter.
#pragma once

#include <span>

#include "core/common/types.h"

namespace bw::arm {

class ArmCpu;
using InsnHandler = void (*)(ArmCpu& cpu, u32 insn);

struct DecodeRow {
    const char* pattern;  // 32 chars for ARM, 16 for Thumb, most significant bit first
    InsnHandler handler;
    const char* name;
};

// The tables (priority order) and their expansions.
std::span<const DecodeRow> arm_rows();
std::span<const DecodeRow> thumb_rows();
// Index of the row that handles |insn| in the expanded table (ARM: cond != 1111).
unsigned arm_row_index(u32 insn);
unsigned thumb_row_index(u32 insn);

// True if |insn| matches every fixed bit of |pattern| (used by tests).
bool pattern_matches(const char* pattern, u32 insn);

// Hot-path lookups (tables are built on first use of arm_rows/thumb_rows or by
// ArmCpu's constructor via build_decode_tables()).
void build_decode_tables();
extern InsnHandler g_arm_table[4096];
extern InsnHandler g_thumb_table[1024];

// cond == 1111 space (BLX imm, PLD; the rest is undefined on ARMv5).
void arm_unconditional(ArmCpu& cpu, u32 insn);

inline unsigned arm_index(u32 insn) { return ((insn >> 16) & 0xff0) | ((insn >> 4) & 0xf); }
inline unsigned thumb_index(u32 insn) { return (insn >> 6) & 0x3ff; }

}  // namespace bw::arm
