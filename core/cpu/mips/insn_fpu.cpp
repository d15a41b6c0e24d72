// MIPS32r2 FPU (CP1) instructions of the 24Kf: register moves, control registers, loads and
// stores (incl. COP1X indexed forms), S/D arithmetic, conversions (L formats need Status.FR=1,
// as QEMU checks), C.cond with eight condition codes, conditional moves, BC1F/BC1T(L), MADD
// family. Without an FPU (4Kc) or with Status.CU1 clear, every form raises Coprocessor Unusable
// with Cause.CE=1.
#include "core/cpu/mips/fpu_arith.h"
#include "core/cpu/mips/handlers.h"
#include "core/cpu/mips/mips_cpu.h"

namespace bw::mips {

bool MipsCpu::fpu_usable() {
    if (has_fpu() && (s.Status & ST_CU1)) return true;
    raise_cpu(1);
    return false;
}

bool MipsCpu::fp_update(u32 exc) {
    s.FCSR = (s.FCSR & ~FCSR_CAUSE) | (exc << 10);
    if (((s.FCSR & FCSR_ENABLES) >> 5) & exc) {
        raise(EXC_FPE);
        return false;
    }
    s.FCSR |= exc;
    return true;
}

void MipsCpu::write_fcsr(u32 v) {
    s.FCSR = (v & kFcsrWritableBits) | (s.FCSR & ~kFcsrWritableBits);
}

namespace {

inline u32& R(MipsCpu& c, unsigned n) { return c.s.gpr[n]; }
inline void W(MipsCpu& c, unsigned n, u32 v) {
    if (n) c.s.gpr[n] = v;
}

inline bool fcc(MipsCpu& c, unsigned cc) { return (c.s.FCSR >> (cc ? 24 + cc : 23)) & 1; }
inline void set_fcc(MipsCpu& c, unsigned cc, bool v) {
    u32 bit = 1u << (cc ? 24 + cc : 23);
    c.s.FCSR = v ? (c.s.FCSR | bit) : (c.s.FCSR & ~bit);
}

// With Status.FR=0 a double names an even register pair: odd numbers are Reserved Instruction.
bool regs_ok(MipsCpu& c, unsigned regs) {
    if (!(c.s.Status & ST_FR) && (regs & 1)) {
        c.raise(EXC_RI);
        return false;
    }
    return true;
}
// L formats and 64-bit-only forms need Status.FR=1 (QEMU check_cp1_64bitmode).
bool fr64(MipsCpu& c) {
    if (c.s.Status & ST_FR) return true;
    c.raise(EXC_RI);
    return false;
}

// The FCSR fields an operation reads: RM and FS.
inline fp::Status fst(MipsCpu& c) { return fp::Status{c.s.FCSR & 3, (c.s.FCSR & FCSR_FS) != 0, 0}; }

using Bin32 = u32 (*)(u32, u32, fp::Status&);
using Bin64 = u64 (*)(u64, u64, fp::Status&);

void arith2(MipsCpu& c, u32 i, Bin32 f32, Bin64 f64) {
    if (!c.fpu_usable()) return;
    const unsigned ft = f_ft(i), fs = f_fs(i), fd = f_fd(i);
    fp::Status st = fst(c);
    if (f_fmt(i) == FMT_S) {
        u32 r = f32(c.fpr32(fs), c.fpr32(ft), st);
        if (c.fp_update(st.exc)) c.set_fpr32(fd, r);
    } else {
        if (!regs_ok(c, fs | ft | fd)) return;
        u64 r = f64(c.fpr64(fs), c.fpr64(ft), st);
        if (c.fp_update(st.exc)) c.set_fpr64(fd, r);
    }
}

enum class Un { Sqrt, Recip, Rsqrt };
void arith1(MipsCpu& c, u32 i, Un op) {
    if (!c.fpu_usable()) return;
    const unsigned fs = f_fs(i), fd = f_fd(i);
    fp::Status st = fst(c);
    if (f_fmt(i) == FMT_S) {
        u32 a = c.fpr32(fs), r;
        switch (op) {
            case Un::Sqrt: r = fp::sqrt32(a, st); break;
            case Un::Recip: r = fp::div32(0x3f800000, a, st); break;
            default: r = fp::div32(0x3f800000, fp::sqrt32(a, st), st); break;
        }
        if (c.fp_update(st.exc)) c.set_fpr32(fd, r);
    } else {
        if (!regs_ok(c, fs | fd)) return;
        u64 a = c.fpr64(fs), r;
        const u64 one = 0x3ff0000000000000ull;
        switch (op) {
            case Un::Sqrt: r = fp::sqrt64(a, st); break;
            case Un::Recip: r = fp::div64(one, a, st); break;
            default: r = fp::div64(one, fp::sqrt64(a, st), st); break;
        }
        if (c.fp_update(st.exc)) c.set_fpr64(fd, r);
    }
}

// Pure bit operations (MOV, ABS, NEG): no FCSR update, as QEMU's legacy (non-2008) model.
void bitop(MipsCpu& c, u32 i, u64 and64, u64 xor64) {
    if (!c.fpu_usable()) return;
    const unsigned fs = f_fs(i), fd = f_fd(i);
    if (f_fmt(i) == FMT_S) {
        c.set_fpr32(fd, (c.fpr32(fs) & u32(and64 >> 32)) ^ u32(xor64 >> 32));
    } else {
        if (!regs_ok(c, fs | fd)) return;
        c.set_fpr64(fd, (c.fpr64(fs) & and64) ^ xor64);
    }
}

// ROUND/TRUNC/CEIL/FLOOR/CVT to W (word) or L (long).
void to_int(MipsCpu& c, u32 i, unsigned rm, bool to_long) {
    if (!c.fpu_usable()) return;
    if (to_long && !fr64(c)) return;
    const unsigned fs = f_fs(i), fd = f_fd(i);
    fp::Status st = fst(c);
    const bool single = f_fmt(i) == FMT_S;
    if (!single && !regs_ok(c, fs)) return;
    if (to_long) {
        u64 r = single ? fp::f32_to_i64(c.fpr32(fs), rm, st) : fp::f64_to_i64(c.fpr64(fs), rm, st);
        if (c.fp_update(st.exc)) c.set_fpr64(fd, r);
    } else {
        u32 r = single ? fp::f32_to_i32(c.fpr32(fs), rm, st) : fp::f64_to_i32(c.fpr64(fs), rm, st);
        if (c.fp_update(st.exc)) c.set_fpr32(fd, r);
    }
}

// Conditional moves: copy fs to fd (in the instruction's format) when |cond|. QEMU checks no
// register numbers here: with FR=0 an odd number names its even pair, as fpr64 does.
void cmove(MipsCpu& c, u32 i, bool cond) {
    const unsigned fs = f_fs(i), fd = f_fd(i);
    if (f_fmt(i) == FMT_S) {
        if (cond) c.set_fpr32(fd, c.fpr32(fs));
    } else {
        if (cond) c.set_fpr64(fd, c.fpr64(fs));
    }
}

enum class Fma { Madd, Msub, Nmadd, Nmsub };
void fma(MipsCpu& c, u32 i, Fma op) {
    if (!c.fpu_usable()) return;
    const unsigned fr = f_fr(i), ft = f_ft(i), fs = f_fs(i), fd = f_fd(i);
    fp::Status st = fst(c);
    // Two roundings, as QEMU's non-fused helpers.
    if ((i & 7) == 0) {
        u32 p = fp::mul32(c.fpr32(fs), c.fpr32(ft), st);
        u32 r = (op == Fma::Madd || op == Fma::Nmadd) ? fp::add32(p, c.fpr32(fr), st)
                                                      : fp::sub32(p, c.fpr32(fr), st);
        if (op == Fma::Nmadd || op == Fma::Nmsub) r ^= 0x80000000u;
        if (c.fp_update(st.exc)) c.set_fpr32(fd, r);
    } else {
        if (!regs_ok(c, fr | ft | fs | fd)) return;
        u64 p = fp::mul64(c.fpr64(fs), c.fpr64(ft), st);
        u64 r = (op == Fma::Madd || op == Fma::Nmadd) ? fp::add64(p, c.fpr64(fr), st)
                                                      : fp::sub64(p, c.fpr64(fr), st);
        if (op == Fma::Nmadd || op == Fma::Nmsub) r ^= 0x8000000000000000ull;
        if (c.fp_update(st.exc)) c.set_fpr64(fd, r);
    }
}

bool load64(MipsCpu& c, u32 va, u64* v) {
    if (va & 7) {
        c.raise_address_error(va, false);
        return false;
    }
    u32 w0, w1;
    if (!c.load32(va, &w0) || !c.load32(va + 4, &w1)) return false;
    *v = c.config().big_endian ? (u64(w0) << 32) | w1 : (u64(w1) << 32) | w0;
    return true;
}

bool store64(MipsCpu& c, u32 va, u64 v) {
    if (va & 7) {
        c.raise_address_error(va, true);
        return false;
    }
    u32 first = c.config().big_endian ? u32(v >> 32) : u32(v);
    u32 second = c.config().big_endian ? u32(v) : u32(v >> 32);
    // Check the second word's translation first so a fault leaves memory untouched.
    u32 pa;
    if (!c.translate(va + 4, MipsCpu::Access::Store, &pa)) return false;
    return c.store32(va, first) && c.store32(va + 4, second);
}

}  // namespace

// MOVF rd, rs, cc / MOVT rd, rs, cc
void mips_MOVCI(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    if (fcc(c, (i >> 18) & 7) == bool(i & (1u << 16))) W(c, f_rd(i), R(c, f_rs(i)));
}

// LWC1 ft, offset(base)
void mips_LWC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    u32 v;
    if (c.load32(R(c, f_rs(i)) + f_simm(i), &v)) c.set_fpr32(f_ft(i), v);
}
// LDC1 ft, offset(base)
void mips_LDC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    u64 v;
    if (load64(c, R(c, f_rs(i)) + f_simm(i), &v)) c.set_fpr64(f_ft(i), v);
}
// SWC1 ft, offset(base)
void mips_SWC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    c.store32(R(c, f_rs(i)) + f_simm(i), c.fpr32(f_ft(i)));
}
// SDC1 ft, offset(base)
void mips_SDC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    store64(c, R(c, f_rs(i)) + f_simm(i), c.fpr64(f_ft(i)));
}
// LWXC1 fd, index(base)
void mips_LWXC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    u32 v;
    if (c.load32(R(c, f_rs(i)) + R(c, f_rt(i)), &v)) c.set_fpr32(f_fd(i), v);
}
// LDXC1 fd, index(base)
void mips_LDXC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    u64 v;
    if (load64(c, R(c, f_rs(i)) + R(c, f_rt(i)), &v)) c.set_fpr64(f_fd(i), v);
}
// LUXC1 fd, index(base): the address is rounded down to 8 bytes.
void mips_LUXC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable() || !fr64(c)) return;
    u64 v;
    if (load64(c, (R(c, f_rs(i)) + R(c, f_rt(i))) & ~7u, &v)) c.set_fpr64(f_fd(i), v);
}
// SWXC1 fs, index(base)
void mips_SWXC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    c.store32(R(c, f_rs(i)) + R(c, f_rt(i)), c.fpr32(f_fs(i)));
}
// SDXC1 fs, index(base)
void mips_SDXC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    store64(c, R(c, f_rs(i)) + R(c, f_rt(i)), c.fpr64(f_fs(i)));
}
// SUXC1 fs, index(base)
void mips_SUXC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable() || !fr64(c)) return;
    store64(c, (R(c, f_rs(i)) + R(c, f_rt(i))) & ~7u, c.fpr64(f_fs(i)));
}
// PREFX hint, index(base)
void mips_PREFX(MipsCpu& c, u32) { c.fpu_usable(); }

