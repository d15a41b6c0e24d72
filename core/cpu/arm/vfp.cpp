// VFPv2 (ARM926EJ-S VFP9-S) instruction decode and execution. Encodings follow the ARM
// Architecture Reference Manual (ARMv5 edition, part C); where the manual says UNPREDICTABLE we
// take QEMU 7.2's choice (target/arm/translate-vfp.c), which is mostly UNDEFINED.
// Arithmetic lives in vfp_arith.cpp.
#include "core/cpu/arm/vfp.h"

#include "core/cpu/arm/vfp_arith.h"

namespace bw::arm {
namespace {

using vfp::FpStatus;

constexpr unsigned bit(u32 insn, unsigned n) { return (insn >> n) & 1; }
constexpr unsigned field(u32 insn, unsigned lo, unsigned width) {
    return (insn >> lo) & ((1u << width) - 1);
}

// Register numbers as the encodings split them: Sx = Fx:X, Dx = X:Fx (X must be 0 on VFPv2).
constexpr unsigned sreg_d(u32 insn) { return field(insn, 12, 4) << 1 | bit(insn, 22); }
constexpr unsigned sreg_n(u32 insn) { return field(insn, 16, 4) << 1 | bit(insn, 7); }
constexpr unsigned sreg_m(u32 insn) { return field(insn, 0, 4) << 1 | bit(insn, 5); }
constexpr unsigned dreg_d(u32 insn) { return bit(insn, 22) << 4 | field(insn, 12, 4); }
constexpr unsigned dreg_n(u32 insn) { return bit(insn, 7) << 4 | field(insn, 16, 4); }
constexpr unsigned dreg_m(u32 insn) { return bit(insn, 5) << 4 | field(insn, 0, 4); }

template <typename T>
T get(const Vfp& v, unsigned r);
template <>
u32 get<u32>(const Vfp& v, unsigned r) {
    return v.state.s[r];
}
template <>
u64 get<u64>(const Vfp& v, unsigned r) {
    return v.d(r);
}
void put(Vfp& v, unsigned r, u32 x) { v.state.s[r] = x; }
void put(Vfp& v, unsigned r, u64 x) { v.set_d(r, x); }

// Short vectors: registers form banks of 8 singles or 4 doubles; the first bank is scalar.
// A vector operation steps Fd and Fn (and Fm unless Fm is in the scalar bank) by the stride,
// wrapping within the bank, LEN+1 times.
template <typename T>
constexpr unsigned kBankMask = sizeof(T) == 4 ? 7 : 3;

template <typename T>
unsigned advance(unsigned reg, unsigned delta) {
    return ((reg + delta) & kBankMask<T>) | (reg & ~kBankMask<T>);
}

struct VectorShape {
    unsigned len = 0;  // extra iterations
    unsigned delta_d = 0;
    unsigned delta_m = 0;
};

template <typename T>
VectorShape vector_shape(u32 fpscr, unsigned vd, unsigned vm) {
    VectorShape v;
    const unsigned len = field(fpscr, Vfp::FPSCR_LEN_SHIFT, 3);
    const unsigned stride = field(fpscr, Vfp::FPSCR_STRIDE_SHIFT, 2);
    if (len == 0 || (vd & ~kBankMask<T>) == 0) return v;
    v.len = len;
    // STRIDE 00 is a stride of 1 and 11 a stride of 2, counted in registers of the operation's
    // precision (01 and 10 are UNPREDICTABLE). QEMU 7.2 steps singles by STRIDE+1, i.e. 4 for
    // STRIDE 11; we follow the architecture.
    v.delta_d = (stride >> 1) + 1;
    v.delta_m = (vm & ~kBankMask<T>) == 0 ? 0 : v.delta_d;
    return v;
}

// fn(old_d, n, m) -> new d.
template <typename T, typename Fn>
void run_3op(Vfp& v, unsigned vd, unsigned vn, unsigned vm, Fn fn) {
    const VectorShape shape = vector_shape<T>(v.state.fpscr, vd, vm);
    for (unsigned i = 0;; i++) {
        put(v, vd, T(fn(get<T>(v, vd), get<T>(v, vn), get<T>(v, vm))));
        if (i == shape.len) break;
        vd = advance<T>(vd, shape.delta_d);
        vn = advance<T>(vn, shape.delta_d);
        vm = advance<T>(vm, shape.delta_m);
    }
}

// fn(m) -> new d.
template <typename T, typename Fn>
void run_2op(Vfp& v, unsigned vd, unsigned vm, Fn fn) {
    const VectorShape shape = vector_shape<T>(v.state.fpscr, vd, vm);
    for (unsigned i = 0;; i++) {
        put(v, vd, T(fn(get<T>(v, vm))));
        if (i == shape.len) break;
        vd = advance<T>(vd, shape.delta_d);
        vm = advance<T>(vm, shape.delta_m);
    }
}

FpStatus status_of(u32 fpscr) {
    FpStatus st;
    st.default_nan = (fpscr & Vfp::FPSCR_DN) != 0;
    st.flush_to_zero = (fpscr & Vfp::FPSCR_FZ) != 0;
    st.rmode = field(fpscr, Vfp::FPSCR_RMODE_SHIFT, 2);
    return st;
}

// The data-processing opcode p:q:r:s (bits 23, 21, 20, 6).
enum Opcode : unsigned {
    kMac = 0,   // Fd = Fd + Fn*Fm
    kNmac = 1,  // Fd = Fd - Fn*Fm
    kMsc = 2,   // Fd = -Fd + Fn*Fm
    kNmsc = 3,  // Fd = -Fd - Fn*Fm
    kMul = 4,   //
    kNmul = 5,  // Fd = -(Fn*Fm)
    kAdd = 6,   //
    kSub = 7,   //
    kDiv = 8,   //
    kExtension = 15,
};

// Extension opcodes, Fn:N (bits 19..16, 7) when the opcode is kExtension.
enum ExtOpcode : unsigned {
    kCpy = 0,
    kAbs = 1,
    kNeg = 2,
    kSqrt = 3,
    kCmp = 8,
    kCmpe = 9,
    kCmpz = 10,
    kCmpez = 11,
    kCvt = 15,  // FCVTDS (cp10) / FCVTSD (cp11)
    kUito = 16,
    kSito = 17,
    kToui = 24,
    kTouiz = 25,
    kTosi = 26,
    kTosiz = 27,
};

// The multiply-accumulate family computes the product, then negates operands with a plain sign
// flip (which also flips a NaN's sign) and adds, the order QEMU uses; it matters for NaNs.
template <typename T, typename Mul, typename Add, typename Neg>
T multiply_accumulate(unsigned op, T d, T n, T m, Mul mul, Add add, Neg neg) {
    const T p = mul(n, m);
    switch (op) {
        case kMac: return add(d, p);
        case kNmac: return add(d, neg(p));
        case kMsc: return add(neg(d), p);
        default: return add(neg(d), neg(p));  // kNmsc
    }
}

}  // namespace

VfpResult Vfp::execute(u32 insn, VfpHost& host, bool privileged) {
    // cond = 1111 is the ARMv5 unconditional space (CDP2, MCR2, ...): no VFP there.
    if (field(insn, 28, 4) == 0xf) return VfpResult::Undefined;
    const unsigned cp = field(insn, 8, 4);
    if (cp != 10 && cp != 11) return VfpResult::Undefined;
    switch (field(insn, 24, 4)) {
        case 0xe:
            if (!bit(insn, 4)) return data_processing(insn);
            if (cp == 10 && field(insn, 21, 3) == 7) return system_transfer(insn, host, privileged);
            return register_transfer(insn, host);
        case 0xc:
        case 0xd:
            if ((insn & 0x0fe00000) == 0x0c400000) return two_register_transfer(insn, host);
            if (bit(insn, 24) && !bit(insn, 21)) return load_store(insn, host);
            return load_store_multiple(insn, host);
        default: return VfpResult::Undefined;
    }
}

// FMRX Rd, <reg> / FMXR <reg>, Rd; FMSTAT is FMRX APSR_nzcv, FPSCR (Rd = 15).
VfpResult Vfp::system_transfer(u32 insn, VfpHost& host, bool privileged) {
    if ((insn & 0xef) != 0) return VfpResult::Undefined;  // N, bits 6..5 and CRm must be 0
    const unsigned reg = field(insn, 16, 4);
    const unsigned rt = field(insn, 12, 4);
    bool needs_enable = true;
    switch (reg) {
        // VFPv2 lets User mode read FPSID; VFPv3 would not.
        case FPSID: needs_enable = false; break;
        case FPSCR: break;
        case FPEXC:
            if (!privileged) return VfpResult::Undefined;
            needs_enable = false;
            break;
        case FPINST:
        case FPINST2:
            if (!privileged) return VfpResult::Undefined;
            break;
        // MVFR0/MVFR1 are absent before VFPv3/ARMv6T2-era cores.
        default: return VfpResult::Undefined;
    }
    if (needs_enable && !enabled()) return VfpResult::Undefined;

    if (bit(insn, 20)) {
        u32 v = 0;
        switch (reg) {
            case FPSID: v = state.fpsid; break;
            case FPSCR: v = state.fpscr; break;
            case FPEXC: v = state.fpexc; break;
            case FPINST: v = state.fpinst; break;
            default: v = state.fpinst2; break;
        }
        if (rt == 15)
            host.set_nzcv(v & FPSCR_NZCV);
        else
            host.set_core_reg(rt, v);
        return VfpResult::Ok;
    }
    const u32 v = host.core_reg(rt);
    switch (reg) {
        case FPSID: break;  // read-only; writes ignored
        case FPSCR: state.fpscr = v & FPSCR_WRITABLE; break;
        // Without the trapping subarchitecture only EN is kept (EX never sets).
        case FPEXC: state.fpexc = v & FPEXC_EN; break;
        case FPINST: state.fpinst = v; break;
        default: state.fpinst2 = v; break;
    }
    return VfpResult::Ok;
}

// FMRS Rd, Sn / FMSR Sn, Rd (cp10, opc1 0); FMRDL/FMRDH Rd, Dn and FMDLR/FMDHR Dn, Rd (cp11,
// opc1 0 = low word, 1 = high word).
VfpResult Vfp::register_transfer(u32 insn, VfpHost& host) {
    if ((insn & 0x6f) != 0) return VfpResult::Undefined;  // bits 6..5 and CRm must be 0
    const unsigned opc1 = field(insn, 21, 3);
    const unsigned rt = field(insn, 12, 4);
    const bool to_core = bit(insn, 20);
    unsigned sreg;
    if (field(insn, 8, 4) == 10) {
        if (opc1 != 0) return VfpResult::Undefined;
        sreg = sreg_n(insn);
    } else {
        // Other opc1 values are Neon scalar moves; N = 1 would name d16..d31.
        if (opc1 > 1 || bit(insn, 7)) return VfpResult::Undefined;
        if (to_core && rt == 15) return VfpResult::Undefined;
        sreg = 2 * field(insn, 16, 4) + opc1;
    }
    if (!enabled()) return VfpResult::Undefined;
    if (to_core) {
        // FMRS to r15 sets the flags, as QEMU does.
        if (rt == 15)
            host.set_nzcv(state.s[sreg] & FPSCR_NZCV);
        else
            host.set_core_reg(rt, state.s[sreg]);
    } else {
        state.s[sreg] = host.core_reg(rt);
    }
    return VfpResult::Ok;
}

// FMRRS Rd, Rn, {Sm, Sm+1} / FMSRR {Sm, Sm+1}, Rd, Rn (cp10);
// FMRRD Rd, Rn, Dm / FMDRR Dm, Rd, Rn (cp11). Rd takes the lower register / low word.
VfpResult Vfp::two_register_transfer(u32 insn, VfpHost& host) {
    if ((insn & 0xd0) != 0x10) return VfpResult::Undefined;  // bits 7..6 = 00, bit 4 = 1
    const unsigned rt = field(insn, 12, 4);
    const unsigned rt2 = field(insn, 16, 4);
    const bool to_core = bit(insn, 20);
    unsigned sreg;
    if (field(insn, 8, 4) == 10) {
        sreg = sreg_m(insn);
        if (sreg == 31) return VfpResult::Undefined;
    } else {
        if (bit(insn, 5)) return VfpResult::Undefined;
        sreg = 2 * field(insn, 0, 4);
    }
    if (to_core && (rt == 15 || rt2 == 15)) return VfpResult::Undefined;
    if (!enabled()) return VfpResult::Undefined;
    if (to_core) {
        host.set_core_reg(rt, state.s[sreg]);
        host.set_core_reg(rt2, state.s[sreg + 1]);
    } else {
        state.s[sreg] = host.core_reg(rt);
        state.s[sreg + 1] = host.core_reg(rt2);
    }
    return VfpResult::Ok;
}

// FLDS/FSTS Sd, [Rn, #+/-imm*4]; FLDD/FSTD Dd, [Rn, #+/-imm*4].
VfpResult Vfp::load_store(u32 insn, VfpHost& host) {
    const bool dp = field(insn, 8, 4) == 11;
    if (dp && bit(insn, 22)) return VfpResult::Undefined;
    if (!enabled()) return VfpResult::Undefined;
    const unsigned rn = field(insn, 16, 4);
    const u32 offset = field(insn, 0, 8) * 4;
    // A PC base is the word-aligned instruction address + 8.
    const u32 base = rn == 15 ? host.core_reg(15) & ~3u : host.core_reg(rn);
    const u32 addr = bit(insn, 23) ? base + offset : base - offset;
    const unsigned sreg = dp ? 2 * field(insn, 12, 4) : sreg_d(insn);
    const unsigned words = dp ? 2 : 1;
    if (bit(insn, 20)) {
        u32 v[2] = {};
        for (unsigned i = 0; i < words; i++)
            if (!host.load32(addr + 4 * i, &v[i])) return VfpResult::Aborted;
        for (unsigned i = 0; i < words; i++) state.s[sreg + i] = v[i];
    } else {
        for (unsigned i = 0; i < words; i++)
            if (!host.store32(addr + 4 * i, state.s[sreg + i])) return VfpResult::Aborted;
    }
    return VfpResult::Ok;
}

// FLDM/FSTM<IA|DB><S|D|X> Rn{!}, <list>. IA may or may not write back, DB always does. The
// X forms are the D forms with an odd word count: one more word, transferred by no register.
// Registers loaded before an abort keep their new values; the base is not written back.
VfpResult Vfp::load_store_multiple(u32 insn, VfpHost& host) {
    const bool pre = bit(insn, 24);
    const bool up = bit(insn, 23);
    const bool writeback = bit(insn, 21);
    // Only increment-after and decrement-before-with-writeback exist.
    if (pre == up) return VfpResult::Undefined;
    const unsigned rn = field(insn, 16, 4);
    if (rn == 15 && writeback) return VfpResult::Undefined;
    const bool dp = field(insn, 8, 4) == 11;
    const unsigned imm = field(insn, 0, 8);
    unsigned first, count;  // in 32-bit registers
    if (dp) {
        if (bit(insn, 22)) return VfpResult::Undefined;
        const unsigned n = imm >> 1;
        if (n == 0 || field(insn, 12, 4) + n > 16) return VfpResult::Undefined;
        first = 2 * field(insn, 12, 4);
        count = 2 * n;
    } else {
        first = sreg_d(insn);
        count = imm;
        if (count == 0 || first + count > 32) return VfpResult::Undefined;
    }
    if (!enabled()) return VfpResult::Undefined;

    const u32 base = rn == 15 ? host.core_reg(15) & ~3u : host.core_reg(rn);
    const u32 start = pre ? base - imm * 4 : base;
    const bool load = bit(insn, 20);
    for (unsigned i = 0; i < count; i += dp ? 2 : 1) {
        const u32 addr = start + 4 * i;
        if (load) {
            // A double is committed only when both halves arrived.
            u32 lo = 0, hi = 0;
            if (!host.load32(addr, &lo)) return VfpResult::Aborted;
            if (dp && !host.load32(addr + 4, &hi)) return VfpResult::Aborted;
            state.s[first + i] = lo;
            if (dp) state.s[first + i + 1] = hi;
        } else {
            if (!host.store32(addr, state.s[first + i])) return VfpResult::Aborted;
            if (dp && !host.store32(addr + 4, state.s[first + i + 1])) return VfpResult::Aborted;
        }
    }
    if (writeback) host.set_core_reg(rn, pre ? base - imm * 4 : base + imm * 4);
    return VfpResult::Ok;
}

VfpResult Vfp::data_processing(u32 insn) {
    if (!enabled()) return VfpResult::Undefined;
    return field(insn, 8, 4) == 10 ? data_processing_s(insn) : data_processing_d(insn);
}

VfpResult Vfp::data_processing_s(u32 insn) {
    using namespace vfp;
    const unsigned op = bit(insn, 23) << 3 | bit(insn, 21) << 2 | bit(insn, 20) << 1 | bit(insn, 6);
    const unsigned sd = sreg_d(insn), sn = sreg_n(insn), sm = sreg_m(insn);
    FpStatus st = status_of(state.fpscr);
    auto add = [&](u32 a, u32 b) { return f32_add(a, b, st); };
    auto mul = [&](u32 a, u32 b) { return f32_mul(a, b, st); };

    switch (op) {
        // FMAC, FNMAC, FMSC, FNMSC Sd, Sn, Sm
        case kMac:
        case kNmac:
        case kMsc:
        case kNmsc:
            run_3op<u32>(*this, sd, sn, sm, [&](u32 d, u32 n, u32 m) {
                return multiply_accumulate<u32>(op, d, n, m, mul, add, f32_neg);
            });
            break;
        // FMULS / FNMULS / FADDS / FSUBS / FDIVS Sd, Sn, Sm
        case kMul:
            run_3op<u32>(*this, sd, sn, sm, [&](u32, u32 n, u32 m) { return mul(n, m); });
            break;
        case kNmul:
            run_3op<u32>(*this, sd, sn, sm, [&](u32, u32 n, u32 m) { return f32_neg(mul(n, m)); });
            break;
        case kAdd:
            run_3op<u32>(*this, sd, sn, sm, [&](u32, u32 n, u32 m) { return add(n, m); });
            break;
        case kSub:
            run_3op<u32>(*this, sd, sn, sm, [&](u32, u32 n, u32 m) { return f32_sub(n, m, st); });
            break;
        case kDiv:
            run_3op<u32>(*this, sd, sn, sm, [&](u32, u32 n, u32 m) { return f32_div(n, m, st); });
            break;
        case kExtension:
            switch (field(insn, 16, 4) << 1 | bit(insn, 7)) {
                // FCPYS / FABSS / FNEGS / FSQRTS Sd, Sm
                case kCpy: run_2op<u32>(*this, sd, sm, [](u32 m) { return m; }); break;
                case kAbs: run_2op<u32>(*this, sd, sm, f32_abs); break;
                case kNeg: run_2op<u32>(*this, sd, sm, f32_neg); break;
                case kSqrt:
                    run_2op<u32>(*this, sd, sm, [&](u32 m) { return f32_sqrt(m, st); });
                    break;
                // FCMP{E}S Sd, Sm / FCMP{E}ZS Sd
                case kCmp:
                case kCmpe:
                case kCmpz:
                case kCmpez: {
                    const bool zero = bit(insn, 16);
                    if (zero && sm != 0) return VfpResult::Undefined;
                    const u32 nzcv =
                        f32_compare(state.s[sd], zero ? 0 : state.s[sm], bit(insn, 7), st);
                    state.fpscr = (state.fpscr & ~FPSCR_NZCV) | nzcv << 28;
                    break;
                }
                // FCVTDS Dd, Sm
                case kCvt:
                    if (bit(insn, 22)) return VfpResult::Undefined;
                    set_d(field(insn, 12, 4), f32_to_f64(state.s[sm], st));
                    break;
                // FUITOS / FSITOS Sd, Sm
                case kUito: state.s[sd] = u32_to_f32(state.s[sm], st); break;
                case kSito: state.s[sd] = i32_to_f32(state.s[sm], st); break;
                // FTOUI{Z}S / FTOSI{Z}S Sd, Sm
                case kToui:
                case kTouiz: state.s[sd] = f32_to_u32(state.s[sm], bit(insn, 7), st); break;
                case kTosi:
                case kTosiz: state.s[sd] = f32_to_i32(state.s[sm], bit(insn, 7), st); break;
                default: return VfpResult::Undefined;
            }
            break;
        default: return VfpResult::Undefined;
    }
    state.fpscr |= st.flags;
    return VfpResult::Ok;
}

VfpResult Vfp::data_processing_d(u32 insn) {
    using namespace vfp;
    const unsigned op = bit(insn, 23) << 3 | bit(insn, 21) << 2 | bit(insn, 20) << 1 | bit(insn, 6);
    const unsigned dd = dreg_d(insn), dn = dreg_n(insn), dm = dreg_m(insn);
    FpStatus st = status_of(state.fpscr);
    auto add = [&](u64 a, u64 b) { return f64_add(a, b, st); };
    auto mul = [&](u64 a, u64 b) { return f64_mul(a, b, st); };
    // VFPv2 has d0..d15 only: a set D, N or M bit on a double operand is UNDEFINED.
    const bool bad_d = dd >= 16, bad_m = dm >= 16;

    switch (op) {
        // FMAC, FNMAC, FMSC, FNMSC Dd, Dn, Dm
        case kMac:
        case kNmac:
        case kMsc:
        case kNmsc:
        case kMul:
        case kNmul:
        case kAdd:
        case kSub:
        case kDiv:
            if (bad_d || dn >= 16 || bad_m) return VfpResult::Undefined;
            break;
        default: break;
    }

    switch (op) {
        case kMac:
        case kNmac:
        case kMsc:
        case kNmsc:
            run_3op<u64>(*this, dd, dn, dm, [&](u64 d, u64 n, u64 m) {
                return multiply_accumulate<u64>(op, d, n, m, mul, add, f64_neg);
            });
            break;
        // FMULD / FNMULD / FADDD / FSUBD / FDIVD Dd, Dn, Dm
        case kMul:
            run_3op<u64>(*this, dd, dn, dm, [&](u64, u64 n, u64 m) { return mul(n, m); });
            break;
        case kNmul:
            run_3op<u64>(*this, dd, dn, dm, [&](u64, u64 n, u64 m) { return f64_neg(mul(n, m)); });
            break;
        case kAdd:
            run_3op<u64>(*this, dd, dn, dm, [&](u64, u64 n, u64 m) { return add(n, m); });
            break;
        case kSub:
            run_3op<u64>(*this, dd, dn, dm, [&](u64, u64 n, u64 m) { return f64_sub(n, m, st); });
            break;
        case kDiv:
            run_3op<u64>(*this, dd, dn, dm, [&](u64, u64 n, u64 m) { return f64_div(n, m, st); });
            break;
        case kExtension:
            switch (field(insn, 16, 4) << 1 | bit(insn, 7)) {
                // FCPYD / FABSD / FNEGD / FSQRTD Dd, Dm
                case kCpy:
                case kAbs:
                case kNeg:
                case kSqrt: {
                    if (bad_d || bad_m) return VfpResult::Undefined;
                    const unsigned ext = field(insn, 16, 4) << 1 | bit(insn, 7);
                    if (ext == kCpy) run_2op<u64>(*this, dd, dm, [](u64 m) { return m; });
                    if (ext == kAbs) run_2op<u64>(*this, dd, dm, f64_abs);
                    if (ext == kNeg) run_2op<u64>(*this, dd, dm, f64_neg);
                    if (ext == kSqrt)
                        run_2op<u64>(*this, dd, dm, [&](u64 m) { return f64_sqrt(m, st); });
                    break;
                }
                // FCMP{E}D Dd, Dm / FCMP{E}ZD Dd
                case kCmp:
                case kCmpe:
                case kCmpz:
                case kCmpez: {
                    const bool zero = bit(insn, 16);
                    if (bad_d || (zero ? dm != 0 : bad_m)) return VfpResult::Undefined;
                    const u32 nzcv = f64_compare(d(dd), zero ? 0 : d(dm), bit(insn, 7), st);
                    state.fpscr = (state.fpscr & ~FPSCR_NZCV) | nzcv << 28;
                    break;
                }
                // FCVTSD Sd, Dm
                case kCvt:
                    if (bad_m) return VfpResult::Undefined;
                    state.s[sreg_d(insn)] = f64_to_f32(d(dm), st);
                    break;
                // FUITOD / FSITOD Dd, Sm
                case kUito:
                    if (bad_d) return VfpResult::Undefined;
                    set_d(dd, u32_to_f64(state.s[sreg_m(insn)], st));
                    break;
                case kSito:
                    if (bad_d) return VfpResult::Undefined;
                    set_d(dd, i32_to_f64(state.s[sreg_m(insn)], st));
                    break;
                // FTOUI{Z}D / FTOSI{Z}D Sd, Dm
                case kToui:
                case kTouiz:
                    if (bad_m) return VfpResult::Undefined;
                    state.s[sreg_d(insn)] = f64_to_u32(d(dm), bit(insn, 7), st);
                    break;
                case kTosi:
                case kTosiz:
                    if (bad_m) return VfpResult::Undefined;
                    state.s[sreg_d(insn)] = f64_to_i32(d(dm), bit(insn, 7), st);
                    break;
                default: return VfpResult::Undefined;
            }
            break;
        default: return VfpResult::Undefined;
    }
    state.fpscr |= st.flags;
    return VfpResult::Ok;
}

}  // namespace bw::arm
