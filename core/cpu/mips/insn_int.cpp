// MIPS32r2 integer instructions: ALU, shifts, multiply/divide, branches and jumps, traps,
// loads and stores (incl. LWL/LWR/SWL/SWR and LL/SC), SPECIAL3 bit-field operations, RDHWR.
#include <bit>

#include "core/cpu/mips/handlers.h"
#include "core/cpu/mips/mips_cpu.h"

namespace bw::mips {
namespace {

inline u32& R(MipsCpu& c, unsigned n) { return c.s.gpr[n]; }
// Writes to $zero are dropped.
inline void W(MipsCpu& c, unsigned n, u32 v) {
    if (n) c.s.gpr[n] = v;
}
inline u32 branch_target(MipsCpu& c, u32 insn) { return c.s.pc + 4 + (f_simm(insn) << 2); }
inline void trap_if(MipsCpu& c, bool cond) {
    if (cond) c.raise(EXC_Tr);
}

}  // namespace

// ---- Shifts and moves -----------------------------------------------------------------------

// NOP / SSNOP / EHB
void mips_NOP(MipsCpu&, u32) {}

// SLL rd, rt, sa
void mips_SLL(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rt(i)) << f_sa(i)); }

// SRL rd, rt, sa
void mips_SRL(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rt(i)) >> f_sa(i)); }

// ROTR rd, rt, sa
void mips_ROTR(MipsCpu& c, u32 i) { W(c, f_rd(i), std::rotr(R(c, f_rt(i)), int(f_sa(i)))); }

// SRA rd, rt, sa
void mips_SRA(MipsCpu& c, u32 i) { W(c, f_rd(i), u32(i32(R(c, f_rt(i))) >> f_sa(i))); }

// SLLV rd, rt, rs
void mips_SLLV(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rt(i)) << (R(c, f_rs(i)) & 31)); }

// SRLV rd, rt, rs
void mips_SRLV(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rt(i)) >> (R(c, f_rs(i)) & 31)); }

// ROTRV rd, rt, rs
void mips_ROTRV(MipsCpu& c, u32 i) {
    W(c, f_rd(i), std::rotr(R(c, f_rt(i)), int(R(c, f_rs(i)) & 31)));
}

// SRAV rd, rt, rs
void mips_SRAV(MipsCpu& c, u32 i) {
    W(c, f_rd(i), u32(i32(R(c, f_rt(i))) >> (R(c, f_rs(i)) & 31)));
}

// MOVZ rd, rs, rt
void mips_MOVZ(MipsCpu& c, u32 i) {
    if (R(c, f_rt(i)) == 0) W(c, f_rd(i), R(c, f_rs(i)));
}

// MOVN rd, rs, rt
void mips_MOVN(MipsCpu& c, u32 i) {
    if (R(c, f_rt(i)) != 0) W(c, f_rd(i), R(c, f_rs(i)));
}

// ---- Jumps and branches ---------------------------------------------------------------------

// JR rs (JR.HB rs)
void mips_JR(MipsCpu& c, u32 i) { c.branch(true, R(c, f_rs(i))); }

// JALR rd, rs (JALR.HB rd, rs)
void mips_JALR(MipsCpu& c, u32 i) {
    u32 target = R(c, f_rs(i));
    W(c, f_rd(i), c.s.pc + 8);
    c.branch(true, target);
}

// J target
void mips_J(MipsCpu& c, u32 i) {
    c.branch(true, ((c.s.pc + 4) & 0xf0000000) | ((i & 0x3ffffff) << 2));
}

// JAL target
void mips_JAL(MipsCpu& c, u32 i) {
    c.s.gpr[31] = c.s.pc + 8;
    c.branch(true, ((c.s.pc + 4) & 0xf0000000) | ((i & 0x3ffffff) << 2));
}

// BEQ rs, rt, offset
void mips_BEQ(MipsCpu& c, u32 i) { c.branch(R(c, f_rs(i)) == R(c, f_rt(i)), branch_target(c, i)); }

