// VFPv2 arithmetic on bit patterns: ARM NaN, flush-to-zero and flag rules over host IEEE 754
// arithmetic. See vfp_arith.h for what is exact and what is not.
//
// Ordering against <cfenv>: GCC ignores `#pragma STDC FENV_ACCESS`, so every host operation reads
// its operands from and writes its result to volatile variables. Volatile accesses are not moved
// across the (opaque) fesetround/feclearexcept/fetestexcept calls, and the arithmetic sits
// between a volatile load and a volatile store, so it cannot be hoisted or constant-folded either.
#include "core/cpu/arm/vfp_arith.h"

#include <bit>
#include <cmath>
#include <utility>

#include "core/cpu/host_fpu.h"

#ifdef __clang__
#pragma STDC FENV_ACCESS ON
#endif

namespace bw::arm::vfp {
namespace {

template <typename F>
struct Fmt;
template <>
struct Fmt<float> {
    using Bits = u32;
    static constexpr Bits kSign = 0x80000000u;
    static constexpr Bits kExp = 0x7f800000u;
    static constexpr Bits kFrac = 0x007fffffu;
    static constexpr Bits kQuiet = 0x00400000u;
    static constexpr Bits kDefaultNan = kDefaultNan32;
};
template <>
struct Fmt<double> {
    using Bits = u64;
    static constexpr Bits kSign = 0x8000000000000000ull;
    static constexpr Bits kExp = 0x7ff0000000000000ull;
    static constexpr Bits kFrac = 0x000fffffffffffffull;
    static constexpr Bits kQuiet = 0x0008000000000000ull;
    static constexpr Bits kDefaultNan = kDefaultNan64;
};
template <typename F>
using Bits = typename Fmt<F>::Bits;

template <typename F>
bool is_nan(Bits<F> a) {
    return (a & ~Fmt<F>::kSign) > Fmt<F>::kExp;
}
template <typename F>
bool is_snan(Bits<F> a) {
    return is_nan<F>(a) && !(a & Fmt<F>::kQuiet);
}
template <typename F>
bool is_denormal(Bits<F> a) {
    return (a & Fmt<F>::kExp) == 0 && (a & Fmt<F>::kFrac) != 0;
}
template <typename F>
bool is_zero(Bits<F> a) {
    return (a & ~Fmt<F>::kSign) == 0;
}
template <typename F>
bool is_inf(Bits<F> a) {
    return (a & ~Fmt<F>::kSign) == Fmt<F>::kExp;
}

// FZ: a denormal operand reads as a zero of the same sign and sets IDC.
template <typename F>
Bits<F> flush_input(Bits<F> a, FpStatus& st) {
    if (st.flush_to_zero && is_denormal<F>(a)) {
        st.flags |= FPSCR_IDC;
        return a & Fmt<F>::kSign;
    }
    return a;
}

// At least one operand is a NaN. ARM picks the first signalling NaN, else the first quiet one,
// and returns it quietened; with DN set the default NaN instead. Any signalling NaN sets IOC.
template <typename F>
Bits<F> propagate_nan(Bits<F> a, Bits<F> b, FpStatus& st) {
    if (is_snan<F>(a) || is_snan<F>(b)) st.flags |= FPSCR_IOC;
    if (st.default_nan) return Fmt<F>::kDefaultNan;
    Bits<F> pick;
    if (is_snan<F>(a))
        pick = a;
    else if (is_snan<F>(b))
        pick = b;
    else if (is_nan<F>(a))
        pick = a;
    else
        pick = b;
    return pick | Fmt<F>::kQuiet;
}

// The FPSCR RMode field as a host rounding mode.
host_fpu::Rounding rounding(unsigned rmode) {
    switch (rmode & 3) {
        case kRoundPlusInf: return host_fpu::Rounding::Up;
        case kRoundMinusInf: return host_fpu::Rounding::Down;
        case kRoundZero: return host_fpu::Rounding::TowardZero;
        default: return host_fpu::Rounding::Nearest;
    }
}

// IEEE exceptions as FPSCR cumulative flags.
u32 fpscr_flags(unsigned ex) {
    return (ex & host_fpu::kInvalid ? FPSCR_IOC : 0) |
           (ex & host_fpu::kDivideByZero ? FPSCR_DZC : 0) |
           (ex & host_fpu::kOverflow ? FPSCR_OFC : 0) |
           (ex & host_fpu::kUnderflow ? FPSCR_UFC : 0) | (ex & host_fpu::kInexact ? FPSCR_IXC : 0);
}

// Runs |op| on the host FPU under |rmode|; returns the FPSCR flags it raised.
template <typename Op>
u32 run_host(unsigned rmode, Op&& op) {
    return fpscr_flags(host_fpu::run(rounding(rmode), std::forward<Op>(op)));
}

// Turns a host result and its flags into the ARM result: a NaN made from non-NaN operands is an
// invalid operation and gives the default NaN; under FZ a tiny result becomes a signed zero and
// sets UFC alone (no IXC), as on ARM.
template <typename F>
Bits<F> finish(F r, u32 flags, FpStatus& st) {
    Bits<F> bits = std::bit_cast<Bits<F>>(r);
    if (is_nan<F>(bits)) {
        bits = Fmt<F>::kDefaultNan;
        flags |= FPSCR_IOC;
    }
    if (st.flush_to_zero && (is_denormal<F>(bits) || ((flags & FPSCR_UFC) && is_zero<F>(bits)))) {
        bits &= Fmt<F>::kSign;
        flags = (flags & ~(FPSCR_UFC | FPSCR_IXC)) | FPSCR_UFC;
    }
    st.flags |= flags;
    return bits;
}

template <typename F, typename Op>
Bits<F> binary(Bits<F> a, Bits<F> b, FpStatus& st, Op op) {
    a = flush_input<F>(a, st);
    b = flush_input<F>(b, st);
    if (is_nan<F>(a) || is_nan<F>(b)) return propagate_nan<F>(a, b, st);
    volatile F va = std::bit_cast<F>(a);
    volatile F vb = std::bit_cast<F>(b);
    volatile F vr = 0;
    const u32 ex = run_host(st.rmode, [&] { vr = op(va, vb); });
    return finish<F>(vr, ex, st);
}

template <typename F>
Bits<F> divide(Bits<F> a, Bits<F> b, FpStatus& st) {
    const Bits<F> fa = flush_input<F>(a, st);
    const Bits<F> fb = flush_input<F>(b, st);
    // Derived here as well as read from the host, for hosts without exception flags.
    if (!is_nan<F>(fa) && !is_inf<F>(fa) && !is_zero<F>(fa) && is_zero<F>(fb))
        st.flags |= FPSCR_DZC;
    return binary<F>(fa, fb, st, [](F x, F y) { return x / y; });
}

template <typename F>
Bits<F> square_root(Bits<F> a, FpStatus& st) {
    a = flush_input<F>(a, st);
    if (is_nan<F>(a)) return propagate_nan<F>(a, a, st);
    if ((a & Fmt<F>::kSign) && !is_zero<F>(a)) {
        st.flags |= FPSCR_IOC;
        return Fmt<F>::kDefaultNan;
    }
    volatile F va = std::bit_cast<F>(a);
    volatile F vr = 0;
    const u32 ex = run_host(st.rmode, [&] { vr = std::sqrt(F(va)); });
    return finish<F>(vr, ex, st);
}

template <typename F>
u32 compare(Bits<F> a, Bits<F> b, bool signal_nan, FpStatus& st) {
    a = flush_input<F>(a, st);
    b = flush_input<F>(b, st);
    if (is_nan<F>(a) || is_nan<F>(b)) {
        if (signal_nan || is_snan<F>(a) || is_snan<F>(b)) st.flags |= FPSCR_IOC;
        return 0x3;
    }
    const F x = std::bit_cast<F>(a);
    const F y = std::bit_cast<F>(b);
    if (x == y) return 0x6;
    if (x < y) return 0x8;
    return 0x2;
}

template <typename F, typename I>
Bits<F> from_int(I v, FpStatus& st) {
    volatile I vi = v;
    volatile F vr = 0;
    const u32 ex = run_host(st.rmode, [&] { vr = static_cast<F>(I(vi)); });
    return finish<F>(vr, ex, st);
}

// Float to 32-bit integer done without the host FPU: the value is exact in double, and so are
// its integer part and fraction, so each rounding mode is a decision on the fraction.
template <typename F>
u32 to_int(Bits<F> a, bool is_signed, bool round_zero, FpStatus& st) {
    a = flush_input<F>(a, st);
    if (is_nan<F>(a)) {
        st.flags |= FPSCR_IOC;
        return 0;
    }
    const double x = static_cast<double>(std::bit_cast<F>(a));
    const double t = std::trunc(x);
    const double frac = x - t;
    double r = t;
    if (frac != 0) {
        switch (round_zero ? unsigned(kRoundZero) : st.rmode & 3) {
            case kRoundNearest: {
                const double half = std::fabs(frac);
                if (half > 0.5 || (half == 0.5 && std::fmod(t, 2.0) != 0))
                    r = t + (x < 0 ? -1.0 : 1.0);
                break;
            }
            case kRoundPlusInf:
                if (frac > 0) r = t + 1.0;
                break;
            case kRoundMinusInf:
                if (frac < 0) r = t - 1.0;
                break;
            default: break;
        }
    }
    // Saturation reports IOC alone; an in-range result that lost a fraction reports IXC.
    const u32 inexact = (frac != 0 && !std::isinf(x)) ? u32(FPSCR_IXC) : 0u;
    if (is_signed) {
        if (r < -2147483648.0) {
            st.flags |= FPSCR_IOC;
            return 0x80000000u;
        }
        if (r > 2147483647.0) {
            st.flags |= FPSCR_IOC;
            return 0x7fffffffu;
        }
        st.flags |= inexact;
        return static_cast<u32>(static_cast<i32>(r));
    }
    if (r == 0) {
        st.flags |= inexact;
        return 0;
    }
    if (r < 0) {
        st.flags |= FPSCR_IOC;
        return 0;
    }
    if (r > 4294967295.0) {
        st.flags |= FPSCR_IOC;
        return 0xffffffffu;
    }
    st.flags |= inexact;
    return static_cast<u32>(r);
}

}  // namespace

u32 f32_add(u32 a, u32 b, FpStatus& st) {
    return binary<float>(a, b, st, [](float x, float y) { return x + y; });
}
u32 f32_sub(u32 a, u32 b, FpStatus& st) {
    return binary<float>(a, b, st, [](float x, float y) { return x - y; });
}
u32 f32_mul(u32 a, u32 b, FpStatus& st) {
    return binary<float>(a, b, st, [](float x, float y) { return x * y; });
}
u32 f32_div(u32 a, u32 b, FpStatus& st) { return divide<float>(a, b, st); }
u32 f32_sqrt(u32 a, FpStatus& st) { return square_root<float>(a, st); }

u64 f64_add(u64 a, u64 b, FpStatus& st) {
    return binary<double>(a, b, st, [](double x, double y) { return x + y; });
}
u64 f64_sub(u64 a, u64 b, FpStatus& st) {
    return binary<double>(a, b, st, [](double x, double y) { return x - y; });
}
u64 f64_mul(u64 a, u64 b, FpStatus& st) {
    return binary<double>(a, b, st, [](double x, double y) { return x * y; });
}
u64 f64_div(u64 a, u64 b, FpStatus& st) { return divide<double>(a, b, st); }
u64 f64_sqrt(u64 a, FpStatus& st) { return square_root<double>(a, st); }

u32 f32_compare(u32 a, u32 b, bool signal_nan, FpStatus& st) {
    return compare<float>(a, b, signal_nan, st);
}
u32 f64_compare(u64 a, u64 b, bool signal_nan, FpStatus& st) {
    return compare<double>(a, b, signal_nan, st);
}

u64 f32_to_f64(u32 a, FpStatus& st) {
    a = flush_input<float>(a, st);
    if (is_nan<float>(a)) {
        if (is_snan<float>(a)) st.flags |= FPSCR_IOC;
        if (st.default_nan) return kDefaultNan64;
        // The payload moves to the top of the wider fraction.
        return (u64(a & Fmt<float>::kSign) << 32) | Fmt<double>::kExp | Fmt<double>::kQuiet |
               (u64(a & Fmt<float>::kFrac) << 29);
    }
    // Every float is exact as a double: no rounding, no flags.
    return std::bit_cast<u64>(static_cast<double>(std::bit_cast<float>(a)));
}

u32 f64_to_f32(u64 a, FpStatus& st) {
    a = flush_input<double>(a, st);
    if (is_nan<double>(a)) {
        if (is_snan<double>(a)) st.flags |= FPSCR_IOC;
        if (st.default_nan) return kDefaultNan32;
        // The top of the payload survives; the low 29 bits are lost.
        return u32(a >> 32 & Fmt<float>::kSign) | Fmt<float>::kExp | Fmt<float>::kQuiet |
               u32((a & Fmt<double>::kFrac) >> 29);
    }
    volatile double va = std::bit_cast<double>(a);
    volatile float vr = 0;
    const u32 ex = run_host(st.rmode, [&] { vr = static_cast<float>(double(va)); });
    return finish<float>(vr, ex, st);
}

// Unsigned sources go through i64 so the host converts with a single rounding.
u32 u32_to_f32(u32 a, FpStatus& st) { return from_int<float, i64>(i64(a), st); }
u32 i32_to_f32(u32 a, FpStatus& st) { return from_int<float, i32>(i32(a), st); }
u64 u32_to_f64(u32 a, FpStatus& st) { return from_int<double, i64>(i64(a), st); }
u64 i32_to_f64(u32 a, FpStatus& st) { return from_int<double, i32>(i32(a), st); }

u32 f32_to_u32(u32 a, bool round_zero, FpStatus& st) {
    return to_int<float>(a, false, round_zero, st);
}
u32 f32_to_i32(u32 a, bool round_zero, FpStatus& st) {
    return to_int<float>(a, true, round_zero, st);
}
u32 f64_to_u32(u64 a, bool round_zero, FpStatus& st) {
    return to_int<double>(a, false, round_zero, st);
}
u32 f64_to_i32(u64 a, bool round_zero, FpStatus& st) {
    return to_int<double>(a, true, round_zero, st);
}

}  // namespace bw::arm::vfp