// MFC1 rt, fs
void mips_MFC1(MipsCpu& c, u32 i) {
    if (c.fpu_usable()) W(c, f_rt(i), c.fpr32(f_fs(i)));
}
// MTC1 rt, fs
void mips_MTC1(MipsCpu& c, u32 i) {
    if (c.fpu_usable()) c.set_fpr32(f_fs(i), R(c, f_rt(i)));
}
// MFHC1 rt, fs. QEMU checks no register number: with FR=0 the high half of fs is register
// fs | 1, also for an odd fs (which the architecture leaves unpredictable), as fpr64 reads it.
void mips_MFHC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    W(c, f_rt(i), u32(c.fpr64(f_fs(i)) >> 32));
}
// MTHC1 rt, fs. As MFHC1: with FR=0 it writes register fs | 1 whatever fs.
void mips_MTHC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    u64 v = c.fpr64(f_fs(i));
    c.set_fpr64(f_fs(i), (u64(R(c, f_rt(i))) << 32) | u32(v));
}

// CFC1 rt, fs: FIR (0), FCCR (25), FEXR (26), FENR (28), FCSR (31; also any other number, as
// QEMU). UFR (1) and UFE (5) read 0: the 24Kf's FIR has neither UFRP nor FREP.
void mips_CFC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    const u32 f = c.s.FCSR;
    u32 v;
    switch (f_fs(i)) {
        case 0: v = c.s.FIR; break;
        case 1:
        case 5: v = 0; break;
        case 25: v = ((f >> 24) & 0xfe) | ((f >> 23) & 1); break;
        case 26: v = f & 0x0003f07c; break;
        case 28: v = (f & 0x00000f83) | ((f >> 22) & 4); break;
        default: v = f; break;
    }
    W(c, f_rt(i), v);
}

