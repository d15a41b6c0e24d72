// MIPS32 instruction decoder: one table of bit-pattern rows (decoder.cpp), expanded at start-up
// into a primary-opcode table and per-opcode sub-tables (SPECIAL/SPECIAL2/SPECIAL3/COP1X on the
// function field, REGIMM on rt, COP0/COP1 on rs and function). Rows earlier in the table win
// where patterns overlap (NOP before SLL). The interpreter and the later translator consume the
// same rows.
#pragma once

#include <span>
#include <vector>

#include "core/common/types.h"

namespace bw::mips {

class MipsCpu;
using Handler = void (*)(MipsCpu& cpu, u32 insn);

enum class Isa : u8 { MIPS32R1, MIPS32R2 };

enum InsnFlags : u8 {
    kBranch = 1 << 0,     // changes control flow
    kDelaySlot = 1 << 1,  // followed by a delay slot
    kLikely = 1 << 2,     // branch-likely: the slot is annulled when not taken
    kMayFault = 1 << 3,   // memory access or trap
    kFpu = 1 << 4,        // needs CP1
    kEndsBlock = 1 << 5,  // CP0 writes, ERET, WAIT, SYSCALL...: translated blocks stop here
};

struct InsnRow {
    Handler handler;
    const char* mnemonic;
    // 32 characters, MSB first, spaces ignored: '0'/'1' fixed bits, letters are fields.
    const char* pattern;
    Isa isa;
    u8 flags;
};

struct DecodedRow {
    u32 mask;
    u32 value;
    const InsnRow* row;
};

class Decoder {
  public:
    // The decoder for a CPU implementing up to |isa|.
    static const Decoder& get(Isa isa);

    // The row for |insn|, or nullptr (Reserved Instruction). One table slot per
    // primary opcode and sub-field value holds its first candidate inline, so
    // the common case is two loads and a compare.
    const InsnRow* lookup(u32 insn) const {
        const Primary& p = primary_[insn >> 26];
        u32 slot = p.kind == SubKind::None ? insn >> 26 : 64 + p.first + sub_key(p.kind, insn);
        const FastSlot& f = fast_[slot];
        if ((insn & f.mask) == f.value) return f.row;
        for (const DecodedRow& r : *f.candidates)
            if ((insn & r.mask) == r.value) return r.row;
        return nullptr;
    }

    static std::span<const InsnRow> table();

  private:
    enum class SubKind : u8 { None, Func, Rt, RsFunc };
    struct Primary {
        SubKind kind = SubKind::None;
        u32 first = 0;                 // index of its first sub-table slot
        std::vector<DecodedRow> rows;  // when kind == None
    };
    static u32 sub_key(SubKind k, u32 insn) {
        switch (k) {
            case SubKind::Func: return insn & 63;
            case SubKind::Rt: return (insn >> 16) & 31;
            case SubKind::RsFunc: return (((insn >> 21) & 31) << 6) | (insn & 63);
            default: return 0;
        }
    }
    struct FastSlot {
        u32 mask = 0, value = 1;  // never matches when the slot has no rows
        const InsnRow* row = nullptr;
        const std::vector<DecodedRow>* candidates = nullptr;  // all rows, first included
    };
    explicit Decoder(Isa isa);

    Primary primary_[64];
    std::vector<std::vector<DecodedRow>> sub_;
    std::vector<FastSlot> fast_;  // 64 primary slots, then one per sub_ slot
};

// Mask and value of a pattern string.
bool parse_pattern(const char* pattern, u32* mask, u32* value);

}  // namespace bw::mips