// BNE rs, rt, offset
void mips_BNE(MipsCpu& c, u32 i) { c.branch(R(c, f_rs(i)) != R(c, f_rt(i)), branch_target(c, i)); }

// BLEZ rs, offset
void mips_BLEZ(MipsCpu& c, u32 i) { c.branch(i32(R(c, f_rs(i))) <= 0, branch_target(c, i)); }

// BGTZ rs, offset
void mips_BGTZ(MipsCpu& c, u32 i) { c.branch(i32(R(c, f_rs(i))) > 0, branch_target(c, i)); }

// BLTZ rs, offset
void mips_BLTZ(MipsCpu& c, u32 i) { c.branch(i32(R(c, f_rs(i))) < 0, branch_target(c, i)); }

// BGEZ rs, offset
void mips_BGEZ(MipsCpu& c, u32 i) { c.branch(i32(R(c, f_rs(i))) >= 0, branch_target(c, i)); }

// BLTZAL rs, offset
void mips_BLTZAL(MipsCpu& c, u32 i) {
    bool taken = i32(R(c, f_rs(i))) < 0;
    c.s.gpr[31] = c.s.pc + 8;
    c.branch(taken, branch_target(c, i));
}

// BGEZAL rs, offset (BAL offset)
void mips_BGEZAL(MipsCpu& c, u32 i) {
    bool taken = i32(R(c, f_rs(i))) >= 0;
    c.s.gpr[31] = c.s.pc + 8;
    c.branch(taken, branch_target(c, i));
}

// BEQL rs, rt, offset
void mips_BEQL(MipsCpu& c, u32 i) {
    c.branch_likely(R(c, f_rs(i)) == R(c, f_rt(i)), branch_target(c, i));
}

// BNEL rs, rt, offset
void mips_BNEL(MipsCpu& c, u32 i) {
    c.branch_likely(R(c, f_rs(i)) != R(c, f_rt(i)), branch_target(c, i));
}

// BLEZL rs, offset
void mips_BLEZL(MipsCpu& c, u32 i) {
    c.branch_likely(i32(R(c, f_rs(i))) <= 0, branch_target(c, i));
}

// BGTZL rs, offset
void mips_BGTZL(MipsCpu& c, u32 i) { c.branch_likely(i32(R(c, f_rs(i))) > 0, branch_target(c, i)); }

// BLTZL rs, offset
void mips_BLTZL(MipsCpu& c, u32 i) { c.branch_likely(i32(R(c, f_rs(i))) < 0, branch_target(c, i)); }

// BGEZL rs, offset
void mips_BGEZL(MipsCpu& c, u32 i) {
    c.branch_likely(i32(R(c, f_rs(i))) >= 0, branch_target(c, i));
}

// BLTZALL rs, offset
void mips_BLTZALL(MipsCpu& c, u32 i) {
    bool taken = i32(R(c, f_rs(i))) < 0;
    c.s.gpr[31] = c.s.pc + 8;
    c.branch_likely(taken, branch_target(c, i));
}

// BGEZALL rs, offset
void mips_BGEZALL(MipsCpu& c, u32 i) {
    bool taken = i32(R(c, f_rs(i))) >= 0;
    c.s.gpr[31] = c.s.pc + 8;
    c.branch_likely(taken, branch_target(c, i));
}

// ---- System ---------------------------------------------------------------------------------

// SYSCALL code
void mips_SYSCALL(MipsCpu& c, u32) { c.raise(EXC_Sys); }

// BREAK code
void mips_BREAK(MipsCpu& c, u32) { c.raise(EXC_Bp); }

// SYNC stype: a single in-order CPU has nothing to order.
void mips_SYNC(MipsCpu&, u32) {}

// SYNCI offset(base): no instruction cache to synchronise.
void mips_SYNCI(MipsCpu&, u32) {}

// PREF hint, offset(base)
void mips_PREF(MipsCpu&, u32) {}

// CACHE op, offset(base): privileged; caches are not modelled.
void mips_CACHE(MipsCpu& c, u32) {
    if (!c.cp0_usable()) c.raise_cpu(0);
}