// CTC1 rt, fs. Writing a Cause bit whose Enable is set (or Cause.E) raises the Floating Point
// exception at once, as QEMU does. FEXR and FENR writes take their fields and ignore the other
// bits, except that a value with any of bits 22..18 set is dropped (QEMU's helper_ctc1).
void mips_CTC1(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    const u32 v = R(c, f_rt(i));
    u32 f = c.s.FCSR;
    switch (f_fs(i)) {
        case 25:
            if (v & 0xffffff00) return;
            f = (f & 0x017fffff) | ((v & 0xfe) << 24) | ((v & 1) << 23);
            break;
        case 26:
            if (v & 0x007c0000) return;
            f = (f & 0xfffc0f83) | (v & 0x0003f07c);
            break;
        case 28:
            if (v & 0x007c0000) return;
            f = (f & 0xfefff07c) | (v & 0x00000f83) | ((v & 4) << 22);
            break;
        case 31: f = v; break;
        default: return;
    }
    c.write_fcsr(f);
    const u32 cause = (c.s.FCSR >> 12) & 0x3f;
    const u32 enables = ((c.s.FCSR >> 7) & 0x1f) | 0x20;
    if (cause & enables) c.raise(EXC_FPE);
}

// BC1F cc, offset
void mips_BC1F(MipsCpu& c, u32 i) {
    if (c.fpu_usable()) c.branch(!fcc(c, (i >> 18) & 7), c.s.pc + 4 + (f_simm(i) << 2));
}
// BC1T cc, offset
void mips_BC1T(MipsCpu& c, u32 i) {
    if (c.fpu_usable()) c.branch(fcc(c, (i >> 18) & 7), c.s.pc + 4 + (f_simm(i) << 2));
}
// BC1FL cc, offset
void mips_BC1FL(MipsCpu& c, u32 i) {
    if (c.fpu_usable()) c.branch_likely(!fcc(c, (i >> 18) & 7), c.s.pc + 4 + (f_simm(i) << 2));
}
// BC1TL cc, offset
void mips_BC1TL(MipsCpu& c, u32 i) {
    if (c.fpu_usable()) c.branch_likely(fcc(c, (i >> 18) & 7), c.s.pc + 4 + (f_simm(i) << 2));
}

