// ARM-state (32-bit) instruction handlers of the ARM926EJ-S and their decode
// table. Handlers are named after the ARM ARM (arm_ADD_imm, arm_LDRH, ...); each
// starts with its assembler syntax. On entry s.r[15] = instruction + 8 and
// s.pc = instruction + 4; a handler that branches writes s.pc.
#include <bit>

#include "core/cpu/arm/arm_cpu.h"
#include "core/cpu/arm/arm_decode.h"
#include "core/cpu/arm/arm_shared.h"

namespace bw::arm {

namespace {

// ---- Shifter operands ---------------------------------------------------------------

// <Rm>, <shift> #<imm>: the immediate-shift operand with its carry-out.
inline u32 shift_imm(ArmCpu& c, u32 insn, u32* carry) {
    u32 rm = c.s.r[insn & 15];
    unsigned amount = (insn >> 7) & 31;
    switch ((insn >> 5) & 3) {
        case 0:  // LSL
            if (amount == 0) {
                *carry = c.carry();
                return rm;
            }
            *carry = (rm >> (32 - amount)) & 1;
            return rm << amount;
        case 1:  // LSR #32 is encoded as #0
            if (amount == 0) {
                *carry = rm >> 31;
                return 0;
            }
            *carry = (rm >> (amount - 1)) & 1;
            return rm >> amount;
        case 2:  // ASR #32 is encoded as #0
            if (amount == 0) {
                *carry = rm >> 31;
                return u32(i32(rm) >> 31);
            }
            *carry = (rm >> (amount - 1)) & 1;
            return u32(i32(rm) >> amount);
        default:  // ROR; ROR #0 is RRX
            if (amount == 0) {
                *carry = rm & 1;
                return (c.carry() << 31) | (rm >> 1);
            }
            *carry = (rm >> (amount - 1)) & 1;
            return ror32(rm, amount);
    }
}

// <Rm>, <shift> <Rs>: register-specified shift. Rm = PC reads instruction + 12.
inline u32 shift_reg(ArmCpu& c, u32 insn, u32* carry) {
    unsigned m = insn & 15;
    u32 rm = m == 15 ? c.s.r[15] + 4 : c.s.r[m];
    u32 amount = c.s.r[(insn >> 8) & 15] & 0xff;
    return shift_by_reg((insn >> 5) & 3, rm, amount, c.carry(), carry);
}

enum Form { kImm, kRegImm, kRegReg };

// ---- Data processing ----------------------------------------------------------------

// <op>{<cond>}{S} <Rd>, <Rn>, <shifter_operand>
template <unsigned Op, Form F>
void arm_dp(ArmCpu& c, u32 insn) {
    u32 sc, op2;
    if constexpr (F == kImm) {
        unsigned rot = (insn >> 7) & 30;
        op2 = ror32(insn & 0xff, rot);
        sc = rot ? op2 >> 31 : c.carry();
    } else if constexpr (F == kRegImm) {
        op2 = shift_imm(c, insn, &sc);
    } else {
        op2 = shift_reg(c, insn, &sc);
    }
    unsigned n = (insn >> 16) & 15, d = (insn >> 12) & 15;
    u32 a = c.s.r[n];
    if (F == kRegReg && n == 15) a += 4;
    bool s = insn & (1u << 20);
    u32 res = 0, cf = 0, vf = 0;
    constexpr bool logical = Op == 0 || Op == 1 || Op == 8 || Op == 9 || (Op >= 12 && Op <= 15);
    switch (Op) {
        case 0x0:
        case 0x8: res = a & op2; break;  // AND, TST
        case 0x1:
        case 0x9: res = a ^ op2; break;  // EOR, TEQ
        case 0x2:
        case 0xa: res = sub_flags(a, op2, 1, &cf, &vf); break;  // SUB, CMP
        case 0x3: res = sub_flags(op2, a, 1, &cf, &vf); break;  // RSB
        case 0x4:
        case 0xb: res = add_flags(a, op2, 0, &cf, &vf); break;          // ADD, CMN
        case 0x5: res = add_flags(a, op2, c.carry(), &cf, &vf); break;  // ADC
        case 0x6: res = sub_flags(a, op2, c.carry(), &cf, &vf); break;  // SBC
        case 0x7: res = sub_flags(op2, a, c.carry(), &cf, &vf); break;  // RSC
        case 0xc: res = a | op2; break;                                 // ORR
        case 0xd: res = op2; break;                                     // MOV
        case 0xe: res = a & ~op2; break;                                // BIC
        case 0xf: res = ~op2; break;                                    // MVN
    }
    if constexpr (Op >= 8 && Op <= 11) {
        // TST/TEQ/CMP/CMN (S is always set: S = 0 is the miscellaneous space).
        // The legacy TSTP form with Rd = 15 is UNPREDICTABLE on ARMv5; ignore Rd.
        if (logical) {
            c.set_nzc(res, sc);
        } else {
            c.set_nzcv(res, cf, vf);
        }
        return;
    }
    if (d == 15) [[unlikely]] {
        if (s) {
            c.return_from_exception(res);
        } else {
            c.write_pc(res);
        }
        return;
    }
    c.s.r[d] = res;
    if (s) {
        if (logical) {
            c.set_nzc(res, sc);
        } else {
            c.set_nzcv(res, cf, vf);
        }
    }
}

// ---- Multiply -----------------------------------------------------------------------

// MUL{S} <Rd>, <Rm>, <Rs> / MLA{S} <Rd>, <Rm>, <Rs>, <Rn>
void arm_MUL(ArmCpu& c, u32 insn) {
    unsigned d = (insn >> 16) & 15;
    u32 res = c.s.r[insn & 15] * c.s.r[(insn >> 8) & 15];
    if (insn & (1u << 21)) res += c.s.r[(insn >> 12) & 15];
    c.s.r[d] = res;
    if (insn & (1u << 20)) c.set_nz(res);  // ARMv5: C and V unchanged
}

// UMULL/UMLAL/SMULL/SMLAL{S} <RdLo>, <RdHi>, <Rm>, <Rs>
void arm_MULL(ArmCpu& c, u32 insn) {
    unsigned hi = (insn >> 16) & 15, lo = (insn >> 12) & 15;
    u32 rm = c.s.r[insn & 15], rs = c.s.r[(insn >> 8) & 15];
    u64 res = (insn & (1u << 22)) ? u64(i64(i32(rm)) * i64(i32(rs))) : u64(rm) * u64(rs);
    if (insn & (1u << 21)) res += (u64(c.s.r[hi]) << 32) | c.s.r[lo];
    c.s.r[lo] = u32(res);
    c.s.r[hi] = u32(res >> 32);
    if (insn & (1u << 20)) {
        c.s.cpsr =
            (c.s.cpsr & ~(kPsrN | kPsrZ)) | (u32(res >> 32) & kPsrN) | (res == 0 ? kPsrZ : 0);
    }
}

inline i32 half(u32 v, bool top) { return top ? i32(v) >> 16 : i32(i16(v)); }

// SMLA<x><y> <Rd>, <Rm>, <Rs>, <Rn>
void arm_SMLAxy(ArmCpu& c, u32 insn) {
    i32 p =
        half(c.s.r[insn & 15], insn & (1u << 5)) * half(c.s.r[(insn >> 8) & 15], insn & (1u << 6));
    u32 acc = c.s.r[(insn >> 12) & 15];
    u32 res = u32(p) + acc;
    if ((~(u32(p) ^ acc) & (acc ^ res)) >> 31) c.s.cpsr |= kPsrQ;
    c.s.r[(insn >> 16) & 15] = res;
}

// SMLAW<y> <Rd>, <Rm>, <Rs>, <Rn>
void arm_SMLAWy(ArmCpu& c, u32 insn) {
    i64 p = i64(i32(c.s.r[insn & 15])) * half(c.s.r[(insn >> 8) & 15], insn & (1u << 6));
    u32 pm = u32(p >> 16);
    u32 acc = c.s.r[(insn >> 12) & 15];
    u32 res = pm + acc;
    if ((~(pm ^ acc) & (acc ^ res)) >> 31) c.s.cpsr |= kPsrQ;
    c.s.r[(insn >> 16) & 15] = res;
}

// SMULW<y> <Rd>, <Rm>, <Rs>
void arm_SMULWy(ArmCpu& c, u32 insn) {
    i64 p = i64(i32(c.s.r[insn & 15])) * half(c.s.r[(insn >> 8) & 15], insn & (1u << 6));
    c.s.r[(insn >> 16) & 15] = u32(p >> 16);
}

// SMLAL<x><y> <RdLo>, <RdHi>, <Rm>, <Rs>
void arm_SMLALxy(ArmCpu& c, u32 insn) {
    i64 p = i64(half(c.s.r[insn & 15], insn & (1u << 5))) *
            half(c.s.r[(insn >> 8) & 15], insn & (1u << 6));
    unsigned hi = (insn >> 16) & 15, lo = (insn >> 12) & 15;
    u64 res = ((u64(c.s.r[hi]) << 32) | c.s.r[lo]) + u64(p);
    c.s.r[lo] = u32(res);
    c.s.r[hi] = u32(res >> 32);
}

// SMUL<x><y> <Rd>, <Rm>, <Rs>
void arm_SMULxy(ArmCpu& c, u32 insn) {
    i32 p =
        half(c.s.r[insn & 15], insn & (1u << 5)) * half(c.s.r[(insn >> 8) & 15], insn & (1u << 6));
    c.s.r[(insn >> 16) & 15] = u32(p);
}

// ---- Saturating arithmetic ----------------------------------------------------------

inline u32 saturate(i64 v, ArmCpu& c) {
    if (v > INT32_MAX) {
        c.s.cpsr |= kPsrQ;
        return u32(INT32_MAX);
    }
    if (v < INT32_MIN) {
        c.s.cpsr |= kPsrQ;
        return u32(INT32_MIN);
    }
    return u32(i32(v));
}

// QADD/QSUB/QDADD/QDSUB <Rd>, <Rm>, <Rn>
template <bool Sub, bool Double>
void arm_Q(ArmCpu& c, u32 insn) {
    i64 rm = i32(c.s.r[insn & 15]);
    i64 rn = i32(c.s.r[(insn >> 16) & 15]);
    if (Double) rn = i32(saturate(rn * 2, c));
    c.s.r[(insn >> 12) & 15] = saturate(Sub ? rm - rn : rm + rn, c);
}

// ---- Miscellaneous ------------------------------------------------------------------

// CLZ <Rd>, <Rm>
void arm_CLZ(ArmCpu& c, u32 insn) {
    c.s.r[(insn >> 12) & 15] = u32(std::countl_zero(c.s.r[insn & 15]));
}

// BX <Rm> (BXJ <Rm> behaves as BX: no Jazelle state)
void arm_BX(ArmCpu& c, u32 insn) { c.write_pc_interworking(c.s.r[insn & 15]); }

// BLX <Rm>
void arm_BLX_reg(ArmCpu& c, u32 insn) {
    u32 target = c.s.r[insn & 15];
    c.s.r[14] = c.s.cur + 4;
    c.write_pc_interworking(target);
}

// B{L} <target_address>
void arm_B(ArmCpu& c, u32 insn) {
    if (insn & (1u << 24)) c.s.r[14] = c.s.cur + 4;
    c.s.pc = c.s.r[15] + u32(i32(insn << 8) >> 6);
}

// MRS <Rd>, CPSR|SPSR
void arm_MRS(ArmCpu& c, u32 insn) {
    c.s.r[(insn >> 12) & 15] = (insn & (1u << 22)) ? c.s.spsr : c.s.cpsr;
}

void msr(ArmCpu& c, u32 insn, u32 operand) {
    u32 mask = 0;
    if (insn & (1u << 16)) mask |= 0x000000ff;
    if (insn & (1u << 17)) mask |= 0x0000ff00;
    if (insn & (1u << 18)) mask |= 0x00ff0000;
    if (insn & (1u << 19)) mask |= 0xff000000;
    if (insn & (1u << 22)) {
        u32 mode = c.s.cpsr & kPsrMode;
        if (mode != kModeUsr && mode != kModeSys) c.s.spsr = (c.s.spsr & ~mask) | (operand & mask);
        return;
    }
    // Only NZCVQ and the control byte exist; MSR never changes T; user mode
    // may only write the flags.
    mask &= c.privileged() ? 0xf80000dfu : 0xf8000000u;
    c.set_cpsr((c.s.cpsr & ~mask) | (operand & mask));
}

// MSR CPSR|SPSR_<fields>, <Rm>
void arm_MSR_reg(ArmCpu& c, u32 insn) { msr(c, insn, c.s.r[insn & 15]); }

// MSR CPSR|SPSR_<fields>, #<immediate>
void arm_MSR_imm(ArmCpu& c, u32 insn) { msr(c, insn, ror32(insn & 0xff, (insn >> 7) & 30)); }

// BKPT #<immed_16>: a prefetch abort on ARM926 (no debugger attached).
void arm_BKPT(ArmCpu& c, u32 insn) { c.prefetch_abort(0, false); }

// SWI #<immed_24>
void arm_SWI(ArmCpu& c, u32 insn) { c.software_interrupt(); }

void arm_UNDEFINED(ArmCpu& c, u32 insn) { c.undefined(); }

// CDP/MRC/MCR/LDC/STC/MCRR/MRRC
void arm_COPROC(ArmCpu& c, u32 insn) { c.coprocessor(insn); }

// ---- Loads and stores ---------------------------------------------------------------

// LDR|STR{B}{T} <Rd>, <addressing_mode>
template <bool Reg, bool Load, bool Byte>
void arm_LDR_STR(ArmCpu& c, u32 insn) {
    unsigned n = (insn >> 16) & 15, d = (insn >> 12) & 15;
    u32 off;
    if constexpr (Reg) {
        u32 dummy;
        off = shift_imm(c, insn, &dummy);
    } else {
        off = insn & 0xfff;
    }
    bool p = insn & (1u << 24), u = insn & (1u << 23), w = insn & (1u << 21);
    u32 base = c.s.r[n];
    u32 offset_addr = u ? base + off : base - off;
    u32 addr = p ? offset_addr : base;
    bool user = !p && w;  // LDRT/STRT/LDRBT/STRBT
    bool writeback = !p || w;
    if constexpr (Load) {
        u32 v;
        if constexpr (Byte) {
            if (!c.load<u8>(addr, &v, user)) return;
        } else {
            if (!c.check_align(addr, 3)) return;
            if (!c.load<u32>(addr & ~3u, &v, user)) return;
            v = ror32(v, (addr & 3) * 8);  // ARMv5 unaligned LDR rotates the word
        }
        if (writeback) c.s.r[n] = offset_addr;
        if (d == 15) {
            c.write_pc_interworking(v);  // ARMv5T: bit 0 selects Thumb
        } else {
            c.s.r[d] = v;
        }
    } else {
        u32 v = d == 15 ? c.s.r[15] + 4 : c.s.r[d];  // ARM9 stores PC + 12
        if constexpr (Byte) {
            if (!c.store<u8>(addr, v, user)) return;
        } else {
            if (!c.check_align(addr, 3)) return;
            if (!c.store<u32>(addr & ~3u, v, user)) return;
        }
        if (writeback) c.s.r[n] = offset_addr;
    }
}

// Addressing mode 3 (halfword, signed byte, doubleword).
struct Mode3 {
    u32 addr, offset_addr;
    bool writeback;
};

inline Mode3 mode3(ArmCpu& c, u32 insn) {
    u32 off = (insn & (1u << 22)) ? (((insn >> 4) & 0xf0) | (insn & 0xf)) : c.s.r[insn & 15];
    u32 base = c.s.r[(insn >> 16) & 15];
    u32 offset_addr = (insn & (1u << 23)) ? base + off : base - off;
    bool p = insn & (1u << 24);
    return {p ? offset_addr : base, offset_addr, !p || (insn & (1u << 21))};
}

inline bool load16(ArmCpu& c, u32 addr, u32* v) {
    if (addr & 1) {
        if (!c.check_align(addr, 1)) return false;
        // Unaligned halfword with alignment checking off: UNPREDICTABLE; do
        // what QEMU does and read the two bytes.
        u32 lo, hi;
        if (!c.load<u8>(addr, &lo) || !c.load<u8>(addr + 1, &hi)) return false;
        *v = lo | (hi << 8);
        return true;
    }
    return c.load<u16>(addr, v);
}

inline void finish_load(ArmCpu& c, u32 insn, const Mode3& m, u32 v) {
    if (m.writeback) c.s.r[(insn >> 16) & 15] = m.offset_addr;
    unsigned d = (insn >> 12) & 15;
    if (d == 15) {
        c.write_pc_interworking(v);
    } else {
        c.s.r[d] = v;
    }
}

// LDRH <Rd>, <addressing_mode>
void arm_LDRH(ArmCpu& c, u32 insn) {
    Mode3 m = mode3(c, insn);
    u32 v;
    if (!load16(c, m.addr, &v)) return;
    finish_load(c, insn, m, v);
}

// LDRSH <Rd>, <addressing_mode>
void arm_LDRSH(ArmCpu& c, u32 insn) {
    Mode3 m = mode3(c, insn);
    u32 v;
    if (!load16(c, m.addr, &v)) return;
    finish_load(c, insn, m, u32(i32(i16(v))));
}

// LDRSB <Rd>, <addressing_mode>
void arm_LDRSB(ArmCpu& c, u32 insn) {
    Mode3 m = mode3(c, insn);
    u32 v;
    if (!c.load<u8>(m.addr, &v)) return;
    finish_load(c, insn, m, u32(i32(i8(v))));
}

// STRH <Rd>, <addressing_mode>
void arm_STRH(ArmCpu& c, u32 insn) {
    Mode3 m = mode3(c, insn);
    unsigned d = (insn >> 12) & 15;
    u32 v = d == 15 ? c.s.r[15] + 4 : c.s.r[d];
    if (m.addr & 1) {
        if (!c.check_align(m.addr, 1)) return;
        if (!c.store<u8>(m.addr, v) || !c.store<u8>(m.addr + 1, v >> 8)) return;
    } else if (!c.store<u16>(m.addr, v)) {
        return;
    }
    if (m.writeback) c.s.r[(insn >> 16) & 15] = m.offset_addr;
}

// LDRD <Rd>, <addressing_mode>: Rd must be even (odd is UNPREDICTABLE: undefined here).
void arm_LDRD(ArmCpu& c, u32 insn) {
    unsigned d = (insn >> 12) & 15;
    if (d & 1) {
        c.undefined();
        return;
    }
    Mode3 m = mode3(c, insn);
    if (!c.check_align(m.addr, 3)) return;
    u32 a = m.addr & ~3u, lo, hi;
    if (!c.load<u32>(a, &lo) || !c.load<u32>(a + 4, &hi)) return;
    if (m.writeback) c.s.r[(insn >> 16) & 15] = m.offset_addr;
    c.s.r[d] = lo;
    if (d + 1 == 15) {
        c.write_pc_interworking(hi);
    } else {
        c.s.r[d + 1] = hi;
    }
}

// STRD <Rd>, <addressing_mode>
void arm_STRD(ArmCpu& c, u32 insn) {
    unsigned d = (insn >> 12) & 15;
    if (d & 1) {
        c.undefined();
        return;
    }
    Mode3 m = mode3(c, insn);
    if (!c.check_align(m.addr, 3)) return;
    u32 a = m.addr & ~3u;
    u32 hi = d + 1 == 15 ? c.s.r[15] + 4 : c.s.r[d + 1];
    if (!c.store<u32>(a, c.s.r[d]) || !c.store<u32>(a + 4, hi)) return;
    if (m.writeback) c.s.r[(insn >> 16) & 15] = m.offset_addr;
}

// SWP{B} <Rd>, <Rm>, [<Rn>]
void arm_SWP(ArmCpu& c, u32 insn) {
    u32 addr = c.s.r[(insn >> 16) & 15];
    u32 src = c.s.r[insn & 15];
    u32 v;
    if (insn & (1u << 22)) {
        if (!c.load<u8>(addr, &v) || !c.store<u8>(addr, src)) return;
    } else {
        if (!c.check_align(addr, 3)) return;
        if (!c.load<u32>(addr & ~3u, &v) || !c.store<u32>(addr & ~3u, src)) return;
        v = ror32(v, (addr & 3) * 8);
    }
    c.s.r[(insn >> 12) & 15] = v;
}

inline u32 block_start(u32 insn, u32 base, unsigned count) {
    switch ((insn >> 23) & 3) {
        case 0: return base - 4 * count + 4;  // DA
        case 1: return base;                  // IA
        case 2: return base - 4 * count;      // DB
        default: return base + 4;             // IB
    }
}

// LDM<mode> <Rn>{!}, <registers>{^}
void arm_LDM(ArmCpu& c, u32 insn) {
    unsigned n = (insn >> 16) & 15;
    u32 list = insn & 0xffff;
    unsigned count = unsigned(std::popcount(list));
    u32 base = c.s.r[n];
    u32 addr = block_start(insn, base, count);
    u32 new_base = (insn & (1u << 23)) ? base + 4 * count : base - 4 * count;
    if (!c.check_align(addr, 3)) return;
    addr &= ~3u;
    // Load everything first: an abort must leave every register (and the base)
    // untouched so the instruction can be restarted.
    u32 vals[16];
    for (u32 l = list; l; l &= l - 1) {
        unsigned i = unsigned(std::countr_zero(l));
        if (!c.load<u32>(addr, &vals[i])) return;
        addr += 4;
    }
    if (insn & (1u << 21)) c.s.r[n] = new_base;  // a loaded base wins
    bool s = insn & (1u << 22);
    bool user_bank = s && !(list & 0x8000);
    for (u32 l = list & 0x7fff; l; l &= l - 1) {
        unsigned i = unsigned(std::countr_zero(l));
        if (user_bank) {
            c.set_user_reg(i, vals[i]);
        } else {
            c.s.r[i] = vals[i];
        }
    }
    if (list & 0x8000) {
        if (s) {
            c.return_from_exception(vals[15]);
        } else {
            c.write_pc_interworking(vals[15]);
        }
    }
}

// STM<mode> <Rn>{!}, <registers>{^}
void arm_STM(ArmCpu& c, u32 insn) {
    unsigned n = (insn >> 16) & 15;
    u32 list = insn & 0xffff;
    unsigned count = unsigned(std::popcount(list));
    u32 base = c.s.r[n];
    u32 addr = block_start(insn, base, count);
    u32 new_base = (insn & (1u << 23)) ? base + 4 * count : base - 4 * count;
    bool writeback = insn & (1u << 21);
    bool user_bank = insn & (1u << 22);
    if (!c.check_align(addr, 3)) return;
    addr &= ~3u;
    bool first = true;
    for (u32 l = list; l; l &= l - 1) {
        unsigned i = unsigned(std::countr_zero(l));
        u32 v;
        if (i == 15) {
            v = c.s.r[15] + 4;
        } else if (user_bank) {
            v = c.user_reg(i);
        } else {
            v = c.s.r[i];
        }
        // The base in the list with writeback: the original value if it is the
        // first register stored, else the written-back value (ARM9 behaviour).
        if (i == n && writeback && !first) v = new_base;
        if (!c.store<u32>(addr, v)) return;
        addr += 4;
        first = false;
    }
    if (writeback) c.s.r[n] = new_base;
}

// ---- Table --------------------------------------------------------------------------

#define DP_ROWS(op, NAME, bits)                                                       \
    {"cccc001" bits "Snnnnddddrrrriiiiiiii", arm_dp<op, kImm>, NAME "_imm"},          \
        {"cccc000" bits "Snnnnddddiiiiitt0mmmm", arm_dp<op, kRegImm>, NAME "_reg"}, { \
        "cccc000" bits "Snnnnddddssss0tt1mmmm", arm_dp<op, kRegReg>, NAME "_rsr"      \
    }

const DecodeRow kArmRows[] = {
    // Multiplies, swaps and the extra load/stores live inside the data-processing
    // space (bit 7 and bit 4 set), so they come first.
    {"cccc0000000Sdddd0000ssss1001mmmm", arm_MUL, "MUL"},
    {"cccc0000001Sddddnnnnssss1001mmmm", arm_MUL, "MLA"},
    {"cccc00001UASddddllllssss1001mmmm", arm_MULL, "MULL"},
    {"cccc00010B00nnnndddd00001001mmmm", arm_SWP, "SWP"},
    {"cccc000xxxxxxxxxxxxxxxxx1001xxxx", arm_UNDEFINED, "UNDEF_mul_space"},
    {"cccc000PUIW0nnnnddddhhhh1011llll", arm_STRH, "STRH"},
    {"cccc000PUIW0nnnnddddhhhh1101llll", arm_LDRD, "LDRD"},
    {"cccc000PUIW0nnnnddddhhhh1111llll", arm_STRD, "STRD"},
    {"cccc000PUIW1nnnnddddhhhh1011llll", arm_LDRH, "LDRH"},
    {"cccc000PUIW1nnnnddddhhhh1101llll", arm_LDRSB, "LDRSB"},
    {"cccc000PUIW1nnnnddddhhhh1111llll", arm_LDRSH, "LDRSH"},
    // Miscellaneous instructions: the TST/TEQ/CMP/CMN encodings with S = 0.
    {"cccc00010R001111dddd000000000000", arm_MRS, "MRS"},
    {"cccc00010R10ffff111100000000mmmm", arm_MSR_reg, "MSR_reg"},
    {"cccc00110R10ffff1111rrrriiiiiiii", arm_MSR_imm, "MSR_imm"},
    {"cccc000100101111111111110001mmmm", arm_BX, "BX"},
    {"cccc000100101111111111110010mmmm", arm_BX, "BXJ"},
    {"cccc000100101111111111110011mmmm", arm_BLX_reg, "BLX_reg"},
    {"cccc000101101111dddd11110001mmmm", arm_CLZ, "CLZ"},
    {"cccc00010000nnnndddd00000101mmmm", arm_Q<false, false>, "QADD"},
    {"cccc00010010nnnndddd00000101mmmm", arm_Q<true, false>, "QSUB"},
    {"cccc00010100nnnndddd00000101mmmm", arm_Q<false, true>, "QDADD"},
    {"cccc00010110nnnndddd00000101mmmm", arm_Q<true, true>, "QDSUB"},
    {"cccc00010010iiiiiiiiiiii0111iiii", arm_BKPT, "BKPT"},
    {"cccc00010000ddddnnnnssss1yx0mmmm", arm_SMLAxy, "SMLAxy"},
    {"cccc00010010ddddnnnnssss1y00mmmm", arm_SMLAWy, "SMLAWy"},
    {"cccc00010010dddd0000ssss1y10mmmm", arm_SMULWy, "SMULWy"},
    {"cccc00010100hhhhllllssss1yx0mmmm", arm_SMLALxy, "SMLALxy"},
    {"cccc00010110dddd0000ssss1yx0mmmm", arm_SMULxy, "SMULxy"},
    {"cccc00010xx0xxxxxxxxxxxxxxxxxxxx", arm_UNDEFINED, "UNDEF_misc"},
    {"cccc00110x00xxxxxxxxxxxxxxxxxxxx", arm_UNDEFINED, "UNDEF_msr_imm"},
    // Data processing.
    DP_ROWS(0x0, "AND", "0000"),
    DP_ROWS(0x1, "EOR", "0001"),
    DP_ROWS(0x2, "SUB", "0010"),
    DP_ROWS(0x3, "RSB", "0011"),
    DP_ROWS(0x4, "ADD", "0100"),
    DP_ROWS(0x5, "ADC", "0101"),
    DP_ROWS(0x6, "SBC", "0110"),
    DP_ROWS(0x7, "RSC", "0111"),
    DP_ROWS(0x8, "TST", "1000"),
    DP_ROWS(0x9, "TEQ", "1001"),
    DP_ROWS(0xa, "CMP", "1010"),
    DP_ROWS(0xb, "CMN", "1011"),
    DP_ROWS(0xc, "ORR", "1100"),
    DP_ROWS(0xd, "MOV", "1101"),
    DP_ROWS(0xe, "BIC", "1110"),
    DP_ROWS(0xf, "MVN", "1111"),
    // Word and unsigned byte loads/stores.
    {"cccc011xxxxxxxxxxxxxxxxxxxx1xxxx", arm_UNDEFINED, "UNDEF_media"},
    {"cccc010PU0W0nnnnddddiiiiiiiiiiii", arm_LDR_STR<false, false, false>, "STR_imm"},
    {"cccc010PU0W1nnnnddddiiiiiiiiiiii", arm_LDR_STR<false, true, false>, "LDR_imm"},
    {"cccc010PU1W0nnnnddddiiiiiiiiiiii", arm_LDR_STR<false, false, true>, "STRB_imm"},
    {"cccc010PU1W1nnnnddddiiiiiiiiiiii", arm_LDR_STR<false, true, true>, "LDRB_imm"},
    {"cccc011PU0W0nnnnddddiiiiitt0mmmm", arm_LDR_STR<true, false, false>, "STR_reg"},
    {"cccc011PU0W1nnnnddddiiiiitt0mmmm", arm_LDR_STR<true, true, false>, "LDR_reg"},
    {"cccc011PU1W0nnnnddddiiiiitt0mmmm", arm_LDR_STR<true, false, true>, "STRB_reg"},
    {"cccc011PU1W1nnnnddddiiiiitt0mmmm", arm_LDR_STR<true, true, true>, "LDRB_reg"},
    {"cccc100PUSW0nnnnrrrrrrrrrrrrrrrr", arm_STM, "STM"},
    {"cccc100PUSW1nnnnrrrrrrrrrrrrrrrr", arm_LDM, "LDM"},
    {"cccc101Liiiiiiiiiiiiiiiiiiiiiiii", arm_B, "B"},
    {"cccc1100010Lnnnnddddppppoooommmm", arm_COPROC, "MCRR_MRRC"},
    {"cccc110PUNWLnnnnddddppppiiiiiiii", arm_COPROC, "LDC_STC"},
    {"cccc1110oooonnnnddddppppooo0mmmm", arm_COPROC, "CDP"},
    {"cccc1110oooLnnnnddddppppooo1mmmm", arm_COPROC, "MRC_MCR"},
    {"cccc1111iiiiiiiiiiiiiiiiiiiiiiii", arm_SWI, "SWI"},
};

}  // namespace

std::span<const DecodeRow> arm_rows() { return kArmRows; }

// The cond == 1111 space: BLX <target_address> and PLD; everything else
// (including CDP2/LDC2/MCR2, which no coprocessor here implements) is undefined.
void arm_unconditional(ArmCpu& c, u32 insn) {
    if ((insn & 0x0e000000) == 0x0a000000) {
        // BLX <target_address>: H (bit 24) adds a halfword.
        c.s.r[14] = c.s.cur + 4;
        c.s.cpsr |= kPsrT;
        c.s.pc = c.s.r[15] + u32(i32(insn << 8) >> 6) + ((insn >> 23) & 2);
        return;
    }
    if ((insn & 0x0d70f000) == 0x0550f000) return;  // PLD: a hint
    c.undefined();
}

}  // namespace bw::arm