// COP2 / LWC2 / LDC2 / SWC2 / SDC2: there is no coprocessor 2.
void mips_COP2(MipsCpu& c, u32) { c.raise_cpu(2); }

// TGE rs, rt
void mips_TGE(MipsCpu& c, u32 i) { trap_if(c, i32(R(c, f_rs(i))) >= i32(R(c, f_rt(i)))); }
// TGEU rs, rt
void mips_TGEU(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) >= R(c, f_rt(i))); }
// TLT rs, rt
void mips_TLT(MipsCpu& c, u32 i) { trap_if(c, i32(R(c, f_rs(i))) < i32(R(c, f_rt(i)))); }
// TLTU rs, rt
void mips_TLTU(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) < R(c, f_rt(i))); }
// TEQ rs, rt
void mips_TEQ(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) == R(c, f_rt(i))); }
// TNE rs, rt
void mips_TNE(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) != R(c, f_rt(i))); }
// TGEI rs, immediate
void mips_TGEI(MipsCpu& c, u32 i) { trap_if(c, i32(R(c, f_rs(i))) >= i32(f_simm(i))); }
// TGEIU rs, immediate (sign-extended, compared unsigned)
void mips_TGEIU(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) >= f_simm(i)); }
// TLTI rs, immediate
void mips_TLTI(MipsCpu& c, u32 i) { trap_if(c, i32(R(c, f_rs(i))) < i32(f_simm(i))); }
// TLTIU rs, immediate
void mips_TLTIU(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) < f_simm(i)); }
// TEQI rs, immediate
void mips_TEQI(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) == f_simm(i)); }
// TNEI rs, immediate
void mips_TNEI(MipsCpu& c, u32 i) { trap_if(c, R(c, f_rs(i)) != f_simm(i)); }

// RDHWR rt, rd
void mips_RDHWR(MipsCpu& c, u32 i) {
    const unsigned rd = f_rd(i);
    u32 v;
    switch (rd) {
        case 0: v = c.s.EBase & 0x3ff; break;  // CPUNum
        case 1: v = 32; break;                 // SYNCI_Step
        case 2: v = c.count(); break;          // CC
        case 3: v = 2; break;                  // CCRes
        case 29:
            if (!c.config().userlocal) return c.raise(EXC_RI);
            v = c.s.UserLocal;
            break;
        default: return c.raise(EXC_RI);
    }
    if (!c.cp0_usable() && !(c.s.HWREna & (1u << rd))) return c.raise(EXC_RI);
    W(c, f_rt(i), v);
}

// ---- HI/LO, multiply and divide -------------------------------------------------------------

// MFHI rd
void mips_MFHI(MipsCpu& c, u32 i) { W(c, f_rd(i), c.s.hi); }
// MTHI rs
void mips_MTHI(MipsCpu& c, u32 i) { c.s.hi = R(c, f_rs(i)); }
// MFLO rd
void mips_MFLO(MipsCpu& c, u32 i) { W(c, f_rd(i), c.s.lo); }
// MTLO rs
void mips_MTLO(MipsCpu& c, u32 i) { c.s.lo = R(c, f_rs(i)); }

namespace {
inline u64 hilo(MipsCpu& c) { return (u64(c.s.hi) << 32) | c.s.lo; }
inline void set_hilo(MipsCpu& c, u64 v) {
    c.s.hi = u32(v >> 32);
    c.s.lo = u32(v);
}
inline i64 smul(MipsCpu& c, u32 i) { return i64(i32(R(c, f_rs(i)))) * i32(R(c, f_rt(i))); }
inline u64 umul(MipsCpu& c, u32 i) { return u64(R(c, f_rs(i))) * R(c, f_rt(i)); }
}  // namespace