// ADD.fmt fd, fs, ft
void mips_ADD_fmt(MipsCpu& c, u32 i) { arith2(c, i, fp::add32, fp::add64); }
// SUB.fmt fd, fs, ft
void mips_SUB_fmt(MipsCpu& c, u32 i) { arith2(c, i, fp::sub32, fp::sub64); }
// MUL.fmt fd, fs, ft
void mips_MUL_fmt(MipsCpu& c, u32 i) { arith2(c, i, fp::mul32, fp::mul64); }
// DIV.fmt fd, fs, ft
void mips_DIV_fmt(MipsCpu& c, u32 i) { arith2(c, i, fp::div32, fp::div64); }
// SQRT.fmt fd, fs
void mips_SQRT_fmt(MipsCpu& c, u32 i) { arith1(c, i, Un::Sqrt); }
// RECIP.fmt fd, fs
void mips_RECIP_fmt(MipsCpu& c, u32 i) { arith1(c, i, Un::Recip); }
// RSQRT.fmt fd, fs
void mips_RSQRT_fmt(MipsCpu& c, u32 i) { arith1(c, i, Un::Rsqrt); }
// ABS.fmt fd, fs
void mips_ABS_fmt(MipsCpu& c, u32 i) {
    bitop(c, i, f_fmt(i) == FMT_S ? 0x7fffffff00000000ull : 0x7fffffffffffffffull, 0);
}
// NEG.fmt fd, fs
void mips_NEG_fmt(MipsCpu& c, u32 i) {
    bitop(c, i, ~0ull, 0x8000000000000000ull);  // the sign of S or D
}
// MOV.fmt fd, fs
void mips_MOV_fmt(MipsCpu& c, u32 i) { bitop(c, i, ~0ull, 0); }

