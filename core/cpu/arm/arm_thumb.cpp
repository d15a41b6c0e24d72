// Thumb-state (ARMv5T, 16-bit) instruction handlers of the ARM926EJ-S and their
// decode table. On entry s.r[15] = instruction + 4 and s.pc = instruction + 2.
#include <bit>

#include "core/cpu/arm/arm_cpu.h"
#include "core/cpu/arm/arm_decode.h"
#include "core/cpu/arm/arm_shared.h"

namespace bw::arm {

namespace {

inline u32& lo_reg(ArmCpu& c, u32 insn, unsigned shift) { return c.s.r[(insn >> shift) & 7]; }

// Word load with ARMv5 unaligned rotation (or an alignment fault).
inline bool load_word(ArmCpu& c, u32 addr, u32* v) {
    if (!c.check_align(addr, 3)) return false;
    if (!c.load<u32>(addr & ~3u, v)) return false;
    *v = ror32(*v, (addr & 3) * 8);
    return true;
}

inline bool store_word(ArmCpu& c, u32 addr, u32 v) {
    if (!c.check_align(addr, 3)) return false;
    return c.store<u32>(addr & ~3u, v);
}

inline bool load_half(ArmCpu& c, u32 addr, u32* v) {
    if (addr & 1) {
        if (!c.check_align(addr, 1)) return false;
        u32 lo, hi;
        if (!c.load<u8>(addr, &lo) || !c.load<u8>(addr + 1, &hi)) return false;
        *v = lo | (hi << 8);
        return true;
    }
    return c.load<u16>(addr, v);
}

inline bool store_half(ArmCpu& c, u32 addr, u32 v) {
    if (addr & 1) {
        if (!c.check_align(addr, 1)) return false;
        return c.store<u8>(addr, v) && c.store<u8>(addr + 1, v >> 8);
    }
    return c.store<u16>(addr, v);
}

// LSL|LSR|ASR <Rd>, <Rm>, #<immed_5>
template <unsigned Type>
void thumb_shift_imm(ArmCpu& c, u32 insn) {
    u32 rm = lo_reg(c, insn, 3);
    unsigned amount = (insn >> 6) & 31;
    u32 res, carry;
    if (Type == 0 && amount == 0) {
        res = rm;
        carry = c.carry();
    } else {
        // LSR/ASR #0 encode a shift by 32.
        res = shift_by_reg(Type, rm, amount ? amount : 32, c.carry(), &carry);
    }
    lo_reg(c, insn, 0) = res;
    c.set_nzc(res, carry);
}

// ADD|SUB <Rd>, <Rn>, <Rm> / ADD|SUB <Rd>, <Rn>, #<immed_3>
template <bool Sub, bool Imm>
void thumb_add_sub(ArmCpu& c, u32 insn) {
    u32 a = lo_reg(c, insn, 3);
    u32 b = Imm ? (insn >> 6) & 7 : lo_reg(c, insn, 6);
    u32 cf, vf;
    u32 res = Sub ? sub_flags(a, b, 1, &cf, &vf) : add_flags(a, b, 0, &cf, &vf);
    lo_reg(c, insn, 0) = res;
    c.set_nzcv(res, cf, vf);
}

// MOV|CMP|ADD|SUB <Rd>, #<immed_8>
template <unsigned Op>
void thumb_imm8(ArmCpu& c, u32 insn) {
    u32& rd = lo_reg(c, insn, 8);
    u32 imm = insn & 0xff;
    u32 cf, vf, res;
    switch (Op) {
        case 0:
            rd = imm;
            c.set_nz(imm);
            return;
        case 1:
            res = sub_flags(rd, imm, 1, &cf, &vf);
            c.set_nzcv(res, cf, vf);
            return;
        case 2: res = add_flags(rd, imm, 0, &cf, &vf); break;
        default: res = sub_flags(rd, imm, 1, &cf, &vf); break;
    }
    rd = res;
    c.set_nzcv(res, cf, vf);
}

// <op> <Rd>, <Rm>: AND EOR LSL LSR ASR ADC SBC ROR TST NEG CMP CMN ORR MUL BIC MVN
template <unsigned Op>
void thumb_alu(ArmCpu& c, u32 insn) {
    u32& rd = lo_reg(c, insn, 0);
    u32 rm = lo_reg(c, insn, 3);
    u32 res, cf = 0, vf = 0;
    switch (Op) {
        case 0x0: res = rd & rm; break;
        case 0x1: res = rd ^ rm; break;
        case 0x2:
        case 0x3:
        case 0x4:
        case 0x7: {
            unsigned type = Op == 0x2 ? 0 : Op == 0x3 ? 1 : Op == 0x4 ? 2 : 3;
            res = shift_by_reg(type, rd, rm & 0xff, c.carry(), &cf);
            rd = res;
            c.set_nzc(res, cf);
            return;
        }
        case 0x5: res = add_flags(rd, rm, c.carry(), &cf, &vf); break;
        case 0x6: res = sub_flags(rd, rm, c.carry(), &cf, &vf); break;
        case 0x8: c.set_nz(rd & rm); return;
        case 0x9: res = sub_flags(0, rm, 1, &cf, &vf); break;
        case 0xa:  // CMP: flags only (compute before reading cf/vf)
            res = sub_flags(rd, rm, 1, &cf, &vf);
            c.set_nzcv(res, cf, vf);
            return;
        case 0xb:  // CMN
            res = add_flags(rd, rm, 0, &cf, &vf);
            c.set_nzcv(res, cf, vf);
            return;
        case 0xc: res = rd | rm; break;
        case 0xd: res = rd * rm; break;  // ARMv5: C unchanged
        case 0xe: res = rd & ~rm; break;
        default: res = ~rm; break;
    }
    rd = res;
    if (Op == 0x5 || Op == 0x6 || Op == 0x9) {
        c.set_nzcv(res, cf, vf);
    } else {
        c.set_nz(res);
    }
}

// ADD|CMP|MOV <Rd>, <Rm> (high registers) and BX|BLX <Rm>
template <unsigned Op>
void thumb_hi(ArmCpu& c, u32 insn) {
    unsigned d = (insn & 7) | ((insn >> 4) & 8), m = (insn >> 3) & 15;
    u32 rm = c.s.r[m];
    switch (Op) {
        case 0:
        case 2: {
            u32 res = Op == 0 ? c.s.r[d] + rm : rm;
            if (d == 15) {
                c.s.pc = res & ~1u;  // no interworking: stay in Thumb
            } else {
                c.s.r[d] = res;
            }
            return;
        }
        case 1: {
            u32 cf, vf;
            u32 res = sub_flags(c.s.r[d], rm, 1, &cf, &vf);
            c.set_nzcv(res, cf, vf);
            return;
        }
        default:
            if (insn & 0x80) c.s.r[14] = (c.s.cur + 2) | 1;  // BLX
            c.write_pc_interworking(rm);
            return;
    }
}

// LDR <Rd>, [PC, #<immed_8> * 4]
void thumb_LDR_pc(ArmCpu& c, u32 insn) {
    u32 v;
    if (!c.load<u32>((c.s.r[15] & ~3u) + (insn & 0xff) * 4, &v)) return;
    lo_reg(c, insn, 8) = v;
}

// STR|STRH|STRB|LDRSB|LDR|LDRH|LDRB|LDRSH <Rd>, [<Rn>, <Rm>]
template <unsigned Op>
void thumb_ldst_reg(ArmCpu& c, u32 insn) {
    u32 addr = lo_reg(c, insn, 3) + lo_reg(c, insn, 6);
    u32& rd = lo_reg(c, insn, 0);
    u32 v;
    switch (Op) {
        case 0: store_word(c, addr, rd); return;
        case 1: store_half(c, addr, rd); return;
        case 2: c.store<u8>(addr, rd); return;
        case 3:
            if (c.load<u8>(addr, &v)) rd = u32(i32(i8(v)));
            return;
        case 4:
            if (load_word(c, addr, &v)) rd = v;
            return;
        case 5:
            if (load_half(c, addr, &v)) rd = v;
            return;
        case 6:
            if (c.load<u8>(addr, &v)) rd = v;
            return;
        default:
            if (load_half(c, addr, &v)) rd = u32(i32(i16(v)));
            return;
    }
}

// STR|LDR|STRB|LDRB <Rd>, [<Rn>, #<immed_5> * size]
template <bool Byte, bool Load>
void thumb_ldst_imm(ArmCpu& c, u32 insn) {
    u32 imm = (insn >> 6) & 31;
    u32 addr = lo_reg(c, insn, 3) + (Byte ? imm : imm * 4);
    u32& rd = lo_reg(c, insn, 0);
    u32 v;
    if (Load) {
        if (Byte ? c.load<u8>(addr, &v) : load_word(c, addr, &v)) rd = v;
    } else if (Byte) {
        c.store<u8>(addr, rd);
    } else {
        store_word(c, addr, rd);
    }
}

// STRH|LDRH <Rd>, [<Rn>, #<immed_5> * 2]
template <bool Load>
void thumb_ldst_half(ArmCpu& c, u32 insn) {
    u32 addr = lo_reg(c, insn, 3) + ((insn >> 6) & 31) * 2;
    u32& rd = lo_reg(c, insn, 0);
    u32 v;
    if (Load) {
        if (load_half(c, addr, &v)) rd = v;
    } else {
        store_half(c, addr, rd);
    }
}

// STR|LDR <Rd>, [SP, #<immed_8> * 4]
template <bool Load>
void thumb_ldst_sp(ArmCpu& c, u32 insn) {
    u32 addr = c.s.r[13] + (insn & 0xff) * 4;
    u32& rd = lo_reg(c, insn, 8);
    u32 v;
    if (Load) {
        if (load_word(c, addr, &v)) rd = v;
    } else {
        store_word(c, addr, rd);
    }
}

// ADD <Rd>, PC|SP, #<immed_8> * 4
template <bool Sp>
void thumb_add_pc_sp(ArmCpu& c, u32 insn) {
    u32 base = Sp ? c.s.r[13] : (c.s.r[15] & ~3u);
    lo_reg(c, insn, 8) = base + (insn & 0xff) * 4;
}

// ADD|SUB SP, #<immed_7> * 4
void thumb_adjust_sp(ArmCpu& c, u32 insn) {
    u32 off = (insn & 0x7f) * 4;
    c.s.r[13] = (insn & 0x80) ? c.s.r[13] - off : c.s.r[13] + off;
}

// PUSH {<registers>{, LR}}
void thumb_PUSH(ArmCpu& c, u32 insn) {
    u32 list = (insn & 0xff) | ((insn & 0x100) << 6);  // R -> bit 14 (LR)
    u32 addr = c.s.r[13] - 4 * unsigned(std::popcount(list));
    u32 start = addr;
    if (!c.check_align(addr, 3)) return;
    for (u32 l = list; l; l &= l - 1) {
        if (!c.store<u32>(addr & ~3u, c.s.r[std::countr_zero(l)])) return;
        addr += 4;
    }
    c.s.r[13] = start;
}

// POP {<registers>{, PC}}
void thumb_POP(ArmCpu& c, u32 insn) {
    u32 list = (insn & 0xff) | ((insn & 0x100) << 7);  // R -> bit 15 (PC)
    u32 addr = c.s.r[13];
    if (!c.check_align(addr, 3)) return;
    u32 vals[16];
    for (u32 l = list; l; l &= l - 1) {
        if (!c.load<u32>(addr & ~3u, &vals[std::countr_zero(l)])) return;
        addr += 4;
    }
    c.s.r[13] = addr;
    for (u32 l = list & 0xff; l; l &= l - 1) c.s.r[std::countr_zero(l)] = vals[std::countr_zero(l)];
    if (list & 0x8000) c.write_pc_interworking(vals[15]);  // ARMv5T: POP interworks
}

// STMIA <Rn>!, <registers>
void thumb_STMIA(ArmCpu& c, u32 insn) {
    unsigned n = (insn >> 8) & 7;
    u32 list = insn & 0xff;
    u32 addr = c.s.r[n];
    u32 new_base = addr + 4 * unsigned(std::popcount(list));
    if (!c.check_align(addr, 3)) return;
    bool first = true;
    for (u32 l = list; l; l &= l - 1) {
        unsigned i = unsigned(std::countr_zero(l));
        u32 v = (i == n && !first) ? new_base : c.s.r[i];
        if (!c.store<u32>(addr & ~3u, v)) return;
        addr += 4;
        first = false;
    }
    c.s.r[n] = new_base;
}

// LDMIA <Rn>!, <registers>
void thumb_LDMIA(ArmCpu& c, u32 insn) {
    unsigned n = (insn >> 8) & 7;
    u32 list = insn & 0xff;
    u32 addr = c.s.r[n];
    u32 new_base = addr + 4 * unsigned(std::popcount(list));
    if (!c.check_align(addr, 3)) return;
    u32 vals[8];
    for (u32 l = list; l; l &= l - 1) {
        if (!c.load<u32>(addr & ~3u, &vals[std::countr_zero(l)])) return;
        addr += 4;
    }
    c.s.r[n] = new_base;  // a loaded base wins
    for (u32 l = list; l; l &= l - 1) c.s.r[std::countr_zero(l)] = vals[std::countr_zero(l)];
}

// B<cond> <target_address>
void thumb_B_cond(ArmCpu& c, u32 insn) {
    if (c.cond_pass((insn >> 8) & 15)) c.s.pc = c.s.r[15] + u32(i32(insn << 24) >> 23);
}

// B <target_address>
void thumb_B(ArmCpu& c, u32 insn) { c.s.pc = c.s.r[15] + u32(i32(insn << 21) >> 20); }

// BL/BLX prefix: LR = PC + (signed offset << 12)
void thumb_BL_prefix(ArmCpu& c, u32 insn) { c.s.r[14] = c.s.r[15] + u32(i32(insn << 21) >> 9); }

// BL suffix: PC = LR + offset * 2, LR = next instruction | 1
void thumb_BL_suffix(ArmCpu& c, u32 insn) {
    u32 target = c.s.r[14] + (insn & 0x7ff) * 2;
    c.s.r[14] = (c.s.cur + 2) | 1;
    c.s.pc = target;
}

// BLX suffix: as BL, then switch to ARM at the word-aligned target.
void thumb_BLX_suffix(ArmCpu& c, u32 insn) {
    if (insn & 1) {
        c.undefined();
        return;
    }
    u32 target = c.s.r[14] + (insn & 0x7ff) * 2;
    c.s.r[14] = (c.s.cur + 2) | 1;
    c.s.cpsr &= ~kPsrT;
    c.s.pc = target & ~3u;
}

// SWI <immed_8>
void thumb_SWI(ArmCpu& c, u32 insn) { c.software_interrupt(); }

// BKPT <immed_8>
void thumb_BKPT(ArmCpu& c, u32 insn) { c.prefetch_abort(0, false); }

void thumb_UNDEFINED(ArmCpu& c, u32 insn) { c.undefined(); }

#define ALU_ROW(op, bits, NAME) \
    { "010000" bits "mmmddd", thumb_alu<op>, NAME }
#define LDST_ROW(op, bits, NAME) \
    { "0101" bits "mmmnnnddd", thumb_ldst_reg<op>, NAME }

const DecodeRow kThumbRows[] = {
    {"0001100mmmnnnddd", thumb_add_sub<false, false>, "ADD_reg"},
    {"0001101mmmnnnddd", thumb_add_sub<true, false>, "SUB_reg"},
    {"0001110iiinnnddd", thumb_add_sub<false, true>, "ADD_imm3"},
    {"0001111iiinnnddd", thumb_add_sub<true, true>, "SUB_imm3"},
    {"00000iiiiimmmddd", thumb_shift_imm<0>, "LSL_imm"},
    {"00001iiiiimmmddd", thumb_shift_imm<1>, "LSR_imm"},
    {"00010iiiiimmmddd", thumb_shift_imm<2>, "ASR_imm"},
    {"00100dddiiiiiiii", thumb_imm8<0>, "MOV_imm"},
    {"00101dddiiiiiiii", thumb_imm8<1>, "CMP_imm"},
    {"00110dddiiiiiiii", thumb_imm8<2>, "ADD_imm8"},
    {"00111dddiiiiiiii", thumb_imm8<3>, "SUB_imm8"},
    ALU_ROW(0x0, "0000", "AND"),
    ALU_ROW(0x1, "0001", "EOR"),
    ALU_ROW(0x2, "0010", "LSL_reg"),
    ALU_ROW(0x3, "0011", "LSR_reg"),
    ALU_ROW(0x4, "0100", "ASR_reg"),
    ALU_ROW(0x5, "0101", "ADC"),
    ALU_ROW(0x6, "0110", "SBC"),
    ALU_ROW(0x7, "0111", "ROR"),
    ALU_ROW(0x8, "1000", "TST"),
    ALU_ROW(0x9, "1001", "NEG"),
    ALU_ROW(0xa, "1010", "CMP_reg"),
    ALU_ROW(0xb, "1011", "CMN"),
    ALU_ROW(0xc, "1100", "ORR"),
    ALU_ROW(0xd, "1101", "MUL"),
    ALU_ROW(0xe, "1110", "BIC"),
    ALU_ROW(0xf, "1111", "MVN"),
    {"01000100hhmmmddd", thumb_hi<0>, "ADD_hi"},
    {"01000101hhmmmddd", thumb_hi<1>, "CMP_hi"},
    {"01000110hhmmmddd", thumb_hi<2>, "MOV_hi"},
    {"01000111Lmmmmsss", thumb_hi<3>, "BX_BLX"},
    {"01001dddiiiiiiii", thumb_LDR_pc, "LDR_pc"},
    LDST_ROW(0, "000", "STR_reg"),
    LDST_ROW(1, "001", "STRH_reg"),
    LDST_ROW(2, "010", "STRB_reg"),
    LDST_ROW(3, "011", "LDRSB_reg"),
    LDST_ROW(4, "100", "LDR_reg"),
    LDST_ROW(5, "101", "LDRH_reg"),
    LDST_ROW(6, "110", "LDRB_reg"),
    LDST_ROW(7, "111", "LDRSH_reg"),
    {"01100iiiiinnnddd", thumb_ldst_imm<false, false>, "STR_imm"},
    {"01101iiiiinnnddd", thumb_ldst_imm<false, true>, "LDR_imm"},
    {"01110iiiiinnnddd", thumb_ldst_imm<true, false>, "STRB_imm"},
    {"01111iiiiinnnddd", thumb_ldst_imm<true, true>, "LDRB_imm"},
    {"10000iiiiinnnddd", thumb_ldst_half<false>, "STRH_imm"},
    {"10001iiiiinnnddd", thumb_ldst_half<true>, "LDRH_imm"},
    {"10010dddiiiiiiii", thumb_ldst_sp<false>, "STR_sp"},
    {"10011dddiiiiiiii", thumb_ldst_sp<true>, "LDR_sp"},
    {"10100dddiiiiiiii", thumb_add_pc_sp<false>, "ADD_pc"},
    {"10101dddiiiiiiii", thumb_add_pc_sp<true>, "ADD_sp"},
    {"10110000Siiiiiii", thumb_adjust_sp, "ADJ_sp"},
    {"1011010Rrrrrrrrr", thumb_PUSH, "PUSH"},
    {"1011110Rrrrrrrrr", thumb_POP, "POP"},
    {"10111110iiiiiiii", thumb_BKPT, "BKPT"},
    {"1011xxxxxxxxxxxx", thumb_UNDEFINED, "UNDEF_misc"},
    {"11000nnnrrrrrrrr", thumb_STMIA, "STMIA"},
    {"11001nnnrrrrrrrr", thumb_LDMIA, "LDMIA"},
    {"11011110iiiiiiii", thumb_UNDEFINED, "UNDEF_bcond"},
    {"11011111iiiiiiii", thumb_SWI, "SWI"},
    {"1101cccciiiiiiii", thumb_B_cond, "B_cond"},
    {"11100iiiiiiiiiii", thumb_B, "B"},
    {"11101iiiiiiiiiii", thumb_BLX_suffix, "BLX_suffix"},
    {"11110iiiiiiiiiii", thumb_BL_prefix, "BL_prefix"},
    {"11111iiiiiiiiiii", thumb_BL_suffix, "BL_suffix"},
};

}  // namespace

std::span<const DecodeRow> thumb_rows() { return kThumbRows; }

}  // namespace bw::arm