// MULT rs, rt
void mips_MULT(MipsCpu& c, u32 i) { set_hilo(c, u64(smul(c, i))); }
// MULTU rs, rt
void mips_MULTU(MipsCpu& c, u32 i) { set_hilo(c, umul(c, i)); }
// MADD rs, rt
void mips_MADD(MipsCpu& c, u32 i) { set_hilo(c, hilo(c) + u64(smul(c, i))); }
// MADDU rs, rt
void mips_MADDU(MipsCpu& c, u32 i) { set_hilo(c, hilo(c) + umul(c, i)); }
// MSUB rs, rt
void mips_MSUB(MipsCpu& c, u32 i) { set_hilo(c, hilo(c) - u64(smul(c, i))); }
// MSUBU rs, rt
void mips_MSUBU(MipsCpu& c, u32 i) { set_hilo(c, hilo(c) - umul(c, i)); }
// MUL rd, rs, rt (HI/LO are left alone, as QEMU does)
void mips_MUL(MipsCpu& c, u32 i) { W(c, f_rd(i), u32(smul(c, i))); }

// DIV rs, rt. Division by zero does not trap; like QEMU the divisor then reads as 1
// (LO = rs, HI = 0), and so does INT_MIN / -1.
void mips_DIV(MipsCpu& c, u32 i) {
    i32 a = i32(R(c, f_rs(i))), b = i32(R(c, f_rt(i)));
    if (b == 0 || (a == INT32_MIN && b == -1)) b = 1;
    c.s.lo = u32(a / b);
    c.s.hi = u32(a % b);
}

// DIVU rs, rt (division by zero as DIV)
void mips_DIVU(MipsCpu& c, u32 i) {
    u32 a = R(c, f_rs(i)), b = R(c, f_rt(i));
    if (b == 0) b = 1;
    c.s.lo = a / b;
    c.s.hi = a % b;
}

// ---- ALU ------------------------------------------------------------------------------------

// ADD rd, rs, rt
void mips_ADD(MipsCpu& c, u32 i) {
    i32 r;
    if (__builtin_add_overflow(i32(R(c, f_rs(i))), i32(R(c, f_rt(i))), &r)) return c.raise(EXC_Ov);
    W(c, f_rd(i), u32(r));
}
// ADDU rd, rs, rt
void mips_ADDU(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rs(i)) + R(c, f_rt(i))); }
// SUB rd, rs, rt
void mips_SUB(MipsCpu& c, u32 i) {
    i32 r;
    if (__builtin_sub_overflow(i32(R(c, f_rs(i))), i32(R(c, f_rt(i))), &r)) return c.raise(EXC_Ov);
    W(c, f_rd(i), u32(r));
}
// SUBU rd, rs, rt
void mips_SUBU(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rs(i)) - R(c, f_rt(i))); }
// AND rd, rs, rt
void mips_AND(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rs(i)) & R(c, f_rt(i))); }
// OR rd, rs, rt
void mips_OR(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rs(i)) | R(c, f_rt(i))); }
// XOR rd, rs, rt
void mips_XOR(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rs(i)) ^ R(c, f_rt(i))); }
// NOR rd, rs, rt
void mips_NOR(MipsCpu& c, u32 i) { W(c, f_rd(i), ~(R(c, f_rs(i)) | R(c, f_rt(i)))); }
// SLT rd, rs, rt
void mips_SLT(MipsCpu& c, u32 i) { W(c, f_rd(i), i32(R(c, f_rs(i))) < i32(R(c, f_rt(i)))); }
// SLTU rd, rs, rt
void mips_SLTU(MipsCpu& c, u32 i) { W(c, f_rd(i), R(c, f_rs(i)) < R(c, f_rt(i))); }