// ROUND.L.fmt fd, fs
void mips_ROUND_L_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundNearest, true); }
// TRUNC.L.fmt fd, fs
void mips_TRUNC_L_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundZero, true); }
// CEIL.L.fmt fd, fs
void mips_CEIL_L_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundPlusInf, true); }
// FLOOR.L.fmt fd, fs
void mips_FLOOR_L_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundMinusInf, true); }
// ROUND.W.fmt fd, fs
void mips_ROUND_W_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundNearest, false); }
// TRUNC.W.fmt fd, fs
void mips_TRUNC_W_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundZero, false); }
// CEIL.W.fmt fd, fs
void mips_CEIL_W_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundPlusInf, false); }
// FLOOR.W.fmt fd, fs
void mips_FLOOR_W_fmt(MipsCpu& c, u32 i) { to_int(c, i, fp::kRoundMinusInf, false); }
// CVT.W.fmt fd, fs
void mips_CVT_W_fmt(MipsCpu& c, u32 i) { to_int(c, i, c.s.FCSR & 3, false); }
// CVT.L.fmt fd, fs
void mips_CVT_L_fmt(MipsCpu& c, u32 i) { to_int(c, i, c.s.FCSR & 3, true); }

// CVT.S.fmt fd, fs (fmt = D, W, L)
void mips_CVT_S_fmt(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    const unsigned fs = f_fs(i), fd = f_fd(i);
    fp::Status st = fst(c);
    u32 r;
    switch (f_fmt(i)) {
        case FMT_D:
            if (!regs_ok(c, fs)) return;
            r = fp::f64_to_f32(c.fpr64(fs), st);
            break;
        case FMT_W: r = fp::i32_to_f32(c.fpr32(fs), st); break;
        default:
            if (!fr64(c)) return;
            r = fp::i64_to_f32(c.fpr64(fs), st);
            break;
    }
    if (c.fp_update(st.exc)) c.set_fpr32(fd, r);
}

// CVT.D.fmt fd, fs (fmt = S, W, L)
void mips_CVT_D_fmt(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    const unsigned fs = f_fs(i), fd = f_fd(i);
    fp::Status st = fst(c);
    u64 r;
    switch (f_fmt(i)) {
        case FMT_S:
            if (!regs_ok(c, fd)) return;
            r = fp::f32_to_f64(c.fpr32(fs), st);
            break;
        case FMT_W:
            if (!regs_ok(c, fd)) return;
            r = fp::i32_to_f64(c.fpr32(fs), st);
            break;
        default:
            if (!fr64(c)) return;
            r = fp::i64_to_f64(c.fpr64(fs), st);
            break;
    }
    if (c.fp_update(st.exc)) c.set_fpr64(fd, r);
}

// MOVF.fmt fd, fs, cc / MOVT.fmt fd, fs, cc
void mips_MOVCF_fmt(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    cmove(c, i, fcc(c, (i >> 18) & 7) == bool(i & (1u << 16)));
}
// MOVZ.fmt fd, fs, rt
void mips_MOVZ_fmt(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    cmove(c, i, R(c, f_rt(i)) == 0);
}
// MOVN.fmt fd, fs, rt
void mips_MOVN_fmt(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    cmove(c, i, R(c, f_rt(i)) != 0);
}

// C.cond.fmt cc, fs, ft
void mips_C_cond_fmt(MipsCpu& c, u32 i) {
    if (!c.fpu_usable()) return;
    const unsigned ft = f_ft(i), fs = f_fs(i), cc = (i >> 8) & 7, cond = i & 15;
    fp::Status st = fst(c);
    bool r;
    if (f_fmt(i) == FMT_S) {
        r = fp::compare32(c.fpr32(fs), c.fpr32(ft), cond, st);
    } else {
        if (!regs_ok(c, fs | ft)) return;
        r = fp::compare64(c.fpr64(fs), c.fpr64(ft), cond, st);
    }
    if (c.fp_update(st.exc)) set_fcc(c, cc, r);
}

// MADD.fmt fd, fr, fs, ft
void mips_MADD_fmt(MipsCpu& c, u32 i) { fma(c, i, Fma::Madd); }
// MSUB.fmt fd, fr, fs, ft
void mips_MSUB_fmt(MipsCpu& c, u32 i) { fma(c, i, Fma::Msub); }
// NMADD.fmt fd, fr, fs, ft
void mips_NMADD_fmt(MipsCpu& c, u32 i) { fma(c, i, Fma::Nmadd); }
// NMSUB.fmt fd, fr, fs, ft
void mips_NMSUB_fmt(MipsCpu& c, u32 i) { fma(c, i, Fma::Nmsub); }

}  // namespace bw::mips