// ADDI rt, rs, immediate
void mips_ADDI(MipsCpu& c, u32 i) {
    i32 r;
    if (__builtin_add_overflow(i32(R(c, f_rs(i))), i32(f_simm(i)), &r)) return c.raise(EXC_Ov);
    W(c, f_rt(i), u32(r));
}
// ADDIU rt, rs, immediate
void mips_ADDIU(MipsCpu& c, u32 i) { W(c, f_rt(i), R(c, f_rs(i)) + f_simm(i)); }
// SLTI rt, rs, immediate
void mips_SLTI(MipsCpu& c, u32 i) { W(c, f_rt(i), i32(R(c, f_rs(i))) < i32(f_simm(i))); }
// SLTIU rt, rs, immediate (sign-extended, compared unsigned)
void mips_SLTIU(MipsCpu& c, u32 i) { W(c, f_rt(i), R(c, f_rs(i)) < f_simm(i)); }
// ANDI rt, rs, immediate
void mips_ANDI(MipsCpu& c, u32 i) { W(c, f_rt(i), R(c, f_rs(i)) & f_uimm(i)); }
// ORI rt, rs, immediate
void mips_ORI(MipsCpu& c, u32 i) { W(c, f_rt(i), R(c, f_rs(i)) | f_uimm(i)); }
// XORI rt, rs, immediate
void mips_XORI(MipsCpu& c, u32 i) { W(c, f_rt(i), R(c, f_rs(i)) ^ f_uimm(i)); }
// LUI rt, immediate
void mips_LUI(MipsCpu& c, u32 i) { W(c, f_rt(i), f_uimm(i) << 16); }

// CLZ rd, rs
void mips_CLZ(MipsCpu& c, u32 i) { W(c, f_rd(i), u32(std::countl_zero(R(c, f_rs(i))))); }
// CLO rd, rs
void mips_CLO(MipsCpu& c, u32 i) { W(c, f_rd(i), u32(std::countl_one(R(c, f_rs(i))))); }

// EXT rt, rs, pos, size (msbd = size - 1 in bits 15..11, lsb = pos in bits 10..6)
void mips_EXT(MipsCpu& c, u32 i) {
    unsigned lsb = f_sa(i), msbd = f_rd(i);
    if (lsb + msbd > 31) return c.raise(EXC_RI);  // as QEMU
    u32 mask = msbd == 31 ? ~0u : (2u << msbd) - 1;
    W(c, f_rt(i), (R(c, f_rs(i)) >> lsb) & mask);
}

// INS rt, rs, pos, size (msb = pos + size - 1 in bits 15..11, lsb = pos in bits 10..6)
void mips_INS(MipsCpu& c, u32 i) {
    unsigned lsb = f_sa(i), msb = f_rd(i);
    if (lsb > msb) return c.raise(EXC_RI);  // as QEMU
    unsigned size = msb - lsb + 1;
    u32 mask = size == 32 ? ~0u : ((1u << size) - 1);
    u32 rt = R(c, f_rt(i));
    W(c, f_rt(i), (rt & ~(mask << lsb)) | ((R(c, f_rs(i)) & mask) << lsb));
}

// WSBH rd, rt
void mips_WSBH(MipsCpu& c, u32 i) {
    u32 v = R(c, f_rt(i));
    W(c, f_rd(i), ((v & 0x00ff00ff) << 8) | ((v >> 8) & 0x00ff00ff));
}
// SEB rd, rt
void mips_SEB(MipsCpu& c, u32 i) { W(c, f_rd(i), u32(i32(i8(R(c, f_rt(i)))))); }
// SEH rd, rt
void mips_SEH(MipsCpu& c, u32 i) { W(c, f_rd(i), u32(i32(i16(R(c, f_rt(i)))))); }

// ---- Loads and stores -----------------------------------------------------------------------

namespace {
inline u32 ea(MipsCpu& c, u32 i) { return R(c, f_rs(i)) + f_simm(i); }
// Byte position within the word as LWL/LWR/SWL/SWR count it (little-endian numbering).
inline unsigned lr_byte(MipsCpu& c, u32 va) {
    return c.config().big_endian ? 3 - (va & 3) : (va & 3);
}
}  // namespace

// LB rt, offset(base)
void mips_LB(MipsCpu& c, u32 i) {
    u32 v;
    if (c.load8(ea(c, i), &v)) W(c, f_rt(i), u32(i32(i8(v))));
}
// LBU rt, offset(base)
void mips_LBU(MipsCpu& c, u32 i) {
    u32 v;
    if (c.load8(ea(c, i), &v)) W(c, f_rt(i), v & 0xff);
}
// LH rt, offset(base)
void mips_LH(MipsCpu& c, u32 i) {
    u32 v;
    if (c.load16(ea(c, i), &v)) W(c, f_rt(i), u32(i32(i16(v))));
}
// LHU rt, offset(base)
void mips_LHU(MipsCpu& c, u32 i) {
    u32 v;
    if (c.load16(ea(c, i), &v)) W(c, f_rt(i), v & 0xffff);
}
// LW rt, offset(base)
void mips_LW(MipsCpu& c, u32 i) {
    u32 v;
    if (c.load32(ea(c, i), &v)) W(c, f_rt(i), v);
}
// SB rt, offset(base)
void mips_SB(MipsCpu& c, u32 i) { c.store8(ea(c, i), R(c, f_rt(i))); }
// SH rt, offset(base)
void mips_SH(MipsCpu& c, u32 i) { c.store16(ea(c, i), R(c, f_rt(i))); }
// SW rt, offset(base)
void mips_SW(MipsCpu& c, u32 i) { c.store32(ea(c, i), R(c, f_rt(i))); }

// LWL rt, offset(base): the most significant bytes of rt from the word containing the address.
void mips_LWL(MipsCpu& c, u32 i) {
    u32 va = ea(c, i), w;
    if (!c.load32(va & ~3u, &w)) return;
    unsigned b = lr_byte(c, va);
    u32 rt = R(c, f_rt(i));
    W(c, f_rt(i), (rt & (0x00ffffffu >> (b * 8))) | (w << ((3 - b) * 8)));
}

// LWR rt, offset(base): the least significant bytes of rt.
void mips_LWR(MipsCpu& c, u32 i) {
    u32 va = ea(c, i), w;
    if (!c.load32(va & ~3u, &w)) return;
    unsigned b = lr_byte(c, va);
    u32 rt = R(c, f_rt(i));
    u32 keep = b == 0 ? 0 : (0xffffff00u << ((3 - b) * 8));
    W(c, f_rt(i), (rt & keep) | (w >> (b * 8)));
}

// SWL rt, offset(base)
void mips_SWL(MipsCpu& c, u32 i) {
    u32 va = ea(c, i), pa;
    if (!c.translate(va, MipsCpu::Access::Store, &pa)) return;
    pa &= ~3u;
    unsigned b = lr_byte(c, va);
    u32 w = c.phys_read32(pa);
    u32 keep = b == 3 ? 0 : (0xffffff00u << (b * 8));
    c.phys_write32(pa, (w & keep) | (R(c, f_rt(i)) >> ((3 - b) * 8)));
}

// SWR rt, offset(base)
void mips_SWR(MipsCpu& c, u32 i) {
    u32 va = ea(c, i), pa;
    if (!c.translate(va, MipsCpu::Access::Store, &pa)) return;
    pa &= ~3u;
    unsigned b = lr_byte(c, va);
    u32 w = c.phys_read32(pa);
    u32 keep = b == 0 ? 0 : (0x00ffffffu >> ((3 - b) * 8));
    c.phys_write32(pa, (w & keep) | (R(c, f_rt(i)) << (b * 8)));
}

// LL rt, offset(base)
void mips_LL(MipsCpu& c, u32 i) {
    u32 va = ea(c, i), pa;
    if (va & 3) return c.raise_address_error(va, false);
    if (!c.translate(va, MipsCpu::Access::Load, &pa)) return;
    u32 v = c.phys_read32(pa);
    c.s.ll_paddr = pa;
    c.s.llbit = 1;
    W(c, f_rt(i), v);
}

// SC rt, offset(base): stores only while LLbit is set and the address matches LL's.
void mips_SC(MipsCpu& c, u32 i) {
    u32 va = ea(c, i), pa;
    if (va & 3) return c.raise_address_error(va, true);
    if (!c.s.llbit) {
        W(c, f_rt(i), 0);
        return;
    }
    if (!c.translate(va, MipsCpu::Access::Store, &pa)) return;
    bool ok = pa == c.s.ll_paddr;
    if (ok) c.phys_write32(pa, R(c, f_rt(i)));
    c.s.llbit = 0;
    W(c, f_rt(i), ok ? 1 : 0);
}

}  // namespace bw::mips
